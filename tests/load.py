"""Load for `make bench`: complete conversations driven concurrently against a running assistant
at a client-like pace, with per-message latency, throughput, errors and lost answers; a soak
that watches the memory of each process; this assistant side by side with Rasa's own starter
assistant (`rasa init`) under the same load.

A lost answer is a message the assistant acknowledged (HTTP 200) that its tracker does not hold
afterwards, or for this assistant a field of a fake client's expected summary that is missing
or wrong in the stored intake.

A fake client knows which question it is answering the way a person does: from the assistant's
reply (the question's text, from the domain). Only when a reply asks nothing it recognises (the
intake ended, a correction was acknowledged) does it look at the tracker, as the end-to-end tests
do before every message; reading the whole tracker before every message would be load that no
widget puts on the assistant and that the starter assistant never gets.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import statistics
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import requests
import yaml

from tests.e2e.clients import CLIENTS, FakeClient
from tests.e2e.faults import wrong_fields
from tests.e2e.stack import BIN, ROOT, Stack, free_port

STARTER_SCRIPT = (
    "hello",
    "I am feeling a bit sad",
    "yes it did",
    "great, thanks",
    "are you a bot?",
    "goodbye",
)
MAX_TURNS = 120


@dataclass
class Figures:
    label: str
    concurrency: int
    pace: tuple[float, float] = (0.0, 0.0)
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    lost: int = 0
    sent: int = 0
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    rounds: list[Figures] = field(default_factory=list)  # what was pooled into these

    @classmethod
    def pooled(cls, rounds: Sequence[Figures]) -> Figures:
        """The figures of several runs of one case taken together."""
        first = rounds[0]
        return cls(
            first.label,
            first.concurrency,
            first.pace,
            latencies=[seconds for each in rounds for seconds in each.latencies],
            errors=sum(each.errors for each in rounds),
            lost=sum(each.lost for each in rounds),
            sent=sum(each.sent for each in rounds),
            seconds=sum(each.seconds for each in rounds),
            rounds=list(rounds),
        )

    def record(self, seconds: float, ok: bool) -> None:
        with self.lock:
            self.sent += 1
            self.latencies.append(seconds)
            self.errors += 0 if ok else 1

    def row(self) -> list[str]:
        cuts = statistics.quantiles(self.latencies, n=100) if len(self.latencies) >= 2 else [0.0] * 99
        return [
            self.label,
            str(self.concurrency),
            f"{self.pace[0]:g}-{self.pace[1]:g}",
            str(self.sent),
            f"{self.sent / self.seconds:.2f}" if self.seconds else "-",
            *(f"{cuts[index] * 1000:.0f}" for index in (49, 94, 98)),
            str(self.errors),
            str(self.lost),
        ]


HEADER = [
    "assistant",
    "conversations at once",
    "client pace s",
    "messages",
    "messages/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "errors",
    "lost answers",
]


class Conversation:
    """Sends one conversation's messages to Rasa's REST channel, timing each."""

    def __init__(self, rasa_url: str, token: str, figures: Figures, pace: tuple[float, float]) -> None:
        self.rasa_url, self.token, self.figures, self.pace = rasa_url, token, figures, pace
        self.id = f"load-{uuid.uuid4().hex[:12]}"
        self.acknowledged: list[str] = []

    def send(self, text: str) -> list[dict[str, Any]]:
        """The assistant's replies ([] when the message was not acknowledged)."""
        time.sleep(random.uniform(*self.pace))  # the client reads and types
        started = time.perf_counter()
        try:
            answer = requests.post(
                f"{self.rasa_url}/webhooks/rest/webhook",
                json={"sender": self.id, "message": text},
                timeout=120,
            )
            ok = answer.ok
        except requests.RequestException:
            ok = False
        self.figures.record(time.perf_counter() - started, ok)
        if not ok:
            return []
        self.acknowledged.append(text)
        try:
            replies = answer.json()
        except ValueError:
            return []
        return replies if isinstance(replies, list) else []

    def tracker(self) -> dict[str, Any]:
        answer = requests.get(
            f"{self.rasa_url}/conversations/{self.id}/tracker", params={"token": self.token}, timeout=60
        )
        answer.raise_for_status()
        return answer.json()

    def lost(self) -> int:
        stored = [event.get("text") for event in self.tracker()["events"] if event.get("event") == "user"]
        missing = 0
        for text in self.acknowledged:
            if text in stored:
                stored.remove(text)
            else:
                missing += 1
        return missing


class Questions:
    """Which slot the assistant asks for, recognised in its replies by the question's text."""

    READ_BACK = "summary_confirmed"  # asked by an action: its read-back offers this button
    READ_BACK_PAYLOAD = "yes that's right"

    def __init__(self, domain: Path = ROOT / "var" / "build" / "domain") -> None:
        self.by_text: dict[str, str] = {}
        for path in sorted(domain.glob("*.yml")):
            for name, variations in (
                yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}
            ).items():
                if name.startswith("utter_ask_"):
                    for variation in variations:
                        self.by_text[_plain(variation.get("text") or "")] = name.removeprefix("utter_ask_")

    def asked(self, replies: Sequence[dict[str, Any]]) -> str | None:
        for reply in reversed(replies):
            if any(button.get("payload") == self.READ_BACK_PAYLOAD for button in reply.get("buttons") or []):
                return self.READ_BACK
            slot = self.by_text.get(_plain(reply.get("text") or ""))
            if slot is not None:
                return slot
        return None


def _plain(text: str) -> str:
    return " ".join(text.split())


def intake_conversation(
    stack: Stack, client: FakeClient, conversation: Conversation, questions: Questions
) -> Callable[[], int]:
    """A complete intake; returns the check that counts its lost answers (tracker and stored summary)."""
    replies = conversation.send(client.opening)
    asked: list[str] = []
    # What the client says before answering a question (FAQs, "why do you ask?", corrections).
    pending = {slot: list(messages) for slot, messages in client.before.items()}
    for _ in range(MAX_TURNS):
        slot = questions.asked(replies)
        if slot is None:
            tracker = conversation.tracker()
            slot = tracker["slots"].get("requested_slot")
            if (tracker.get("active_loop") or {}).get("name") is None or slot is None:
                break
        if pending.get(slot):
            replies = conversation.send(pending[slot].pop(0))
            continue
        answer = (
            "yes, that's right" if slot == "summary_confirmed" else client.answer(slot, asked.count(slot))
        )
        asked.append(slot)
        replies = conversation.send(answer)

    def lost() -> int:
        code, summary, _ = stack.export(conversation.id)
        fields_lost = len(wrong_fields(summary, client)) if code == 0 and summary else len(client.expected)
        return conversation.lost() + fields_lost

    return lost


def starter_conversation(conversation: Conversation) -> Callable[[], int]:
    for text in STARTER_SCRIPT:
        conversation.send(text)
    return conversation.lost


def drive(
    label: str,
    *,
    concurrency: int,
    conversations: int,
    run_one: Callable[[Conversation], Callable[[], int]],
    rasa_url: str,
    token: str,
    pace: tuple[float, float],
) -> Figures:
    """Runs the conversations, then counts their lost answers: reading whole trackers and stored
    summaries back is the bench's bookkeeping, not load any widget puts on the assistant, so it
    is kept out of the timed part."""
    figures = Figures(label, concurrency, pace)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        checks = list(
            pool.map(lambda _: run_one(Conversation(rasa_url, token, figures, pace)), range(conversations))
        )
    figures.seconds = time.perf_counter() - started
    figures.lost = sum(check() for check in checks)
    return figures


def load_this_assistant(
    stack: Stack, *, concurrency: int, conversations: int, pace: tuple[float, float]
) -> Figures:
    clients = [CLIENTS[index % len(CLIENTS)] for index in range(conversations)]
    queue = iter(clients)
    lock = threading.Lock()
    questions = Questions()

    def one(conversation: Conversation) -> Callable[[], int]:
        with lock:
            client = next(queue)
        return intake_conversation(stack, client, conversation, questions)

    return drive(
        "intake assistant",
        concurrency=concurrency,
        conversations=conversations,
        run_one=one,
        rasa_url=stack.rasa_url,
        token=stack.token,
        pace=pace,
    )


# --- Rasa's starter assistant -----------------------------------------------------------------


def starter_model(cache: Path) -> Path:
    """`rasa init --no-prompt` trained once per Rasa version, cached under var/."""
    fingerprint = hashlib.sha256(f"rasa-init-{version('rasa')}".encode()).hexdigest()[:12]
    project = cache / f"starter-{fingerprint}"
    models = sorted((project / "models").glob("*.tar.gz")) if project.exists() else []
    if models:
        return models[-1]
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    subprocess.run(
        [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", "."],
        cwd=project,
        check=True,
        capture_output=True,
        env=_rasa_env(),
    )
    return sorted((project / "models").glob("*.tar.gz"))[-1]


def start_starter(model: Path, log: Path) -> tuple[subprocess.Popen, str, str]:
    port, token = free_port(), uuid.uuid4().hex
    process = subprocess.Popen(
        [
            str(BIN / "rasa"),
            "run",
            "--enable-api",
            f"--auth-token={token}",
            "--interface",
            "127.0.0.1",
            "--port",
            str(port),
            "--model",
            str(model),
        ],
        cwd=model.parent.parent,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        env=_rasa_env(),
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the starter assistant exited; see {log}")
        try:
            if requests.get(f"{url}/status", params={"token": token}, timeout=2).json().get("model_file"):
                return process, url, token
        except (requests.RequestException, ValueError):
            pass
        time.sleep(1)
    process.terminate()
    raise RuntimeError("the starter assistant was not ready in time")


def load_starter(
    url: str, token: str, *, concurrency: int, conversations: int, pace: tuple[float, float]
) -> Figures:
    return drive(
        "rasa init starter",
        concurrency=concurrency,
        conversations=conversations,
        run_one=starter_conversation,
        rasa_url=url,
        token=token,
        pace=pace,
    )


def _rasa_env() -> dict[str, str]:
    import os

    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"}


# --- memory --------------------------------------------------------------------------------------


def rss_megabytes(pid: int) -> float:
    """Resident memory of a process and its children (Rasa's and waitress's workers)."""
    total = 0.0
    for candidate in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{candidate}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            continue
    return total


def _children(pid: int) -> list[int]:
    try:
        direct = [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return direct + [grand for child in direct for grand in _children(child)]


def soak(
    stack: Stack,
    *,
    minutes: float,
    concurrency: int,
    pace: tuple[float, float],
    report: Callable[[str], None] = print,
) -> dict[str, tuple[float, float]]:
    """Runs conversations for `minutes`; returns {service: (MB at start, MB at end)}."""
    services = {service.name: service.process.pid for service in stack.services if service.process}
    start = {name: rss_megabytes(pid) for name, pid in services.items()}
    deadline = time.monotonic() + minutes * 60
    rounds = 0
    while time.monotonic() < deadline:
        figures = load_this_assistant(stack, concurrency=concurrency, conversations=concurrency, pace=pace)
        rounds += 1
        memory = ", ".join(f"{name} {rss_megabytes(pid):.0f} MB" for name, pid in services.items())
        report(
            f"soak round {rounds}: {figures.sent} messages, {figures.errors} errors, "
            f"{figures.lost} lost; {memory}"
        )
    return {name: (start[name], rss_megabytes(pid)) for name, pid in services.items()}


def table_rows(figures: Sequence[Figures]) -> list[list[str]]:
    return [item.row() for item in figures]


__all__ = [
    "HEADER",
    "ROOT",
    "Figures",
    "load_starter",
    "load_this_assistant",
    "soak",
    "start_starter",
    "starter_model",
    "table_rows",
]
