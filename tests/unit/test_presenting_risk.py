from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.intake.summary import IntakeState, build_summary
from bot.web.fhir import questionnaire_response
from bot.web.presenting import sections

NOW = datetime(2026, 11, 27, 20, 0, tzinfo=timezone.utc)


def summary_with(answers: dict, **state) -> dict:
    return build_summary(
        IntakeState(
            conversation_id="c",
            intake_id="00000000-0000-4000-8000-000000000009",
            started_at=NOW,
            updated_at=NOW,
            answers=answers,
            **state,
        )
    )


def ideation_row(summary: dict):
    risk = next(section for section in sections(summary) if section.title == "Risk")
    return next(row for row in risk.rows if row.label == "Suicidal ideation")


@pytest.mark.parametrize(
    "answer, shown",
    [
        ("unsure", "not ruled out: the client was unsure"),
        ("declined", "not ruled out: the client preferred not to answer"),
    ],
)
def test_the_dashboard_shows_an_unsure_or_declined_self_harm_answer_as_not_ruled_out_not_as_passive(
    answer, shown
):
    assert ideation_row(summary_with({"self_harm": answer})).value == shown


def test_the_dashboard_quotes_an_unclear_self_harm_answer():
    row = ideation_row(summary_with({}, verbatim={"self_harm": "hmm whatever"}))

    assert row.value == "not ruled out: the answer was unclear"
    assert "hmm whatever" in row.note


def test_a_reported_passive_answer_is_shown_as_it_is():
    assert ideation_row(summary_with({"self_harm": "passive"})).value == "passive"


def test_the_fhir_response_says_how_the_self_harm_question_was_answered():
    response = questionnaire_response(
        summary_with({"self_harm": "declined"}), base_url="https://practice.example"
    )

    risk = next(group for group in response["item"] if group["linkId"] == "risk")
    answers = {
        item["linkId"]: item["answer"][0]["valueCoding"]["code"]
        for item in risk["item"]
        if "answer" in item and "valueCoding" in item["answer"][0]
    }
    assert answers["risk.suicidal_ideation"] == "passive"
    assert answers["risk.suicidal_ideation_answer"] == "declined"
