"""Build the intake summary document (intake_summary.schema.json) from the conversation's state.

Pure: the state is everything the actions know about one intake; the summary is rebuilt from it
on every update, so a half-finished intake always has a valid document.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from bot.intake.fields import FIELDS
from bot.intake.flags import compute_flags

SCHEMA_VERSION = "1.0"

_ONSET_DEFAULTS: dict[str, Any] = {
    "client_words": None,
    "pattern": "unknown",
    "duration_months": None,
    "approx_start": None,
    "life_events": [],
}
_ONSET_PATTERNS = frozenset({"lifelong", "acquired", "unknown"})


@dataclass
class IntakeState:
    conversation_id: str
    intake_id: str
    started_at: datetime
    updated_at: datetime
    completed_at: datetime | None = None
    status: str = "in_progress"
    consent_at: datetime | None = None
    notice_version: str | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    # Answers that could not be normalised after one re-ask: slot -> the client's text.
    verbatim: dict[str, str] = field(default_factory=dict)
    # slot -> indices of the client messages (counting only the client's) the answer came from.
    evidence: dict[str, list[int]] = field(default_factory=dict)
    # Each {"text", "category", "message_index"}; category is suicidal, self_harm,
    # partner_danger or sexual_assault.
    disclosures: list[dict[str, Any]] = field(default_factory=list)
    crisis_resources_shown: bool = False


def iso_utc(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z; naive datetimes are taken to be UTC already."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    utc = moment.astimezone(timezone.utc).replace(microsecond=0, tzinfo=None)
    return utc.isoformat() + "Z"


def answer(state: IntakeState, slot: str) -> Any:
    """The slot's normalised value, or None; a verbatim-kept answer has no normalised value."""
    if slot in state.verbatim:
        return None
    return state.answers.get(slot)


def answered_slots(state: IntakeState) -> list[str]:
    """Slots with a normalised value, in the order the intake asks them."""
    return [slot for slot in FIELDS if answer(state, slot) is not None]


def build_summary(state: IntakeState, *, transcript: list[dict] | None = None) -> dict:
    """The summary document for `state`, valid against intake_summary.schema.json."""
    confirmed = answer(state, "summary_confirmed") is True
    status = "complete" if confirmed else state.status
    completed_at = (state.completed_at or state.updated_at) if status == "complete" else None

    summary: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "intake_id": state.intake_id,
        "conversation_id": state.conversation_id,
        "status": status,
        "started_at": iso_utc(state.started_at),
        "updated_at": iso_utc(state.updated_at),
        "completed_at": iso_utc(completed_at),
        "urgent": False,
        "consent": {
            "given": answer(state, "consent_given") is True,
            "at": iso_utc(state.consent_at),
            "notice_version": state.notice_version,
        },
        "client": {
            "preferred_name": answer(state, "preferred_name"),
            "pronouns": answer(state, "pronouns"),
            "age": answer(state, "age"),
            "contact": {
                "email": answer(state, "email"),
                "phone": answer(state, "phone"),
                "preferred": answer(state, "contact_preference"),
            },
        },
        "preferences": {
            "session_format": answer(state, "session_format"),
            "location": answer(state, "location"),
            "availability": answer(state, "availability"),
        },
        "seeking_for": answer(state, "seeking_for"),
        "relationship": {
            "status": answer(state, "relationship_status"),
            "length_months": answer(state, "relationship_length"),
            "partner_involvement": answer(state, "partner_involvement"),
        },
        "concern": _concern(state),
        "health": _health(state),
        "screening": {
            "phq2": _two_item_screen(answer(state, "phq2_interest"), answer(state, "phq2_mood")),
            "gad2": _two_item_screen(answer(state, "gad2_nervous"), answer(state, "gad2_worry")),
        },
        "risk": _risk(state),
        "history": _history(state),
        "goals": answer(state, "goals"),
        # "" is the client saying there is nothing else to add
        "notes": answer(state, "anything_else") or None,
        "flags": [],
        "skipped": list(dict.fromkeys(state.skipped)),
        "evidence": _evidence(state.evidence),
        "verbatim": {_path(slot): text for slot, text in state.verbatim.items()},
    }
    summary["flags"] = compute_flags(summary, disclosures=state.disclosures)
    summary["urgent"] = any(flag["severity"] == "urgent" for flag in summary["flags"])
    if transcript is not None:
        summary["transcript"] = transcript
    return summary


# How the self-harm question was answered when the answer neither reports nor rules out such
# thoughts: "idk" (unsure), "I'd rather not say" (declined), or words kept as said (unclear). The
# schema's levels have no value for that, and "not_asked" or "none_reported" would hide an answer
# a clinician follows up, so the lowest level that is not a no is recorded, with this key saying
# why (extra keys are allowed) and a flag asking the therapist to ask directly.
IDEATION_NOT_RULED_OUT = ("unsure", "declined", "unclear")


def _risk(state: IntakeState) -> dict[str, Any]:
    said = answer(state, "self_harm")
    if said in IDEATION_NOT_RULED_OUT or "self_harm" in state.verbatim:
        ideation, how = "passive", said if said in IDEATION_NOT_RULED_OUT else "unclear"
    else:
        ideation, how = said or "not_asked", None
    risk: dict[str, Any] = {
        "suicidal_ideation": ideation,
        "relationship_safety": answer(state, "relationship_safety") or "not_asked",
        "crisis_resources_shown": state.crisis_resources_shown,
        "disclosures": [disclosure["text"] for disclosure in state.disclosures],
    }
    if how:
        risk["suicidal_ideation_answer"] = how
    return risk


def _path(slot: str) -> str:
    # Unknown keys pass through unchanged so a caller may already key evidence by summary path.
    known = FIELDS.get(slot)
    return known.summary_path if known else slot


def _evidence(by_slot: Mapping[str, Iterable[int]]) -> dict[str, list[int]]:
    by_path: dict[str, list[int]] = {}
    for slot, indices in by_slot.items():
        merged = set(by_path.get(_path(slot), [])) | set(indices)
        by_path[_path(slot)] = sorted(merged)
    return by_path


def _concern(state: IntakeState) -> dict[str, Any]:
    main = answer(state, "main_concern") or {}
    return {
        "client_words": main.get("client_words"),
        "categories": list(main.get("categories") or []),
        "onset": _onset(answer(state, "onset")),
        "context": answer(state, "context") or "unknown",
        "better_when": list(answer(state, "better_when") or []),
        "worse_when": list(answer(state, "worse_when") or []),
        "distress_0_10": answer(state, "distress"),
    }


def _onset(value: Mapping[str, Any] | None) -> dict[str, Any]:
    onset = dict(_ONSET_DEFAULTS)
    for key in _ONSET_DEFAULTS:
        if value and value.get(key) is not None:
            onset[key] = value[key]
    if onset["pattern"] not in _ONSET_PATTERNS:
        onset["pattern"] = "unknown"
    onset["life_events"] = list(onset["life_events"])
    return onset


def _health(state: IntakeState) -> dict[str, Any]:
    mental = answer(state, "mental_health_history") or {}
    return {
        # None (skipped or not yet asked) and [] (the client said none) mean different things.
        "medical_conditions": _list_or_none(answer(state, "medical_conditions")),
        "medications": _list_or_none(answer(state, "medications")),
        "substance_use": _list_or_none(answer(state, "substance_use")),
        "mental_health": {
            "diagnoses": _list_or_none(mental.get("diagnoses")),
            "current_treatment": mental.get("current_treatment"),
        },
    }


def _list_or_none(value: Iterable[Any] | None) -> list[Any] | None:
    return None if value is None else [dict(item) if isinstance(item, Mapping) else item for item in value]


def _two_item_screen(first: int | None, second: int | None) -> dict[str, Any]:
    if first is None or second is None:
        return {"items": [first, second], "score": None, "positive": None}
    score = first + second
    return {"items": [first, second], "score": score, "positive": score >= 3}


def _history(state: IntakeState) -> dict[str, Any]:
    prior = answer(state, "prior_therapy")
    # Tolerate a bare bool from an older slot shape: the details are then simply unknown.
    if isinstance(prior, Mapping):
        had, details = prior.get("had"), prior.get("details")
    else:
        had, details = prior, None
    return {
        "prior_therapy": had,
        "prior_therapy_details": details,
        "trauma_history": answer(state, "trauma_history"),
    }
