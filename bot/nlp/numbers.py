"""intake_numbers: every number a message states, read once for every field that needs one.

Sets `doc._.plain`, the message as plain lower-case words (bot.intake.parsing.text.plain: no
punctuation, emoji or filler, contractions spelled out; "/", "+", "@" and decimal points kept),
and `doc._.numbers`, each number in those words, written in digits or spelled out ("7", "seven",
"thirty four", "2.5"), as a `Number(value, start, end)` whose offsets index `doc._.plain`
(bot.intake.parsing.numbers.find_numbers). The age, distress, PHQ/GAD and duration readers use
them.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from bot.intake.parsing.numbers import find_numbers
from bot.intake.parsing.text import plain


class NumberReader:
    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        words = plain(doc.text)
        doc._.plain = words
        doc._.numbers = tuple(find_numbers(words))
        return doc


def _register_extensions() -> None:
    if not Doc.has_extension("plain"):
        Doc.set_extension("plain", default="")
    if not Doc.has_extension("numbers"):
        Doc.set_extension("numbers", default=())


@Language.factory("intake_numbers", default_config={})
def make_number_reader(nlp, name: str) -> NumberReader:  # type: ignore[no-untyped-def]
    _register_extensions()
    return NumberReader(name)
