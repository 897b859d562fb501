from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

# The shared contracts (schema, examples) sit beside the repository;
# INTAKE_SHARED_DIR points elsewhere.
_DEFAULT_SHARED_DIR = Path(__file__).parents[1] / ".." / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return Path(os.environ.get("INTAKE_SHARED_DIR") or _DEFAULT_SHARED_DIR).resolve()


@pytest.fixture(scope="session")
def summary_schema(shared_dir: Path) -> dict:
    return json.loads((shared_dir / "intake_summary.schema.json").read_text(encoding="utf-8"))
