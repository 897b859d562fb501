"""The one extraction pipeline of a process, and the Doc of each text it has read.

`analyse(text)` is the Doc of the text, tidied (bot.intake.parsing.text.tidy), through the
pipeline of extraction.cfg: the term spans (intake_terms) and their negation (intake_negation),
`doc._.plain` and `doc._.numbers` (intake_numbers), and `doc._.duration_months`,
`doc._.start_on(today)` and `doc._.life_events` (intake_time). The normalisers and the extraction
ask for the same texts again and again (an answer, its clauses, the same clause for several
fields), so recent Docs are kept; a Doc is shared, so nobody may change one.

The pipeline is loaded once per process: from var/build/spacy/intake_extract_en when `intake
build` has built it from the current lexicons and config, otherwise assembled in memory from
extraction.cfg (unit tests need no build step).
"""

from __future__ import annotations

import sys


def _import_spacy_without_tensorflow() -> None:
    """spaCy's thinc imports TensorFlow whenever it is installed (it is, for Rasa), which costs the
    action server about 600 MB and 5 s at start for nothing: these components have no weights.
    So thinc is first imported with TensorFlow hidden, in a process that has not loaded it yet;
    TensorFlow itself stays importable for whatever needs it later (Rasa, in tests)."""
    if "thinc.compat" in sys.modules or "tensorflow" in sys.modules:
        return
    sys.modules["tensorflow"] = None  # type: ignore[assignment]  # `import tensorflow` raises ImportError
    try:
        import thinc.compat  # noqa: F401
    finally:
        del sys.modules["tensorflow"]


_import_spacy_without_tensorflow()

from functools import cache, lru_cache  # noqa: E402
from pathlib import Path  # noqa: E402

import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from bot.intake.parsing.text import tidy  # noqa: E402

NAME = "intake_extract_en"
CONFIG = Path(__file__).resolve().parent / "extraction.cfg"
_KEPT_DOCS = 4096


def _register_components() -> None:
    # Importing the modules registers their factories (installed, the entry points do the same).
    from bot.nlp import negation, numbers, terms, time  # noqa: F401


def assemble() -> Language:
    """The pipeline from extraction.cfg, in memory."""
    _register_components()
    nlp = spacy.util.load_model_from_config(spacy.util.load_config(CONFIG), auto_fill=True)
    nlp.initialize()
    return nlp


@cache
def pipeline() -> Language:
    """The built pipeline when it is current, else the assembled one; the same for the whole process."""
    from bot.build import current_extraction_build  # bot.build imports this package

    _register_components()
    built: Path | None = current_extraction_build()
    return spacy.load(built) if built is not None else assemble()


@lru_cache(maxsize=_KEPT_DOCS)
def analyse(text: str) -> Doc:
    """The Doc of `text`, tidied; shared with every other caller, so read it, never change it."""
    return pipeline()(tidy(text))
