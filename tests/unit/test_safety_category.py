"""disclosure_category labels a disclosure the safety net caught, in agreement with it, without spaCy."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import bot.intake.safety as pure
from bot.intake.safety import disclosure_category

SAFETY_SET = Path(__file__).parents[1] / "data" / "safety_set.jsonl"


def _disclosures() -> list[dict]:
    rows = [json.loads(line) for line in SAFETY_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row for row in rows if row["crisis"]]


def test_disclosure_category_matches_the_label_of_every_disclosure_in_the_set():
    mismatches = [
        (row["category"], disclosure_category(row["text"]), row["text"])
        for row in _disclosures()
        if disclosure_category(row["text"]) != row["category"]
    ]

    assert mismatches == []


def test_disclosure_category_agrees_with_the_safety_net_on_every_disclosure_in_the_set():
    from bot.nlp.safety import detect

    disagreements = [
        (found.category, disclosure_category(row["text"]), row["text"])
        for row in _disclosures()
        if (found := detect(row["text"])) and found.category != disclosure_category(row["text"])
    ]

    assert disagreements == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I want to die", "suicidal"),
        ("he raped me and now I want to die", "suicidal"),
        ("I've been cutting again", "self_harm"),
        ("Non-suicidal self injury, mostly burning", "self_harm"),
        ("a guy at work groped me today", "sexual_assault"),
        ("he choked me", "partner_danger"),
        ("she said she'd kill me if I left", "partner_danger"),
    ],
)
def test_the_most_acute_category_wins(text, category):
    assert disclosure_category(text) == category


def test_a_disclosure_that_fits_no_category_is_treated_as_suicidal():
    assert disclosure_category("please help, something is very wrong") == "suicidal"


def test_the_pure_domain_module_does_not_import_spacy():
    tree = ast.parse(Path(pure.__file__).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}

    assert imported.isdisjoint({"spacy", "rasa", "rasa_sdk", "sqlalchemy", "flask"})
