"""The widget in Chromium when the assistant is down or slow, and on other sites' pages.

These need no running Rasa: the web app's assistant is either pointed at a port nothing listens
on (down) or replaced by a small fake.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from bot.web import create_app
from bot.web.assistant import Button, Message
from bot.web.chat import EXTENSION
from tests.browser.conftest import served, web_settings
from tests.browser.widget import Widget
from tests.e2e.stack import free_port

CONSENT = Message(
    "assistant",
    "Is it okay with you to continue?",
    (Button("Yes, continue", "yes"), Button("No thanks", "no")),
)


class ScriptedAssistant:
    """Answers each message with "Noted: <text>" after a delay; greets on the first."""

    def __init__(self, *, delay_seconds: float = 0) -> None:
        self.delay = delay_seconds
        self.sent: list[str] = []
        self.transcript: list[Message] = []

    def send(
        self, conversation_id: str, text: str, *, metadata: Mapping[str, Any] | None = None
    ) -> list[Message]:
        time.sleep(self.delay)
        self.sent.append(text)
        reply = [CONSENT] if len(self.sent) == 1 else [Message("assistant", f"Noted: {text}")]
        if len(self.sent) > 1:
            self.transcript.append(Message("client", text))
        self.transcript.extend(reply)
        return reply

    def history(self, conversation_id: str) -> list[Message]:
        return list(self.transcript)


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    # RASA_PORT: a free port nothing listens on, so the real Rasa client finds the assistant down
    return create_app(web_settings({"INTAKE_VAR_DIR": str(tmp_path)}, RASA_PORT=str(free_port())))


def test_when_the_assistant_is_down_the_client_is_told_kindly_and_can_resend_with_one_click(
    page: Page, app: Flask
) -> None:
    down = app.extensions[EXTENSION].assistant
    assistant = ScriptedAssistant()
    app.extensions[EXTENSION].assistant = assistant
    with served(app) as site:
        widget = Widget(page)
        page.goto(site.url)
        widget.open()
        app.extensions[EXTENSION].assistant = down

        widget.say("My partner and I keep arguing about sex")

        alert = page.get_by_role("alert")
        expect(alert).to_contain_text("isn't answering right now")
        expect(alert).to_contain_text("Nothing you wrote is lost")
        expect(widget.input).to_have_value("My partner and I keep arguing about sex")
        assert widget.client_messages().count() == 0
        app.extensions[EXTENSION].assistant = assistant
        alert.get_by_role("button", name="Send again").click()
        widget.wait_for_reply()

        expect(widget.client_messages().last).to_have_text(
            "You said: My partner and I keep arguing about sex"
        )
        expect(widget.assistant_messages().last).to_have_text(
            "Assistant said: Noted: My partner and I keep arguing about sex"
        )
        expect(alert).to_be_hidden()
        expect(widget.input).to_have_value("")


def test_when_the_assistant_is_slow_the_client_sees_it_is_still_working(page: Page, app: Flask) -> None:
    app.extensions[EXTENSION].assistant = ScriptedAssistant()
    with served(app) as site:
        widget = Widget(page)
        page.goto(site.url)
        widget.open()
        app.extensions[EXTENSION].assistant.delay = 9.5

        widget.input.fill("hello")
        widget.input.press("Enter")

        expect(page.get_by_role("status")).to_have_text("The assistant is typing\u2026")
        expect(page.get_by_role("status")).to_contain_text("thank you for your patience", timeout=12_000)
        widget.wait_for_reply()
        expect(page.get_by_role("status")).to_have_text("")


def _host_page(widget_url: str) -> Flask:
    other = Flask("another_site")

    @other.get("/")
    def page() -> str:
        return (
            f'<!doctype html><html lang="en"><head><title>Another site</title>'
            f'<script src="{widget_url}/widget.js" defer></script></head>'
            f"<body><main><h1>Another site</h1></main></body></html>"
        )

    return other


def test_a_page_of_a_site_not_in_the_practice_config_cannot_use_the_chat(page: Page, tmp_path: Path) -> None:
    assistant = ScriptedAssistant()
    app = create_app(web_settings({"INTAKE_VAR_DIR": str(tmp_path)}))
    app.extensions[EXTENSION].assistant = assistant
    with served(app) as site, served(_host_page(site.url)) as foreign:
        widget = Widget(page)
        page.goto(foreign.url.replace("localhost", "127.0.0.1"))  # another site, not configured

        widget.launcher.click()

        expect(page.get_by_role("alert")).to_be_visible()
    assert assistant.sent == []


def test_a_page_of_a_configured_site_embeds_the_widget_with_one_script_tag(
    page: Page, tmp_path: Path
) -> None:
    assistant = ScriptedAssistant()
    host_port = free_port()
    practice = tmp_path / "practice.yml"
    original = Path(__file__).resolve().parents[2] / "config" / "practice.yml"
    practice.write_text(original.read_text() + f'\nsite_origins: ["http://localhost:{host_port}"]\n')
    app = create_app(web_settings({"INTAKE_VAR_DIR": str(tmp_path), "PRACTICE_CONFIG": str(practice)}))
    app.extensions[EXTENSION].assistant = assistant
    with served(app) as site, served(_host_page(site.url), port=host_port) as practice_site:
        widget = Widget(page)
        page.goto(practice_site.url)

        widget.open()
        widget.choose("Yes, continue")
        page.reload()
        widget.launcher.click()

        expect(widget.assistant_messages().last).to_contain_text("Noted: yes")
    assert assistant.sent == ["hi", "yes"]


def test_focus_moving_to_the_page_is_never_hidden_behind_the_open_chat(browser: Any, app: Flask) -> None:
    app.extensions[EXTENSION].assistant = ScriptedAssistant()
    context = browser.new_context(viewport={"width": 900, "height": 700})
    page = context.new_page()
    with served(app) as site:
        widget = Widget(page)
        page.goto(site.url)
        widget.open()
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        link = page.get_by_role("link", name="intake@practice.example")
        assert _overlap(link.bounding_box(), page.get_by_role("dialog").bounding_box()), (
            "arranged: behind the chat"
        )

        link.focus()

        box = link.bounding_box()
        panel = page.get_by_role("dialog")
        covered = panel.is_visible() and _overlap(box, panel.bounding_box())
    context.close()

    assert not covered


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )
