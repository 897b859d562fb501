"""The append-only audit log: every view, export, review, login, erasure and purge.

Rows are only ever inserted; nothing here updates or deletes them. What goes in is who, what,
which intake and from where, never what a client wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection, Engine

from bot.store.errors import translated_errors
from bot.store.models import audit_log_table

_columns = audit_log_table.c


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    target: str | None
    remote_addr: str | None
    detail: str | None


def record(
    bind: Engine | Connection,
    *,
    actor: str,
    action: str,
    target: str | None = None,
    remote_addr: str | None = None,
    detail: str | None = None,
    now: datetime | None = None,
) -> None:
    """Append one entry; with a Connection it joins that connection's transaction."""
    statement = insert(audit_log_table).values(
        at=now or datetime.now(timezone.utc),
        actor=actor[:254],
        action=action[:64],
        target=target[:128] if target else None,
        remote_addr=remote_addr[:64] if remote_addr else None,
        detail=detail[:255] if detail else None,
    )
    with translated_errors():
        if isinstance(bind, Connection):
            bind.execute(statement)
        else:
            with bind.begin() as connection:
                connection.execute(statement)


def recent(
    bind: Engine, *, limit: int = 200, before_id: int | None = None, actor: str | None = None
) -> list[AuditEntry]:
    """The newest entries first, `limit` at a time (page on with the last entry's id)."""
    statement = select(audit_log_table).order_by(_columns.id.desc()).limit(limit)
    if before_id is not None:
        statement = statement.where(_columns.id < before_id)
    if actor is not None:
        statement = statement.where(_columns.actor == actor)
    with translated_errors(), bind.connect() as connection:
        return [AuditEntry(**row._mapping) for row in connection.execute(statement)]


def count_since(
    bind: Engine, *, action: str, since: datetime, remote_addr: str | None = None, actor: str | None = None
) -> int:
    """How many `action` entries there are from `since` on, from one address or by one actor."""
    statement = (
        select(func.count())
        .select_from(audit_log_table)
        .where(_columns.action == action, _columns.at >= since)
    )
    if remote_addr is not None:
        statement = statement.where(_columns.remote_addr == remote_addr[:64])
    if actor is not None:
        statement = statement.where(_columns.actor == actor)
    with translated_errors(), bind.connect() as connection:
        return int(connection.execute(statement).scalar_one())
