"""The labelled phrasing set: client answers with their expected normalised values.

`tests/data/phrasings.jsonl` holds one JSON object per line:

    {"slot": "<a slot of bot.intake.fields>", "text": "<the client's answer>", <one expectation>}

The answers are normalised with `normalise(slot, text, context=CONTEXT)`, CONTEXT being the
conversation date 2026-11-27 and the offices Jersey City, Highland Park and Freehold. An answer is
correct when the result is Parsed and its value meets the expectation:

- "expected": <value>                   the value equals it exactly;
- "expected_keys": {key: value, ...}    the value is a dict and each key listed has that value
                                         (other keys are not checked);
- "expected_items": [{...}, ...]        the value is a list as long as this one, and item i has
                                         every key/value of the i-th spec (other keys unchecked);
- "expected_contains": [x, ...]         the value (a list or dict) contains each x: as a list item,
                                         as a value of a dict item, or inside a list-valued key;
- "expected_result": "skipped" | "unclear" | "parsed"
                                         the result is Skipped / Unclear / any Parsed value.

"expected_keys" and "expected_contains" may be combined; every given expectation must hold.

`python -m tests.phrasings` prints the per-slot accuracy table (`make bench` calls it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from bot.intake.answers import Context, Parsed, Skipped, Unclear
from bot.intake.fields import FIELDS
from bot.intake.normalise import normalise

PHRASINGS = Path(__file__).parent / "data" / "phrasings.jsonl"
CONTEXT = Context(today=date(2026, 11, 27), locations=("Jersey City", "Highland Park", "Freehold"))
_EXPECTATIONS = ("expected", "expected_keys", "expected_items", "expected_contains", "expected_result")

Case = Mapping[str, Any]


def load_cases(path: Path = PHRASINGS) -> list[dict[str, Any]]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        case = json.loads(line)
        if case.get("slot") not in FIELDS or not isinstance(case.get("text"), str):
            raise ValueError(f"{path.name}:{number}: needs a known slot and a text")
        if not any(key in case for key in _EXPECTATIONS):
            raise ValueError(f"{path.name}:{number}: needs one of {', '.join(_EXPECTATIONS)}")
        cases.append(case)
    return cases


def _contains(value: Any, wanted: Any) -> bool:
    if isinstance(value, dict):
        return wanted in value.values() or any(isinstance(v, list) and wanted in v for v in value.values())
    if isinstance(value, list):
        return wanted in value or any(isinstance(item, dict) and _contains(item, wanted) for item in value)
    return False


def _has_keys(value: Any, keys: Mapping[str, Any]) -> bool:
    return isinstance(value, dict) and all(k in value and value[k] == v for k, v in keys.items())


def is_correct(case: Case) -> bool:
    result = normalise(case["slot"], case["text"], context=CONTEXT)
    wanted_result = case.get("expected_result")
    if wanted_result == "skipped":
        return isinstance(result, Skipped)
    if wanted_result == "unclear":
        return isinstance(result, Unclear)
    if not isinstance(result, Parsed):
        return False
    value = result.value
    checks = []
    if "expected" in case:
        checks.append(value == case["expected"])
    if "expected_keys" in case:
        checks.append(_has_keys(value, case["expected_keys"]))
    if "expected_items" in case:
        items = case["expected_items"]
        checks.append(
            isinstance(value, list)
            and len(value) == len(items)
            and all(_has_keys(item, spec) for item, spec in zip(value, items, strict=True))
        )
    if "expected_contains" in case:
        checks.append(all(_contains(value, wanted) for wanted in case["expected_contains"]))
    return all(checks)


def field_accuracy(cases: Iterable[Case]) -> dict[str, tuple[int, int]]:
    """{slot: (correct, total)} over the cases, slots in the order of fields.py."""
    tally: dict[str, list[int]] = {slot: [0, 0] for slot in FIELDS}
    for case in cases:
        counts = tally[case["slot"]]
        counts[0] += is_correct(case)
        counts[1] += 1
    return {slot: (correct, total) for slot, (correct, total) in tally.items() if total}


def failures(cases: Iterable[Case]) -> list[str]:
    """One line per wrong case: slot, text and what the normaliser gave."""
    lines = []
    for case in cases:
        if not is_correct(case):
            result = normalise(case["slot"], case["text"], context=CONTEXT)
            lines.append(f"{case['slot']}: {case['text']!r} -> {result!r}")
    return lines


def table(accuracy: Mapping[str, tuple[int, int]]) -> str:
    rows = [f"{'field':<24} {'correct':>7} {'total':>5} {'accuracy':>8}"]
    for slot, (correct, total) in accuracy.items():
        rows.append(f"{slot:<24} {correct:>7} {total:>5} {correct / total:>8.1%}")
    correct = sum(c for c, _ in accuracy.values())
    total = sum(t for _, t in accuracy.values())
    rows.append(f"{'all fields':<24} {correct:>7} {total:>5} {correct / total if total else 0:>8.1%}")
    return "\n".join(rows)


def main() -> None:
    cases = load_cases()
    print(
        f"per-field accuracy on the labelled phrasing set ({PHRASINGS.relative_to(Path.cwd()) if PHRASINGS.is_relative_to(Path.cwd()) else PHRASINGS}):"
    )
    print(table(field_accuracy(cases)))


if __name__ == "__main__":
    main()
