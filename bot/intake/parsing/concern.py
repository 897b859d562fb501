"""The concern section: categories of a main concern, onset, context and better/worse phrases.

Durations, start dates and life events come from the shared extraction Doc
(bot.nlp.extraction.analyse: the intake_time component).
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from functools import cache
from typing import Any

from bot.intake.parsing.lexicon import load, patterns
from bot.intake.parsing.numbers import as_number, months_before
from bot.intake.parsing.text import has, plain, strip_edges, tidy, with_apostrophes
from bot.nlp.extraction import analyse


def _lower(text: str) -> str:
    # Apostrophes and word order matter to the category patterns, so only case and quotes change,
    # and the apostrophes chat typing drops are put back ("cant cum" reads as "can't cum").
    return with_apostrophes(tidy(text).lower())


def categories(text: str) -> list[str]:
    """Every schema concern category the words point to, in schema order; ["other"] if none.
    Words typed with a slip ("errection", "durring", "finsh") are read as the words the patterns
    know, but only when nothing matched as typed, so a correct word is never bent into another."""
    words = _lower(text)
    found = [label for label, pattern in patterns("concern_categories") if pattern.search(words)]
    if not found:
        respelled = _respelled(words)
        if respelled != words:
            found = [label for label, pattern in patterns("concern_categories") if pattern.search(respelled)]
    return found or ["other"]


@cache
def _pattern_words() -> tuple[str, ...]:
    """The whole words the category patterns spell out, five letters or more."""
    words: set[str] = set()
    for _, pattern in patterns("concern_categories"):
        words.update(re.findall(r"(?<![a-z\\])[a-z]{5,}(?![a-z])", pattern.pattern))
    return tuple(sorted(words))


def _respelled(words: str) -> str:
    known = _pattern_words()

    def respell(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in known:
            return word
        close = difflib.get_close_matches(word, known, n=1, cutoff=0.8)
        return close[0] if close else word

    return re.sub(r"[a-z]{5,}", respell, words)


def life_events(text: str) -> list[str]:
    """The life events the words name ("since the baby was born", "since I started Lexapro")."""
    return list(analyse(text)._.life_events)


_LIFELONG = (
    "whole life",
    "all my life",
    "entire life",
    "since forever",
    "forever",
    "from the start",
    "from the beginning",
    "since the beginning",
    "since the start",
    "always been",
    "always was",
    "ever since i can remember",
    "as long as i can remember",
    "as far back as i can remember",
    "lifelong",
    "life long",
    "never been able",
    "never been possible",
    "never possible",
    "never could",
    "never managed",
    "never worked",
    "never had an orgasm",
    "never had one",
    "never enjoyed",
    "never really enjoyed",
    "never been comfortable",
    "never been different",
    "since my first time",
    "since i first",
    "since puberty",
    "since i was born",
    "since i became sexually active",
    "since i started having sex",
    "it's always",
    "always like this",
    "always like that",
    "always had",
    "always",
    "never not",
    "from day one",
    "since day one",
    "since the very start",
    "never once",
    "my first time",
    "since i was a teen",
    "since i was a teenager",
    "since adolescence",
)
_WAS_FINE_BEFORE = (
    "until",
    "used to be",
    "was fine",
    "were fine",
    "was great",
    "was good",
    "before that",
    "before then",
    "not always",
    "wasn't always",
    "hasn't always",
    "didn't always",
)
_ACQUIRED = (
    "since",
    "after",
    "started",
    "began",
    "begun",
    "recently",
    "lately",
    "ago",
    "a while",
    "when we",
    "when i",
    "when my",
    "when our",
    "gradually",
    "over time",
    "got worse",
    "these days",
    "the past",
    "the last",
    "for a while",
    "for some time",
    "for ages",
    "for years",
    "been years",
    "years now",
    "for months",
    "been months",
    "months now",
    "in my",
    "during",
    "following",
    "once we",
    "once i",
    "new",
)
_UNKNOWN = (
    "don't know",
    "do not know",
    "not sure",
    "no idea",
    "can't remember",
    "cannot remember",
    "don't remember",
    "do not remember",
    "hard to say",
    "unsure",
    "dunno",
    "idk",
    "no clue",
    "can't say",
    "not certain",
    "don't really know",
)


def onset(text: str, *, today: date) -> dict[str, Any] | None:
    """The onset object of the summary, or None when the words say nothing about time."""
    doc = analyse(text)
    words = doc._.plain
    events = list(doc._.life_events)
    result: dict[str, Any] = {
        "client_words": tidy(text),
        "pattern": "unknown",
        "duration_months": None,
        "approx_start": None,
        "life_events": events,
    }
    if has(words, *_LIFELONG) and not has(words, *_WAS_FINE_BEFORE):
        result["pattern"] = "lifelong"
        return result
    months = doc._.duration_months
    if months is not None:
        result.update(
            pattern="acquired",
            duration_months=as_number(months),
            approx_start=months_before(today, months).strftime("%Y-%m"),
        )
        return result
    start = doc._.start_on(today)
    if start is not None:
        result.update(
            pattern="acquired",
            duration_months=start.months_until(today),
            approx_start=start.label(),
        )
        return result
    if events or has(words, *_ACQUIRED):
        result["pattern"] = "acquired"
        return result
    if has(words, *_UNKNOWN):
        return result
    return None


def context(text: str) -> str | None:
    words = plain(text)
    table = load("screening_words")["context"]
    for label in ("unknown", "situational_strong", "generalized", "situational_weak"):
        if has(words, *table[label]):
            return label.removesuffix("_strong").removesuffix("_weak")
    return None


# Between two clauses, "and"/"or"/"also" is followed by a word that opens a clause.
_CLAUSE_OPENERS = (
    r"when|whenever|if|after|before|during|while|on|in|at|i|i'm|i've|we|we're|we've|my|our|he|she|"
    r"they|he's|she's|they're|it|it's|there|being|having|getting|feeling|doing|not|too|lack|no|"
    r"having|drinking|stress|work|the|taking|watching|talking|using|going|trying|tired|alcohol|"
    r"sometimes|especially|also|any|anything|spending|with"
)
_JOINERS = re.compile(
    rf"\s+(?:and also|and|or|also|plus|as well as|but also)\s+(?=(?:{_CLAUSE_OPENERS})\b)", re.IGNORECASE
)
_SENTENCE = re.compile(r"\s*(?:[,;\n]|\.(?!\d)|!|\?|\s-\s)\s*")
_LEADING_JOINERS = re.compile(r"^(?:and also|and|or|also|plus|but|as well as)\s+", re.IGNORECASE)


def phrases(text: str) -> list[str]:
    """The answer cut into its separate situations, each as the client wrote it."""
    parts: list[str] = []
    for sentence in _SENTENCE.split(tidy(text)):
        for part in _JOINERS.split(sentence):
            part = strip_edges(_LEADING_JOINERS.sub("", part.strip()))
            if part and not re.fullmatch(r"(?i)(?:and|or|also|um+|uh+|like|so|well)", part):
                parts.append(part)
    return parts
