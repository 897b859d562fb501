"""What the normaliser tests share: the conversation date and practice, and a parsed-value helper."""

from __future__ import annotations

from datetime import date

from bot.intake.answers import Context, Parsed
from bot.intake.normalise import normalise

CONTEXT = Context(today=date(2026, 11, 27), locations=("Jersey City", "Highland Park", "Freehold"))


def parsed(slot: str, text: str) -> object:
    result = normalise(slot, text, context=CONTEXT)
    assert isinstance(result, Parsed), result
    return result.value
