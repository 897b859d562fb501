"""Nothing acknowledged is lost when the database hiccups: Rasa's tracker store retries for a
bounded time and then fails loudly (never Rasa's silent fallback to memory), and every write is
idempotent when retried."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import exc, func, select, text
from sqlalchemy.orm import sessionmaker

from bot.errors import StoreUnavailable
from bot.store import tracker as tracker_module
from bot.store.models import intakes_table
from bot.store.retry import retrying
from bot.store.services import get_summary, save_summary
from bot.store.unit_of_work import SqlAlchemyUnitOfWork
from tests.e2e.tcp_proxy import TcpProxy
from tests.integration.conftest import new_database

SLOTS = {"preferred_name": {"type": "text", "mappings": [{"type": "custom"}]}}


def connection_lost() -> exc.OperationalError:
    return exc.OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def failing(times: int, error: Exception, result: Any = "saved") -> Any:
    calls = {"n": 0}

    async def operation() -> Any:
        calls["n"] += 1
        if calls["n"] <= times:
            raise error
        return result

    operation.calls = calls  # type: ignore[attr-defined]
    return operation


def test_an_operation_that_loses_its_connection_twice_succeeds_on_the_third_attempt_with_backoff() -> None:
    clock = FakeClock()
    operation = failing(2, connection_lost())

    result = asyncio.run(
        retrying(operation, what="saving", within_seconds=10, clock=clock, sleep=clock.sleep)
    )

    assert result == "saved" and operation.calls["n"] == 3
    assert clock.sleeps == [0.2, 0.4]


def test_a_database_that_stays_down_ends_in_store_unavailable_once_the_bound_is_spent() -> None:
    clock = FakeClock()
    operation = failing(10_000, connection_lost())

    with pytest.raises(StoreUnavailable):
        asyncio.run(retrying(operation, what="saving", within_seconds=5, clock=clock, sleep=clock.sleep))

    assert 5 <= clock.now <= 5.01
    assert max(clock.sleeps) == 2.0


def test_an_error_that_is_not_about_the_connection_is_raised_at_once() -> None:
    clock = FakeClock()
    operation = failing(1, exc.IntegrityError("INSERT", {}, Exception("duplicate key")))

    with pytest.raises(exc.IntegrityError):
        asyncio.run(retrying(operation, what="saving", within_seconds=5, clock=clock, sleep=clock.sleep))

    assert clock.sleeps == []


@pytest.fixture
def tracker_store(
    database_url: str, session_factory: sessionmaker, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    from rasa.shared.core.domain import Domain

    monkeypatch.setattr(tracker_module, "settings", lambda: SimpleNamespace(tracker_retry_seconds=0.5))
    store = tracker_module.EncryptedSQLTrackerStore(
        domain=Domain.from_dict({"intents": ["inform"], "slots": SLOTS}), host=database_url
    )
    yield store
    store.engine.dispose()


def conversation(conversation_id: str, *answers: str) -> Any:
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    events: list[Any] = []
    for answer in answers:
        events += [
            ActionExecuted("action_listen"),
            UserUttered(answer, intent={"name": "inform", "confidence": 1.0}),
            BotUttered("Thank you."),
        ]
    return DialogueStateTracker.from_events(conversation_id, events, slots=[])


def stored_texts(store: Any, conversation_id: str) -> list[str]:
    tracker = asyncio.run(store.retrieve(conversation_id))
    return [event.text for event in tracker.events if event.type_name == "user"] if tracker else []


def stored_rows(store: Any, conversation_id: str) -> int:
    with store.session_scope() as session:
        return session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == conversation_id).count()


def test_rasas_failsafe_wrapper_passes_a_failed_save_on_instead_of_keeping_it_in_memory(
    tracker_store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rasa.core.tracker_store import FailSafeTrackerStore

    def lose_connection(_tracker: Any) -> None:
        raise connection_lost()

    monkeypatch.setattr(tracker_store, "_save_once", lose_connection)
    wrapped = FailSafeTrackerStore(tracker_store)

    with pytest.raises(StoreUnavailable):
        asyncio.run(wrapped.save(conversation("fault-save", "an answer")))

    assert wrapped._fallback_tracker_store is None  # nothing went to memory


def test_rasas_failsafe_wrapper_passes_a_failed_read_on_instead_of_starting_an_empty_conversation(
    tracker_store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rasa.core.tracker_store import FailSafeTrackerStore

    def lose_connection(*_args: Any) -> None:
        raise connection_lost()

    monkeypatch.setattr(tracker_store, "_retrieve_once", lose_connection)

    with pytest.raises(StoreUnavailable):
        asyncio.run(FailSafeTrackerStore(tracker_store).retrieve("fault-read"))


def test_other_conversations_go_on_while_a_save_waits_on_the_database(
    tracker_store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database work runs on the store's own thread: while one conversation's save waits
    (here on a stand-in for a slow disk), Rasa's event loop serves the others."""
    loop_ran = threading.Event()
    save_once = tracker_store._save_once

    def slow_save(tracker: Any) -> None:
        loop_ran.wait(timeout=10)  # released only by a coroutine on the event loop
        save_once(tracker)

    monkeypatch.setattr(tracker_store, "_save_once", slow_save)

    async def other_conversation() -> None:
        await asyncio.sleep(0)
        loop_ran.set()

    async def both() -> float:
        started = time.monotonic()
        await asyncio.gather(tracker_store.save(conversation("slow-save", "an answer")), other_conversation())
        return time.monotonic() - started

    assert asyncio.run(both()) < 5  # a blocked loop would have waited out the 10 s
    assert stored_texts(tracker_store, "slow-save") == ["an answer"]


def test_saving_a_conversation_again_after_an_unacknowledged_commit_stores_each_event_once(
    tracker_store: Any,
) -> None:
    tracker = conversation("fault-twice", "first answer", "second answer")
    asyncio.run(tracker_store.save(tracker))
    rows = stored_rows(tracker_store, "fault-twice")

    asyncio.run(tracker_store.save(tracker))  # the retry of a save whose commit did arrive

    assert stored_rows(tracker_store, "fault-twice") == rows
    assert stored_texts(tracker_store, "fault-twice") == ["first answer", "second answer"]


def test_the_store_reads_and_counts_sessions_as_rasas_own_sql_tracker_store_does(
    database_url: str, tracker_store: Any
) -> None:
    """Its statements are its own (Core, built once), so they are checked against Rasa's query
    on the same rows: a conversation in three sessions, restarted twice."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import SessionStarted
    from rasa.shared.core.trackers import DialogueStateTracker

    answers = [f"answer {index}" for index in range(6)]
    events: list[Any] = []
    for session, pair in enumerate((answers[:2], answers[2:4], answers[4:])):
        if session:
            events.append(SessionStarted(timestamp=1_000.0 * session))
        events += [
            event.__class__.from_parameters({**event.as_dict(), "timestamp": 1_000.0 * session + offset})
            for offset, event in enumerate(conversation("sessions", *pair).events, start=1)
        ]
    asyncio.run(tracker_store.save(DialogueStateTracker.from_events("sessions", events, slots=[])))
    # The next message, as Rasa handles it: the latest session read, one answer added, saved.
    tracker = asyncio.run(tracker_store.retrieve("sessions"))
    tracker.update_with_events(list(conversation("sessions", "answer 6").events), domain=None)
    asyncio.run(tracker_store.save(tracker))
    rasa_store = SQLTrackerStore(domain=tracker_store.domain, host=database_url)

    try:
        with rasa_store.session_scope() as session:
            expected = {
                every: [row.id for row in rasa_store._event_query(session, "sessions", every)]
                for every in (False, True)
            }
    finally:
        rasa_store.engine.dispose()
    latest = asyncio.run(tracker_store.retrieve("sessions"))
    whole = asyncio.run(tracker_store.retrieve_full_tracker("sessions"))

    assert len(expected[True]) == stored_rows(tracker_store, "sessions") == len(events) + 3
    assert [event.text for event in latest.events if event.type_name == "user"] == answers[4:] + ["answer 6"]
    assert len(latest.events) == len(expected[False])
    assert [event.text for event in whole.events if event.type_name == "user"] == [*answers, "answer 6"]


def test_saving_the_same_summary_twice_leaves_one_identical_intake(
    session_factory: sessionmaker, make_summary: Any, make_transcript: Any
) -> None:
    summary = make_summary("fault-summary-twice")
    transcript = make_transcript()

    save_summary(uow=SqlAlchemyUnitOfWork(session_factory), summary=summary, transcript=transcript)
    first = get_summary(uow=SqlAlchemyUnitOfWork(session_factory), conversation_id="fault-summary-twice")
    save_summary(uow=SqlAlchemyUnitOfWork(session_factory), summary=summary, transcript=transcript)
    second = get_summary(uow=SqlAlchemyUnitOfWork(session_factory), conversation_id="fault-summary-twice")

    with session_factory() as session:
        count = session.execute(
            select(func.count())
            .select_from(intakes_table)
            .where(intakes_table.c.conversation_id == "fault-summary-twice")
        ).scalar_one()
    assert count == 1 and second == first


@pytest.fixture
def postgres_behind_proxy(
    request: pytest.FixtureRequest, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Any, TcpProxy]]:
    """The tracker store on a fresh PostgreSQL database reached through a TCP proxy we can cut."""
    from rasa.shared.core.domain import Domain
    from sqlalchemy.engine import make_url

    with new_database("postgresql", request=request, tmp_path=tmp_path) as url:
        real = make_url(url)
        proxy = TcpProxy([(real.host or "127.0.0.1", real.port or 5432)])
        through_proxy = real.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        monkeypatch.setattr(tracker_module, "settings", lambda: SimpleNamespace(tracker_retry_seconds=15))
        store = tracker_module.EncryptedSQLTrackerStore(
            domain=Domain.from_dict({"intents": ["inform"], "slots": SLOTS}), host=through_proxy
        )
        try:
            yield store, proxy
        finally:
            store.engine.dispose()
            proxy.close()


def test_a_save_after_postgresql_connections_are_cut_reconnects_and_loses_nothing(
    postgres_behind_proxy: tuple[Any, TcpProxy],
) -> None:
    store, proxy = postgres_behind_proxy
    conversation_id = f"fault-cut-{uuid.uuid4().hex[:8]}"
    asyncio.run(store.save(conversation(conversation_id, "first answer")))

    proxy.cut()
    asyncio.run(store.save(conversation(conversation_id, "first answer", "second answer")))

    assert stored_texts(store, conversation_id) == ["first answer", "second answer"]


def test_a_save_while_postgresql_is_down_for_three_seconds_waits_and_then_lands(
    postgres_behind_proxy: tuple[Any, TcpProxy],
) -> None:
    store, proxy = postgres_behind_proxy
    conversation_id = f"fault-down-{uuid.uuid4().hex[:8]}"
    asyncio.run(store.save(conversation(conversation_id, "first answer")))
    proxy.down()
    threading.Timer(3, proxy.up).start()
    started = time.monotonic()

    asyncio.run(store.save(conversation(conversation_id, "first answer", "answer during the outage")))

    assert time.monotonic() - started >= 2.5
    assert stored_texts(store, conversation_id) == ["first answer", "answer during the outage"]


def test_the_postgresql_proxy_really_refuses_connections_while_down(
    postgres_behind_proxy: tuple[Any, TcpProxy],
) -> None:
    store, proxy = postgres_behind_proxy
    proxy.down()
    try:
        with pytest.raises(exc.OperationalError), store.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    finally:
        proxy.up()
