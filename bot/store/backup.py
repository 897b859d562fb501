"""Encrypted logical backups: every product table and Rasa's events, restorable on any backend.

The file is one AES-GCM sealed, gzip-compressed JSON document (`enc1.<key id>....`, the same
format as the fields). Inside, values are decrypted, so a backup made on SQLite restores into
PostgreSQL and survives a key rotation as long as the key it was sealed with is kept.
"""

from __future__ import annotations

import gzip
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, func, select, text
from sqlalchemy.engine import Engine

from bot.errors import StoreError
from bot.store import crypto, tracker_events
from bot.store.errors import translated_errors
from bot.store.migrate import upgrade
from bot.store.models import metadata

FORMAT = "intake-backup/1"
CONTEXT = "backup"
_DATETIME = "$datetime"


def dump(*, database: Engine, tracker: Engine) -> dict[str, Any]:
    with translated_errors():
        with database.connect() as connection:
            tables = {
                table.name: [
                    dict(row._mapping)
                    for row in connection.execute(select(table).order_by(*table.primary_key))
                ]
                for table in metadata.sorted_tables
            }
        events = list(tracker_events.all_events(tracker))
    return {"format": FORMAT, "tables": tables, "events": events}


def write(path: Path, document: dict[str, Any]) -> None:
    payload = gzip.compress(json.dumps(document, default=_encode).encode("utf-8"))
    sealed = crypto.active_keyring().seal(payload, context=CONTEXT)
    path.parent.mkdir(parents=True, exist_ok=True)
    # 0600 like every other file holding client data, even sealed.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(sealed)


def read(path: Path) -> dict[str, Any]:
    payload = crypto.active_keyring().open(path.read_text(encoding="ascii").strip(), context=CONTEXT)
    document = json.loads(gzip.decompress(payload), object_hook=_decode)
    if document.get("format") != FORMAT:
        raise StoreError(f"not an intake backup (format {document.get('format')!r})")
    return document


def restore(
    *, database_url: str, database: Engine, tracker: Engine, document: dict[str, Any]
) -> dict[str, int]:
    """Loads a backup into an empty database (migrated here first); returns rows per table."""
    upgrade(database_url)
    counts: dict[str, int] = {}
    with translated_errors():
        with database.begin() as connection:
            for table in metadata.sorted_tables:
                if connection.execute(select(func.count()).select_from(table)).scalar_one():
                    raise StoreError(f"restore needs an empty database; table {table.name!r} has rows")
            for table in metadata.sorted_tables:
                rows = document["tables"].get(table.name, [])
                if rows:
                    connection.execute(table.insert(), rows)
                counts[table.name] = len(rows)
                _catch_up_sequence(connection, table)
        if tracker_events.has_events_table(tracker) and tracker_events.conversations_idle_since(
            tracker, float("inf")
        ):
            raise StoreError("restore needs an empty tracker store; the events table has rows")
        counts["events"] = tracker_events.restore_events(tracker, document["events"])
    return counts


def _catch_up_sequence(connection: Any, table: Any) -> None:
    # Rows came with their ids; PostgreSQL's serial counter must move past them.
    keys = list(table.primary_key)
    if connection.dialect.name != "postgresql" or len(keys) != 1 or not isinstance(keys[0].type, Integer):
        return
    column = keys[0].name
    connection.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column}'), "
            f"COALESCE((SELECT MAX({column}) FROM {table.name}), 0) + 1, false)"
        )
    )


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {_DATETIME: value.isoformat()}
    raise TypeError(f"cannot back up a {type(value).__name__}")


def _decode(value: dict[str, Any]) -> Any:
    if set(value) == {_DATETIME}:
        return datetime.fromisoformat(value[_DATETIME])
    return value
