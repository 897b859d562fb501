"""An intake summary laid out the way a clinician reads an intake, for the page, print and PDF.

Every row keeps the summary path its value came from, so the page can link it to the client's
own words through the summary's `evidence`. Values are plain text: escaping is the template's
(or the PDF writer's) job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.intake.fields import FIELDS

SCREEN_CUT_OFF = 3  # PHQ-2 and GAD-2: a score of 3 or more out of 6 is a positive screen

CATEGORY_LABELS = {
    "early_ejaculation": "early ejaculation",
    "delayed_ejaculation": "delayed ejaculation",
    "identity_orientation": "identity / orientation",
    "compulsive_sexual_behavior": "compulsive sexual behaviour",
}
SEVERITY_ORDER = {"urgent": 0, "review": 1, "info": 2}


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    path: str = ""
    note: str = ""
    quoted: bool = False  # the client's own words, shown as a quotation


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)
    anchor: str = ""


def words(value: Any) -> str:
    """An enum value as words: 'aware_not_attending' -> 'aware not attending'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return CATEGORY_LABELS.get(text, text.replace("_", " "))


# The self-harm question answered without a yes or a no (bot/intake/summary.py): the summary's
# level is "passive", which would read as thoughts reported.
_IDEATION_NOT_RULED_OUT = {
    "unsure": "not ruled out: the client was unsure",
    "declined": "not ruled out: the client preferred not to answer",
    "unclear": "not ruled out: the answer was unclear",
}


def _ideation_row(row: Any, risk: dict[str, Any], verbatim: dict[str, Any]) -> Row:
    how = risk.get("suicidal_ideation_answer")
    if how not in _IDEATION_NOT_RULED_OUT:
        return row("Suicidal ideation", "risk.suicidal_ideation", words(risk.get("suicidal_ideation")))
    said = verbatim.get("risk.suicidal_ideation")
    note = f'in their words: "{said}"' if said else "ask at first contact"
    return row("Suicidal ideation", "risk.suicidal_ideation", _IDEATION_NOT_RULED_OUT[how], note=note)


def sections(summary: dict[str, Any]) -> list[Section]:
    verbatim = summary.get("verbatim") or {}

    def row(label: str, path: str, value: Any, *, note: str = "", quoted: bool = False) -> Row:
        text = value if isinstance(value, str) and quoted else _text(value)
        if not text and path in verbatim:
            return Row(label, str(verbatim[path]), path, "kept in the client's words", quoted=True)
        return Row(label, text, path, note, quoted and bool(text))

    client = summary.get("client") or {}
    contact = client.get("contact") or {}
    preferences = summary.get("preferences") or {}
    relationship = summary.get("relationship") or {}
    concern = summary.get("concern") or {}
    onset = concern.get("onset") or {}
    health = summary.get("health") or {}
    mental = health.get("mental_health") or {}
    screening = summary.get("screening") or {}
    risk = summary.get("risk") or {}
    history = summary.get("history") or {}
    consent = summary.get("consent") or {}

    return [
        Section(
            "Client",
            [
                row("Preferred name", "client.preferred_name", client.get("preferred_name")),
                row("Pronouns", "client.pronouns", client.get("pronouns")),
                row("Age", "client.age", client.get("age")),
                row("Email", "client.contact.email", contact.get("email")),
                row("Phone", "client.contact.phone", contact.get("phone")),
                row("Prefers contact by", "client.contact.preferred", words(contact.get("preferred"))),
                row("Session format", "preferences.session_format", words(preferences.get("session_format"))),
                row("Location", "preferences.location", preferences.get("location")),
                row("Availability", "preferences.availability", preferences.get("availability")),
            ],
            "client",
        ),
        Section(
            "Presenting concern",
            [
                row(
                    "In the client's words", "concern.client_words", concern.get("client_words"), quoted=True
                ),
                row("Areas", "concern.client_words", [words(c) for c in concern.get("categories") or []]),
                row("Onset", "concern.onset", onset.get("client_words"), quoted=True),
                row("Pattern", "concern.onset", _onset_pattern(onset)),
                row("Life events", "concern.onset", onset.get("life_events") or []),
                row("Context", "concern.context", words(concern.get("context"))),
                row("Better when", "concern.better_when", concern.get("better_when") or []),
                row("Worse when", "concern.worse_when", concern.get("worse_when") or []),
                row("Distress", "concern.distress_0_10", _distress(concern.get("distress_0_10"))),
            ],
            "concern",
        ),
        Section(
            "Relationship",
            [
                row("Seeking help as", "seeking_for", words(summary.get("seeking_for"))),
                row("Status", "relationship.status", words(relationship.get("status"))),
                row("Length", "relationship.length_months", _months(relationship.get("length_months"))),
                row(
                    "Partner",
                    "relationship.partner_involvement",
                    words(relationship.get("partner_involvement")),
                ),
            ],
            "relationship",
        ),
        Section(
            "Health and medications",
            [
                row(
                    "Medical conditions",
                    "health.medical_conditions",
                    _none_or(health.get("medical_conditions"), lambda c: c.get("name", "")),
                ),
                *[
                    row(
                        "Medication",
                        "health.medications",
                        _medication(m),
                        note="known sexual side effects: consider in assessment"
                        if m.get("sexual_side_effects_known")
                        else "",
                    )
                    for m in health.get("medications") or []
                ],
                *(
                    [row("Medications", "health.medications", _none_or(health.get("medications"), str))]
                    if not health.get("medications")
                    else []
                ),
                row(
                    "Substance use", "health.substance_use", _none_or(health.get("substance_use"), _substance)
                ),
                row("Mental health", "health.mental_health", _none_or(mental.get("diagnoses"), str)),
                row("Current treatment", "health.mental_health", mental.get("current_treatment")),
            ],
            "health",
        ),
        Section(
            "Screening",
            [
                _screen("PHQ-2 (depression)", "screening.phq2", screening.get("phq2") or {}),
                _screen("GAD-2 (anxiety)", "screening.gad2", screening.get("gad2") or {}),
            ],
            "screening",
        ),
        Section(
            "Risk",
            [
                _ideation_row(row, risk, verbatim),
                row("Safety at home", "risk.relationship_safety", words(risk.get("relationship_safety"))),
                row(
                    "Crisis resources shown",
                    "risk.crisis_resources_shown",
                    risk.get("crisis_resources_shown"),
                ),
                *[
                    row("Disclosure", "risk.disclosures", text, quoted=True)
                    for text in risk.get("disclosures") or []
                ],
            ],
            "risk",
        ),
        Section(
            "History and goals",
            [
                row("Prior therapy", "history.prior_therapy", history.get("prior_therapy")),
                row("Details", "history.prior_therapy", history.get("prior_therapy_details")),
                row("Trauma history", "history.trauma_history", words(history.get("trauma_history"))),
                row("Goals", "goals", summary.get("goals"), quoted=True),
                row("Anything else", "notes", summary.get("notes"), quoted=True),
            ],
            "goals",
        ),
        Section(
            "Not answered",
            [
                row(
                    "Skipped or declined",
                    "skipped",
                    [skipped_label(slot) for slot in summary.get("skipped") or []],
                ),
                row(
                    "Consent",
                    "consent.given",
                    f"given {consent.get('at') or ''} (notice {consent.get('notice_version') or '?'})".strip()
                    if consent.get("given")
                    else "not given",
                ),
            ],
            "skipped",
        ),
    ]


def sorted_flags(summary: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(summary.get("flags") or [], key=lambda flag: SEVERITY_ORDER.get(flag.get("severity"), 9))


def skipped_label(slot: str) -> str:
    known = FIELDS.get(slot)
    return known.label if known else words(slot)


def client_messages(transcript: Iterable[dict[str, Any]]) -> list[tuple[int | None, dict[str, Any]]]:
    """Each message with its client index (the numbering `evidence` uses) or None for the assistant."""
    numbered: list[tuple[int | None, dict[str, Any]]] = []
    index = 0
    for message in transcript:
        if message.get("speaker") == "client":
            numbered.append((index, message))
            index += 1
        else:
            numbered.append((None, message))
    return numbered


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(item) for item in value if item not in (None, ""))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _none_or(items: list[Any] | None, describe: Any) -> Any:
    if items is None:
        return None
    if not items:
        return "none reported"
    return [describe(item) for item in items]


def _medication(medication: dict[str, Any]) -> str:
    text = str(medication.get("name") or "")
    if medication.get("as_said") and medication["as_said"] != text:
        text += f' (said "{medication["as_said"]}")'
    if medication.get("drug_class"):
        text += f" - {words(medication['drug_class']).upper() if len(medication['drug_class']) <= 5 else words(medication['drug_class'])}"
    return text


def _substance(item: dict[str, Any]) -> str:
    frequency = item.get("frequency")
    return f"{item.get('substance', '')} ({frequency})" if frequency else str(item.get("substance", ""))


def _onset_pattern(onset: dict[str, Any]) -> str:
    pattern = onset.get("pattern")
    if not pattern:
        return ""
    text = words(pattern)
    if onset.get("duration_months") is not None:
        text += f", about {_months(onset['duration_months'])}"
    if onset.get("approx_start"):
        text += f", since about {onset['approx_start']}"
    return text


def _months(months: Any) -> str:
    if months is None:
        return ""
    months = float(months)
    if months >= 24:
        return f"{months / 12:.0f} years"
    return f"{months:.0f} months"


def _distress(score: Any) -> str:
    return "" if score is None else f"{score} / 10"


def _screen(label: str, path: str, screen: dict[str, Any]) -> Row:
    score = screen.get("score")
    items = screen.get("items") or [None, None]
    if score is None:
        answered = [item for item in items if item is not None]
        return Row(label, "not completed" + (f" (items: {answered})" if answered else ""), path)
    result = "positive" if screen.get("positive") else "negative"
    return Row(
        label,
        f"{score} / 6, {result}",
        path,
        note=f"cut-off {SCREEN_CUT_OFF} or more; items {items[0]} and {items[1]} (0-3 each)",
    )


def evidence_for(summary: dict[str, Any], path: str) -> list[int]:
    """The client-message indices behind `path` and everything under it (e.g. its list items)."""
    if not path:
        return []
    found: set[int] = set()
    for key, indices in (summary.get("evidence") or {}).items():
        if key == path or key.startswith(path + ".") or key.startswith(path + "["):
            found.update(int(index) for index in indices)
    return sorted(found)
