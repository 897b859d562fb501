"""Rasa's SQL tracker store with every event encrypted, and erasure that Rasa cannot undo.

Configured in endpoints.yml (`type: bot.store.tracker.EncryptedSQLTrackerStore`). Rasa's own
SQLTrackerStore writes each event as plain JSON, with the intent and action names in columns of
their own; this one writes the JSON encrypted (bot.store.tracker_events) and leaves the name
columns empty.

Erasure: "delete my data" runs `action_delete_data` on the action server, but Rasa still holds
the whole conversation in memory and saves it after the turn, re-inserting whatever rows were
deleted behind its back. So the erasure of the tracker happens here, at that save: a tracker
whose new events show the deletion action succeeded has its rows deleted instead of saved, and
the next message starts a new, empty conversation.

Reading: every message reloads its whole conversation, and decrypting and parsing several hundred
events each time grew with the length of the intake (parsing the JSON alone was a quarter of
Rasa's time a message). Each stored value's event is kept in a bounded in-process cache keyed by
the encrypted value itself: rows never change, and a value not in the cache (written by another
replica, say) is decrypted and parsed as before. The cached events are shared by the trackers
rebuilt from them. That is safe because replaying events only ever changes a user message in
ways the same replay repeats (Rasa's `EntitiesAdded` adds entities the message lacks,
`DefinePrevUserUtteredFeaturization` sets how it is featurised), and a new message is always a
new event. The cache is emptied when a conversation is erased.

Reliability: while the database cannot be reached, saves and reads are retried for
TRACKER_RETRY_SECONDS and then fail loudly (bot/store/retry.py) instead of Rasa's silent
fallback to memory. A retried save is idempotent: it counts the events already stored and adds
only the rest.

Statements: the reads, the count of stored events and the inserts are SQLAlchemy Core statements
built once with the conversation as a bound parameter, the same queries as Rasa's `_event_query`
(latest session: events from the newest `session_started` on, by timestamp; all of them when
there is none), not ORM queries built again at every message: building Rasa's query and counting
through the ORM cost as much as the database work itself.

Threads: the database work of a read or a save (the queries, the commit's write to disk,
decrypting, rebuilding the tracker) runs on one thread of the store's own, not in Rasa's event
loop, so other conversations go on meanwhile. One thread: reads and saves run one at a time, as
they did in the loop, and only that thread touches the event cache. A conversation's lock keeps
its tracker to the one message being handled.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
import logging
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, AllSlotsReset, Event, SessionStarted, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import Table, bindparam, delete, func, insert, or_, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker
from sqlalchemy.sql import Select

from bot.config import settings
from bot.store import tracker_events
from bot.store.engine import create_private_file, make_engine
from bot.store.retry import fail_loudly, retrying

logger = logging.getLogger(__name__)

ERASURE_ACTION = "action_delete_data"
EVENT_CACHE_SIZE = 20_000  # events: about 40 long intakes

T = TypeVar("T")


class EventCache:
    """Encrypted value -> the Rasa event it holds, least recently used first out."""

    def __init__(self, size: int = EVENT_CACHE_SIZE) -> None:
        self.size = size
        # A list of one event, or none for a value Rasa cannot read as an event (it skips those).
        self._events: OrderedDict[str, list[Event]] = OrderedDict()

    def events(self, sealed: list[str]) -> list[Event]:
        """The events of these stored values, in order."""
        missing = [value for value in sealed if value not in self._events]
        for value, text in zip(missing, tracker_events.unseal_texts(missing), strict=True):
            self._events[value] = deserialise_events([json.loads(text)])
        found: list[Event] = []
        for value in sealed:
            self._events.move_to_end(value)
            found.extend(self._events[value])
        while len(self._events) > self.size:
            self._events.popitem(last=False)
        return found

    def __len__(self) -> int:
        return len(self._events)

    def __contains__(self, sealed: object) -> bool:
        return sealed in self._events

    def clear(self) -> None:
        self._events.clear()


fail_loudly(FailSafeTrackerStore)


class EncryptedSQLTrackerStore(SQLTrackerStore):
    fail_loudly = True  # see bot/store/retry.py

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        host = str(kwargs.get("host") or "")
        if host.startswith("sqlite:///"):
            create_private_file(Path(make_url(host).database or "rasa.db"))
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            # The intake store's SQLite engine: erased rows overwritten, commits written to a log
            # (WAL), connections kept open between messages (see bot/store/engine.py).
            self.engine.dispose()
            self.engine = make_engine(self.engine.url.render_as_string(hide_password=False))
            self.sessionmaker = sessionmaker(bind=self.engine)
        self.cached_events = EventCache()
        self._database_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tracker-store")
        # Fail at start-up, not at the first message, when the keys cannot be found.
        tracker_events.unseal(tracker_events.seal({"check": True}))

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)

        async def attempt() -> None:
            await self._off_the_loop(self._save_once, tracker)

        await retrying(attempt, what="saving a conversation", within_seconds=settings().tracker_retry_seconds)

    async def _off_the_loop(self, work: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._database_thread, work, *args)

    @functools.cached_property
    def _table(self) -> Table:
        return self.SQLEvent.__table__

    @functools.cached_property
    def _latest_session(self) -> Select:
        """The stored values of the conversation's latest session, oldest first (Rasa's
        `_event_query` without `fetch_events_from_all_sessions`)."""
        table = self._table
        started = (
            select(func.max(table.c.timestamp))
            .where(table.c.sender_id == bindparam("sender_id"), table.c.type_name == SessionStarted.type_name)
            .scalar_subquery()
        )
        return (
            select(table.c.data)
            .where(
                table.c.sender_id == bindparam("sender_id"),
                or_(table.c.timestamp >= started, started.is_(None)),
            )
            .order_by(table.c.id)
        )

    @functools.cached_property
    def _all_sessions(self) -> Select:
        table = self._table
        return select(table.c.data).where(table.c.sender_id == bindparam("sender_id")).order_by(table.c.id)

    @functools.cached_property
    def _stored_count(self) -> Select:
        """How many events of the latest session are stored (what Rasa's `_additional_events` counts)."""
        return select(func.count()).select_from(self._latest_session.order_by(None).subquery())

    def _save_once(self, tracker: DialogueStateTracker) -> None:
        with self.engine.begin() as connection:
            stored = connection.execute(self._stored_count, {"sender_id": tracker.sender_id}).scalar_one()
            events = list(itertools.islice(tracker.events, stored, None))
            if erasure_succeeded(events):
                connection.execute(delete(self._table).where(self._table.c.sender_id == tracker.sender_id))
                self.cached_events.clear()
                logger.info("tracker erased at the client's request")
                return
            if events:
                connection.execute(
                    insert(self._table), [_sealed_row(tracker.sender_id, event) for event in events]
                )

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        async def attempt() -> DialogueStateTracker | None:
            return await self._off_the_loop(self._retrieve_once, sender_id, fetch_events_from_all_sessions)

        return await retrying(
            attempt, what="reading a conversation", within_seconds=settings().tracker_retry_seconds
        )

    def _retrieve_once(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        # Only the sealed JSON: the other columns are never read.
        query = self._all_sessions if fetch_events_from_all_sessions else self._latest_session
        with self.engine.connect() as connection:
            sealed = list(connection.execute(query, {"sender_id": sender_id}).scalars())
        events = self.cached_events.events(sealed)
        if not self.domain or not events:
            return None
        return DialogueStateTracker.from_events(sender_id, events, self.domain.slots)


def _sealed_row(sender_id: str, event: Event) -> dict[str, Any]:
    data = event.as_dict()
    return tracker_events.sealed_row(sender_id, event.type_name, data.get("timestamp"), data)


def erasure_succeeded(events: list[Event]) -> bool:
    """The deletion action ran and returned its events (it resets every slot once it erased the
    intake); an action that failed is logged by Rasa without them."""
    for index, event in enumerate(events):
        # Rasa logs the action first, then the events it returned.
        if isinstance(event, ActionExecuted) and event.action_name == ERASURE_ACTION:
            if any(isinstance(later, AllSlotsReset) for later in events[index + 1 :]):
                return True
    return False
