"""Persistence of intake summaries: SQLAlchemy models, repository, unit of work and migrations.

Nothing here creates an engine at import time: callers build one with `make_engine(url)` and
pass a session factory (or a unit of work) into the services.
"""
