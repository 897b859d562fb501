"""Build steps behind `make run` and `make test`: the spaCy pipeline, the assembled Rasa domain,
and the Rasa model, retrained only when a fingerprint of its inputs changes."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import yaml

from bot.config import ROOT, Settings
from bot.nlp import build as nlp_build
from bot.practice_responses import render_responses

SPACY_DIR = Path("var/build/spacy/intake_en")  # relative: config.yml names it so
EXTRACT_DIR = Path("var/build/spacy/intake_extract_en")
DOMAIN_DIR = Path("var/build/domain")
MODELS_DIR = Path("models")

_MODEL_INPUTS = (
    "config.yml",
    "domain.yml",
    "data",
    "bot/rasa_safety.py",
    "bot/rasa_faq.py",
    "bot/rasa_rules.py",
)
# Rasa's pipeline only (bot/nlp/config.cfg); they are part of the model's fingerprint, so the
# extraction pipeline's files are not.
_SPACY_INPUTS = (
    "bot/nlp/__init__.py",
    "bot/nlp/build.py",
    "bot/nlp/config.cfg",
    "bot/nlp/matching.py",
    "bot/nlp/patterns/safety",
    "bot/nlp/safety.py",
)
_EXTRACT_INPUTS = (
    "bot/nlp/extraction.cfg",
    "bot/nlp/extraction.py",
    "bot/nlp/terms.py",
    "bot/nlp/negation.py",
    "bot/nlp/numbers.py",
    "bot/nlp/time.py",
    "bot/nlp/patterns/negation.json",
    "bot/intake/lexicons",
)
_DOMAIN_INPUTS = ("domain.yml", "bot/practice_responses.py")


def _files(paths: tuple[str, ...] | list[Path]) -> list[Path]:
    found: list[Path] = []
    for entry in paths:
        path = ROOT / entry
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        elif path.is_file():
            found.append(path)
    return found


def fingerprint(paths: list[Path], *, extra: str = "") -> str:
    digest = hashlib.sha256(extra.encode())
    for path in sorted(paths):
        digest.update(str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _stamped(directory: Path, stamp: str) -> bool:
    marker = ROOT / directory / ".fingerprint"
    return marker.exists() and marker.read_text() == stamp


def _stamp(directory: Path, stamp: str) -> None:
    (ROOT / directory / ".fingerprint").write_text(stamp)


def build_spacy() -> Path:
    stamp = fingerprint(_files(_SPACY_INPUTS), extra=version("spacy"))
    if not _stamped(SPACY_DIR, stamp):
        shutil.rmtree(ROOT / SPACY_DIR, ignore_errors=True)
        nlp_build.build_to(ROOT / SPACY_DIR)
        _stamp(SPACY_DIR, stamp)
    return ROOT / SPACY_DIR


def _extraction_stamp() -> str:
    return fingerprint(_files(_EXTRACT_INPUTS), extra=version("spacy"))


def build_extraction() -> Path:
    """The pipeline the normalisers and the extraction share (bot/nlp/extraction.cfg)."""
    from bot.nlp import extraction

    stamp = _extraction_stamp()
    if not _stamped(EXTRACT_DIR, stamp):
        shutil.rmtree(ROOT / EXTRACT_DIR, ignore_errors=True)
        (ROOT / EXTRACT_DIR).parent.mkdir(parents=True, exist_ok=True)
        extraction.assemble().to_disk(ROOT / EXTRACT_DIR)
        _stamp(EXTRACT_DIR, stamp)
    return ROOT / EXTRACT_DIR


def current_extraction_build() -> Path | None:
    """The built extraction pipeline, if it was built from the files as they are now."""
    if not (ROOT / EXTRACT_DIR / ".fingerprint").exists():
        return None
    return ROOT / EXTRACT_DIR if _stamped(EXTRACT_DIR, _extraction_stamp()) else None


def build_domain(settings: Settings) -> Path:
    target = ROOT / DOMAIN_DIR
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "domain.yml", target / "domain.yml")
    practice_domain = {"version": "3.1", "responses": render_responses(settings.practice)}
    (target / "practice.yml").write_text(
        "# Generated from the practice config by `intake build`; edit config/practice.yml.\n"
        + yaml.safe_dump(practice_domain, allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )
    return target


def build(settings: Settings) -> None:
    build_spacy()
    build_extraction()
    build_domain(settings)


def model_fingerprint(settings: Settings) -> str:
    inputs = _files(_MODEL_INPUTS) + _files(_SPACY_INPUTS) + _files(_DOMAIN_INPUTS)
    inputs.append(settings.practice_file)
    return fingerprint(inputs, extra=version("rasa"))


def model_path(settings: Settings) -> Path:
    return ROOT / MODELS_DIR / f"intake-{model_fingerprint(settings)}.tar.gz"


def train(settings: Settings, *, force: bool = False) -> Path:
    """Trains the Rasa model unless one for exactly these inputs exists."""
    build(settings)
    path = model_path(settings)
    if path.exists() and not force:
        return path
    rasa = Path(sys.executable).parent / "rasa"
    subprocess.run(
        [
            str(rasa),
            "train",
            "--config",
            "config.yml",
            "--domain",
            str(DOMAIN_DIR),
            "--data",
            "data",
            "--out",
            str(MODELS_DIR),
            "--fixed-model-name",
            path.name.removesuffix(".tar.gz"),
        ],
        cwd=ROOT,
        check=True,
    )
    for stale in (ROOT / MODELS_DIR).glob("intake-*.tar.gz"):
        if stale != path:
            stale.unlink()
    return path
