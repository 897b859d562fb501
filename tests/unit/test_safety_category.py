"""disclosure_category labels a disclosure the safety net caught, in agreement with it, without spaCy."""

from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path

import pytest

import bot.intake.safety as pure
from bot.intake.answers import Context, Parsed
from bot.intake.safety import answer_in_disclosure, disclosure_category

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
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }

    assert imported.isdisjoint({"spacy", "rasa", "rasa_sdk", "sqlalchemy", "flask"})


# --- a disclosure given as the answer to the question asked ---------------------------------------

CONTEXT = Context(today=date(2026, 11, 20))


def _answer(slot: str, text: str) -> object:
    result = answer_in_disclosure(slot, text, disclosure_category(text), CONTEXT)
    return result.value if isinstance(result, Parsed) else None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("honestly some nights I think everyone would be better off without me", "passive"),
        ("sometimes I wish I could just not wake up", "passive"),
        ("yeah. more than i'd like to admit", "passive"),
        ("please help, something is very wrong", "passive"),
        ("no... well, sometimes I think it'd be easier if I wasn't here", "passive"),
        ("yes, I have thought about killing myself", "active"),
        ("I've been cutting again", "active"),
        ("I have a plan to end it", "active"),
        ("no but I do self harm", "active"),
        ("unalive myself", "active"),
    ],
)
def test_a_disclosure_given_to_the_self_harm_question_answers_it_never_as_an_all_clear(text, value):
    assert _answer("self_harm", text) == value


@pytest.mark.parametrize(
    "text",
    [
        "he hits me when he's drunk",
        "no, she threatens me all the time",
        "I'm scared of him",
        "he forces me to have sex",
    ],
)
def test_danger_disclosed_to_the_safety_question_is_unsafe(text):
    assert _answer("relationship_safety", text) == "unsafe"


def test_an_assault_disclosed_to_the_question_about_unwanted_experiences_is_a_yes():
    assert _answer("trauma_history", "I was raped last month") == "yes"


@pytest.mark.parametrize(
    ("slot", "text"),
    [
        ("self_harm", "my husband hits me"),  # danger at home does not answer the self-harm screen
        ("relationship_safety", "I want to die"),
        ("trauma_history", "I've been cutting again"),
        ("consent_given", "yes but honestly I want to die"),
        ("age", "I'm 34 and I want to die"),
        ("summary_confirmed", "yes, and I want to die"),
        ("pronouns", "honestly some days I don't want to be alive anymore"),
        ("availability", "I don't know if I'll even be here by then"),
        ("location", "somewhere I can't be found, he tracks my phone"),
        ("onset", "since he started hitting me two years ago"),
    ],
)
def test_a_disclosure_leaves_a_question_it_does_not_answer_to_be_asked(slot, text):
    assert _answer(slot, text) is None


def test_a_disclosure_given_to_an_open_question_is_also_its_answer():
    text = "he hits me when I say no to sex and I don't know what to do"

    assert _answer("main_concern", text)["client_words"] == text
    assert (
        _answer("anything_else", "I've been having thoughts of ending it")
        == "I've been having thoughts of ending it"
    )
    assert _answer("phq2_mood", "nearly every day, I want to die") == 3


def test_a_disclosure_that_does_not_parse_as_the_answer_leaves_the_question():
    assert _answer("distress", "I just want to die") is None
    assert _answer("distress", "10, I want to die") == 10
