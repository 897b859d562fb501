"""Obviously fake intakes for the dashboard's tests, screenshots and demos."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from bot.intake.summary import IntakeState
from bot.service import record_intake
from bot.store.unit_of_work import AbstractUnitOfWork

START = datetime(2026, 11, 20, 19, 2, 11, tzinfo=timezone.utc)


def answers(**changes: Any) -> dict[str, Any]:
    """A whole intake's answers for a fictional client; keyword arguments replace answers."""
    base: dict[str, Any] = {
        "consent_given": True,
        "age": 38,
        "preferred_name": "Test Person",
        "pronouns": "they/them",
        "email": "test.person@example.test",
        "phone": "+12015550123",
        "contact_preference": "email",
        "session_format": "in_person",
        "availability": "weekday evenings",
        "seeking_for": "couple",
        "relationship_status": "married",
        "relationship_length": 96,
        "partner_involvement": "attending",
        "main_concern": {
            "client_words": "since the baby came I have no desire and we keep fighting about it",
            "categories": ["low_desire", "desire_discrepancy", "life_change"],
        },
        "onset": {
            "client_words": "since the baby came two years ago",
            "pattern": "acquired",
            "duration_months": 24,
            "approx_start": "2024-11",
            "life_events": ["the birth of a child"],
        },
        "context": "generalized",
        "better_when": ["on holiday"],
        "worse_when": ["when I'm exhausted"],
        "distress": 7,
        "medical_conditions": [],
        "medications": [
            {
                "name": "sertraline",
                "as_said": "Zoloft 50mg",
                "drug_class": "ssri",
                "sexual_side_effects_known": True,
            }
        ],
        "substance_use": [],
        "mental_health_history": {"diagnoses": [], "current_treatment": None},
        "phq2_interest": 2,
        "phq2_mood": 1,
        "gad2_nervous": 1,
        "gad2_worry": 1,
        "self_harm": "none_reported",
        "relationship_safety": "safe",
        "trauma_history": "no",
        "prior_therapy": {"had": False, "details": None},
        "goals": "feel close again and want sex without pressure",
        "anything_else": None,
        "summary_confirmed": True,
    }
    base.update(changes)
    return base


# The client's messages, in order; evidence indices below point into them.
CLIENT_MESSAGES = (
    "yes that's fine",
    "Test Person",
    "38",
    "since the baby came I have no desire and we keep fighting about it",
    "since the baby came two years ago",
    "I take Zoloft 50mg",
    "feel close again and want sex without pressure",
)
EVIDENCE = {
    "preferred_name": [1],
    "age": [2],
    "main_concern": [3],
    "onset": [4],
    "medications": [5],
    "goals": [6],
}


def transcript(client_messages: tuple[str, ...] | list[str] = CLIENT_MESSAGES) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = []
    for index, text in enumerate(client_messages):
        at = (START + timedelta(seconds=30 * index)).isoformat().replace("+00:00", "Z")
        lines.append({"speaker": "assistant", "text": f"Question {index + 1}?", "at": at})
        lines.append({"speaker": "client", "text": text, "at": at})
    return lines


def store_intake(
    uow: AbstractUnitOfWork,
    *,
    name: str = "Test Person",
    email: str = "test.person@example.test",
    updated: datetime = START + timedelta(minutes=12),
    status: str = "complete",
    client_messages: tuple[str, ...] | list[str] = CLIENT_MESSAGES,
    **changes: Any,
) -> dict[str, Any]:
    """Records an intake through the same use case the assistant calls; returns its summary."""
    conversation_id = f"test-{uuid.uuid4().hex[:12]}"
    given = answers(preferred_name=name, email=email, **changes)
    if status != "complete":
        given.pop("summary_confirmed", None)
    state = IntakeState(
        conversation_id=conversation_id,
        intake_id=str(uuid.uuid4()),
        started_at=updated - timedelta(minutes=12),
        updated_at=updated,
        status=status,
        answers=given,
        evidence=dict(EVIDENCE),
        consent_at=updated - timedelta(minutes=11),
        notice_version="2026-11-01",
    )
    if client_messages is CLIENT_MESSAGES:
        client_messages = [name if text == "Test Person" else text for text in CLIENT_MESSAGES]
    return record_intake(uow=uow, state=state, transcript=transcript(client_messages))
