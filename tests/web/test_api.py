from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine

from bot.store import audit
from bot.store.unit_of_work import SqlAlchemyUnitOfWork
from tests.web import seed
from tests.web.conftest import BASE_URL, THERAPIST, csrf_token

MISSING_ID = "00000000-0000-4000-8000-00000000dead"


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


def api_paths(intake_id: str) -> list[tuple[str, str]]:
    return [
        ("GET", "/api/intakes"),
        ("GET", f"/api/intakes/{intake_id}"),
        ("GET", f"/api/intakes/{intake_id}/export/json"),
        ("GET", f"/api/intakes/{intake_id}/export/fhir"),
        ("GET", f"/api/intakes/{intake_id}/export/pdf"),
        ("POST", f"/api/intakes/{intake_id}/review"),
    ]


@pytest.mark.parametrize(
    "headers", [{}, bearer("itk_not-a-real-token"), bearer(""), {"Authorization": "Basic x"}]
)
def test_every_intake_route_answers_401_alike_without_a_valid_token_or_session(
    client: FlaskClient, intake: dict, accounts: dict, headers: dict
) -> None:
    for intake_id in (intake["intake_id"], MISSING_ID):
        for method, path in api_paths(intake_id):
            response = client.open(path, method=method, headers=headers, base_url=BASE_URL)
            assert (response.status_code, response.json) == (401, {"error": "authentication required"}), path


def test_a_token_lists_intakes_urgent_first_with_their_review_state(
    client: FlaskClient, token: str, uow: SqlAlchemyUnitOfWork
) -> None:
    seed.store_intake(uow, name="Alex Example")
    seed.store_intake(uow, name="Blair Sample", self_harm="active", updated=seed.START)

    response = client.get("/api/intakes", headers=bearer(token), base_url=BASE_URL)

    listed = response.json["intakes"]
    assert [item["preferred_name"] for item in listed] == ["Blair Sample", "Alex Example"]
    assert listed[0]["urgent"] is True and listed[0]["review"] == {
        "reviewed": False,
        "reviewed_at": None,
        "reviewed_by": None,
    }
    assert {"code": "URGENT_SUICIDAL_IDEATION", "severity": "urgent"} in listed[0]["flags"]


def test_the_list_filters_like_the_dashboard(
    client: FlaskClient, token: str, uow: SqlAlchemyUnitOfWork
) -> None:
    seed.store_intake(uow, name="Alex Example", email="alex@example.test")
    seed.store_intake(uow, name="Casey Fake", email="casey@example.test", status="in_progress")

    by_search = client.get("/api/intakes?q=alex", headers=bearer(token), base_url=BASE_URL).json
    by_status = client.get("/api/intakes?status=in_progress", headers=bearer(token), base_url=BASE_URL).json
    bad_status = client.get("/api/intakes?status=deleted", headers=bearer(token), base_url=BASE_URL)

    assert [item["preferred_name"] for item in by_search["intakes"]] == ["Alex Example"]
    assert [item["preferred_name"] for item in by_status["intakes"]] == ["Casey Fake"]
    assert bad_status.status_code == 400


def test_a_token_gets_the_schema_document_and_404_for_an_unknown_id(
    client: FlaskClient, token: str, intake: dict
) -> None:
    found = client.get(f"/api/intakes/{intake['intake_id']}", headers=bearer(token), base_url=BASE_URL)
    missing = client.get(f"/api/intakes/{MISSING_ID}", headers=bearer(token), base_url=BASE_URL)

    assert found.json["schema_version"] == "1.0" and found.json["intake_id"] == intake["intake_id"]
    assert found.json["transcript"][1]["speaker"] == "client"
    assert missing.status_code == 404


@pytest.mark.parametrize(
    "kind, mimetype",
    [("json", "application/json"), ("fhir", "application/fhir+json"), ("pdf", "application/pdf")],
)
def test_every_export_format_is_served_and_audited(
    client: FlaskClient, token: str, intake: dict, engine: Engine, kind: str, mimetype: str
) -> None:
    response = client.get(
        f"/api/intakes/{intake['intake_id']}/export/{kind}", headers=bearer(token), base_url=BASE_URL
    )

    assert response.status_code == 200 and response.mimetype == mimetype
    entry = audit.recent(engine)[0]
    assert (entry.actor, entry.action, entry.target, entry.detail) == (
        THERAPIST,
        f"export_{kind}",
        intake["intake_id"],
        "via=api-token",
    )


def test_an_unknown_export_format_is_404(client: FlaskClient, token: str, intake: dict) -> None:
    response = client.get(
        f"/api/intakes/{intake['intake_id']}/export/docx", headers=bearer(token), base_url=BASE_URL
    )

    assert response.status_code == 404


def test_a_token_marks_an_intake_reviewed_without_a_csrf_token(
    client: FlaskClient, token: str, intake: dict
) -> None:
    response = client.post(
        f"/api/intakes/{intake['intake_id']}/review", headers=bearer(token), base_url=BASE_URL
    )

    assert response.status_code == 200
    assert response.json["review"]["reviewed"] is True
    assert response.json["review"]["reviewed_by"] == THERAPIST


def test_a_session_caller_needs_the_csrf_header_to_mark_reviewed(
    logged_in: FlaskClient, intake: dict
) -> None:
    path = f"/api/intakes/{intake['intake_id']}/review"
    token = csrf_token(logged_in.get("/dashboard/", base_url=BASE_URL).get_data(as_text=True))

    without = logged_in.post(path, base_url=BASE_URL)
    forged = logged_in.post(path, base_url=BASE_URL, headers={"X-CSRFToken": "forged"})
    with_token = logged_in.post(path, base_url=BASE_URL, headers={"X-CSRFToken": token})

    assert (without.status_code, forged.status_code, with_token.status_code) == (400, 400, 200)


def test_a_session_caller_reads_the_api(logged_in: FlaskClient, intake: dict) -> None:
    response = logged_in.get(f"/api/intakes/{intake['intake_id']}", base_url=BASE_URL)

    assert response.status_code == 200


def test_api_responses_are_not_cached(client: FlaskClient, token: str, intake: dict) -> None:
    response = client.get(f"/api/intakes/{intake['intake_id']}", headers=bearer(token), base_url=BASE_URL)

    assert response.headers["Cache-Control"] == "no-store"


def test_the_openapi_description_documents_every_api_route(app: Flask, client: FlaskClient) -> None:
    document = client.get("/api/openapi.json", base_url=BASE_URL).json

    documented = {
        (method.upper(), "/api" + re.sub(r"\{(\w+)\}", r"<\1>", path))
        for path, operations in document["paths"].items()
        for method in operations
    }
    served = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert document["openapi"].startswith("3.")
    assert documented == served
