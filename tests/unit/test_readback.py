from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from bot.intake.readback import (
    CLOSING,
    INTRO,
    WELLBEING_LINE,
    duration,
    phone_for_reading,
    render_readback,
)
from bot.intake.summary import IntakeState, build_summary

NOW = datetime(2026, 11, 20, 19, 0, 0, tzinfo=timezone.utc)


def readback(answers: dict[str, Any] | None = None, **overrides: Any) -> str:
    state = IntakeState(
        conversation_id="conv-readback",
        intake_id="00000000-0000-4000-8000-000000000003",
        started_at=NOW,
        updated_at=NOW,
        answers=dict(answers or {}),
        **overrides,
    )
    return render_readback(build_summary(state))


def bullets(text: str) -> list[str]:
    return [line[2:] for line in text.splitlines() if line.startswith("• ")]


COMPLETE = {
    "consent_given": True,
    "age": 34,
    "preferred_name": "Sam",
    "pronouns": "they/them",
    "email": "sam@example.test",
    "phone": "+12015550123",
    "contact_preference": "email",
    "session_format": "in_person",
    "location": "Highland Park",
    "availability": "Tuesday evenings",
    "seeking_for": "couple",
    "relationship_status": "married",
    "relationship_length": 60,
    "partner_involvement": "aware_not_attending",
    "main_concern": {"client_words": "we never have sex anymore", "categories": ["low_desire"]},
    "onset": {
        "pattern": "acquired",
        "duration_months": 24,
        "life_events": ["the birth of a child"],
    },
    "context": "situational",
    "better_when": ["when we're on holiday"],
    "worse_when": ["when I'm tired", "after arguments"],
    "distress": 6,
    "medical_conditions": [{"name": "hypothyroidism", "category": "endocrine"}],
    "medications": [
        {
            "name": "sertraline",
            "as_said": "Zoloft",
            "drug_class": "ssri",
            "sexual_side_effects_known": True,
        }
    ],
    "substance_use": [],
    "mental_health_history": {"diagnoses": ["anxiety"], "current_treatment": None},
    "phq2_interest": 2,
    "phq2_mood": 2,
    "gad2_nervous": 3,
    "gad2_worry": 1,
    "self_harm": "passive",
    "relationship_safety": "safe",
    "trauma_history": "yes",
    "prior_therapy": {"had": False, "details": None},
    "goals": "to want each other again",
    "anything_else": "we both work shifts",
}


def test_the_read_back_opens_with_what_will_be_shared_and_ends_asking_if_it_is_right():
    text = readback(COMPLETE)

    assert text.splitlines()[0] == INTRO == "Here's what I'll share with the therapist:"
    assert text.splitlines()[-1] == CLOSING
    assert CLOSING.startswith("Does that look right?")


def test_a_complete_read_back_has_one_line_per_answered_item_in_order():
    lines = bullets(readback(COMPLETE))

    assert lines == [
        "Name: Sam (they/them)",
        "Age: 34",
        "Email: sam@example.test",
        "Phone: 201-555-0123",
        "Best way to reach you: email",
        "Sessions: in person",
        "Office: Highland Park",
        "Times that suit you: Tuesday evenings",
        "Therapy for: the two of you, as a couple",
        "Relationship: married",
        "Together about 5 years",
        "Your partner: knows, but won't come to sessions",
        "What brings you: we never have sex anymore",
        "Started: about 2 years ago (after the birth of a child)",
        "Happens: only in some situations",
        "Better when: we're on holiday",
        "Worse when: I'm tired; after arguments",
        "How much it bothers you: 6 out of 10",
        "Health conditions: hypothyroidism",
        "Medications: sertraline (Zoloft)",
        "Alcohol and other substances: none",
        "Mental health: anxiety",
        WELLBEING_LINE,
        "Therapy before: no",
        "Hoping for: to want each other again",
        "Also: we both work shifts",
    ]


@pytest.mark.parametrize(
    "sensitive",
    [
        "passive",
        "self-harm",
        "suicid",
        "PHQ",
        "GAD",
        "2/3",
        "trauma",
        "unwanted",
        "safe",
        "score",
        "risk",
    ],
)
def test_the_read_back_never_shows_screening_or_risk_wording(sensitive):
    text = readback(COMPLETE)

    assert sensitive.lower() not in text.lower()


@pytest.mark.parametrize(
    "answers",
    [
        {"phq2_interest": 0},
        {"gad2_worry": 1},
        {"self_harm": "none_reported"},
        {"relationship_safety": "unsure"},
        {"trauma_history": "prefer_not_to_say"},
    ],
)
def test_any_sensitive_answer_is_summed_up_as_the_wellbeing_questions(answers):
    assert bullets(readback(answers)) == [WELLBEING_LINE]


def test_the_wellbeing_line_appears_once_however_many_were_answered():
    text = readback(
        {"phq2_interest": 1, "phq2_mood": 1, "self_harm": "none_reported", "trauma_history": "no"}
    )

    assert bullets(text).count(WELLBEING_LINE) == 1


def test_disclosures_and_flags_never_reach_the_read_back():
    text = readback(
        {"self_harm": "active"},
        disclosures=[{"text": "I want to end it all", "category": "suicidal", "message_index": 2}],
    )

    assert "end it all" not in text
    assert "URGENT" not in text


def test_skipped_items_are_listed_by_their_plain_labels():
    text = readback({"preferred_name": "Sam"}, skipped=["pronouns", "phone", "medications"])

    assert bullets(text)[-1] == "Skipped: pronouns, phone, medications"


def test_skipped_sensitive_items_are_listed_gently_and_once():
    text = readback(skipped=["gad2_worry", "self_harm", "trauma_history", "goals"])

    assert bullets(text) == ["Skipped: some of the wellbeing questions, goals"]


def test_a_verbatim_answer_is_read_back_in_the_clients_words():
    text = readback(verbatim={"distress": "it depends on the day"})

    assert bullets(text) == ['How much it bothers you: "it depends on the day"']


def test_a_verbatim_sensitive_answer_is_still_only_the_wellbeing_line():
    text = readback(verbatim={"phq2_mood": "meh, sometimes"})

    assert bullets(text) == [WELLBEING_LINE]


def test_an_intake_with_nothing_answered_says_so():
    assert bullets(readback()) == ["Nothing yet"]


def test_the_read_back_is_plain_text_with_only_bullets():
    text = readback(COMPLETE)

    for markup in ("<", ">", "**", "__", "`", "#"):
        assert markup not in text


# --- single items ---------------------------------------------------------------------------------


def test_pronouns_without_a_name_have_their_own_line():
    assert bullets(readback({"pronouns": "she/her"})) == ["Pronouns: she/her"]


def test_a_name_without_pronouns_has_no_brackets():
    assert bullets(readback({"preferred_name": "Test Person"})) == ["Name: Test Person"]


@pytest.mark.parametrize(
    ("session_format", "reads"),
    [("in_person", "in person"), ("telehealth", "online"), ("either", "in person or online")],
)
def test_session_formats_read_plainly(session_format, reads):
    assert bullets(readback({"session_format": session_format})) == [f"Sessions: {reads}"]


@pytest.mark.parametrize(
    ("preferred", "reads"),
    [("email", "email"), ("phone", "a phone call"), ("text", "text message")],
)
def test_contact_preferences_read_plainly(preferred, reads):
    assert bullets(readback({"contact_preference": preferred})) == [f"Best way to reach you: {reads}"]


@pytest.mark.parametrize(
    ("seeking_for", "reads"),
    [
        ("individual", "just you"),
        ("couple", "the two of you, as a couple"),
        ("unsure", "not sure yet"),
    ],
)
def test_who_the_therapy_is_for_reads_plainly(seeking_for, reads):
    assert bullets(readback({"seeking_for": seeking_for})) == [f"Therapy for: {reads}"]


@pytest.mark.parametrize(
    ("status", "reads"),
    [("married", "married"), ("non_monogamous", "non-monogamous"), ("single", "single")],
)
def test_relationship_status_reads_plainly(status, reads):
    assert bullets(readback({"relationship_status": status})) == [f"Relationship: {reads}"]


@pytest.mark.parametrize(
    ("involvement", "reads"),
    [
        ("attending", "plans to come to sessions"),
        ("aware_not_attending", "knows, but won't come to sessions"),
        ("not_aware", "doesn't know yet"),
        ("unsure", "not sure yet"),
    ],
)
def test_partner_involvement_reads_plainly(involvement, reads):
    assert bullets(readback({"partner_involvement": involvement})) == [f"Your partner: {reads}"]


@pytest.mark.parametrize(
    ("months", "reads"),
    [
        (1, "about 1 month"),
        (8, "about 8 months"),
        (12, "about 1 year"),
        (18, "about 18 months"),
        (24, "about 2 years"),
        (30, "about 2 and a half years"),
        (60, "about 5 years"),
        (62, "about 5 years"),
        (216, "about 18 years"),
    ],
)
def test_lengths_of_time_read_as_months_then_years(months, reads):
    assert duration(months) == reads


def test_relationship_length_reads_as_together_about():
    assert bullets(readback({"relationship_length": 60})) == ["Together about 5 years"]


def test_a_lifelong_onset_reads_as_always():
    assert bullets(readback({"onset": {"pattern": "lifelong"}})) == ["Started: it's always been this way"]


def test_an_onset_without_life_events_has_no_brackets():
    assert bullets(readback({"onset": {"pattern": "acquired", "duration_months": 8}})) == [
        "Started: about 8 months ago"
    ]


def test_an_onset_without_a_duration_falls_back_to_the_clients_words():
    onset = {"pattern": "unknown", "client_words": "after we moved in together"}

    assert bullets(readback({"onset": onset})) == ["Started: after we moved in together"]


def test_an_unknown_concern_context_is_left_out():
    assert bullets(readback({"context": "unknown"})) == ["Nothing yet"]


@pytest.mark.parametrize(
    ("slot", "line"),
    [
        ("medical_conditions", "Health conditions: none"),
        ("medications", "Medications: none"),
        ("substance_use", "Alcohol and other substances: none"),
    ],
)
def test_a_health_list_the_client_said_none_to_reads_as_none(slot, line):
    assert bullets(readback({slot: []})) == [line]


def test_medications_show_the_generic_name_and_what_the_client_said():
    medications = [
        {
            "name": "sertraline",
            "as_said": "Zoloft",
            "drug_class": "ssri",
            "sexual_side_effects_known": True,
        },
        {
            "name": "levothyroxine",
            "as_said": "levothyroxine",
            "drug_class": None,
            "sexual_side_effects_known": False,
        },
        {"name": "melatonin", "drug_class": "supplement", "sexual_side_effects_known": False},
    ]

    assert bullets(readback({"medications": medications})) == [
        "Medications: sertraline (Zoloft), levothyroxine, melatonin"
    ]


def test_substances_show_how_often():
    uses = [
        {"substance": "alcohol", "frequency": "weekends"},
        {"substance": "cannabis", "frequency": None},
    ]

    assert bullets(readback({"substance_use": uses})) == [
        "Alcohol and other substances: alcohol (weekends), cannabis"
    ]


def test_how_often_said_without_what_reads_back_as_how_often():
    uses = [{"substance": "unspecified", "frequency": "rarely"}]

    assert bullets(readback({"substance_use": uses})) == ["Alcohol and other substances: rarely"]


def test_mental_health_shows_diagnoses_and_current_treatment():
    history = {"diagnoses": ["ADHD", "anxiety"], "current_treatment": "seeing a psychiatrist"}

    assert bullets(readback({"mental_health_history": history})) == [
        "Mental health: ADHD; anxiety; current treatment: seeing a psychiatrist"
    ]


def test_prior_therapy_shows_what_it_was():
    prior = {"had": True, "details": "a few sessions of couples counselling"}

    assert bullets(readback({"prior_therapy": prior})) == [
        "Therapy before: yes (a few sessions of couples counselling)"
    ]


@pytest.mark.parametrize(
    ("phone", "reads"),
    [
        ("+12015550123", "201-555-0123"),
        ("+447700900123", "+447700900123"),
        ("2015550123", "2015550123"),
    ],
)
def test_us_phone_numbers_read_with_dashes_and_others_as_stored(phone, reads):
    assert phone_for_reading(phone) == reads
