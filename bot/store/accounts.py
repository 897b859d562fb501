"""Therapist accounts in the `therapists` table (plain rows in, frozen dataclasses out)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Engine

from bot.store.errors import translated_errors
from bot.store.models import therapists_table

_columns = therapists_table.c


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    role: str
    password_hash: str
    totp_secret: str | None
    api_token_hash: str | None
    failed_logins: int
    locked_until: datetime | None
    session_epoch: int
    created_at: datetime
    last_login_at: datetime | None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def add(
    engine: Engine, *, email: str, role: str, password_hash: str, totp_secret: str | None, now: datetime
) -> Account:
    statement = insert(therapists_table).values(
        email=email,
        role=role,
        password_hash=password_hash,
        totp_secret=totp_secret,
        failed_logins=0,
        session_epoch=0,
        created_at=now,
    )
    with translated_errors(), engine.begin() as connection:
        connection.execute(statement)
    account = by_email(engine, email)
    assert account is not None
    return account


def by_email(engine: Engine, email: str) -> Account | None:
    return _one(engine, _columns.email == email)


def by_id(engine: Engine, account_id: int) -> Account | None:
    return _one(engine, _columns.id == account_id)


def by_token_hash(engine: Engine, token_hash: str) -> Account | None:
    return _one(engine, _columns.api_token_hash == token_hash)


def count(engine: Engine) -> int:
    with translated_errors(), engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(therapists_table)).scalar_one())


def change(engine: Engine, account_id: int, **values: Any) -> None:
    with translated_errors(), engine.begin() as connection:
        connection.execute(update(therapists_table).where(_columns.id == account_id).values(**values))


def count_failure(engine: Engine, account_id: int) -> int:
    """Adds one failed login in the database itself (two workers cannot lose a count); the new count."""
    with translated_errors(), engine.begin() as connection:
        connection.execute(
            update(therapists_table)
            .where(_columns.id == account_id)
            .values(failed_logins=_columns.failed_logins + 1)
        )
        return int(
            connection.execute(select(_columns.failed_logins).where(_columns.id == account_id)).scalar_one()
        )


def _one(engine: Engine, condition: Any) -> Account | None:
    with translated_errors(), engine.connect() as connection:
        row = connection.execute(select(therapists_table).where(condition)).first()
    return Account(**row._mapping) if row is not None else None
