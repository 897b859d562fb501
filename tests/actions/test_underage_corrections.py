"""An age under 18 given as a change of answer ends the intake exactly as the age question does:
the kind message with resources, and nothing kept (the erasure action follows)."""

from __future__ import annotations

import asyncio

import pytest

from actions import persistence
from actions.forms import ValidateAboutYouForm, ValidateEligibilityForm, ValidateReadbackForm
from actions.intake import ChangeAnswer, DeleteData
from tests.actions.conftest import responses

ADULT = {
    "consent_given": True,
    "age": 27,
    "preferred_name": "Test Person",
    "email": "test.person@example.test",
    "relationship_status": "dating",
    "distress": 6,
    "anything_else": "",
    "last_answered": "anything_else",
}
MINOR_AGE_CORRECTIONS = [
    "sorry, I'm actually 17",
    "I meant 16",
    "actually I'm 17",
    "I'm 17 actually",
    "oops I'm 17 not 27",
    "sorry I lied, I'm 16",
    "my age is 15",
    "actually I'm not 18, I'm 17",
    "wait I'm only 16",
    "I'm seventeen actually",
    "sorry, 17",
    "17 actually",
    "I'm 16 years old",
]


def followups(events: list[dict]) -> list[str]:
    return [event["name"] for event in events if event.get("event") == "followup"]


def slots_of(events: list[dict]) -> dict:
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


@pytest.fixture
def saved_adult_intake(tracker_for, session_factory, stored):
    persistence.save(tracker_for(form="readback_form", requested="summary_confirmed", text="hi", slots=ADULT))
    assert stored("test-conversation") is not None


@pytest.mark.parametrize("text", MINOR_AGE_CORRECTIONS)
def test_a_minor_age_given_as_a_correction_at_the_read_back_ends_the_intake_as_the_age_question_would(
    tracker_for, dispatcher, saved_adult_intake, text
) -> None:
    tracker = tracker_for(form="readback_form", requested="summary_confirmed", text=text, slots=ADULT)

    events = asyncio.run(ValidateReadbackForm().run(dispatcher, tracker, {}))

    slots = slots_of(events)
    assert (slots["eligibility"], slots["age"], slots["requested_slot"]) == ("underage", None, None)
    assert responses(dispatcher) == ["utter_underage"]
    assert followups(events) == ["action_delete_data"]


@pytest.mark.parametrize("text", MINOR_AGE_CORRECTIONS)
def test_a_minor_age_read_as_a_change_of_answer_ends_the_intake_wherever_it_is_said(
    tracker_for, dispatcher, saved_adult_intake, text
) -> None:
    tracker = tracker_for(
        form="health_form", requested="medications", text=text, intent="change_answer", slots=ADULT
    )

    events = ChangeAnswer().run(dispatcher, tracker, {})

    assert slots_of(events)["eligibility"] == "underage"
    assert responses(dispatcher) == ["utter_underage"]
    assert followups(events) == ["action_delete_data"]


def test_the_erasure_after_a_minor_age_deletes_the_stored_intake_without_a_second_message(
    tracker_for, dispatcher, saved_adult_intake, stored
) -> None:
    tracker = tracker_for(
        form=None, requested=None, text="I meant 16", slots={**ADULT, "eligibility": "underage"}
    )

    events = DeleteData().run(dispatcher, tracker, {})

    assert stored("test-conversation") is None
    assert [event["event"] for event in events] == ["active_loop", "reset_slots", "followup"]
    assert dispatcher.messages == []


def test_delete_my_data_after_the_underage_message_still_confirms_the_deletion(
    tracker_for, dispatcher, session_factory
) -> None:
    tracker = tracker_for(
        form=None,
        requested=None,
        text="yes",
        intent="affirm",
        slots={"eligibility": "underage", "delete_pending": True},
    )

    DeleteData().run(dispatcher, tracker, {})

    assert responses(dispatcher) == ["utter_deleted"]


def test_the_age_asked_again_after_a_change_and_answered_under_18_ends_the_intake(
    tracker_for, dispatcher, saved_adult_intake
) -> None:
    tracker = tracker_for(
        form="about_you_form", requested="age", text="17", slots={**ADULT, "age": None, "reask": ["age"]}
    )

    events = asyncio.run(ValidateAboutYouForm().run(dispatcher, tracker, {}))

    assert slots_of(events)["eligibility"] == "underage"
    assert followups(events) == ["action_delete_data"]


@pytest.mark.parametrize(
    "text", ["sorry, I'm actually 28", "I meant 28", "28 actually", "oops I'm 28 not 27"]
)
def test_an_adult_age_given_as_a_correction_is_simply_updated(
    tracker_for, dispatcher, saved_adult_intake, stored, text
) -> None:
    tracker = tracker_for(form="readback_form", requested="summary_confirmed", text=text, slots=ADULT)

    events = asyncio.run(ValidateReadbackForm().run(dispatcher, tracker, {}))

    assert slots_of(events)["age"] == 28
    assert followups(events) == []
    assert stored("test-conversation")["client"]["age"] == 28


@pytest.mark.parametrize("text", ["I'm 16", "I'm not 18 yet", "17"])
def test_at_the_age_question_itself_the_rule_gives_the_message_and_no_erasure_follows(
    tracker_for, dispatcher, session_factory, text
) -> None:
    tracker = tracker_for(
        form="eligibility_form",
        requested="age",
        text=text,
        slots={"eligibility": None, "consent_given": True},
    )

    events = asyncio.run(ValidateEligibilityForm().run(dispatcher, tracker, {}))

    assert slots_of(events)["eligibility"] == "underage"
    assert followups(events) == []  # the rule "Under 18 gets a kind message" answers
    assert dispatcher.messages == []


@pytest.mark.parametrize("text", ["I'm 17 btw", "oh and I'm only 16", "single. I'm 17 if that matters"])
def test_a_minor_age_said_in_answer_to_another_question_ends_the_intake(
    tracker_for, dispatcher, saved_adult_intake, text
) -> None:
    tracker = tracker_for(
        form="about_you_form", requested="pronouns", text=text, slots={**ADULT, "pronouns": None}
    )

    events = asyncio.run(ValidateAboutYouForm().run(dispatcher, tracker, {}))

    assert slots_of(events)["eligibility"] == "underage"
    assert responses(dispatcher) == ["utter_underage"]
    assert followups(events) == ["action_delete_data"]


@pytest.mark.parametrize(
    "text", ["I'm 16 weeks pregnant", "it started when I was 17", "I'm 15 minutes from Freehold"]
)
def test_other_numbers_in_an_answer_are_not_an_age(tracker_for, dispatcher, saved_adult_intake, text) -> None:
    tracker = tracker_for(
        form="about_you_form", requested="pronouns", text=text, slots={**ADULT, "pronouns": None}
    )

    events = asyncio.run(ValidateAboutYouForm().run(dispatcher, tracker, {}))

    assert "eligibility" not in slots_of(events)
    assert followups(events) == []
