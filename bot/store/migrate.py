"""Bring a database's schema up to date, from code, whatever the current directory."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from bot.store.engine import make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def upgrade(database_url: str) -> None:
    """Apply every migration not yet applied; does nothing on an up-to-date database."""
    command.upgrade(_alembic_config(database_url), "head")


def current_revision(database_url: str) -> str | None:
    """The revision the database is at; None when no migration has ever run."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def head_revision() -> str:
    """The newest migration in this package."""
    head = ScriptDirectory.from_config(_alembic_config("sqlite://")).get_current_head()
    assert head is not None, "the migrations folder has no revision"
    return head


def _alembic_config(database_url: str) -> Config:
    # Built in code, not read from alembic.ini, so an installed package migrates too.
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Config is a ConfigParser: a "%" (as in a URL-encoded password) must be doubled.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config
