"""Driving the website widget in a page the way a client does, and reading what it shows."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from flask import Flask
from playwright.sync_api import Locator, Page, expect

from bot.web.chat import COOKIE_NAME, EXTENSION

REPLY_TIMEOUT_MS = 60_000
LAUNCHER = "Chat with us"


@dataclass
class Widget:
    page: Page

    @property
    def input(self) -> Locator:
        return self.page.get_by_label("Your message")

    @property
    def launcher(self) -> Locator:
        return self.page.get_by_role("button", name=LAUNCHER)

    @property
    def log(self) -> Locator:
        return self.page.get_by_role("log")

    def assistant_messages(self) -> Locator:
        return self.page.locator(".message.from-assistant")

    def client_messages(self) -> Locator:
        return self.page.locator(".message.from-client")

    def choices(self) -> list[str]:
        return self.page.locator(".choices button").all_inner_texts()

    def open(self) -> float:
        """Opens the chat; returns the seconds until the first assistant message shows."""
        started = time.perf_counter()
        self.launcher.click()
        expect(self.assistant_messages().first).to_be_visible(timeout=REPLY_TIMEOUT_MS)
        seconds = time.perf_counter() - started
        self.wait_for_reply()
        return seconds

    def wait_for_reply(self) -> None:
        expect(self.page.locator(".send")).to_have_attribute(
            "aria-disabled", "false", timeout=REPLY_TIMEOUT_MS
        )

    def say(self, text: str) -> None:
        self.input.fill(text)
        self.input.press("Enter")
        self.wait_for_reply()

    def choose(self, title: str) -> None:
        self.page.locator(".choices").get_by_role("button", name=title, exact=True).click()
        self.wait_for_reply()

    def last_assistant_text(self) -> str:
        return self.assistant_messages().last.inner_text()


def conversation_id(page: Page, app: Flask) -> str:
    """The server-chosen conversation id behind the page's (HttpOnly) cookie, for the test's eyes."""
    cookie = next(c for c in page.context.cookies() if c["name"] == COOKIE_NAME)
    return app.extensions[EXTENSION].signer.loads(cookie["value"])


def offered_payloads(app: Flask, conversation: str) -> dict[str, str]:
    """payload -> title of the buttons the assistant just offered in a conversation."""
    buttons: Any = app.extensions[EXTENSION].offered.get(conversation) or ()
    return {button.payload: button.title for button in buttons}
