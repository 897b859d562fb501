"""Urgent intakes reach the practice by email, through the outbox, against a real local SMTP server.

Each test runs on SQLite and PostgreSQL (the `session_factory` fixture) and talks SMTP to an
aiosmtpd server on a free port of 127.0.0.1.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from bot.config import Settings, settings_from_env
from bot.notify.email import recipient
from bot.notify.outbox import add_urgent_notice, claim, enqueue_urgent_notice
from bot.notify.worker import LEASE, deliver_due, retry_delay, run_forever
from bot.store.models import OutboxMessage
from bot.store.services import save_summary
from bot.store.unit_of_work import SqlAlchemyUnitOfWork

NOON = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
PRACTICE = "practice@example.test"
DISCLOSURE = "I keep thinking about ending my life"
# Everything the client told the assistant that an email must never carry.
CLIENT_MARKERS = (
    "Test Person", "test.person@example.test", "5550123", "they/them", "conversation-1",
    "arguing", "ending my life", "suicid",
)  # fmt: skip


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        self.recipients.extend(envelope.rcpt_tos)
        return "250 OK"


class RefusingInbox(Inbox):
    """A server that does not know the recipient: a permanent failure."""

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        return "550 5.1.1 No such mailbox"


@contextmanager
def mail_server(port: int, handler: Inbox | None = None, **options: Any) -> Iterator[Inbox]:
    inbox = handler or Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def mail_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def settings(database_url: str, mail_port: int) -> Settings:
    return settings_from_env(
        {
            "DATABASE_URL": database_url,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(mail_port),
            "NOTIFY_TO": PRACTICE,
            "NOTIFY_FROM": "intake-assistant@example.test",
            "DASHBOARD_URL": "http://127.0.0.1:8000/dashboard",
        }
    )


@pytest.fixture
def urgent_intake_id(session_factory: sessionmaker, make_summary: Callable[..., dict[str, Any]]) -> str:
    """An urgent intake saved the way the actions save it, full of the client's own words."""
    summary = make_summary(
        urgent=True,
        risk={"self_harm": "active", "disclosures": [DISCLOSURE]},
        flags=[{"code": "URGENT_SUICIDAL_IDEATION", "severity": "urgent"}],
    )
    transcript = [{"speaker": "client", "text": DISCLOSURE, "at": "2026-11-20T19:03:00Z"}]
    save_summary(uow=SqlAlchemyUnitOfWork(session_factory), summary=summary, transcript=transcript)
    return str(summary["intake_id"])


def outbox_rows(session_factory: sessionmaker) -> list[OutboxMessage]:
    with session_factory() as session:
        return list(session.execute(select(OutboxMessage)).scalars())


def test_an_urgent_disclosure_enqueued_twice_sends_exactly_one_email(
    session_factory: sessionmaker, settings: Settings, mail_port: int, urgent_intake_id: str
) -> None:
    first = enqueue_urgent_notice(
        session_factory=session_factory, intake_id=urgent_intake_id, disclosure_key="7", now=NOON
    )
    again = enqueue_urgent_notice(
        session_factory=session_factory, intake_id=urgent_intake_id, disclosure_key="7", now=NOON
    )

    with mail_server(mail_port) as inbox:
        report = deliver_due(session_factory=session_factory, settings=settings, now=NOON)
        later = deliver_due(session_factory=session_factory, settings=settings, now=NOON + timedelta(hours=2))

    assert (first, again) == (True, False)
    assert (report.sent, later.sent) == (1, 0)
    assert len(inbox.messages) == 1
    assert inbox.recipients == [PRACTICE]


def test_each_disclosure_of_an_urgent_intake_sends_its_own_email(
    session_factory: sessionmaker, settings: Settings, mail_port: int, urgent_intake_id: str
) -> None:
    for key in ("7", "12", "7", "12"):
        enqueue_urgent_notice(session_factory=session_factory, intake_id=urgent_intake_id, disclosure_key=key)

    with mail_server(mail_port) as inbox:
        deliver_due(session_factory=session_factory, settings=settings)

    assert len(inbox.messages) == 2


def test_the_email_links_to_the_intake_and_carries_no_client_data(
    session_factory: sessionmaker, settings: Settings, mail_port: int, urgent_intake_id: str
) -> None:
    enqueue_urgent_notice(session_factory=session_factory, intake_id=urgent_intake_id, disclosure_key="7")

    with mail_server(mail_port) as inbox:
        deliver_due(session_factory=session_factory, settings=settings)

    [message] = inbox.messages
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    whole = message.as_string()
    assert message["Subject"] == "Urgent intake waiting for review"
    assert f"http://127.0.0.1:8000/dashboard/intakes/{urgent_intake_id}" in text
    assert "urgent intake" in text.lower() or "marked urgent" in text.lower()
    assert [marker for marker in CLIENT_MARKERS if marker.lower() in whole.lower()] == []


def test_the_outbox_row_holds_only_identifiers(session_factory: sessionmaker, urgent_intake_id: str) -> None:
    enqueue_urgent_notice(
        session_factory=session_factory, intake_id=urgent_intake_id, disclosure_key=DISCLOSURE, now=NOON
    )

    [row] = outbox_rows(session_factory)
    assert json.loads(row.payload) == {"intake_id": urgent_intake_id}
    assert DISCLOSURE not in row.dedupe_key
    assert (row.kind, row.attempts, row.next_attempt_at, row.sent_at) == ("urgent_intake", 0, NOON, None)


def test_a_notice_added_in_the_callers_transaction_is_kept_only_if_it_commits(
    session_factory: sessionmaker, urgent_intake_id: str
) -> None:
    with session_factory() as session:
        add_urgent_notice(session=session, intake_id=urgent_intake_id, disclosure_key="rolled-back")
        session.rollback()
    with session_factory() as session:
        add_urgent_notice(session=session, intake_id=urgent_intake_id, disclosure_key="committed")
        duplicate = add_urgent_notice(session=session, intake_id=urgent_intake_id, disclosure_key="committed")
        session.commit()

    assert duplicate is False
    assert len(outbox_rows(session_factory)) == 1


def test_with_the_mail_server_down_the_notice_stays_queued_for_a_later_retry(
    session_factory: sessionmaker,
    settings: Settings,
    urgent_intake_id: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    enqueue_urgent_notice(
        session_factory=session_factory, intake_id=urgent_intake_id, disclosure_key="7", now=NOON
    )

    with caplog.at_level(logging.WARNING, logger="bot.notify"):
        report = deliver_due(session_factory=session_factory, settings=settings, now=NOON)

    [row] = outbox_rows(session_factory)
    assert (report.sent, report.failed) == (0, 1)
    assert (row.attempts, row.sent_at, row.last_error) == (1, None, "ConnectionRefusedError")
    assert row.next_attempt_at == NOON + timedelta(seconds=30)
    [record] = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert PRACTICE not in record.getMessage() and urgent_intake_id not in record.getMessage()


def test_a_notice_queued_while_the_mail_server_was_down_is_delivered_once_when_it_is_back(
    session_factory: sessionmaker, settings: Settings, mail_port: int, urgent_intake_id: str
) -> None:
    enqueue_urgent_notice(
        session_factory=session_factory, intake_id=urgent_intake_id, disclosure_key="7", now=NOON
    )
    deliver_due(session_factory=session_factory, settings=settings, now=NOON)

    with mail_server(mail_port) as inbox:
        too_early = deliver_due(
            session_factory=session_factory, settings=settings, now=NOON + timedelta(seconds=10)
        )
        due = deliver_due(
            session_factory=session_factory, settings=settings, now=NOON + timedelta(seconds=31)
        )
        after = deliver_due(session_factory=session_factory, settings=settings, now=NOON + timedelta(hours=3))

    [row] = outbox_rows(session_factory)
    assert (too_early.sent + too_early.failed, due.sent, after.sent) == (0, 1, 0)
    assert len(inbox.messages) == 1
    assert (row.sent_at, row.attempts, row.last_error) == (NOON + timedelta(seconds=31), 1, None)


def test_a_permanently_refused_notice_is_kept_and_delivered_once_the_address_works(
    session_factory: sessionmaker, settings: Settings, mail_port: int, urgent_intake_id: str
) -> None:
    enqueue_urgent_notice(
        session_factory=session_factory, intake_id=urgent_intake_id, disclosure_key="7", now=NOON
    )
    moment = NOON
    with mail_server(mail_port, RefusingInbox()) as refusing:
        for _ in range(12):
            deliver_due(session_factory=session_factory, settings=settings, now=moment)
            moment += timedelta(hours=1)
    [refused] = outbox_rows(session_factory)

    with mail_server(mail_port) as inbox:
        deliver_due(session_factory=session_factory, settings=settings, now=moment)

    assert refusing.messages == []
    assert (refused.attempts, refused.sent_at, refused.last_error) == (12, None, "SMTPRecipientsRefused")
    assert refused.next_attempt_at == moment  # the last failure, an hour before, waited the longest
    assert len(inbox.messages) == 1
    assert outbox_rows(session_factory)[0].sent_at == moment


def test_a_claimed_notice_is_not_claimed_again_until_its_lease_ends(
    session_factory: sessionmaker, urgent_intake_id: str
) -> None:
    enqueue_urgent_notice(
        session_factory=session_factory, intake_id=urgent_intake_id, disclosure_key="7", now=NOON
    )
    [row] = outbox_rows(session_factory)

    with session_factory() as session:
        first = claim(session=session, outbox_id=row.id, now=NOON, lease=LEASE)
        second = claim(session=session, outbox_id=row.id, now=NOON + LEASE / 2, lease=LEASE)
        after_lease = claim(session=session, outbox_id=row.id, now=NOON + LEASE, lease=LEASE)
        session.commit()

    assert first is not None and after_lease is not None
    assert second is None


def test_the_worker_logs_in_when_an_smtp_user_is_configured(
    session_factory: sessionmaker, settings: Settings, mail_port: int, urgent_intake_id: str
) -> None:
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        assert isinstance(data, LoginPassword)
        logins.append((data.login, data.password))
        return AuthResult(success=data.password == b"s3cret-for-tests")

    with_login = settings_from_env(
        {"SMTP_PORT": str(mail_port), "SMTP_USER": "intake", "SMTP_PASSWORD": "s3cret-for-tests",
         "NOTIFY_TO": PRACTICE, "DATABASE_URL": settings.database_url}
    )  # fmt: skip
    enqueue_urgent_notice(session_factory=session_factory, intake_id=urgent_intake_id, disclosure_key="7")

    with mail_server(mail_port, authenticator=authenticator, auth_require_tls=False) as inbox:
        report = deliver_due(session_factory=session_factory, settings=with_login)

    assert logins == [(b"intake", b"s3cret-for-tests")]
    assert (report.sent, len(inbox.messages)) == (1, 1)


def test_run_forever_delivers_queued_notices_and_stops_when_asked(
    session_factory: sessionmaker, settings: Settings, mail_port: int, urgent_intake_id: str
) -> None:
    enqueue_urgent_notice(session_factory=session_factory, intake_id=urgent_intake_id, disclosure_key="7")
    stop = threading.Event()

    with mail_server(mail_port) as inbox:
        worker = threading.Thread(
            target=run_forever,
            kwargs={"session_factory": session_factory, "settings": settings, "stop": stop, "interval": 0.05},
        )
        worker.start()
        for _ in range(100):
            if inbox.messages:
                break
            stop.wait(0.05)
        stop.set()
        worker.join(timeout=5)

    assert not worker.is_alive()
    assert len(inbox.messages) == 1


@pytest.mark.parametrize(
    ("attempts", "seconds"),
    [(1, 30), (2, 60), (3, 120), (6, 960), (7, 1920), (8, 3600), (40, 3600), (10_000, 3600)],
)
def test_retries_wait_30_seconds_doubling_up_to_an_hour(attempts: int, seconds: int) -> None:
    assert retry_delay(attempts) == timedelta(seconds=seconds)


def test_the_notice_goes_to_the_practice_config_email_and_the_dashboard_on_the_web_port() -> None:
    settings = settings_from_env({"WEB_PORT": "8123"})

    assert recipient(settings) == settings.practice.email == "intake@practice.example"
    assert settings.dashboard_url == "http://127.0.0.1:8123/dashboard"
