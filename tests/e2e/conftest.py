from __future__ import annotations

import json
import os
import statistics
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import build
from bot.config import settings_from_env
from tests.e2e.stack import Stack, start_stack

RESULTS = Path(__file__).resolve().parents[2] / "var" / "results"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    model = build.model_path(settings_from_env())
    if not model.exists():
        reason = f"no trained model for the current inputs ({model.name}): run `make train` first"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    running = start_stack(tmp_path_factory.mktemp("stack"))
    yield running
    running.close()
    _report_latency(running.latencies)


def _report_latency(latencies: list[float]) -> None:
    if len(latencies) < 2:
        return
    cuts = statistics.quantiles(latencies, n=100)
    figures = {
        "messages": len(latencies),
        "p50_ms": round(cuts[49] * 1000, 1),
        "p95_ms": round(cuts[94] * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "e2e_latency.json").write_text(json.dumps(figures, indent=2))
    print(f"\nper-message latency over the end-to-end conversations: {figures}")
