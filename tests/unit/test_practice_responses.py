"""The practice-specific responses rendered from the practice config."""

from __future__ import annotations

from bot.config import settings
from bot.practice_responses import render_responses


def test_a_question_about_fees_or_insurance_gets_where_to_ask_not_a_made_up_answer() -> None:
    practice = settings().practice

    [answer] = render_responses(practice)["utter_faq/fees_and_insurance"]

    assert practice.phone in answer["text"] and practice.email in answer["text"]
    assert "$" not in answer["text"]
