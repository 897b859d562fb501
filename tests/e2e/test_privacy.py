"""Privacy through the running assistant: nothing a client typed is readable in the database
files or the logs, and "delete my data" leaves no tracker behind."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, exc, inspect, text

from bot import build
from bot.config import settings_from_env
from tests.e2e.stack import Stack, start_stack
from tests.integration.conftest import LOCAL_POSTGRES_URLS, new_database, postgres_admin_url  # noqa: F401


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def own_stack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A stack of its own at the production log level (INFO), whose action server a test stops:
    intakes and Rasa's events in SQLite files, then both in a fresh PostgreSQL database
    (required on CI; skipped elsewhere when PostgreSQL is absent)."""
    model = build.model_path(settings_from_env())
    if not model.exists():
        reason = f"no trained model for the current inputs ({model.name}): run `make train` first"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp(f"privacy-{request.param}")
    if request.param == "postgresql" and not _postgres_reachable():
        pytest.skip("PostgreSQL is not reachable (set TEST_POSTGRES_URL)")
    with (
        new_database(request.param, request=request, tmp_path=folder) as url,
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setenv("E2E_LOG_LEVEL", "INFO")
        tracker_url = url if request.param == "postgresql" else None
        running = start_stack(folder, database_url=url, tracker_url=tracker_url)
        yield running
        running.close()


def _postgres_reachable() -> bool:
    if os.environ.get("CI") == "true" or os.environ.get("TEST_POSTGRES_URL"):
        return True  # and new_database fails loudly if it is not there
    engine = create_engine(LOCAL_POSTGRES_URLS[0], future=True, connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            return True
    except exc.DBAPIError:
        return False
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def markers() -> list[str]:
    """Every unique phrase a test below types; the log test looks for all of them."""
    return []


def unique(markers: list[str], stem: str) -> str:
    phrase = f"{stem}{uuid.uuid4().hex[:8]}"
    markers.append(phrase)
    return phrase


def var_dir(stack: Stack) -> Path:
    return Path(stack.env["INTAKE_VAR_DIR"])


def raw_hits(stack: Stack, phrase: str) -> list[str]:
    """The SQLite files byte for byte, and every PostgreSQL row read as text."""
    needle = phrase.lower()
    hits = [str(f) for f in var_dir(stack).rglob("*.db*") if needle.encode() in f.read_bytes().lower()]
    url = stack.env["DATABASE_URL"]
    if url.startswith("postgresql"):
        engine = create_engine(url, future=True)
        try:
            with engine.connect() as connection:
                for table in inspect(connection).get_table_names():
                    found = connection.execute(
                        text(f'SELECT count(*) FROM "{table}" AS t WHERE lower(t::text) LIKE :p'),
                        {"p": f"%{needle}%"},
                    ).scalar_one()
                    hits += [f"{table}: {found}"] if found else []
        finally:
            engine.dispose()
    return hits


def tracker_rows(stack: Stack, conversation_id: str) -> int:
    engine = create_engine(stack.env["TRACKER_URL"], future=True)
    try:
        with engine.connect() as connection:
            return connection.execute(
                text("SELECT count(*) FROM events WHERE sender_id = :c"), {"c": conversation_id}
            ).scalar_one()
    finally:
        engine.dispose()


def test_a_conversation_leaves_nothing_readable_in_the_database_files(
    own_stack: Stack, markers: list[str]
) -> None:
    conversation_id = f"e2e-privacy-{uuid.uuid4().hex[:8]}"
    name = unique(markers, "Zq")
    phrase = unique(markers, "quokka-phrase-")
    for message in ("hi", "yes", "44", f"Test {name}", f"my pronouns are {phrase}"):
        own_stack.send(conversation_id, message)

    code, summary, _ = own_stack.export(conversation_id)

    assert code == 0 and name.lower() in summary["client"]["preferred_name"].lower()
    assert phrase in str(summary["transcript"])
    assert tracker_rows(own_stack, conversation_id) > 0
    assert raw_hits(own_stack, name) == []
    assert raw_hits(own_stack, phrase) == []


def test_delete_my_data_leaves_no_tracker_event_and_the_next_message_starts_afresh(
    own_stack: Stack, markers: list[str]
) -> None:
    conversation_id = f"e2e-privacy-delete-{uuid.uuid4().hex[:8]}"
    name = unique(markers, "Zd")
    for message in ("hi", "yes", "39", f"Test {name}"):
        own_stack.send(conversation_id, message)
    assert tracker_rows(own_stack, conversation_id) > 0

    own_stack.send(conversation_id, "please delete my data")
    own_stack.send(conversation_id, "yes")

    assert tracker_rows(own_stack, conversation_id) == 0
    assert own_stack.export(conversation_id)[0] == 1
    own_stack.send(conversation_id, "hi")
    assert name.lower() not in str(own_stack.tracker(conversation_id)["events"]).lower()


def test_the_logs_hold_none_of_the_answers_even_when_the_action_server_fails(
    own_stack: Stack, markers: list[str]
) -> None:
    conversation_id = f"e2e-privacy-down-{uuid.uuid4().hex[:8]}"
    for message in ("hi", "yes", "52"):
        own_stack.send(conversation_id, message)
    own_stack.stop_actions()

    own_stack.send(conversation_id, f"Test {unique(markers, 'Zl')}")
    own_stack.send(conversation_id, f"it is {unique(markers, 'walrus-answer-')} really")

    logs = {
        path.name: path.read_text(errors="replace").lower()
        for path in (var_dir(own_stack) / "logs").glob("*")
    }
    assert "error" in logs["rasa.log"]  # the failure was logged...
    leaks = {(name, marker) for name, text in logs.items() for marker in markers if marker.lower() in text}
    assert leaks == set()  # ...without a word of what anyone typed
