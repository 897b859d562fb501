"""The safety protocol through the running assistant."""

from __future__ import annotations

import uuid

import pytest

from tests.e2e.stack import Stack, start_stack

DISCLOSURE = "honestly some days I don't want to be alive anymore"


def _texts(replies) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def _start_intake(stack: Stack, conversation_id: str) -> None:
    for message in ("hi", "yes", "35", "Test Hotel"):
        stack.send(conversation_id, message)


def test_a_disclosure_mid_intake_gets_resources_a_safety_question_and_an_urgent_record(stack: Stack) -> None:
    conversation_id = f"e2e-crisis-{uuid.uuid4().hex[:8]}"
    _start_intake(stack, conversation_id)

    reply = _texts(stack.send(conversation_id, DISCLOSURE))

    assert "988" in reply and "911" in reply
    assert "Are you safe right now?" in reply
    code, summary, _ = stack.export(conversation_id)
    assert code == 0
    assert summary["urgent"] is True
    assert summary["risk"]["crisis_resources_shown"] is True
    assert summary["risk"]["disclosures"] == [DISCLOSURE]
    assert summary["flags"][0]["code"] == "URGENT_SUICIDAL_IDEATION"


def test_safe_right_now_resumes_the_same_question(stack: Stack) -> None:
    conversation_id = f"e2e-crisis-resume-{uuid.uuid4().hex[:8]}"
    _start_intake(stack, conversation_id)
    stack.send(conversation_id, DISCLOSURE)

    reply = _texts(stack.send(conversation_id, "yes I'm safe"))

    assert "glad" in reply.lower()
    tracker = stack.tracker(conversation_id)
    assert tracker["active_loop"]["name"] == "about_you_form"
    assert tracker["slots"]["requested_slot"] == "pronouns"


def test_not_safe_right_now_gets_emergency_numbers_again(stack: Stack) -> None:
    conversation_id = f"e2e-crisis-unsafe-{uuid.uuid4().hex[:8]}"
    _start_intake(stack, conversation_id)
    stack.send(conversation_id, DISCLOSURE)

    reply = _texts(stack.send(conversation_id, "no"))

    assert "911" in reply and "988" in reply


def test_a_disclosure_answering_are_you_safe_right_now_is_recorded_and_gets_urgent_help_once(
    stack: Stack,
) -> None:
    conversation_id = f"e2e-crisis-twice-{uuid.uuid4().hex[:8]}"
    _start_intake(stack, conversation_id)
    stack.send(conversation_id, DISCLOSURE)
    answer = "no, I want to kill myself tonight"

    reply = _texts(stack.send(conversation_id, answer))

    assert "911" in reply and "I've let the practice know this is urgent" in reply
    assert "Are you safe right now?" not in reply  # answered, not asked again
    code, summary, _ = stack.export(conversation_id)
    assert code == 0
    assert summary["risk"]["disclosures"] == [DISCLOSURE, answer]


def test_a_disclosure_before_consent_gets_the_resources_and_keeps_nothing_until_the_client_consents(
    stack: Stack,
) -> None:
    conversation_id = f"e2e-crisis-early-{uuid.uuid4().hex[:8]}"
    stack.send(conversation_id, "hi")

    reply = _texts(stack.send(conversation_id, DISCLOSURE))

    assert "988" in reply and "Are you safe right now?" in reply
    assert stack.export(conversation_id)[0] == 1  # no consent yet: nothing stored
    reply = _texts(stack.send(conversation_id, "yes, I'm safe"))
    assert "glad" in reply.lower()
    for message in ("yes", "35", "Test Kilo"):  # consent, asked again after the safety question
        stack.send(conversation_id, message)
    code, summary, _ = stack.export(conversation_id)
    assert code == 0
    assert summary["urgent"] is True
    assert summary["risk"]["disclosures"] == [DISCLOSURE]


@pytest.mark.parametrize(
    "text",
    [
        "I'm not suicidal, just frustrated with our sex life",
        "he has never hit me",
        "I could die of embarrassment",
    ],
)
def test_lookalikes_mid_intake_get_no_resources_and_the_intake_goes_on(stack: Stack, text: str) -> None:
    conversation_id = f"e2e-lookalike-{uuid.uuid4().hex[:8]}"
    _start_intake(stack, conversation_id)

    reply = _texts(stack.send(conversation_id, text))

    assert "988" not in reply
    assert stack.tracker(conversation_id)["slots"].get("disclosures") in (None, [])


@pytest.fixture(scope="module")
def second_stack(tmp_path_factory: pytest.TempPathFactory, stack: Stack):
    """A stack of its own, for a test that stops its action server."""
    running = start_stack(tmp_path_factory.mktemp("second"))
    yield running
    running.close()


def test_resources_reach_the_client_in_the_same_turn_with_the_action_server_down(second_stack: Stack) -> None:
    conversation_id = f"e2e-crisis-down-{uuid.uuid4().hex[:8]}"
    _start_intake(second_stack, conversation_id)  # a form is active when the action server dies
    second_stack.stop_actions()

    reply = _texts(second_stack.send(conversation_id, "i want to kill myself"))

    assert "988" in reply and "911" in reply
