"""Slips a client corrects inside one answer: "3 yrs, no wait 4", "sertraline, sorry I mean citalopram".

`corrected(text)` is the answer as the client meant it: what follows a correction marker replaces
the last item before it ("zoloft and the pill, sorry I mean the patch" -> "zoloft and the patch"),
and a bare number replaces the last number before it, keeping its unit ("3 yrs, no wait 4" ->
"3 yrs" becomes "4 yrs"). An answer without a marker, or with nothing before it ("I mean, I'm
on sertraline"), is returned as it is. A bare "I mean" is no marker: "diabetes, I mean type 2"
clarifies rather than corrects.
"""

from __future__ import annotations

import re

from bot.intake.parsing.lexicon import load

_MARKER = re.compile(
    r"(?:^|[\s,;.!-]+)(?:no wait|wait no|wait,? no|sorry,? i mean[t]?|no,? i mean[t]?|"
    r"i meant(?: to say)?|or rather|scratch that|correction|make that|sorry,? wrong one|my bad)"
    r"(?:[\s,;:.!-]+(?:actually|it's|its|it is|sorry|no))*[\s,;:.!-]+",
    re.IGNORECASE,
)
_NUMBER_WORDS = "|".join(word for kind in ("units", "tens") for word in load("number_words")[kind])
_NUMBER = rf"(?:\d+(?:\.\d+)?|(?:{_NUMBER_WORDS})(?:[\s-](?:{_NUMBER_WORDS}))?)"
_BARE_NUMBER = re.compile(rf"\s*{_NUMBER}\s*[.!]*\s*", re.IGNORECASE)
# A number that is a scale's end ("7/10", "out of 10") is not the one being corrected.
_REPLACEABLE_NUMBER = re.compile(rf"(?<![/\w])(?<!out of ){_NUMBER}(?![\w])", re.IGNORECASE)
_LAST_ITEM = re.compile(
    r"(?:[,;&+/]|\band\b|\bplus\b|\balso\b)\s*(?!.*(?:[,;&+/]|\band\b|\bplus\b|\balso\b))", re.IGNORECASE
)


def corrected(text: str) -> str:
    """The answer with each correction made inside it applied, in order."""
    while True:
        marker = _MARKER.search(text)
        if marker is None:
            return text
        before, after = text[: marker.start()].rstrip(" ,;.!-"), text[marker.end() :].strip()
        if not before.strip() or not after:
            # "I mean, I'm on sertraline": a filler, not a correction. Dropped so the loop ends.
            text = (before + " " + after).strip()
            if not before.strip() and not after:
                return text
            continue
        text = _replaced(before, after)


def _replaced(before: str, after: str) -> str:
    if _BARE_NUMBER.fullmatch(after):
        numbers = list(_REPLACEABLE_NUMBER.finditer(before))
        if numbers:
            last = numbers[-1]
            return before[: last.start()] + after.strip(" .!") + before[last.end() :]
    last_item = _LAST_ITEM.search(before)
    if last_item is None:
        return after
    return before[: last_item.end()] + after
