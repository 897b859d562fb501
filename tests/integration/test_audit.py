from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.store import audit
from bot.store.engine import make_engine
from bot.store.migrate import upgrade

MOMENT = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)


def test_entries_come_back_newest_first_with_who_what_and_where(database_url: str) -> None:
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        audit.record(engine, actor="dr.fake@example.test", action="login", remote_addr="10.0.0.7", now=MOMENT)
        audit.record(
            engine,
            actor="dr.fake@example.test",
            action="view_intake",
            target="intake-1",
            now=MOMENT + timedelta(minutes=1),
        )
        audit.record(
            engine, actor="system", action="purge", detail="purged=3", now=MOMENT + timedelta(minutes=2)
        )

        entries = audit.recent(engine)
    finally:
        engine.dispose()

    assert [entry.action for entry in entries] == ["purge", "view_intake", "login"]
    assert entries[1].target == "intake-1"
    assert entries[2].remote_addr == "10.0.0.7"
    assert entries[0].at == MOMENT + timedelta(minutes=2)


def test_recent_pages_on_from_an_id_and_filters_by_actor(database_url: str) -> None:
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        for number in range(5):
            audit.record(engine, actor=f"user{number % 2}@example.test", action="login", now=MOMENT)
        first_page = audit.recent(engine, limit=2)
        second_page = audit.recent(engine, limit=2, before_id=first_page[-1].id)
        only_user1 = audit.recent(engine, actor="user1@example.test")
    finally:
        engine.dispose()

    assert len(first_page) == 2 and len(second_page) == 2
    assert second_page[0].id < first_page[-1].id
    assert {entry.actor for entry in only_user1} == {"user1@example.test"}
    assert len(only_user1) == 2
