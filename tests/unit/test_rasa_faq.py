"""The FAQ answer is chosen for every message that can end up an FAQ, and only for those."""

from __future__ import annotations

import pytest
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_faq import FaqResponseSelector


def _classified(text: str, intent: str | None) -> Message:
    message = Message(data={TEXT: text})
    if intent is not None:
        message.set(INTENT, {"name": intent, "confidence": 0.9})
    return message


@pytest.fixture
def selected(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts Rasa's own selector is run on."""
    texts: list[str] = []

    def select(self: ResponseSelector, messages: list[Message]) -> list[Message]:
        texts.extend(message.get(TEXT) for message in messages)
        return messages

    monkeypatch.setattr(ResponseSelector, "process", select)
    return texts


def _selector() -> FaqResponseSelector:
    selector = FaqResponseSelector.__new__(FaqResponseSelector)  # a trained one's settings, no model
    selector.retrieval_intent = "faq"
    return selector


def test_faq_and_crisis_messages_get_an_answer_chosen_and_answers_to_questions_do_not(
    selected: list[str],
) -> None:
    messages = [
        _classified("is there nudity in sessions?", "faq"),
        _classified("36", "inform"),
        _classified("fake crisis words the net may overrule", "crisis"),
        _classified("hi", "greet"),
        _classified("unclassified", None),
    ]

    processed = _selector().process(messages)

    assert processed == messages
    assert selected == ["is there nudity in sessions?", "fake crisis words the net may overrule"]
