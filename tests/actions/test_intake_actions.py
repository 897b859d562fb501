from __future__ import annotations

import asyncio

import pytest

from actions.forms import ValidateSafetyCheckForm
from actions.intake import (
    AskSummaryConfirmed,
    ChangeAnswer,
    CompleteIntake,
    RecordDisclosure,
    ResumeIntake,
    SafetyFollowup,
)
from tests.actions.conftest import slot_events

DOMAIN = {"forms": {"safety_check_form": {"required_slots": ["safe_now"]}}}

ANSWERED = {
    "consent_given": True,
    "age": 41,
    "preferred_name": "Test Person",
    "relationship_status": "married",
    "relationship_length": 36,
    "summary_confirmed": True,
}


def run(action, dispatcher, tracker):
    return action.run(dispatcher, tracker, {})


def test_a_correction_with_its_new_value_updates_the_answer_and_the_store(
    tracker_for, dispatcher, stored
) -> None:
    tracker = tracker_for(
        form="partner_form",
        requested="partner_involvement",
        text="actually we've been together 5 years, not 3",
        intent="change_answer",
        slots=ANSWERED,
    )

    slots = slot_events(run(ChangeAnswer(), dispatcher, tracker))

    assert slots["relationship_length"] == 60
    assert "summary_confirmed" not in slots  # only the read-back resets the confirmation
    assert stored("test-conversation")["relationship"]["length_months"] == 60
    assert "updated" in dispatcher.messages[0]["text"]


def test_sorry_i_meant_corrects_the_answer_just_given(tracker_for, dispatcher, session_factory) -> None:
    tracker = tracker_for(
        form="about_you_form",
        requested="preferred_name",
        text="sorry, I meant 38",
        intent="change_answer",
        slots={**ANSWERED, "last_answered": "age"},
    )

    slots = slot_events(run(ChangeAnswer(), dispatcher, tracker))

    assert slots["age"] == 38


def test_a_change_without_a_new_value_asks_that_question_again(
    tracker_for, dispatcher, session_factory
) -> None:
    tracker = tracker_for(
        form="concern_form",
        requested="onset",
        text="can I change my email?",
        intent="change_answer",
        slots={**ANSWERED, "email": "old@example.test"},
        entities=[{"entity": "field", "value": "email"}],
    )

    slots = slot_events(run(ChangeAnswer(), dispatcher, tracker))

    assert slots["email"] is None
    assert slots["reask"] == ["email"]


def test_a_disclosure_is_recorded_verbatim_and_marks_the_intake_urgent(
    tracker_for, dispatcher, stored
) -> None:
    tracker = tracker_for(
        form="concern_form",
        requested="onset",
        text="honestly I don't want to be alive anymore",
        intent="crisis",
        slots=ANSWERED,
        history=["hi", "yes"],
    )

    slots = slot_events(run(RecordDisclosure(), dispatcher, tracker))

    assert slots["crisis_resources_shown"] is True
    assert slots["disclosures"] == [
        {"text": "honestly I don't want to be alive anymore", "category": "suicidal", "message_index": 2}
    ]
    summary = stored("test-conversation")
    assert summary["urgent"] is True
    assert summary["risk"]["disclosures"] == ["honestly I don't want to be alive anymore"]
    assert "URGENT_SUICIDAL_IDEATION" in {flag["code"] for flag in summary["flags"]}


def test_a_disclosure_given_to_the_self_harm_question_answers_it_and_is_not_asked_again(
    tracker_for, dispatcher, stored
) -> None:
    text = "honestly some nights I think everyone would be better off without me"
    tracker = tracker_for(
        form="screening_form",
        requested="self_harm",
        text=text,
        intent="crisis",
        slots=ANSWERED,
        history=["hi", "yes"],
    )

    slots = slot_events(run(RecordDisclosure(), dispatcher, tracker))

    assert slots["self_harm"] == "passive"
    assert slots["evidence"]["self_harm"] == [2]
    summary = stored("test-conversation")
    assert summary["risk"]["suicidal_ideation"] == "passive"
    assert summary["risk"]["disclosures"] == [text]
    assert "URGENT_SUICIDAL_IDEATION" in {flag["code"] for flag in summary["flags"]}


def test_a_disclosure_given_to_another_question_leaves_it_to_be_asked(
    tracker_for, dispatcher, stored
) -> None:
    tracker = tracker_for(
        form="concern_form",
        requested="distress",
        text="I just want to die",
        intent="crisis",
        slots=ANSWERED,
        history=["hi", "yes"],
    )

    slots = slot_events(run(RecordDisclosure(), dispatcher, tracker))

    assert "distress" not in slots
    assert slots["requested_slot"] is None


def test_a_disclosure_sent_again_to_a_question_it_does_not_answer_settles_it(tracker_for, dispatcher) -> None:
    text = "honestly some days I don't want to be alive anymore"
    tracker = tracker_for(
        form="about_you_form",
        requested="pronouns",
        text=text,
        intent="crisis",
        slots=ANSWERED,
        history=["hi", "yes", text],
    )

    slots = slot_events(run(RecordDisclosure(), dispatcher, tracker))

    assert slots["pronouns"] is None
    assert slots["verbatim"] == {"pronouns": text}
    assert slots["crisis_resources_shown"] is True


def test_a_disclosure_sent_again_never_settles_consent(tracker_for, dispatcher) -> None:
    text = "I want to die"
    tracker = tracker_for(
        form="eligibility_form",
        requested="consent_given",
        text=text,
        intent="crisis",
        slots={},
        history=["hi", text],
    )

    slots = slot_events(run(RecordDisclosure(), dispatcher, tracker))

    assert "consent_given" not in slots and "verbatim" not in slots


def test_completing_the_intake_stores_it_as_complete(tracker_for, dispatcher, stored) -> None:
    tracker = tracker_for(form=None, requested=None, text="yes", intent="affirm", slots=ANSWERED)

    run(CompleteIntake(), dispatcher, tracker)

    summary = stored("test-conversation")
    assert summary["status"] == "complete"
    assert summary["completed_at"] is not None


def test_the_readback_shows_what_will_be_shared_with_confirm_buttons(tracker_for, dispatcher) -> None:
    tracker = tracker_for(form="readback_form", requested="summary_confirmed", text="no", slots=ANSWERED)

    run(AskSummaryConfirmed(), dispatcher, tracker)

    message = dispatcher.messages[0]
    assert "Test Person" in message["text"]
    assert [button["title"] for button in message["buttons"]] == [
        "Yes, that's right",
        "I'd like to change something",
    ]


def test_continue_resumes_at_the_first_section_with_questions_left(tracker_for, dispatcher) -> None:
    slots = {**ANSWERED, "summary_confirmed": None, "eligibility": "eligible"}
    tracker = tracker_for(form=None, requested=None, text="continue", intent="continue_intake", slots=slots)

    events = run(ResumeIntake(), dispatcher, tracker)

    assert events == [{"event": "followup", "name": "about_you_form", "timestamp": None}]


def test_wanting_to_change_something_at_the_readback_asks_what(tracker_for, dispatcher) -> None:
    tracker = tracker_for(
        form="readback_form",
        requested="summary_confirmed",
        text="I'd like to change something",
        intent="change_answer",
        slots=ANSWERED,
    )

    events = run(ChangeAnswer(), dispatcher, tracker)

    assert slot_events(events) == {"readback_mode": "await_correction"}
    assert dispatcher.messages[0]["response"] == "utter_change_how"


def test_safe_right_now_resumes_the_intake_where_it_was(tracker_for, dispatcher) -> None:
    slots = {**ANSWERED, "summary_confirmed": None, "safe_now": "safe"}
    tracker = tracker_for(form=None, requested=None, text="yes I'm safe", intent="affirm", slots=slots)

    events = run(SafetyFollowup(), dispatcher, tracker)

    assert dispatcher.messages[0]["response"] == "utter_safety_glad"
    assert slot_events(events) == {"safe_now": None}
    assert {"event": "followup", "name": "about_you_form", "timestamp": None} in events


@pytest.mark.parametrize("safe_now", ["unsafe", "unsure"])
def test_not_safe_right_now_gets_emergency_help_and_no_more_questions(
    tracker_for, dispatcher, safe_now
) -> None:
    tracker = tracker_for(
        form=None, requested=None, text="no", intent="deny", slots={**ANSWERED, "safe_now": safe_now}
    )

    events = run(SafetyFollowup(), dispatcher, tracker)

    assert dispatcher.messages[0]["response"] == "utter_safety_urgent"
    assert not [event for event in events if event.get("event") == "followup"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("yes I'm safe", "safe"),
        ("yeah I'm ok", "safe"),
        ("no", "unsafe"),
        ("not sure", "unsure"),
        ("hmm", "unsure"),
    ],
)
def test_the_reply_to_are_you_safe_right_now_is_read_conservatively(
    tracker_for, dispatcher, text, expected
) -> None:
    tracker = tracker_for(form="safety_check_form", requested="safe_now", text=text, intent="inform")

    events = asyncio.run(ValidateSafetyCheckForm().run(dispatcher, tracker, DOMAIN))

    assert slot_events(events)["safe_now"] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("yes I'm safe right now", "safe"),
        ("no I want to die tonight", "unsafe"),
        ("not really, I keep thinking about ending it", "unsafe"),
        ("I have the pills in front of me", "unsure"),
    ],
)
def test_a_crisis_message_answering_are_you_safe_right_now_is_the_answer(
    tracker_for, dispatcher, text, expected
) -> None:
    tracker = tracker_for(form="safety_check_form", requested="safe_now", text=text, intent="crisis")

    events = asyncio.run(ValidateSafetyCheckForm().run(dispatcher, tracker, DOMAIN))

    assert slot_events(events)["safe_now"] == expected
    assert not [m for m in dispatcher.messages if m.get("response") == "utter_ask_safe_now"]


def test_a_disclosure_answering_are_you_safe_right_now_is_recorded_and_left_to_the_form(
    tracker_for, dispatcher, stored
) -> None:
    text = "no, I want to kill myself tonight"
    tracker = tracker_for(
        form="safety_check_form",
        requested="safe_now",
        text=text,
        intent="crisis",
        slots=ANSWERED,
        history=["hi", "yes", "I want to die"],
    )

    slots = slot_events(run(RecordDisclosure(), dispatcher, tracker))

    assert [d["text"] for d in slots["disclosures"]] == [text]
    assert "requested_slot" not in slots  # still "are you safe right now?", answered by this message
    assert stored("test-conversation")["risk"]["disclosures"] == [text]

    tracker.events.append({"event": "action", "name": "action_record_disclosure"})
    tracker.slots.update(slots)
    events = asyncio.run(ValidateSafetyCheckForm().run(dispatcher, tracker, DOMAIN))

    assert slot_events(events)["safe_now"] == "unsafe"


def test_a_disclosure_queues_exactly_one_notice_for_the_practice(
    tracker_for, dispatcher, session_factory
) -> None:
    from sqlalchemy import func, select

    from bot.store.models import outbox_table

    slots = {**ANSWERED, "summary_confirmed": None, "eligibility": "eligible"}
    tracker = tracker_for(
        form="concern_form", requested="onset", text="I want to end my life", intent="crisis", slots=slots
    )

    run(RecordDisclosure(), dispatcher, tracker)
    run(RecordDisclosure(), dispatcher, tracker)  # the same message handled twice (a retry)

    with session_factory() as session:
        assert session.execute(select(func.count()).select_from(outbox_table)).scalar_one() == 1


def test_a_correction_at_the_readback_updates_the_answer_and_asks_for_confirmation_again(
    tracker_for, dispatcher, stored
) -> None:
    tracker = tracker_for(
        form="readback_form",
        requested="summary_confirmed",
        text="actually we've been together 5 years, not 3",
        intent="change_answer",
        slots=ANSWERED,
    )

    slots = slot_events(run(ChangeAnswer(), dispatcher, tracker))

    assert slots["relationship_length"] == 60
    assert slots["summary_confirmed"] is None
    assert stored("test-conversation")["relationship"]["length_months"] == 60


def test_sorry_i_meant_at_the_readback_corrects_the_field_the_classifier_named(
    tracker_for, dispatcher, session_factory
) -> None:
    tracker = tracker_for(
        form="readback_form",
        requested="summary_confirmed",
        text="sorry, I meant 38 for my age",
        intent="change_answer",
        slots={**ANSWERED, "last_answered": "goals"},
        entities=[{"entity": "field", "value": "age"}],
    )

    slots = slot_events(run(ChangeAnswer(), dispatcher, tracker))

    assert slots["age"] == 38
    assert slots["summary_confirmed"] is None
