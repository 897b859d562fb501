from __future__ import annotations

import pytest

from bot.intake.answers import Parsed, Unclear
from bot.intake.interruptions import is_answer_despite_intent, repeated_answer


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
        ("preferred_name", "Please call me Dot", "faq", Parsed("Dot")),
        ("preferred_name", "you can call me Dot thanks", "faq", Parsed("Dot")),
        ("preferred_name", "my friends call me Dot", "human_handoff", Parsed("Dot")),
        ("location", "jersey city", "faq", Parsed("Jersey City")),
        ("worse_when", "when I'm worried about my mother, who is ill", "faq", Parsed(["x"])),
        ("better_when", "when we're on holiday and nobody's watching the clock", "faq", Parsed(["x"])),
        (
            "main_concern",
            "I can't relax enough to enjoy sex, it feels like a test",
            "faq",
            Parsed({"client_words": "x"}),
        ),
        ("goals", "to understand why this keeps happening", "ask_why", Parsed("x")),
        ("anything_else", "only that I'm nervous about the first session", "faq", Parsed("x")),
        ("session_format", "dont mind", "stop", Parsed("either")),
        ("goals", "reconnect", "human_handoff", Parsed("reconnect")),
        ("worse_when", "alcohol lol", "change_answer", Parsed(["alcohol lol"])),
        (
            "medical_conditions",
            "I had a c-section 2 years ago",
            "change_answer",
            Parsed([{"name": "c-section"}]),
        ),
        ("better_when", "2nd round is better lol", "stop", Parsed(["2nd round is better lol"])),
        ("relationship_status", "married", "stop", Parsed("married")),
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
        ("relationship_status", "married, but I want to stop now", "stop", Parsed("married")),
        ("session_format", "nah I'm out", "stop", Parsed("either")),
        ("self_harm", "no", "stop", Parsed("none_reported")),
        ("distress", "forget it", "stop", Parsed(5)),
        ("goals", "I can't handle this right now", "stop", Parsed("x")),
        ("anything_else", "not now, maybe later", "stop", Parsed("x")),
        ("main_concern", "I don't want to keep going", "stop", Parsed({"client_words": "x"})),
        ("goals", "dont want to keep going", "stop", Parsed("x")),
        ("worse_when", "i dont want to keep answering", "stop", Parsed(["x"])),
        ("better_when", "let's call it a day", "stop", Parsed(["x"])),
        ("main_concern", "i dont want to do the rest", "stop", Parsed({"client_words": "x"})),
        ("goals", "I give up on this form", "stop", Parsed("x")),
        ("anything_else", "I'd like a callback", "human_handoff", Parsed("x")),
        ("goals", "i need a call back today", "human_handoff", Parsed("x")),
        ("phone", "delete my data", "delete_data", Unclear()),
        ("preferred_name", "why do you need my name?", "ask_why", Parsed("x")),
        ("preferred_name", "stop", "stop", Parsed("Stop")),
        ("preferred_name", "can I call the practice instead", "faq", Unclear()),
        ("preferred_name", "please call me back instead of this chat", "human_handoff", Unclear()),
        ("preferred_name", "I want to die", "crisis", Parsed("x")),
        ("onset", "I don't want to be alive anymore", "crisis", Parsed({})),
        ("worse_when", "is this confidential", "faq", Parsed(["x"])),
        ("goals", "do I have to get naked", "faq", Parsed("x")),
        ("anything_else", "how much does a session cost", "faq", Parsed("x")),
        ("main_concern", "so what happens in the first session", "faq", Parsed({"client_words": "x"})),
        ("better_when", "when do sessions usually happen", "faq", Parsed(["x"])),
        ("medications", "tell me what a sex therapist actually does", "faq", Parsed([])),
        ("anything_else", "I'd like to talk to a real person", "human_handoff", Parsed("x")),
        ("goals", "are you a bot", "bot_challenge", Parsed("x")),
        (
            "partner_involvement",
            "actually we've been together 5 years, not 3",
            "change_answer",
            Parsed("attending"),
        ),
        ("worse_when", "actually I drink more like every day, not weekly", "change_answer", Parsed(["x"])),
        ("trauma_history", "do I have to answer this?", "ask_why", Parsed("yes")),
        ("trauma_history", "do i have to", "faq", Parsed("yes")),
    ],
)
def test_a_real_interruption_stays_an_interruption(slot, text, intent, result) -> None:
    assert not is_answer_despite_intent(slot, text, intent, result)


def test_a_correction_sent_again_word_for_word_answers_the_question_so_it_cannot_loop() -> None:
    assert repeated_answer("change_answer")


@pytest.mark.parametrize("intent", ["stop", "delete_data", "continue_intake", "crisis"])
def test_saying_again_to_stop_delete_continue_or_a_crisis_is_never_taken_as_an_answer(intent) -> None:
    assert not repeated_answer(intent)
