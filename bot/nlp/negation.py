"""intake_negation: marks the lexicon terms a message negates, with negspacy's NegEx.

"no diabetes", "I don't have asthma", "I'm not on Zoloft": each span of the term groups named in
`span_keys` (doc.spans, from intake_terms) gets `span._.negex` True when a negation cue comes
before it in the same sentence, with no terminating word between ("no alcohol but weed": weed is
not negated). The cues are the termset in patterns/negation.json.

negspacy negates `doc.ents` only, and a group's spans may overlap another group's ("depression"
is a condition and a diagnosis), so NegEx is run once per group with that group's spans, which
never overlap, standing in as the entities; `doc.ents` is left empty afterwards. The extension is
keyed by character offsets, so the group's own spans carry the flag.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from negspacy.negation import Negex
from spacy.language import Language
from spacy.tokens import Doc

TERMSET = Path(__file__).resolve().parent / "patterns" / "negation.json"


def read_termset(path: Path = TERMSET) -> dict[str, list[str]]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


class TermNegation:
    def __init__(self, nlp: Language, name: str, *, span_keys: list[str]) -> None:
        self.name = name
        self.span_keys = list(span_keys)
        self.negex = Negex(
            nlp,
            f"{name}_negex",
            neg_termset=read_termset(),
            ent_types=[],
            extension_name="negex",
            chunk_prefix=[],
        )

    def __call__(self, doc: Doc) -> Doc:
        for key in self.span_keys:
            if key in doc.spans and len(doc.spans[key]):
                doc.set_ents(list(doc.spans[key]), default="outside")
                self.negex(doc)
        if doc.ents:
            doc.set_ents([], default="outside")
        return doc


@Language.factory(
    "intake_negation",
    default_config={"span_keys": ["medication", "condition", "diagnosis", "substance", "smoking"]},
)
def make_term_negation(nlp, name: str, span_keys: list[str]) -> TermNegation:  # type: ignore[no-untyped-def]
    # negspacy's Negex registers Span._.negex itself (behind has_extension).
    return TermNegation(nlp, name, span_keys=span_keys)
