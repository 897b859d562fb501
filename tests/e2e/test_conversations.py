"""Complete intakes with fake clients through the running stack, checked field by field."""

from __future__ import annotations

import json
import uuid
from typing import Any

import jsonschema
import pytest

from tests.e2e.clients import CLIENTS, FakeClient, value_at
from tests.e2e.conftest import RESULTS
from tests.e2e.stack import Stack

MAX_TURNS = 120


def _texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def play(stack: Stack, client: FakeClient, conversation_id: str) -> dict[str, Any]:
    """Answers every question the assistant asks until the intake ends; returns what happened."""
    asked: list[str] = []
    replies_after: dict[str, list[str]] = {}
    pending_before = {slot: list(messages) for slot, messages in client.before.items()}
    stack.send(conversation_id, client.opening)
    for _ in range(MAX_TURNS):
        tracker = stack.tracker(conversation_id)
        loop = (tracker.get("active_loop") or {}).get("name")
        slot = tracker["slots"].get("requested_slot")
        if loop is None or slot is None:
            break
        if pending_before.get(slot):
            message = pending_before[slot].pop(0)
            replies_after[message] = [_texts(stack.send(conversation_id, message))]
            requested_again = stack.tracker(conversation_id)["slots"].get("requested_slot")
            replies_after[message].append(requested_again)
            continue
        answer = (
            "yes, that's right" if slot == "summary_confirmed" else client.answer(slot, asked.count(slot))
        )
        asked.append(slot)
        stack.send(conversation_id, answer)
    else:
        pytest.fail(f"{client.name}: the intake did not end within {MAX_TURNS} turns; asked {asked}")
    return {"asked": asked, "replies_after": replies_after}


@pytest.fixture(scope="module")
def played(stack: Stack) -> dict[str, dict[str, Any]]:
    runs = {}
    for client in CLIENTS:
        conversation_id = f"e2e-{client.name}-{uuid.uuid4().hex[:8]}"
        run = play(stack, client, conversation_id)
        code, summary, stderr = stack.export(conversation_id)
        assert code == 0, stderr
        runs[client.name] = {**run, "summary": summary, "conversation_id": conversation_id}
    return runs


@pytest.mark.parametrize("client", CLIENTS, ids=lambda c: c.name)
def test_complete_intake_exports_a_schema_valid_summary(
    played: dict[str, Any], client: FakeClient, summary_schema: dict[str, Any]
) -> None:
    summary = played[client.name]["summary"]

    jsonschema.Draft202012Validator(summary_schema).validate(summary)
    assert summary["status"] == "complete"
    assert summary["conversation_id"] == played[client.name]["conversation_id"]
    assert summary["transcript"][0]["speaker"] == "client"


@pytest.mark.parametrize("client", CLIENTS, ids=lambda c: c.name)
def test_every_expected_field_is_stored_as_the_client_said_it(
    played: dict[str, Any], client: FakeClient
) -> None:
    summary = played[client.name]["summary"]

    wrong = {
        path: (expected, _safe_value(summary, path))
        for path, expected in client.expected.items()
        if _safe_value(summary, path) != expected
    }

    assert not wrong, f"{client.name}: (expected, stored) {wrong}"


@pytest.mark.parametrize("client", CLIENTS, ids=lambda c: c.name)
def test_flags_follow_from_the_answers(played: dict[str, Any], client: FakeClient) -> None:
    codes = {flag["code"] for flag in played[client.name]["summary"]["flags"]}

    assert client.expected_flags <= codes


@pytest.mark.parametrize("client", CLIENTS, ids=lambda c: c.name)
def test_conditional_questions_are_not_asked(played: dict[str, Any], client: FakeClient) -> None:
    asked = set(played[client.name]["asked"])

    assert not (client.never_asked & asked)


def test_an_faq_in_the_middle_of_a_form_is_answered_and_the_same_question_resumes(
    played: dict[str, Any],
) -> None:
    after = played["charlie"]["replies_after"]

    nudity_reply, requested = after["is there any nudity in the sessions?"]
    assert "nudity" in nudity_reply.lower() or "undress" in nudity_reply.lower()
    assert requested == "distress"
    first_session_reply, requested = after["what happens in the first session?"]
    assert "first session" in first_session_reply.lower()
    assert requested == "context"


def test_why_do_you_ask_explains_the_current_question_and_resumes(played: dict[str, Any]) -> None:
    reply, requested = played["bravo"]["replies_after"]["why do you ask?"]

    assert "medication" in reply.lower()
    assert requested == "medications"


def test_asking_for_a_human_gives_the_practice_contact_details(played: dict[str, Any]) -> None:
    reply, requested = played["echo"]["replies_after"]["can I talk to a real person?"]

    assert "(201) 555-0100" in reply
    assert requested == "availability"


def test_an_answer_not_understood_twice_is_kept_verbatim_and_the_intake_moves_on(
    played: dict[str, Any],
) -> None:
    run = played["echo"]

    assert run["asked"].count("distress") == 2
    assert run["summary"]["verbatim"]["concern.distress_0_10"] == "honestly I can't put a number on it"


def test_skipped_questions_are_listed_and_not_asked_again(played: dict[str, Any]) -> None:
    run = played["bravo"]

    assert run["asked"].count("pronouns") == 1
    assert set(run["summary"]["skipped"]) == {"pronouns", "phone"}


def test_field_accuracy_over_all_clients(played: dict[str, Any]) -> None:
    checked = correct = 0
    for client in CLIENTS:
        summary = played[client.name]["summary"]
        for path, expected in client.expected.items():
            checked += 1
            correct += _safe_value(summary, path) == expected
    accuracy = correct / checked
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "e2e_accuracy.json").write_text(json.dumps({"checked": checked, "correct": correct}))
    print(f"\nend-to-end field accuracy: {correct}/{checked} = {accuracy:.1%}")

    assert accuracy == 1.0


def test_under_18_gets_a_kind_message_and_nothing_is_stored(stack: Stack) -> None:
    conversation_id = f"e2e-minor-{uuid.uuid4().hex[:8]}"
    stack.send(conversation_id, "hello")
    stack.send(conversation_id, "yes")

    reply = _texts(stack.send(conversation_id, "I'm 16"))

    assert "18" in reply and "988" in reply
    code, summary, stderr = stack.export(conversation_id)
    assert code == 1 and summary is None and "no intake" in stderr


def test_no_consent_ends_politely_and_nothing_is_stored(stack: Stack) -> None:
    conversation_id = f"e2e-noconsent-{uuid.uuid4().hex[:8]}"
    stack.send(conversation_id, "hi")

    reply = _texts(stack.send(conversation_id, "no"))

    assert "okay" in reply.lower()
    assert (stack.tracker(conversation_id).get("active_loop") or {}).get("name") is None
    code, _, _ = stack.export(conversation_id)
    assert code == 1


def test_stop_ends_the_chat_and_keeps_what_was_said(stack: Stack) -> None:
    conversation_id = f"e2e-stop-{uuid.uuid4().hex[:8]}"
    for message in ("hi", "yes", "40", "Test Foxtrot"):
        stack.send(conversation_id, message)

    reply = _texts(stack.send(conversation_id, "stop"))

    assert "stopped" in reply.lower()
    assert (stack.tracker(conversation_id).get("active_loop") or {}).get("name") is None
    code, summary, _ = stack.export(conversation_id)
    assert code == 0 and summary["client"]["preferred_name"] == "Test Foxtrot"
    assert summary["status"] == "in_progress"


def _safe_value(summary: dict[str, Any], path: str) -> Any:
    try:
        return value_at(summary, path)
    except (KeyError, IndexError, TypeError):
        return "<missing>"


def test_delete_my_data_with_confirmation_erases_the_stored_intake(stack: Stack) -> None:
    conversation_id = f"e2e-delete-{uuid.uuid4().hex[:8]}"
    for message in ("hi", "yes", "44", "Test India"):
        stack.send(conversation_id, message)
    assert stack.export(conversation_id)[0] == 0

    confirm = _texts(stack.send(conversation_id, "please delete my data"))
    reply = _texts(stack.send(conversation_id, "yes"))

    assert "delete" in confirm.lower()
    assert "Test India" not in confirm and "pronouns" not in confirm.lower()  # no question right under it
    assert "deleted" in reply.lower()
    assert "not sure I followed" not in reply
    assert stack.export(conversation_id)[0] == 1
    assert stack.tracker(conversation_id)["slots"]["preferred_name"] is None


def test_an_faq_before_the_intake_is_answered_and_the_intake_then_starts(stack: Stack) -> None:
    conversation_id = f"e2e-faq-first-{uuid.uuid4().hex[:8]}"

    answer = _texts(stack.send(conversation_id, "what is sex therapy exactly?"))
    greeting = _texts(stack.send(conversation_id, "ok thanks, I'd like to start"))

    assert "therapy" in answer.lower()
    assert "Is it okay with you to continue?" in greeting


def _play_until(stack: Stack, client: FakeClient, conversation_id: str, slot_wanted: str) -> None:
    """Answers as `client` until the assistant asks `slot_wanted`."""
    asked: list[str] = []
    stack.send(conversation_id, client.opening)
    for _ in range(MAX_TURNS):
        slot = stack.tracker(conversation_id)["slots"].get("requested_slot")
        if slot == slot_wanted:
            return
        assert slot is not None, f"the intake stopped before asking {slot_wanted}; asked {asked}"
        stack.send(conversation_id, client.answer(slot, asked.count(slot)))
        asked.append(slot)
    pytest.fail(f"{slot_wanted} was not asked within {MAX_TURNS} turns")


def test_an_age_under_18_given_as_a_correction_at_the_read_back_ends_the_intake_and_erases_it(
    stack: Stack,
) -> None:
    conversation_id = f"e2e-minor-late-{uuid.uuid4().hex[:8]}"
    _play_until(stack, CLIENTS[0], conversation_id, "summary_confirmed")
    assert stack.export(conversation_id)[0] == 0  # stored while the intake went on

    reply = _texts(stack.send(conversation_id, "sorry, I'm actually 17"))

    assert "18" in reply and "988" in reply and "deleted" not in reply
    code, summary, stderr = stack.export(conversation_id)
    assert code == 1 and summary is None and "no intake" in stderr
    assert not [e for e in stack.tracker(conversation_id)["events"] if e.get("event") == "user"]


def test_not_sure_to_the_self_harm_question_is_answered_kindly_and_flagged_for_follow_up(
    stack: Stack,
) -> None:
    conversation_id = f"e2e-unsure-{uuid.uuid4().hex[:8]}"
    _play_until(stack, CLIENTS[0], conversation_id, "self_harm")

    reply = _texts(stack.send(conversation_id, "not sure"))

    assert "988" in reply
    assert stack.tracker(conversation_id)["slots"].get("requested_slot") != "self_harm"
    risk = stack.export(conversation_id)[1]["risk"]
    assert (risk["suicidal_ideation"], risk["suicidal_ideation_answer"]) == ("passive", "unsure")
