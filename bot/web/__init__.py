"""The public web app: the practice's demo page, health checks (the widget, dashboard and API
come in later issues)."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request

from bot.config import Settings, settings_from_env
from bot.store.engine import make_engine
from bot.web import dashboard, health
from bot.web.chat import register_chat


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or settings_from_env()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    engine = make_engine(settings.database_url)
    practice = settings.practice
    register_chat(app, settings)
    dashboard.init_app(app, settings=settings, engine=engine)  # also the /api blueprint

    @app.get("/")
    def demo_page() -> str:
        return render_template("demo.html", practice=practice)

    @app.get("/healthz")
    def healthz() -> tuple[Any, int]:
        checks = {check.name: check.ok for check in health.check_all(settings, engine)}
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
