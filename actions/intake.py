"""The intake's other actions: read-back, completion, corrections, disclosures, resume, delete."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from actions import persistence, tracker_view
from actions.forms import (
    accept_answer,
    apply_correction,
    ends_as_underage,
    normalise_context,
    underage_events,
)
from bot.config import settings
from bot.intake import fields
from bot.intake.answers import Parsed
from bot.intake.corrections import correction_target
from bot.intake.readback import render_readback
from bot.intake.safety import answer_in_disclosure, disclosure_category
from bot.intake.summary import build_summary

ACTION_LISTEN = "action_listen"
SAFETY_CHECK_FORM = "safety_check_form"
# Consent and age gate the intake and the read-back needs a yes: never settled by a disclosure.
NEVER_LEFT_UNANSWERED = frozenset({"consent_given", "age", "summary_confirmed"})


def _events(updates: dict[str, Any]) -> list[EventType]:
    return [SlotSet(slot, value) for slot, value in updates.items()]


class AskSummaryConfirmed(Action):
    """Shows the client what will be shared, then asks whether it's right."""

    def name(self) -> str:
        return "action_ask_summary_confirmed"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("readback_mode") == "await_correction":
            return []  # the validation just asked what to change
        state = tracker_view.intake_state(tracker, notice_version=settings().practice.notice_version)
        dispatcher.utter_message(
            text=render_readback(build_summary(state)),
            buttons=[
                {"title": "Yes, that's right", "payload": "yes that's right"},
                {"title": "I'd like to change something", "payload": "I'd like to change something"},
            ],
        )
        return []


class CompleteIntake(Action):
    def name(self) -> str:
        return "action_complete_intake"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        persistence.save(tracker, status="complete")
        return []


class ChangeAnswer(Action):
    """ "Actually we've been together 5 years, not 3": updates that answer wherever we are."""

    def name(self) -> str:
        return "action_change_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = tracker_view.latest_text(tracker)
        target = next(tracker.get_latest_entity_values("field"), None)
        if target not in fields.FIELDS:
            target = correction_target(
                text,
                last_answered=tracker.get_slot("last_answered"),
                locations=settings().practice.location_names,
                answers=tracker_view.answers(tracker),
            )
        if target is None:
            # "I'd like to change something": ask what, and read the next message as the change.
            dispatcher.utter_message(response="utter_change_how")
            if tracker.active_loop_name == "readback_form":
                return [SlotSet("readback_mode", "await_correction")]
            return []
        updates = apply_correction(text, dispatcher, tracker, target=target)
        if updates is None:
            return []
        if ends_as_underage(updates):
            return underage_events(updates)
        if tracker.active_loop_name != "readback_form":
            updates = {k: v for k, v in updates.items() if k not in ("summary_confirmed", "readback_mode")}
        if tracker.active_loop_name is None and updates.get("reask"):
            dispatcher.utter_message(text="I'll ask you that again now.")
            tracker.slots.update(updates)
            return _events(updates) + [FollowupAction("readback_form")]
        tracker.slots.update(updates)
        if tracker.get_slot("eligibility") == "eligible":
            persistence.save(tracker)
        return _events(updates)


class RecordDisclosure(Action):
    """Runs after the crisis resources were shown by a rule: records the disclosure verbatim."""

    def name(self) -> str:
        return "action_record_disclosure"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = tracker_view.latest_text(tracker)
        index = tracker_view.client_message_index(tracker)
        category = disclosure_category(text)
        disclosures = [
            d for d in tracker_view.slot_list(tracker, "disclosures") if d["message_index"] != index
        ]
        disclosures.append({"text": text, "category": category, "message_index": index})
        updates = {"disclosures": disclosures, "crisis_resources_shown": True} | _answered_by(
            tracker, text, category
        )
        tracker.slots.update(updates)
        if tracker.get_slot("consent_given"):
            persistence.save(tracker)
        if tracker.active_loop_name == SAFETY_CHECK_FORM:
            return _events(updates)  # the disclosure answers "are you safe right now?": the form takes it
        # The rule then asks "are you safe right now?" (safety_check_form) before anything else.
        return _events(updates) + [SlotSet(REQUESTED_SLOT, None)]


def _answered_by(tracker: Tracker, text: str, category: str) -> dict[str, Any]:
    """The disclosure as the answer to the question it was given to, so that after the safety
    check the intake goes on instead of asking it again ("have you had thoughts...?" answered
    with those very thoughts)."""
    asked = tracker.get_slot(REQUESTED_SLOT)
    if asked not in fields.FIELDS or tracker.active_loop_name not in fields.FORMS:
        return {}
    result = answer_in_disclosure(asked, text, category, normalise_context())
    if isinstance(result, Parsed):
        return accept_answer(asked, result.value, tracker)
    if tracker_view.repeats_previous_message(tracker) and asked not in NEVER_LEFT_UNANSWERED:
        # Said again in answer to the same question: that is their answer; the therapist reads it
        # among the disclosures, and the question is not asked a third time.
        verbatim = tracker_view.slot_dict(tracker, "verbatim") | {asked: text}
        return {asked: None, "verbatim": verbatim, "last_answered": asked}
    return {}


class SafetyFollowup(Action):
    """After "are you safe right now?": urgent help if not, otherwise back to the intake."""

    def name(self) -> str:
        return "action_safety_followup"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        done = [SlotSet("safe_now", None)]
        if tracker.get_slot("safe_now") != "safe":
            dispatcher.utter_message(response="utter_safety_urgent")
            return done
        dispatcher.utter_message(response="utter_safety_glad")
        if tracker.get_slot("summary_confirmed") or tracker.get_slot("eligibility") in (
            "no_consent",
            "underage",
        ):
            return done
        return done + [FollowupAction(next_form(tracker))]


class ResumeIntake(Action):
    """ "Continue": back to the first section with a question still to ask."""

    def name(self) -> str:
        return "action_resume_intake"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.active_loop_name:
            return []  # already in a section: it asks its question again
        if tracker.get_slot("summary_confirmed"):
            dispatcher.utter_message(response="utter_intake_already_complete")
            return []
        if tracker.get_slot("eligibility") != "eligible":
            if tracker.get_slot("eligibility") == "underage":
                dispatcher.utter_message(response="utter_underage")
                return []
            dispatcher.utter_message(response="utter_greet")
            return [
                SlotSet("consent_given", None),
                SlotSet("eligibility", None),
                FollowupAction("eligibility_form"),
            ]
        dispatcher.utter_message(text="Welcome back! Let's pick up where we left off.")
        return [FollowupAction(next_form(tracker))]


def next_form(tracker: Tracker) -> str:
    """The first section with a question still to ask (the read-back when none is left)."""
    answers = tracker_view.answers(tracker)
    settled = frozenset(tracker_view.slot_list(tracker, "skipped")) | frozenset(
        tracker_view.slot_dict(tracker, "verbatim")
    )
    for section in fields.SECTIONS:
        todo = fields.slots_to_ask(section.form, answers, settled=settled)
        if any(answers.get(slot) is None for slot in todo):
            return section.form
    return "readback_form"


class MarkStopped(Action):
    def name(self) -> str:
        return "action_mark_stopped"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return [SlotSet(REQUESTED_SLOT, None)]


class RequestDelete(Action):
    """Asks "are you sure?" and waits: an active section would otherwise ask its question again
    right under the confirmation, with its own buttons beside Yes and No."""

    def name(self) -> str:
        return "action_request_delete"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_ask_delete_confirm")
        return [SlotSet("delete_pending", True), FollowupAction(ACTION_LISTEN)]


class DeleteData(Action):
    def name(self) -> str:
        return "action_delete_data"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        persistence.erase(tracker.sender_id)
        if tracker.get_slot("delete_pending") or tracker.get_slot("eligibility") != "underage":
            # Not after an age under 18 given as a change: the client was just told nothing is kept.
            dispatcher.utter_message(response="utter_deleted")
        # With every slot reset, no rule describes what comes next: wait for the client.
        return [ActiveLoop(None), AllSlotsReset(), FollowupAction(ACTION_LISTEN)]


class CancelDelete(Action):
    def name(self) -> str:
        return "action_cancel_delete"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_delete_cancelled")
        return [SlotSet("delete_pending", False)]
