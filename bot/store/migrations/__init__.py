"""Alembic migrations of the intake store; a package so that they ship with an installed `bot`."""
