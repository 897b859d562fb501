"""The NLU override between the safety net and the intent classifier; the crisis-first policy."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, ActiveLoop, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlp import safety
from bot.rasa_safety import CrisisFirstPolicy, SafetyNetOverride


def _classified(text: str, *ranking: tuple[str, float]) -> Message:
    message = Message(data={TEXT: text})
    message.set(SPACY_DOCS[TEXT], safety._pipeline()(text))
    intents: list[dict[str, Any]] = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message.set(INTENT, intents[0])
    message.set(INTENT_RANKING_KEY, intents)
    return message


def _override(message: Message) -> dict[str, Any]:
    (processed,) = SafetyNetOverride().process([message])
    return processed.get(INTENT)


def test_a_disclosure_the_classifier_missed_becomes_crisis_with_the_net_category():
    intent = _override(_classified("honestly i just want to die", ("inform", 0.93), ("crisis", 0.05)))

    assert intent == {"name": "crisis", "confidence": 1.0, "safety_net": "suicidal"}


def test_the_crisis_intent_leads_the_ranking_once_and_only_once():
    message = _classified("kms", ("greet", 0.6), ("crisis", 0.3), ("inform", 0.1))

    SafetyNetOverride().process([message])

    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == ["crisis", "greet", "inform"]


@pytest.mark.parametrize(
    "text",
    ["I'm not suicidal", "he has never threatened me", "he hit me up on tinder first", "I'd die for my kids"],
)
def test_a_classifier_crisis_on_words_the_net_ruled_out_is_overruled(text):
    intent = _override(_classified(text, ("crisis", 0.99), ("inform", 0.008), ("deny", 0.002)))

    assert intent["name"] == "inform"
    assert intent["safety_net_overruled"] == "crisis"


def test_an_overruled_crisis_is_a_statement_when_the_runner_up_is_noise():
    intent = _override(_classified("i dont have any suicidal thoughts", ("crisis", 0.99), ("ask_why", 0.004)))

    assert intent == {"name": "inform", "confidence": 0.0, "safety_net_overruled": "crisis"}


def test_an_overruled_crisis_takes_a_runner_up_that_was_clearly_meant():
    intent = _override(_classified("no, I'm not suicidal", ("crisis", 0.6), ("deny", 0.38), ("inform", 0.02)))

    assert intent["name"] == "deny"


def test_an_overruled_crisis_never_becomes_the_fallback_intent():
    intent = _override(
        _classified("I'm not suicidal", ("crisis", 0.5), ("nlu_fallback", 0.45), ("inform", 0.05))
    )

    assert intent["name"] == "inform"


def test_a_classifier_crisis_on_words_the_net_does_not_know_still_stands():
    # An unforeseen phrasing: the classifier is the second layer that catches it.
    intent = _override(_classified("I keep staring at the bridge on my drive home", ("crisis", 0.9)))

    assert intent == {"name": "crisis", "confidence": 0.9}


def test_an_unsure_classifier_crisis_on_words_the_net_does_not_know_is_overruled():
    intent = _override(_classified("I smoke about a pack a day", ("crisis", 0.66), ("inform", 0.3)))

    assert intent["name"] == "inform"
    assert intent["safety_net_overruled"] == "crisis"


def test_a_disclosure_beside_a_negation_is_still_a_crisis():
    intent = _override(_classified("I'm not ok, I want to die", ("crisis", 0.99), ("inform", 0.01)))

    assert intent["name"] == "crisis"
    assert intent["safety_net"] == "suicidal"


def test_a_message_without_a_spacy_doc_is_left_alone():
    message = Message(data={TEXT: "hi", INTENT: {"name": "greet", "confidence": 0.9}})

    assert _override(message) == {"name": "greet", "confidence": 0.9}


# --- CrisisFirstPolicy: which action a crisis message leads to, step by step ------------------


def _crisis_turn(*, checking: bool, safety_net: str | None, done: tuple[str, ...]) -> DialogueStateTracker:
    """A crisis message, sent while "are you safe right now?" waited (`checking`) or in a section,
    followed by the actions `done` so far."""
    loop = "safety_check_form" if checking else "about_you_form"
    intent: dict[str, Any] = {"name": "crisis", "confidence": 0.84}
    if safety_net:
        intent["safety_net"] = safety_net
    events = [
        ActionExecuted(ACTION_LISTEN_NAME),
        ActiveLoop(loop),
        UserUttered("a message", intent=intent),
        *(ActionExecuted(action) for action in done),
    ]
    if "safety_check_form" in done and not checking:
        events.append(ActiveLoop("safety_check_form"))
    return DialogueStateTracker.from_events("test-conversation", events)


@pytest.mark.parametrize(
    "done, expected",
    [
        ((), "utter_crisis_resources"),
        (("utter_crisis_resources",), "action_record_disclosure"),
        (("utter_crisis_resources", "action_record_disclosure"), "safety_check_form"),
        (("utter_crisis_resources", "action_record_disclosure", "safety_check_form"), None),
    ],
)
def test_a_crisis_in_a_section_gets_the_resources_a_record_and_the_safety_question(done, expected):
    tracker = _crisis_turn(checking=False, safety_net="suicidal", done=done)

    assert CrisisFirstPolicy._next_crisis_action(tracker) == expected


@pytest.mark.parametrize("done, expected", [((), "safety_check_form"), (("safety_check_form",), None)])
def test_a_classifier_crisis_answering_are_you_safe_right_now_goes_to_the_question_without_the_resources_again(
    done, expected
):
    tracker = _crisis_turn(checking=True, safety_net=None, done=done)

    assert CrisisFirstPolicy._next_crisis_action(tracker) == expected


@pytest.mark.parametrize(
    "done, expected",
    [
        ((), "action_record_disclosure"),
        (("action_record_disclosure",), "safety_check_form"),
        (("action_record_disclosure", "safety_check_form"), None),
    ],
)
def test_a_disclosure_answering_are_you_safe_right_now_is_recorded_then_taken_as_the_answer(done, expected):
    tracker = _crisis_turn(checking=True, safety_net="suicidal", done=done)

    assert CrisisFirstPolicy._next_crisis_action(tracker) == expected
