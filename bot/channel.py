"""Rasa's REST channel, made honest about failures. Configured in credentials.yml; same URL
(/webhooks/rest/webhook).

Rasa's own REST channel answers 200 with whatever replies it collected when handling a message
fails (the tracker could not be saved, say), and logs the client's text with the error. This one
answers 503 without logging a word of the message, so the web app tells the client that nothing
they wrote is lost and to send it again. When the action server is down Rasa keeps the client's
message in the tracker but says nothing; this channel then answers with a kind "one moment".
"""

from __future__ import annotations

import asyncio
import logging
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.config import settings
from bot.rasa_runtime import (
    close_kept_sessions,
    copy_slots_directly,
    fold_applied_events_incrementally,
    freeze_what_is_loaded,
    keep_action_connections,
    parse_off_the_event_loop,
    resolve_event_types_once,
    send_actions_what_they_read,
    validate_action_responses_with_a_compiled_schema,
)

logger = logging.getLogger(__name__)

ONE_MOMENT = (
    "Thank you, I have that. One moment please: part of me is restarting. Your answer is kept; "
    "send your next message in a minute and we'll carry on from here."
)
_HEALTH_TIMEOUT_SECONDS = 2

# Rasa's own per-message work that grows with a long intake (bot/rasa_runtime.py).
validate_action_responses_with_a_compiled_schema()
resolve_event_types_once()
send_actions_what_they_read()
fold_applied_events_incrementally()
copy_slots_directly()
keep_action_connections()
parse_off_the_event_loop()


class ReliableRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("intake_rest_webhook", __name__)

        @webhook.listener("after_server_start")
        async def model_loaded(_app: Any, _loop: Any) -> None:
            # Rasa loads the model before the server starts (bot/rasa_runtime.py).
            freeze_what_is_loaded()

        @webhook.listener("before_server_stop")
        async def stopping(_app: Any, _loop: Any) -> None:
            await close_kept_sessions()

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not isinstance(request.json, dict) or not isinstance(request.json.get("message"), str):
                return response.json({"error": "bad_request"}, status=400)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        self._extract_message(request),
                        collector,
                        await self._extract_sender(request),
                        input_channel=self._extract_input_channel(request),
                        metadata=self.get_metadata(request),
                    )
                )
            except CancelledError:
                logger.error("handling a message timed out; the client is asked to send it again")
                return response.json({"error": "unavailable"}, status=503)
            except Exception as error:  # noqa: BLE001 - any failure: nothing acknowledged, say so
                # The error's class only: messages and tracebacks can quote what the client wrote.
                logger.error(
                    "a message could not be handled (%s); the client is asked to send it again",
                    type(error).__name__,
                )
                return response.json({"error": "unavailable"}, status=503)
            if not collector.messages and not await action_server_up():
                logger.warning("the action server is not answering; the client was asked to wait")
                return response.json([{"recipient_id": collector_recipient(request), "text": ONE_MOMENT}])
            return response.json(collector.messages)

        return webhook


def collector_recipient(request: Request) -> Any:
    return (request.json or {}).get("sender")


async def action_server_up() -> bool:
    url = f"{settings().action_server_url}/health"
    try:
        timeout = aiohttp.ClientTimeout(total=_HEALTH_TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(url) as answer:
            return answer.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
        return False
