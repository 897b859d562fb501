"""Who the intake is for: adults. A client under 18 gets a kind message and resources, and
nothing about them is kept, however the age comes up (the age question or a later correction)."""

from __future__ import annotations

from typing import Any

MIN_AGE = 18


def is_minor(age: Any) -> bool:
    return isinstance(age, int) and not isinstance(age, bool) and age < MIN_AGE
