from __future__ import annotations

from bot.intake.fields import FIELDS
from tests.phrasings import failures, field_accuracy, is_correct, load_cases, table

CASES = load_cases()


def test_every_field_is_at_least_95_percent_accurate_on_the_phrasing_set() -> None:
    accuracy = field_accuracy(CASES)

    below = [slot for slot, (correct, total) in accuracy.items() if correct / total < 0.95]

    assert not below, "\n" + table(accuracy) + "\n\nwrong:\n" + "\n".join(failures(CASES))


def test_the_phrasing_set_has_at_least_500_answers_and_12_for_every_field() -> None:
    accuracy = field_accuracy(CASES)

    thin = {slot: accuracy.get(slot, (0, 0))[1] for slot in FIELDS if accuracy.get(slot, (0, 0))[1] < 12}

    assert len(CASES) >= 500
    assert not thin


def test_a_case_whose_value_differs_is_counted_wrong() -> None:
    case = {"slot": "distress", "text": "8/10", "expected": 3}

    assert field_accuracy([case]) == {"distress": (0, 1)}


def test_partial_expectations_check_only_the_keys_and_items_given() -> None:
    onset = {"slot": "onset", "text": "two years ago", "expected_keys": {"duration_months": 24}}
    medications = {"slot": "medications", "text": "Zoloft 50mg", "expected_items": [{"drug_class": "ssri"}]}
    contains = {"slot": "medications", "text": "Zoloft and the pill", "expected_contains": ["sertraline"]}
    wrong_length = {
        "slot": "medications",
        "text": "Zoloft and the pill",
        "expected_items": [{"drug_class": "ssri"}],
    }

    assert is_correct(onset) and is_correct(medications) and is_correct(contains)
    assert not is_correct(wrong_length)


def test_a_skip_expectation_needs_a_skip() -> None:
    assert is_correct({"slot": "age", "text": "pass", "expected_result": "skipped"})
    assert not is_correct({"slot": "age", "text": "36", "expected_result": "skipped"})
