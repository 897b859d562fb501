"""A real Chromium (Debian's, through Playwright) on the web app, served on a free port.

Browser tests skip when Chromium is missing, except in CI (CI=true), where they fail instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from bot.config import Settings, settings_from_env
from bot.web import create_app
from bot.web.chat import EXTENSION, ChatLimits
from tests.e2e.conftest import stack  # noqa: F401  (the running Rasa + action server)
from tests.e2e.stack import Stack
from tests.web.browser import chromium, missing_reason
from tests.web.browser import served as serve_app

RESULTS = Path(__file__).resolve().parents[2] / "var" / "results"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.e2e)


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium per test module, stopped at its end.

    Playwright's sync API holds an asyncio loop as the thread's running loop for as long as it
    lives, so a session-wide browser breaks every later test that calls asyncio.run().
    """
    reason = missing_reason()
    if reason:
        _missing(reason)
    RESULTS.mkdir(parents=True, exist_ok=True)
    with chromium() as launched:
        yield launched


@dataclass
class Served:
    url: str
    app: Flask


@contextmanager
def served(app: Flask, *, port: int | None = None) -> Iterator[Served]:
    """Serves a Flask app on http://localhost:<port> (a secure context, as HTTPS is)."""
    with serve_app(app, port=port) as url:
        yield Served(url=url, app=app)


def web_settings(env: Mapping[str, str], **overrides: str) -> Settings:
    return settings_from_env({**env, "SECRET_KEY": "browser-test-secret", **overrides})


@pytest.fixture(scope="module")
def site(stack: Stack) -> Iterator[Served]:  # noqa: F811
    """The practice's demo page and the chat endpoint, in front of the running stack."""
    app = create_app(web_settings(stack.env))
    # A test answers far faster than a person; the limits have their own tests (test_chat.py).
    app.extensions[EXTENSION].limits = ChatLimits(
        messages_per_minute=10_000, requests_per_minute_per_address=10_000
    )
    with served(app) as running:
        yield running


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    opened = context.new_page()
    yield opened
    context.close()
