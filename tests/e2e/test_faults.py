"""Faults injected while conversations run against the real stack: the action server stopped,
PostgreSQL cut off for 30 seconds (through a TCP proxy, never the machine's server), Rasa
restarted mid-conversation, and two messages of one conversation at once. Nothing the client
was told had arrived is ever lost."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from sqlalchemy.engine import make_url

from bot.channel import ONE_MOMENT
from tests.e2e.clients import ALPHA
from tests.e2e.faults import play, postgres_database, require_model, require_redis, user_texts, wrong_fields
from tests.e2e.stack import Stack, start_stack
from tests.e2e.tcp_proxy import TcpProxy
from tests.integration.conftest import postgres_admin_url  # noqa: F401 - the fixture, for new_database

pytestmark = pytest.mark.slow

OUTAGE_SECONDS = 30
RETRY_SECONDS = 12  # how long the tracker store waits for the database (TRACKER_RETRY_SECONDS)


@pytest.fixture(scope="module")
def database_proxy(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, TcpProxy]]:
    """A fresh PostgreSQL database, reached only through a proxy the tests can cut or take down."""
    require_model()
    with postgres_database(request, tmp_path_factory.mktemp("faults-db")) as url:
        real = make_url(url)
        proxy = TcpProxy([(real.host or "127.0.0.1", real.port or 5432)])
        yield real.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False), proxy
        proxy.close()


@pytest.fixture(scope="module")
def stack(database_proxy: tuple[str, TcpProxy], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    url, _proxy = database_proxy
    running = start_stack(
        tmp_path_factory.mktemp("faults"),
        database_url=url,
        tracker_url=url,
        redis_url=require_redis(),
        extra_env={"TRACKER_RETRY_SECONDS": str(RETRY_SECONDS), "E2E_LOG_LEVEL": "INFO"},
    )
    yield running
    running.close()


def new_conversation(stem: str) -> str:
    return f"e2e-fault-{stem}-{uuid.uuid4().hex[:8]}"


def send_status(stack: Stack, conversation_id: str, text: str) -> int:
    return requests.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": conversation_id, "message": text},
        timeout=120,
    ).status_code


def transcript_texts(summary: dict[str, Any]) -> list[str]:
    return [turn["text"] for turn in summary["transcript"] if turn["speaker"] == "client"]


def test_with_the_action_server_down_the_client_hears_one_moment_and_the_summary_catches_up(
    stack: Stack,
) -> None:
    conversation_id = new_conversation("actions")
    for message in ("hi", "yes", "45"):
        stack.send(conversation_id, message)
    assert stack.tracker(conversation_id)["slots"]["requested_slot"] == "preferred_name"
    stack.stop_actions()

    replies = stack.send(conversation_id, "my name is Testa Downtime")

    assert [reply.get("text") for reply in replies] == [ONE_MOMENT]
    assert "my name is Testa Downtime" in user_texts(stack, conversation_id)  # kept in the tracker
    stack.restart("actions")
    stack.send(conversation_id, "Testa")
    code, summary, stderr = stack.export(conversation_id)
    assert code == 0, stderr
    assert "my name is Testa Downtime" in transcript_texts(summary)
    assert summary["client"]["preferred_name"] == "Testa" and summary["client"]["age"] == 45


def test_postgresql_connections_cut_mid_conversation_lose_nothing(
    stack: Stack, database_proxy: tuple[str, TcpProxy]
) -> None:
    _url, proxy = database_proxy
    conversation_id = new_conversation("cut")
    # (Not "Testa Cut": the classifier reads that name as a crisis word; see the closing note.)
    before = ["hi", "yes", "33", "Testa Proxy"]
    after = ["she/her", "test.cut@example.test"]
    for message in before:
        stack.send(conversation_id, message)

    proxy.cut()
    for message in after:
        stack.send(conversation_id, message)

    assert user_texts(stack, conversation_id) == before + after  # each once, in order
    code, summary, stderr = stack.export(conversation_id)
    assert code == 0, stderr
    assert transcript_texts(summary)[-len(after) :] == after
    assert (summary["client"]["preferred_name"], summary["client"]["age"]) == ("Testa Proxy", 33)


def test_a_30_second_database_outage_loses_nothing_acknowledged_and_fails_loudly_past_the_retry_bound(
    stack: Stack, database_proxy: tuple[str, TcpProxy]
) -> None:
    _url, proxy = database_proxy
    conversation_id = new_conversation("outage")
    for message in ("hi", "yes", "52"):
        stack.send(conversation_id, message)
    statuses: dict[str, int] = {}

    def send_later(delay: float, text: str) -> threading.Thread:
        def run() -> None:
            time.sleep(delay)
            statuses[text] = send_status(stack, conversation_id, text)

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    proxy.down()
    # Sent at once: the database stays down longer than the store waits, so the client is told.
    early = send_later(0.5, "Testa Early")
    # Sent late in the outage: the store's retries outlast it and the message goes through.
    late = send_later(OUTAGE_SECONDS - RETRY_SECONDS / 2, "Testa Late")
    time.sleep(OUTAGE_SECONDS)
    proxy.up()
    early.join(timeout=120)
    late.join(timeout=120)

    assert statuses == {"Testa Early": 503, "Testa Late": 200}
    texts = user_texts(stack, conversation_id)
    assert texts.count("Testa Late") == 1 and "Testa Early" not in texts
    stack.send(conversation_id, "they/them")  # the next answer saves the whole summary again
    code, summary, stderr = stack.export(conversation_id)
    assert code == 0, stderr
    assert summary["client"]["preferred_name"] == "Testa Late"
    assert transcript_texts(summary)[-2:] == ["Testa Late", "they/them"]


def test_two_messages_of_one_conversation_at_once_are_handled_one_after_the_other_once_each(
    stack: Stack,
) -> None:
    conversation_id = new_conversation("double")
    for message in ("hi", "yes"):
        stack.send(conversation_id, message)
    barrier = threading.Barrier(2)
    statuses = []

    def click(text: str) -> None:
        barrier.wait()
        statuses.append(send_status(stack, conversation_id, text))

    threads = [threading.Thread(target=click, args=(text,)) for text in ("38", "38 years old")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert statuses == [200, 200]
    events = stack.tracker(conversation_id)["events"]
    users = [index for index, event in enumerate(events) if event.get("event") == "user"]
    assert [events[index]["text"] for index in users].count("38") == 1
    assert [events[index]["text"] for index in users].count("38 years old") == 1
    # Handled in turn: the assistant answered the first before the second was read.
    between = events[users[-2] + 1 : users[-1]]
    assert any(event.get("event") == "bot" for event in between)
    assert between[-1].get("event") == "action" and between[-1].get("name") == "action_listen"


def test_rasa_restarted_mid_conversation_resumes_at_the_same_question(stack: Stack) -> None:
    conversation_id = new_conversation("restart")
    play(stack, ALPHA, conversation_id, first_turns=6)
    asked_before = stack.tracker(conversation_id)["slots"]["requested_slot"]

    stack.restart("rasa")

    assert stack.tracker(conversation_id)["slots"]["requested_slot"] == asked_before
    play(stack, ALPHA, conversation_id, start=False)
    code, summary, stderr = stack.export(conversation_id)
    assert code == 0, stderr
    assert summary["status"] == "complete"
    assert wrong_fields(summary, ALPHA) == {}
