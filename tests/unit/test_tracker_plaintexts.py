"""The tracker store's cache of decrypted events: bounded, and never hands out shared dicts."""

from __future__ import annotations

from bot.store import tracker_events
from bot.store.tracker import PlaintextCache


def _sealed(count: int) -> list[str]:
    return [tracker_events.seal({"event": "user", "text": f"fake message {index}"}) for index in range(count)]


def test_the_cache_gives_back_the_events_as_stored_whether_or_not_it_held_them() -> None:
    sealed = _sealed(5)
    cache = PlaintextCache(size=10)

    first, second = cache.events(sealed), cache.events(sealed)

    assert first == second == tracker_events.unseal_all(sealed)


def test_changing_an_event_that_was_read_does_not_change_the_next_read() -> None:
    sealed = _sealed(1)
    cache = PlaintextCache(size=10)

    cache.events(sealed)[0]["text"] = "changed by the caller"

    assert cache.events(sealed)[0]["text"] == "fake message 0"


def test_the_cache_keeps_only_its_size_and_drops_the_least_recently_read_first() -> None:
    old, recent, new = _sealed(3), _sealed(3), _sealed(3)
    cache = PlaintextCache(size=6)
    cache.events(old)
    cache.events(recent)

    cache.events(new)

    assert len(cache) == 6
    assert not any(value in cache for value in old)
    assert all(value in cache for value in recent + new)


def test_clearing_the_cache_forgets_every_plaintext() -> None:
    cache = PlaintextCache(size=10)
    cache.events(_sealed(4))

    cache.clear()

    assert len(cache) == 0
