"""The read-back: what the client sees, in plain words, before confirming what will be shared.

Screening items, risk answers and the trauma question are never echoed back one by one: seeing
"thoughts of self-harm: passive" in a chat window is jarring, and someone may be reading over the
client's shoulder. They are summed up as "Your answers to the wellbeing questions".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bot.intake.fields import FIELDS, SECTIONS

Summary = Mapping[str, Any]

INTRO = "Here's what I'll share with the therapist:"
CLOSING = (
    "Does that look right? If anything needs changing, just tell me what "
    '(for example, "actually we\'ve been together 5 years").'
)
WELLBEING_LINE = "Your answers to the wellbeing questions"
BULLET = "• "

SENSITIVE_SLOTS = frozenset(
    {
        "phq2_interest",
        "phq2_mood",
        "gad2_nervous",
        "gad2_worry",
        "self_harm",
        "relationship_safety",
        "trauma_history",
    }
)
# Nothing to read back or to list as skipped: consent and age are settled before the intake
# starts, and the confirmation is what the read-back asks for.
_NOT_READ_BACK = frozenset({"consent_given", "summary_confirmed"})

# The intake's order, except that the client's name comes before their age.
_ORDER = ("preferred_name", "pronouns", "age") + tuple(
    slot
    for section in SECTIONS
    for slot in section.slots
    if slot not in _NOT_READ_BACK and slot not in {"preferred_name", "pronouns", "age"}
)
# One line stands for all the sensitive answers, at the place of the last one asked.
_LAST_SENSITIVE = [slot for slot in _ORDER if slot in SENSITIVE_SLOTS][-1]

_CONTACT = {"email": "email", "phone": "a phone call", "text": "text message"}
_SESSION_FORMAT = {
    "in_person": "in person",
    "telehealth": "online",
    "either": "in person or online",
}
_SEEKING_FOR = {
    "individual": "just you",
    "couple": "the two of you, as a couple",
    "unsure": "not sure yet",
}
_STATUS = {"non_monogamous": "non-monogamous"}
_PARTNER = {
    "attending": "plans to come to sessions",
    "aware_not_attending": "knows, but won't come to sessions",
    "not_aware": "doesn't know yet",
    "unsure": "not sure yet",
}
_CONTEXT = {"generalized": "in most or all situations", "situational": "only in some situations"}


def render_readback(summary: Summary) -> str:
    """The read-back message: an intro, one bullet per answered item, and a closing question."""
    lines = [INTRO]
    verbatim = summary.get("verbatim") or {}
    wellbeing_answered = False
    for slot in _ORDER:
        if slot in SENSITIVE_SLOTS:
            wellbeing_answered = wellbeing_answered or _sensitive_answered(summary, slot, verbatim)
            if slot == _LAST_SENSITIVE and wellbeing_answered:
                lines.append(BULLET + WELLBEING_LINE)
            continue
        path, label = FIELDS[slot].summary_path, FIELDS[slot].label
        line = f'{label.capitalize()}: "{verbatim[path]}"' if path in verbatim else _RENDERERS[slot](summary)
        if line:
            lines.append(BULLET + line)
    skipped = _skipped_labels(summary.get("skipped") or [])
    if skipped:
        lines.append(f"{BULLET}Skipped: {', '.join(skipped)}")
    if len(lines) == 1:
        lines.append(BULLET + "Nothing yet")
    lines += ["", CLOSING]
    return "\n".join(lines)


def _sensitive_answered(summary: Summary, slot: str, verbatim: Mapping[str, str]) -> bool:
    path = FIELDS[slot].summary_path
    if path in verbatim:
        return True
    if slot.startswith(("phq2", "gad2")):
        screen, index = path.removeprefix("screening.").split(".items")
        return summary["screening"][screen]["items"][int(index.strip("[]"))] is not None
    if slot == "self_harm":
        return summary["risk"]["suicidal_ideation"] != "not_asked"
    if slot == "relationship_safety":
        return summary["risk"]["relationship_safety"] != "not_asked"
    return summary["history"]["trauma_history"] is not None


def _skipped_labels(skipped: list[str]) -> list[str]:
    labels: list[str] = []
    for slot in skipped:
        if slot in _NOT_READ_BACK:
            continue
        if slot in SENSITIVE_SLOTS:
            labels.append("some of the wellbeing questions")
        elif slot in FIELDS:
            labels.append(FIELDS[slot].label)
    return list(dict.fromkeys(labels))


def duration(months: float) -> str:
    """'about 8 months', 'about 1 year', 'about 2 and a half years'."""
    if months < 12 or (months < 24 and months % 12):
        rounded = round(months)
        return f"about {rounded} month" + ("" if rounded == 1 else "s")
    halves = round(months / 6)
    years, half = divmod(halves, 2)
    if half:
        return f"about {years} and a half years"
    return f"about {years} year" + ("" if years == 1 else "s")


def phone_for_reading(phone: str) -> str:
    """+12015550123 reads as 201-555-0123; other numbers are shown as stored."""
    if phone.startswith("+1") and len(phone) == 12 and phone[1:].isdigit():
        return f"{phone[2:5]}-{phone[5:8]}-{phone[8:]}"
    return phone


def _joined(items: list[str]) -> str:
    # "Worse when: when I'm tired" says "when" twice.
    return "; ".join(item[5:] if item.lower().startswith("when ") else item for item in items)


def _name(summary: Summary) -> str | None:
    client = summary["client"]
    if not client["preferred_name"]:
        return None
    pronouns = f" ({client['pronouns']})" if client["pronouns"] else ""
    return f"Name: {client['preferred_name']}{pronouns}"


def _pronouns(summary: Summary) -> str | None:
    client = summary["client"]
    if client["preferred_name"] or not client["pronouns"]:
        return None  # shown with the name
    return f"Pronouns: {client['pronouns']}"


def _age(summary: Summary) -> str | None:
    age = summary["client"]["age"]
    return None if age is None else f"Age: {age}"


def _email(summary: Summary) -> str | None:
    email = summary["client"]["contact"]["email"]
    return email and f"Email: {email}"


def _phone(summary: Summary) -> str | None:
    phone = summary["client"]["contact"]["phone"]
    return phone and f"Phone: {phone_for_reading(phone)}"


def _contact_preference(summary: Summary) -> str | None:
    preferred = summary["client"]["contact"]["preferred"]
    return preferred and f"Best way to reach you: {_CONTACT[preferred]}"


def _session_format(summary: Summary) -> str | None:
    session_format = summary["preferences"]["session_format"]
    return session_format and f"Sessions: {_SESSION_FORMAT[session_format]}"


def _location(summary: Summary) -> str | None:
    location = summary["preferences"]["location"]
    return location and f"Office: {location}"


def _availability(summary: Summary) -> str | None:
    availability = summary["preferences"]["availability"]
    return availability and f"Times that suit you: {availability}"


def _seeking_for(summary: Summary) -> str | None:
    seeking_for = summary["seeking_for"]
    return seeking_for and f"Therapy for: {_SEEKING_FOR[seeking_for]}"


def _relationship_status(summary: Summary) -> str | None:
    status = summary["relationship"]["status"]
    return status and f"Relationship: {_STATUS.get(status, status)}"


def _relationship_length(summary: Summary) -> str | None:
    months = summary["relationship"]["length_months"]
    return None if months is None else f"Together {duration(months)}"


def _partner_involvement(summary: Summary) -> str | None:
    involvement = summary["relationship"]["partner_involvement"]
    return involvement and f"Your partner: {_PARTNER[involvement]}"


def _main_concern(summary: Summary) -> str | None:
    words = summary["concern"]["client_words"]
    return words and f"What brings you: {words}"


def _onset(summary: Summary) -> str | None:
    onset = summary["concern"]["onset"]
    events = onset.get("life_events") or []
    after = f" (after {' and '.join(events)})" if events else ""
    if onset["pattern"] == "lifelong":
        return "Started: it's always been this way"
    if onset["duration_months"] is not None:
        return f"Started: {duration(onset['duration_months'])} ago{after}"
    if onset["client_words"]:
        return f"Started: {onset['client_words']}"
    return f"Started: after {' and '.join(events)}" if events else None


def _context(summary: Summary) -> str | None:
    context = summary["concern"]["context"]
    return f"Happens: {_CONTEXT[context]}" if context in _CONTEXT else None


def _better_when(summary: Summary) -> str | None:
    better = summary["concern"]["better_when"]
    return f"Better when: {_joined(better)}" if better else None


def _worse_when(summary: Summary) -> str | None:
    worse = summary["concern"]["worse_when"]
    return f"Worse when: {_joined(worse)}" if worse else None


def _distress(summary: Summary) -> str | None:
    distress = summary["concern"]["distress_0_10"]
    return None if distress is None else f"How much it bothers you: {distress} out of 10"


def _none_or(items: list[str]) -> str:
    return ", ".join(items) if items else "none"


def _medical_conditions(summary: Summary) -> str | None:
    conditions = summary["health"]["medical_conditions"]
    if conditions is None:
        return None
    return f"Health conditions: {_none_or([c['name'] for c in conditions])}"


def _medication(medication: Mapping[str, Any]) -> str:
    as_said = medication.get("as_said")
    if as_said and as_said.strip().lower() != medication["name"].lower():
        return f"{medication['name']} ({as_said.strip()})"
    return medication["name"]


def _medications(summary: Summary) -> str | None:
    medications = summary["health"]["medications"]
    if medications is None:
        return None
    return f"Medications: {_none_or([_medication(m) for m in medications])}"


def _substance_use(summary: Summary) -> str | None:
    uses = summary["health"]["substance_use"]
    if uses is None:
        return None
    said = [
        # "rarely", the substance unsaid, reads back as just that, not as "unspecified (rarely)".
        u["frequency"]
        if u["substance"] == "unspecified" and u.get("frequency")
        else u["substance"] + (f" ({u['frequency']})" if u.get("frequency") else "")
        for u in uses
    ]
    return f"Alcohol and other substances: {_none_or(said)}"


def _mental_health(summary: Summary) -> str | None:
    mental = summary["health"]["mental_health"]
    diagnoses, treatment = mental["diagnoses"], mental["current_treatment"]
    if diagnoses is None and treatment is None:
        return None
    parts = list(diagnoses or [])
    if treatment:
        parts.append(f"current treatment: {treatment}")
    return f"Mental health: {'; '.join(parts) if parts else 'none'}"


def _prior_therapy(summary: Summary) -> str | None:
    history = summary["history"]
    if history["prior_therapy"] is None:
        return None
    if not history["prior_therapy"]:
        return "Therapy before: no"
    details = history.get("prior_therapy_details")
    return "Therapy before: yes" + (f" ({details})" if details else "")


def _goals(summary: Summary) -> str | None:
    goals = summary["goals"]
    return goals and f"Hoping for: {goals}"


def _notes(summary: Summary) -> str | None:
    notes = summary["notes"]
    return notes and f"Also: {notes}"


_RENDERERS: dict[str, Callable[[Summary], str | None]] = {
    "age": _age,
    "preferred_name": _name,
    "pronouns": _pronouns,
    "email": _email,
    "phone": _phone,
    "contact_preference": _contact_preference,
    "session_format": _session_format,
    "location": _location,
    "availability": _availability,
    "seeking_for": _seeking_for,
    "relationship_status": _relationship_status,
    "relationship_length": _relationship_length,
    "partner_involvement": _partner_involvement,
    "main_concern": _main_concern,
    "onset": _onset,
    "context": _context,
    "better_when": _better_when,
    "worse_when": _worse_when,
    "distress": _distress,
    "medical_conditions": _medical_conditions,
    "medications": _medications,
    "substance_use": _substance_use,
    "mental_health_history": _mental_health,
    "prior_therapy": _prior_therapy,
    "goals": _goals,
    "anything_else": _notes,
}
