from __future__ import annotations

import pytest

from bot.intake.parsing.slips import corrected


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("3 yrs, no wait 4", "4 yrs"),
        ("three years no wait four", "four years"),
        ("married 5 years, no wait, 6", "married 6 years"),
        ("about 4 years, or rather 5", "about 5 years"),
        ("I'm 34, no wait 35", "I'm 35"),
        ("7/10, no wait 8", "8/10"),
    ],
)
def test_a_bare_number_after_a_correction_replaces_the_last_number_keeping_its_unit(
    text: str, meant: str
) -> None:
    assert corrected(text) == meant


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("sertraline, sorry I mean citalopram", "citalopram"),
        ("Zoloft, no wait, Lexapro", "Lexapro"),
        ("zoloft and the pill, sorry I mean the patch", "zoloft and the patch"),
        ("2 years, sorry I meant 3 years", "3 years"),
        ("jersey city, sorry, I mean freehold", "freehold"),
        ("metformin, scratch that, metoprolol", "metoprolol"),
    ],
)
def test_words_after_a_correction_replace_the_last_item_before_it(text: str, meant: str) -> None:
    assert corrected(text) == meant


@pytest.mark.parametrize(
    "text",
    [
        "sertraline",
        "I mean, I'm on sertraline",
        "diabetes, I mean type 2",
        "metformin, oops, forgot lisinopril too",
    ],
)
def test_an_answer_without_a_correction_is_kept_as_it_is(text: str) -> None:
    assert corrected(text) == text
