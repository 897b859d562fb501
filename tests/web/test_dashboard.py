from __future__ import annotations

import json
import re
import time
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.store import audit
from bot.store.models import intakes_table
from bot.store.unit_of_work import SqlAlchemyUnitOfWork
from tests.web import seed
from tests.web.conftest import ADMIN, BASE_URL, PASSWORD, THERAPIST, csrf_token, log_in, post

MISSING_ID = "00000000-0000-4000-8000-00000000dead"


def get(client: FlaskClient, path: str) -> Any:
    return client.get(path, base_url=BASE_URL)


def page(client: FlaskClient, path: str) -> str:
    response = get(client, path)
    assert response.status_code == 200, response.status_code
    return str(response.get_data(as_text=True))


def intake_paths(intake_id: str) -> list[str]:
    return [
        f"/dashboard/intakes/{intake_id}" + suffix
        for suffix in ("", "/print", "/intake.pdf", "/intake.json", "/fhir.json")
    ]


def actions(engine: Engine) -> list[tuple[str, str, str | None]]:
    return [(entry.actor, entry.action, entry.target) for entry in audit.recent(engine)]


# --- logging in and out ----------------------------------------------------------------------


def test_the_login_page_carries_a_csrf_token(client: FlaskClient) -> None:
    html = page(client, "/dashboard/login")

    assert csrf_token(html)


def test_a_good_login_opens_the_intake_list_with_a_secure_http_only_cookie(
    client: FlaskClient, accounts: dict
) -> None:
    response = log_in(client)

    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard/")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert page(client, "/dashboard/").count("Intakes") >= 1


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
    client: FlaskClient, accounts: dict
) -> None:
    response = log_in(client, password="not the password")

    assert response.status_code == 401
    assert "email, password or code is not right" in response.get_data(as_text=True)
    assert get(client, "/dashboard/").status_code == 302


def test_a_login_without_its_csrf_token_is_refused(
    client: FlaskClient, accounts: dict, engine: Engine
) -> None:
    response = post(client, "/dashboard/login", None, email=THERAPIST, password=PASSWORD)

    assert response.status_code == 400
    assert get(client, "/dashboard/").status_code == 302
    assert "login" not in [action for _, action, _ in actions(engine)]


def test_a_locked_account_cannot_log_in_with_the_right_password(client: FlaskClient, accounts: dict) -> None:
    for _ in range(5):
        log_in(client, password="not the password")

    response = log_in(client)

    assert response.status_code == 429
    assert "Too many failed logins" in response.get_data(as_text=True)
    assert get(client, "/dashboard/").status_code == 302


def test_logging_out_ends_the_session_even_for_a_copied_cookie(app: Flask, logged_in: FlaskClient) -> None:
    copied = logged_in.get_cookie("session", domain="dashboard.test")
    assert copied is not None
    token = csrf_token(page(logged_in, "/dashboard/"))

    response = post(logged_in, "/dashboard/logout", token)

    assert response.status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", copied.value, domain="dashboard.test")
    assert get(replay, "/dashboard/").status_code == 302


def test_logging_out_needs_the_csrf_token(logged_in: FlaskClient) -> None:
    response = post(logged_in, "/dashboard/logout", "forged")

    assert response.status_code == 400
    assert get(logged_in, "/dashboard/").status_code == 200


def test_an_idle_session_expires_and_says_so(logged_in: FlaskClient, engine: Engine) -> None:
    with logged_in.session_transaction(base_url=BASE_URL) as session:
        session["seen"] = time.time() - timedelta(minutes=16).total_seconds()

    response = get(logged_in, "/dashboard/")

    assert response.status_code == 302 and "reason=expired" in response.headers["Location"]
    assert "session ended" in page(logged_in, response.headers["Location"])
    assert (THERAPIST, "session_expired", None) in actions(engine)
    assert get(logged_in, "/dashboard/").status_code == 302


def test_a_session_in_use_stays_open_within_the_idle_time(logged_in: FlaskClient) -> None:
    with logged_in.session_transaction(base_url=BASE_URL) as session:
        session["seen"] = time.time() - timedelta(minutes=14).total_seconds()

    assert get(logged_in, "/dashboard/").status_code == 200


# --- nothing without a session; nothing that says which ids exist ---------------------------


def test_no_intake_page_or_export_is_reachable_without_a_session(
    client: FlaskClient, intake: dict, accounts: dict
) -> None:
    existing = [get(client, path) for path in intake_paths(intake["intake_id"])]
    missing = [get(client, path) for path in intake_paths(MISSING_ID)]

    for response in existing + missing:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/dashboard/login")
    assert {r.get_data() for r in existing} == {r.get_data() for r in missing}
    assert "Test Person" not in "".join(r.get_data(as_text=True) for r in existing)


def test_marking_reviewed_without_a_session_is_refused(
    client: FlaskClient, intake: dict, engine: Engine
) -> None:
    token = csrf_token(page(client, "/dashboard/login"))

    response = post(client, f"/dashboard/intakes/{intake['intake_id']}/review", token)

    assert response.status_code == 302
    assert _review_columns(engine, intake["intake_id"]) == (None, None)


def test_a_logged_in_therapist_gets_404_for_an_intake_that_does_not_exist(logged_in: FlaskClient) -> None:
    for path in intake_paths(MISSING_ID):
        assert get(logged_in, path).status_code == 404


def test_the_audit_log_is_for_admins_only(logged_in: FlaskClient, engine: Engine) -> None:
    response = get(logged_in, "/dashboard/audit")

    assert response.status_code == 403
    assert (THERAPIST, "forbidden", "/dashboard/audit") in actions(engine)


def test_an_admin_reads_the_audit_log_newest_first(admin_client: FlaskClient, intake: dict) -> None:
    page(admin_client, f"/dashboard/intakes/{intake['intake_id']}")

    html = page(admin_client, "/dashboard/audit")

    rows = re.findall(r"<tr><td>[^<]*</td><td>([^<]*)</td><td>([^<]*)</td>", html)
    assert rows[0] == (ADMIN, "view_intake")
    assert (ADMIN, "login") in rows


# --- the list --------------------------------------------------------------------------------


@pytest.fixture
def several(uow: SqlAlchemyUnitOfWork) -> dict[str, dict]:
    start = seed.START
    return {
        "old": seed.store_intake(uow, name="Alex Example", email="alex@example.test", updated=start),
        "urgent": seed.store_intake(
            uow,
            name="Blair Sample",
            email="blair@example.test",
            updated=start + timedelta(hours=1),
            self_harm="active",
        ),
        "new": seed.store_intake(
            uow,
            name="Casey Fake",
            email="casey@example.test",
            updated=start + timedelta(hours=2),
            status="in_progress",
        ),
    }


def _listed_names(html: str) -> list[str]:
    return re.findall(r'href="/dashboard/intakes/[^"]+">([^<]+)</a>', html)


def test_the_list_shows_urgent_intakes_first_then_the_newest(logged_in: FlaskClient, several: dict) -> None:
    html = page(logged_in, "/dashboard/")

    assert _listed_names(html) == ["Blair Sample", "Casey Fake", "Alex Example"]


def test_the_list_shows_status_review_and_flag_badges(logged_in: FlaskClient, several: dict) -> None:
    html = page(logged_in, "/dashboard/")

    assert 'class="badge status-in_progress"' in html and 'class="badge status-complete"' in html
    assert "not reviewed" in html
    assert 'class="badge sev-urgent"' in html and "urgent suicidal ideation" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?q=casey", ["Casey Fake"]),
        ("?q=BLAIR%40example", ["Blair Sample"]),
        ("?status=in_progress", ["Casey Fake"]),
        ("?flag=URGENT_SUICIDAL_IDEATION", ["Blair Sample"]),
        ("?q=nobody-matches", []),
    ],
)
def test_the_list_searches_names_and_emails_and_filters_by_status_and_flag(
    logged_in: FlaskClient, several: dict, query: str, expected: list[str]
) -> None:
    assert _listed_names(page(logged_in, "/dashboard/" + query)) == expected


def test_viewing_the_list_is_audited_without_the_search_words(
    logged_in: FlaskClient, several: dict, engine: Engine
) -> None:
    page(logged_in, "/dashboard/?q=casey")

    entry = audit.recent(engine)[0]
    assert (entry.actor, entry.action, entry.detail) == (THERAPIST, "view_list", "shown=1")


# --- one intake ------------------------------------------------------------------------------


def test_the_intake_page_lays_out_the_summary_with_cut_offs_and_flags(
    logged_in: FlaskClient, intake: dict
) -> None:
    html = page(logged_in, f"/dashboard/intakes/{intake['intake_id']}")

    for heading in (
        "Client",
        "Presenting concern",
        "Relationship",
        "Health and medications",
        "Screening",
        "Risk",
        "History and goals",
        "Not answered",
        "Flags",
        "Transcript",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert "since the baby came I have no desire" in html
    assert "cut-off 3 or more" in html
    assert "known sexual side effects" in html
    assert "medication sexual side effects" in html


def test_every_evidence_link_points_at_a_client_message_in_the_transcript(
    logged_in: FlaskClient, intake: dict
) -> None:
    html = page(logged_in, f"/dashboard/intakes/{intake['intake_id']}")

    targets = re.findall(r'class="evidence no-print" href="#(m-\d+)"', html)
    assert "m-3" in targets and "m-5" in targets  # the concern and the medication
    for target in targets:
        assert f'id="{target}"' in html
    message = re.search(r'id="m-5"><span class="who">Client #5</span>([^<]+)</li>', html)
    assert message and message.group(1) == "I take Zoloft 50mg"


def test_viewing_an_intake_is_audited_with_its_id_and_no_health_information(
    logged_in: FlaskClient, intake: dict, engine: Engine
) -> None:
    page(logged_in, f"/dashboard/intakes/{intake['intake_id']}")

    entry = audit.recent(engine)[0]
    assert (entry.actor, entry.action, entry.target, entry.remote_addr) == (
        THERAPIST,
        "view_intake",
        intake["intake_id"],
        "127.0.0.1",
    )


def test_marking_reviewed_records_who_and_when(logged_in: FlaskClient, intake: dict, engine: Engine) -> None:
    path = f"/dashboard/intakes/{intake['intake_id']}"
    token = csrf_token(page(logged_in, path))

    response = post(logged_in, path + "/review", token)

    assert response.status_code == 302
    reviewed_at, reviewed_by = _review_columns(engine, intake["intake_id"])
    assert reviewed_by == THERAPIST and reviewed_at is not None
    assert f"Reviewed by {THERAPIST}" in page(logged_in, path)
    assert (THERAPIST, "review", intake["intake_id"]) in actions(engine)


def test_marking_reviewed_with_a_forged_csrf_token_changes_nothing(
    logged_in: FlaskClient, intake: dict, engine: Engine
) -> None:
    response = post(logged_in, f"/dashboard/intakes/{intake['intake_id']}/review", "forged-token")

    assert response.status_code == 400
    assert _review_columns(engine, intake["intake_id"]) == (None, None)


def test_a_review_post_from_another_site_is_refused(
    logged_in: FlaskClient, intake: dict, engine: Engine
) -> None:
    path = f"/dashboard/intakes/{intake['intake_id']}"
    token = csrf_token(page(logged_in, path))

    response = logged_in.post(
        path + "/review",
        base_url=BASE_URL,
        data={"csrf_token": token},
        headers={"Referer": "https://evil.example/"},
    )

    assert response.status_code == 400
    assert _review_columns(engine, intake["intake_id"]) == (None, None)


def _review_columns(engine: Engine, intake_id: str) -> tuple[Any, Any]:
    columns = intakes_table.c
    with engine.connect() as connection:
        row = connection.execute(
            select(columns.reviewed_at, columns.reviewed_by).where(columns.id == intake_id)
        ).one()
    return row.reviewed_at, row.reviewed_by


# --- headers ---------------------------------------------------------------------------------


def test_dashboard_pages_forbid_inline_script_framing_and_caching(
    logged_in: FlaskClient, intake: dict
) -> None:
    response = get(logged_in, f"/dashboard/intakes/{intake['intake_id']}")

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert "<script>" not in response.get_data(as_text=True)  # only <script src=...>


def test_hsts_is_sent_over_tls_and_not_over_plain_http(client: FlaskClient) -> None:
    over_tls = client.get("/dashboard/login", base_url="https://dashboard.test")
    plain = client.get("/dashboard/login", base_url="http://dashboard.test")

    assert over_tls.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Strict-Transport-Security" not in plain.headers


# --- no health information in the audit log --------------------------------------------------


def test_the_audit_log_holds_no_client_words_after_everything_a_therapist_can_do(
    logged_in: FlaskClient, intake: dict, engine: Engine
) -> None:
    path = f"/dashboard/intakes/{intake['intake_id']}"
    for suffix in ("", "/print", "/intake.pdf", "/intake.json", "/fhir.json"):
        get(logged_in, path + suffix)
    post(logged_in, path + "/review", csrf_token(page(logged_in, path)))
    page(logged_in, "/dashboard/?q=Test+Person")

    logged = json.dumps([entry.__dict__ for entry in audit.recent(engine)], default=str)
    for secret in ("Test Person", "test.person@example.test", "Zoloft", "sertraline", "baby", "+12015550123"):
        assert secret not in logged
    assert {"export_print", "export_pdf", "export_json", "export_fhir", "review", "view_intake"} <= {
        action for _, action, _ in actions(engine)
    }


# --- what clients typed is escaped (the browser test proves nothing runs) -------------------


def test_markup_a_client_typed_is_escaped_on_every_page_that_shows_it(
    logged_in: FlaskClient, uow: SqlAlchemyUnitOfWork
) -> None:
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    intake = seed.store_intake(
        uow,
        name=payload,
        client_messages=[payload],
        main_concern={"client_words": payload, "categories": ["other"]},
    )

    for path in (
        "/dashboard/",
        f"/dashboard/intakes/{intake['intake_id']}",
        f"/dashboard/intakes/{intake['intake_id']}/print",
    ):
        html = page(logged_in, path)
        assert "<script>alert" not in html and "<img src=x" not in html, path
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html, path


# --- erasure (admins) ------------------------------------------------------------------------


def test_an_admin_erases_an_intake_after_confirming(
    admin_client: FlaskClient, intake: dict, engine: Engine
) -> None:
    path = f"/dashboard/intakes/{intake['intake_id']}"
    token = csrf_token(page(admin_client, path))

    response = post(admin_client, path + "/erase", token, confirm="y")

    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard/")
    assert get(admin_client, path).status_code == 404
    assert (ADMIN, "erase", intake["intake_id"]) in actions(engine)


def test_erasing_without_the_confirmation_box_erases_nothing(admin_client: FlaskClient, intake: dict) -> None:
    path = f"/dashboard/intakes/{intake['intake_id']}"
    token = csrf_token(page(admin_client, path))

    post(admin_client, path + "/erase", token)

    assert get(admin_client, path).status_code == 200


def test_a_therapist_cannot_erase_and_sees_no_erase_button(logged_in: FlaskClient, intake: dict) -> None:
    path = f"/dashboard/intakes/{intake['intake_id']}"
    html = page(logged_in, path)

    response = post(logged_in, path + "/erase", csrf_token(html), confirm="y")

    assert "/erase" not in html
    assert response.status_code == 403
    assert get(logged_in, path).status_code == 200


def test_erasing_with_a_forged_csrf_token_erases_nothing(admin_client: FlaskClient, intake: dict) -> None:
    path = f"/dashboard/intakes/{intake['intake_id']}"

    response = post(admin_client, path + "/erase", "forged", confirm="y")

    assert response.status_code == 400
    assert get(admin_client, path).status_code == 200


# --- two-factor and the API's session -------------------------------------------------------


def test_an_account_with_two_factor_logs_in_only_with_the_current_code(
    client: FlaskClient, engine: Engine
) -> None:
    import pyotp

    from bot.accounts import create_account
    from bot.store import accounts as account_store

    create_account(
        engine, email="two.factor@example.test", role="therapist", password=PASSWORD, with_totp=True
    )
    secret = account_store.by_email(engine, "two.factor@example.test").totp_secret  # type: ignore[union-attr]

    without = log_in(client, "two.factor@example.test")
    with_code = log_in(client, "two.factor@example.test", code=pyotp.TOTP(secret).now())

    assert (without.status_code, with_code.status_code) == (401, 302)


def test_an_idle_dashboard_session_no_longer_opens_the_api(logged_in: FlaskClient, intake: dict) -> None:
    with logged_in.session_transaction(base_url=BASE_URL) as session:
        session["seen"] = time.time() - timedelta(minutes=16).total_seconds()

    response = logged_in.get(f"/api/intakes/{intake['intake_id']}", base_url=BASE_URL)

    assert response.status_code == 401


PUBLIC_ENDPOINTS = {"dashboard.login", "dashboard.static", "api.openapi", "api.fhir_questionnaire"}


def test_every_dashboard_and_api_route_but_login_and_the_public_descriptions_needs_a_session(
    app: Flask, client: FlaskClient, intake: dict
) -> None:
    checked = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in ("dashboard", "api") or rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        path = rule.build({"intake_id": intake["intake_id"], "kind": "pdf"}, append_unknown=False)[1]
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(
                path, method=method, base_url=BASE_URL, headers={"Referer": BASE_URL + "/dashboard/"}
            )
            # POSTs without a session fail on the missing CSRF token (400) or on the login (302/401).
            assert response.status_code in (302, 401, 400), (method, path, response.status_code)
            assert b"Test Person" not in response.data
            checked.append(rule.endpoint)
    assert {"dashboard.intake_page", "dashboard.erase", "dashboard.audit_log", "api.get_intake"} <= set(
        checked
    )
