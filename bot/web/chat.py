"""The chat endpoint the website widget talks to, and the widget's own files.

The browser never reaches Rasa: this blueprint picks the conversation id itself (random, in a
signed, HttpOnly, SameSite=Strict session cookie), accepts requests only from the practice's
configured site origins and its own, limits rate and size, and relays to Rasa's REST channel on
localhost. Typed text can never become a forced intent ("/intent{...}"), and a button click is
relayed only when its payload is one the assistant has just offered in that conversation.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request, send_from_directory
from itsdangerous import BadSignature, URLSafeSerializer

from bot.config import Settings
from bot.errors import AssistantUnavailable
from bot.web.assistant import (
    BUTTON_TITLE,
    STARTED_BY_WIDGET,
    Assistant,
    Button,
    Message,
    RasaAssistant,
    offered_buttons,
)

STATIC = Path(__file__).resolve().parent / "static"
# "__Host-": the browser keeps it only when Secure, on this host alone, for every path.
COOKIE_NAME = "__Host-intake-chat"
EXTENSION = "intake_chat"
START_MESSAGE = "hi"
# Fixed messages behind the widget's own controls; the client cannot change what they say.
QUICK_MESSAGES = {"skip": "skip", "why": "why do you ask?", "delete": "delete my data"}
_NOT_OFFERED = "That choice isn't available any more. Please type your answer instead."
UNAVAILABLE = (
    "Sorry, the assistant isn't answering right now. Nothing you wrote is lost: you can send it "
    "again in a moment."
)


@dataclass
class ChatLimits:
    max_message_chars: int = 2000
    max_body_bytes: int = 16 * 1024
    messages_per_minute: int = 30  # per conversation
    requests_per_minute_per_address: int = 120


class RateLimiter:
    """Sliding one-minute windows per key, in memory (one web app process serves the widget)."""

    def __init__(self, *, max_keys: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()
        self._max_keys = max_keys
        self._clock = clock
        self._lock = threading.Lock()

    def allow(self, key: str, *, per_minute: int) -> bool:
        now = self._clock()
        with self._lock:
            hits = self._hits.pop(key, None) or deque()
            while hits and hits[0] <= now - 60:
                hits.popleft()
            allowed = len(hits) < per_minute
            if allowed:
                hits.append(now)
            self._hits[key] = hits
            while len(self._hits) > self._max_keys:
                self._hits.popitem(last=False)
            return allowed


class OfferedButtons:
    """The buttons the assistant last offered in each conversation, kept on the server."""

    def __init__(self, *, max_conversations: int = 10_000) -> None:
        self._offered: OrderedDict[str, tuple[Button, ...]] = OrderedDict()
        self._max = max_conversations
        self._lock = threading.Lock()

    def remember(self, conversation_id: str, buttons: tuple[Button, ...]) -> None:
        with self._lock:
            self._offered.pop(conversation_id, None)
            self._offered[conversation_id] = buttons
            while len(self._offered) > self._max:
                self._offered.popitem(last=False)

    def get(self, conversation_id: str) -> tuple[Button, ...] | None:
        with self._lock:
            return self._offered.get(conversation_id)


@dataclass
class ChatState:
    assistant: Assistant
    site_origins: frozenset[str]
    signer: URLSafeSerializer
    limits: ChatLimits = field(default_factory=ChatLimits)
    rate: RateLimiter = field(default_factory=RateLimiter)
    offered: OfferedButtons = field(default_factory=OfferedButtons)


class Refused(Exception):
    """A chat request this endpoint will not relay; carries the status and a message to show."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(code)
        self.status, self.code, self.message = status, code, message


bp = Blueprint("chat", __name__)


def register_chat(app: Flask, settings: Settings) -> None:
    app.extensions[EXTENSION] = ChatState(
        assistant=RasaAssistant(rasa_url=settings.rasa_url, api_token=settings.rasa_api_token),
        site_origins=frozenset(settings.practice.site_origins),
        # Without a configured key, conversations last as long as this process: still unforgeable.
        signer=URLSafeSerializer(
            settings.secret_key or secrets.token_hex(32), salt="intake-chat-conversation"
        ),
    )
    app.register_blueprint(bp)


def _state() -> ChatState:
    return current_app.extensions[EXTENSION]


@bp.get("/widget.js")
def widget_js() -> Response:
    return _asset("widget.js")


@bp.get("/widget.css")
def widget_css() -> Response:
    return _asset("widget.css")


def _asset(name: str) -> Response:
    response = send_from_directory(STATIC, name, max_age=300)
    # Any site may load the widget's files; only the configured ones may talk to the endpoint.
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@bp.route("/chat/messages", methods=["OPTIONS"])
@bp.route("/chat/history", methods=["OPTIONS"])
def preflight() -> Response:
    origin = _checked_origin()
    response = Response(status=204)
    response.headers["Access-Control-Allow-Methods"] = "GET, POST"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    response.headers["Access-Control-Max-Age"] = "600"
    return _cors(response, origin)


@bp.get("/chat/history", provide_automatic_options=False)
def history() -> Response:
    origin = _checked_origin()
    conversation_id = _conversation_id()
    messages: list[Message] = []
    if conversation_id:
        _limit(conversation_id)
        messages = _state().assistant.history(conversation_id)
        _state().offered.remember(conversation_id, offered_buttons(messages))
    return _reply(messages, origin=origin, conversation_id=None)


@bp.post("/chat/messages", provide_automatic_options=False)
def messages() -> Response:
    origin = _checked_origin(required=True)
    state = _state()
    if (request.content_length or 0) > state.limits.max_body_bytes:
        raise Refused(413, "too_large", _too_long(state.limits))
    request.max_content_length = state.limits.max_body_bytes  # a chunked body has no length to check
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Refused(400, "bad_request", "Sorry, that message could not be read.")
    existing = _conversation_id()
    conversation_id = existing or secrets.token_urlsafe(24)
    _limit(conversation_id)
    text, metadata = _what_to_send(body, conversation_id=existing, state=state)
    replies = state.assistant.send(conversation_id, text, metadata=metadata)
    state.offered.remember(conversation_id, offered_buttons(replies))
    return _reply(replies, origin=origin, conversation_id=None if existing else conversation_id)


def _what_to_send(
    body: dict[str, Any], *, conversation_id: str | None, state: ChatState
) -> tuple[str, dict[str, Any] | None]:
    if "button" in body:
        button = _offered_button(body["button"], conversation_id=conversation_id, state=state)
        return button.payload, {BUTTON_TITLE: button.title}
    if "action" in body:
        action = body["action"]
        if action == "start":
            return START_MESSAGE, {STARTED_BY_WIDGET: True}
        if isinstance(action, str) and action in QUICK_MESSAGES:
            return QUICK_MESSAGES[action], None
        raise Refused(400, "bad_request", "Sorry, that message could not be read.")
    return _typed_text(body.get("text"), limits=state.limits), None


def _typed_text(value: Any, *, limits: ChatLimits) -> str:
    if not isinstance(value, str):
        raise Refused(400, "bad_request", "Sorry, that message could not be read.")
    if len(value) > limits.max_message_chars:
        raise Refused(413, "too_long", _too_long(limits))
    # Rasa reads a message starting with "/" as an intent with entities: typed text never is one.
    text = value.strip().lstrip("/").strip()
    if not text:
        raise Refused(400, "empty", "Please type a message first.")
    return text


def _offered_button(payload: Any, *, conversation_id: str | None, state: ChatState) -> Button:
    """The offered button with this payload. What this process remembers is checked first; the
    tracker has the last word (after a restart, or when another replica served the last reply)."""
    if conversation_id is None:
        raise Refused(409, "not_offered", _NOT_OFFERED)
    button = _with_payload(state.offered.get(conversation_id) or (), payload)
    if button is None:
        offered = offered_buttons(state.assistant.history(conversation_id))
        state.offered.remember(conversation_id, offered)
        button = _with_payload(offered, payload)
    if button is None:
        raise Refused(409, "not_offered", _NOT_OFFERED)
    return button


def _with_payload(buttons: tuple[Button, ...], payload: Any) -> Button | None:
    return next((button for button in buttons if button.payload == payload), None)


def _too_long(limits: ChatLimits) -> str:
    return f"That message is a little too long. Please keep it under {limits.max_message_chars:,} characters."


def _checked_origin(*, required: bool = False) -> str | None:
    """The request's Origin, refused unless allowed; browsers always send one on POST."""
    origin = request.headers.get("Origin")
    if (origin is None and required) or (origin is not None and _allowed_origin() is None):
        raise Refused(403, "forbidden_origin", "This chat can only be used from the practice's website.")
    return origin


def _allowed_origin() -> str | None:
    """The request's Origin if it is the web app's own or one of the practice's sites."""
    origin = request.headers.get("Origin")
    if origin == f"{request.scheme}://{request.host}" or origin in _state().site_origins:
        return origin
    return None


def _conversation_id() -> str | None:
    cookie = request.cookies.get(COOKIE_NAME)
    if not cookie:
        return None
    try:
        value = _state().signer.loads(cookie)
    except BadSignature:
        return None
    return value if isinstance(value, str) else None


def _limit(conversation_id: str) -> None:
    state = _state()
    address = request.remote_addr or "unknown"
    if not (
        state.rate.allow(f"address:{address}", per_minute=state.limits.requests_per_minute_per_address)
        and state.rate.allow(f"conversation:{conversation_id}", per_minute=state.limits.messages_per_minute)
    ):
        raise Refused(
            429, "too_many", "You're sending messages very quickly. Please wait a moment and try again."
        )


def _reply(messages: list[Message], *, origin: str | None, conversation_id: str | None) -> Response:
    response = jsonify(messages=[message.as_json() for message in messages])
    if conversation_id:
        # No Max-Age or Expires: the browser forgets the conversation when it closes.
        response.set_cookie(
            COOKIE_NAME,
            _state().signer.dumps(conversation_id),
            secure=True,
            httponly=True,
            samesite="Strict",
            path="/",
        )
    return _cors(_no_store(response), origin)


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _cors(response: Response, origin: str | None) -> Response:
    if origin:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
    response.vary.add("Origin")
    return response


@bp.errorhandler(Refused)
def refused(error: Refused) -> tuple[Response, int]:
    response = jsonify(error=error.code, message=error.message)
    if error.status == 429:
        response.headers["Retry-After"] = "30"
    return _cors(_no_store(response), _allowed_origin()), error.status


@bp.errorhandler(AssistantUnavailable)
def unavailable(_error: AssistantUnavailable) -> tuple[Response, int]:
    response = jsonify(error="assistant_unavailable", message=UNAVAILABLE)
    return _cors(_no_store(response), _allowed_origin()), 503
