"""The intake's fields: which slot belongs to which section, in what order, and when it is asked.

This is the single source for the contract table in INTAKE_SPEC.md. The Rasa domain, the
validation actions, the summary builder and the read-back all read it from here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Answers = Mapping[str, Any]


def _not_telehealth(answers: Answers) -> bool:
    return answers.get("session_format") != "telehealth"


def _has_partner(answers: Answers) -> bool:
    return answers.get("relationship_status") != "single"


def _has_current_partner(answers: Answers) -> bool:
    # A widower or a divorcee with no one new is not asked "how long have you been together?".
    # (The safety question is still asked of them: it is about home too.)
    return answers.get("relationship_status") not in ("single", "widowed", "divorced")


@dataclass(frozen=True)
class Field:
    slot: str
    summary_path: str
    label: str
    asked_when: Callable[[Answers], bool] | None = None

    def is_asked(self, answers: Answers) -> bool:
        return self.asked_when is None or self.asked_when(answers)


@dataclass(frozen=True)
class Section:
    form: str
    title: str
    fields: tuple[Field, ...]

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(field.slot for field in self.fields)


SECTIONS: tuple[Section, ...] = (
    Section(
        "eligibility_form",
        "Before we start",
        (
            Field("consent_given", "consent.given", "consent"),
            Field("age", "client.age", "age"),
        ),
    ),
    Section(
        "about_you_form",
        "About you",
        (
            Field("preferred_name", "client.preferred_name", "name"),
            Field("pronouns", "client.pronouns", "pronouns"),
            Field("email", "client.contact.email", "email"),
            Field("phone", "client.contact.phone", "phone"),
            Field("contact_preference", "client.contact.preferred", "preferred contact"),
            Field("session_format", "preferences.session_format", "session format"),
            Field("location", "preferences.location", "office", _not_telehealth),
            Field("availability", "preferences.availability", "availability"),
        ),
    ),
    Section(
        "relationship_form",
        "Your relationship",
        (
            Field("seeking_for", "seeking_for", "therapy for"),
            Field("relationship_status", "relationship.status", "relationship status"),
            Field(
                "relationship_length",
                "relationship.length_months",
                "how long together",
                _has_current_partner,
            ),
            Field(
                "partner_involvement",
                "relationship.partner_involvement",
                "partner involvement",
                _has_current_partner,
            ),
        ),
    ),
    Section(
        "concern_form",
        "What brings you here",
        (
            Field("main_concern", "concern.client_words", "main concern"),
            Field("onset", "concern.onset", "when it started"),
            Field("context", "concern.context", "all situations or some"),
            Field("better_when", "concern.better_when", "what makes it better"),
            Field("worse_when", "concern.worse_when", "what makes it worse"),
            Field("distress", "concern.distress_0_10", "how much it bothers you"),
        ),
    ),
    Section(
        "health_form",
        "Your health",
        (
            Field("medical_conditions", "health.medical_conditions", "medical conditions"),
            Field("medications", "health.medications", "medications"),
            Field("substance_use", "health.substance_use", "alcohol and other substances"),
            Field("mental_health_history", "health.mental_health", "mental health"),
        ),
    ),
    Section(
        "screening_form",
        "How you've been feeling",
        (
            Field("phq2_interest", "screening.phq2.items[0]", "little interest or pleasure"),
            Field("phq2_mood", "screening.phq2.items[1]", "feeling down"),
            Field("gad2_nervous", "screening.gad2.items[0]", "feeling nervous"),
            Field("gad2_worry", "screening.gad2.items[1]", "not able to stop worrying"),
            Field("self_harm", "risk.suicidal_ideation", "thoughts of self-harm"),
            Field(
                "relationship_safety",
                "risk.relationship_safety",
                "safety at home",
                _has_partner,
            ),
        ),
    ),
    Section(
        "history_form",
        "History and goals",
        (
            Field("trauma_history", "history.trauma_history", "difficult past experiences"),
            Field("prior_therapy", "history.prior_therapy", "therapy before"),
            Field("goals", "goals", "goals"),
            Field("anything_else", "notes", "anything else"),
        ),
    ),
    Section(
        "readback_form",
        "Read-back",
        (Field("summary_confirmed", "status", "confirmation"),),
    ),
)

FIELDS: dict[str, Field] = {field.slot: field for section in SECTIONS for field in section.fields}
SECTION_OF: dict[str, Section] = {field.slot: section for section in SECTIONS for field in section.fields}
FORMS: tuple[str, ...] = tuple(section.form for section in SECTIONS)


def section(form: str) -> Section:
    return next(s for s in SECTIONS if s.form == form)


def slots_to_ask(form: str, answers: Answers, *, settled: frozenset[str] = frozenset()) -> list[str]:
    """The form's slots still to ask, in order: skipped or kept-verbatim slots are settled."""
    return [
        field.slot for field in section(form).fields if field.slot not in settled and field.is_asked(answers)
    ]
