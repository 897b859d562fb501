"""What the dashboard and the API share in one app: settings, database handles, login policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, current_app, request
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from bot.accounts import LoginPolicy
from bot.config import Settings

_KEY = "intake.web"


@dataclass(frozen=True)
class WebContext:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker
    tracker_engine: Engine  # Rasa's events, for erasure (the same engine on PostgreSQL)
    policy: LoginPolicy

    @property
    def idle_timeout(self) -> timedelta:
        return timedelta(minutes=self.settings.dashboard_idle_minutes)


def install(app: Flask, context: WebContext) -> None:
    app.extensions[_KEY] = context


def web_context() -> WebContext:
    context: WebContext = current_app.extensions[_KEY]
    return context


def client_address() -> str | None:
    return request.remote_addr
