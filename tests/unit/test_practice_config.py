"""The practice config is parsed once, and again whenever its file changes."""

from __future__ import annotations

import os
from pathlib import Path

from bot.config import DEFAULT_PRACTICE_FILE, settings_from_env


def test_the_practice_file_is_read_once_and_again_after_an_edit(tmp_path: Path):
    practice_file = tmp_path / "practice.yml"
    practice_file.write_text(DEFAULT_PRACTICE_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    settings = settings_from_env({"INTAKE_VAR_DIR": str(tmp_path), "PRACTICE_CONFIG": str(practice_file)})
    first = settings.practice

    assert settings.practice is first

    original_phone = first.phone
    practice_file.write_text(
        practice_file.read_text(encoding="utf-8").replace(original_phone, "(201) 555-0199", 1),
        encoding="utf-8",
    )
    os.utime(practice_file, ns=(0, practice_file.stat().st_mtime_ns + 1_000_000))

    assert settings.practice.phone == "(201) 555-0199"


def test_an_office_may_list_the_towns_it_is_nearest_to(tmp_path: Path):
    practice_file = tmp_path / "practice.yml"
    practice_file.write_text(
        DEFAULT_PRACTICE_FILE.read_text(encoding="utf-8").replace(
            "    address: Highland Park, NJ\n",
            "    address: Highland Park, NJ\n    nearby: [New Brunswick, Edison]\n",
            1,
        ),
        encoding="utf-8",
    )
    practice = settings_from_env(
        {"INTAKE_VAR_DIR": str(tmp_path), "PRACTICE_CONFIG": str(practice_file)}
    ).practice

    assert practice.nearby_towns == (("new brunswick", "Highland Park"), ("edison", "Highland Park"))


def test_the_default_practice_lists_no_nearby_towns():
    assert settings_from_env({}).practice.nearby_towns == ()
