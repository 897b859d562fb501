"""Assembles Rasa's spaCy pipeline from config.cfg (its components read their own data files)."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "config.cfg"


def build_pipeline() -> Language:
    nlp = spacy.util.load_model_from_config(spacy.util.load_config(CONFIG), auto_fill=True)
    nlp.initialize()
    return nlp


def build_to(directory: Path) -> Path:
    nlp = build_pipeline()
    directory.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(directory)
    return directory
