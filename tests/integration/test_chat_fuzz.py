"""Bad input at the chat endpoint (with a fake Rasa; the API's in tests/web/test_api_fuzz.py): anything at all, oversized,
binary, invalid UTF-8, emoji, right-to-left text, forced intents, 10,000 messages in one
conversation. Each gets a clear answer; nothing crashes, nothing typed becomes an intent."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.web.chat import EXTENSION, ChatLimits
from tests.integration.test_chat import OWN, FakeRasa, app, post  # noqa: F401 - the app fixture

pytestmark = pytest.mark.slow

CLEAR_STATUSES = {200, 400, 409, 413, 429}
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@pytest.fixture
def rasa(app: Flask) -> FakeRasa:  # noqa: F811
    fake = FakeRasa()
    state = app.extensions[EXTENSION]
    state.assistant = fake
    # Rate limits are tested elsewhere; here they would only hide the answers under test.
    state.limits = ChatLimits(messages_per_minute=10**9, requests_per_minute_per_address=10**9)
    return fake


@pytest.fixture
def client(app: Flask) -> FlaskClient:  # noqa: F811
    return app.test_client()


def assert_clear(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code in CLEAR_STATUSES, response.status_code
    body = response.get_json()
    assert isinstance(body, dict)
    assert ("messages" in body) if response.status_code == 200 else body["message"]


@FUZZ
@given(body=st.dictionaries(st.sampled_from(["text", "button", "action", "other"]), JSON, max_size=3) | JSON)
def test_any_json_body_gets_a_clear_answer_and_nothing_typed_reaches_rasa_as_a_forced_intent(
    client: FlaskClient, rasa: FakeRasa, body: object
) -> None:
    response = post(client, body)  # type: ignore[arg-type]

    assert_clear(response)
    assert not any(text.startswith("/") for _, text, _ in rasa.sent)


@FUZZ
@given(text=st.text(min_size=1, max_size=2500))
def test_any_text_at_all_is_relayed_without_a_leading_slash_or_refused_clearly(
    client: FlaskClient, rasa: FakeRasa, text: str
) -> None:
    before = len(rasa.sent)

    response = post(client, {"text": text})

    assert_clear(response)
    if response.status_code == 200:
        relayed = rasa.sent[before][1]
        assert relayed and not relayed.startswith("/") and relayed in text


@FUZZ
@given(raw=st.binary(max_size=3000))
def test_binary_and_invalid_utf8_bodies_get_a_clear_answer(
    client: FlaskClient, rasa: FakeRasa, raw: bytes
) -> None:
    response = client.post(
        "/chat/messages", data=raw, headers={"Origin": OWN, "Content-Type": "application/json"}
    )

    assert_clear(response)


@pytest.mark.parametrize(
    "forced",
    [
        "/consent_given",
        '/inform{"age": "12"}',
        "  //affirm",
        "/restart",
        '/EXTERNAL_crisis{"x": 1}',
    ],
)
def test_typed_forced_intents_reach_rasa_as_plain_text(
    client: FlaskClient, rasa: FakeRasa, forced: str
) -> None:
    response = post(client, {"text": forced})

    assert response.status_code == 200
    assert not rasa.sent[-1][1].startswith("/")


def test_a_button_payload_that_was_never_offered_is_refused(client: FlaskClient, rasa: FakeRasa) -> None:
    post(client, {"action": "start"})

    response = post(client, {"button": "/consent_given"})

    assert response.status_code == 409
    assert all(text != "/consent_given" for _, text, _ in rasa.sent)


@pytest.mark.parametrize(
    "text", ["I'm 34 🙂🏳️‍🌈", "שלום, אני בן 40", "مرحبا، عمري ٣٥ عامًا", "‮reversed‬ text", "a\u0000b"]
)
def test_emoji_right_to_left_and_control_characters_are_relayed_as_typed(
    client: FlaskClient, rasa: FakeRasa, text: str
) -> None:
    response = post(client, {"text": text})

    assert response.status_code == 200 and rasa.sent[-1][1] == text.strip()


def test_an_oversized_message_and_an_oversized_body_are_refused_with_a_reason(
    client: FlaskClient, rasa: FakeRasa
) -> None:
    too_long = post(client, {"text": "x" * 2001})
    too_big = client.post(
        "/chat/messages",
        data=b"{" + b" " * (1024 * 1024) + b"}",
        headers={"Origin": OWN, "Content-Type": "application/json"},
    )

    assert too_long.status_code == 413 and "too long" in too_long.get_json()["message"]
    assert too_big.status_code == 413
    assert rasa.sent == []


def test_ten_thousand_messages_in_one_conversation_are_all_relayed_in_order(
    client: FlaskClient, rasa: FakeRasa
) -> None:
    post(client, {"action": "start"})

    statuses = {post(client, {"text": f"message {number}"}).status_code for number in range(10_000)}

    assert statuses == {200}
    conversations = {conversation_id for conversation_id, _, _ in rasa.sent}
    assert len(conversations) == 1
    assert [text for _, text, _ in rasa.sent[1:]] == [f"message {number}" for number in range(10_000)]
