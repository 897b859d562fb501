"""Flags for the therapist, computed from a built summary by small, independent rules.

Each rule reads the summary (and the safety disclosures, whose categories the summary does not
keep) and returns zero or more flags. Messages are written for a clinician: they report what the
client said and suggest what to consider; they never diagnose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from bot.intake.parsing.lexicon import load

Summary = Mapping[str, Any]
Disclosures = Sequence[Mapping[str, Any]]
Flag = dict[str, Any]
Rule = Callable[[Summary, Disclosures], list[Flag]]

SEVERITY_ORDER = {"urgent": 0, "review": 1, "info": 2}

# The spec's flag rule names these classes; a normaliser may also mark any other medication with
# sexual_side_effects_known.
SEXUAL_SIDE_EFFECT_CLASSES = frozenset(
    {
        "ssri",
        "snri",
        "antipsychotic",
        "beta_blocker",
        "thiazide_diuretic",
        "hormonal_contraceptive",
        "5_alpha_reductase_inhibitor",
        "opioid",
    }
)
_CLASS_NAMES = {
    "ssri": "SSRI",
    "snri": "SNRI",
    "maoi": "MAOI",
    "tca": "tricyclic antidepressant",
    "5_alpha_reductase_inhibitor": "5-alpha reductase inhibitor",
    "pde5_inhibitor": "PDE5 inhibitor",
}

# The spec says "any crisis disclosure = URGENT_SUICIDAL_IDEATION". We follow it literally for
# suicidal, self-harm and sexual-assault disclosures (the schema has no code of its own for a
# recent assault, and it needs the same prompt follow-up), while danger from a partner gets the
# more precise URGENT_UNSAFE_RELATIONSHIP. Each message says which kind of disclosure it was.
_URGENT_SUICIDAL_CATEGORIES = {
    "suicidal": "Client disclosed suicidal thoughts during the conversation.",
    "self_harm": "Client disclosed thoughts of harming themselves during the conversation.",
    "sexual_assault": "Client disclosed a recent sexual assault during the conversation.",
}
_PARTNER_DANGER = "Client disclosed danger from a partner during the conversation."

# Erectile concerns share risk factors with vascular disease: the spec names diabetes, heart
# disease, hypertension and smoking. Matched as substrings of the lower-cased condition name;
# "heart" alone would also match heartburn.
_VASCULAR_RISK_WORDS = (
    "diabet",
    "heart disease",
    "heart condition",
    "heart attack",
    "heart failure",
    "heart problem",
    "cardiac",
    "coronary",
    "angina",
    "hypertension",
    "high blood pressure",
)
_VASCULAR_CATEGORIES = frozenset({"cardiovascular", "cardiac"})
_TOBACCO_WORDS = ("tobacco", "nicotine", "cigar", "smok")


def compute_flags(summary: Summary, *, disclosures: Disclosures = ()) -> list[Flag]:
    """Every rule's flags, urgent first, then review, then info (rule order within each)."""
    flags = [flag for rule in RULES for flag in rule(summary, disclosures)]
    return sorted(flags, key=lambda flag: SEVERITY_ORDER[flag["severity"]])


def _flag(code: str, severity: str, message: str, evidence: Iterable[int]) -> Flag:
    return {
        "code": code,
        "severity": severity,
        "message": message,
        "evidence": sorted(set(evidence)),
    }


def _evidence(summary: Summary, *paths: str) -> list[int]:
    by_path = summary.get("evidence") or {}
    return sorted({index for path in paths for index in by_path.get(path, [])})


def _disclosure_indices(disclosures: Iterable[Mapping[str, Any]]) -> list[int]:
    return [d["message_index"] for d in disclosures if d.get("message_index") is not None]


def _crisis_note(summary: Summary) -> str:
    shown = summary["risk"].get("crisis_resources_shown")
    return " Crisis resources were shown." if shown else ""


def suicidal_ideation(summary: Summary, disclosures: Disclosures) -> list[Flag]:
    reasons: list[str] = []
    evidence: list[int] = []
    if summary["risk"]["suicidal_ideation"] == "active":
        reasons.append("Client reports active thoughts of self-harm or suicide at screening.")
        evidence += _evidence(summary, "risk.suicidal_ideation")
    urgent = [d for d in disclosures if d.get("category") in _URGENT_SUICIDAL_CATEGORIES]
    for category, reason in _URGENT_SUICIDAL_CATEGORIES.items():
        if any(d["category"] == category for d in urgent):
            reasons.append(reason)
    evidence += _disclosure_indices(urgent)
    if not reasons:
        return []
    message = " ".join(reasons) + _crisis_note(summary) + " Follow up promptly; consider a risk assessment."
    return [_flag("URGENT_SUICIDAL_IDEATION", "urgent", message, evidence)]


# The self-harm question answered without a yes or a no (summary.py records the lowest level that
# is not a no): the schema has no flag code of its own for it, and it needs the same follow-up.
_NOT_RULED_OUT = {
    "unsure": "Client was unsure how to answer the question about thoughts that life isn't worth living or of "
    "harming themselves",
    "declined": "Client preferred not to answer the question about thoughts that life isn't worth living or of "
    "harming themselves",
    "unclear": "Client's answer to the question about thoughts that life isn't worth living or of harming "
    "themselves was unclear (kept in their words)",
}


def passive_ideation(summary: Summary, disclosures: Disclosures) -> list[Flag]:
    if summary["risk"]["suicidal_ideation"] != "passive":
        return []
    how = summary["risk"].get("suicidal_ideation_answer")
    if how in _NOT_RULED_OUT:
        message = (
            f"{_NOT_RULED_OUT[how]}; recorded as passive ideation not ruled out, not as ideation reported."
            + _crisis_note(summary)
            + " Ask about it directly and kindly at first contact; consider a risk assessment."
        )
    else:
        message = (
            "Client reports passive thoughts that life isn't worth living, without stated intent; "
            "consider a risk assessment at the first session."
        )
    return [_flag("RISK_PASSIVE_IDEATION", "review", message, _evidence(summary, "risk.suicidal_ideation"))]


def unsafe_relationship(summary: Summary, disclosures: Disclosures) -> list[Flag]:
    reasons: list[str] = []
    evidence: list[int] = []
    if summary["risk"]["relationship_safety"] == "unsafe":
        reasons.append("Client reports not feeling safe with their partner or at home.")
        evidence += _evidence(summary, "risk.relationship_safety")
    danger = [d for d in disclosures if d.get("category") == "partner_danger"]
    if danger:
        reasons.append(_PARTNER_DANGER)
        evidence += _disclosure_indices(danger)
    if not reasons:
        return []
    message = (
        " ".join(reasons)
        + _crisis_note(summary)
        + " Follow up promptly; consider safety planning and whether joint sessions are suitable."
    )
    return [_flag("URGENT_UNSAFE_RELATIONSHIP", "urgent", message, evidence)]


def relationship_safety_unsure(summary: Summary, disclosures: Disclosures) -> list[Flag]:
    if summary["risk"]["relationship_safety"] != "unsure":
        return []
    message = (
        "Client was unsure whether they feel safe with their partner or at home; "
        "consider exploring safety individually before joint sessions."
    )
    return [
        _flag(
            "RISK_RELATIONSHIP_SAFETY_UNSURE",
            "review",
            message,
            _evidence(summary, "risk.relationship_safety"),
        )
    ]


def _positive_screen(summary: Summary, name: str, code: str, follow_up: str) -> list[Flag]:
    screen = summary["screening"][name]
    if screen["score"] is None or screen["score"] < 3:
        return []
    label = name[:3].upper() + "-2"
    message = f"{label} score {screen['score']} of 6 (positive screen, cut-off 3); {follow_up}"
    paths = (f"screening.{name}.items[0]", f"screening.{name}.items[1]")
    return [_flag(code, "review", message, _evidence(summary, *paths))]


def phq2_positive(summary: Summary, disclosures: Disclosures) -> list[Flag]:
    follow_up = "consider a fuller assessment of mood (e.g. PHQ-9)."
    return _positive_screen(summary, "phq2", "SCREEN_POSITIVE_PHQ2", follow_up)


def gad2_positive(summary: Summary, disclosures: Disclosures) -> list[Flag]:
    follow_up = "consider a fuller assessment of anxiety (e.g. GAD-7)."
    return _positive_screen(summary, "gad2", "SCREEN_POSITIVE_GAD2", follow_up)


def high_distress(summary: Summary, disclosures: Disclosures) -> list[Flag]:
    distress = summary["concern"]["distress_0_10"]
    if distress is None or distress < 7:
        return []
    message = f"Client rates their distress about the concern {distress}/10."
    return [_flag("HIGH_DISTRESS", "review", message, _evidence(summary, "concern.distress_0_10"))]


def class_name(drug_class: str) -> str:
    """How a drug class reads in a message: 'SSRI', 'beta blocker', '5-alpha reductase ...'."""
    return _CLASS_NAMES.get(drug_class, drug_class.replace("_", " "))


def is_class_only(name: str) -> bool:
    """Whether a medication's name is a class said without the medicine ("an antidepressant"):
    an entry of the medications lexicon marked generic."""
    return bool((load("medications")["medications"].get(name) or {}).get("generic"))


def medication_side_effects(summary: Summary, disclosures: Disclosures) -> list[Flag]:
    medications = summary["health"]["medications"] or []
    evidence = _evidence(summary, "health.medications")
    flags = []
    for medication in medications:
        drug_class = medication.get("drug_class")
        if drug_class not in SEXUAL_SIDE_EFFECT_CLASSES and not medication.get("sexual_side_effects_known"):
            continue
        name = medication["name"][:1].upper() + medication["name"][1:]
        if is_class_only(medication["name"]):
            # "I'm on an antidepressant": the class, not the medicine; which one matters.
            message = (
                f"{name} (which one was not said): many of these are associated with sexual side effects; "
                "ask which medicine it is and consider in assessment."
            )
            flags.append(_flag("MEDICATION_SEXUAL_SIDE_EFFECTS", "info", message, evidence))
            continue
        named = f"{name} ({class_name(drug_class)})" if drug_class else name
        message = f"{named} is associated with sexual side effects; consider in assessment."
        flags.append(_flag("MEDICATION_SEXUAL_SIDE_EFFECTS", "info", message, evidence))
    return flags


def describe_months(months: float) -> str:
    """'about 18 months', 'about 2 years', 'about 2.5 years'."""
    if months < 24:
        return f"about {months:g} month" + ("" if months == 1 else "s")
    return f"about {round(months / 12, 1):g} years"


def long_duration(summary: Summary, disclosures: Disclosures) -> list[Flag]:
    months = summary["concern"]["onset"]["duration_months"]
    if months is None or months < 6:
        return []
    message = f"Reported duration {describe_months(months)} (6-month duration criterion met)."
    return [_flag("DURATION_6_MONTHS_OR_MORE", "info", message, _evidence(summary, "concern.onset"))]


def lifelong_pattern(summary: Summary, disclosures: Disclosures) -> list[Flag]:
    if summary["concern"]["onset"]["pattern"] != "lifelong":
        return []
    message = "Client describes the concern as always present (lifelong pattern)."
    return [_flag("LIFELONG_PATTERN", "info", message, _evidence(summary, "concern.onset"))]


def _vascular_risks(summary: Summary) -> list[str]:
    """The client's own names for the conditions and substances that put erections at risk."""
    risks: list[str] = []
    for condition in summary["health"]["medical_conditions"] or []:
        name = condition["name"]
        in_category = (condition.get("category") or "").lower() in _VASCULAR_CATEGORIES
        if in_category or any(word in name.lower() for word in _VASCULAR_RISK_WORDS):
            risks.append(name)
    for use in summary["health"]["substance_use"] or []:
        if any(word in use["substance"].lower() for word in _TOBACCO_WORDS):
            # "I quit smoking last year" is a history, not current use: the clinician reads which.
            former = "former " if use.get("frequency") == "former" else ""
            risks.append(f"{former}{use['substance']} use")
    return list(dict.fromkeys(risks))


def medical_evaluation(summary: Summary, disclosures: Disclosures) -> list[Flag]:
    if "erectile" not in summary["concern"]["categories"]:
        return []
    risks = _vascular_risks(summary)
    if not risks:
        return []
    message = (
        f"Client reports erectile concerns alongside {', '.join(risks)}; "
        "consider suggesting a medical evaluation if not already done."
    )
    paths = ("concern.client_words", "health.medical_conditions", "health.substance_use")
    return [_flag("MEDICAL_EVALUATION_SUGGESTED", "review", message, _evidence(summary, *paths))]


def trauma_disclosed(summary: Summary, disclosures: Disclosures) -> list[Flag]:
    if summary["history"]["trauma_history"] != "yes":
        return []
    message = (
        "Client indicated past unwanted or difficult sexual experiences (no details were asked); "
        "consider a trauma-informed approach."
    )
    return [_flag("TRAUMA_DISCLOSED", "review", message, _evidence(summary, "history.trauma_history"))]


def incomplete_intake(summary: Summary, disclosures: Disclosures) -> list[Flag]:
    if summary["status"] != "abandoned":
        return []
    message = "Client left before confirming the summary; some answers may be missing or unconfirmed."
    return [_flag("INCOMPLETE_INTAKE", "info", message, [])]


RULES: tuple[Rule, ...] = (
    suicidal_ideation,
    unsafe_relationship,
    passive_ideation,
    relationship_safety_unsure,
    phq2_positive,
    gad2_positive,
    high_distress,
    medical_evaluation,
    trauma_disclosed,
    medication_side_effects,
    long_duration,
    lifelong_pattern,
    incomplete_intake,
)
