"""The intake as an HL7 FHIR R4 QuestionnaireResponse, and the Questionnaire it answers.

One Questionnaire item per summary field, its linkId the field's summary path, grouped by
section; an EHR that imports the Questionnaire once can then import every response.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

QUESTIONNAIRE_PATH = "/api/fhir/Questionnaire/intake"
QUESTIONNAIRE_VERSION = "1.0"  # follows the summary's schema_version
RESPONSE_STATUS = {"complete": "completed", "in_progress": "in-progress", "abandoned": "stopped"}


@dataclass(frozen=True)
class Item:
    link_id: str
    text: str
    type: str  # FHIR item type: string, text, integer, decimal, boolean, choice
    options: tuple[str, ...] = ()
    repeats: bool = False
    value: Callable[[dict[str, Any]], Any] | None = None  # default: the value at link_id


@dataclass(frozen=True)
class Group:
    link_id: str
    text: str
    items: tuple[Item, ...] = field(default_factory=tuple)


def _medications(summary: dict[str, Any]) -> list[str]:
    described = []
    for medication in _at(summary, "health.medications") or []:
        text = medication.get("name", "")
        if medication.get("drug_class"):
            text += f" ({medication['drug_class']})"
        if medication.get("sexual_side_effects_known"):
            text += "; known sexual side effects"
        described.append(text)
    return described


GROUPS: tuple[Group, ...] = (
    Group(
        "client",
        "Client",
        (
            Item("client.preferred_name", "Preferred name", "string"),
            Item("client.pronouns", "Pronouns", "string"),
            Item("client.age", "Age", "integer"),
            Item("client.contact.email", "Email", "string"),
            Item("client.contact.phone", "Phone", "string"),
            Item("client.contact.preferred", "Preferred contact", "choice", ("email", "phone", "text")),
            Item(
                "preferences.session_format",
                "Session format",
                "choice",
                ("in_person", "telehealth", "either"),
            ),
            Item("preferences.location", "Location", "string"),
            Item("preferences.availability", "Availability", "string"),
        ),
    ),
    Group(
        "relationship",
        "Relationship",
        (
            Item("seeking_for", "Seeking help as", "choice", ("individual", "couple", "unsure")),
            Item(
                "relationship.status",
                "Relationship status",
                "choice",
                (
                    "single",
                    "dating",
                    "partnered",
                    "engaged",
                    "married",
                    "separated",
                    "divorced",
                    "widowed",
                    "non_monogamous",
                    "other",
                ),
            ),
            Item("relationship.length_months", "Relationship length (months)", "decimal"),
            Item(
                "relationship.partner_involvement",
                "Partner involvement",
                "choice",
                ("attending", "aware_not_attending", "not_aware", "unsure"),
            ),
        ),
    ),
    Group(
        "concern",
        "Presenting concern",
        (
            Item("concern.client_words", "Concern in the client's words", "text"),
            Item(
                "concern.categories",
                "Concern areas",
                "choice",
                (
                    "low_desire",
                    "desire_discrepancy",
                    "arousal",
                    "erectile",
                    "orgasm",
                    "early_ejaculation",
                    "delayed_ejaculation",
                    "pain",
                    "performance_anxiety",
                    "communication",
                    "infidelity",
                    "sexual_trauma",
                    "identity_orientation",
                    "compulsive_sexual_behavior",
                    "body_image",
                    "life_change",
                    "other",
                ),
                repeats=True,
            ),
            Item("concern.onset.client_words", "Onset in the client's words", "text"),
            Item("concern.onset.pattern", "Onset pattern", "choice", ("lifelong", "acquired", "unknown")),
            Item("concern.onset.duration_months", "Duration (months)", "decimal"),
            Item("concern.context", "Context", "choice", ("generalized", "situational", "unknown")),
            Item("concern.better_when", "Better when", "string", repeats=True),
            Item("concern.worse_when", "Worse when", "string", repeats=True),
            Item("concern.distress_0_10", "Distress (0-10)", "integer"),
        ),
    ),
    Group(
        "health",
        "Health",
        (
            Item(
                "health.medical_conditions",
                "Medical conditions",
                "string",
                repeats=True,
                value=lambda s: [c.get("name", "") for c in _at(s, "health.medical_conditions") or []],
            ),
            Item("health.medications", "Medications", "string", repeats=True, value=_medications),
            Item(
                "health.substance_use",
                "Substance use",
                "string",
                repeats=True,
                value=lambda s: [u.get("substance", "") for u in _at(s, "health.substance_use") or []],
            ),
            Item("health.mental_health.diagnoses", "Mental health diagnoses", "string", repeats=True),
            Item("health.mental_health.current_treatment", "Current mental health treatment", "string"),
        ),
    ),
    Group(
        "screening",
        "Screening",
        (
            Item("screening.phq2.score", "PHQ-2 score (0-6)", "integer"),
            Item("screening.phq2.positive", "PHQ-2 positive (score 3 or more)", "boolean"),
            Item("screening.gad2.score", "GAD-2 score (0-6)", "integer"),
            Item("screening.gad2.positive", "GAD-2 positive (score 3 or more)", "boolean"),
        ),
    ),
    Group(
        "risk",
        "Risk",
        (
            Item(
                "risk.suicidal_ideation",
                "Suicidal ideation",
                "choice",
                ("none_reported", "passive", "active", "not_asked"),
            ),
            # Passive above can mean "not ruled out": the question answered unsure, declined or unclearly.
            Item(
                "risk.suicidal_ideation_answer",
                "Self-harm question not answered yes or no",
                "choice",
                ("unsure", "declined", "unclear"),
            ),
            Item(
                "risk.relationship_safety",
                "Safety at home",
                "choice",
                ("safe", "unsafe", "unsure", "not_asked"),
            ),
            Item("risk.crisis_resources_shown", "Crisis resources shown", "boolean"),
        ),
    ),
    Group(
        "history",
        "History and goals",
        (
            Item("history.prior_therapy", "Prior therapy", "boolean"),
            Item("history.prior_therapy_details", "Prior therapy details", "string"),
            Item("history.trauma_history", "Trauma history", "choice", ("yes", "no", "prefer_not_to_say")),
            Item("goals", "Goals", "text"),
            Item("notes", "Anything else", "text"),
        ),
    ),
    Group(
        "review",
        "For the therapist",
        (
            Item(
                "flags",
                "Flags",
                "string",
                repeats=True,
                value=lambda s: [
                    f"{f['code']} ({f['severity']}): {f['message']}" for f in s.get("flags") or []
                ],
            ),
            Item("skipped", "Skipped or declined", "string", repeats=True),
        ),
    ),
)


def canonical_url(base_url: str) -> str:
    return base_url.rstrip("/") + QUESTIONNAIRE_PATH


def questionnaire(base_url: str) -> dict[str, Any]:
    url = canonical_url(base_url)
    return {
        "resourceType": "Questionnaire",
        "id": "intake",
        "url": url,
        "version": QUESTIONNAIRE_VERSION,
        "name": "SexTherapyIntake",
        "title": "Sex and couples therapy first-session intake",
        "status": "active",
        "subjectType": ["Patient"],
        "item": [
            {
                "linkId": group.link_id,
                "text": group.text,
                "type": "group",
                "item": [_question(item, url) for item in group.items],
            }
            for group in GROUPS
        ],
    }


def questionnaire_response(summary: dict[str, Any], *, base_url: str) -> dict[str, Any]:
    url = canonical_url(base_url)
    groups = []
    for group in GROUPS:
        answered = []
        for item in group.items:
            answers = [_answer(item, value, url) for value in _values(item, summary)]
            if answers:
                answered.append({"linkId": item.link_id, "text": item.text, "answer": answers})
        if answered:
            groups.append({"linkId": group.link_id, "text": group.text, "item": answered})
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": summary["intake_id"],
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{summary['intake_id']}"},
        "questionnaire": f"{url}|{QUESTIONNAIRE_VERSION}",
        "status": RESPONSE_STATUS.get(summary.get("status", ""), "in-progress"),
        "authored": summary.get("completed_at") or summary.get("updated_at"),
        "item": groups,
    }
    if not response["authored"]:
        del response["authored"]
    return response


def _question(item: Item, url: str) -> dict[str, Any]:
    question: dict[str, Any] = {"linkId": item.link_id, "text": item.text, "type": item.type}
    if item.repeats:
        question["repeats"] = True
    if item.options:
        question["answerOption"] = [{"valueCoding": _coding(item, option, url)} for option in item.options]
    return question


def _coding(item: Item, code: str, url: str) -> dict[str, str]:
    return {"system": f"{url}/{item.link_id}", "code": code, "display": code.replace("_", " ")}


def _values(item: Item, summary: dict[str, Any]) -> list[Any]:
    value = item.value(summary) if item.value else _at(summary, item.link_id)
    values = value if isinstance(value, list) else [value]
    return [v for v in values if v is not None and v != ""]


def _answer(item: Item, value: Any, url: str) -> dict[str, Any]:
    if item.type == "choice":
        return {"valueCoding": _coding(item, str(value), url)}
    if item.type == "integer":
        return {"valueInteger": int(value)}
    if item.type == "decimal":
        return {"valueDecimal": float(value)}
    if item.type == "boolean":
        return {"valueBoolean": bool(value)}
    return {"valueString": str(value)}


def _at(document: dict[str, Any], path: str) -> Any:
    value: Any = document
    for key in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value
