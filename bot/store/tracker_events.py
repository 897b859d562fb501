"""Rasa's `events` table as the rest of the bot sees it: erase, purge, back up, re-encrypt.

The table is Rasa's (bot.store.tracker.EncryptedSQLTrackerStore writes it); it is declared again
here so the CLI and the web app can reach it without importing Rasa. Every event's JSON is
encrypted in `data`; `intent_name` and `action_name` stay empty (an intent name such as a crisis
disclosure is health information too).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    inspect,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine

from bot.store import crypto

CONTEXT = "events.data"
CHUNK = 200

events_table = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)
_columns = events_table.c


def seal(event: dict[str, Any]) -> str:
    return crypto.encrypt(json.dumps(event), context=CONTEXT)


def unseal(data: str) -> dict[str, Any]:
    return unseal_all([data])[0]


def unseal_all(rows: Iterable[str]) -> list[dict[str, Any]]:
    return [json.loads(text) for text in unseal_texts(rows)]


def unseal_texts(rows: Iterable[str]) -> list[str]:
    """A conversation's events as JSON text, read with one keyring (looking it up costs more than
    decrypting)."""
    keyring = crypto.active_keyring()
    # Rows Rasa's own SQLTrackerStore wrote before this store took over are plain JSON; they
    # stay readable until `intake keys rotate` encrypts them.
    return [keyring.decrypt(data, context=CONTEXT) if crypto.is_encrypted(data) else data for data in rows]


def sealed_row(
    sender_id: str, type_name: str, timestamp: float | None, event: dict[str, Any] | None
) -> dict[str, Any]:
    """An event's row: its JSON sealed, the name columns left empty."""
    return {
        "sender_id": sender_id,
        "type_name": type_name,
        "timestamp": timestamp,
        "intent_name": None,
        "action_name": None,
        "data": seal(event) if event is not None else None,
    }


def has_events_table(bind: Engine | Connection) -> bool:
    return inspect(bind).has_table("events")


def delete_conversations(bind: Engine, conversation_ids: Iterable[str]) -> int:
    """Deletes every event of these conversations; returns how many conversations had some."""
    ids = list(dict.fromkeys(conversation_ids))
    if not ids or not has_events_table(bind):
        return 0
    erased = 0
    with bind.begin() as connection:
        for chunk in _chunks(ids):
            present = connection.execute(
                select(func.count(func.distinct(_columns.sender_id))).where(_columns.sender_id.in_(chunk))
            ).scalar_one()
            connection.execute(delete(events_table).where(_columns.sender_id.in_(chunk)))
            erased += present
    return erased


def conversations_idle_since(bind: Engine, cutoff: float) -> list[str]:
    """Conversations whose newest event is older than `cutoff` (seconds since the epoch)."""
    if not has_events_table(bind):
        return []
    statement = (
        select(_columns.sender_id).group_by(_columns.sender_id).having(func.max(_columns.timestamp) < cutoff)
    )
    with bind.connect() as connection:
        return list(connection.execute(statement).scalars())


def all_events(bind: Engine) -> Iterator[dict[str, Any]]:
    """Every event row with its JSON decrypted, in insertion order (for backups)."""
    if not has_events_table(bind):
        return
    last_id = 0
    while True:
        with bind.connect() as connection:
            rows = connection.execute(
                select(events_table).where(_columns.id > last_id).order_by(_columns.id).limit(CHUNK)
            ).all()
        if not rows:
            return
        for row in rows:
            yield {
                "sender_id": row.sender_id,
                "type_name": row.type_name,
                "timestamp": row.timestamp,
                "event": unseal(row.data) if row.data else None,
            }
        last_id = rows[-1].id


def restore_events(bind: Engine, rows: Sequence[dict[str, Any]]) -> int:
    events_table.create(bind, checkfirst=True)
    with bind.begin() as connection:
        for chunk in _chunks(list(rows)):
            connection.execute(
                events_table.insert(),
                [
                    sealed_row(row["sender_id"], row["type_name"], row["timestamp"], row["event"])
                    for row in chunk
                ],
            )
    return len(rows)


def reencrypt(bind: Engine, keyring: crypto.Keyring) -> int:
    """Rewrites, a batch per transaction, every event not yet under the keyring's current key
    (plain rows included) and clears the name columns; returns how many rows changed."""
    if not has_events_table(bind):
        return 0
    changed = 0
    last_id = 0
    while True:
        with bind.begin() as connection:
            rows = connection.execute(
                select(_columns.id, _columns.data, _columns.intent_name, _columns.action_name)
                .where(_columns.id > last_id)
                .order_by(_columns.id)
                .limit(CHUNK)
            ).all()
            if not rows:
                return changed
            for row in rows:
                current = crypto.is_encrypted(row.data) and keyring.key_id_of(row.data) == keyring.current_id
                if (current or row.data is None) and row.intent_name is None and row.action_name is None:
                    continue
                data = row.data
                if data is not None and not current:
                    plain = keyring.decrypt(data, context=CONTEXT) if crypto.is_encrypted(data) else data
                    data = keyring.encrypt(plain, context=CONTEXT)
                connection.execute(
                    update(events_table)
                    .where(_columns.id == row.id)
                    .values(data=data, intent_name=None, action_name=None)
                )
                changed += 1
            last_id = rows[-1].id


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
