"""`make bench`: prints the figures the project reports (never asserts on them).

- the model's training time (a fresh `rasa train` into a scratch folder);
- per-message latency and field accuracy over the end-to-end conversations (runs tests/e2e);
- per-field accuracy on the labelled phrasing set (tests/data/phrasings.jsonl);
- the safety protocol on the labelled safety set (tests/data/safety_set.jsonl): the safety net
  alone, offline, and the whole assistant, from var/results/safety_set.json (written by
  tests/e2e/test_safety_set.py, which is run again when the file is missing or older than the model);
- `rasa test nlu` 5-fold cross-validation: intent macro-F1, `field` entity F1, response selection;
- load (tests/load.py): complete intakes at a client's pace, 1 and 10 at once, side by side with
  Rasa's starter assistant: messages/s, latency p50/p95/p99, errors, lost answers;
- soak (only when asked: `python -m tests.bench soak`, `make soak`): 30 minutes, memory growth.

Each part is timed; a part that fails prints why and the next one still runs.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot import build
from bot.config import settings_from_env
from tests import phrasings
from tests.e2e import safety_run

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "var" / "results"
BIN = Path(sys.executable).parent
FOLDS = 5
SAFETY_SET_TEST = "tests/e2e/test_safety_set.py"
# Rasa logs the fold averages as "test F1-score: 0.953 (0.012)" under these headings.
_CV_SECTIONS = {
    "Intent evaluation results": "intent",
    "Entity evaluation results": "entity",
    "Response Selection evaluation results": "response selection",
}
_FOLD_FIGURE = re.compile(
    r"\btest (?P<metric>F1-score|Accuracy|Precision): (?P<mean>[\d.]+) \((?P<std>[\d.]+)\)"
)
_NOT_LABELS = {"accuracy", "macro avg", "micro avg", "weighted avg"}


def _env() -> dict[str, str]:
    # Every rasa process bench starts, directly or through pytest and `intake serve`.
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"}


@contextmanager
def part(title: str, timings: list[tuple[str, float]]) -> Iterator[None]:
    print(f"\n=== {title} ===", flush=True)
    started = time.perf_counter()
    try:
        yield
    except Exception:  # bench reports; one broken part must not hide the others
        print(f"FAILED:\n{traceback.format_exc()}")
    finally:
        seconds = time.perf_counter() - started
        timings.append((title, seconds))
        print(f"({title}: {seconds:.0f} s)", flush=True)


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[str(cell) for cell in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    # The first column (labels) is left-aligned, the figures right-aligned.
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _read_json(path: Path) -> dict[str, Any] | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


# --- training and the end-to-end conversations ---------------------------------------------


def training_seconds() -> float:
    settings = settings_from_env()
    build.build(settings)
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        subprocess.run(
            [str(BIN / "rasa"), "train", "--config", "config.yml", "--domain", str(build.DOMAIN_DIR),
             "--data", "data", "--out", scratch, "--quiet"],
            cwd=ROOT, check=True, capture_output=True, env=_env(),
        )  # fmt: skip
        return time.perf_counter() - started


def end_to_end() -> None:
    subprocess.run(
        [str(BIN / "pytest"), "-q", "-p", "no:cacheprovider", "tests/e2e"], cwd=ROOT, check=False, env=_env()
    )


def end_to_end_figures() -> None:
    end_to_end()
    print_end_to_end()


def print_end_to_end() -> None:
    latency = _read_json(RESULTS / "e2e_latency.json")
    accuracy = _read_json(RESULTS / "e2e_accuracy.json")
    if latency:
        print(
            f"per-message latency: p50 {latency['p50_ms']} ms, p95 {latency['p95_ms']} ms "
            f"over {latency['messages']} messages"
        )
    else:
        print("per-message latency: not available (the end-to-end tests did not run)")
    if accuracy:
        print(f"end-to-end field accuracy: {accuracy['correct']}/{accuracy['checked']}")
    else:
        print("end-to-end field accuracy: not available")


# --- the labelled phrasing set ---------------------------------------------------------------


def print_phrasings() -> None:
    cases = phrasings.load_cases()
    print(f"per-field accuracy on the labelled phrasing set ({len(cases)} answers):")
    print(phrasings.table(phrasings.field_accuracy(cases)))
    wrong = phrasings.failures(cases)
    for line in wrong[:20]:
        print(f"  wrong: {line}")
    if len(wrong) > 20:
        print(f"  ... and {len(wrong) - 20} more")


# --- the labelled safety set -----------------------------------------------------------------


def safety_set_is_stale(results: Mapping[str, Any] | None, model: Path) -> bool:
    if results is None or not model.exists():
        return True
    written = (RESULTS / "safety_set.json").stat().st_mtime
    return results.get("model") != model.name or written < model.stat().st_mtime


def through_the_assistant() -> dict[str, Any] | None:
    model = build.model_path(settings_from_env())
    results = _read_json(safety_run.RESULTS_FILE)
    if safety_set_is_stale(results, model):
        print(
            f"{safety_run.RESULTS_FILE.relative_to(ROOT)} is missing or older than the model: running {SAFETY_SET_TEST}"
        )
        subprocess.run(
            [str(BIN / "pytest"), "-q", "-p", "no:cacheprovider", SAFETY_SET_TEST],
            cwd=ROOT,
            check=False,
            env=_env(),
        )
        results = _read_json(safety_run.RESULTS_FILE)
        if safety_set_is_stale(results, model):
            print("the safety-set run did not produce figures for the current model (is it trained?)")
            return None
    return results


def _tally_rows(offline: Mapping[str, list[int]], live: Mapping[str, list[int]] | None) -> list[list[str]]:
    rows = []
    for key in sorted(set(offline) | set(live or {})):
        cells = [key]
        for tally in (offline, live or {}):
            hit, total = tally.get(key, (0, 0))
            cells.append(f"{hit}/{total}" if total else "-")
        rows.append(cells)
    return rows


def print_safety(offline: Mapping[str, Any], live: Mapping[str, Any] | None) -> None:
    def figure(results: Mapping[str, Any] | None, count: str, whole: str, rate: str) -> str:
        if results is None:
            return "n/a"
        shown = results[whole] - results[count] if count == "misses" else results[count]
        return f"{shown}/{results[whole]} = {_percent(results[rate])}"

    live_recall = live and {**live, "misses": len(live["misses"])}
    offline_recall = {**offline, "misses": len(offline["misses"])}
    print(
        table(
            ["safety set", "safety net alone (offline)", "through the assistant"],
            [
                [
                    "recall (crisis messages)",
                    figure(offline_recall, "misses", "crisis", "recall"),
                    figure(live_recall, "misses", "crisis", "recall"),
                ],
                [
                    "false alarms (lookalikes)",
                    figure(offline, "false_alarms", "lookalikes", "false_alarm_rate"),
                    figure(live, "false_alarms", "lookalikes", "false_alarm_rate"),
                ],
            ],
        )
    )
    if live:
        print(
            f"through the assistant: seed {live['seed']}, each message after 0-{live['max_answers']} intake "
            f"answers, {live['messages']} conversations on {live['workers']} workers in "
            f"{live['wall_seconds']:.0f} s, errors {live['errors']}, "
            f"crisis replies with 'Are you safe right now?' {live['crisis_with_safety_question']}/{live['crisis']} "
            f"(model {live['model']}, {live['finished_at']})"
        )
    print()
    print(
        table(
            ["recall by category", "offline", "assistant"],
            _tally_rows(offline["recall_by_category"], live and live["recall_by_category"]),
        )
    )
    print()
    print(
        table(
            ["false alarms by kind", "offline", "assistant"],
            _tally_rows(offline["false_alarms_by_kind"], live and live["false_alarms_by_kind"]),
        )
    )
    for label, entries in (
        ("missed by the safety net alone", offline["misses"]),
        ("false alarm of the safety net alone", offline["false_alarm_list"]),
        ("missed through the assistant", live["misses"] if live else []),
        ("false alarm through the assistant", live["false_alarm_list"] if live else []),
    ):
        for entry in entries:
            where = f" {entry['point']}; NLU: {entry.get('understood', '?')}" if "point" in entry else ""
            print(f"  {label}: {entry['text']!r} ({entry.get('category') or entry['kind']}){where}")


def safety() -> None:
    from bot.nlp.safety import detect

    offline = safety_run.offline_figures(safety_run.load_safety_set(), detect)
    print_safety(offline, through_the_assistant())


# --- NLU cross-validation --------------------------------------------------------------------


def fold_averages(log: str) -> dict[str, dict[str, tuple[float, float]]]:
    """{"intent": {"F1-score": (mean, std), ...}, ...} from the lines Rasa logs after the folds.
    Entity lines come per extractor; the last extractor named wins (this config has one)."""
    averages: dict[str, dict[str, tuple[float, float]]] = {}
    section = None
    for line in log.splitlines():
        heading = next((name for text, name in _CV_SECTIONS.items() if text in line), None)
        if heading:
            section = heading
            continue
        found = _FOLD_FIGURE.search(line)
        if section and found:
            averages.setdefault(section, {})[found["metric"]] = (float(found["mean"]), float(found["std"]))
    return averages


def nlu_reports(directory: Path) -> dict[str, dict[str, Any]]:
    """The report files `rasa test nlu` writes: intent_report.json,
    response_selection_report.json and one <Extractor>_report.json per entity extractor."""
    return {
        path.name.removesuffix("_report.json"): json.loads(path.read_text())
        for path in sorted(directory.glob("*_report.json"))
    }


def print_nlu(
    reports: Mapping[str, Mapping[str, Any]], averages: Mapping[str, Mapping[str, tuple[float, float]]]
) -> None:
    def f1(report: Mapping[str, Any], key: str) -> str:
        entry = report.get(key)
        return f"{entry['f1-score']:.3f}" if isinstance(entry, dict) else "n/a"

    def fold(name: str) -> str:
        mean_std = averages.get(name, {}).get("F1-score")
        return f"{mean_std[0]:.3f} ± {mean_std[1]:.3f}" if mean_std else "n/a"

    rows = []
    if "intent" in reports:
        intents = reports["intent"]
        labels = [k for k in intents if k not in _NOT_LABELS]
        rows.append(
            [
                f"intent ({len(labels)} intents)",
                f1(intents, "macro avg"),
                f1(intents, "weighted avg"),
                fold("intent"),
            ]
        )
    for extractor, report in reports.items():
        if extractor in ("intent", "response_selection"):
            continue
        for label in (k for k in report if k not in _NOT_LABELS):
            entry = report[label]
            rows.append(
                [
                    f"entity '{label}' ({extractor}, support {entry['support']})",
                    f"{entry['f1-score']:.3f}",
                    f"P {entry['precision']:.3f} R {entry['recall']:.3f}",
                    fold("entity"),
                ]
            )
    if "response_selection" in reports:
        responses = reports["response_selection"]
        labels = [k for k in responses if k not in _NOT_LABELS]
        rows.append(
            [
                f"response selection ({len(labels)} responses)",
                f1(responses, "macro avg"),
                f1(responses, "weighted avg"),
                fold("response selection"),
            ]
        )
    print(
        table(
            ["pooled over the test folds", "F1 (macro)", "weighted / P, R", "fold mean ± std (weighted F1)"],
            rows,
        )
    )
    if "intent" in reports:
        print()
        print(table(["intent", "F1", "precision", "recall", "support"], intent_rows(reports["intent"])))
        weak = sorted(
            (entry["f1-score"], label, entry["support"])
            for label, entry in reports["intent"].items()
            if label not in _NOT_LABELS and entry["f1-score"] < 0.95
        )
        for score, label, support in weak:
            confused = reports["intent"][label].get("confused_with") or {}
            top = ", ".join(f"{other} {count}" for other, count in list(confused.items())[:3])
            print(
                f"  intent below 0.95: {label} F1 {score:.3f} (support {support}; mistaken for {top or '-'})"
            )


def intent_rows(report: Mapping[str, Any]) -> list[list[str]]:
    """One row per intent of an intent_report.json, weakest F1 first."""
    labels = sorted((k for k in report if k not in _NOT_LABELS), key=lambda k: (report[k]["f1-score"], k))
    return [
        [
            label,
            f"{report[label]['f1-score']:.3f}",
            f"{report[label]['precision']:.3f}",
            f"{report[label]['recall']:.3f}",
            str(report[label]["support"]),
        ]
        for label in labels
    ]


def cross_validation(folds: int = FOLDS) -> None:
    subprocess.run([str(BIN / "intake"), "build"], cwd=ROOT, check=True, env=_env())
    with tempfile.TemporaryDirectory(prefix="nlu-cv-") as out:
        print(f"rasa test nlu --cross-validation --folds {folds} (config.yml, data/, {build.DOMAIN_DIR})")
        result = run_rasa_test_nlu(Path(out), ["--cross-validation", "--folds", str(folds)])
        print_nlu(nlu_reports(Path(out)), fold_averages(result))
        # The reports and the held-out messages each fold got wrong, to study after the run.
        kept = RESULTS / "cv"
        shutil.rmtree(kept, ignore_errors=True)
        shutil.copytree(out, kept, ignore=shutil.ignore_patterns("*.png"))
        print(f"reports and errors kept in {kept.relative_to(ROOT)}")


def run_rasa_test_nlu(out: Path, extra: Sequence[str]) -> str:
    """Runs `rasa test nlu` on data/ into `out`; returns its log (stdout and stderr)."""
    command = [str(BIN / "rasa"), "test", "nlu", "--config", "config.yml", "--domain", str(build.DOMAIN_DIR),
               "--nlu", "data", "--out", str(out), "--no-plot", "--verbose", *extra]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=_env())
    log = result.stdout + result.stderr
    if result.returncode != 0:
        raise RuntimeError(f"rasa test nlu exited with {result.returncode}:\n{log[-3000:]}")
    return log


# --- load, side by side with Rasa's starter assistant, and soak --------------------------------

# Seconds between a reply and the client's next message.
STRESS_PACE = (0.5, 1.5)  # answering almost at once: what the stack can take
TYPING_PACE = (3.0, 12.0)  # a person reading the reply and typing a short answer: realistic pacing
LOAD_RUNS = ((1, STRESS_PACE), (10, STRESS_PACE), (10, TYPING_PACE))  # (conversations at once, pace)
# Timed messages per run and assistant at least: a p95 read off the starter's 4 six-message
# conversations (24 messages) was its second-slowest message, and moved by 20% from run to run.
MIN_TIMED_MESSAGES = 200
# ... and about this many seconds of load: at 10 conversations at once and stress pace the
# starter's 204 messages took 26 s, and its p95 (the fifth slowest of 102 a round) was 28 ms in
# one bench run and 36 ms in another of the same code.
MIN_TIMED_SECONDS = 90
LOAD_ROUNDS = 2
SOAK_MINUTES = 30


def _bench_stack(folder: Path) -> Any:
    from tests.e2e.stack import start_stack

    return start_stack(folder, extra_env={"LOG_LEVEL": "WARNING"})


def load() -> None:
    """This assistant and `rasa init`'s starter under the same load: 1 and 10 conversations at
    once, at a stress pace and at a typing pace.

    Both run at once and take turns: each case is measured in LOAD_ROUNDS rounds, the assistants
    alternating which goes first, so each one's figures come from the same stretch of the
    machine's time as the other's (measured one after the other, the starter's p95 moved by a
    third between bench runs while this assistant's stayed put). Each assistant first has one
    conversation that is not timed, so neither is measured loading its model."""
    from tests import load as driver

    with tempfile.TemporaryDirectory(prefix="intake-load-") as scratch:
        stack = _bench_stack(Path(scratch))
        starter = None
        try:
            model = driver.starter_model(ROOT / "var" / "bench")
            starter = driver.start_starter(model, Path(scratch) / "starter.log")
            _, url, token = starter
            warm_up = driver.load_this_assistant(stack, concurrency=1, conversations=1, pace=(0, 0))
            driver.load_starter(url, token, concurrency=1, conversations=1, pace=(0, 0))
            runs: dict[str, Callable[[int, int, tuple[float, float]], Any]] = {
                "ours": lambda concurrency, conversations, pace: driver.load_this_assistant(
                    stack, concurrency=concurrency, conversations=conversations, pace=pace
                ),
                "starter": lambda concurrency, conversations, pace: driver.load_starter(
                    url, token, concurrency=concurrency, conversations=conversations, pace=pace
                ),
            }
            messages_each = {"ours": warm_up.sent, "starter": len(driver.STARTER_SCRIPT)}
            measured = {case: take_turns(runs, messages_each, *case) for case in LOAD_RUNS}
        finally:
            stack.close()
            if starter is not None:
                starter[0].terminate()
                starter[0].wait(timeout=60)
    results = [figures for case in LOAD_RUNS for figures in measured[case].values()]
    print(table(driver.HEADER, driver.table_rows(results)))
    for (concurrency, pace), figures in measured.items():
        rounds = ", ".join(
            f"{_p95(ours) / _p95(starter):.2f}x"
            for ours, starter in zip(figures["ours"].rounds, figures["starter"].rounds, strict=True)
        )
        ratio = _p95(figures["ours"]) / _p95(figures["starter"])
        print(
            f"p95 at {concurrency} conversation(s) at once, a message every {pace[0]:g}-{pace[1]:g} s: "
            f"{ratio:.2f}x the starter's (target <= 1.5x; round by round {rounds})"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(
        json.dumps([dict(zip(driver.HEADER, item.row(), strict=True)) for item in results], indent=2)
    )


def take_turns(
    runs: Mapping[str, Callable[[int, int, tuple[float, float]], Any]],
    messages_each: Mapping[str, int],
    concurrency: int,
    pace: tuple[float, float],
) -> dict[str, Any]:
    """One case, LOAD_ROUNDS rounds, the assistants alternating which goes first; each
    assistant's rounds pooled into one set of figures."""
    from tests.load import Figures

    rounds: dict[str, list[Any]] = {name: [] for name in runs}
    for round_ in range(LOAD_ROUNDS):
        for name in list(runs) if round_ % 2 == 0 else list(runs)[::-1]:
            conversations = -(-_enough(concurrency, messages_each[name], pace) // LOAD_ROUNDS)
            rounds[name].append(runs[name](concurrency, max(concurrency, conversations), pace))
    return {name: Figures.pooled(each) for name, each in rounds.items()}


def _enough(concurrency: int, messages_each: int, pace: tuple[float, float]) -> int:
    """Conversations for a run: every slot busy, at least MIN_TIMED_MESSAGES timed, and about
    MIN_TIMED_SECONDS of load (messages arrive at about `concurrency` per mean pause)."""
    arriving = concurrency / (sum(pace) / 2)
    wanted = max(MIN_TIMED_MESSAGES, math.ceil(MIN_TIMED_SECONDS * arriving))
    return max(concurrency, -(-wanted // max(1, messages_each)))


def _p95(figures: Any) -> float:
    return statistics.quantiles(figures.latencies, n=100)[94]


def soak() -> None:
    """SOAK_MINUTES of conversations, 5 at a time; memory growth of each process (`make soak`)."""
    from tests import load as driver

    with tempfile.TemporaryDirectory(prefix="intake-soak-") as scratch:
        stack = _bench_stack(Path(scratch))
        try:
            memory = driver.soak(
                stack,
                minutes=float(os.environ.get("SOAK_MINUTES", SOAK_MINUTES)),
                concurrency=5,
                pace=STRESS_PACE,
            )
        finally:
            stack.close()
    print(
        table(
            ["process", "MB at start", "MB at end", "growth MB"],
            [
                [name, f"{start:.0f}", f"{end:.0f}", f"{end - start:+.0f}"]
                for name, (start, end) in memory.items()
            ],
        )
    )


# --- the whole bench -------------------------------------------------------------------------


def main(parts: Sequence[str] | None = None) -> None:
    steps: dict[str, tuple[str, Callable[[], None]]] = {
        "train": (
            "training time",
            lambda: print(f"full rasa train (NLU + rules), 2 cores: {training_seconds():.0f} s"),
        ),
        "e2e": ("end-to-end conversations (all of tests/e2e)", end_to_end_figures),
        "phrasings": ("phrasing set", print_phrasings),
        "safety": ("safety set", safety),
        "cv": (f"NLU {FOLDS}-fold cross-validation", cross_validation),
        "load": ("load: this assistant and Rasa's starter side by side", load),
        "soak": (f"soak: memory over {SOAK_MINUTES} minutes of conversations", soak),
    }
    timings: list[tuple[str, float]] = []
    for key in parts or [key for key in steps if key != "soak"]:  # the soak only when asked
        title, run = steps[key]
        with part(title, timings):
            run()
    print()
    print(table(["bench part", "seconds"], [[title, f"{seconds:.0f}"] for title, seconds in timings]))


if __name__ == "__main__":
    # `python -m tests.bench safety cv` runs only those parts; no argument runs them all.
    main(sys.argv[1:] or None)
