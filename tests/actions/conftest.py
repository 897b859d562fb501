from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import persistence
from bot.store.engine import make_engine, make_session_factory
from bot.store.migrate import upgrade
from bot.store.unit_of_work import SqlAlchemyUnitOfWork


@pytest.fixture
def session_factory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The action server's store, pointed at a fresh SQLite database of this test's own."""
    url = f"sqlite:///{tmp_path / 'intake.db'}"
    upgrade(url)
    factory = make_session_factory(make_engine(url))
    monkeypatch.setattr(persistence, "_session_factory", lambda: factory)
    return factory


@pytest.fixture
def stored(session_factory) -> Callable[[str], dict[str, Any] | None]:
    from bot.store.services import get_summary

    def read(conversation_id: str) -> dict[str, Any] | None:
        return get_summary(
            uow=SqlAlchemyUnitOfWork(session_factory), conversation_id=conversation_id, with_transcript=True
        )

    return read


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def make_tracker(
    *,
    form: str | None,
    requested: str | None,
    text: str,
    intent: str = "inform",
    confidence: float = 0.99,
    slots: dict[str, Any] | None = None,
    history: list[str] = (),
    entities: list[dict[str, Any]] | None = None,
    sender_id: str = "test-conversation",
) -> Tracker:
    """A tracker whose latest event is the client's message `text`, sent while `form` asked
    `requested`; `history` holds the client's earlier messages."""
    now = time.time()
    events: list[dict[str, Any]] = []
    for earlier in history:
        events.append({"event": "user", "text": earlier, "timestamp": now - 60})
        events.append({"event": "bot", "text": "a question", "timestamp": now - 59})
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities or [],
    }
    events.append({"event": "user", "text": text, "timestamp": now, "parse_data": latest})
    events.append({"event": "action", "name": "action_extract_slots", "timestamp": now})
    if form:
        events.append({"event": "action", "name": form, "timestamp": now})
    all_slots = {"requested_slot": requested, "eligibility": "eligible", **(slots or {})}
    return Tracker(
        sender_id=sender_id,
        slots=all_slots,
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": form} if form else {},
        latest_action_name=form or "action_listen",
    )


@pytest.fixture
def tracker_for() -> Callable[..., Tracker]:
    return make_tracker


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [message.get("response") or message.get("text") or "" for message in dispatcher.messages]
