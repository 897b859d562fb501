"""The dashboard and API under test: a fresh app on its own SQLite database for every test."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine

from bot import accounts as accounts_module
from bot.accounts import create_account, new_api_token
from bot.config import Settings, settings_from_env
from bot.store.engine import make_engine, make_session_factory
from bot.store.migrate import upgrade
from bot.store.unit_of_work import SqlAlchemyUnitOfWork
from bot.web import create_app
from tests.web import seed

PASSWORD = "correct horse battery staple"
THERAPIST = "dr.fake@example.test"
ADMIN = "admin.fake@example.test"
# Secure cookies only travel over https, as in production.
BASE_URL = "https://dashboard.test"


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id still, at a cost that lets a test log in dozens of times (production's is ~0.5 s)."""
    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(accounts_module, "_hasher", quick)
    monkeypatch.setattr(accounts_module, "_DUMMY_HASH", quick.hash("not anyone's password"))


def web_settings(tmp_path: Path, **env: str) -> Settings:
    return settings_from_env(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'intake.db'}",
            "INTAKE_VAR_DIR": str(tmp_path),
            "SECRET_KEY": "test-secret-key-not-for-production",
            "RASA_URL": "http://127.0.0.1:9",
            "ACTION_PORT": "9",
            **env,
        }
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return web_settings(tmp_path)


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def app(settings: Settings, engine: Engine) -> Flask:
    app = create_app(settings)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def uow(engine: Engine) -> SqlAlchemyUnitOfWork:
    return SqlAlchemyUnitOfWork(make_session_factory(engine))


@pytest.fixture
def accounts(engine: Engine) -> dict[str, Any]:
    return {
        THERAPIST: create_account(engine, email=THERAPIST, role="therapist", password=PASSWORD).account,
        ADMIN: create_account(engine, email=ADMIN, role="admin", password=PASSWORD).account,
    }


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def intake(uow: SqlAlchemyUnitOfWork) -> dict[str, Any]:
    return seed.store_intake(uow)


def csrf_token(html: str) -> str:
    match = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def log_in(client: FlaskClient, email: str = THERAPIST, password: str = PASSWORD, code: str = "") -> Any:
    page = client.get("/dashboard/login", base_url=BASE_URL)
    return post(
        client,
        "/dashboard/login",
        csrf_token(page.get_data(as_text=True)),
        email=email,
        password=password,
        code=code,
    )


def post(client: FlaskClient, path: str, token: str | None, **data: str) -> Any:
    """A form post the way a browser sends it from one of the dashboard's own pages."""
    fields = dict(data, csrf_token=token) if token is not None else data
    return client.post(path, base_url=BASE_URL, data=fields, headers={"Referer": BASE_URL + "/dashboard/"})


@pytest.fixture
def logged_in(client: FlaskClient, accounts: dict[str, Any]) -> FlaskClient:
    response = log_in(client)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def admin_client(app: Flask, accounts: dict[str, Any]) -> FlaskClient:
    client = app.test_client()
    assert log_in(client, ADMIN).status_code == 302
    return client


Get = Callable[..., Any]


@pytest.fixture
def token(engine: Engine, accounts: dict) -> str:
    """An API token of the seeded therapist."""
    return new_api_token(engine, email=THERAPIST)
