"""SQLAlchemy's errors translated into the project's, in one place.

Messages name only the error class: SQLAlchemy's own text can quote the statement's values, which
are client data.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc

from bot.errors import StoreError, StoreUnavailable


@contextmanager
def translated_errors() -> Iterator[None]:
    try:
        yield
    except exc.SQLAlchemyError as error:
        # The message names only the error class: SQLAlchemy's own text can quote client data.
        reason = type(error).__name__
        if _is_connection_failure(error):
            raise StoreUnavailable(f"The intake store could not be reached ({reason}).") from error
        raise StoreError(f"The intake store could not be read or written ({reason}).") from error


def _is_connection_failure(error: exc.SQLAlchemyError) -> bool:
    if isinstance(error, (exc.DisconnectionError, exc.TimeoutError)):
        return True
    if isinstance(error, exc.DBAPIError):
        # A DBAPI error raised while connecting carries no statement.
        connecting = isinstance(error, (exc.OperationalError, exc.InterfaceError)) and (
            error.statement is None
        )
        return bool(error.connection_invalidated) or connecting
    return False
