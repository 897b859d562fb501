"""`make bench`: prints the figures the project reports (never asserts on them).

- the NLU model's training time (a fresh `rasa train nlu` into a scratch folder);
- per-message latency and field accuracy over the end-to-end conversations (runs them).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot import build
from bot.config import settings_from_env

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "var" / "results"
BIN = Path(sys.executable).parent


def training_seconds() -> float:
    settings = settings_from_env()
    build.build(settings)
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        subprocess.run(
            [str(BIN / "rasa"), "train", "--config", "config.yml", "--domain", str(build.DOMAIN_DIR),
             "--data", "data", "--out", scratch, "--quiet"],
            cwd=ROOT, check=True, capture_output=True,
        )
        return time.perf_counter() - started


def end_to_end() -> None:
    subprocess.run(
        [str(BIN / "pytest"), "-q", "-p", "no:cacheprovider", "tests/e2e"], cwd=ROOT, check=False
    )


def main() -> None:
    seconds = training_seconds()
    print(f"full rasa train (NLU + rules), 2 cores: {seconds:.0f} s")
    end_to_end()
    latency = json.loads((RESULTS / "e2e_latency.json").read_text())
    accuracy = json.loads((RESULTS / "e2e_accuracy.json").read_text())
    print(f"per-message latency: p50 {latency['p50_ms']} ms, p95 {latency['p95_ms']} ms "
          f"over {latency['messages']} messages")
    print(f"end-to-end field accuracy: {accuracy['correct']}/{accuracy['checked']}")


if __name__ == "__main__":
    main()
