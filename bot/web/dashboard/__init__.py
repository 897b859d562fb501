"""The therapist dashboard: log in, list intakes, read one, mark it reviewed, export it.

Every page needs a session (see `auth`); every form carries a CSRF token; every view, export,
review and login lands in the audit log.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import Blueprint, Flask, request
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.engine import Engine

from bot.accounts import LoginPolicy
from bot.config import Settings
from bot.store.engine import make_engine, make_session_factory
from bot.web.context import WebContext, install
from bot.web.dashboard.auth import expire_idle_session, login_manager

blueprint = Blueprint(
    "dashboard", __name__, url_prefix="/dashboard", static_folder="static", static_url_path="/static"
)
csrf = CSRFProtect()

# No inline script or style anywhere: the dashboard shows what clients typed.
DASHBOARD_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def init_app(app: Flask, *, settings: Settings, engine: Engine) -> None:
    """Sets up sessions, CSRF and the dashboard and API blueprints on the app."""
    from bot.web import api
    from bot.web.dashboard import views  # noqa: F401  (registers the routes)

    install(
        app,
        WebContext(
            settings=settings,
            engine=engine,
            session_factory=make_session_factory(engine),
            tracker_engine=engine
            if settings.tracker_url == settings.database_url
            else make_engine(settings.tracker_url),
            policy=LoginPolicy(
                max_failures=settings.login_max_failures, lockout=_minutes(settings.login_lockout_minutes)
            ),
        ),
    )
    app.config.update(
        SESSION_COOKIE_SECURE=settings.cookie_secure,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=_minutes(settings.dashboard_idle_minutes),
        REMEMBER_COOKIE_DURATION=0,
        # CSRF is checked by the dashboard's own before_request, not app-wide: other parts of
        # the app (the chat widget) have their own rules.
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session, which idles out
    )
    if not app.config.get("SECRET_KEY"):
        # `intake setup` writes SECRET_KEY to .env; without one, sessions last as long as this process.
        app.config["SECRET_KEY"] = secrets.token_urlsafe(48)
    csrf.init_app(app)
    login_manager.init_app(app)
    app.before_request(expire_idle_session)
    app.register_blueprint(blueprint)
    app.register_blueprint(api.blueprint)


@blueprint.before_request
def _check_csrf() -> None:
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        csrf.protect()


@blueprint.after_request
def _private_headers(response):  # type: ignore[no-untyped-def]
    response.headers["Content-Security-Policy"] = DASHBOARD_CSP
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    # Same-origin only: Flask-WTF checks the Referer of HTTPS form posts, and no other site
    # learns the dashboard's addresses (they hold intake ids).
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def _minutes(minutes: float) -> timedelta:
    return timedelta(minutes=minutes)
