"""What the action server is sent of a conversation (bot/rasa_runtime.py `slim_events`): every
answer the actions read from the slimmed tracker is the answer they read from the whole one."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    DefinePrevUserUtteredFeaturization,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.slots import AnySlot
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa_sdk import Tracker

from actions import tracker_view
from bot import rasa_runtime
from bot.rasa_runtime import slim_events

_RASAS_CALL_FORMAT = RemoteAction._action_call_format

FORM = "about_you_form"
SLOTS = [
    AnySlot(name, mappings=[])
    for name in ("requested_slot", "name", "age", "pronouns", "skipped", "verbatim")
]


def _message(text: str, intent: str, at: float) -> UserUttered:
    ranking = [{"name": name, "confidence": 0.1} for name in ("inform", "faq", "skip", "greet", "affirm")]
    parse_data = {
        "intent": {"name": intent, "confidence": 0.9},
        "entities": [],
        "text": text,
        "intent_ranking": ranking,
        "response_selector": {"faq": {"ranking": ranking, "response": {"responses": [{"text": "x" * 300}]}}},
    }
    return UserUttered(text, parse_data["intent"], [], parse_data, timestamp=at, message_id=f"m{at}")


def _turn(text: str, intent: str, at: float, *, slot: str, value: Any, asked_next: str) -> list[Any]:
    return [
        ActionExecuted("action_listen", timestamp=at),
        _message(text, intent, at + 0.1),
        DefinePrevUserUtteredFeaturization(False, timestamp=at + 0.2),
        ActionExecuted(FORM, policy="RulePolicy", confidence=1.0, timestamp=at + 0.3),
        SlotSet(slot, value, timestamp=at + 0.4),
        SlotSet("requested_slot", asked_next, timestamp=at + 0.5),
        BotUttered(f"fake question for {asked_next}", {"buttons": [{"title": "Skip", "payload": "skip"}]},
                   {"utter_action": f"utter_ask_{asked_next}"}, timestamp=at + 0.6),
    ]  # fmt: skip


START = [ActionExecuted("action_session_start", timestamp=1.0), SessionStarted(timestamp=1.1),
         ActionExecuted(FORM, timestamp=1.2), ActiveLoop(FORM, timestamp=1.3)]  # fmt: skip
HISTORY = START + _turn("Fake Person here", "inform", 2.0, slot="name", value="Fake", asked_next="age")
AT_A_NEW_ANSWER = HISTORY + [ActionExecuted("action_listen", timestamp=3.0), _message("36", "inform", 3.1)]
AT_VALIDATION = AT_A_NEW_ANSWER + [
    SlotSet("requested_slot", "age", timestamp=3.2),
    ActionExecuted(FORM, timestamp=3.3),
    SlotSet("age", "36", timestamp=3.3),
    SlotSet("pronouns", "he/him", timestamp=3.3),
]
AFTER_AN_FAQ = AT_A_NEW_ANSWER + [
    ActionExecuted("utter_faq", timestamp=3.2),
    BotUttered("fake faq answer", timestamp=3.3),
    ActionExecuted(FORM, timestamp=3.4),
]
REPEATED = AFTER_AN_FAQ + [ActionExecuted("action_listen", timestamp=4.0), _message("36", "inform", 4.1)]


def _calls(events: list[Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """What Rasa's own call format sends the action server, and what is sent instead."""
    tracker = DialogueStateTracker.from_events("c-fake-payload", events, SLOTS)
    action, domain = RemoteAction("validate_about_you_form", None), Domain.empty()
    whole = _RASAS_CALL_FORMAT(action, tracker, domain)
    slim = rasa_runtime._slim_action_call_format(action, tracker, domain)
    return json.loads(json.dumps(whole)), json.loads(json.dumps(slim))


def _sdk_trackers(events: list[Any]) -> tuple[Tracker, Tracker]:
    whole, slim = _calls(events)
    return Tracker.from_dict(whole["tracker"]), Tracker.from_dict(slim["tracker"])


def _read(tracker: Tracker) -> dict[str, Any]:
    state = dataclasses.asdict(tracker_view.intake_state(tracker, notice_version="fake-1"))
    state.pop("updated_at")
    return {
        "latest_text": tracker_view.latest_text(tracker),
        "latest_intent": tracker_view.latest_intent(tracker),
        "fresh": tracker_view.is_fresh_answer(tracker, FORM),
        "repeats": tracker_view.repeats_previous_message(tracker),
        "index": tracker_view.client_message_index(tracker),
        "transcript": tracker_view.transcript(tracker),
        "state": state,
        "to_validate": tracker.slots_to_validate(),
        "active_loop": tracker.active_loop,
        "latest_action": tracker.latest_action_name,
        "applied": [(event["event"], event.get("name"), event.get("text")) for event in tracker.applied_events()
                    if event["event"] in ("user", "bot", "action")],
    }  # fmt: skip


@pytest.mark.parametrize(
    "events",
    [HISTORY, AT_A_NEW_ANSWER, AT_VALIDATION, AFTER_AN_FAQ, REPEATED],
    ids=["between-turns", "at-a-new-answer", "at-validation", "after-an-faq", "repeated-answer"],
)
def test_the_actions_read_the_same_from_the_slimmed_conversation_as_from_the_whole(events: list[Any]) -> None:
    whole, slim = _sdk_trackers(events)

    assert _read(slim) == _read(whole)


def test_the_slot_candidates_a_form_validates_are_sent_and_past_slot_events_are_not() -> None:
    _, slim = _sdk_trackers(AT_VALIDATION)

    assert slim.slots_to_validate() == {"age": "36", "pronouns": "he/him"}
    assert [event["name"] for event in slim.events if event["event"] == "slot"] == ["age", "pronouns"]


@pytest.mark.parametrize("events", [AT_A_NEW_ANSWER, AT_VALIDATION], ids=["at-a-new-answer", "at-validation"])
def test_everything_but_the_events_and_the_responses_is_sent_as_rasa_sends_it(events: list[Any]) -> None:
    whole, slim = _calls(events)
    whole["domain"].pop("responses", None)  # the test below

    assert {**slim, "tracker": {**slim["tracker"], "events": None}} == {
        **whole,
        "tracker": {**whole["tracker"], "events": None},
    }


def test_the_validation_actions_get_the_forms_and_slots_of_the_domain_but_not_its_responses() -> None:
    domain = Domain.from_dict(
        {
            "slots": {"age": {"type": "any", "mappings": [{"type": "custom"}]}},
            "forms": {FORM: {"required_slots": ["age"]}},
            "responses": {"utter_ask_age": [{"text": "fake question for age"}]},
        }
    )
    tracker = DialogueStateTracker.from_events("c-fake-domain", AT_A_NEW_ANSWER, SLOTS)
    action = RemoteAction("validate_about_you_form", None)

    whole = _RASAS_CALL_FORMAT(action, tracker, domain)["domain"]
    sent = rasa_runtime._slim_action_call_format(action, tracker, domain)["domain"]

    assert whole["responses"] and "responses" not in sent
    assert sent == {key: value for key, value in whole.items() if key != "responses"}
    assert sent["forms"][FORM]["required_slots"] == ["age"] and "age" in sent["slots"]


def test_past_messages_lose_their_rankings_and_the_latest_keeps_everything() -> None:
    tracker = DialogueStateTracker.from_events("c-fake", REPEATED, SLOTS)
    state = tracker.current_state(EventVerbosity.ALL)

    slim = slim_events(list(tracker.events))

    users = [event for event in slim if event["event"] == "user"]
    assert all("intent_ranking" not in event["parse_data"] for event in users[:-1])
    assert users[-1] == [event for event in state["events"] if event["event"] == "user"][-1]
    assert len(json.dumps(slim)) < len(json.dumps(state["events"])) / 2
