"""Retrying a tracker-store operation while the database cannot be reached, for a bounded time.

Rasa wraps every tracker store in `FailSafeTrackerStore`, which answers a failed save by keeping
the conversation in memory (lost at the next restart, invisible to other replicas) and a failed
read by starting the conversation afresh. Neither is acceptable for a client's story, so the
project's store retries with backoff and then raises, and `fail_loudly` makes the wrapper pass
that error on: the client is told to send again instead of being silently forgotten.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy import exc

from bot.errors import StoreUnavailable
from bot.store.errors import _is_connection_failure

logger = logging.getLogger(__name__)

T = TypeVar("T")


def is_transient(error: BaseException) -> bool:
    """A failure that a later attempt on a fresh connection can fix."""
    if isinstance(error, exc.OperationalError):  # includes "server closed the connection", locked SQLite
        return True
    return isinstance(error, exc.SQLAlchemyError) and _is_connection_failure(error)


async def retrying(
    operation: Callable[[], Awaitable[T]],
    *,
    what: str,
    within_seconds: float,
    first_delay: float = 0.2,
    max_delay: float = 2.0,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
) -> T:
    """The operation's result, retried with exponential backoff on transient database errors for
    at most `within_seconds`; then StoreUnavailable. Other errors pass through at once."""
    deadline = clock() + within_seconds
    delay = first_delay
    attempt = 1
    while True:
        try:
            return await operation()
        except Exception as error:
            if not is_transient(error):
                raise
            remaining = deadline - clock()
            # Only the error's class: SQLAlchemy's message can quote the statement's values.
            reason = type(error).__name__
            if remaining <= 0:
                logger.error("%s failed after %d attempts (%s); giving up", what, attempt, reason)
                raise StoreUnavailable(
                    f"{what} failed: the database could not be reached ({reason})."
                ) from error
            logger.warning("%s failed (%s); retrying, attempt %d", what, reason, attempt + 1)
            await sleep(min(delay, remaining))
            delay = min(delay * 2, max_delay)
            attempt += 1


def fail_loudly(failsafe_class: Any) -> None:
    """Makes Rasa's FailSafeTrackerStore re-raise the errors of a store that says so (its class
    has `fail_loudly = True`) instead of falling back to memory or to an empty conversation."""
    if getattr(failsafe_class, "_intake_fails_loudly", False):
        return
    on_save_error = failsafe_class.on_tracker_store_error
    on_retrieve_error = failsafe_class.on_tracker_store_retrieve_error

    def _raise_or(original: Callable[[Any, Exception], None]) -> Callable[[Any, Exception], None]:
        def handler(self: Any, error: Exception) -> None:
            if getattr(self._tracker_store, "fail_loudly", False):
                raise error
            original(self, error)

        return handler

    failsafe_class.on_tracker_store_error = _raise_or(on_save_error)
    failsafe_class.on_tracker_store_retrieve_error = _raise_or(on_retrieve_error)
    failsafe_class._intake_fails_loudly = True
