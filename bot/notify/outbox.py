"""Putting notices in the outbox, and the queries the worker claims and settles them with.

A notice is keyed by (intake, disclosure), so enqueueing the same disclosure again (an action
retried, a summary saved twice) never makes a second email. The insert is an
`INSERT ... ON CONFLICT DO NOTHING`: no read-then-write race between two action workers, and a
duplicate does not abort the caller's transaction the way a caught IntegrityError would.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from bot.store.errors import translated_errors
from bot.store.models import outbox_table

URGENT_INTAKE = "urgent_intake"

columns = outbox_table.c


@dataclass(frozen=True)
class Notice:
    """What the worker needs to send one claimed outbox row."""

    id: str
    kind: str
    intake_id: str
    attempts: int
    payload: dict[str, Any]


def add_urgent_notice(
    *, session: Session, intake_id: str, disclosure_key: str, now: datetime | None = None
) -> bool:
    """Adds the notice to the session's transaction, without committing; False if already there.

    For a caller that wants the notice committed together with its own writes.
    """
    if not intake_id or not disclosure_key:
        raise ValueError("an urgent notice needs an intake id and a disclosure key")
    moment = now or datetime.now(timezone.utc)
    values = {
        "id": str(uuid.uuid4()),
        "kind": URGENT_INTAKE,
        "intake_id": intake_id,
        "dedupe_key": dedupe_key(URGENT_INTAKE, intake_id, disclosure_key),
        "payload": json.dumps({"intake_id": intake_id}),
        "attempts": 0,
        "next_attempt_at": moment,
        "created_at": moment,
    }
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        module = sqlite if dialect == "sqlite" else postgresql
        statement = module.insert(outbox_table).values(**values)
        statement = statement.on_conflict_do_nothing(index_elements=["dedupe_key"])
        return session.execute(statement).rowcount == 1
    existing = select(columns.id).where(columns.dedupe_key == values["dedupe_key"])
    if session.execute(existing).first() is not None:
        return False
    session.execute(insert(outbox_table).values(**values))
    return True


def enqueue_urgent_notice(
    *,
    session_factory: sessionmaker,
    intake_id: str,
    disclosure_key: str,
    now: datetime | None = None,
) -> bool:
    """Records, in its own committed transaction, that the practice must hear of this disclosure.

    True when the notice is new, False when this (intake, disclosure) was already queued or
    sent. Safe to call on every save of an urgent intake: only the first call counts.
    Raises `StoreError` (`StoreUnavailable` when the database cannot be reached).
    """
    with translated_errors(), session_factory() as session:
        added = add_urgent_notice(
            session=session, intake_id=intake_id, disclosure_key=disclosure_key, now=now
        )
        session.commit()
        return added


def dedupe_key(kind: str, intake_id: str, disclosure_key: str) -> str:
    # Hashed, so whatever a caller uses as the disclosure key is never readable in the table.
    digest = hashlib.sha256(f"{kind}\0{intake_id}\0{disclosure_key}".encode()).hexdigest()
    return f"{kind}:{digest}"


def due_ids(*, session: Session, now: datetime, limit: int) -> list[str]:
    statement = (
        select(columns.id)
        .where(columns.sent_at.is_(None), columns.next_attempt_at <= now)
        .order_by(columns.next_attempt_at, columns.id)
        .limit(limit)
    )
    return list(session.execute(statement).scalars())


def claim(*, session: Session, outbox_id: str, now: datetime, lease: timedelta) -> Notice | None:
    """Pushes the row's next attempt past the lease, so no other worker sends it meanwhile.

    None when another worker claimed or sent it first. A worker that dies mid-send leaves the
    row to be sent again once the lease ends: at least once beats a notice silently dropped.
    """
    statement = (
        update(outbox_table)
        .where(
            columns.id == outbox_id,
            columns.sent_at.is_(None),
            columns.next_attempt_at <= now,
        )
        .values(next_attempt_at=now + lease)
    )
    if session.execute(statement).rowcount != 1:
        return None
    row = session.execute(select(outbox_table).where(columns.id == outbox_id)).one()
    return Notice(
        id=row.id,
        kind=row.kind,
        intake_id=row.intake_id,
        attempts=row.attempts,
        payload=json.loads(row.payload),
    )


def mark_sent(*, session: Session, outbox_id: str, now: datetime) -> None:
    session.execute(update(outbox_table).where(columns.id == outbox_id).values(sent_at=now, last_error=None))


def mark_failed(
    *, session: Session, outbox_id: str, attempts: int, retry_at: datetime, error_name: str
) -> None:
    session.execute(
        update(outbox_table)
        .where(columns.id == outbox_id)
        .values(attempts=attempts, next_attempt_at=retry_at, last_error=error_name[:64])
    )
