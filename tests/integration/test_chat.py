"""The chat endpoint the widget talks to, through Flask's test client with a fake Rasa."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.config import settings_from_env
from bot.errors import AssistantUnavailable
from bot.web import create_app
from bot.web.assistant import BUTTON_TITLE, STARTED_BY_WIDGET, Button, Message, RasaAssistant
from bot.web.chat import COOKIE_NAME, EXTENSION
from tests.e2e.stack import free_port

OWN = "https://localhost"
PRACTICE_SITE = "https://practice.example"
PRONOUNS = Message(
    "assistant", "What pronouns do you use?", (Button("she/her", "she/her"), Button("Skip", "skip"))
)


class FakeRasa:
    """Answers every message with the next scripted reply and remembers what it was sent."""

    def __init__(self, replies: list[list[Message]] | None = None) -> None:
        self.replies = replies or []
        self.sent: list[tuple[str, str, Mapping[str, Any] | None]] = []
        self.events: dict[str, list[Message]] = {}

    def send(
        self, conversation_id: str, text: str, *, metadata: Mapping[str, Any] | None = None
    ) -> list[Message]:
        self.sent.append((conversation_id, text, metadata))
        reply = self.replies.pop(0) if self.replies else [Message("assistant", "Okay.")]
        metadata = metadata or {}
        said = (
            [] if metadata.get(STARTED_BY_WIDGET) else [Message("client", metadata.get(BUTTON_TITLE, text))]
        )
        self.events.setdefault(conversation_id, []).extend([*said, *reply])
        return reply

    def history(self, conversation_id: str) -> list[Message]:
        return list(self.events.get(conversation_id, []))


class HttpsClient(FlaskClient):
    """A test client for the web app served over HTTPS, as it is in production."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("base_url", OWN)
        return super().open(*args, **kwargs)


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    settings = settings_from_env(
        {
            "INTAKE_VAR_DIR": str(tmp_path),
            "SECRET_KEY": "test-secret-key",
            "RASA_API_TOKEN": "test-token",
            "RASA_PORT": str(free_port()),
        }
    )
    app = create_app(settings)
    app.test_client_class = HttpsClient
    return app


@pytest.fixture
def rasa(app: Flask) -> FakeRasa:
    fake = FakeRasa()
    app.extensions[EXTENSION].assistant = fake
    return fake


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def post(client: FlaskClient, body: dict[str, Any], *, origin: str | None = OWN) -> Any:
    headers = {"Origin": origin} if origin else {}
    return client.post("/chat/messages", json=body, headers=headers)


def test_a_first_message_gets_a_random_conversation_in_a_session_cookie_that_scripts_cannot_read(
    client: FlaskClient, rasa: FakeRasa
) -> None:
    response = post(client, {"action": "start"})

    cookie = response.headers["Set-Cookie"]
    assert response.status_code == 200
    assert cookie.startswith(f"{COOKIE_NAME}=")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert "Max-Age" not in cookie and "Expires" not in cookie
    assert response.headers["Cache-Control"] == "no-store"
    conversation_id, text, metadata = rasa.sent[0]
    assert len(conversation_id) >= 32 and conversation_id not in cookie
    assert text == "hi" and metadata == {STARTED_BY_WIDGET: True}


def test_later_messages_continue_the_same_conversation(client: FlaskClient, rasa: FakeRasa) -> None:
    post(client, {"action": "start"})

    response = post(client, {"text": "I'm 40"})

    assert "Set-Cookie" not in response.headers
    assert rasa.sent[1][0] == rasa.sent[0][0]


def test_two_browsers_get_two_conversations(app: Flask, rasa: FakeRasa) -> None:
    post(app.test_client(), {"action": "start"})
    post(app.test_client(), {"action": "start"})

    assert rasa.sent[0][0] != rasa.sent[1][0]


def test_a_forged_cookie_does_not_choose_the_conversation(client: FlaskClient, rasa: FakeRasa) -> None:
    client.set_cookie(COOKIE_NAME, "someone-elses-conversation", domain="localhost", secure=True)

    post(client, {"text": "hello"})

    assert rasa.sent[0][0] != "someone-elses-conversation"


def test_history_shows_the_conversation_so_far_as_plain_messages(client: FlaskClient, rasa: FakeRasa) -> None:
    rasa.replies = [[PRONOUNS]]
    post(client, {"text": "Alpha"})

    response = client.get("/chat/history")

    assert response.headers["Cache-Control"] == "no-store"
    assert response.get_json()["messages"] == [
        {"from": "client", "text": "Alpha", "buttons": []},
        {
            "from": "assistant",
            "text": "What pronouns do you use?",
            "buttons": [{"title": "she/her", "payload": "she/her"}, {"title": "Skip", "payload": "skip"}],
        },
    ]


def test_history_without_a_conversation_is_empty_and_starts_none(client: FlaskClient, rasa: FakeRasa) -> None:
    response = client.get("/chat/history")

    assert response.get_json() == {"messages": []}
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("origin", ["https://evil.example", "http://practice.example", "null"])
def test_a_message_from_a_foreign_origin_is_refused_and_not_relayed(
    client: FlaskClient, rasa: FakeRasa, origin: str
) -> None:
    response = post(client, {"text": "hello"}, origin=origin)

    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response.headers
    assert rasa.sent == []


def test_a_message_without_an_origin_is_refused(client: FlaskClient, rasa: FakeRasa) -> None:
    response = post(client, {"text": "hello"}, origin=None)

    assert response.status_code == 403
    assert rasa.sent == []


def test_history_requested_from_a_foreign_origin_is_refused(client: FlaskClient, rasa: FakeRasa) -> None:
    post(client, {"text": "hello"})

    response = client.get("/chat/history", headers={"Origin": "https://evil.example"})

    assert response.status_code == 403
    assert "messages" not in response.get_json()


def test_the_practices_site_may_use_the_chat_with_credentials(client: FlaskClient, rasa: FakeRasa) -> None:
    preflight = client.options(
        "/chat/messages",
        headers={
            "Origin": PRACTICE_SITE,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    response = post(client, {"text": "hello"}, origin=PRACTICE_SITE)

    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == PRACTICE_SITE
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == PRACTICE_SITE
    assert response.headers["Access-Control-Allow-Credentials"] == "true"


def test_a_preflight_from_a_foreign_origin_is_refused(client: FlaskClient) -> None:
    response = client.options(
        "/chat/messages", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    )

    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize(
    "typed, relayed",
    [
        ("/affirm", "affirm"),
        ('/inform{"consent_given": true}', 'inform{"consent_given": true}'),
        ("  //restart ", "restart"),
        ("yes / no", "yes / no"),
    ],
)
def test_typed_text_never_reaches_rasa_as_a_forced_intent(
    client: FlaskClient, rasa: FakeRasa, typed: str, relayed: str
) -> None:
    response = post(client, {"text": typed})

    assert response.status_code == 200
    assert rasa.sent[0][1] == relayed


def test_a_message_of_nothing_but_slashes_is_refused(client: FlaskClient, rasa: FakeRasa) -> None:
    response = post(client, {"text": " / "})

    assert response.status_code == 400
    assert rasa.sent == []


def test_an_offered_button_sends_its_payload_and_remembers_its_title(
    client: FlaskClient, rasa: FakeRasa
) -> None:
    rasa.replies = [[PRONOUNS]]
    post(client, {"text": "Alpha"})

    response = post(client, {"button": "she/her"})

    assert response.status_code == 200
    assert rasa.sent[1][1:] == ("she/her", {BUTTON_TITLE: "she/her"})


@pytest.mark.parametrize("payload", ["/affirm", '/inform{"consent_given": true}', "he/him", 42])
def test_a_button_payload_the_assistant_did_not_just_offer_is_refused(
    client: FlaskClient, rasa: FakeRasa, payload: Any
) -> None:
    rasa.replies = [[PRONOUNS]]
    post(client, {"text": "Alpha"})

    response = post(client, {"button": payload})

    assert response.status_code == 409
    assert len(rasa.sent) == 1


def test_a_button_offered_earlier_cannot_be_clicked_after_the_conversation_moved_on(
    client: FlaskClient, rasa: FakeRasa
) -> None:
    rasa.replies = [[PRONOUNS], [Message("assistant", "What email address can we use?")]]
    post(client, {"text": "Alpha"})
    post(client, {"text": "she/her"})

    response = post(client, {"button": "skip"})

    assert response.status_code == 409


def test_offered_buttons_survive_a_restart_of_the_web_app_through_the_history(
    app: Flask, client: FlaskClient, rasa: FakeRasa
) -> None:
    rasa.replies = [[PRONOUNS]]
    post(client, {"text": "Alpha"})
    app.extensions[EXTENSION].offered = type(app.extensions[EXTENSION].offered)()

    response = post(client, {"button": "skip"})

    assert response.status_code == 200
    assert rasa.sent[1][1] == "skip"


def test_a_choice_offered_in_a_reply_another_process_served_is_accepted_through_the_tracker(
    app: Flask, client: FlaskClient, rasa: FakeRasa
) -> None:
    rasa.replies = [[PRONOUNS]]
    post(client, {"text": "Alpha"})
    conversation_id = rasa.sent[0][0]
    app.extensions[EXTENSION].offered.remember(conversation_id, (Button("Email", "email"),))  # stale here

    response = post(client, {"button": "she/her"})

    assert response.status_code == 200
    assert rasa.sent[1][1] == "she/her"


@pytest.mark.parametrize(
    "action, relayed", [("skip", "skip"), ("why", "why do you ask?"), ("delete", "delete my data")]
)
def test_the_widgets_own_controls_send_fixed_messages(
    client: FlaskClient, rasa: FakeRasa, action: str, relayed: str
) -> None:
    response = post(client, {"action": action})

    assert response.status_code == 200
    assert rasa.sent[0][1] == relayed


def test_an_unknown_control_is_refused(client: FlaskClient, rasa: FakeRasa) -> None:
    response = post(client, {"action": "restart"})

    assert response.status_code == 400
    assert rasa.sent == []


def test_a_message_over_the_size_limit_is_refused_kindly(client: FlaskClient, rasa: FakeRasa) -> None:
    response = post(client, {"text": "a" * 2001})

    assert response.status_code == 413
    assert "too long" in response.get_json()["message"]
    assert rasa.sent == []


def test_a_request_body_over_the_byte_limit_is_refused(client: FlaskClient, rasa: FakeRasa) -> None:
    response = client.post(
        "/chat/messages", data="x" * 20_000, content_type="application/json", headers={"Origin": OWN}
    )

    assert response.status_code == 413
    assert rasa.sent == []


def test_a_message_just_under_the_size_limit_is_relayed(client: FlaskClient, rasa: FakeRasa) -> None:
    response = post(client, {"text": "a" * 2000})

    assert response.status_code == 200


def test_messages_past_the_rate_limit_are_refused_until_the_minute_has_passed(
    app: Flask, client: FlaskClient, rasa: FakeRasa
) -> None:
    app.extensions[EXTENSION].limits.messages_per_minute = 3
    statuses = [post(client, {"text": f"message {n}"}).status_code for n in range(5)]

    assert statuses == [200, 200, 200, 429, 429]
    assert len(rasa.sent) == 3


def test_a_refused_message_for_rate_says_when_to_retry(
    app: Flask, client: FlaskClient, rasa: FakeRasa
) -> None:
    app.extensions[EXTENSION].limits.messages_per_minute = 1
    post(client, {"text": "one"})

    response = post(client, {"text": "two"})

    assert response.headers["Retry-After"] == "30"
    assert "wait a moment" in response.get_json()["message"]


def test_when_rasa_is_down_the_client_gets_a_kind_message_and_a_503(client: FlaskClient, app: Flask) -> None:
    # the app's real Rasa client, pointed at a port nothing listens on
    response = post(client, {"text": "hello"})

    assert response.status_code == 503
    assert "Nothing you wrote is lost" in response.get_json()["message"]
    assert response.headers["Cache-Control"] == "no-store"


def test_the_rasa_client_turns_connection_failures_into_assistant_unavailable() -> None:
    assistant = RasaAssistant(rasa_url=f"http://127.0.0.1:{free_port()}", api_token="t", timeout_seconds=2)

    with pytest.raises(AssistantUnavailable):
        assistant.send("conversation", "hello")


def test_the_widget_script_and_styles_are_served_to_any_site(client: FlaskClient) -> None:
    script = client.get("/widget.js")
    styles = client.get("/widget.css")

    assert script.status_code == 200 and "javascript" in script.mimetype
    assert styles.status_code == 200 and styles.mimetype == "text/css"
    assert script.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
