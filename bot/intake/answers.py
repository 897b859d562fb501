"""What a normaliser makes of one client answer: a value, a skip, or something to ask about again."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Parsed:
    """The answer, normalised to the slot's type (see bot.intake.normalise for each slot)."""

    value: Any


@dataclass(frozen=True)
class Skipped:
    """The client skipped or declined the question ("skip", "I'd rather not say", "pass")."""


@dataclass(frozen=True)
class Unclear:
    """The answer could not be understood; `reason` is for logs and tests, never shown."""

    reason: str = ""


Result = Parsed | Skipped | Unclear


@dataclass(frozen=True)
class Context:
    """What a normaliser may need besides the text: the conversation's date and the practice."""

    today: date
    locations: tuple[str, ...] = field(default=())
    # Towns the practice lists as near an office (config/practice.yml `nearby`), lower case -> office.
    nearby: tuple[tuple[str, str], ...] = field(default=())
