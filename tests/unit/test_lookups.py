"""data/nlu/lookups.yml is what bot.nlp.lookups generates from the lexicons and the names file,
and its tables give the features they are meant to (and no feature to a disclosure)."""

from __future__ import annotations

import re

import pytest
from rasa.nlu.utils.pattern_utils import extract_patterns
from rasa.shared.nlu.training_data.loading import load_data

from bot.nlp import lookups


def test_committed_lookups_match_the_lexicons() -> None:
    assert lookups.OUTPUT.read_text(encoding="utf-8") == lookups.render(), (
        "data/nlu/lookups.yml is out of date: run `python -m bot.nlp.lookups`"
    )


@pytest.fixture(scope="module")
def features() -> dict[str, re.Pattern[str]]:
    """Each RegexFeaturizer pattern of the file, compiled as Rasa compiles it (case-sensitive)."""
    data = load_data(str(lookups.OUTPUT))
    return {pattern["name"]: re.compile(pattern["pattern"]) for pattern in extract_patterns(data)}


def _fired(features: dict[str, re.Pattern[str]], text: str) -> set[str]:
    return {name for name, pattern in features.items() if pattern.search(text)}


def test_rasa_reads_every_table(features: dict[str, re.Pattern[str]]) -> None:
    assert set(features) == {*lookups.TABLES, "sexual_concern"}


@pytest.mark.parametrize(
    ("text", "feature"),
    [
        ("Leila", "first_name"),
        ("oluwaseun", "first_name"),
        ("you can call me Mark", "first_name"),
        ("Zoloft 50mg", "medication"),
        ("im on sertraline", "medication"),
        ("the pill", "medication"),
        ("PCOS", "medical_condition"),
        ("type 2 diabetes", "medical_condition"),
        ("ocd", "mental_health_diagnosis"),
        ("OCD", "mental_health_diagnosis"),
        ("weed most evenings", "substance"),
        ("premature ejaculation", "sexual_concern"),
        ("mismatched libido", "sexual_concern"),
    ],
)
def test_a_term_gives_its_feature(features: dict[str, re.Pattern[str]], text: str, feature: str) -> None:
    assert feature in _fired(features, text)


@pytest.mark.parametrize(
    ("text", "feature"),
    [
        ("I can't relax in bed", "mental_health_diagnosis"),  # "bed" is binge eating disorder only as BED
        ("is it like sex ed for adults", "medical_condition"),
        ("I want to mark this down", "first_name"),  # word-names match capitalised only
        ("for god's sake", "substance"),
    ],
)
def test_everyday_words_give_no_feature(
    features: dict[str, re.Pattern[str]], text: str, feature: str
) -> None:
    assert feature not in _fired(features, text)


@pytest.mark.parametrize(
    "text",
    [
        "I've been cutting again",
        "self harm has been happening again",
        "I was raped last night",
        "he hurts me",
    ],
)
def test_disclosures_get_no_answer_feature(features: dict[str, re.Pattern[str]], text: str) -> None:
    assert _fired(features, text) == set()


def test_word_names_are_not_listed_lower_case() -> None:
    names, word_names = lookups.read_names()
    table = set(lookups.first_names())
    assert names and word_names
    assert all(name in table and name.lower() not in table for name in word_names)
