"""A real Chromium (Debian's, through Playwright) on the web app, served on a free port.

Browser tests skip when Chromium is missing, except in CI (CI=true), where they fail instead.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from bot.config import Settings, settings_from_env
from bot.web import create_app
from bot.web.chat import EXTENSION, ChatLimits
from tests.e2e.conftest import stack  # noqa: F401  (the running Rasa + action server)
from tests.e2e.stack import Stack, free_port

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"]
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


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _missing(f"no Chromium at {CHROMIUM}: `apt-get install -y chromium` (or set CHROMIUM_PATH)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed: `make setup`")
    RESULTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Served:
    url: str
    app: Flask


@contextmanager
def served(app: Flask, *, port: int | None = None) -> Iterator[Served]:
    """Serves a Flask app on http://localhost:<port> (a secure context, as HTTPS is)."""
    port = port or free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(url=f"http://localhost:{port}", app=app)
    finally:
        server.shutdown()
        thread.join(timeout=10)


def web_settings(env: Mapping[str, str], **overrides: str) -> Settings:
    return settings_from_env({**env, "SECRET_KEY": "browser-test-secret", **overrides})


@pytest.fixture(scope="module")
def site(stack: Stack) -> Iterator[Served]:  # noqa: F811
    """The practice's demo page and the chat endpoint, in front of the running stack."""
    app = create_app(web_settings(stack.env))
    # A test answers far faster than a person; the limits have their own tests (test_chat.py).
    app.extensions[EXTENSION].limits = ChatLimits(messages_per_minute=10_000,
                                                  requests_per_minute_per_address=10_000)
    with served(app) as running:
        yield running


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    opened = context.new_page()
    yield opened
    context.close()
