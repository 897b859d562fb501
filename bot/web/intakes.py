"""What the dashboard and the API read and change about intakes.

Searching is done here in Python over the decoded summaries, not in SQL: the summary text is
encrypted at rest, so the database cannot look inside it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from bot.store.errors import translated_errors
from bot.store.models import Intake, intakes_table
from bot.store.unit_of_work import SqlAlchemyUnitOfWork

LIST_LIMIT = 1000


@dataclass(frozen=True)
class IntakeRecord:
    id: str
    conversation_id: str
    status: str
    urgent: bool
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    reviewed_at: datetime | None
    reviewed_by: str | None
    summary: dict[str, Any] = field(repr=False)
    transcript: list[dict[str, Any]] = field(repr=False)

    @property
    def name(self) -> str | None:
        return (self.summary.get("client") or {}).get("preferred_name")

    @property
    def email(self) -> str | None:
        return ((self.summary.get("client") or {}).get("contact") or {}).get("email")

    @property
    def flags(self) -> list[dict[str, Any]]:
        return list(self.summary.get("flags") or [])

    @property
    def flag_codes(self) -> list[str]:
        return [flag["code"] for flag in self.flags]

    def matches(self, words: str) -> bool:
        """True when every word is in the client's name or email (case-insensitive)."""
        haystack = f"{self.name or ''} {self.email or ''}".casefold()
        return all(word in haystack for word in words.casefold().split())

    def export_document(self) -> dict[str, Any]:
        """The schema JSON with the transcript, as `intake export` prints it."""
        return {**self.summary, "transcript": self.transcript}


def list_intakes(
    session_factory: sessionmaker, *, search: str = "", status: str | None = None, flag: str | None = None
) -> list[IntakeRecord]:
    """Urgent first, then the most recently updated; filtered by status, flag code and search words."""
    with translated_errors(), SqlAlchemyUnitOfWork(session_factory) as uow:
        rows = uow.intakes.list(status=status or None, urgent_first=True, limit=LIST_LIMIT)
        records = [_record(row) for row in rows]
    if flag:
        records = [record for record in records if flag in record.flag_codes]
    if search.strip():
        records = [record for record in records if record.matches(search)]
    return records


def get_intake(session_factory: sessionmaker, intake_id: str) -> IntakeRecord | None:
    with translated_errors(), SqlAlchemyUnitOfWork(session_factory) as uow:
        row = uow.intakes.get(intake_id)
        return _record(row) if row is not None else None


def mark_reviewed(engine: Engine, intake_id: str, *, by: str, now: datetime | None = None) -> None:
    # A plain UPDATE that leaves `version` alone: the assistant may still be saving this intake.
    statement = (
        update(intakes_table)
        .where(intakes_table.c.id == intake_id)
        .values(reviewed_at=now or datetime.now(timezone.utc), reviewed_by=by)
    )
    with translated_errors(), engine.begin() as connection:
        connection.execute(statement)


def mark_exported(engine: Engine, intake_id: str, *, now: datetime | None = None) -> bool:
    """Sets `exported_at` (retention counts from it); False while that column does not exist yet."""
    if "exported_at" not in intakes_table.c:
        return False
    statement = (
        update(intakes_table)
        .where(intakes_table.c.id == intake_id)
        .values(exported_at=now or datetime.now(timezone.utc))
    )
    with translated_errors(), engine.begin() as connection:
        connection.execute(statement)
    return True


def _record(row: Intake) -> IntakeRecord:
    return IntakeRecord(
        id=row.id,
        conversation_id=row.conversation_id,
        status=row.status,
        urgent=row.urgent,
        created_at=row.created_at,
        updated_at=row.updated_at,
        completed_at=row.completed_at,
        reviewed_at=row.reviewed_at,
        reviewed_by=row.reviewed_by,
        summary=_decoded(row.summary),
        transcript=_decoded(row.transcript) or [],
    )


def _decoded(text: str) -> Any:
    return json.loads(text)
