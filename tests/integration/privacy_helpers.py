"""Raw scans of what a database holds, below the models that would decrypt it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine, make_url


def raw_hits(database_url: str, engine: Engine, marker: str) -> list[str]:
    """Where `marker` appears in the raw database: the SQLite files byte for byte (WAL included),
    or every column of every PostgreSQL table read as text."""
    if database_url.startswith("sqlite"):
        path = Path(str(make_url(database_url).database))
        files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-journal")]
        needle = marker.encode("utf-8")
        return [str(file) for file in files if file.exists() and needle in file.read_bytes()]
    hits = []
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            count = connection.execute(
                text(f'SELECT count(*) FROM "{table}" AS t WHERE t::text LIKE :pattern'),
                {"pattern": f"%{marker}%"},
            ).scalar_one()
            if count:
                hits.append(f"{table}: {count} row(s)")
    return hits
