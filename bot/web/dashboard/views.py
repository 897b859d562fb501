"""The dashboard's pages."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf.csrf import CSRFError

from bot import accounts
from bot.service import erase_conversation
from bot.store import audit
from bot.store.models import STATUSES
from bot.web import intakes
from bot.web.context import client_address, web_context
from bot.web.dashboard import blueprint
from bot.web.dashboard.auth import Therapist, admin_required, start_session
from bot.web.dashboard.forms import ActionForm, EraseForm, LoginForm
from bot.web.fhir import questionnaire_response
from bot.web.pdf import intake_pdf
from bot.web.presenting import client_messages, evidence_for, sections, sorted_flags, words

FLAG_CODES = (
    "URGENT_SUICIDAL_IDEATION",
    "RISK_PASSIVE_IDEATION",
    "URGENT_UNSAFE_RELATIONSHIP",
    "RISK_RELATIONSHIP_SAFETY_UNSURE",
    "SCREEN_POSITIVE_PHQ2",
    "SCREEN_POSITIVE_GAD2",
    "HIGH_DISTRESS",
    "MEDICATION_SEXUAL_SIDE_EFFECTS",
    "DURATION_6_MONTHS_OR_MORE",
    "LIFELONG_PATTERN",
    "MEDICAL_EVALUATION_SUGGESTED",
    "TRAUMA_DISCLOSED",
    "INCOMPLETE_INTAKE",
)
LOGIN_REFUSED = "That email, password or code is not right."
LOGIN_PAUSED = "Too many failed logins: wait a few minutes and try again, or ask an admin."


def _audit(action: str, target: str | None = None, detail: str | None = None) -> None:
    audit.record(
        web_context().engine,
        actor=current_user.email,
        action=action,
        target=target,
        remote_addr=client_address(),
        detail=detail,
    )


def _intake_or_404(intake_id: str) -> intakes.IntakeRecord:
    record = intakes.get_intake(web_context().session_factory, intake_id)
    if record is None:
        abort(404)
    return record


@blueprint.app_template_filter("words")
def _words(value: Any) -> str:
    return words(value)


@blueprint.app_template_filter("when")
def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value is not None else ""


@blueprint.errorhandler(CSRFError)
def _bad_csrf(error: CSRFError) -> tuple[str, int]:
    return render_template(
        "dashboard/error.html",
        title="Form expired",
        message="This form expired or did not come from this site. Go back, reload the page and try again.",
    ), 400


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.intake_list"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        context = web_context()
        result = accounts.authenticate(
            context.engine,
            email=form.email.data,
            password=form.password.data,
            code=form.code.data or "",
            remote_addr=client_address(),
            policy=context.policy,
        )
        if result.outcome is accounts.Outcome.OK and result.account is not None:
            session.clear()  # a fresh session: nothing set before login survives it
            login_user(Therapist(result.account))
            start_session()
            return redirect(url_for("dashboard.intake_list"))
        refused = result.outcome in (accounts.Outcome.LOCKED, accounts.Outcome.THROTTLED)
        flash(LOGIN_PAUSED if refused else LOGIN_REFUSED, "error")
        status = 429 if refused else 401
    elif request.method == "POST":
        status = 400
    if request.args.get("reason") == "expired":
        flash("Your session ended after a while without activity. Please log in again.", "info")
    return render_template("dashboard/login.html", form=form), status


@blueprint.post("/logout")
@login_required
def logout() -> Any:
    accounts.end_sessions(web_context().engine, current_user.account)
    _audit("logout")
    logout_user()
    session.clear()
    return redirect(url_for("dashboard.login"))


@blueprint.get("/")
@login_required
def intake_list() -> str:
    status = request.args.get("status", "")
    flag = request.args.get("flag", "")
    search = request.args.get("q", "")[:200]
    records = intakes.list_intakes(
        web_context().session_factory,
        search=search,
        status=status if status in STATUSES else None,
        flag=flag if flag in FLAG_CODES else None,
    )
    # The search words are not logged: they are a client's name or email.
    _audit("view_list", detail=f"shown={len(records)}")
    return render_template(
        "dashboard/list.html",
        records=records,
        statuses=STATUSES,
        flag_codes=FLAG_CODES,
        status=status,
        flag=flag,
        search=search,
        sorted_flags=sorted_flags,
    )


@blueprint.get("/intakes/<intake_id>")
@login_required
def intake_page(intake_id: str) -> str:
    record = _intake_or_404(intake_id)
    _audit("view_intake", target=record.id)
    return render_template(
        "dashboard/intake.html",
        record=record,
        summary=record.summary,
        sections=sections(record.summary),
        flags=sorted_flags(record.summary),
        messages=client_messages(record.transcript),
        evidence_for=lambda path: evidence_for(record.summary, path),
        form=ActionForm(),
        erase_form=EraseForm() if current_user.is_admin else None,
    )


@blueprint.post("/intakes/<intake_id>/review")
@login_required
def mark_reviewed(intake_id: str) -> Any:
    record = _intake_or_404(intake_id)
    intakes.mark_reviewed(web_context().engine, record.id, by=current_user.email)
    _audit("review", target=record.id)
    flash("Marked as reviewed.", "info")
    return redirect(url_for("dashboard.intake_page", intake_id=record.id))


@blueprint.post("/intakes/<intake_id>/erase")
@admin_required
def erase(intake_id: str) -> Any:
    """The client asked for their data to be deleted (GDPR Art. 17): intake and tracker events."""
    record = _intake_or_404(intake_id)
    if not EraseForm().validate_on_submit():
        flash("Nothing was erased: tick the box to confirm.", "error")
        return redirect(url_for("dashboard.intake_page", intake_id=record.id))
    context = web_context()
    erase_conversation(
        database=context.engine,
        tracker=context.tracker_engine,
        conversation_id=record.conversation_id,
        actor=current_user.email,
        remote_addr=client_address(),
    )
    flash("The intake and its conversation were erased.", "info")
    return redirect(url_for("dashboard.intake_list"))


@blueprint.get("/intakes/<intake_id>/print")
@login_required
def print_page(intake_id: str) -> str:
    record = _intake_or_404(intake_id)
    _export(record, "print")
    return render_template(
        "dashboard/print.html",
        record=record,
        summary=record.summary,
        sections=sections(record.summary),
        flags=sorted_flags(record.summary),
        messages=client_messages(record.transcript),
    )


@blueprint.get("/intakes/<intake_id>/intake.pdf")
@login_required
def pdf_export(intake_id: str) -> Response:
    record = _intake_or_404(intake_id)
    _export(record, "pdf")
    document = intake_pdf(
        record.summary, record.transcript, practice_name=web_context().settings.practice.name
    )
    return _download(document, "application/pdf", f"intake-{record.id}.pdf")


@blueprint.get("/intakes/<intake_id>/intake.json")
@login_required
def json_export(intake_id: str) -> Response:
    record = _intake_or_404(intake_id)
    _export(record, "json")
    return _download(
        json.dumps(record.export_document(), indent=2, ensure_ascii=False).encode("utf-8"),
        "application/json",
        f"intake-{record.id}.json",
    )


@blueprint.get("/intakes/<intake_id>/fhir.json")
@login_required
def fhir_export(intake_id: str) -> Response:
    record = _intake_or_404(intake_id)
    _export(record, "fhir")
    document = questionnaire_response(record.summary, base_url=request.url_root)
    return _download(
        json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8"),
        "application/fhir+json",
        f"intake-{record.id}.fhir.json",
    )


@blueprint.get("/audit")
@admin_required
def audit_log() -> str:
    before = request.args.get("before", "")
    entries = audit.recent(
        web_context().engine, limit=200, before_id=int(before) if before.isdigit() else None
    )
    _audit("view_audit")
    return render_template("dashboard/audit.html", entries=entries)


def _export(record: intakes.IntakeRecord, kind: str) -> None:
    intakes.mark_exported(web_context().engine, record.id)
    _audit(f"export_{kind}", target=record.id)


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
