"""The web app's side of Rasa: its REST channel for messages and its HTTP API for history, both
on localhost, turned into plain messages ({from, text, buttons}) the widget shows as text."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import requests

from bot.errors import AssistantUnavailable

# Metadata the web app attaches to user messages it sends on the client's behalf.
STARTED_BY_WIDGET = "intake_widget_start"
BUTTON_TITLE = "intake_widget_button_title"
# Everything before the last erasure stays out of the history the widget shows.
_ERASURE_ACTION = "action_delete_data"


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Message:
    sender: str  # "assistant" or "client"
    text: str
    buttons: tuple[Button, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.sender,
            "text": self.text,
            "buttons": [{"title": button.title, "payload": button.payload} for button in self.buttons],
        }


class Assistant(Protocol):
    def send(
        self, conversation_id: str, text: str, *, metadata: Mapping[str, Any] | None = None
    ) -> list[Message]: ...

    def history(self, conversation_id: str) -> list[Message]: ...


class RasaAssistant:
    """Rasa on localhost: the REST channel and the tracker endpoint of its HTTP API."""

    def __init__(self, *, rasa_url: str, api_token: str, timeout_seconds: float = 30) -> None:
        self._rasa_url = rasa_url.rstrip("/")
        self._api_token = api_token
        self._timeout = timeout_seconds

    def send(
        self, conversation_id: str, text: str, *, metadata: Mapping[str, Any] | None = None
    ) -> list[Message]:
        body: dict[str, Any] = {"sender": conversation_id, "message": text}
        if metadata:
            body["metadata"] = dict(metadata)
        replies = self._json("POST", "/webhooks/rest/webhook", json=body)
        return assistant_messages(replies if isinstance(replies, list) else [])

    def history(self, conversation_id: str) -> list[Message]:
        tracker = self._json(
            "GET", f"/conversations/{conversation_id}/tracker", params={"token": self._api_token}
        )
        return messages_from_events(tracker.get("events") or [] if isinstance(tracker, dict) else [])

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = requests.request(method, f"{self._rasa_url}{path}", timeout=self._timeout, **kwargs)
            response.raise_for_status()
            return response.json()
        except (requests.RequestException, ValueError) as error:
            raise AssistantUnavailable(f"Rasa did not answer {method} {path}") from error


def assistant_messages(replies: Iterable[Any]) -> list[Message]:
    """Rasa's REST replies as messages, keeping only text and well-formed buttons."""
    messages = []
    for reply in replies:
        if not isinstance(reply, dict):
            continue
        message = Message("assistant", _text(reply.get("text")), _buttons(reply.get("buttons")))
        if message.text or message.buttons:
            messages.append(message)
    return messages


def messages_from_events(events: Iterable[Any]) -> list[Message]:
    """What the client saw of a conversation, from its tracker events, since the last erasure."""
    messages: list[Message] = []
    for event in events:
        if not isinstance(event, dict):
            continue
        kind = event.get("event")
        if kind == "action" and event.get("name") == _ERASURE_ACTION:
            messages = []
        elif kind == "user":
            metadata = event.get("metadata") or {}
            if metadata.get(STARTED_BY_WIDGET):
                continue
            text = _text(metadata.get(BUTTON_TITLE)) or _text(event.get("text"))
            if text:
                messages.append(Message("client", text))
        elif kind == "bot":
            data = event.get("data") or {}
            message = Message("assistant", _text(event.get("text")), _buttons(data.get("buttons")))
            if message.text or message.buttons:
                messages.append(message)
    return messages


def offered_buttons(messages: list[Message]) -> tuple[Button, ...]:
    """The buttons of the assistant's messages since the client last spoke: the only choices open."""
    offered: list[Button] = []
    for message in reversed(messages):
        if message.sender == "client":
            break
        offered[:0] = message.buttons
    return tuple(offered)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _buttons(raw: Any) -> tuple[Button, ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(
        Button(title=item["title"], payload=item["payload"])
        for item in raw
        if isinstance(item, dict)
        and isinstance(item.get("title"), str)
        and isinstance(item.get("payload"), str)
    )
