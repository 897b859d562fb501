from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from bot.store.engine import make_engine
from bot.store.migrate import current_revision, head_revision, upgrade
from bot.store.models import metadata

HEAD = head_revision()


def test_a_new_database_has_no_revision(database_url: str) -> None:
    assert current_revision(database_url) is None


def test_upgrade_creates_the_intakes_table_with_its_indexes(database_url: str) -> None:
    upgrade(database_url)

    engine = make_engine(database_url)
    try:
        inspector = inspect(engine)
        columns = {column["name"] for column in inspector.get_columns("intakes")}
        indexes = {index["name"]: index for index in inspector.get_indexes("intakes")}
    finally:
        engine.dispose()
    assert columns == {
        "id", "conversation_id", "status", "urgent", "summary", "transcript",
        "created_at", "updated_at", "completed_at", "version", "reviewed_at", "reviewed_by",
        "consent_at", "notice_version", "exported_at",
    }  # fmt: skip
    assert set(indexes) == {"ix_intakes_conversation_id", "ix_intakes_status", "ix_intakes_urgent"}
    assert indexes["ix_intakes_conversation_id"]["unique"]
    assert current_revision(database_url) == HEAD


def test_upgrading_twice_changes_nothing(database_url: str) -> None:
    upgrade(database_url)

    upgrade(database_url)

    assert current_revision(database_url) == HEAD


def test_upgrade_works_from_any_working_directory(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)

    upgrade(database_url)

    assert current_revision(database_url) == HEAD


def test_the_migrations_match_the_models(database_url: str) -> None:
    upgrade(database_url)

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, metadata)
    finally:
        engine.dispose()

    assert differences == []
