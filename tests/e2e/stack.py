"""Starts the real stack (Rasa with the trained model, the action server) on free ports with a
database of its own, and talks to it the way the web app does: over Rasa's REST channel."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
READY_TIMEOUT_SECONDS = 240


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Service:
    name: str
    kind: str  # "rasa" or "actions"
    env: dict[str, str]
    health: str
    log: Path
    process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(BIN / "intake"), "serve", self.kind],
            env=self.env,
            cwd=ROOT,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
        )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def ready(self) -> bool:
        try:
            answer = requests.get(self.health, timeout=2)
        except requests.RequestException:
            return False
        return answer.ok and (self.kind != "rasa" or bool(answer.json().get("model_file")))


@dataclass
class Stack:
    env: dict[str, str]
    rasa_url: str
    token: str
    services: list[Service] = field(default_factory=list)
    proxies: list[Any] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    # Where trackers are read: Rasa itself, or with replicas the first one directly, so that only
    # messages go through the round-robin proxy and consecutive turns alternate replicas.
    api_url: str = ""

    @property
    def processes(self) -> list[subprocess.Popen]:
        return [service.process for service in self.services if service.process is not None]

    def add_service(self, name: str, kind: str, env: dict[str, str], *, health: str) -> Service:
        logs = Path(self.env["INTAKE_VAR_DIR"]) / "logs"
        service = Service(name=name, kind=kind, env=env, health=health, log=logs / f"{name}.log")
        self.services.append(service)
        service.start()
        return service

    def service(self, name: str) -> Service:
        return next(service for service in self.services if service.name == name)

    def send(self, conversation_id: str, text: str, *, timeout: float = 60) -> list[dict[str, Any]]:
        started = time.perf_counter()
        response = requests.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": conversation_id, "message": text},
            timeout=timeout,
        )
        self.latencies.append(time.perf_counter() - started)
        response.raise_for_status()
        return response.json()

    def tracker(self, conversation_id: str) -> dict[str, Any]:
        response = requests.get(
            f"{self.api_url or self.rasa_url}/conversations/{conversation_id}/tracker",
            params={"token": self.token},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()

    def export(self, conversation_id: str) -> tuple[int, dict[str, Any] | None, str]:
        result = subprocess.run(
            [str(BIN / "intake"), "export", "--conversation-id", conversation_id],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        summary = json.loads(result.stdout) if result.returncode == 0 else None
        return result.returncode, summary, result.stderr

    def stop_actions(self) -> None:
        for service in self.services:
            if service.kind == "actions":
                service.stop()

    def restart(self, kind: str) -> None:
        """Stops every service of a kind ("rasa", "actions"), starts them again, waits until ready."""
        for service in self.services:
            if service.kind == kind:
                service.stop()
                service.start()
        self.wait_until_ready()

    def wait_until_ready(self) -> None:
        # On a busy machine (and for replicas loading their models at once) loading takes minutes.
        rasa_count = sum(service.kind == "rasa" for service in self.services)
        timeout = max(READY_TIMEOUT_SECONDS, 600 * rasa_count)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(
                service.process is not None and service.process.poll() is not None
                for service in self.services
            ):
                self.close()
                raise RuntimeError("a service of the stack exited while starting; see its log under var")
            if all(service.ready() for service in self.services):
                return
            time.sleep(1)
        self.close()
        raise RuntimeError(f"the stack was not ready within {timeout}s")

    def close(self) -> None:
        for service in self.services:
            if service.process is not None and service.process.poll() is None:
                service.process.terminate()
        for service in self.services:
            service.stop()
        for proxy in self.proxies:
            proxy.close()


def start_stack(
    var_dir: Path,
    *,
    database_url: str | None = None,
    tracker_url: str | None = None,
    redis_url: str | None = None,
    replicas: int = 1,
    extra_env: dict[str, str] | None = None,
) -> Stack:
    """The stack on free ports. With replicas > 1: that many Rasa servers and action servers, each
    kind behind a round-robin TCP proxy (tests/e2e/tcp_proxy.py), sharing the database (use
    PostgreSQL) and Rasa's lock store (pass redis_url)."""
    from tests.e2e.tcp_proxy import TcpProxy

    token = secrets.token_urlsafe(16)
    env = {
        **os.environ,
        "INTAKE_VAR_DIR": str(var_dir),
        "RASA_API_TOKEN": token,
        "LOG_LEVEL": os.environ.get("E2E_LOG_LEVEL", "WARNING"),
        "TF_CPP_MIN_LOG_LEVEL": "3",
        **(extra_env or {}),
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    env["DATABASE_URL"] = database_url or f"sqlite:///{var_dir / 'intake.db'}"
    env["TRACKER_URL"] = tracker_url or f"sqlite:///{var_dir / 'tracker.db'}"
    rasa_ports = [free_port() for _ in range(replicas)]
    action_ports = [free_port() for _ in range(replicas)]
    proxies: list[TcpProxy] = []
    if replicas == 1:
        rasa_port, action_port = rasa_ports[0], action_ports[0]
    else:
        proxies = [TcpProxy([("127.0.0.1", port) for port in ports]) for ports in (rasa_ports, action_ports)]
        rasa_port, action_port = proxies[0].port, proxies[1].port
    env["RASA_PORT"], env["ACTION_PORT"] = str(rasa_port), str(action_port)
    subprocess.run([str(BIN / "intake"), "migrate"], env=env, check=True, cwd=ROOT)
    logs = var_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    stack = Stack(
        env=env,
        rasa_url=f"http://127.0.0.1:{rasa_port}",
        token=token,
        proxies=proxies,
        api_url=f"http://127.0.0.1:{rasa_ports[0]}",
    )
    for index in range(replicas):
        suffix = "" if replicas == 1 else f"-{index + 1}"
        # Each action server listens on its own port; each Rasa on its own, calling the action
        # servers through their proxy.
        stack.add_service(
            f"actions{suffix}",
            "actions",
            {**env, "ACTION_PORT": str(action_ports[index])},
            health=f"http://127.0.0.1:{action_ports[index]}/health",
        )
        stack.add_service(
            f"rasa{suffix}",
            "rasa",
            {**env, "RASA_PORT": str(rasa_ports[index])},
            health=f"http://127.0.0.1:{rasa_ports[index]}/status?token={token}",
        )
    stack.wait_until_ready()
    return stack
