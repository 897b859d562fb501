"""Real databases for the store's tests: a SQLite file, and a fresh PostgreSQL database per test.

PostgreSQL is found at TEST_POSTGRES_URL, else on the local server over TCP or its unix socket.
Without it the PostgreSQL cases are skipped, except on CI (CI=true), where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, exc, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from bot.store.engine import make_engine, make_session_factory
from bot.store.migrate import upgrade
from bot.store.unit_of_work import AbstractUnitOfWork, FakeUnitOfWork, SqlAlchemyUnitOfWork

LOCAL_POSTGRES_URLS = (
    "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres",
    "postgresql+psycopg2://postgres@/postgres?host=/var/run/postgresql",
)

Summary = dict[str, Any]


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    override = os.environ.get("TEST_POSTGRES_URL")
    candidates = (override,) if override else LOCAL_POSTGRES_URLS
    failures = []
    for url in candidates:
        engine = create_engine(url, future=True, connect_args={"connect_timeout": 3})
        try:
            with engine.connect():
                return url
        except exc.DBAPIError as error:
            failures.append(f"{make_url(url)!r}: {str(error.orig).strip()}")
        finally:
            engine.dispose()
    reason = "PostgreSQL is not reachable (set TEST_POSTGRES_URL): " + "; ".join(failures)
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database; the SQLite file sits in a folder that does not exist yet."""
    with new_database(request.param, request=request, tmp_path=tmp_path) as url:
        yield url


@pytest.fixture
def session_factory(database_url: str) -> Iterator[sessionmaker]:
    with migrated_session_factory(database_url) as factory:
        yield factory


@pytest.fixture
def uow(session_factory: sessionmaker) -> SqlAlchemyUnitOfWork:
    return SqlAlchemyUnitOfWork(session_factory)


@pytest.fixture(params=["sqlite", "postgresql", "fake"])
def any_uow(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AbstractUnitOfWork]:
    """The real unit of work on each backend, and the fake that unit tests use in its place.

    Tests written against this fixture also prove that the fake behaves like the database.
    """
    if request.param == "fake":
        yield FakeUnitOfWork()
        return
    with new_database(request.param, request=request, tmp_path=tmp_path) as url:
        with migrated_session_factory(url) as factory:
            yield SqlAlchemyUnitOfWork(factory)


@contextmanager
def new_database(kind: str, *, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'var' / 'intake.db'}"
        return
    admin_url = request.getfixturevalue("postgres_admin_url")
    name = f"intake_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(admin_url, future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            # FORCE ends connections a failed test may have left open.
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def migrated_session_factory(database_url: str) -> Iterator[sessionmaker]:
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()


@pytest.fixture
def make_summary() -> Callable[..., Summary]:
    """A summary for a fictional client, shaped like intake_summary.schema.json."""

    def make(conversation_id: str = "conversation-1", **changes: Any) -> Summary:
        summary: Summary = {
            "schema_version": "1.0",
            "intake_id": str(uuid.uuid5(uuid.NAMESPACE_URL, conversation_id)),
            "conversation_id": conversation_id,
            "status": "in_progress",
            "started_at": "2026-11-20T19:02:11Z",
            "updated_at": "2026-11-20T19:04:00Z",
            "completed_at": None,
            "urgent": False,
            "consent": {"given": True, "at": "2026-11-20T19:02:30Z", "notice_version": "2026-11-01"},
            "client": {
                "preferred_name": "Test Person",
                "pronouns": "they/them",
                "age": 34,
                "contact": {
                    "email": "test.person@example.test",
                    "phone": "+12015550123",
                    "preferred": "email",
                },
            },
            "seeking_for": "couple",
            "concern": {"client_words": "We keep arguing about how often", "distress_0_10": 5},
            "flags": [],
            "skipped": ["pronouns"],
            "evidence": {"concern.client_words": [3]},
        }
        summary.update(changes)
        return summary

    return make


@pytest.fixture
def make_transcript() -> Callable[..., list[dict[str, str]]]:
    def make(*client_messages: str) -> list[dict[str, str]]:
        transcript = [
            {"speaker": "assistant", "text": "Hi, I'm the intake assistant.", "at": "2026-11-20T19:02:11Z"}
        ]
        transcript += [
            {"speaker": "client", "text": message, "at": f"2026-11-20T19:03:{index:02d}Z"}
            for index, message in enumerate(client_messages)
        ]
        return transcript

    return make
