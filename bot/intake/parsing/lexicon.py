"""Loads the lexicon JSON files once; their terms are found by the spaCy component intake_terms
(bot/nlp/terms.py), their regular-expression tables compiled here."""

from __future__ import annotations

import json
import re
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


@cache
def patterns(name: str, key: str = "patterns") -> tuple[tuple[str, re.Pattern[str]], ...]:
    """A lexicon's `{label: [regex, ...]}` table compiled, in file order."""
    table = load(name)[key]
    return tuple(
        (label, re.compile("|".join(f"(?:{p})" for p in regexes)))
        for label, regexes in table.items()
        if not label.startswith("_")
    )
