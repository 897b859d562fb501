"""The JSON API under /api: the same intakes as the dashboard, for scripts and EHR imports.

Authenticate with `Authorization: Bearer <token>` (`intake therapist token EMAIL` makes one)
or with a dashboard session; a session's POSTs also need the CSRF token in `X-CSRFToken`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, Response, g, jsonify, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from bot.store import audit
from bot.store.accounts import Account
from bot.store.models import STATUSES
from bot.web import intakes
from bot.web.context import client_address, web_context
from bot.web.dashboard.auth import bearer_account
from bot.web.fhir import QUESTIONNAIRE_PATH, questionnaire, questionnaire_response
from bot.web.pdf import intake_pdf

blueprint = Blueprint("api", __name__, url_prefix="/api")
View = TypeVar("View", bound=Callable[..., Any])


def authenticated(view: View) -> View:
    """A bearer token or a live dashboard session; 401 otherwise, whether the intake exists or not."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        account = bearer_account()
        if account is not None:
            g.api_account, g.via = account, "token"
        elif current_user.is_authenticated:
            g.api_account, g.via = current_user.account, "session"
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                try:
                    validate_csrf(request.headers.get("X-CSRFToken", ""))
                except ValidationError:
                    return jsonify(error="missing or invalid CSRF token"), 400
        else:
            return jsonify(error="authentication required"), 401
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _account() -> Account:
    account: Account = g.api_account
    return account


def _audit(action: str, target: str | None = None, detail: str | None = None) -> None:
    audit.record(
        web_context().engine,
        actor=_account().email,
        action=action,
        target=target,
        remote_addr=client_address(),
        detail=f"via=api-{g.via}" + (f" {detail}" if detail else ""),
    )


def _intake_or_404(intake_id: str) -> intakes.IntakeRecord | None:
    return intakes.get_intake(web_context().session_factory, intake_id)


def _not_found() -> tuple[Response, int]:
    return jsonify(error="not found"), 404


@blueprint.errorhandler(CSRFError)
def _bad_csrf(error: CSRFError) -> tuple[Response, int]:
    return jsonify(error="missing or invalid CSRF token"), 400


@blueprint.after_request
def _private_headers(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    return response


@blueprint.get("/intakes")
@authenticated
def list_intakes() -> Response:
    status = request.args.get("status") or None
    if status is not None and status not in STATUSES:
        return jsonify(error=f"status must be one of {', '.join(STATUSES)}"), 400  # type: ignore[return-value]
    records = intakes.list_intakes(
        web_context().session_factory,
        search=request.args.get("q", "")[:200],
        status=status,
        flag=request.args.get("flag") or None,
    )
    _audit("view_list", detail=f"shown={len(records)}")
    return jsonify(intakes=[_listed(record) for record in records])


@blueprint.get("/intakes/<intake_id>")
@authenticated
def get_intake(intake_id: str) -> Any:
    record = _intake_or_404(intake_id)
    if record is None:
        return _not_found()
    _audit("view_intake", target=record.id)
    return jsonify({**record.export_document(), "review": _review(record)})


@blueprint.get("/intakes/<intake_id>/export/<kind>")
@authenticated
def export_intake(intake_id: str, kind: str) -> Any:
    if kind not in ("json", "fhir", "pdf"):
        return _not_found()
    record = _intake_or_404(intake_id)
    if record is None:
        return _not_found()
    intakes.mark_exported(web_context().engine, record.id)
    _audit(f"export_{kind}", target=record.id)
    if kind == "pdf":
        body = intake_pdf(
            record.summary, record.transcript, practice_name=web_context().settings.practice.name
        )
        return Response(
            body,
            mimetype="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="intake-{record.id}.pdf"'},
        )
    if kind == "fhir":
        document = questionnaire_response(record.summary, base_url=request.url_root)
        return Response(json.dumps(document, ensure_ascii=False), mimetype="application/fhir+json")
    return jsonify(record.export_document())


@blueprint.post("/intakes/<intake_id>/review")
@authenticated
def review_intake(intake_id: str) -> Any:
    record = _intake_or_404(intake_id)
    if record is None:
        return _not_found()
    intakes.mark_reviewed(web_context().engine, record.id, by=_account().email)
    _audit("review", target=record.id)
    updated = _intake_or_404(intake_id)
    assert updated is not None
    return jsonify(id=updated.id, review=_review(updated))


@blueprint.get("/fhir/Questionnaire/intake")
def fhir_questionnaire() -> Response:
    """Public: the questions only, no one's answers."""
    return Response(json.dumps(questionnaire(request.url_root)), mimetype="application/fhir+json")


@blueprint.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


def _listed(record: intakes.IntakeRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "conversation_id": record.conversation_id,
        "status": record.status,
        "urgent": record.urgent,
        "preferred_name": record.name,
        "email": record.email,
        "flags": [{"code": flag["code"], "severity": flag["severity"]} for flag in record.flags],
        "created_at": record.created_at.isoformat(),
        "updated_at": record.updated_at.isoformat(),
        "review": _review(record),
    }


def _review(record: intakes.IntakeRecord) -> dict[str, Any]:
    return {
        "reviewed": record.reviewed_at is not None,
        "reviewed_at": record.reviewed_at.isoformat() if record.reviewed_at else None,
        "reviewed_by": record.reviewed_by,
    }


def openapi_document() -> dict[str, Any]:
    intake_id = {"name": "intake_id", "in": "path", "required": True, "schema": {"type": "string"}}
    refusals = {
        "401": {"description": "No valid token or session (also for ids that do not exist)."},
        "404": {"description": "No such intake (only ever said to an authenticated caller)."},
    }
    review = {
        "type": "object",
        "properties": {
            "reviewed": {"type": "boolean"},
            "reviewed_at": {"type": ["string", "null"], "format": "date-time"},
            "reviewed_by": {"type": ["string", "null"]},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Intake assistant API",
            "version": "1.0",
            "description": "Read, review and export intakes. Every call is written to the audit log.",
        },
        "servers": [{"url": "/api"}],
        "security": [{"bearer": []}, {"session": []}],
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token from `intake therapist token EMAIL`.",
                },
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "session",
                    "description": "A dashboard session; POSTs also need the X-CSRFToken header.",
                },
            },
            "schemas": {
                "Review": review,
                "IntakeListItem": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "conversation_id": {"type": "string"},
                        "status": {"enum": list(STATUSES)},
                        "urgent": {"type": "boolean"},
                        "preferred_name": {"type": ["string", "null"]},
                        "email": {"type": ["string", "null"]},
                        "flags": {"type": "array", "items": {"type": "object"}},
                        "created_at": {"type": "string", "format": "date-time"},
                        "updated_at": {"type": "string", "format": "date-time"},
                        "review": {"$ref": "#/components/schemas/Review"},
                    },
                },
            },
        },
        "paths": {
            "/intakes": {
                "get": {
                    "summary": "Intakes, urgent first, then the most recently updated",
                    "parameters": [
                        {"name": "status", "in": "query", "schema": {"enum": list(STATUSES)}},
                        {"name": "flag", "in": "query", "schema": {"type": "string"}},
                        {
                            "name": "q",
                            "in": "query",
                            "description": "words of the client's name or email",
                            "schema": {"type": "string"},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "The intakes",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "intakes": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/IntakeListItem"},
                                            }
                                        },
                                    }
                                }
                            },
                        },
                        "401": refusals["401"],
                    },
                }
            },
            "/intakes/{intake_id}": {
                "get": {
                    "summary": "One intake as intake_summary.schema.json, with its transcript and review",
                    "parameters": [intake_id],
                    "responses": {"200": {"description": "The summary document"}, **refusals},
                }
            },
            "/intakes/{intake_id}/export/{kind}": {
                "get": {
                    "summary": "Export: the schema JSON, a FHIR R4 QuestionnaireResponse or a PDF",
                    "parameters": [
                        intake_id,
                        {
                            "name": "kind",
                            "in": "path",
                            "required": True,
                            "schema": {"enum": ["json", "fhir", "pdf"]},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "The export",
                            "content": {
                                "application/json": {},
                                "application/fhir+json": {},
                                "application/pdf": {},
                            },
                        },
                        **refusals,
                    },
                }
            },
            "/intakes/{intake_id}/review": {
                "post": {
                    "summary": "Mark the intake reviewed by the caller, now",
                    "parameters": [intake_id],
                    "responses": {
                        "200": {
                            "description": "The review",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "id": {"type": "string"},
                                            "review": {"$ref": "#/components/schemas/Review"},
                                        },
                                    }
                                }
                            },
                        },
                        "400": {"description": "Session caller without a valid X-CSRFToken"},
                        **refusals,
                    },
                }
            },
            QUESTIONNAIRE_PATH.removeprefix("/api"): {
                "get": {
                    "summary": "The FHIR R4 Questionnaire the exported QuestionnaireResponses answer",
                    "security": [],
                    "responses": {"200": {"description": "A FHIR Questionnaire resource"}},
                }
            },
        },
    }
