"""The safety net's AnchoredMatcher finds exactly what one spaCy Matcher with every pattern finds."""

from __future__ import annotations

import pytest
import spacy
from spacy.matcher import Matcher

from bot.nlp.matching import AnchoredMatcher

FILLER = {"NORM": {"IN": ["really", "just", "so"]}, "OP": "*"}
ENTRIES = [
    (
        "want_to_die",
        [
            [{"NORM": "i"}, FILLER, {"NORM": "want"}, {"NORM": "to"}, {"NORM": "die"}],
            [{"NORM": {"IN": ["wanna", "want"]}}, {"NORM": "to"}, {"NORM": "die"}],
        ],
    ),
    ("die", [[{"NORM": "die"}]]),
    ("times", [[{"LIKE_NUM": True}, {"NORM": "times"}]]),
    ("optional_first", [[{"OP": "?"}, {"NORM": "hurt"}, {"NORM": "me"}]]),
    # The same span from two labels, and from two patterns of one label.
    ("die_again", [[{"NORM": "die"}], [{"NORM": {"IN": ["die", "perish"]}}]]),
]
TEXTS = [
    "i really just want to die",
    "wanna die",
    "I want to die, I want to die",
    "he hurt me 3 times",
    "hurt me",
    "nothing to see here",
    "",
    "die die die",
]


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def _plain_matches(nlp, doc):
    matcher = Matcher(nlp.vocab, validate=True)
    for label, patterns in ENTRIES:
        matcher.add(label, patterns)
    return sorted((span.start, span.end, span.label_) for span in matcher(doc, as_spans=True))


@pytest.mark.parametrize("text", TEXTS)
def test_the_anchored_matcher_finds_the_same_spans_as_one_matcher_with_every_pattern(nlp, text):
    doc = nlp(text)
    anchored = AnchoredMatcher(nlp.vocab, ENTRIES)

    found = [(span.start, span.end, span.label_) for span in anchored(doc)]

    assert sorted(found) == _plain_matches(nlp, doc)


def test_matches_come_in_text_order_then_in_the_order_the_labels_were_given(nlp):
    doc = nlp("i want to die")
    anchored = AnchoredMatcher(nlp.vocab, ENTRIES)

    found = [(span.start, span.end, span.label_) for span in anchored(doc)]

    assert found == [(0, 4, "want_to_die"), (1, 4, "want_to_die"), (3, 4, "die"), (3, 4, "die_again")]


def test_a_message_without_any_first_word_runs_only_the_patterns_that_need_none(nlp):
    anchored = AnchoredMatcher(nlp.vocab, ENTRIES)

    assert {span.label_ for span in anchored(nlp("please hurt me"))} == {"optional_first"}
    assert anchored(nlp("a quiet afternoon")) == []


def test_its_length_is_the_number_of_labels_as_for_a_matcher(nlp):
    assert len(AnchoredMatcher(nlp.vocab, ENTRIES)) == len(ENTRIES)
