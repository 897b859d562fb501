from __future__ import annotations

import copy
from datetime import datetime, timezone
from typing import Any

import pytest

from bot.intake.flags import (
    RULES,
    SEXUAL_SIDE_EFFECT_CLASSES,
    class_name,
    compute_flags,
    describe_months,
)
from bot.intake.summary import IntakeState, build_summary

NOW = datetime(2026, 11, 20, 19, 0, 0, tzinfo=timezone.utc)


def summary_for(answers: dict[str, Any] | None = None, **overrides: Any) -> dict:
    state = IntakeState(
        conversation_id="conv-flags",
        intake_id="00000000-0000-4000-8000-000000000002",
        started_at=NOW,
        updated_at=NOW,
        answers=dict(answers or {}),
        **overrides,
    )
    return build_summary(state)


def disclosure(category: str, index: int, text: str = "a disclosure") -> dict:
    return {"text": text, "category": category, "message_index": index}


def codes(flags: list[dict]) -> list[str]:
    return [flag["code"] for flag in flags]


def only(flags: list[dict], code: str) -> dict:
    matching = [flag for flag in flags if flag["code"] == code]
    assert len(matching) == 1, codes(flags)
    return matching[0]


def medication(name: str, drug_class: str | None, known: bool = False) -> dict:
    return {
        "name": name,
        "as_said": name,
        "drug_class": drug_class,
        "sexual_side_effects_known": known,
    }


# --- suicidal ideation and crisis disclosures -----------------------------------------------------


def test_active_self_harm_answer_is_urgent_suicidal_ideation_with_its_evidence():
    summary = summary_for({"self_harm": "active"}, evidence={"self_harm": [21]})

    flag = only(compute_flags(summary), "URGENT_SUICIDAL_IDEATION")

    assert flag["severity"] == "urgent"
    assert flag["evidence"] == [21]
    assert "active thoughts" in flag["message"]


@pytest.mark.parametrize(
    ("category", "wording"),
    [
        ("suicidal", "suicidal thoughts"),
        ("self_harm", "harming themselves"),
        ("sexual_assault", "sexual assault"),
    ],
)
def test_a_crisis_disclosure_is_urgent_suicidal_ideation_naming_what_was_disclosed(category, wording):
    summary = summary_for()

    flags = compute_flags(summary, disclosures=[disclosure(category, 6)])

    flag = only(flags, "URGENT_SUICIDAL_IDEATION")
    assert flag["severity"] == "urgent"
    assert flag["evidence"] == [6]
    assert wording in flag["message"]
    assert "URGENT_UNSAFE_RELATIONSHIP" not in codes(flags)


def test_a_partner_danger_disclosure_is_an_urgent_unsafe_relationship_not_suicidal_ideation():
    flags = compute_flags(summary_for(), disclosures=[disclosure("partner_danger", 4)])

    assert codes(flags) == ["URGENT_UNSAFE_RELATIONSHIP"]
    assert flags[0]["severity"] == "urgent"
    assert flags[0]["evidence"] == [4]
    assert "danger from a partner" in flags[0]["message"]


def test_several_disclosures_make_one_flag_per_code_with_every_message_as_evidence():
    disclosures = [
        disclosure("suicidal", 9),
        disclosure("sexual_assault", 2),
        disclosure("suicidal", 5),
    ]

    flags = compute_flags(
        summary_for({"self_harm": "active"}, evidence={"self_harm": [12]}), disclosures=disclosures
    )

    flag = only(flags, "URGENT_SUICIDAL_IDEATION")
    assert flag["evidence"] == [2, 5, 9, 12]
    assert "suicidal thoughts" in flag["message"]
    assert "sexual assault" in flag["message"]


def test_an_urgent_flag_says_when_crisis_resources_were_shown():
    summary = summary_for(crisis_resources_shown=True)

    flag = only(compute_flags(summary, disclosures=[disclosure("suicidal", 1)]), "URGENT_SUICIDAL_IDEATION")

    assert "Crisis resources were shown." in flag["message"]


def test_an_urgent_flag_does_not_claim_crisis_resources_that_were_not_shown():
    flag = only(compute_flags(summary_for({"self_harm": "active"})), "URGENT_SUICIDAL_IDEATION")

    assert "Crisis resources" not in flag["message"]


@pytest.mark.parametrize("answer", ["none_reported", "passive", None])
def test_no_urgent_suicidal_ideation_without_an_active_answer_or_a_disclosure(answer):
    flags = compute_flags(summary_for({"self_harm": answer}))

    assert "URGENT_SUICIDAL_IDEATION" not in codes(flags)


def test_passive_ideation_is_for_review():
    summary = summary_for({"self_harm": "passive"}, evidence={"self_harm": [18]})

    flags = compute_flags(summary)

    assert codes(flags) == ["RISK_PASSIVE_IDEATION"]
    assert flags[0]["severity"] == "review"
    assert flags[0]["evidence"] == [18]


@pytest.mark.parametrize(
    "answer, said",
    [("unsure", "was unsure how to answer"), ("declined", "preferred not to answer")],
)
def test_an_unsure_or_declined_self_harm_answer_is_flagged_for_follow_up_without_claiming_ideation(
    answer, said
):
    summary = summary_for({"self_harm": answer}, evidence={"self_harm": [21]}, crisis_resources_shown=True)

    flags = compute_flags(summary)

    assert codes(flags) == ["RISK_PASSIVE_IDEATION"]
    assert flags[0]["severity"] == "review"
    assert flags[0]["evidence"] == [21]
    assert said in flags[0]["message"]
    assert "not ruled out, not as ideation reported" in flags[0]["message"]
    assert "Crisis resources were shown" in flags[0]["message"]


def test_a_self_harm_answer_kept_in_the_clients_words_is_flagged_for_follow_up():
    flags = compute_flags(summary_for({}, verbatim={"self_harm": "why would you ask that"}))

    assert codes(flags) == ["RISK_PASSIVE_IDEATION"]
    assert "unclear" in flags[0]["message"]


@pytest.mark.parametrize("answer", ["none_reported", "active", None])
def test_passive_ideation_flag_only_for_a_passive_answer(answer):
    assert "RISK_PASSIVE_IDEATION" not in codes(compute_flags(summary_for({"self_harm": answer})))


# --- relationship safety --------------------------------------------------------------------------


def test_feeling_unsafe_with_a_partner_is_urgent():
    summary = summary_for({"relationship_safety": "unsafe"}, evidence={"relationship_safety": [22]})

    flags = compute_flags(summary)

    assert codes(flags) == ["URGENT_UNSAFE_RELATIONSHIP"]
    assert flags[0]["severity"] == "urgent"
    assert flags[0]["evidence"] == [22]


def test_feeling_unsafe_and_a_partner_danger_disclosure_make_one_flag():
    summary = summary_for({"relationship_safety": "unsafe"}, evidence={"relationship_safety": [22]})

    flags = compute_flags(summary, disclosures=[disclosure("partner_danger", 3)])

    assert codes(flags) == ["URGENT_UNSAFE_RELATIONSHIP"]
    assert flags[0]["evidence"] == [3, 22]


def test_being_unsure_about_safety_is_for_review():
    flags = compute_flags(summary_for({"relationship_safety": "unsure"}))

    assert codes(flags) == ["RISK_RELATIONSHIP_SAFETY_UNSURE"]
    assert flags[0]["severity"] == "review"


@pytest.mark.parametrize("answer", ["safe", None])
def test_feeling_safe_or_not_being_asked_raises_no_safety_flag(answer):
    assert compute_flags(summary_for({"relationship_safety": answer})) == []


# --- screening ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("interest", "mood"), [(2, 1), (1, 2), (3, 0), (0, 3), (2, 2), (3, 3)])
def test_phq2_score_of_three_or_more_is_a_positive_screen(interest, mood):
    summary = summary_for(
        {"phq2_interest": interest, "phq2_mood": mood},
        evidence={"phq2_interest": [14], "phq2_mood": [15]},
    )

    flag = only(compute_flags(summary), "SCREEN_POSITIVE_PHQ2")

    assert flag["severity"] == "review"
    assert flag["evidence"] == [14, 15]
    assert f"PHQ-2 score {interest + mood} of 6" in flag["message"]


@pytest.mark.parametrize(("interest", "mood"), [(0, 0), (1, 1), (2, 0), (0, 2), (1, 0)])
def test_phq2_score_below_three_is_not_flagged(interest, mood):
    assert compute_flags(summary_for({"phq2_interest": interest, "phq2_mood": mood})) == []


@pytest.mark.parametrize(("nervous", "worry"), [(2, 1), (1, 2), (3, 0), (3, 3)])
def test_gad2_score_of_three_or_more_is_a_positive_screen(nervous, worry):
    summary = summary_for({"gad2_nervous": nervous, "gad2_worry": worry})

    flag = only(compute_flags(summary), "SCREEN_POSITIVE_GAD2")

    assert flag["severity"] == "review"
    assert "GAD-2" in flag["message"]


@pytest.mark.parametrize(("nervous", "worry"), [(0, 0), (1, 1), (2, 0)])
def test_gad2_score_below_three_is_not_flagged(nervous, worry):
    assert compute_flags(summary_for({"gad2_nervous": nervous, "gad2_worry": worry})) == []


@pytest.mark.parametrize(
    "answers", [{"phq2_interest": 3}, {"phq2_mood": 3}, {"gad2_nervous": 3}, {"gad2_worry": 3}]
)
def test_a_screen_with_one_item_unanswered_is_not_flagged(answers):
    assert compute_flags(summary_for(answers)) == []


# --- distress -------------------------------------------------------------------------------------


@pytest.mark.parametrize("distress", [7, 8, 10])
def test_distress_of_seven_or_more_is_high(distress):
    summary = summary_for({"distress": distress}, evidence={"distress": [10]})

    flag = only(compute_flags(summary), "HIGH_DISTRESS")

    assert flag["severity"] == "review"
    assert flag["evidence"] == [10]
    assert f"{distress}/10" in flag["message"]


@pytest.mark.parametrize("distress", [0, 3, 6, None])
def test_distress_below_seven_or_unanswered_is_not_flagged(distress):
    assert compute_flags(summary_for({"distress": distress})) == []


# --- medications ----------------------------------------------------------------------------------


def test_sertraline_is_flagged_as_an_ssri_with_sexual_side_effects():
    summary = summary_for(
        {"medications": [medication("sertraline", "ssri", True)]}, evidence={"medications": [13]}
    )

    flags = compute_flags(summary)

    assert flags == [
        {
            "code": "MEDICATION_SEXUAL_SIDE_EFFECTS",
            "severity": "info",
            "message": ("Sertraline (SSRI) is associated with sexual side effects; consider in assessment."),
            "evidence": [13],
        }
    ]


@pytest.mark.parametrize("drug_class", sorted(SEXUAL_SIDE_EFFECT_CLASSES))
def test_every_named_drug_class_is_flagged_even_without_the_known_marker(drug_class):
    summary = summary_for({"medications": [medication("testdrug", drug_class, known=False)]})

    flag = only(compute_flags(summary), "MEDICATION_SEXUAL_SIDE_EFFECTS")

    assert flag["message"].startswith(f"Testdrug ({class_name(drug_class)})")


@pytest.mark.parametrize(
    ("drug_class", "reads"),
    [
        ("ssri", "SSRI"),
        ("snri", "SNRI"),
        ("beta_blocker", "beta blocker"),
        ("thiazide_diuretic", "thiazide diuretic"),
        ("hormonal_contraceptive", "hormonal contraceptive"),
        ("5_alpha_reductase_inhibitor", "5-alpha reductase inhibitor"),
        ("opioid", "opioid"),
        ("antipsychotic", "antipsychotic"),
    ],
)
def test_drug_classes_read_as_words_in_messages(drug_class, reads):
    assert class_name(drug_class) == reads


def test_another_class_marked_with_known_sexual_side_effects_is_flagged():
    summary = summary_for({"medications": [medication("finasteride", "antiandrogen", known=True)]})

    flag = only(compute_flags(summary), "MEDICATION_SEXUAL_SIDE_EFFECTS")

    assert flag["message"].startswith("Finasteride (antiandrogen)")


def test_tamsulosin_an_alpha_blocker_is_flagged_for_sexual_side_effects():
    summary = summary_for({"medications": [medication("tamsulosin", "alpha_blocker", known=True)]})

    flag = only(compute_flags(summary), "MEDICATION_SEXUAL_SIDE_EFFECTS")

    assert flag["message"].startswith("Tamsulosin (alpha blocker)")


def test_a_medication_without_a_class_but_known_side_effects_is_named_alone():
    summary = summary_for({"medications": [medication("spironolactone", None, known=True)]})

    flag = only(compute_flags(summary), "MEDICATION_SEXUAL_SIDE_EFFECTS")

    assert flag["message"] == "Spironolactone is associated with sexual side effects; consider in assessment."


@pytest.mark.parametrize(
    "name, drug_class",
    [
        ("antidepressant", "antidepressant"),
        ("blood pressure medication", "antihypertensive"),
        ("beta blocker", "beta_blocker"),
        ("hormonal contraceptive", "hormonal_contraceptive"),
    ],
)
def test_a_class_named_without_the_medicine_is_flagged_asking_which_one(name, drug_class):
    summary = summary_for({"medications": [medication(name, drug_class, known=True)]})

    flag = only(compute_flags(summary), "MEDICATION_SEXUAL_SIDE_EFFECTS")

    assert flag["message"].startswith(name[:1].upper() + name[1:] + " (which one was not said)")
    assert "ask which medicine it is" in flag["message"]


@pytest.mark.parametrize(
    "med",
    [
        medication("sildenafil", "pde5_inhibitor"),
        medication("vitamin d", "supplement"),
        medication("something", None),
    ],
)
def test_medications_without_known_sexual_side_effects_are_not_flagged(med):
    assert compute_flags(summary_for({"medications": [med]})) == []


def test_each_medication_with_sexual_side_effects_gets_its_own_flag():
    medications = [
        medication("sertraline", "ssri", True),
        medication("ibuprofen", "nsaid"),
        medication("ethinylestradiol/levonorgestrel", "hormonal_contraceptive", True),
    ]

    flags = compute_flags(summary_for({"medications": medications}))

    assert [flag["message"].split(" is ")[0] for flag in flags] == [
        "Sertraline (SSRI)",
        "Ethinylestradiol/levonorgestrel (hormonal contraceptive)",
    ]


@pytest.mark.parametrize("medications", [None, []])
def test_no_medications_or_skipped_medications_raise_no_flag(medications):
    assert compute_flags(summary_for({"medications": medications})) == []


# --- onset ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("months", [6, 7, 18, 24, 120])
def test_six_months_or_more_meets_the_duration_criterion(months):
    summary = summary_for(
        {"onset": {"pattern": "acquired", "duration_months": months}}, evidence={"onset": [8]}
    )

    flag = only(compute_flags(summary), "DURATION_6_MONTHS_OR_MORE")

    assert flag["severity"] == "info"
    assert flag["evidence"] == [8]
    assert "6-month duration criterion met" in flag["message"]


@pytest.mark.parametrize("months", [0, 1, 5, 5.9, None])
def test_under_six_months_or_unknown_duration_is_not_flagged(months):
    summary = summary_for({"onset": {"pattern": "acquired", "duration_months": months}})

    assert compute_flags(summary) == []


@pytest.mark.parametrize(
    ("months", "reads"),
    [
        (1, "about 1 month"),
        (6, "about 6 months"),
        (18, "about 18 months"),
        (24, "about 2 years"),
        (30, "about 2.5 years"),
    ],
)
def test_durations_read_in_months_then_years(months, reads):
    assert describe_months(months) == reads


def test_a_lifelong_pattern_is_noted():
    summary = summary_for(
        {"onset": {"pattern": "lifelong", "client_words": "always"}}, evidence={"onset": [8]}
    )

    flags = compute_flags(summary)

    assert codes(flags) == ["LIFELONG_PATTERN"]
    assert flags[0]["severity"] == "info"
    assert flags[0]["evidence"] == [8]


@pytest.mark.parametrize("pattern", ["acquired", "unknown"])
def test_other_patterns_are_not_lifelong(pattern):
    assert "LIFELONG_PATTERN" not in codes(compute_flags(summary_for({"onset": {"pattern": pattern}})))


# --- erectile concerns with vascular risk ---------------------------------------------------------


def erectile(**answers: Any) -> dict:
    concern = {
        "client_words": "trouble keeping an erection",
        "categories": ["erectile", "performance_anxiety"],
    }
    return summary_for(
        {"main_concern": concern, **answers},
        evidence={"main_concern": [7], "medical_conditions": [11]},
    )


@pytest.mark.parametrize(
    "condition",
    [
        {"name": "diabetes", "category": "endocrine"},
        {"name": "type 2 diabetes", "category": None},
        {"name": "heart disease", "category": None},
        {"name": "coronary artery disease", "category": None},
        {"name": "hypertension", "category": None},
        {"name": "high blood pressure", "category": None},
        {"name": "atrial fibrillation", "category": "cardiovascular"},
    ],
)
def test_erectile_concern_with_a_vascular_risk_condition_suggests_a_medical_evaluation(condition):
    summary = erectile(medical_conditions=[condition])

    flag = only(compute_flags(summary), "MEDICAL_EVALUATION_SUGGESTED")

    assert flag["severity"] == "review"
    assert condition["name"] in flag["message"]
    assert flag["evidence"] == [7, 11]


@pytest.mark.parametrize("substance", ["tobacco", "cigarettes", "nicotine vape", "smoking"])
def test_erectile_concern_with_tobacco_use_suggests_a_medical_evaluation(substance):
    summary = erectile(substance_use=[{"substance": substance, "frequency": "daily"}])

    flag = only(compute_flags(summary), "MEDICAL_EVALUATION_SUGGESTED")

    assert f"{substance} use" in flag["message"]


def test_a_former_smoker_is_named_as_former_in_the_evaluation_message():
    summary = erectile(substance_use=[{"substance": "tobacco", "frequency": "former"}])

    flag = only(compute_flags(summary), "MEDICAL_EVALUATION_SUGGESTED")

    assert "former tobacco use" in flag["message"]


@pytest.mark.parametrize(
    "answers",
    [
        {"medical_conditions": []},
        {"medical_conditions": None},
        {"medical_conditions": [{"name": "heartburn", "category": "digestive"}]},
        {"medical_conditions": [{"name": "low blood pressure", "category": None}]},
        {"medical_conditions": [{"name": "asthma", "category": "respiratory"}]},
        {"substance_use": [{"substance": "alcohol", "frequency": "weekly"}]},
    ],
)
def test_erectile_concern_without_vascular_risk_does_not_suggest_an_evaluation(answers):
    assert "MEDICAL_EVALUATION_SUGGESTED" not in codes(compute_flags(erectile(**answers)))


def test_diabetes_without_an_erectile_concern_does_not_suggest_an_evaluation():
    summary = summary_for(
        {
            "main_concern": {"client_words": "no desire", "categories": ["low_desire"]},
            "medical_conditions": [{"name": "diabetes", "category": "endocrine"}],
        }
    )

    assert compute_flags(summary) == []


def test_a_medical_evaluation_message_lists_each_risk_once():
    summary = erectile(
        medical_conditions=[
            {"name": "diabetes", "category": None},
            {"name": "hypertension", "category": None},
        ],
        substance_use=[{"substance": "cigarettes", "frequency": "daily"}],
    )

    flag = only(compute_flags(summary), "MEDICAL_EVALUATION_SUGGESTED")

    assert "alongside diabetes, hypertension, cigarettes use;" in flag["message"]


# --- history and status ---------------------------------------------------------------------------


def test_a_yes_to_the_trauma_question_is_for_review_without_asking_details():
    summary = summary_for({"trauma_history": "yes"}, evidence={"trauma_history": [25]})

    flags = compute_flags(summary)

    assert codes(flags) == ["TRAUMA_DISCLOSED"]
    assert flags[0]["severity"] == "review"
    assert flags[0]["evidence"] == [25]


@pytest.mark.parametrize("answer", ["no", "prefer_not_to_say", None])
def test_no_trauma_flag_without_a_yes(answer):
    assert compute_flags(summary_for({"trauma_history": answer})) == []


def test_an_abandoned_intake_is_noted_as_incomplete():
    flags = compute_flags(summary_for(status="abandoned"))

    assert codes(flags) == ["INCOMPLETE_INTAKE"]
    assert flags[0]["severity"] == "info"
    assert flags[0]["evidence"] == []


@pytest.mark.parametrize("answers", [{}, {"summary_confirmed": True}])
def test_an_intake_in_progress_or_complete_is_not_incomplete(answers):
    assert compute_flags(summary_for(answers)) == []


# --- all together ---------------------------------------------------------------------------------


def everything() -> tuple[dict, list[dict]]:
    summary = summary_for(
        {
            "main_concern": {"client_words": "erections", "categories": ["erectile"]},
            "onset": {"pattern": "lifelong", "duration_months": 240},
            "distress": 9,
            "medical_conditions": [{"name": "diabetes", "category": None}],
            "medications": [medication("propranolol", "beta_blocker", True)],
            "phq2_interest": 3,
            "phq2_mood": 3,
            "gad2_nervous": 3,
            "gad2_worry": 3,
            "self_harm": "passive",
            "relationship_safety": "unsure",
            "trauma_history": "yes",
        },
        status="abandoned",
    )
    return summary, [disclosure("suicidal", 30), disclosure("partner_danger", 31)]


def test_flags_come_urgent_first_then_review_then_info():
    summary, disclosures = everything()

    flags = compute_flags(summary, disclosures=disclosures)

    assert codes(flags) == [
        "URGENT_SUICIDAL_IDEATION",
        "URGENT_UNSAFE_RELATIONSHIP",
        "RISK_PASSIVE_IDEATION",
        "RISK_RELATIONSHIP_SAFETY_UNSURE",
        "SCREEN_POSITIVE_PHQ2",
        "SCREEN_POSITIVE_GAD2",
        "HIGH_DISTRESS",
        "MEDICAL_EVALUATION_SUGGESTED",
        "TRAUMA_DISCLOSED",
        "MEDICATION_SEXUAL_SIDE_EFFECTS",
        "DURATION_6_MONTHS_OR_MORE",
        "LIFELONG_PATTERN",
        "INCOMPLETE_INTAKE",
    ]


def test_every_flag_uses_a_code_and_severity_from_the_schema(summary_schema):
    summary, disclosures = everything()
    flag_schema = summary_schema["properties"]["flags"]["items"]["properties"]

    flags = compute_flags(summary, disclosures=disclosures)

    assert {flag["code"] for flag in flags} == set(flag_schema["code"]["enum"])
    assert {flag["severity"] for flag in flags} <= set(flag_schema["severity"]["enum"])


def test_flag_messages_are_for_a_clinician_and_never_diagnose():
    summary, disclosures = everything()

    messages = [flag["message"] for flag in compute_flags(summary, disclosures=disclosures)]

    for message in messages:
        assert "diagnos" not in message.lower()
        assert " you " not in f" {message.lower()} "
        assert message.endswith(".")


def test_computing_flags_does_not_change_the_summary():
    summary, disclosures = everything()
    before = copy.deepcopy(summary)

    compute_flags(summary, disclosures=disclosures)

    assert summary == before


def test_every_rule_returns_nothing_for_an_empty_intake():
    summary = summary_for()

    assert [rule.__name__ for rule in RULES if rule(summary, ())] == []
