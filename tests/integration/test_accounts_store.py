"""Therapist accounts and intake review on both databases."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy.orm import sessionmaker

from bot.accounts import LoginPolicy, Outcome, authenticate, create_account
from bot.store import accounts
from bot.store.unit_of_work import SqlAlchemyUnitOfWork
from bot.web import intakes

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
PASSWORD = "correct horse battery staple"


def test_failed_logins_are_counted_in_the_database_and_lock_the_account(
    session_factory: sessionmaker,
) -> None:
    engine = session_factory.kw["bind"]
    create_account(engine, email="dr.fake@example.test", role="therapist", password=PASSWORD, now=NOW)
    policy = LoginPolicy(max_failures=2)

    first = authenticate(
        engine,
        email="dr.fake@example.test",
        password="wrong password!",
        remote_addr="10.0.0.7",
        policy=policy,
        now=NOW,
    )
    second = authenticate(
        engine,
        email="dr.fake@example.test",
        password="wrong password!",
        remote_addr="10.0.0.7",
        policy=policy,
        now=NOW,
    )

    account = accounts.by_email(engine, "dr.fake@example.test")
    assert (first.outcome, second.outcome) == (Outcome.BAD_CREDENTIALS, Outcome.LOCKED)
    assert account is not None and account.locked_until == NOW + timedelta(minutes=15)


def test_marking_reviewed_leaves_the_intake_version_alone(
    session_factory: sessionmaker, uow: SqlAlchemyUnitOfWork, make_summary, make_transcript
) -> None:
    from bot.store.services import save_summary

    summary = make_summary("review-1")
    save_summary(uow=uow, summary=summary, transcript=make_transcript("hello"), now=NOW)

    intakes.mark_reviewed(
        session_factory.kw["bind"], summary["intake_id"], by="dr.fake@example.test", now=NOW
    )

    record = intakes.get_intake(session_factory, summary["intake_id"])
    assert record is not None
    assert (record.reviewed_at, record.reviewed_by) == (NOW, "dr.fake@example.test")
    with uow:
        assert uow.intakes.get(summary["intake_id"]).version == 1  # type: ignore[union-attr]
