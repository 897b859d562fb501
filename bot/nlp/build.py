"""Assembles the spaCy pipeline from config.cfg and this repo's pattern and lexicon files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "config.cfg"
PATTERNS = HERE / "patterns"
LEXICONS = HERE.parent / "intake" / "lexicons"


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _medication_patterns() -> list[dict[str, Any]]:
    path = LEXICONS / "medications.json"
    if not path.exists():
        return []
    lexicon = json.loads(path.read_text(encoding="utf-8"))
    patterns = []
    for generic, entry in lexicon.items():
        if generic.startswith("_") or not isinstance(entry, dict):
            continue
        for name in {generic, *entry.get("brands", []), *entry.get("aliases", [])}:
            patterns.append({"label": "MEDICATION", "pattern": name.lower(), "id": generic})
    return patterns


def pattern_files() -> list[Path]:
    return sorted(PATTERNS.glob("*.jsonl"))


def build_pipeline() -> Language:
    nlp = spacy.util.load_model_from_config(spacy.util.load_config(CONFIG), auto_fill=True)
    nlp.initialize()  # before the patterns: initializing an entity ruler empties it
    patterns = [pattern for path in pattern_files() for pattern in _read_jsonl(path)]
    nlp.get_pipe("entity_ruler").add_patterns(patterns + _medication_patterns())  # type: ignore[attr-defined]
    return nlp


def build_to(directory: Path) -> Path:
    nlp = build_pipeline()
    directory.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(directory)
    return directory
