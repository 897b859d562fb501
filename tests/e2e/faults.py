"""What the fault and replica tests share: PostgreSQL and Redis for a stack (required on CI), a
conversation played to the end, and the fields a summary got wrong."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from bot import build
from bot.config import settings_from_env
from tests.e2e.clients import FakeClient, value_at
from tests.e2e.stack import Stack
from tests.integration.conftest import new_database

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
MAX_TURNS = 120


def skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def require_model() -> None:
    settings = settings_from_env()
    model = Path(settings.model_file) if settings.model_file else build.model_path(settings)
    if not model.exists():
        skip_or_fail(f"no trained model for the current inputs ({model.name}): run `make train` first")


def require_redis() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=3).ping()
    except redis.RedisError as error:
        skip_or_fail(f"Redis is not reachable at {REDIS_URL} (set TEST_REDIS_URL): {type(error).__name__}")
    return REDIS_URL


@contextmanager
def postgres_database(request: pytest.FixtureRequest, folder: Path) -> Iterator[str]:
    """A fresh PostgreSQL database (the fixture skips, or fails on CI, when PostgreSQL is absent)."""
    with new_database("postgresql", request=request, tmp_path=folder) as url:
        yield url


def play(
    stack: Stack,
    client: FakeClient,
    conversation_id: str,
    *,
    start: bool = True,
    first_turns: int | None = None,
) -> int:
    """Answers what the assistant asks until the intake ends (or after `first_turns` answers)."""
    asked: list[str] = []
    if start:
        stack.send(conversation_id, client.opening)
    for turn in range(MAX_TURNS):
        if first_turns is not None and turn >= first_turns:
            return turn
        tracker = stack.tracker(conversation_id)
        slot = tracker["slots"].get("requested_slot")
        if (tracker.get("active_loop") or {}).get("name") is None or slot is None:
            return turn
        answer = (
            "yes, that's right" if slot == "summary_confirmed" else client.answer(slot, asked.count(slot))
        )
        asked.append(slot)
        stack.send(conversation_id, answer)
    pytest.fail(f"{client.name}: the intake did not end within {MAX_TURNS} turns")


def wrong_fields(summary: dict[str, Any], client: FakeClient) -> dict[str, tuple[Any, Any]]:
    def stored(path: str) -> Any:
        try:
            return value_at(summary, path)
        except (KeyError, IndexError, TypeError):
            return "<missing>"

    return {
        path: (expected, stored(path))
        for path, expected in client.expected.items()
        if stored(path) != expected
    }


def user_texts(stack: Stack, conversation_id: str) -> list[str]:
    return [
        event.get("text")
        for event in stack.tracker(conversation_id)["events"]
        if event.get("event") == "user"
    ]
