"""`intake export --conversation-id ID` on both databases, as a separate process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import jsonschema

from bot.intake.summary import IntakeState, build_summary
from bot.store.services import save_summary

INTAKE = Path(sys.executable).parent / "intake"


def _export(database_url: str, conversation_id: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [str(INTAKE), "export", "--conversation-id", conversation_id],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_export_prints_the_stored_summary_with_its_transcript(database_url, uow, summary_schema) -> None:
    now = datetime(2026, 11, 20, 19, 2, tzinfo=timezone.utc)
    state = IntakeState(
        conversation_id="export-1",
        intake_id="4b0f6d7e-0000-4000-8000-000000000001",
        started_at=now,
        updated_at=now,
        answers={"preferred_name": "Test Person", "age": 40},
        skipped=[],
        verbatim={},
        evidence={"preferred_name": [2]},
        disclosures=[],
    )
    transcript = [{"speaker": "client", "text": "hi", "at": "2026-11-20T19:02:00Z"}]
    save_summary(uow=uow, summary=build_summary(state), transcript=transcript)

    result = _export(database_url, "export-1")

    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    jsonschema.Draft202012Validator(summary_schema).validate(summary)
    assert summary["client"]["preferred_name"] == "Test Person"
    assert summary["transcript"] == transcript


def test_export_of_an_unknown_conversation_exits_1_with_a_message(database_url, uow) -> None:
    result = _export(database_url, "no-such-conversation")

    assert result.returncode == 1
    assert result.stdout == ""
    assert "no intake for conversation 'no-such-conversation'" in result.stderr
