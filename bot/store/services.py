"""Saving, reading and deleting intake summaries: what the rest of the bot calls.

SQLAlchemy errors stop here and leave as `bot.errors.StoreError` (or `StoreUnavailable` when the
database cannot be reached).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import exc
from sqlalchemy.orm.exc import StaleDataError

from bot.store.errors import translated_errors
from bot.store.models import STATUSES, Intake
from bot.store.unit_of_work import AbstractUnitOfWork


def save_summary(
    *,
    uow: AbstractUnitOfWork,
    summary: dict[str, Any],
    transcript: list[dict[str, Any]],
    now: datetime | None = None,
) -> None:
    """Create or update the intake of `summary["conversation_id"]`; saving the same twice is a no-op."""
    for key in ("intake_id", "conversation_id", "status"):
        if not summary.get(key):
            raise ValueError(f"the summary has no {key!r}")
    if summary["status"] not in STATUSES:
        raise ValueError(f"unknown intake status {summary['status']!r}")
    moment = now or datetime.now(timezone.utc)
    with translated_errors():
        try:
            _write(uow=uow, summary=summary, transcript=transcript, now=moment)
        except (exc.IntegrityError, StaleDataError):
            # Another session inserted or updated this conversation between our read and our
            # write; read its row again and apply this save on top of it.
            _write(uow=uow, summary=summary, transcript=transcript, now=moment)


def get_summary(
    *, uow: AbstractUnitOfWork, conversation_id: str, with_transcript: bool = False
) -> dict[str, Any] | None:
    with translated_errors(), uow:
        intake = uow.intakes.get_by_conversation(conversation_id)
        if intake is None:
            return None
        summary: dict[str, Any] = json.loads(intake.summary)
        if with_transcript:
            summary["transcript"] = json.loads(intake.transcript)
        return summary


def delete_conversation(*, uow: AbstractUnitOfWork, conversation_id: str) -> bool:
    """Erase the conversation's intake; False when there was none."""
    return delete_intake(uow=uow, conversation_id=conversation_id) is not None


def delete_intake(*, uow: AbstractUnitOfWork, conversation_id: str) -> str | None:
    """Erase the conversation's intake; returns the erased intake's id (None when there was none)."""
    with translated_errors(), uow:
        intake = uow.intakes.get_by_conversation(conversation_id)
        if intake is None:
            return None
        intake_id = intake.id
        uow.intakes.delete(intake)
        uow.commit()
        return intake_id


def mark_exported(*, uow: AbstractUnitOfWork, intake_id: str, now: datetime | None = None) -> bool:
    """Records that a therapist exported the intake (its retention period starts then)."""
    with translated_errors(), uow:
        intake = uow.intakes.get(intake_id)
        if intake is None:
            return False
        intake.exported_at = now or datetime.now(timezone.utc)
        uow.commit()
        return True


def _write(
    *,
    uow: AbstractUnitOfWork,
    summary: dict[str, Any],
    transcript: list[dict[str, Any]],
    now: datetime,
) -> None:
    summary_text = _to_json({key: value for key, value in summary.items() if key != "transcript"})
    transcript_text = _to_json(transcript)
    with uow:
        intake = uow.intakes.get_by_conversation(summary["conversation_id"])
        if intake is None:
            uow.intakes.add(
                Intake(
                    id=summary["intake_id"],
                    conversation_id=summary["conversation_id"],
                    status=summary["status"],
                    urgent=bool(summary.get("urgent", False)),
                    summary=summary_text,
                    transcript=transcript_text,
                    created_at=now,
                    updated_at=now,
                    completed_at=_completed_at(summary, previous=None, now=now),
                    **_consent(summary),
                )
            )
        elif intake.summary == summary_text and intake.transcript == transcript_text:
            return
        else:
            intake.status = summary["status"]
            intake.urgent = bool(summary.get("urgent", False))
            intake.summary = summary_text
            intake.transcript = transcript_text
            intake.updated_at = now
            intake.completed_at = _completed_at(summary, previous=intake.completed_at, now=now)
            for key, value in _consent(summary).items():
                setattr(intake, key, value)
            intake.version += 1
        uow.commit()


def _consent(summary: dict[str, Any]) -> dict[str, Any]:
    """The consent record kept in columns of its own, so a list can show it without decrypting."""
    consent = summary.get("consent") or {}
    return {"consent_at": _parse_moment(consent.get("at")), "notice_version": consent.get("notice_version")}


def _parse_moment(value: Any) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _to_json(value: Any) -> str:
    # ASCII escapes keep any text a browser can send (even a lone surrogate) storable.
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def _completed_at(summary: dict[str, Any], *, previous: datetime | None, now: datetime) -> datetime | None:
    stated = summary.get("completed_at")
    if stated:
        moment = datetime.fromisoformat(str(stated).replace("Z", "+00:00"))
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    if summary["status"] == "complete":
        return previous or now
    return None
