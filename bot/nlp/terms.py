"""intake_terms: the lexicon terms a message names, as labelled spans.

The terms are those of the lexicons in bot/intake/lexicons (read from there, never copied):

- medication: generic names, brand names and aliases from medications.json -> the generic name;
- condition: medical conditions and their aliases from medical_conditions.json -> the condition;
- diagnosis: mental health diagnoses and their aliases from mental_health.json -> the diagnosis;
- substance: substances and the words for them from substances.json -> the substance;
- smoking: the smoking and vaping verbs of substances.json -> "tobacco".

A PhraseMatcher on lower-case tokens finds every surface form. A match counts only as a whole
word: not after a letter, digit, apostrophe or hyphen ("non-diabetic") and not before a letter,
digit or hyphen ("zoloft-induced"). Within a group the leftmost match wins and, where several
start at one place, the longest ("prostate cancer" before "cancer"), so a group's spans never
overlap; groups may overlap each other ("depression" is a condition and a diagnosis). A term that is
also a courtesy title before a name ("Ms Jones") is no term.

Output: `doc.spans[group]` for each group with a match, each span labelled with the group, its `kb_id_` the
lexicon key it stands for, and `span._.term` the words as matched, in lower case.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from bot.intake.parsing.lexicon import load

GROUPS = ("medication", "condition", "diagnosis", "substance", "smoking")
_WORD_BEFORE = re.compile(r"[\w'-]")
_WORD_AFTER = re.compile(r"[\w-]")


def _medications() -> dict[str, str]:
    terms: dict[str, str] = {}
    for name, entry in load("medications")["medications"].items():
        terms[name] = name
        for alias in entry["aliases"]:
            terms[alias.lower()] = name
    return terms


def _conditions() -> dict[str, str]:
    entries = load("medical_conditions")["conditions"]
    return {alias.lower(): name for name, entry in entries.items() for alias in [name, *entry["aliases"]]}


def _diagnoses() -> dict[str, str]:
    return {
        alias.lower(): name
        for name, aliases in load("mental_health")["diagnoses"].items()
        for alias in aliases
    }


def _substances() -> dict[str, str]:
    return {
        alias.lower(): name for name, aliases in load("substances")["substances"].items() for alias in aliases
    }


def _smoking_verbs() -> dict[str, str]:
    return {verb: "tobacco" for verb in load("substances")["smoking_verbs"]}


# Each group's lower-case surface forms -> the lexicon key they stand for.
_READERS: dict[str, Callable[[], dict[str, str]]] = {
    "medication": _medications,
    "condition": _conditions,
    "diagnosis": _diagnoses,
    "substance": _substances,
    "smoking": _smoking_verbs,
}


def read_terms(groups: Iterable[str] = GROUPS) -> dict[str, dict[str, str]]:
    """{group: {surface form: key}} from the lexicon files."""
    return {group: _READERS[group]() for group in groups}


class TermMatcher:
    def __init__(self, nlp: Language, name: str, *, groups: list[str]) -> None:
        unknown = set(groups) - set(_READERS)
        if unknown:
            raise ValueError(f"intake_terms: unknown term groups {sorted(unknown)}; known: {list(_READERS)}")
        self.name = name
        self.vocab = nlp.vocab
        self.make_doc = nlp.make_doc
        self.groups = list(groups)
        self.load(read_terms(self.groups))

    def load(self, terms: dict[str, dict[str, str]]) -> None:
        self.terms = terms
        self.matcher = PhraseMatcher(self.vocab, attr="LOWER")
        for group, table in terms.items():
            self.matcher.add(group, [self.make_doc(term) for term in table])

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        found: dict[str, list[tuple[int, int, str]]] = {group: [] for group in self.groups}
        for match_id, start, end in self.matcher(doc):
            group = self.vocab.strings[match_id]
            span = doc[start:end]
            # The phrase matcher ignores the spaces between tokens; the surface form must be exact.
            key = self.terms[group].get(span.text.lower())
            if key is None or not _whole_word(text, span.start_char, span.end_char) or _a_title(span):
                continue
            found[group].append((start, end, key))
        for group, matches in found.items():
            spans: list[Span] = []
            last_end = 0
            for start, end, key in sorted(matches, key=lambda m: (m[0], -(m[1] - m[0]))):
                if start >= last_end:
                    spans.append(Span(doc, start, end, label=group, kb_id=key))
                    last_end = end
            if spans:
                doc.spans[group] = spans
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "terms.json").write_text(json.dumps(self.terms, ensure_ascii=False), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> TermMatcher:
        self.load(json.loads((Path(path) / "terms.json").read_text(encoding="utf-8")))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(self.terms, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> TermMatcher:
        self.load(json.loads(data.decode("utf-8")))
        return self


def _whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1 : start].lower()
    after = text[end : end + 1].lower()
    return not (before and _WORD_BEFORE.match(before)) and not (after and _WORD_AFTER.match(after))


# Terms that are also a courtesy title before a name: "Ms Jones" is a person, "MS" a condition.
_TITLES = frozenset({"ms"})


def _a_title(span: Span) -> bool:
    """Whether the span is a title before a name: "Ms Jones", "Ms. Patel", "ms Jones" (not "MS")."""
    if span.text.lower() not in _TITLES or span.text.isupper():
        return False
    doc = span.doc
    after = span.end + 1 if span.end < len(doc) and doc[span.end].text == "." else span.end
    if after >= len(doc) or not doc[after].is_alpha:
        return False
    return span.text[0].isupper() or doc[after].is_title


def _term(span: Span) -> str:
    return span.text.lower()


def _register_extensions() -> None:
    if not Span.has_extension("term"):
        Span.set_extension("term", getter=_term)


def spans(doc: Doc, group: str) -> list[Span]:
    """The group's spans in `doc`, in order ([] when none were found)."""
    found = doc.spans.get(group)
    return list(found) if found is not None else []


@Language.factory("intake_terms", default_config={"groups": list(GROUPS)})
def make_term_matcher(nlp, name: str, groups: list[str]) -> TermMatcher:  # type: ignore[no-untyped-def]
    # `nlp` unannotated, as in bot.nlp.safety: spaCy cannot resolve postponed annotations here.
    _register_extensions()
    return TermMatcher(nlp, name, groups=groups)


__all__ = ["GROUPS", "TermMatcher", "make_term_matcher", "read_terms", "spans"]
