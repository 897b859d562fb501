"""The website widget in Chromium, in front of the running assistant (Rasa + action server)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import axe_playwright_python
import requests
from playwright.sync_api import Page, expect

from bot.web.chat import STATIC
from tests.browser.conftest import RESULTS, Served
from tests.browser.widget import Widget, conversation_id, offered_payloads
from tests.e2e.clients import ALPHA, value_at
from tests.e2e.stack import Stack

MAX_TURNS = 120
# axe-core's own build, as the PyPI package axe-playwright-python ships it
AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"


def _requested_slot(stack: Stack, conversation: str) -> str | None:
    tracker = stack.tracker(conversation)
    if (tracker.get("active_loop") or {}).get("name") is None:
        return None
    return tracker["slots"].get("requested_slot")


def _answer(widget: Widget, site: Served, conversation: str, answer: str) -> None:
    """Clicks the assistant's button when one says exactly the answer, otherwise types it."""
    title = offered_payloads(site.app, conversation).get(answer)
    if title and title in widget.choices():
        widget.choose(title)
    else:
        widget.say(answer)


def test_an_intake_typed_through_the_widget_survives_a_reload_and_ends_in_a_correct_summary(
    page: Page, site: Served, stack: Stack
) -> None:
    widget = Widget(page)
    page.goto(site.url)
    seconds_to_greeting = widget.open()
    conversation = conversation_id(page, site.app)
    asked: list[str] = []
    reloaded_with: list[str] = []
    for _ in range(MAX_TURNS):
        slot = _requested_slot(stack, conversation)
        if slot is None:
            break
        if slot == "phone" and not reloaded_with:
            page.reload()
            widget.launcher.click()
            expect(widget.client_messages().last).to_have_text(re.compile("Test.Alpha@Example.test"))
            reloaded_with = widget.client_messages().all_inner_texts()
            assert conversation_id(page, site.app) == conversation
        if slot == "pronouns":
            page.screenshot(path=str(RESULTS / "widget-desktop.png"))
        answer = "yes, that's right" if slot == "summary_confirmed" else ALPHA.answer(slot, asked.count(slot))
        asked.append(slot)
        _answer(widget, site, conversation, answer)
    else:
        raise AssertionError(f"the intake did not end within {MAX_TURNS} turns; asked {asked}")
    code, summary, stderr = stack.export(conversation)

    assert code == 0, stderr
    assert summary["status"] == "complete"
    wrong = {
        path: (expected, value_at(summary, path))
        for path, expected in ALPHA.expected.items()
        if value_at(summary, path) != expected
    }
    assert not wrong, f"(expected, stored) {wrong}"
    assert any("45" in text for text in reloaded_with), "the transcript came back after the reload"
    _report({"click_to_first_assistant_message_ms": round(seconds_to_greeting * 1000)})


def test_navigating_to_another_page_of_the_site_resumes_the_same_conversation(
    page: Page, site: Served
) -> None:
    widget = Widget(page)
    page.goto(site.url)
    widget.open()
    widget.say("yes")
    widget.say("39")
    before = conversation_id(page, site.app)

    page.get_by_role("link", name="Questions").click()
    page.goto(site.url + "/")
    widget.launcher.click()

    expect(widget.client_messages().last).to_have_text(re.compile("39"))
    assert conversation_id(page, site.app) == before
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert all(cookie["expires"] == -1 for cookie in page.context.cookies()), "session cookies only"


def test_the_widget_works_with_the_keyboard_alone(page: Page, site: Served) -> None:
    widget = Widget(page)
    page.goto(site.url)
    for _ in range(30):
        if page.evaluate("document.activeElement.matches('[data-intake-widget]')"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(widget.assistant_messages().first).to_be_visible(timeout=60_000)
    widget.wait_for_reply()

    assert _focused(page) == "intake-input"
    for _ in range(4):  # back past the two quick controls and "No thanks" to "Yes, continue"
        page.keyboard.press("Shift+Tab")
    assert (
        page.evaluate("document.querySelector('[data-intake-widget]').shadowRoot.activeElement.textContent")
        == "Yes, continue"
    )
    page.keyboard.press("Enter")
    widget.wait_for_reply()
    expect(widget.client_messages().last).to_have_text("You said: Yes, continue")
    assert _focused(page) == "intake-input"
    page.keyboard.type("40")
    page.keyboard.press("Enter")
    widget.wait_for_reply()
    expect(widget.client_messages().last).to_have_text(re.compile("40"))

    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    assert (
        page.evaluate("document.querySelector('[data-intake-widget]').shadowRoot.activeElement.className")
        == "launcher"
    )


def test_the_open_widget_has_no_serious_accessibility_violations(browser: Any, site: Served) -> None:
    violations = {}
    for name, viewport in {"desktop": (1280, 800), "mobile": (375, 740), "narrowest": (320, 640)}.items():
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, bypass_csp=True)
        page = context.new_page()
        widget = Widget(page)
        page.goto(site.url)
        widget.open()
        widget.say("yes")
        if name == "mobile":
            page.mouse.move(0, 0)  # no hover highlight where the launcher was clicked
            page.screenshot(path=str(RESULTS / "widget-mobile.png"))
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        violations[name] = [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if name == "narrowest":
            assert page.evaluate("document.documentElement.scrollWidth") <= 320
            assert page.get_by_role("dialog").bounding_box()["width"] == 320
        context.close()

    assert violations == {"desktop": [], "mobile": [], "narrowest": []}


def test_targets_are_at_least_24_pixels_and_the_dialog_fills_a_phone_screen(
    browser: Any, site: Served
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    widget = Widget(page)
    page.goto(site.url)
    widget.open()

    boxes = [button.bounding_box() for button in page.get_by_role("dialog").get_by_role("button").all()]
    dialog = page.get_by_role("dialog").bounding_box()
    context.close()

    assert boxes and all(box["width"] >= 24 and box["height"] >= 24 for box in boxes)
    assert dialog == {"x": 0, "y": 0, "width": 375, "height": 740}


def test_markup_typed_by_the_client_is_shown_as_text_and_never_runs(page: Page, site: Served) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    widget = Widget(page)
    page.goto(site.url)
    widget.open()

    widget.say("<img src=x onerror=alert(1)>")

    expect(widget.client_messages().last).to_have_text("You said: <img src=x onerror=alert(1)>")
    assert page.locator("[data-intake-widget] img").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []


def test_links_in_the_assistants_messages_are_clickable_and_safe(page: Page, site: Served) -> None:
    widget = Widget(page)
    page.goto(site.url)
    widget.open()

    hrefs = widget.assistant_messages().locator("a").evaluate_all("links => links.map(a => a.href)")

    assert "https://988lifeline.org/" in hrefs
    assert "tel:988" in hrefs
    assert all(href.startswith(("https:", "http:", "tel:", "mailto:")) for href in hrefs)


def test_stop_and_delete_goes_through_the_assistants_confirmation(
    page: Page, site: Served, stack: Stack
) -> None:
    widget = Widget(page)
    page.goto(site.url)
    widget.open()
    widget.say("yes")
    widget.say("41")
    widget.say("Test Kilo")
    conversation = conversation_id(page, site.app)
    assert stack.export(conversation)[0] == 0

    before = widget.assistant_messages().count()
    page.get_by_role("button", name="Stop and delete my answers").click()
    widget.wait_for_reply()
    assert "delete everything" in " ".join(widget.assistant_messages().all_inner_texts()[before:])
    before = widget.assistant_messages().count()
    widget.choose("Yes, delete it")

    assert "has been deleted" in " ".join(widget.assistant_messages().all_inner_texts()[before:])
    assert stack.export(conversation)[0] == 1
    page.reload()
    widget.launcher.click()
    expect(widget.assistant_messages().first).to_be_visible(timeout=60_000)
    widget.wait_for_reply()
    assert "Test Kilo" not in widget.log.inner_text()


def test_a_message_from_a_foreign_origin_is_refused(site: Served) -> None:
    response = requests.post(
        f"{site.url}/chat/messages",
        json={"text": "hello"},
        headers={"Origin": "https://evil.example"},
        timeout=10,
    )

    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response.headers


def _focused(page: Page) -> str:
    return page.evaluate("document.querySelector('[data-intake-widget]').shadowRoot.activeElement?.id || ''")


def _report(figures: dict[str, Any]) -> None:
    for asset in ("widget.js", "widget.css"):
        content = (STATIC / asset).read_bytes()
        figures[f"{asset}_bytes"] = len(content)
        figures[f"{asset}_gzip_bytes"] = len(gzip.compress(content, compresslevel=9))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "widget_timing.json").write_text(json.dumps(figures, indent=2))
    print(f"\nwidget: {figures}")
