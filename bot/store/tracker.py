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

Threads: the database work of a read or a save (the queries, the commit's write to disk,
decrypting, rebuilding the tracker) runs on one thread of the store's own, not in Rasa's event
loop, so other conversations go on meanwhile. One thread: reads and saves run one at a time, as
they did in the loop, and only that thread touches the event cache. A conversation's lock keeps
its tracker to the one message being handled.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, AllSlotsReset, Event, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

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

    def _save_once(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            events = list(self._additional_events(session, tracker))
            if erasure_succeeded(events):
                session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == tracker.sender_id).delete(
                    synchronize_session=False
                )
                session.commit()
                self.cached_events.clear()
                logger.info("tracker erased at the client's request")
                return
            for event in events:
                data = event.as_dict()
                session.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=None,
                        action_name=None,
                        data=tracker_events.seal(data),
                    )
                )
            session.commit()

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
        with self.session_scope() as session:
            # Only the sealed JSON: the other columns are never read, and mapping each row to an
            # object costs more than decrypting it.
            rows = (
                self._event_query(
                    session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions
                )
                .with_entities(self.SQLEvent.data)
                .all()
            )
            events = self.cached_events.events([row.data for row in rows])
        if not self.domain or not events:
            return None
        return DialogueStateTracker.from_events(sender_id, events, self.domain.slots)


def erasure_succeeded(events: list[Event]) -> bool:
    """The deletion action ran and returned its events (it resets every slot once it erased the
    intake); an action that failed is logged by Rasa without them."""
    for index, event in enumerate(events):
        # Rasa logs the action first, then the events it returned.
        if isinstance(event, ActionExecuted) and event.action_name == ERASURE_ACTION:
            if any(isinstance(later, AllSlotsReset) for later in events[index + 1 :]):
                return True
    return False
