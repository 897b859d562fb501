"""The client's "delete my data": the intake goes, and the erasure is audited without content."""

from __future__ import annotations

from actions.intake import CompleteIntake, DeleteData
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
