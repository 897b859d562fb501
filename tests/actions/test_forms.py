from __future__ import annotations

import asyncio

import pytest

from actions.forms import (
    ValidateAboutYouForm,
    ValidateConcernForm,
    ValidateEligibilityForm,
    ValidateHealthForm,
    ValidateHistoryForm,
    ValidateReadbackForm,
    ValidateRelationshipForm,
    ValidateScreeningForm,
)
from bot.config import settings
from tests.actions.conftest import responses, slot_events

DOMAIN: dict = {}
BEFORE_DISTRESS = {
    "main_concern": {"client_words": "no desire", "categories": ["low_desire"]},
    "onset": {
        "client_words": "a year ago",
        "pattern": "acquired",
        "duration_months": 12,
        "approx_start": "2025-11",
        "life_events": [],
    },
    "context": "generalized",
    "better_when": [],
    "worse_when": [],
}


def run(action, dispatcher, tracker):
    return slot_events(asyncio.run(action.run(dispatcher, tracker, DOMAIN)))


def test_an_answer_is_normalised_stored_and_the_next_question_requested(
    tracker_for, dispatcher, stored
) -> None:
    tracker = tracker_for(
        form="concern_form", requested="distress", text="like a 7 out of 10", history=["hi"] * 3
    )

    slots = run(ValidateConcernForm(), dispatcher, tracker)

    assert slots["distress"] == 7
    assert slots["evidence"]["distress"] == [3]
    assert slots["requested_slot"] == "main_concern"  # the first unanswered question of the section
    summary = stored("test-conversation")
    assert summary["concern"]["distress_0_10"] == 7
    assert summary["evidence"]["concern.distress_0_10"] == [3]
    assert summary["transcript"][-1] == {
        "speaker": "client",
        "text": "like a 7 out of 10",
        "at": summary["transcript"][-1]["at"],
    }


def test_the_next_question_is_the_first_unanswered_one_of_the_section(
    tracker_for, dispatcher, session_factory
) -> None:
    tracker = tracker_for(form="concern_form", requested="main_concern", text="I have no desire anymore")

    slots = run(ValidateConcernForm(), dispatcher, tracker)

    assert slots["main_concern"]["client_words"] == "I have no desire anymore"
    assert "low_desire" in slots["main_concern"]["categories"]
    assert slots["requested_slot"] == "onset"


@pytest.mark.parametrize(
    "text, intent", [("skip", "skip"), ("I'd rather not say", "skip"), ("pass", "inform")]
)
def test_a_skip_leaves_the_answer_empty_lists_it_and_moves_on(
    tracker_for, dispatcher, session_factory, text, intent
) -> None:
    tracker = tracker_for(
        form="about_you_form",
        requested="pronouns",
        text=text,
        intent=intent,
        slots={"preferred_name": "Test"},
    )

    slots = run(ValidateAboutYouForm(), dispatcher, tracker)

    assert slots["pronouns"] is None
    assert slots["skipped"] == ["pronouns"]
    assert slots["requested_slot"] == "email"
    assert "utter_skipped" in responses(dispatcher)


def test_an_unclear_answer_is_asked_again_once_with_examples(
    tracker_for, dispatcher, session_factory
) -> None:
    tracker = tracker_for(
        form="concern_form", requested="distress", text="quite a lot honestly", slots=BEFORE_DISTRESS
    )

    slots = run(ValidateConcernForm(), dispatcher, tracker)

    assert slots["distress"] is None
    assert slots["clarified"] == ["distress"]
    assert slots["requested_slot"] == "distress"
    assert responses(dispatcher) == ["utter_clarify"]


def test_a_town_that_is_not_an_office_is_asked_again_naming_the_offices(tracker_for, dispatcher) -> None:
    tracker = tracker_for(
        form="about_you_form",
        requested="location",
        text="Montclair",
        slots={
            "consent_given": True,
            "age": 52,
            "eligibility": "eligible",
            "preferred_name": "Test Dot",
            "pronouns": "she/her",
            "email": "test.dot@example.test",
            "phone": "+12015550142",
            "contact_preference": "phone",
            "session_format": "in_person",
        },
    )

    slots = run(ValidateAboutYouForm(), dispatcher, tracker)

    assert slots["location"] is None
    assert slots["requested_slot"] == "location"
    [message] = responses(dispatcher)
    assert "didn't recognise that as one of our offices" in message
    assert all(office in message for office in settings().practice.location_names)


@pytest.mark.parametrize(
    "text, said",
    [
        ("closest to New Brunswick", "closest to New Brunswick"),
        ("near NB", "closest to NB"),
        ("whichever is closest to me", "closest to you"),
    ],
)
def test_asking_for_the_office_closest_to_a_town_is_answered_kindly_naming_the_offices_and_their_towns(
    tracker_for, dispatcher, text, said
) -> None:
    tracker = tracker_for(
        form="about_you_form",
        requested="location",
        text=text,
        slots={
            "consent_given": True,
            "age": 52,
            "preferred_name": "Test Dot",
            "pronouns": "she/her",
            "email": "test.dot@example.test",
            "phone": "+12015550142",
            "contact_preference": "phone",
            "session_format": "in_person",
        },
    )

    slots = run(ValidateAboutYouForm(), dispatcher, tracker)

    assert slots["requested_slot"] == "location"
    [message] = responses(dispatcher)
    assert f"can't tell from here which of our offices is {said}" in message
    assert all(location.address in message for location in settings().practice.locations)


def test_a_bare_no_to_the_two_part_partner_question_is_asked_again_as_its_two_parts(
    tracker_for, dispatcher, session_factory
) -> None:
    tracker = tracker_for(
        form="relationship_form",
        requested="partner_involvement",
        text="no",
        slots={"seeking_for": "individual", "relationship_status": "married", "relationship_length": 60},
    )

    slots = run(ValidateRelationshipForm(), dispatcher, tracker)

    assert slots["partner_involvement"] is None
    assert slots["requested_slot"] == "partner_involvement"
    [message] = responses(dispatcher)
    assert "know you're reaching out" in message and "come to sessions" in message


def test_not_knowing_what_pronouns_are_gets_them_explained(tracker_for, dispatcher, session_factory) -> None:
    tracker = tracker_for(
        form="about_you_form",
        requested="pronouns",
        text="I'm not sure what you mean",
        slots={"preferred_name": "Test"},
    )

    slots = run(ValidateAboutYouForm(), dispatcher, tracker)

    assert slots["pronouns"] is None
    [message] = responses(dispatcher)
    assert "she/her" in message and "skip" in message


def test_an_answer_unclear_a_second_time_is_kept_verbatim_and_the_form_moves_on(
    tracker_for, dispatcher, stored
) -> None:
    tracker = tracker_for(
        form="concern_form",
        requested="distress",
        text="honestly it depends on the day",
        slots={**BEFORE_DISTRESS, "clarified": ["distress"]},
    )

    slots = run(ValidateConcernForm(), dispatcher, tracker)

    assert slots["distress"] is None
    assert slots["verbatim"] == {"distress": "honestly it depends on the day"}
    assert slots["requested_slot"] != "distress"
    assert (
        stored("test-conversation")["verbatim"]["concern.distress_0_10"] == "honestly it depends on the day"
    )


@pytest.mark.parametrize("intent", ["faq", "ask_why", "human_handoff", "crisis", "stop", "change_answer"])
def test_an_interruption_is_not_taken_as_the_answer(tracker_for, dispatcher, stored, intent) -> None:
    tracker = tracker_for(
        form="concern_form",
        requested="onset",
        text="what happens in the first session?",
        intent=intent,
        slots={"main_concern": BEFORE_DISTRESS["main_concern"]},
    )

    slots = run(ValidateConcernForm(), dispatcher, tracker)

    assert set(slots) == {"requested_slot"}
    assert slots["requested_slot"] == "onset"
    assert stored("test-conversation") is None


def test_a_plain_answer_the_classifier_read_as_stop_answers_the_question(
    tracker_for, dispatcher, session_factory
) -> None:
    tracker = tracker_for(form="about_you_form", requested="session_format", text="dont mind", intent="stop")

    slots = run(ValidateAboutYouForm(), dispatcher, tracker)

    assert slots["session_format"] == "either"


def test_continue_typed_while_a_question_is_open_asks_it_again_instead_of_leaving_the_form(
    tracker_for, dispatcher, session_factory
) -> None:
    tracker = tracker_for(
        form="about_you_form",
        requested="pronouns",
        text="continue",
        intent="continue_intake",
        slots={"preferred_name": "Test"},
    )

    slots = run(ValidateAboutYouForm(), dispatcher, tracker)

    assert "pronouns" in slots and slots["pronouns"] is None  # the form is not rejected
    assert slots["requested_slot"] == "pronouns"
    assert responses(dispatcher) == ["Sure, let's carry on."]


@pytest.mark.parametrize("text", ["ok continue", "yep, next please", "aye go on", "let's move on"])
def test_only_saying_to_carry_on_asks_the_question_again(
    tracker_for, dispatcher, session_factory, text
) -> None:
    tracker = tracker_for(
        form="about_you_form",
        requested="pronouns",
        text=text,
        intent="continue_intake",
        slots={"preferred_name": "Test"},
    )

    slots = run(ValidateAboutYouForm(), dispatcher, tracker)

    assert slots["pronouns"] is None and "clarified" not in slots
    assert responses(dispatcher) == ["Sure, let's carry on."]


def test_a_non_answer_read_as_continue_is_clarified_once_instead_of_asked_for_ever(
    tracker_for, dispatcher, session_factory
) -> None:
    first = tracker_for(
        form="about_you_form",
        requested="phone",
        text="whenever works",
        intent="continue_intake",
        slots={"preferred_name": "Test"},
    )

    slots = run(ValidateAboutYouForm(), dispatcher, first)

    assert slots["phone"] is None and slots["clarified"] == ["phone"]
    assert responses(dispatcher) != ["Sure, let's carry on."]


def test_a_non_answer_read_as_continue_a_second_time_is_kept_verbatim_and_the_form_moves_on(
    tracker_for, dispatcher, stored
) -> None:
    tracker = tracker_for(
        form="about_you_form",
        requested="phone",
        text="whenever works",
        intent="continue_intake",
        slots={"preferred_name": "Test", "clarified": ["phone"]},
    )

    slots = run(ValidateAboutYouForm(), dispatcher, tracker)

    assert slots["verbatim"] == {"phone": "whenever works"}
    assert slots["requested_slot"] != "phone"


def test_an_answer_read_as_continue_is_the_answer(tracker_for, dispatcher, session_factory) -> None:
    tracker = tracker_for(
        form="about_you_form",
        requested="phone",
        text="go ahead, it's 732 555 0199",
        intent="continue_intake",
        slots={"preferred_name": "Test"},
    )

    slots = run(ValidateAboutYouForm(), dispatcher, tracker)

    assert slots["phone"] == "+17325550199"


def test_ok_thanks_after_an_faq_answer_is_thanked_and_the_question_asked_again_without_a_clarification(
    tracker_for, dispatcher, session_factory
) -> None:
    tracker = tracker_for(
        form="concern_form",
        requested="onset",
        text="ok thanks",
        intent="thanks",
        slots={"main_concern": BEFORE_DISTRESS["main_concern"]},
    )

    slots = run(ValidateConcernForm(), dispatcher, tracker)

    assert slots["onset"] is None and "clarified" not in slots
    assert slots["requested_slot"] == "onset"
    assert responses(dispatcher) == ["You're welcome."]


def test_consent_with_an_adult_age_in_the_same_message_makes_the_client_eligible(
    tracker_for, dispatcher, session_factory
) -> None:
    tracker = tracker_for(
        form="eligibility_form",
        requested="consent_given",
        text="yes, I'm Nora, 44, married 15 yrs and we basically stopped having sex 2 years ago",
        slots={"eligibility": None},
    )

    slots = run(ValidateEligibilityForm(), dispatcher, tracker)

    assert (slots["consent_given"], slots["age"], slots["eligibility"]) == (True, 44, "eligible")
    assert slots["relationship_length"] == 180


@pytest.mark.parametrize("name", ["Ty", "ty", "Ta", "TY"])
def test_a_name_that_is_also_a_way_of_saying_thanks_is_the_name(
    tracker_for, dispatcher, session_factory, name
) -> None:
    tracker = tracker_for(
        form="about_you_form", requested="preferred_name", text=name, slots={"consent_given": True, "age": 29}
    )

    slots = run(ValidateAboutYouForm(), dispatcher, tracker)

    assert slots["preferred_name"].lower() == name.lower()
    assert "You're welcome." not in responses(dispatcher)


def test_thanks_said_again_word_for_word_is_taken_as_the_answer_not_thanked_again(
    tracker_for, dispatcher, session_factory
) -> None:
    tracker = tracker_for(
        form="concern_form",
        requested="better_when",
        text="cheers",
        history=["cheers"],
        slots={k: BEFORE_DISTRESS[k] for k in ("main_concern", "onset", "context")},
    )

    slots = run(ValidateConcernForm(), dispatcher, tracker)

    assert "You're welcome." not in responses(dispatcher)
    assert slots["last_answered"] == "better_when" or slots.get("clarified") == ["better_when"]


def test_aye_go_on_read_as_continue_gives_consent(tracker_for, dispatcher, session_factory) -> None:
    tracker = tracker_for(
        form="eligibility_form",
        requested="consent_given",
        text="aye go on",
        intent="continue_intake",
        slots={"eligibility": None},
    )

    slots = run(ValidateEligibilityForm(), dispatcher, tracker)

    assert slots["consent_given"] is True


def test_after_an_interruption_the_form_does_not_reuse_the_interrupting_message(
    tracker_for, dispatcher, session_factory
) -> None:
    tracker = tracker_for(form="concern_form", requested="onset", text="is there nudity?", intent="inform")
    tracker.events.insert(-1, {"event": "bot", "text": "No, never.", "timestamp": 0})

    slots = run(ValidateConcernForm(), dispatcher, tracker)

    assert "onset" not in slots


def test_the_office_is_not_asked_when_the_client_wants_telehealth(
    tracker_for, dispatcher, session_factory
) -> None:
    tracker = tracker_for(form="about_you_form", requested="session_format", text="online please")

    slots = run(ValidateAboutYouForm(), dispatcher, tracker)

    assert slots["session_format"] == "telehealth"
    assert slots["requested_slot"] == "preferred_name"  # the first unanswered one, not location


def test_the_office_is_asked_for_in_person_sessions(tracker_for, dispatcher, session_factory) -> None:
    answered = {
        "preferred_name": "Test",
        "pronouns": "any",
        "email": "t@example.test",
        "phone": "+12015550100",
        "contact_preference": "email",
    }
    tracker = tracker_for(form="about_you_form", requested="session_format", text="in person", slots=answered)

    slots = run(ValidateAboutYouForm(), dispatcher, tracker)

    assert slots["requested_slot"] == "location"


def test_partner_questions_are_not_asked_of_a_single_client(tracker_for, dispatcher, session_factory) -> None:
    tracker = tracker_for(
        form="relationship_form",
        requested="relationship_status",
        text="single",
        slots={"seeking_for": "individual"},
    )

    slots = run(ValidateRelationshipForm(), dispatcher, tracker)

    assert slots["relationship_status"] == "single"
    assert slots["requested_slot"] is None


@pytest.mark.parametrize("text", ["WIDOWER", "divorced"])
def test_how_long_together_is_not_asked_of_a_widower_or_a_divorcee_with_no_one_new(
    tracker_for, dispatcher, session_factory, text
) -> None:
    tracker = tracker_for(
        form="relationship_form",
        requested="relationship_status",
        text=text,
        slots={"seeking_for": "individual"},
    )

    slots = run(ValidateRelationshipForm(), dispatcher, tracker)

    assert slots["requested_slot"] is None


def test_relationship_safety_is_not_asked_of_a_single_client(
    tracker_for, dispatcher, session_factory
) -> None:
    answered = {"relationship_status": "single", "phq2_interest": 0, "phq2_mood": 0, "gad2_nervous": 0}
    tracker = tracker_for(
        form="screening_form",
        requested="gad2_worry",
        text="not at all",
        slots={**answered, "self_harm": "none_reported"},
    )

    slots = run(ValidateScreeningForm(), dispatcher, tracker)

    assert slots["requested_slot"] is None


def test_saying_no_medications_is_an_empty_list_not_a_skip(tracker_for, dispatcher, stored) -> None:
    tracker = tracker_for(form="health_form", requested="medications", text="nope, nothing")

    slots = run(ValidateHealthForm(), dispatcher, tracker)

    assert slots["medications"] == []
    assert "medications" not in slots.get("skipped", [])
    assert stored("test-conversation")["health"]["medications"] == []


def test_no_consent_ends_the_eligibility_section_and_stores_nothing(tracker_for, dispatcher, stored) -> None:
    tracker = tracker_for(
        form="eligibility_form", requested="consent_given", text="no thanks", slots={"eligibility": None}
    )

    slots = run(ValidateEligibilityForm(), dispatcher, tracker)

    assert slots["consent_given"] is False
    assert slots["eligibility"] == "no_consent"
    assert slots["requested_slot"] is None
    assert stored("test-conversation") is None


def test_an_under_18_age_ends_the_intake_and_keeps_no_age(tracker_for, dispatcher, stored) -> None:
    tracker = tracker_for(
        form="eligibility_form",
        requested="age",
        text="I'm 16",
        slots={"eligibility": None, "consent_given": True},
    )

    slots = run(ValidateEligibilityForm(), dispatcher, tracker)

    assert slots["age"] is None
    assert slots["eligibility"] == "underage"
    assert slots["requested_slot"] is None
    assert stored("test-conversation") is None


def test_an_adult_age_makes_the_client_eligible(tracker_for, dispatcher, session_factory) -> None:
    tracker = tracker_for(
        form="eligibility_form",
        requested="age",
        text="34",
        slots={"eligibility": None, "consent_given": True},
    )

    slots = run(ValidateEligibilityForm(), dispatcher, tracker)

    assert slots["age"] == 34
    assert slots["eligibility"] == "eligible"
    assert slots["requested_slot"] is None


def test_a_readback_yes_confirms(tracker_for, dispatcher, session_factory) -> None:
    tracker = tracker_for(form="readback_form", requested="summary_confirmed", text="yes that's right")

    slots = run(ValidateReadbackForm(), dispatcher, tracker)

    assert slots["summary_confirmed"] is True
    assert slots["requested_slot"] is None


def test_a_correction_at_the_readback_updates_the_field_and_shows_the_readback_again(
    tracker_for, dispatcher, stored
) -> None:
    tracker = tracker_for(
        form="readback_form",
        requested="summary_confirmed",
        text="actually we've been together 5 years, not 3",
        slots={"relationship_status": "married", "relationship_length": 36},
    )

    slots = run(ValidateReadbackForm(), dispatcher, tracker)

    assert slots["relationship_length"] == 60
    assert slots["summary_confirmed"] is None
    assert slots["readback_mode"] == "full"
    assert slots["requested_slot"] == "summary_confirmed"
    assert stored("test-conversation")["relationship"]["length_months"] == 60


def test_a_medicine_forgotten_and_added_at_the_readback_joins_the_list(
    tracker_for, dispatcher, stored
) -> None:
    lisinopril = {
        "name": "lisinopril",
        "as_said": "lisinopril",
        "drug_class": "ace_inhibitor",
        "sexual_side_effects_known": False,
    }
    tracker = tracker_for(
        form="readback_form",
        requested="summary_confirmed",
        text="oh and i'm on zoloft too, forgot to mention",
        slots={"medications": [lisinopril]},
    )

    slots = run(ValidateReadbackForm(), dispatcher, tracker)

    assert [m["name"] for m in slots["medications"]] == ["lisinopril", "sertraline"]


def test_two_corrections_in_one_message_at_the_readback_both_update(tracker_for, dispatcher, stored) -> None:
    tracker = tracker_for(
        form="readback_form",
        requested="summary_confirmed",
        text="actually the distress is an 8 and we've been together 2 years",
        slots={"relationship_status": "dating", "relationship_length": 12, "distress": 6},
    )

    slots = run(ValidateReadbackForm(), dispatcher, tracker)

    assert (slots["distress"], slots["relationship_length"]) == (8, 24)
    assert slots["requested_slot"] == "summary_confirmed"
    summary = stored("test-conversation")
    assert (summary["concern"]["distress_0_10"], summary["relationship"]["length_months"]) == (8, 24)


@pytest.mark.parametrize(
    "slot, text",
    [
        ("self_harm", "sometimes I wish I wasn't here"),
        ("self_harm", "yes"),
        ("relationship_safety", "no, I'm scared of him"),
    ],
)
def test_a_risky_screening_answer_shows_the_crisis_resources_at_once(
    tracker_for, dispatcher, session_factory, slot, text
) -> None:
    answered = {
        "phq2_interest": 0,
        "phq2_mood": 0,
        "gad2_nervous": 0,
        "gad2_worry": 0,
        "relationship_status": "married",
    }
    if slot == "relationship_safety":
        answered["self_harm"] = "none_reported"
    tracker = tracker_for(form="screening_form", requested=slot, text=text, slots=answered)

    slots = run(ValidateScreeningForm(), dispatcher, tracker)

    assert slots["crisis_resources_shown"] is True
    assert "utter_crisis_resources" in responses(dispatcher)


@pytest.mark.parametrize(
    "text, intent, value",
    [
        ("idk", "inform", "unsure"),
        ("not sure", "inform", "unsure"),
        ("I'd rather not say", "skip", "declined"),
        ("skip", "skip", "declined"),
        ("pass", "skip", "declined"),
    ],
)
def test_an_unsure_or_declined_self_harm_answer_is_kept_kindly_with_help_at_hand_and_never_asked_again(
    tracker_for, dispatcher, stored, text, intent, value
) -> None:
    answered = {
        "phq2_interest": 0,
        "phq2_mood": 0,
        "gad2_nervous": 0,
        "gad2_worry": 0,
        "relationship_status": "single",
    }
    tracker = tracker_for(
        form="screening_form", requested="self_harm", text=text, intent=intent, slots=answered
    )

    slots = run(ValidateScreeningForm(), dispatcher, tracker)

    assert slots["self_harm"] == value
    assert slots["crisis_resources_shown"] is True
    assert slots["requested_slot"] != "self_harm"
    reply = dispatcher.messages[0]["text"]
    assert "okay" in reply and "988" in reply
    assert "self_harm" not in slots.get("clarified", [])
    risk = stored("test-conversation")["risk"]
    assert (risk["suicidal_ideation"], risk["suicidal_ideation_answer"]) == ("passive", value)
    assert "RISK_PASSIVE_IDEATION" in [flag["code"] for flag in stored("test-conversation")["flags"]]


LEE = (
    "Hi, I'm Lee (he/him), 36. My wife and I have been married for 10 years. Since I started taking "
    "Lexapro last year for anxiety I can't orgasm. It's worse when I'm stressed at work and a bit better "
    "on weekends. It bothers me like an 8 out of 10. We'd like to come in together, preferably online."
)


def test_an_opening_message_fills_every_field_it_states_before_any_is_asked(
    tracker_for, dispatcher, stored
) -> None:
    tracker = tracker_for(
        form="eligibility_form", requested=None, text=LEE, intent="greet", slots={"eligibility": None}
    )
    tracker.events.insert(-2, {"event": "bot", "text": "Hi, and welcome.", "timestamp": 0})

    slots = run(ValidateEligibilityForm(), dispatcher, tracker)

    assert slots["preferred_name"] == "Lee"
    assert slots["pronouns"] == "he/him"
    assert slots["age"] == 36
    assert slots["relationship_status"] == "married"
    assert slots["relationship_length"] == 120
    assert "orgasm" in slots["main_concern"]["categories"]
    assert slots["medications"][0]["name"] == "escitalopram"
    assert slots["distress"] == 8
    assert slots["seeking_for"] == "couple"
    assert slots["session_format"] == "telehealth"
    assert slots["evidence"]["distress"] == [0]
    assert slots["requested_slot"] == "consent_given"
    assert stored("test-conversation") is None  # nothing is kept before consent


def test_volunteered_answers_never_overwrite_an_answer_already_given(
    tracker_for, dispatcher, session_factory
) -> None:
    tracker = tracker_for(
        form="history_form",
        requested="goals",
        text="to orgasm with my wife again",
        slots={
            "main_concern": {"client_words": "I can't finish", "categories": ["orgasm"]},
            "relationship_status": "partnered",
        },
    )

    slots = run(ValidateHistoryForm(), dispatcher, tracker)

    assert slots["goals"] == "to orgasm with my wife again"
    assert "main_concern" not in slots and "relationship_status" not in slots


def test_consent_after_an_adult_age_was_volunteered_makes_the_client_eligible(
    tracker_for, dispatcher, session_factory
) -> None:
    tracker = tracker_for(
        form="eligibility_form",
        requested="consent_given",
        text="yes",
        intent="affirm",
        slots={"eligibility": None, "age": 36, "mined_upto": 0},
        history=["I'm 36"],
    )

    slots = run(ValidateEligibilityForm(), dispatcher, tracker)

    assert slots["eligibility"] == "eligible"
    assert slots["requested_slot"] is None


def test_an_open_answer_read_as_an_faq_and_sent_again_word_for_word_is_the_answer(
    tracker_for, dispatcher
) -> None:
    text = "what helps? when we go away for a weekend"
    tracker = tracker_for(
        form="concern_form",
        requested="better_when",
        text=text,
        intent="faq",
        slots=BEFORE_DISTRESS,
        history=["hi", "yes", text],
    )

    slots = run(ValidateConcernForm(), dispatcher, tracker)

    assert slots["better_when"]
    assert slots["requested_slot"] != "better_when"


def test_a_question_asked_once_is_still_an_interruption(tracker_for, dispatcher) -> None:
    text = "what helps? when we go away for a weekend"
    tracker = tracker_for(
        form="concern_form",
        requested="better_when",
        text=text,
        intent="faq",
        slots=BEFORE_DISTRESS,
        history=["hi", "yes"],
    )

    slots = run(ValidateConcernForm(), dispatcher, tracker)

    assert "better_when" not in slots or slots["better_when"] is None


@pytest.mark.parametrize("intent", ["stop", "delete_data", "continue_intake"])
def test_stop_or_delete_said_twice_is_never_taken_for_an_answer(tracker_for, dispatcher, intent) -> None:
    tracker = tracker_for(
        form="concern_form",
        requested="goals",
        text="stop",
        intent=intent,
        slots=BEFORE_DISTRESS,
        history=["hi", "yes", "stop"],
    )

    slots = run(ValidateConcernForm(), dispatcher, tracker)

    assert "goals" not in slots or slots["goals"] is None
