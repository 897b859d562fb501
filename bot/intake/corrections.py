"""Which earlier answer a correction is about, and what is left of it to normalise.

"actually we've been together 5 years, not 3" is about relationship_length, and the slot's
normaliser should see "we've been together 5 years". The words live in lexicons/field_words.json.

A correction target equal to the slot being asked is just an answer; callers use
`looks_like_correction` or the read-back step to decide when to look for a correction at all,
since an ordinary answer ("since the baby came") mentions fields too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

LEXICON = Path(__file__).parent / "lexicons" / "field_words.json"

# "married 8 years" is a length, "married" alone a status.
_DURATION = re.compile(
    r"\b(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|a few|a couple(?: of)?|several|half an?)\s*-?\s*"
    r"(?:years?|yrs?|months?|mos?)\b"
)
# "..., not 3" closes a correction; "not at all" or "not sure" are answers in their own right.
_KEPT_AFTER_NOT = (
    r"(?:sure|at all|really|much|anymore|any more|yet|very|too|so|that|always|often|usually|"
    r"all|safe|aware|attending|coming|now|currently|working|quite|great|good|well|ever|many|"
    r"a lot|even)\b"
)
_TRAILING_NOT = (
    re.compile(rf"\s*[,;\u2013\u2014-]+\s*(?:and\s+|but\s+)?not\s+(?!{_KEPT_AFTER_NOT})[^,;]*$", re.I),
    re.compile(r"\s+not\s+\d[^,;]*$"),
)
_TRAILING_FILLER = re.compile(r"[\s,]+(?:actually|sorry)[\s.!]*$", re.I)
# Answers in their own right ("no medication"): stripped only as "no," or "no." before more text.
_ANSWER_WORDS = frozenset({"no"})
_SEPARATORS = " \t,.:;!-\u2013\u2014"


@dataclass(frozen=True)
class _Lexicon:
    phrases: tuple[tuple[str, re.Pattern[str]], ...]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    markers: re.Pattern[str]
    leading_markers: re.Pattern[str]
    preambles: tuple[str, ...]


def _words(phrase: str) -> str:
    # Whole words only where the phrase starts or ends with a letter or digit ("she/her", "/10").
    left = r"(?<![\w])" if phrase[0].isalnum() else ""
    right = r"(?![\w])" if phrase[-1].isalnum() else ""
    return left + re.escape(phrase) + right


def _any_of(phrases: Sequence[str]) -> str:
    return "|".join(_words(p) for p in sorted(phrases, key=len, reverse=True))


@cache
def _lexicon() -> _Lexicon:
    data = json.loads(LEXICON.read_text(encoding="utf-8"))
    return _Lexicon(
        phrases=tuple(
            (slot, re.compile(_words(phrase)))
            for slot, phrases in data["phrases"].items()
            for phrase in phrases
        ),
        patterns=tuple(
            (slot, re.compile(pattern, re.I))
            for slot, patterns in data["patterns"].items()
            for pattern in patterns
        ),
        markers=re.compile(_any_of(data["correction_markers"])),
        leading_markers=re.compile(
            r"^(?:\W*(?:oh|um|uh|ah|ok|okay|so|sorry|no)\b)*\W*(?:"
            + _any_of(data["leading_correction_markers"])
            + ")"
        ),
        preambles=tuple(sorted(data["preambles"], key=len, reverse=True)),
    )


def _normalised(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").replace("\u2018", "'").split())


def field_mentioned(text: str, *, locations: Sequence[str] = ()) -> str | None:
    """The slot whose words appear first in `text` (the longest phrase on a tie), or None.

    `locations` are the practice's office names, which also point at the location slot.
    """
    said = _normalised(text)
    lexicon = _lexicon()
    office_names = tuple(("location", re.compile(_words(_normalised(name)))) for name in locations if name)
    candidates: list[tuple[int, int, str]] = []
    for slot, pattern in lexicon.phrases + lexicon.patterns + office_names:
        found = pattern.search(said)
        if found:
            candidates.append((found.start(), -len(found.group()), slot))
    if not candidates:
        return None
    slot = min(candidates)[2]
    if slot == "relationship_status" and _DURATION.search(said):
        return "relationship_length"
    return slot


def looks_like_correction(text: str) -> bool:
    """True for "sorry, I meant 38", "oops ...", "no wait, ...", "... 5 years, not 3"."""
    said = _normalised(text)
    lexicon = _lexicon()
    if lexicon.markers.search(said) or lexicon.leading_markers.search(said):
        return True
    return bool(_TRAILING_NOT[1].search(said))


_REPLACED = re.compile(r"\b(?:not|instead of|rather than)\s+([\w.@+'-]+)", re.I)


def _answer_replaced(text: str, answers: Mapping[str, Any]) -> str | None:
    """The one answer whose current value the correction says it replaces ("39, not 38")."""
    olds = {m.group(1).lower().strip(".") for m in _REPLACED.finditer(text)}
    found = [
        slot
        for slot, value in answers.items()
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).lower() in olds
    ]
    return found[0] if len(found) == 1 else None


# "I'm 57", "my age is 57", "57 years old", "I'm actually 17": age restated in words that leave no
# doubt. The lexicon names no age words (see field_words.json): a bare "38" or "years old" is too
# easily about something else. A minor's age counts like any other: the caller then ends the intake
# exactly as the age question would.
_AGE_RESTATED = re.compile(
    r"\b(?:i'?m|i am|my age is|my age's|age is|age should be|age:?)\s+"
    r"(?:(?:actually|only|just|really|still|in fact|literally)\s+)*"
    r"(?P<said>\d{2}|thirteen|fourteen|fifteen|sixteen|seventeen)\b"
    r"(?!\s*(?:[-/%.]\d|years?\s+(?:ago|together|married|in)|yrs?\s+(?:ago|together)|months?|mos?|"
    r"weeks?|wks?|days?|hours?|hrs?|minutes?|mins?|out of|kids?|children|times?|percent|lbs?|kg|pounds|miles?|km))"
    r"|\b(?P<old>\d{2})\s*(?:years?|yrs?)[\s-]*old\b",
    re.I,
)
_AGE_WORDS = {"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17}


def restated_age(text: str) -> int | None:
    """The age in "I'm 17 btw", "my age is 57", "I'm 16 years old"; None when no age is stated so."""
    found = _AGE_RESTATED.search(_normalised(text))
    if not found:
        return None
    said = found.group("said") or found.group("old")
    return int(_AGE_WORDS.get(said, said))


def _restated_age(text: str, answers: Mapping[str, Any]) -> bool:
    age = restated_age(text)
    return age is not None and age != answers.get("age")


# "I meant 16", "sorry, 17", "16 actually": a bare number said as a correction. It belongs to the
# last answer when that answer can be that number (a distress of 6, a relationship of 16 years);
# otherwise a number a person can be is their age, since no other answer is a bare number.
_BARE_NUMBER = re.compile(r"(?P<n>\d{1,3})(?:\s*(?:years?|yrs?)[\s-]*old|\s*y/?o)?")
_NUMBER_ANSWERS = {"distress": range(0, 11), "relationship_length": range(0, 100), "onset": range(0, 100)}
_SCREENING = ("phq2_interest", "phq2_mood", "gad2_nervous", "gad2_worry")


def _bare_number_is_age(text: str, last_answered: str | None) -> bool:
    if last_answered is None or _REPLACED.search(text):
        return False  # nothing to correct yet; or the old value it names tells which answer
    said = strip_correction_preamble(text).strip(" .!?,").lower()
    found = _BARE_NUMBER.fullmatch(said)
    if not found or not looks_like_correction(text) and said == text.strip(" .!?,").lower():
        return False  # "16" alone, with nothing saying it corrects anything
    number = int(found.group("n"))
    if last_answered == "age":
        return True
    if last_answered in _SCREENING and number <= 3:
        return False
    if number in _NUMBER_ANSWERS.get(last_answered or "", ()):
        return False
    return 10 <= number <= 120


_REPLACED_DURATION = re.compile(
    r"\b(?P<new>\d+(?:\.\d+)?)\s*(?P<unit>years?|yrs?|months?|mos?)\b.*?\b(?:not|instead of|rather than)\s+"
    r"(?P<old>\d+(?:\.\d+)?)\b(?:\s*(?P<old_unit>years?|yrs?|months?|mos?)\b)?",
    re.I,
)


def _duration_replaced(text: str, answers: Mapping[str, Any]) -> str | None:
    """The one answer in months (how long together, when it started) that a correction of a
    duration replaces: "3 years ago, not 2" is about the answer that is 24 months now."""
    found = _REPLACED_DURATION.search(_normalised(text))
    if not found:
        return None
    unit = (found.group("old_unit") or found.group("unit")).lower()
    old_months = float(found.group("old")) * (12 if unit.startswith(("y", "yr")) else 1)
    onset = answers.get("onset")
    current = {
        "relationship_length": answers.get("relationship_length"),
        "onset": onset.get("duration_months") if isinstance(onset, Mapping) else None,
    }
    matching = [
        slot for slot, months in current.items() if isinstance(months, (int, float)) and months == old_months
    ]
    return matching[0] if len(matching) == 1 else None


def correction_target(
    text: str,
    *,
    last_answered: str | None,
    locations: Sequence[str] = (),
    answers: Mapping[str, Any] | None = None,
) -> str | None:
    """The slot a correction is about: the field it names, else the answer whose old value it
    names ("sorry I meant 39 not 38" is about the age, whatever was answered last), else the last
    answer if the message is worded as a correction."""
    in_months = _duration_replaced(text, answers or {})
    if in_months:
        return in_months  # "the surgery was 3 years ago, not 2": the answer that said 2 years
    mentioned = field_mentioned(text, locations=locations)
    if mentioned:
        return mentioned
    if _restated_age(text, answers or {}) or _bare_number_is_age(text, last_answered):
        return "age"
    replaced = _answer_replaced(text, answers or {})
    if replaced:
        return replaced
    return last_answered if looks_like_correction(text) else None


def _strip_leading(text: str) -> str:
    lowered = text.lower().replace("\u2019", "'")
    for preamble in _lexicon().preambles:
        if not lowered.startswith(preamble):
            continue
        rest = text[len(preamble) :]
        if rest and (rest[0].isalnum() or rest[0] in "'@"):
            continue  # a longer word that merely starts with the preamble ("nobody", "ohio")
        if preamble in _ANSWER_WORDS and not rest.lstrip(" ").startswith((",", ".", "!", ";", ":", "-")):
            continue
        return rest.lstrip(_SEPARATORS)
    return text


def strip_correction_preamble(text: str) -> str:
    """The correction without its framing, ready for the slot's normaliser.

    "actually we've been together 5 years, not 3" -> "we've been together 5 years";
    "sorry, I meant 38" -> "38". Never returns an empty string for a non-empty message: "actually
    no" becomes "no".
    """
    current = text.strip()
    while True:
        stripped = _strip_leading(current)
        if stripped == current or not stripped:
            break
        current = stripped
    for pattern in (_TRAILING_FILLER, *_TRAILING_NOT):
        found = pattern.search(current)
        if found and found.start() > 0:
            current = current[: found.start()]
    return current.strip(" ,;")


_PART_SPLIT = re.compile(
    r"\s*(?:[,;]\s*(?:and\s+|also\s+|plus\s+)?|\s+(?:and|also|plus)\s+(?=(?:also\s+)?(?:my|the|we|we've|we're|i|i'm|"
    r"i've|it|it's|its|our|his|her|their|they|he|she|actually|email|phone|age|distress)\b))\s*",
    re.I,
)


def correction_parts(text: str, *, locations: Sequence[str] = ()) -> list[str]:
    """The separate corrections in one message ("the distress is an 8 and we've been together 2
    years" -> two), each naming a different field; [text] when it makes only one."""
    parts = [part for part in _PART_SPLIT.split(text.strip()) if part and part.strip()]
    named = [field_mentioned(part, locations=locations) for part in parts]
    if len(parts) < 2 or None in named or len(set(named)) != len(named):
        return [text]
    return parts


LIST_SLOTS = frozenset({"medical_conditions", "medications", "substance_use"})
_ADDITION = re.compile(
    r"\b(?:too|also|as well|forgot|another|plus|in addition|oh and|and also|one more)\b", re.I
)


def with_addition(slot: str, text: str, existing: Any, new: Any) -> Any:
    """The answer after a change: for the health lists, "I'm on Zoloft too, forgot to mention"
    adds to what was said (by name, no repeats); anything else replaces it."""
    if slot not in LIST_SLOTS or not _ADDITION.search(text) or not isinstance(new, list):
        return new
    kept = list(existing) if isinstance(existing, list) else []
    key = "substance" if slot == "substance_use" else "name"
    names = {item.get(key) for item in kept if isinstance(item, dict)}
    return kept + [item for item in new if not (isinstance(item, dict) and item.get(key) in names)]
