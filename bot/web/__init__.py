"""The public web app: the practice's demo page, health checks (the widget, dashboard and API
come in later issues)."""

from __future__ import annotations

from typing import Any

import requests
from flask import Flask, jsonify, render_template, request
from sqlalchemy import text

from bot.config import Settings, settings_from_env
from bot.store.engine import make_engine
from bot.web import dashboard
from bot.web.chat import register_chat

_TIMEOUT_SECONDS = 2


def _check(url: str) -> bool:
    try:
        return requests.get(url, timeout=_TIMEOUT_SECONDS).ok
    except requests.RequestException:
        return False


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or settings_from_env()
    app = Flask(__name__)
    app.config.update(SECRET_KEY=settings.secret_key, SESSION_COOKIE_SECURE=True,
                      SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    engine = make_engine(settings.database_url)
    practice = settings.practice
    register_chat(app, settings)
    dashboard.init_app(app, settings=settings, engine=engine)  # also the /api blueprint

    @app.get("/")
    def demo_page() -> str:
        return render_template("demo.html", practice=practice)

    @app.get("/healthz")
    def healthz() -> tuple[Any, int]:
        checks = {
            "rasa": _check(f"{settings.rasa_url}/version"),
            "actions": _check(f"http://127.0.0.1:{settings.action_port}/health"),
            "database": _database_ok(engine),
        }
        healthy = all(checks.values())
        return jsonify(status="ok" if healthy else "degraded", checks=checks), 200 if healthy else 503

    @app.after_request
    def security_headers(response):  # type: ignore[no-untyped-def]
        response.headers.setdefault("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response

    return app


def _database_ok(engine: Any) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # any failure means "not healthy"; the reason is not the client's business
        return False
