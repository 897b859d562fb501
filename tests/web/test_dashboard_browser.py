"""The dashboard in a real Chromium: the therapist's path through it, and client-typed markup
that must never run. Skips without Chromium, except on CI (CI=true), where it fails."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from bot.store.unit_of_work import SqlAlchemyUnitOfWork
from tests.web import seed
from tests.web.browser import chromium, log_in, missing_reason, served
from tests.web.conftest import PASSWORD, THERAPIST

pytestmark = pytest.mark.browser

# What a client could type into the chat; each payload, if it ever ran, would set window.__xss.
PAYLOADS = (
    '<script>window.__xss = "script"</script>',
    "<img src=x onerror=\"window.__xss = 'img'\">",
    '"><svg onload="window.__xss = \'svg\'">',
    "</q><iframe srcdoc=\"<script>parent.__xss = 'iframe'</script>\"></iframe>",
    "{{ 7 * 7 }} <a href=\"javascript:window.__xss='href'\">call me</a>",
)


@pytest.fixture(scope="module")
def chromium_browser() -> Iterator[Any]:
    reason = missing_reason()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    with chromium() as browser:
        yield browser


@pytest.fixture
def site(app: Flask, accounts: dict) -> Iterator[str]:
    with served(app) as url:
        yield url


@pytest.fixture
def page(chromium_browser: Any, site: str) -> Iterator[Any]:
    context = chromium_browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    log_in(page, site, email=THERAPIST, password=PASSWORD)
    yield page
    context.close()


def test_a_therapist_opens_an_urgent_intake_follows_evidence_marks_it_reviewed_and_downloads_the_pdf(
    page: Any, site: str, uow: SqlAlchemyUnitOfWork
) -> None:
    seed.store_intake(uow, name="Alex Example", email="alex@example.test")
    urgent = seed.store_intake(
        uow, name="Blair Sample", email="blair@example.test", self_harm="active", updated=seed.START
    )
    page.reload()

    first_row = page.locator("table.intakes tbody tr").first
    assert "Blair Sample" in first_row.inner_text() and "urgent" in first_row.inner_text()
    first_row.locator("a").click()
    page.wait_for_url(f"{site}/dashboard/intakes/{urgent['intake_id']}")

    page.locator("#section-concern a.evidence").first.click()
    message = page.locator("#m-3")
    assert "highlight" in (message.get_attribute("class") or "")
    assert message.is_visible() and message.evaluate(
        "m => { const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
    )

    page.click("#mark-reviewed")
    assert f"Reviewed by {THERAPIST}" in page.locator(".reviewed-by").inner_text()

    with page.expect_download() as download_info:
        page.click("#download-pdf")
    download = download_info.value
    assert download.suggested_filename == f"intake-{urgent['intake_id']}.pdf"
    assert open(download.path(), "rb").read(5) == b"%PDF-"


def test_an_expired_session_sends_the_browser_back_to_log_in(page: Any, site: str, app: Flask) -> None:
    page.context.clear_cookies()

    page.goto(f"{site}/dashboard/")

    assert page.url.startswith(f"{site}/dashboard/login")


def test_script_and_html_a_client_typed_never_run_in_the_list_the_intake_or_the_print_view(
    page: Any, site: str, uow: SqlAlchemyUnitOfWork
) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    intake = seed.store_intake(
        uow,
        name=PAYLOADS[1],
        email=PAYLOADS[2],
        client_messages=list(seed.CLIENT_MESSAGES[:3]) + list(PAYLOADS),
        main_concern={"client_words": PAYLOADS[0], "categories": ["other"]},
        medications=[
            {
                "name": "sertraline",
                "as_said": PAYLOADS[3],
                "drug_class": "ssri",
                "sexual_side_effects_known": True,
            }
        ],
        goals=PAYLOADS[4],
        anything_else=PAYLOADS[0],
    )

    for path in (
        "/dashboard/",
        f"/dashboard/intakes/{intake['intake_id']}",
        f"/dashboard/intakes/{intake['intake_id']}/print",
        "/dashboard/?q=%3Cimg",
    ):
        page.goto(site + path)
        page.wait_for_load_state("load")
        page.wait_for_timeout(150)

        assert page.evaluate("window.__xss") is None, path
        assert (
            page.evaluate("document.querySelectorAll('main script, main img, main svg, main iframe').length")
            == 0
        )
        assert page.locator("main a[href^='javascript:']").count() == 0
    page.goto(f"{site}/dashboard/intakes/{intake['intake_id']}")
    text = page.locator("main").inner_text()
    assert PAYLOADS[0] in text and PAYLOADS[1] in text and "{{ 7 * 7 }}" in text
    assert page.dialogs == []


def test_the_login_list_and_intake_pages_have_no_serious_accessibility_violations(
    chromium_browser: Any, site: str, uow: SqlAlchemyUnitOfWork
) -> None:
    import axe_playwright_python

    axe = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    intake = seed.store_intake(uow, self_harm="active")
    # bypass_csp lets axe-core's own script in; the pages themselves are unchanged.
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{site}/dashboard/login")
    violations = {"login": _serious_violations(page, axe)}
    log_in(page, site, email=THERAPIST, password=PASSWORD)
    violations["list"] = _serious_violations(page, axe)
    page.goto(f"{site}/dashboard/intakes/{intake['intake_id']}")
    violations["intake"] = _serious_violations(page, axe)
    context.close()

    assert violations == {"login": [], "list": [], "intake": []}


def _serious_violations(page: Any, axe: Path) -> list[str]:
    page.add_script_tag(path=str(axe))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
