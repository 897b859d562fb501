"""Engines and session factories for the intake store, built on demand from a database URL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool, StaticPool


def make_engine(url: str) -> Engine:
    # hide_parameters keeps clients' answers out of error messages and logs.
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _make_sqlite_engine(parsed)
    if backend == "postgresql":
        # Connections idle in the pool die when PostgreSQL restarts; check before use.
        return create_engine(parsed, future=True, hide_parameters=True, pool_pre_ping=True)
    return create_engine(parsed, future=True, hide_parameters=True)


def make_session_factory(engine: Engine) -> sessionmaker:
    # Objects stay readable after commit: services return them after the unit of work ends.
    return sessionmaker(bind=engine, future=True, expire_on_commit=False)


def _make_sqlite_engine(url: URL) -> Engine:
    options: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if _is_in_memory(url):
        # Every new connection to :memory: is a new empty database; share a single one.
        options["poolclass"] = StaticPool
    else:
        create_private_file(Path(str(url.database)).expanduser())
        # SQLAlchemy 1.4 opens and closes a file database's connection for every session. Closing
        # the last connection of a WAL database checkpoints the log into the file and deletes it,
        # so every message paid for a checkpoint, an extra fsync and the connection's pragmas;
        # kept open, the log is checkpointed every 1,000 pages as SQLite intends.
        options["poolclass"] = QueuePool
    engine = create_engine(url, future=True, hide_parameters=True, **options)
    event.listen(engine, "connect", _configure_sqlite_connection)
    return engine


def create_private_file(path: Path) -> None:
    """Creates the SQLite file readable by its owner only (its -wal and -shm files follow its
    mode); an existing file is left as it is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def _is_in_memory(url: URL) -> bool:
    database = url.database or ""
    return database in ("", ":memory:") or url.query.get("mode") == "memory"


def _configure_sqlite_connection(dbapi_connection: Any, connection_record: Any) -> None:
    """Every SQLite connection of the intake store and Rasa's tracker store."""
    cursor = dbapi_connection.cursor()
    try:
        # WAL lets the dashboard read while the action server writes, and a commit is one write to
        # the log instead of several to the journal and the file.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten, not left in free pages: an erasure leaves no trace in the file.
        cursor.execute("PRAGMA secure_delete=ON")
    finally:
        cursor.close()
