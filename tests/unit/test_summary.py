from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from bot.intake.summary import IntakeState, answered_slots, build_summary, iso_utc
from tests.web import seed

STARTED = datetime(2026, 11, 20, 19, 2, 11, tzinfo=timezone.utc)
UPDATED = datetime(2026, 11, 20, 19, 14, 40, tzinfo=timezone.utc)


def make_state(answers: dict[str, Any] | None = None, **overrides: Any) -> IntakeState:
    fields: dict[str, Any] = {
        "conversation_id": "conv-test-1",
        "intake_id": "00000000-0000-4000-8000-000000000001",
        "started_at": STARTED,
        "updated_at": UPDATED,
        "answers": dict(answers or {}),
    }
    fields.update(overrides)
    return IntakeState(**fields)


def complete_answers() -> dict[str, Any]:
    """A whole intake for an obviously fake client (the dashboard's seed, with more filled in)."""
    return seed.answers(
        contact_preference="text",
        location="Jersey City",
        substance_use=[{"substance": "alcohol", "frequency": "weekends"}],
        mental_health_history={
            "diagnoses": ["postpartum depression"],
            "current_treatment": "sertraline from my GP",
        },
        prior_therapy={"had": True, "details": "couples counselling in 2019"},
    )


def schema_errors(summary: dict, schema: dict) -> list[str]:
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(summary)]


# --- validity against the contract ----------------------------------------------------------------


def test_a_just_started_intake_is_valid_against_the_schema(summary_schema):
    summary = build_summary(make_state())

    assert schema_errors(summary, summary_schema) == []


def test_a_complete_intake_is_valid_against_the_schema(summary_schema):
    state = make_state(
        complete_answers(),
        consent_at=STARTED + timedelta(seconds=19),
        notice_version="2026-11-01",
        evidence={
            "relationship_length": [5],
            "main_concern": [7],
            "onset": [8],
            "medications": [13],
        },
    )
    transcript = [
        {
            "speaker": "assistant",
            "text": "Hi, I'm the intake assistant.",
            "at": "2026-11-20T19:02:11Z",
        },
        {"speaker": "client", "text": "hi", "at": "2026-11-20T19:02:20Z"},
    ]

    summary = build_summary(state, transcript=transcript)

    assert schema_errors(summary, summary_schema) == []


def test_an_urgent_abandoned_intake_with_verbatim_answers_is_valid_against_the_schema(
    summary_schema,
):
    state = make_state(
        {"consent_given": True, "age": 30, "self_harm": "active", "relationship_safety": "unsafe"},
        status="abandoned",
        skipped=["pronouns", "medications"],
        verbatim={"distress": "it's complicated"},
        disclosures=[{"text": "he hits me", "category": "partner_danger", "message_index": 4}],
        crisis_resources_shown=True,
    )

    summary = build_summary(state)

    assert schema_errors(summary, summary_schema) == []


@pytest.mark.parametrize(
    "answers, verbatim, how",
    [
        ({"self_harm": "unsure"}, {}, "unsure"),
        ({"self_harm": "declined"}, {}, "declined"),
        ({}, {"self_harm": "hmm"}, "unclear"),
    ],
)
def test_a_self_harm_answer_that_rules_nothing_out_never_reads_as_not_asked_or_none(
    summary_schema, answers, verbatim, how
):
    summary = build_summary(make_state(answers, verbatim=verbatim))

    assert summary["risk"]["suicidal_ideation"] == "passive"  # the lowest level that is not a no
    assert summary["risk"]["suicidal_ideation_answer"] == how
    assert schema_errors(summary, summary_schema) == []


@pytest.mark.parametrize(
    "answer, level", [("none_reported", "none_reported"), ("passive", "passive"), (None, "not_asked")]
)
def test_a_plain_self_harm_answer_has_no_note_on_how_it_was_answered(answer, level):
    summary = build_summary(make_state({"self_harm": answer}))

    assert summary["risk"]["suicidal_ideation"] == level
    assert "suicidal_ideation_answer" not in summary["risk"]


def test_the_shared_example_summary_is_valid_against_the_schema(summary_schema, shared_dir: Path):
    example = json.loads(
        (shared_dir / "examples" / "intake_summary.example.json").read_text(encoding="utf-8")
    )

    assert schema_errors(example, summary_schema) == []


def test_the_schema_check_itself_rejects_a_summary_missing_a_required_key(summary_schema):
    summary = build_summary(make_state())
    del summary["risk"]

    assert schema_errors(summary, summary_schema) != []


# --- an intake that has just started --------------------------------------------------------------


def test_a_just_started_intake_has_every_answer_empty_in_the_way_the_schema_allows():
    summary = build_summary(make_state())

    assert summary["schema_version"] == "1.0"
    assert summary["status"] == "in_progress"
    assert summary["completed_at"] is None
    assert summary["urgent"] is False
    assert summary["consent"] == {"given": False, "at": None, "notice_version": None}
    assert summary["client"] == {
        "preferred_name": None,
        "pronouns": None,
        "age": None,
        "contact": {"email": None, "phone": None, "preferred": None},
    }
    assert summary["preferences"] == {
        "session_format": None,
        "location": None,
        "availability": None,
    }
    assert summary["seeking_for"] is None
    assert summary["relationship"] == {
        "status": None,
        "length_months": None,
        "partner_involvement": None,
    }
    assert summary["goals"] is None
    assert summary["notes"] is None
    assert summary["flags"] == []
    assert summary["skipped"] == []
    assert summary["evidence"] == {}
    assert "transcript" not in summary


def test_an_unanswered_concern_has_unknown_onset_and_context_and_empty_lists():
    concern = build_summary(make_state())["concern"]

    assert concern == {
        "client_words": None,
        "categories": [],
        "onset": {
            "client_words": None,
            "pattern": "unknown",
            "duration_months": None,
            "approx_start": None,
            "life_events": [],
        },
        "context": "unknown",
        "better_when": [],
        "worse_when": [],
        "distress_0_10": None,
    }


def test_unanswered_health_lists_are_null_not_empty():
    health = build_summary(make_state())["health"]

    assert health == {
        "medical_conditions": None,
        "medications": None,
        "substance_use": None,
        "mental_health": {"diagnoses": None, "current_treatment": None},
    }


def test_unanswered_risk_questions_are_not_asked():
    risk = build_summary(make_state())["risk"]

    assert risk == {
        "suicidal_ideation": "not_asked",
        "relationship_safety": "not_asked",
        "crisis_resources_shown": False,
        "disclosures": [],
    }


def test_unanswered_history_is_null():
    history = build_summary(make_state())["history"]

    assert history == {"prior_therapy": None, "prior_therapy_details": None, "trauma_history": None}


# --- the complete intake, field by field ----------------------------------------------------------


def test_a_complete_intake_fills_client_preferences_and_relationship():
    summary = build_summary(make_state(complete_answers()))

    assert summary["client"] == {
        "preferred_name": "Test Person",
        "pronouns": "they/them",
        "age": 38,
        "contact": {
            "email": "test.person@example.test",
            "phone": "+12015550123",
            "preferred": "text",
        },
    }
    assert summary["preferences"] == {
        "session_format": "in_person",
        "location": "Jersey City",
        "availability": "weekday evenings",
    }
    assert summary["seeking_for"] == "couple"
    assert summary["relationship"] == {
        "status": "married",
        "length_months": 96,
        "partner_involvement": "attending",
    }


def test_a_complete_intake_keeps_the_concern_in_the_clients_words_with_categories():
    concern = build_summary(make_state(complete_answers()))["concern"]

    assert concern["client_words"] == "since the baby came I have no desire and we keep fighting about it"
    assert concern["categories"] == ["low_desire", "desire_discrepancy", "life_change"]
    assert concern["onset"]["pattern"] == "acquired"
    assert concern["onset"]["duration_months"] == 24
    assert concern["onset"]["life_events"] == ["the birth of a child"]
    assert concern["context"] == "generalized"
    assert concern["better_when"] == ["on holiday"]
    assert concern["worse_when"] == ["when I'm exhausted"]
    assert concern["distress_0_10"] == 7


def test_a_complete_intake_fills_health_history_goals_and_notes():
    summary = build_summary(make_state(complete_answers()))

    assert summary["health"]["medical_conditions"] == []
    assert summary["health"]["medications"][0]["name"] == "sertraline"
    assert summary["health"]["substance_use"] == [{"substance": "alcohol", "frequency": "weekends"}]
    assert summary["health"]["mental_health"] == {
        "diagnoses": ["postpartum depression"],
        "current_treatment": "sertraline from my GP",
    }
    assert summary["history"] == {
        "prior_therapy": True,
        "prior_therapy_details": "couples counselling in 2019",
        "trauma_history": "no",
    }
    assert summary["goals"] == "feel close again and want sex without pressure"
    assert summary["notes"] is None


def test_anything_else_becomes_the_notes():
    summary = build_summary(make_state({"anything_else": "my partner works nights"}))

    assert summary["notes"] == "my partner works nights"


def test_a_confirmed_read_back_completes_the_intake_at_the_last_update():
    summary = build_summary(make_state({"summary_confirmed": True}))

    assert summary["status"] == "complete"
    assert summary["completed_at"] == "2026-11-20T19:14:40Z"


def test_a_confirmed_read_back_keeps_an_explicit_completion_time():
    completed = datetime(2026, 11, 20, 19, 15, 0, tzinfo=timezone.utc)

    summary = build_summary(make_state({"summary_confirmed": True}, completed_at=completed))

    assert summary["completed_at"] == "2026-11-20T19:15:00Z"


@pytest.mark.parametrize("confirmed", [False, None])
def test_an_unconfirmed_read_back_leaves_the_intake_in_progress(confirmed):
    summary = build_summary(make_state({"summary_confirmed": confirmed}))

    assert summary["status"] == "in_progress"
    assert summary["completed_at"] is None


def test_an_abandoned_intake_stays_abandoned_and_has_no_completion_time():
    summary = build_summary(make_state(status="abandoned"))

    assert summary["status"] == "abandoned"
    assert summary["completed_at"] is None


def test_consent_records_when_and_which_notice():
    state = make_state({"consent_given": True}, consent_at=STARTED, notice_version="2026-11-01")

    consent = build_summary(state)["consent"]

    assert consent == {"given": True, "at": "2026-11-20T19:02:11Z", "notice_version": "2026-11-01"}


# --- datetimes ------------------------------------------------------------------------------------


def test_datetimes_are_iso_8601_in_utc_with_a_z():
    new_york = timezone(timedelta(hours=-5))

    assert iso_utc(datetime(2026, 11, 20, 14, 2, 11, tzinfo=new_york)) == "2026-11-20T19:02:11Z"


def test_naive_datetimes_are_taken_to_be_utc():
    assert iso_utc(datetime(2026, 11, 20, 19, 2, 11)) == "2026-11-20T19:02:11Z"


def test_datetimes_drop_fractions_of_a_second():
    assert iso_utc(datetime(2026, 11, 20, 19, 2, 11, 999_999, tzinfo=timezone.utc)) == "2026-11-20T19:02:11Z"


def test_started_and_updated_times_are_written_in_utc():
    berlin = timezone(timedelta(hours=1))
    state = make_state(started_at=datetime(2026, 11, 20, 20, 2, 11, tzinfo=berlin))

    summary = build_summary(state)

    assert summary["started_at"] == "2026-11-20T19:02:11Z"
    assert summary["updated_at"] == "2026-11-20T19:14:40Z"


# --- screening ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("interest", "mood", "score", "positive"),
    [
        (0, 0, 0, False),
        (1, 1, 2, False),
        (2, 0, 2, False),
        (2, 1, 3, True),
        (0, 3, 3, True),
        (3, 3, 6, True),
    ],
)
def test_phq2_score_is_the_sum_and_positive_from_three(interest, mood, score, positive):
    phq2 = build_summary(make_state({"phq2_interest": interest, "phq2_mood": mood}))["screening"]["phq2"]

    assert phq2 == {"items": [interest, mood], "score": score, "positive": positive}


@pytest.mark.parametrize(("nervous", "worry", "positive"), [(1, 1, False), (2, 1, True), (0, 2, False)])
def test_gad2_score_is_the_sum_and_positive_from_three(nervous, worry, positive):
    gad2 = build_summary(make_state({"gad2_nervous": nervous, "gad2_worry": worry}))["screening"]["gad2"]

    assert gad2["score"] == nervous + worry
    assert gad2["positive"] is positive


@pytest.mark.parametrize("answers", [{"phq2_interest": 3}, {"phq2_mood": 2}, {}])
def test_a_screen_with_an_item_missing_has_no_score(answers):
    phq2 = build_summary(make_state(answers))["screening"]["phq2"]

    assert phq2["score"] is None
    assert phq2["positive"] is None
    assert phq2["items"] == [answers.get("phq2_interest"), answers.get("phq2_mood")]


def test_a_zero_item_counts_as_answered():
    phq2 = build_summary(make_state({"phq2_interest": 0, "phq2_mood": 0}))["screening"]["phq2"]

    assert phq2["score"] == 0
    assert phq2["positive"] is False


# --- skipped, none, and kept verbatim -------------------------------------------------------------


@pytest.mark.parametrize("slot", ["medical_conditions", "medications", "substance_use"])
def test_a_health_list_the_client_said_none_to_is_empty(slot):
    health = build_summary(make_state({slot: []}))["health"]

    assert health[slot] == []


@pytest.mark.parametrize("slot", ["medical_conditions", "medications", "substance_use"])
def test_a_skipped_health_list_is_null_and_listed_as_skipped(slot):
    summary = build_summary(make_state(skipped=[slot]))

    assert summary["health"][slot] is None
    assert summary["skipped"] == [slot]


def test_skipped_slots_keep_their_order_without_repeats():
    summary = build_summary(make_state(skipped=["pronouns", "phone", "pronouns", "goals"]))

    assert summary["skipped"] == ["pronouns", "phone", "goals"]


def test_a_verbatim_answer_leaves_the_value_null_and_keeps_the_text_by_summary_path():
    state = make_state(
        {"distress": "kind of a lot honestly"}, verbatim={"distress": "kind of a lot honestly"}
    )

    summary = build_summary(state)

    assert summary["concern"]["distress_0_10"] is None
    assert summary["verbatim"] == {"concern.distress_0_10": "kind of a lot honestly"}


def test_a_verbatim_onset_leaves_the_onset_unknown():
    state = make_state(verbatim={"onset": "after the thing with my ex"})

    summary = build_summary(state)

    assert summary["concern"]["onset"]["pattern"] == "unknown"
    assert summary["verbatim"] == {"concern.onset": "after the thing with my ex"}


def test_a_summary_without_verbatim_answers_has_an_empty_verbatim_map():
    assert build_summary(make_state())["verbatim"] == {}


# --- onset, prior therapy and other shapes --------------------------------------------------------


def test_a_partial_onset_is_completed_with_defaults():
    onset = build_summary(make_state({"onset": {"pattern": "lifelong", "client_words": "my whole life"}}))[
        "concern"
    ]["onset"]

    assert onset == {
        "client_words": "my whole life",
        "pattern": "lifelong",
        "duration_months": None,
        "approx_start": None,
        "life_events": [],
    }


def test_an_onset_pattern_outside_the_schema_becomes_unknown():
    onset = build_summary(make_state({"onset": {"pattern": "sudden"}}))["concern"]["onset"]

    assert onset["pattern"] == "unknown"


def test_no_prior_therapy_has_no_details():
    history = build_summary(make_state({"prior_therapy": {"had": False, "details": None}}))["history"]

    assert history["prior_therapy"] is False
    assert history["prior_therapy_details"] is None


def test_a_bare_boolean_prior_therapy_is_accepted():
    history = build_summary(make_state({"prior_therapy": True}))["history"]

    assert history["prior_therapy"] is True
    assert history["prior_therapy_details"] is None


@pytest.mark.parametrize("answer", ["none_reported", "passive", "active"])
def test_the_self_harm_answer_is_the_suicidal_ideation_value(answer):
    risk = build_summary(make_state({"self_harm": answer}))["risk"]

    assert risk["suicidal_ideation"] == answer


@pytest.mark.parametrize("answer", ["safe", "unsafe", "unsure"])
def test_the_relationship_safety_answer_is_carried_over(answer):
    risk = build_summary(make_state({"relationship_safety": answer}))["risk"]

    assert risk["relationship_safety"] == answer


def test_the_summary_does_not_share_lists_with_the_state():
    state = make_state({"better_when": ["on holiday"]})

    summary = build_summary(state)
    summary["concern"]["better_when"].append("changed")

    assert state.answers["better_when"] == ["on holiday"]


# --- evidence, disclosures, flags -----------------------------------------------------------------


def test_evidence_is_keyed_by_summary_path():
    state = make_state(
        evidence={
            "relationship_length": [5],
            "main_concern": [7, 8],
            "phq2_mood": [20],
            "anything_else": [30],
        }
    )

    evidence = build_summary(state)["evidence"]

    assert evidence == {
        "relationship.length_months": [5],
        "concern.client_words": [7, 8],
        "screening.phq2.items[1]": [20],
        "notes": [30],
    }


def test_evidence_already_keyed_by_path_passes_through_sorted_without_repeats():
    state = make_state(evidence={"concern.categories": [9, 7, 9]})

    assert build_summary(state)["evidence"] == {"concern.categories": [7, 9]}


def test_disclosures_are_kept_verbatim_and_make_the_intake_urgent():
    state = make_state(
        disclosures=[{"text": "I don't want to be here anymore", "category": "suicidal", "message_index": 3}],
        crisis_resources_shown=True,
    )

    summary = build_summary(state)

    assert summary["risk"]["disclosures"] == ["I don't want to be here anymore"]
    assert summary["risk"]["crisis_resources_shown"] is True
    assert summary["urgent"] is True
    assert [flag["code"] for flag in summary["flags"]] == ["URGENT_SUICIDAL_IDEATION"]


def test_review_and_info_flags_do_not_make_the_intake_urgent():
    summary = build_summary(make_state(complete_answers()))

    assert {flag["severity"] for flag in summary["flags"]} == {"review", "info"}
    assert summary["urgent"] is False


def test_the_complete_intake_gets_the_flags_its_answers_call_for():
    state = make_state(complete_answers(), evidence={"medications": [13], "distress": [9]})

    flags = build_summary(state)["flags"]

    assert [(flag["code"], flag["evidence"]) for flag in flags] == [
        ("SCREEN_POSITIVE_PHQ2", []),
        ("HIGH_DISTRESS", [9]),
        ("MEDICATION_SEXUAL_SIDE_EFFECTS", [13]),
        ("DURATION_6_MONTHS_OR_MORE", []),
    ]


def test_a_transcript_is_included_when_given():
    transcript = [{"speaker": "client", "text": "hi", "at": None}]

    summary = build_summary(make_state(), transcript=transcript)

    assert summary["transcript"] == transcript


# --- answered slots -------------------------------------------------------------------------------


def test_answered_slots_are_in_asking_order_and_leave_out_verbatim_and_empty_ones():
    state = make_state(
        {"goals": "closeness", "age": 40, "pronouns": None, "distress": "a lot", "medications": []},
        verbatim={"distress": "a lot"},
    )

    assert answered_slots(state) == ["age", "medications", "goals"]
