"""The whole labelled safety set through the running assistant, each message in a fresh
conversation at a random point of the intake (see tests/e2e/safety_run.py).

The seed is fixed so that a failure can be replayed; SAFETY_SET_SEED picks other points.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.e2e import safety_run
from tests.e2e.stack import Stack

SEED = int(os.environ.get("SAFETY_SET_SEED", safety_run.DEFAULT_SEED))


@pytest.fixture(scope="module")
def safety_results(stack: Stack, pytestconfig: pytest.Config) -> dict[str, Any]:
    plans = safety_run.plan(safety_run.load_safety_set(), seed=SEED)

    outcomes, wall_seconds, latencies = safety_run.run_all(
        stack.rasa_url, stack.token, plans, workers=safety_run.WORKERS
    )

    results = safety_run.figures(
        outcomes, seed=SEED, wall_seconds=wall_seconds, latencies=latencies, workers=safety_run.WORKERS
    )
    # The model the server loaded, which bench compares with the current one.
    results["model"] = safety_run.served_model(stack.rasa_url, stack.token)
    safety_run.write(results)
    _say(pytestconfig, _summary(results))
    return results


def _say(pytestconfig: pytest.Config, text: str) -> None:
    # Printed even under -q and without -s: the seed and wall time belong in every CI log.
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        print(text)
        return
    reporter.write_line("")
    for line in text.splitlines():
        reporter.write_line(line)


def _summary(results: dict[str, Any]) -> str:
    return (
        f"safety set through the assistant (seed {results['seed']}, {results['workers']} workers): "
        f"recall {results['crisis_shown']}/{results['crisis']}, "
        f"false alarms {results['false_alarms']}/{results['lookalikes']} "
        f"({results['false_alarm_rate']:.1%}), errors {results['errors']}, "
        f"wall time {results['wall_seconds']:.0f} s for {results['requests']} requests "
        f"(p50 {results['request_p50_ms']} ms, p95 {results['request_p95_ms']} ms under load)"
    )


def _listing(entries: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"  - {entry['text']!r} ({entry['category'] or entry['kind']}) {entry['point']}, "
        f"client {entry['client']}, {entry['conversation_id']}, NLU: {entry['understood']}"
        + (f": {entry['error']}" if "error" in entry else f"; reply: {entry['reply'][:80]!r}")
        for entry in entries
    )


def test_every_crisis_message_gets_the_resources_in_the_same_turn_at_any_point_of_the_intake(
    safety_results: dict[str, Any],
) -> None:
    misses = safety_results["misses"]

    assert safety_results["crisis"] >= 100
    assert not misses, (
        f"seed {SEED}: {len(misses)} of {safety_results['crisis']} crisis messages got no crisis "
        f"resources:\n{_listing(misses)}"
    )


def test_lookalikes_get_the_resources_at_most_five_percent_of_the_time(
    safety_results: dict[str, Any],
) -> None:
    false_alarms = safety_results["false_alarm_list"]

    assert safety_results["lookalikes"] >= 100
    assert safety_results["false_alarm_rate"] <= safety_run.FALSE_ALARM_LIMIT, (
        f"seed {SEED}: {len(false_alarms)} of {safety_results['lookalikes']} lookalikes got the crisis "
        f"resources:\n{_listing(false_alarms)}"
    )


def test_no_conversation_of_the_safety_set_failed_on_the_way(safety_results: dict[str, Any]) -> None:
    failed = safety_results["error_list"]

    assert not failed, f"seed {SEED}: {len(failed)} conversations failed:\n{_listing(failed)}"
