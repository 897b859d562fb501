"""`intake serve`: Rasa's REST channel and API, and the action server, listen on localhost unless
a deployment says otherwise; Rasa's lock store follows REDIS_URL."""

from __future__ import annotations

from typing import Any

import pytest

from bot import cli


@pytest.fixture
def executed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], dict[str, str]]]:
    calls: list[tuple[list[str], dict[str, str]]] = []
    monkeypatch.setattr(cli.os, "execve", lambda path, args, env: calls.append((list(args), dict(env))))
    monkeypatch.setattr(cli.os, "chdir", lambda _path: None)
    for name in ("REDIS_URL", "ACTION_SERVER_URL", "RASA_MODEL"):
        monkeypatch.delenv(name, raising=False)
    return calls


def serve(*argv: str) -> Any:
    args = cli.parser().parse_args(["serve", *argv])
    return args.run(args)


def test_rasa_listens_on_localhost_only_by_default(executed: list) -> None:
    serve("rasa")

    command, _env = executed[0]
    assert command[command.index("--interface") + 1] == "127.0.0.1"


def test_the_action_server_listens_on_localhost_only_by_default(executed: list) -> None:
    serve("actions")

    _command, env = executed[0]
    assert env["SANIC_HOST"] == "127.0.0.1"


def test_without_redis_rasa_locks_conversations_in_memory(executed: list) -> None:
    serve("rasa")

    _command, env = executed[0]
    assert env["LOCK_STORE_TYPE"] == "in_memory"


def test_with_redis_rasa_locks_conversations_there_for_every_replica(
    executed: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://locks.internal:6380/3")
    monkeypatch.setenv("ACTION_SERVER_URL", "http://actions.internal:5055/")

    serve("rasa", "--host", "0.0.0.0")

    command, env = executed[0]
    assert (env["LOCK_STORE_TYPE"], env["REDIS_HOST"], env["REDIS_PORT"], env["REDIS_DB"]) == (
        "redis",
        "locks.internal",
        "6380",
        "3",
    )
    assert env["ACTION_ENDPOINT_URL"] == "http://actions.internal:5055/webhook"
    assert command[command.index("--interface") + 1] == "0.0.0.0"
