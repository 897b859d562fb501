"""Loads the lexicon JSON files once and finds their terms in text."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed `bot/intake/lexicons/<name>.json`; keys starting with "_" are documentation."""
    text = (
        resources.files("bot.intake")
        .joinpath("lexicons")
        .joinpath(f"{name}.json")
        .read_text(encoding="utf-8")
    )
    return json.loads(text)


@dataclass(frozen=True)
class Hit:
    term: str
    key: str
    start: int
    end: int


class TermFinder:
    """Whole-word, longest-first search for many terms ("prostate cancer" before "cancer")."""

    def __init__(self, terms: dict[str, str]) -> None:
        # terms: lower-case surface form -> the key it stands for
        self._terms = terms
        ordered = sorted(terms, key=len, reverse=True)
        alternation = "|".join(re.escape(term) for term in ordered)
        self._pattern = re.compile(rf"(?<![\w'-])(?:{alternation})(?![\w-])") if ordered else None

    def find(self, text: str) -> list[Hit]:
        if self._pattern is None:
            return []
        return [
            Hit(m.group(0), self._terms[m.group(0)], m.start(), m.end())
            for m in self._pattern.finditer(text.lower())
        ]

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(self._terms)


@cache
def patterns(name: str, key: str = "patterns") -> tuple[tuple[str, re.Pattern[str]], ...]:
    """A lexicon's `{label: [regex, ...]}` table compiled, in file order."""
    table = load(name)[key]
    return tuple(
        (label, re.compile("|".join(f"(?:{p})" for p in regexes)))
        for label, regexes in table.items()
        if not label.startswith("_")
    )
