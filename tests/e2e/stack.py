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
class Stack:
    env: dict[str, str]
    rasa_url: str
    token: str
    processes: list[subprocess.Popen] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)

    def send(self, conversation_id: str, text: str) -> list[dict[str, Any]]:
        started = time.perf_counter()
        response = requests.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": conversation_id, "message": text},
            timeout=60,
        )
        self.latencies.append(time.perf_counter() - started)
        response.raise_for_status()
        return response.json()

    def tracker(self, conversation_id: str) -> dict[str, Any]:
        response = requests.get(
            f"{self.rasa_url}/conversations/{conversation_id}/tracker",
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
        self.processes[0].terminate()
        self.processes[0].wait(timeout=30)

    def close(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def start_stack(var_dir: Path, *, database_url: str | None = None) -> Stack:
    token = secrets.token_urlsafe(16)
    rasa_port, action_port = free_port(), free_port()
    env = {
        **os.environ,
        "INTAKE_VAR_DIR": str(var_dir),
        "RASA_PORT": str(rasa_port),
        "ACTION_PORT": str(action_port),
        "RASA_API_TOKEN": token,
        "LOG_LEVEL": os.environ.get("E2E_LOG_LEVEL", "WARNING"),
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }
    env["DATABASE_URL"] = database_url or f"sqlite:///{var_dir / 'intake.db'}"
    env["TRACKER_URL"] = f"sqlite:///{var_dir / 'tracker.db'}"
    subprocess.run([str(BIN / "intake"), "migrate"], env=env, check=True, cwd=ROOT)
    logs = var_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    stack = Stack(env=env, rasa_url=f"http://127.0.0.1:{rasa_port}", token=token)
    for service in ("actions", "rasa"):
        stack.processes.append(
            subprocess.Popen(
                [str(BIN / "intake"), "serve", service],
                env=env,
                cwd=ROOT,
                stdout=(logs / f"{service}.log").open("w"),
                stderr=subprocess.STDOUT,
            )
        )
    _wait_until_ready(stack, action_port)
    return stack


def _wait_until_ready(stack: Stack, action_port: int) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in stack.processes):
            stack.close()
            raise RuntimeError("a service of the stack exited while starting; see its log under var")
        try:
            status = requests.get(f"{stack.rasa_url}/status", params={"token": stack.token}, timeout=2)
            actions = requests.get(f"http://127.0.0.1:{action_port}/health", timeout=2)
            if status.ok and status.json().get("model_file") and actions.ok:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    stack.close()
    raise RuntimeError(f"the stack was not ready within {READY_TIMEOUT_SECONDS}s")
