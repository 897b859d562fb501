"""The tracker store's cache of decrypted events: bounded, and a conversation rebuilt from it is
the conversation rebuilt from its stored JSON."""

from __future__ import annotations

from typing import Any

from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    DefinePrevUserUtteredFeaturization,
    EntitiesAdded,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.slots import AnySlot
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot.store import tracker_events
from bot.store.tracker import EventCache


def _seal_all(events: list[Any]) -> list[str]:
    return [tracker_events.seal(event.as_dict()) for event in events]


def _sealed(count: int) -> list[str]:
    return _seal_all([UserUttered(f"fake message {index}", {"name": "inform"}) for index in range(count)])


def _turn(text: str, entity_value: str) -> list[Any]:
    return [
        ActionExecuted("action_listen"),
        UserUttered(text, {"name": "inform", "confidence": 0.9}, [], message_id=text),
        DefinePrevUserUtteredFeaturization(False),
        EntitiesAdded([{"entity": "field", "value": entity_value, "start": 0, "end": 3}]),
        ActionExecuted("intake_form"),
        ActiveLoop("intake_form"),
        SlotSet("age", entity_value),
    ]


CONVERSATION = [ActionExecuted("action_session_start")] + _turn("fake one", "36") + _turn("fake two", "37")
SLOTS = [AnySlot("age", mappings=[])]


def _state(tracker: DialogueStateTracker) -> dict[str, Any]:
    return tracker.current_state(EventVerbosity.ALL)


def test_the_cache_gives_back_the_events_as_stored_whether_or_not_it_held_them() -> None:
    sealed = _sealed(5)
    cache = EventCache(size=10)

    first, second = cache.events(sealed), cache.events(sealed)

    assert [event.as_dict() for event in first] == [event.as_dict() for event in second]
    assert [event.text for event in first] == [f"fake message {index}" for index in range(5)]


def test_a_value_rasa_cannot_read_as_an_event_is_skipped_as_rasa_skips_it() -> None:
    sealed = [*_sealed(1), tracker_events.seal({"no": "event"})]

    events = EventCache(size=10).events(sealed)

    assert [event.text for event in events] == ["fake message 0"]


def test_conversations_rebuilt_again_and_again_from_cached_events_equal_the_one_rebuilt_from_json() -> None:
    sealed = _seal_all(CONVERSATION)
    from_json = DialogueStateTracker.from_dict("c-fake", tracker_events.unseal_all(sealed), SLOTS)
    cache = EventCache(size=100)

    rebuilt = [DialogueStateTracker.from_events("c-fake", cache.events(sealed), SLOTS) for _ in range(3)]

    assert all(_state(tracker) == _state(from_json) for tracker in rebuilt)


def test_a_new_message_on_a_rebuilt_conversation_leaves_the_cached_events_as_they_were() -> None:
    sealed = _seal_all(CONVERSATION)
    cache = EventCache(size=100)
    tracker = DialogueStateTracker.from_events("c-fake", cache.events(sealed), SLOTS)

    for event in _turn("fake three", "38"):
        tracker.update(event)

    again = DialogueStateTracker.from_events("c-fake", cache.events(sealed), SLOTS)
    from_json = DialogueStateTracker.from_dict("c-fake", tracker_events.unseal_all(sealed), SLOTS)
    assert _state(again) == _state(from_json)
    assert again.latest_message.text == "fake two"
    assert again.latest_message.entities == [{"entity": "field", "value": "37", "start": 0, "end": 3}]


def test_the_cache_keeps_only_its_size_and_drops_the_least_recently_read_first() -> None:
    old, recent, new = _sealed(3), _sealed(3), _sealed(3)
    cache = EventCache(size=6)
    cache.events(old)
    cache.events(recent)

    cache.events(new)

    assert len(cache) == 6
    assert not any(value in cache for value in old)
    assert all(value in cache for value in recent + new)


def test_clearing_the_cache_forgets_every_event() -> None:
    cache = EventCache(size=10)
    cache.events(_sealed(4))

    cache.clear()

    assert len(cache) == 0
