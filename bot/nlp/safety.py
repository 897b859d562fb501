"""The safety net: finds crisis disclosures in any client message, whatever the intent classifier says.

Rules (patterns/safety/crisis.jsonl) mark spans as one of four categories. Guards
(patterns/safety/guards.jsonl) then drop the matches that are not disclosures:

- figure: an idiom overlapping the match ("die of embarrassment", "it hit me", "cut myself shaving");
- denial: a partner said plainly not to do it ("he has never threatened me", "she doesn't scare me");
- declined_consent: "I don't consent" as the whole reply declines the assistant's consent question;
- everyday, negated_mention: words the intent classifier takes for a crisis ("he pushes my buttons",
  "cut my hair", "my friend cuts herself", "not suicidal"). They rule out no match of the net; they
  only mark the message a lookalike, so the NLU overrules a classifier that guessed crisis on them;
- negation: a cue shortly before the match in the same clause ("I'm not suicidal", "he's never hit
  me"). The look-back stops at punctuation, a conjunction or a new subject, so "im not ok i want to
  die" still fires; "no one", "not sure" and the like are not cues. Rules marked `topic` ("suicidal
  thoughts") are also negated by a bare answer right after them ("self harm? never");
- dated: a narrative-past rule ("I was assaulted", "tried to kill myself") that is dated long ago in
  the same clause, or said to be resolved, is history, not a crisis, unless the message also says
  something recent ("again last night");
- consent: rough play ("he chokes me") in a message with signs of consent and none of non-consent.

Deliberately not guarded: laughter and emoji ("kms lol" fires: people wrap real disclosures in
humour) and hyperbole built on explicit self-harm words. "this is killing me lol", "I could die",
"dying to know" and "killed my drive" never match because bare kill/die are not rules.

Negation is our own windowed check rather than negspacy (which the extraction pipeline uses for
medications and conditions): negspacy negates entities, and it cannot tell "don't want to die" (negated) from "don't want to live"
(a disclosure whose rule contains the negation).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from bot.nlp.matching import AnchoredMatcher

DATA_DIR = Path(__file__).resolve().parent / "patterns" / "safety"
CATEGORIES = ("suicidal", "self_harm", "sexual_assault", "partner_danger")  # most acute first
_BRACES = re.compile(r"\{([^{}]*)\}")
# After a topic like "self harm", a bare answer ("no", "never", "not really") negates it.
_AFTER_BARE_ANSWER = frozenset(
    {"really", "at", "all", "ever", "currently", "now", "lately", "recently", "thankfully"}
)

# Guards that rule out any crisis match they overlap, and make a message a known lookalike.
_FIGURES = ("figure", "denial", "declined_consent")
# Guards that suppress nothing but still mark the message a lookalike.
_LOOKALIKE_ONLY = ("negated_mention", "everyday")
_PURPOSE = frozenset(
    {"so", "or", "otherwise", "unless", "until", "lest", "hope", "hoping", "pray", "praying", "that"}
)

TokenPattern = list[dict[str, Any]]


@dataclass(frozen=True)
class Detection:
    category: str
    text: str


def read_data(directory: Path = DATA_DIR) -> dict[str, Any]:
    def jsonl(name: str) -> list[dict[str, Any]]:
        lines = (directory / name).read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    lexicon = json.loads((directory / "lexicon.json").read_text(encoding="utf-8"))
    return {"lexicon": lexicon, "rules": jsonl("crisis.jsonl"), "guards": jsonl("guards.jsonl")}


def expand(phrase: str) -> list[str]:
    """'{want|wanna} to die' -> ['want to die', 'wanna to die']; an empty option drops the group."""
    match = _BRACES.search(phrase)
    if match is None:
        return [" ".join(phrase.split())]
    head, tail = phrase[: match.start()], phrase[match.end() :]
    return [variant for option in match.group(1).split("|") for variant in expand(f"{head} {option} {tail}")]


def compile_phrase(
    phrase: str,
    *,
    lexicon: dict[str, list[str]],
    norms: Callable[[str], list[str]],
    equivalents: dict[str, list[str]] | None = None,
) -> list[TokenPattern]:
    """One Matcher pattern per expansion. Units: @NAME (a lexicon word), ~ (any filler words),
    _ (any one optional token), #NUM, !a|b (any word but these), or literal words."""
    equivalents = equivalents or {}

    def literal(norm: str) -> dict[str, Any]:
        return {"NORM": {"IN": equivalents[norm]}} if norm in equivalents else {"NORM": norm}

    def unit(text: str) -> TokenPattern:
        if text == "~":
            return [{"NORM": {"IN": lexicon["FILLER"]}, "OP": "*"}]
        if text == "_":
            return [{"OP": "?"}]
        if text == "#NUM":
            return [{"LIKE_NUM": True}]
        if text.startswith("@"):
            return [{"NORM": {"IN": lexicon[text[1:]]}}]
        if text.startswith("!"):
            return [{"NORM": {"NOT_IN": [n for word in text[1:].split("|") for n in norms(word)]}}]
        return [literal(norm) for norm in norms(text)]

    return [[spec for text in variant.split() for spec in unit(text)] for variant in expand(phrase)]


class SafetyNet:
    """Sets doc._.crisis (the most acute category found, or None), doc._.crisis_spans, and
    doc._.crisis_lookalike: the spans the net recognised as crisis words and then ruled out (a
    negation, a figure of speech, history, consensual play). The NLU uses the last to overrule a
    classifier that took such a message for a disclosure."""

    def __init__(self, nlp: Language, name: str, *, negation_window: int, past_window: int) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.make_doc = nlp.make_doc
        self.negation_window = negation_window
        self.past_window = past_window
        self._norms: dict[str, list[str]] = {}
        self.load(read_data())

    def norms(self, text: str) -> list[str]:
        # The same few hundred words recur across thousands of expansions; tokenize each once.
        if text not in self._norms:
            self._norms[text] = [token.norm_ for token in self.make_doc(text)]
        return self._norms[text]

    def load(self, data: dict[str, Any]) -> None:
        self.data = data
        self.equivalents = {
            norm: group for group in data["lexicon"].get("_equivalent_norms", []) for norm in group
        }
        self.lexicon: dict[str, list[str]] = {}
        for name, words in data["lexicon"].items():
            if name.startswith("_"):
                continue
            normed = [self.norms(word) for word in words]
            if bad := [word for word, norm in zip(words, normed, strict=True) if len(norm) != 1]:
                raise ValueError(f"lexicon {name}: entries must be one token: {bad}")
            self.lexicon[name] = sorted({n for norm in normed for n in self.equivalents.get(norm[0], norm)})
        self.words = {name: frozenset(words) for name, words in self.lexicon.items()}
        self.topic_prefixes = tuple(data["lexicon"].get("_topic_prefixes", ()))
        self.rules = {rule["id"]: rule for rule in data["rules"]}
        self.rule_matcher = self._matcher((rule["id"], rule["phrases"]) for rule in data["rules"])
        self.guard_matcher = self._matcher(
            (guard["kind"] + ("_across_commas" if guard.get("crosses_commas") else ""), guard["phrases"])
            for guard in data["guards"]
        )

    def _matcher(self, entries: Iterable[tuple[str, list[str]]]) -> AnchoredMatcher:
        return AnchoredMatcher(
            self.vocab,
            (
                (
                    key,
                    [
                        pattern
                        for phrase in phrases
                        for pattern in compile_phrase(
                            phrase, lexicon=self.lexicon, norms=self.norms, equivalents=self.equivalents
                        )
                    ],
                )
                for key, phrases in entries
            ),
        )

    def __call__(self, doc: Doc) -> Doc:
        guards: dict[str, list[Span]] = {}
        for span in self.guard_matcher(doc):
            if span.label_ == "denial" and span.start > 0 and doc[span.start - 1].norm_ in _PURPOSE:
                continue  # "walking on eggshells so he doesn't hit me" is fear, not a denial
            if span.label_ == "declined_consent" and not _whole_reply(span):
                continue
            guards.setdefault(span.label_, []).append(span)
        candidates = filter_spans(self.rule_matcher(doc))
        kept: list[Span] = []
        ruled_out: list[Span] = []
        for span in sorted(candidates, key=lambda span: span.start):
            rule = self.rules[span.label_]
            labelled = Span(doc, span.start, span.end, label=rule["category"])
            (ruled_out if self.suppressed(span, rule, guards) else kept).append(labelled)
        # Spans live in doc.spans, which a Doc's pickle and deep copy keep (Rasa deep-copies a
        # parsed message that fell back); a Span held as an extension value cannot be pickled.
        doc.spans[_CRISIS_KEY] = kept
        doc._.crisis = min((span.label_ for span in kept), key=CATEGORIES.index, default=None)
        doc._.crisis_topic = self._on_topic(doc)
        consensual = () if guards.get("nonconsent") else tuple(guards.get("consent", ()))
        doc.spans[_LOOKALIKE_KEY] = [
            *ruled_out,
            *(span for kind in _FIGURES + _LOOKALIKE_ONLY for span in guards.get(kind, ())),
            *consensual,
        ]
        return doc

    def _on_topic(self, doc: Doc) -> bool:
        """Whether the message uses any word of the crisis vocabulary at all (self, safety, dying,
        hurting, force...): a classifier crisis with none of them is noise ("face to face")."""
        text = " ".join(token.norm_ for token in doc)
        words = text.split()
        return any(word.startswith(self.topic_prefixes) for word in words) or any(
            " " in prefix and prefix in text for prefix in self.topic_prefixes
        )

    def suppressed(self, span: Span, rule: dict[str, Any], guards: dict[str, list[Span]]) -> bool:
        if any(_overlap(span, figure) for kind in _FIGURES for figure in guards.get(kind, [])):
            return True
        cues = self._negation_cues(span.doc, guards.get("pseudo_negation", []))
        if self._negated_before(span, cues) or (rule.get("topic") and self._answered_no(span, cues)):
            return True
        if rule.get("dated") and self._in_the_past(span, guards):
            return True
        return bool(rule.get("consent") and guards.get("consent") and not guards.get("nonconsent"))

    def _negation_cues(self, doc: Doc, pseudo: list[Span]) -> set[int]:
        ignored = {i for span in pseudo for i in range(span.start, span.end)}
        return {token.i for token in doc if token.norm_ in self.words["NEGATION"] and token.i not in ignored}

    def _ends_clause(self, token: Any) -> bool:
        return bool(
            _breaks(token)
            or token.norm_ in self.words["CLAUSE_BREAK"]
            or token.norm_ in self.words["SUBJECT_PRONOUN"]
        )

    def _negated_before(self, span: Span, cues: set[int]) -> bool:
        words = 0
        for token in reversed(span.doc[: span.start]):
            if token.i in cues:
                return True
            if self._ends_clause(token):
                return False
            words += not token.is_punct  # "self-harm" is one word, not three
            if words >= self.negation_window:
                return False
        return False

    def _answered_no(self, span: Span, cues: set[int]) -> bool:
        """'self harm? never', 'suicidal thoughts: no, none', 'not really'; not 'no one knows'."""
        after = [token for token in span.doc[span.end :] if not token.is_punct][:2]
        if not after or after[0].i not in cues:
            return False
        if len(after) == 1 or span.doc[after[0].i + 1].is_punct:
            return True
        return after[1].i in cues or after[1].norm_ in _AFTER_BARE_ANSWER

    def _in_the_past(self, span: Span, guards: dict[str, list[Span]]) -> bool:
        if guards.get("recent"):
            return False
        if guards.get("resolved"):
            return True
        markers = [(m, False) for m in guards.get("distant_past", [])]
        markers += [(m, True) for m in guards.get("distant_past_across_commas", [])]
        return any(self._same_clause(span, marker, commas=commas) for marker, commas in markers)

    def _same_clause(self, span: Span, marker: Span, *, commas: bool) -> bool:
        between = span.doc[min(span.end, marker.end) : max(span.start, marker.start)]
        if len(between) > self.past_window:
            return False
        return not any(
            token.norm_ in self.words["CLAUSE_BREAK"]
            or (_breaks(token) and not (commas and token.text == ","))
            for token in between
        )

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "data.json").write_text(json.dumps(self.data, ensure_ascii=False), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> SafetyNet:
        self.load(json.loads((Path(path) / "data.json").read_text(encoding="utf-8")))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(self.data, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> SafetyNet:
        self.load(json.loads(data.decode("utf-8")))
        return self


def _breaks(token: Any) -> bool:
    """Punctuation ends a clause, except a hyphen or slash inside a word ("self-harm", "s/h")."""
    inside_word = (
        token.text in {"-", "/"} and not token.whitespace_ and token.i > 0 and not token.nbor(-1).whitespace_
    )
    return bool(token.is_punct and not inside_word)


# What may stand around "I don't consent" when it answers the consent question.
_AROUND_A_REPLY = frozenset(
    "no nope nah sorry um well then honestly actually ok okay thanks thank you to this that it the "
    "terms notice data storing sharing chat intake any of at all right now yet".split()
)


def _whole_reply(span: Span) -> bool:
    """The span is the message, give or take "no," before and "to this, thanks" after."""
    around = [*span.doc[: span.start], *span.doc[span.end :]]
    return all(token.is_punct or token.norm_ in _AROUND_A_REPLY for token in around)


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


_CRISIS_KEY = "intake_crisis"
_LOOKALIKE_KEY = "intake_crisis_lookalike"


def _span_group(doc: Doc, key: str) -> tuple[Span, ...]:
    return tuple(doc.spans[key]) if key in doc.spans else ()


def _register_extensions() -> None:
    if not Doc.has_extension("crisis"):
        Doc.set_extension("crisis", default=None)
    if not Doc.has_extension("crisis_spans"):
        Doc.set_extension("crisis_spans", getter=lambda doc: _span_group(doc, _CRISIS_KEY))
    if not Doc.has_extension("crisis_lookalike"):
        Doc.set_extension("crisis_lookalike", getter=lambda doc: _span_group(doc, _LOOKALIKE_KEY))
    if not Doc.has_extension("crisis_topic"):
        Doc.set_extension("crisis_topic", default=False)


@Language.factory("intake_safety_net", default_config={"negation_window": 6, "past_window": 12})
def make_safety_net(nlp, name: str, negation_window: int, past_window: int) -> SafetyNet:  # type: ignore[no-untyped-def]
    # `nlp` is left unannotated: with postponed annotations spaCy's config validation cannot
    # resolve the name "Language" and refuses to build the pipeline.
    _register_extensions()
    return SafetyNet(nlp, name, negation_window=negation_window, past_window=past_window)


@cache
def _pipeline() -> Language:
    from bot.nlp.build import build_pipeline  # builds from the repo's config, including this component

    return build_pipeline()


def detect(text: str) -> Detection | None:
    """The most acute crisis disclosed in `text`, or None."""
    doc = _pipeline()(text)
    if doc._.crisis is None:
        return None
    span = next(span for span in doc._.crisis_spans if span.label_ == doc._.crisis)
    return Detection(category=doc._.crisis, text=span.text)
