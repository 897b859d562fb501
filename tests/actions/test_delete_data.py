"""The client's "delete my data": the intake goes, and the erasure is audited without content."""

from __future__ import annotations

from actions.intake import CompleteIntake, DeleteData, RequestDelete
from bot.store import audit

ANSWERED = {"consent_given": True, "age": 41, "preferred_name": "Test Person", "summary_confirmed": True}


def test_deleting_my_data_erases_the_intake_and_audits_it_by_intake_id(
    tracker_for, dispatcher, stored, session_factory
) -> None:
    tracker = tracker_for(form=None, requested=None, text="yes", slots=ANSWERED)
    CompleteIntake().run(dispatcher, tracker, {})
    intake_id = stored("test-conversation")["intake_id"]

    events = DeleteData().run(dispatcher, tracker, {})

    assert stored("test-conversation") is None
    assert {"event": "reset_slots", "timestamp": None} in events
    [entry] = audit.recent(session_factory.kw["bind"])
    assert (entry.actor, entry.action, entry.target, entry.detail) == ("client", "erase", intake_id, None)


def test_after_deleting_the_assistant_waits_for_the_client(tracker_for, dispatcher, session_factory) -> None:
    tracker = tracker_for(form="about_you_form", requested="pronouns", text="yes", slots=ANSWERED)

    events = DeleteData().run(dispatcher, tracker, {})

    assert events[-1] == {"event": "followup", "timestamp": None, "name": "action_listen"}


def test_asking_to_delete_asks_for_confirmation_and_waits_instead_of_asking_the_question_again(
    tracker_for, dispatcher
) -> None:
    tracker = tracker_for(form="about_you_form", requested="pronouns", text="delete my data", slots=ANSWERED)

    events = RequestDelete().run(dispatcher, tracker, {})

    assert [message["response"] for message in dispatcher.messages] == ["utter_ask_delete_confirm"]
    assert events == [
        {"event": "slot", "timestamp": None, "name": "delete_pending", "value": True},
        {"event": "followup", "timestamp": None, "name": "action_listen"},
    ]
