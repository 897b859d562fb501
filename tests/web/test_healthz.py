"""/healthz checks Rasa, the action server, the database and Redis (when configured), and logs a
failing check's reason without personal data or secrets."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from bot.web import create_app
from tests.e2e.faults import require_redis
from tests.e2e.stack import free_port
from tests.web.conftest import web_settings


class _Healthy(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"status": "ok"}')

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def healthy_server() -> Iterator[int]:
    """A stand-in for Rasa and the action server: answers 200 to every GET."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Healthy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def client_for(tmp_path: Path, **env: str) -> FlaskClient:
    from bot.store.migrate import upgrade

    settings = web_settings(tmp_path, **env)
    upgrade(settings.database_url)
    return create_app(settings).test_client()


def test_everything_up_is_healthy_with_every_check_named(tmp_path: Path, healthy_server: int) -> None:
    client = client_for(
        tmp_path,
        RASA_URL=f"http://127.0.0.1:{healthy_server}",
        ACTION_PORT=str(healthy_server),
        REDIS_URL=require_redis(),
    )

    answer = client.get("/healthz")

    assert answer.status_code == 200
    assert answer.json == {
        "status": "ok",
        "checks": {"rasa": True, "actions": True, "database": True, "redis": True},
    }


def test_rasa_down_is_degraded_and_logged_with_a_reason_but_no_address(
    tmp_path: Path, healthy_server: int, caplog: pytest.LogCaptureFixture
) -> None:
    down = free_port()
    client = client_for(tmp_path, RASA_URL=f"http://127.0.0.1:{down}", ACTION_PORT=str(healthy_server))

    with caplog.at_level(logging.ERROR, logger="bot.web.health"):
        answer = client.get("/healthz")

    assert answer.status_code == 503
    assert answer.json["checks"] == {"rasa": False, "actions": True, "database": True}
    assert "health check rasa failed: unreachable (ConnectionError)" in caplog.text
    assert str(down) not in caplog.text


def test_redis_configured_but_down_is_degraded_without_its_password_in_the_log(
    tmp_path: Path, healthy_server: int, caplog: pytest.LogCaptureFixture
) -> None:
    client = client_for(
        tmp_path,
        RASA_URL=f"http://127.0.0.1:{healthy_server}",
        ACTION_PORT=str(healthy_server),
        REDIS_URL=f"redis://:not-a-real-secret@127.0.0.1:{free_port()}/0",
    )

    with caplog.at_level(logging.ERROR, logger="bot.web.health"):
        answer = client.get("/healthz")

    assert answer.status_code == 503 and answer.json["checks"]["redis"] is False
    assert "health check redis failed: unreachable (ConnectionError)" in caplog.text
    assert "not-a-real-secret" not in caplog.text


def test_the_database_unreachable_is_degraded(
    tmp_path: Path, healthy_server: int, caplog: pytest.LogCaptureFixture
) -> None:
    settings_env = {"RASA_URL": f"http://127.0.0.1:{healthy_server}", "ACTION_PORT": str(healthy_server)}
    client = create_app(
        web_settings(
            tmp_path,
            DATABASE_URL=f"postgresql+psycopg2://nobody@127.0.0.1:{free_port()}/none",
            **settings_env,
        )
    ).test_client()

    with caplog.at_level(logging.ERROR, logger="bot.web.health"):
        answer = client.get("/healthz")

    assert answer.status_code == 503 and answer.json["checks"]["database"] is False
    assert "health check database failed: unreachable (OperationalError)" in caplog.text
