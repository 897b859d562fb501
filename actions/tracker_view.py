"""Reads the primitives the domain needs out of a Rasa tracker: answers, bookkeeping, transcript."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Tracker

from bot.intake.fields import FIELDS
from bot.intake.summary import IntakeState

# Intents that are never an answer to the question being asked: rules handle them and the form
# then asks its question again.
INTERRUPTIONS = frozenset(
    {
        "faq",
        "ask_why",
        "human_handoff",
        "bot_challenge",
        "change_answer",
        "crisis",
        "stop",
        "delete_data",
        "continue_intake",
    }
)
# action_record_disclosure: a crisis message answering "are you safe right now?" is recorded
# before the form takes it as the answer (bot/rasa_safety.py).
_ACTIONS_BETWEEN_MESSAGE_AND_FORM = {
    "action_listen",
    "action_extract_slots",
    "action_session_start",
    "action_record_disclosure",
}
_INTAKE_NAMESPACE = uuid.UUID("6f1c9b8e-3d2a-4e57-9a61-0c4b7e2f5d10")


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def is_fresh_answer(tracker: Tracker, form: str) -> bool:
    """True when the latest client message has not been handled yet by anything but this form.

    After an interruption (an FAQ, "why do you ask?") the form runs again without a new message;
    the question it then re-asks must not be answered with the interrupting message.
    """
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            return True
        if kind == "bot":
            return False
        if kind == "action" and event.get("name") not in _ACTIONS_BETWEEN_MESSAGE_AND_FORM | {form}:
            return False
    return False


def repeats_previous_message(tracker: Tracker) -> bool:
    """True when the client's latest message says again what their previous one said: after an
    interruption, a client who repeats themselves is answering the question, not asking again."""
    said = [event.get("text") or "" for event in tracker.events if event.get("event") == "user"]
    return len(said) >= 2 and " ".join(said[-1].casefold().split()) == " ".join(said[-2].casefold().split())


def client_message_index(tracker: Tracker) -> int:
    """0-based index of the latest client message, counting only the client's messages."""
    return sum(1 for event in tracker.events if event.get("event") == "user") - 1


def _iso(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).isoformat().replace("+00:00", "Z")


def transcript(tracker: Tracker) -> list[dict[str, Any]]:
    lines = []
    for event in tracker.events:
        kind = event.get("event")
        if kind in ("user", "bot") and event.get("text"):
            lines.append(
                {
                    "speaker": "client" if kind == "user" else "assistant",
                    "text": event["text"],
                    "at": _iso(event.get("timestamp")),
                }
            )
    return lines


def answers(tracker: Tracker) -> dict[str, Any]:
    return {slot: tracker.get_slot(slot) for slot in FIELDS}


def slot_list(tracker: Tracker, name: str) -> list[Any]:
    return list(tracker.get_slot(name) or [])


def slot_dict(tracker: Tracker, name: str) -> dict[str, Any]:
    return dict(tracker.get_slot(name) or {})


def intake_id(conversation_id: str) -> str:
    return str(uuid.uuid5(_INTAKE_NAMESPACE, conversation_id))


def _started_at(tracker: Tracker) -> datetime:
    stamps = [event["timestamp"] for event in tracker.events if event.get("timestamp")]
    first = min(stamps) if stamps else datetime.now(tz=timezone.utc).timestamp()
    return datetime.fromtimestamp(first, tz=timezone.utc)


def intake_state(tracker: Tracker, *, notice_version: str, status: str = "in_progress") -> IntakeState:
    consent_at = tracker.get_slot("consent_at")
    now = datetime.now(tz=timezone.utc)
    return IntakeState(
        conversation_id=tracker.sender_id,
        intake_id=intake_id(tracker.sender_id),
        started_at=_started_at(tracker),
        updated_at=now,
        completed_at=now if status == "complete" else None,
        status=status,
        consent_at=datetime.fromisoformat(consent_at) if consent_at else None,
        notice_version=notice_version,
        answers=answers(tracker),
        skipped=slot_list(tracker, "skipped"),
        verbatim=slot_dict(tracker, "verbatim"),
        evidence={k: list(v) for k, v in slot_dict(tracker, "evidence").items()},
        disclosures=slot_list(tracker, "disclosures"),
        crisis_resources_shown=bool(tracker.get_slot("crisis_resources_shown")),
    )
