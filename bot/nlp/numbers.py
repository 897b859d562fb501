"""intake_numbers: every number a message states, read once for every field that needs one.

Doc extensions, each worked out the first time it is read and then kept on the Doc (most Docs
are only ever asked about their terms):

- `doc._.plain`: the message as plain lower-case words (bot.intake.parsing.text.plain: no
  punctuation, emoji or filler, contractions spelled out; "/", "+", "@" and decimal points kept);
- `doc._.numbers`: each number in those words, in digits or spelled out ("7", "seven", "thirty
  four", "2.5"), as a `Number(value, start, end)` whose offsets index `doc._.plain`
  (bot.intake.parsing.numbers.find_numbers).

The age, distress, PHQ/GAD and duration readers use them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from bot.intake.parsing.numbers import Number, find_numbers
from bot.intake.parsing.text import plain


def kept(name: str, compute: Callable[[Doc], Any]) -> Callable[[Doc], Any]:
    """A getter for a Doc extension that computes it on first read and keeps it in doc.user_data."""
    key = f"intake.{name}"

    def getter(doc: Doc) -> Any:
        if key not in doc.user_data:
            doc.user_data[key] = compute(doc)
        return doc.user_data[key]

    return getter


def _plain(doc: Doc) -> str:
    return plain(doc.text)


def _numbers(doc: Doc) -> tuple[Number, ...]:
    return tuple(find_numbers(doc._.plain))


class NumberReader:
    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return doc  # read on demand, through the extensions


def _register_extensions() -> None:
    if not Doc.has_extension("plain"):
        Doc.set_extension("plain", getter=kept("plain", _plain))
    if not Doc.has_extension("numbers"):
        Doc.set_extension("numbers", getter=kept("numbers", _numbers))


@Language.factory("intake_numbers", default_config={})
def make_number_reader(nlp, name: str) -> NumberReader:  # type: ignore[no-untyped-def]
    _register_extensions()
    return NumberReader(name)
