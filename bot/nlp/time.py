"""intake_time: when a problem started, as a message tells it.

Doc extensions, each worked out the first time it is read and then kept on the Doc (most Docs
are only ever asked about their terms):

- `doc._.duration_months`: the longest duration stated, in months ("two years", "a year and a
  half", "5-6 months", "married 10 years, together 12" -> 144), or None
  (bot.intake.parsing.numbers.duration_months);
- `doc._.start_on(today)`: an absolute or calendar start ("since 2019", "March 2020", "last
  spring", "since the summer of '21") as a `Start(year, month)`, read against the date of the
  conversation; dateparser is the fallback for the words after "since"
  (bot.intake.parsing.numbers.find_start);
- `doc._.life_events`: the life events named (the patterns of lexicons/life_events.json: "since
  the baby was born", "after my prostate surgery", ...), and "new medication" when a medication
  (intake_terms' spans) follows words like "started" or "since I went on".

bot.intake.parsing.concern.onset puts these together into the summary's onset.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from bot.intake.parsing.lexicon import patterns
from bot.intake.parsing.numbers import Start, duration_months, find_start
from bot.nlp.numbers import kept

_STARTED_BEFORE = re.compile(
    r"\b(?:started|starting|began|begun|since|after|went on|put on|switched to|changed to|upped|increased)"
    r"(?:\s+(?:taking|on|using|my|the))?\s*$"
)
# Where intake_time leaves, on each Doc, the name of the span group that holds the medications.
_MEDICATION_KEY = "intake.medication_key"


def _duration_months(doc: Doc) -> float | None:
    return duration_months(doc.text)


def _start_on(doc: Doc, today: date) -> Start | None:
    key = f"intake.start_on.{today.isoformat()}"
    if key not in doc.user_data:
        doc.user_data[key] = find_start(doc.text, today)
    return doc.user_data[key]  # type: ignore[no-any-return]


def _life_events(doc: Doc) -> tuple[str, ...]:
    words = doc.text.lower()
    found = [label for label, pattern in patterns("life_events") if pattern.search(words)]
    # "since I started Lexapro": a medication named right after starting it is a new medication.
    key = doc.user_data.get(_MEDICATION_KEY)
    medications = doc.spans[key] if key in doc.spans else ()
    if "new medication" not in found and any(
        _STARTED_BEFORE.search(words[: span.start_char]) for span in medications
    ):
        found.append("new medication")
    return tuple(found)


class TimeReader:
    def __init__(self, name: str, *, medication_key: str) -> None:
        self.name = name
        self.medication_key = medication_key

    def __call__(self, doc: Doc) -> Doc:
        # The rest is read on demand, through the extensions.
        doc.user_data[_MEDICATION_KEY] = self.medication_key
        return doc


def _register_extensions() -> None:
    if not Doc.has_extension("duration_months"):
        Doc.set_extension("duration_months", getter=kept("duration_months", _duration_months))
    if not Doc.has_extension("start_on"):
        Doc.set_extension("start_on", method=_start_on)
    if not Doc.has_extension("life_events"):
        Doc.set_extension("life_events", getter=kept("life_events", _life_events))


@Language.factory("intake_time", default_config={"medication_key": "medication"})
def make_time_reader(nlp, name: str, medication_key: str) -> TimeReader:  # type: ignore[no-untyped-def]
    _register_extensions()
    return TimeReader(name, medication_key=medication_key)
