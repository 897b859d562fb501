"""The application's use cases: what the adapters (actions, CLI, web) call."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine

from bot.intake.summary import IntakeState, build_summary
from bot.store import audit, privacy
from bot.store import services as store
from bot.store.privacy import Erasure, PurgeReport, RetentionPolicy
from bot.store.unit_of_work import AbstractUnitOfWork


def record_intake(
    *, uow: AbstractUnitOfWork, state: IntakeState, transcript: list[dict[str, Any]]
) -> dict[str, Any]:
    """Rebuilds the whole summary from the conversation's state and stores it.

    Writing the full summary every time (not a diff) makes the write idempotent: a write that
    was lost is caught up by the next one.
    """
    summary = build_summary(state)
    store.save_summary(uow=uow, summary=summary, transcript=transcript)
    return summary


def urgent_notice_keys(state: IntakeState) -> list[str]:
    """One key per event that must reach the practice at once: every crisis disclosure, and an
    active-ideation or unsafe-at-home screening answer. The outbox sends one email per key."""
    keys = [f"disclosure:{disclosure['message_index']}" for disclosure in state.disclosures]
    if state.answers.get("self_harm") == "active":
        keys.append("screening:self_harm")
    if state.answers.get("relationship_safety") == "unsafe":
        keys.append("screening:relationship_safety")
    return keys


def export_intake(*, uow: AbstractUnitOfWork, conversation_id: str) -> dict[str, Any] | None:
    return store.get_summary(uow=uow, conversation_id=conversation_id, with_transcript=True)


def erase_intake(*, uow: AbstractUnitOfWork, conversation_id: str) -> bool:
    return store.delete_conversation(uow=uow, conversation_id=conversation_id)


def erase_conversation(
    *, database: Engine, tracker: Engine, conversation_id: str, actor: str, remote_addr: str | None = None
) -> Erasure:
    """GDPR Art. 17 erasure: the intake (summary, transcript, consent) and every tracker event
    of the conversation, audited by intake id (outbox rows carry identifiers only and stay).

    The CLI (`intake erase`) and the dashboard call this; the chat's "delete my data" erases the
    intake from the action server and the tracker in the tracker store (bot/store/tracker.py).
    """
    erasure = privacy.erase(database=database, tracker=tracker, conversation_id=conversation_id)
    if erasure.intake_id is not None or erasure.tracker_conversations:
        audit.record(
            database,
            actor=actor,
            action="erase",
            target=erasure.intake_id,
            remote_addr=remote_addr,
            detail=f"trackers={erasure.tracker_conversations}",
        )
    return erasure


def purge_expired(
    *, database: Engine, tracker: Engine, policy: RetentionPolicy, now: datetime | None = None
) -> PurgeReport:
    """Applies the retention periods; the audit log gets the counts, never what was deleted."""
    report = privacy.purge(database=database, tracker=tracker, policy=policy, now=now)
    audit.record(database, actor="system", action="purge", detail=report.detail(), now=now)
    return report
