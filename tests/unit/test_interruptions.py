from __future__ import annotations

import pytest

from bot.intake.answers import Parsed, Unclear
from bot.intake.interruptions import is_answer_despite_intent


@pytest.mark.parametrize(
    "slot, text, intent, result",
    [
        ("partner_involvement", "they will attend too", "faq", Parsed("attending")),
        ("relationship_status", "my girlfriend and I live together", "crisis", None),
        ("distress", "7", "human_handoff", Parsed(7)),
        ("self_harm", "sometimes I wish I wasn't here", "crisis", Parsed("passive")),
        ("relationship_safety", "no I don't feel safe", "crisis", Parsed("unsafe")),
        ("preferred_name", "Delta", "delete_data", Parsed("Delta")),
        ("preferred_name", "Charlie", "change_answer", Parsed("Charlie")),
        ("location", "jersey city", "faq", Parsed("Jersey City")),
    ],
)
def test_a_message_that_answers_the_question_is_the_answer(slot, text, intent, result) -> None:
    if result is None:  # a crisis reading outside the safety questions always wins
        assert not is_answer_despite_intent(slot, text, intent, Parsed("partnered"))
        return
    assert is_answer_despite_intent(slot, text, intent, result)


@pytest.mark.parametrize(
    "slot, text, intent, result",
    [
        ("partner_involvement", "is there nudity in sessions?", "faq", Unclear()),
        ("main_concern", "what happens in the first session?", "faq", Parsed({"client_words": "x"})),
        ("goals", "why do you ask?", "ask_why", Parsed("why do you ask?")),
        ("distress", "stop", "stop", Unclear()),
        ("relationship_status", "married", "stop", Parsed("married")),
        ("phone", "delete my data", "delete_data", Unclear()),
        ("preferred_name", "why do you need my name?", "ask_why", Parsed("x")),
        ("preferred_name", "stop", "stop", Parsed("Stop")),
        ("preferred_name", "I want to die", "crisis", Parsed("x")),
        ("onset", "I don't want to be alive anymore", "crisis", Parsed({})),
        ("partner_involvement", "actually we've been together 5 years, not 3", "change_answer", Parsed("attending")),
    ],
)
def test_a_real_interruption_stays_an_interruption(slot, text, intent, result) -> None:
    assert not is_answer_despite_intent(slot, text, intent, result)
