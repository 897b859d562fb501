"""What /healthz checks: Rasa, the action server, the database and (when configured) Redis.

A failing check is logged with a short reason (the kind of failure, never a URL's password, a
query or anything a client wrote); the HTTP answer says only which checks failed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import requests
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.config import Settings

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 2


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    reason: str = ""


def check_all(settings: Settings, engine: Engine) -> list[Check]:
    checks = [
        _http("rasa", f"{settings.rasa_url.rstrip('/')}/version"),
        _http("actions", f"{settings.action_server_url}/health"),
        _run("database", lambda: _select_one(engine)),
    ]
    if settings.redis_url:
        checks.append(_run("redis", lambda: _ping_redis(settings.redis_url)))
    for check in checks:
        if not check.ok:
            logger.error("health check %s failed: %s", check.name, check.reason)
    return checks


def _http(name: str, url: str) -> Check:
    try:
        answer = requests.get(url, timeout=TIMEOUT_SECONDS)
    except requests.Timeout:
        return Check(name, False, f"no answer within {TIMEOUT_SECONDS}s")
    except requests.RequestException as error:
        return Check(name, False, f"unreachable ({type(error).__name__})")
    if not answer.ok:
        return Check(name, False, f"answered HTTP {answer.status_code}")
    return Check(name, True)


def _run(name: str, probe: Callable[[], None]) -> Check:
    try:
        probe()
    except Exception as error:  # noqa: BLE001 - any failure means unhealthy; its class is the reason
        return Check(name, False, f"unreachable ({type(error).__name__})")
    return Check(name, True)


def _select_one(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def _ping_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS)
    try:
        client.ping()
    finally:
        client.close()
