"""Erasure, retention and key rotation across the intake store and Rasa's tracker events.

The intakes live in DATABASE_URL; Rasa's events in TRACKER_URL (the same PostgreSQL database,
or a SQLite file of their own). Each function takes both engines, and touches content only to
delete it or to re-encrypt it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import Text, delete, literal, select, type_coerce, update
from sqlalchemy.engine import Engine

from bot.store import crypto, tracker_events
from bot.store.errors import translated_errors
from bot.store.models import intakes_table

_columns = intakes_table.c
BATCH = 200
OPEN_STATUSES = ("in_progress", "abandoned")
ENCRYPTED_COLUMNS = ("summary", "transcript")


@dataclass(frozen=True)
class RetentionPolicy:
    """How long things are kept; the defaults are the README's."""

    abandoned: timedelta = timedelta(days=30)
    tracker: timedelta = timedelta(days=7)
    exported: timedelta = timedelta(days=90)


@dataclass(frozen=True)
class Erasure:
    intake_id: str | None
    tracker_conversations: int


@dataclass(frozen=True)
class PurgeReport:
    intakes: int
    trackers: int

    def detail(self) -> str:
        return f"intakes={self.intakes} trackers={self.trackers}"


def erase(*, database: Engine, tracker: Engine, conversation_id: str) -> Erasure:
    """Deletes the conversation's intake and every tracker event of it."""
    with translated_errors():
        with database.begin() as connection:
            intake_id = connection.execute(
                select(_columns.id).where(_columns.conversation_id == conversation_id)
            ).scalar_one_or_none()
            if intake_id is not None:
                connection.execute(delete(intakes_table).where(_columns.id == intake_id))
        trackers = tracker_events.delete_conversations(tracker, [conversation_id])
    return Erasure(intake_id=intake_id, tracker_conversations=trackers)


def purge(
    *, database: Engine, tracker: Engine, policy: RetentionPolicy, now: datetime | None = None
) -> PurgeReport:
    """Deletes what has outlived its retention period:

    - in-progress intakes not updated for `policy.abandoned` (they count as abandoned);
    - complete intakes a therapist exported more than `policy.exported` ago;
    - the tracker events of any conversation quiet for `policy.tracker`, unless its intake is
      still in progress (those go with the intake once it counts as abandoned).
    """
    moment = now or datetime.now(timezone.utc)
    expired = (_columns.status.in_(OPEN_STATUSES) & (_columns.updated_at < moment - policy.abandoned)) | (
        (_columns.status == "complete") & (_columns.exported_at < moment - policy.exported)
    )
    with translated_errors():
        with database.begin() as connection:
            gone = connection.execute(select(_columns.conversation_id).where(expired)).scalars().all()
            connection.execute(delete(intakes_table).where(_columns.conversation_id.in_(gone)))
        quiet = tracker_events.conversations_idle_since(tracker, (moment - policy.tracker).timestamp())
        still_open = set(_open_conversations(database, quiet))
        trackers = tracker_events.delete_conversations(
            tracker, [*gone, *(c for c in quiet if c not in still_open)]
        )
    return PurgeReport(intakes=len(gone), trackers=trackers)


def reencrypt_intakes(database: Engine, keyring: crypto.Keyring) -> int:
    """Rewrites, a batch per transaction, every summary and transcript not under the current key.

    Runs while the assistant saves: an update only applies to the row version it read, and a
    row saved meanwhile was written under the current key already (services reload the key
    file when it changes).
    """
    # The raw stored text: the model's column type would decrypt it on the way out.
    stored = [type_coerce(_columns[name], Text).label(name) for name in ENCRYPTED_COLUMNS]
    changed = 0
    last_id = ""
    with translated_errors():
        while True:
            with database.begin() as connection:
                rows = connection.execute(
                    select(_columns.id, _columns.version, *stored)
                    .where(_columns.id > last_id)
                    .order_by(_columns.id)
                    .limit(BATCH)
                ).all()
                if not rows:
                    return changed
                for row in rows:
                    values = {
                        name: literal(
                            _under_current_key(keyring, getattr(row, name), f"intakes.{name}"), Text
                        )
                        for name in ENCRYPTED_COLUMNS
                        if not _is_current(keyring, getattr(row, name))
                    }
                    if values:
                        result = connection.execute(
                            update(intakes_table)
                            .where(_columns.id == row.id, _columns.version == row.version)
                            .values(**values)
                        )
                        changed += result.rowcount
                last_id = rows[-1].id


def _is_current(keyring: crypto.Keyring, value: str) -> bool:
    return crypto.is_encrypted(value) and keyring.key_id_of(value) == keyring.current_id


def _under_current_key(keyring: crypto.Keyring, value: str, context: str) -> str:
    plain = keyring.decrypt(value, context=context) if crypto.is_encrypted(value) else value
    return keyring.encrypt(plain, context=context)


def _open_conversations(database: Engine, conversation_ids: list[str]) -> Iterator[str]:
    with database.connect() as connection:
        for start in range(0, len(conversation_ids), BATCH):
            chunk = conversation_ids[start : start + BATCH]
            yield from connection.execute(
                select(_columns.conversation_id).where(
                    _columns.conversation_id.in_(chunk), _columns.status == "in_progress"
                )
            ).scalars()
