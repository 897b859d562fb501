from __future__ import annotations

import io
import json
from typing import Any

import pypdf
from fhir.resources import __fhir_version__ as fhir_version
from fhir.resources.questionnaire import Questionnaire
from fhir.resources.questionnaireresponse import QuestionnaireResponse
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.store.models import intakes_table
from bot.store.unit_of_work import SqlAlchemyUnitOfWork
from bot.web.fhir import questionnaire, questionnaire_response
from bot.web.pdf import intake_pdf
from tests.web import seed
from tests.web.conftest import BASE_URL


def download(client: FlaskClient, intake_id: str, name: str) -> Any:
    response = client.get(f"/dashboard/intakes/{intake_id}/{name}", base_url=BASE_URL)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return response


def exported_at(engine: Engine, intake_id: str) -> Any:
    with engine.connect() as connection:
        return connection.execute(
            select(intakes_table.c.exported_at).where(intakes_table.c.id == intake_id)
        ).scalar_one()


def questions_by_link_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    found = {}
    for item in items:
        found[item["linkId"]] = item
        found.update(questions_by_link_id(item.get("item", [])))
    return found


def test_the_fhir_library_validates_release_4() -> None:
    assert fhir_version == "4.0.1"


def test_the_pdf_download_is_a_readable_pdf_with_the_summary_and_transcript(
    logged_in: FlaskClient, intake: dict
) -> None:
    response = download(logged_in, intake["intake_id"], "intake.pdf")

    assert response.mimetype == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Intake: Test Person" in text
    assert "Presenting concern" in text and "Screening" in text and "Transcript" in text
    assert "I take Zoloft 50mg" in text


def test_markup_a_client_typed_is_printed_as_text_in_the_pdf() -> None:
    summary = json.loads(json.dumps(seed_summary()))
    summary["client"]["preferred_name"] = "<b>Bold</b> & <font size=40>big</font>"

    document = intake_pdf(
        summary, [{"speaker": "client", "text": "<script>alert(1)</script>"}], practice_name="Fake Practice"
    )

    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(document)).pages)
    assert "<b>Bold</b> & <font size=40>big</font>" in text
    assert "<script>alert(1)</script>" in text


def test_the_json_export_is_the_schema_document_with_its_transcript(
    logged_in: FlaskClient, intake: dict, summary_schema: dict
) -> None:
    document = json.loads(download(logged_in, intake["intake_id"], "intake.json").data)

    validator = Draft202012Validator(summary_schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [error.message for error in validator.iter_errors(document)] == []
    assert document["transcript"][3]["text"] == seed.CLIENT_MESSAGES[1]


def test_an_export_starts_the_retention_clock(logged_in: FlaskClient, intake: dict, engine: Engine) -> None:
    assert exported_at(engine, intake["intake_id"]) is None

    download(logged_in, intake["intake_id"], "fhir.json")

    assert exported_at(engine, intake["intake_id"]) is not None


def test_the_fhir_export_is_a_valid_r4_questionnaire_response(logged_in: FlaskClient, intake: dict) -> None:
    response = download(logged_in, intake["intake_id"], "fhir.json")

    document = json.loads(response.data)
    parsed = QuestionnaireResponse.parse_obj(document)
    assert response.mimetype == "application/fhir+json"
    assert parsed.status == "completed"
    assert parsed.questionnaire == "https://dashboard.test/api/fhir/Questionnaire/intake|1.0"
    answers = questions_by_link_id(document["item"])
    assert answers["client.preferred_name"]["answer"] == [{"valueString": "Test Person"}]
    assert answers["concern.distress_0_10"]["answer"] == [{"valueInteger": 7}]
    assert answers["screening.phq2.positive"]["answer"] == [{"valueBoolean": True}]


def test_every_answer_matches_a_question_of_the_published_questionnaire_and_its_type(
    client: FlaskClient, uow: SqlAlchemyUnitOfWork
) -> None:
    summary = seed.store_intake(uow, self_harm="active", status="in_progress")
    published = client.get("/api/fhir/Questionnaire/intake", base_url=BASE_URL)
    assert published.status_code == 200
    Questionnaire.parse_obj(published.json)
    questions = questions_by_link_id(published.json["item"])

    response = questionnaire_response(summary, base_url=BASE_URL)

    QuestionnaireResponse.parse_obj(response)
    assert response["status"] == "in-progress"
    value_for_type = {
        "string": "valueString",
        "text": "valueString",
        "integer": "valueInteger",
        "decimal": "valueDecimal",
        "boolean": "valueBoolean",
        "choice": "valueCoding",
    }
    for link_id, item in questions_by_link_id(response["item"]).items():
        question = questions[link_id]
        for answer in item.get("answer", []):
            assert list(answer) == [value_for_type[question["type"]]], link_id
            if question["type"] == "choice":
                codes = {option["valueCoding"]["code"] for option in question["answerOption"]}
                assert answer["valueCoding"]["code"] in codes, link_id
        if len(item.get("answer", [])) > 1:
            assert question.get("repeats") is True, link_id


def test_the_questionnaire_is_valid_r4_and_names_itself_at_its_own_address() -> None:
    document = questionnaire("https://clinic.example/")

    parsed = Questionnaire.parse_obj(document)

    assert parsed.url == "https://clinic.example/api/fhir/Questionnaire/intake"
    assert parsed.status == "active"


def seed_summary() -> dict[str, Any]:
    from bot.store.unit_of_work import FakeUnitOfWork

    return seed.store_intake(FakeUnitOfWork())
