"""A token Matcher for very many patterns that runs only the patterns a message could match.

The safety net compiles its phrases into about 100,000 Matcher patterns (every spelling and
filler of every phrase). spaCy's Matcher tries every pattern at every token, which cost 15 to
25 ms a message. Here the patterns are grouped by what their first token must be (a word, or one
of a list of words), one Matcher per group, and a message runs only the groups whose first word
it contains: the same matches in well under a millisecond. A pattern whose first token is not a
plain NORM test (a number, an optional token) is in a group that always runs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

TokenPattern = list[dict[str, Any]]
_ALWAYS: tuple[str, ...] = ()


def _first_words(pattern: TokenPattern) -> tuple[str, ...]:
    """The words the first token must be one of; () when that is not a plain NORM test."""
    first = pattern[0] if pattern else {}
    if set(first) != {"NORM"}:
        return _ALWAYS
    norm = first["NORM"]
    if isinstance(norm, str):
        return (norm,)
    if isinstance(norm, dict) and set(norm) == {"IN"}:
        return tuple(sorted(norm["IN"]))
    return _ALWAYS


class AnchoredMatcher:
    """Finds the same (label, start, end) spans as one Matcher holding every pattern would."""

    def __init__(self, vocab: Vocab, entries: Iterable[tuple[str, Sequence[TokenPattern]]]) -> None:
        grouped: dict[tuple[str, ...], dict[str, list[TokenPattern]]] = defaultdict(lambda: defaultdict(list))
        self.labels: list[str] = []
        for label, patterns in entries:
            self.labels.append(label)
            for pattern in patterns:
                grouped[_first_words(pattern)][label].append(pattern)
        self._groups: dict[tuple[str, ...], Matcher] = {}
        self._by_word: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for words, by_label in grouped.items():
            # Our compiler writes every pattern; spaCy's per-pattern validation would take
            # seconds here and is run once over the data by the tests instead.
            matcher = Matcher(vocab, validate=False)
            for label, patterns in by_label.items():
                matcher.add(label, patterns)
            self._groups[words] = matcher
            for word in words:
                self._by_word[word].append(words)
        self._order = {label: index for index, label in enumerate(self.labels)}

    def __len__(self) -> int:
        return len(self.labels)

    def __call__(self, doc: Doc) -> list[Span]:
        """The matches as spans labelled with their key, in text order (start, end, then the
        order the labels were given in), each (label, start, end) once."""
        groups = {_ALWAYS} & self._groups.keys()
        for norm in {token.norm_ for token in doc}:
            groups.update(self._by_word.get(norm, ()))
        found: dict[tuple[int, int, str], Span] = {}
        for words in groups:
            for span in self._groups[words](doc, as_spans=True):
                found.setdefault((span.start, span.end, span.label_), span)
        return sorted(found.values(), key=lambda span: (span.start, span.end, self._order[span.label_]))
