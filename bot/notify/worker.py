"""Sending the outbox: due notices go out, failures come back later with exponential backoff.

Rows are never deleted, and a failure (even a permanent one, such as a refused address) only
postpones the next attempt: once the configuration is fixed, the notice still arrives.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy.orm import sessionmaker

from bot.config import Settings
from bot.errors import NotificationError, NotificationRejected, StoreError
from bot.notify import email
from bot.notify.outbox import URGENT_INTAKE, Notice, claim, due_ids, mark_failed, mark_sent
from bot.store.errors import translated_errors

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
# Longer than any SMTP conversation (connect and send timeouts), so a live worker keeps its claim.
LEASE = timedelta(minutes=5)
BATCH = 50


@dataclass(frozen=True)
class DeliveryReport:
    sent: int = 0
    failed: int = 0


def retry_delay(attempts: int) -> timedelta:
    """30 s after the first failure, doubling each time, never more than an hour."""
    exponent = min(max(attempts - 1, 0), 16)  # bounded so the multiplication stays small
    return min(FIRST_RETRY * 2**exponent, LONGEST_RETRY)


def deliver_due(
    *, session_factory: sessionmaker, settings: Settings, now: datetime | None = None
) -> DeliveryReport:
    """Sends every notice due at `now`; raises `StoreError` only when the outbox cannot be read."""

    def clock() -> datetime:
        # Read per notice: with slow sends, a batch-wide time would hand out leases already over.
        return now or datetime.now(timezone.utc)

    sent = failed = 0
    with translated_errors(), session_factory() as session:
        candidates = due_ids(session=session, now=clock(), limit=BATCH)
    for outbox_id in candidates:
        with translated_errors(), session_factory() as session:
            notice = claim(session=session, outbox_id=outbox_id, now=clock(), lease=LEASE)
            session.commit()
        if notice is None:
            continue
        error = _send(notice, settings=settings)
        if error is None:
            _settle_sent(notice, session_factory=session_factory, now=clock())
            sent += 1
        else:
            _settle_failed(notice, error=error, session_factory=session_factory, now=clock())
            failed += 1
    return DeliveryReport(sent=sent, failed=failed)


def run_forever(
    *,
    session_factory: sessionmaker,
    settings: Settings,
    stop: threading.Event,
    interval: float = 5.0,
) -> None:
    """Delivers due notices every `interval` seconds until `stop` is set."""
    while not stop.is_set():
        try:
            deliver_due(session_factory=session_factory, settings=settings)
        except StoreError as error:
            # The database may be restarting: the notices are still in it, try again later.
            logger.warning("outbox not read: %s", type(error.__cause__ or error).__name__)
        stop.wait(interval)


def _send(notice: Notice, *, settings: Settings) -> str | None:
    """None when sent, else the name of the error's class (never its message)."""
    try:
        if notice.kind != URGENT_INTAKE:
            raise ValueError(f"unknown outbox kind {notice.kind!r}")
        message = email.urgent_intake_message(
            settings=settings, intake_id=notice.payload["intake_id"], outbox_id=notice.id
        )
        email.send(message, settings=settings)
    except NotificationError as error:
        if isinstance(error, NotificationRejected):
            logger.error("notice %s refused by the mail server: check NOTIFY_TO and SMTP settings", notice.id)
        return type(error.__cause__ or error).__name__
    except Exception as error:  # one bad row must not stop the others being sent
        return type(error).__name__
    return None


def _settle_sent(notice: Notice, *, session_factory: sessionmaker, now: datetime) -> None:
    with translated_errors(), session_factory() as session:
        mark_sent(session=session, outbox_id=notice.id, now=now)
        session.commit()
    logger.info("notice %s sent", notice.id)


def _settle_failed(notice: Notice, *, error: str, session_factory: sessionmaker, now: datetime) -> None:
    attempts = notice.attempts + 1
    delay = retry_delay(attempts)
    with translated_errors(), session_factory() as session:
        mark_failed(
            session=session, outbox_id=notice.id, attempts=attempts, retry_at=now + delay, error_name=error
        )
        session.commit()
    # The outbox id and the error's class only: nothing here can identify the client.
    logger.warning(
        "notice %s not sent (attempt %d, %s); next try in %d s",
        notice.id, attempts, error, delay.total_seconds(),
    )  # fmt: skip
