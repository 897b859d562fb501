"""Which kind of crisis a disclosure is, so the right flag is raised and the right help offered."""

from __future__ import annotations

import re

_CATEGORY_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "sexual_assault",
        re.compile(r"\b(rap(e|ed|ing)|sexually assault\w*|assault\w*|molest\w*|forced me)\b", re.I),
    ),
    (
        "partner_danger",
        re.compile(
            r"\b(hits?|hitting|beats?|beating|chok\w+|strangl\w+|threaten\w*|scared (of|to go home)"
            r"|afraid (of|to go home)|hurts? me|abus\w+|not safe at home)\b",
            re.I,
        ),
    ),
    ("self_harm", re.compile(r"\b(cut(ting)?|burn(ing)?|hurt(ing)?|harm(ing)?) (myself|me)\b|self[- ]harm", re.I)),
)


def disclosure_category(text: str) -> str:
    """suicidal, self_harm, partner_danger or sexual_assault; suicidal when nothing else fits,
    because a disclosure that reached the safety protocol must never be played down."""
    for category, pattern in _CATEGORY_PATTERNS:
        if pattern.search(text):
            return category
    return "suicidal"
