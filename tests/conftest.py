from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from bot.store import crypto

# The shared contracts (schema, examples) sit beside the repository;
# INTAKE_SHARED_DIR points elsewhere.
_DEFAULT_SHARED_DIR = Path(__file__).parents[1] / ".." / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return Path(os.environ.get("INTAKE_SHARED_DIR") or _DEFAULT_SHARED_DIR).resolve()


@pytest.fixture(scope="session")
def summary_schema(shared_dir: Path) -> dict:
    return json.loads((shared_dir / "intake_summary.schema.json").read_text(encoding="utf-8"))


def pytest_configure(config: pytest.Config) -> None:
    """One throwaway encryption key file for the whole run, shared with the processes tests
    start (CLI, the running stack) through INTAKE_KEY_FILE."""
    folder = tempfile.mkdtemp(prefix="intake-test-keys-")
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
    key_file = Path(folder) / "intake.keys"
    crypto.create_key_file(key_file)
    os.environ.pop("INTAKE_ENCRYPTION_KEYS", None)
    os.environ["INTAKE_KEY_FILE"] = str(key_file)
    crypto.use_keys(crypto.KeySource(path=key_file))
