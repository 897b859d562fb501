"""The intake store's tables and the `Intake` row they map to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import registry
from sqlalchemy.types import TypeDecorator

from bot.store import crypto

STATUSES = ("in_progress", "complete", "abandoned")

# Fixed constraint names keep migrations identical on SQLite and PostgreSQL and let Alembic's
# batch mode find the constraints again when it rebuilds a SQLite table.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

mapper_registry = registry(metadata=MetaData(naming_convention=NAMING_CONVENTION))
metadata = mapper_registry.metadata


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every backend.

    SQLite has no timezone type and hands back naive datetimes; this stores UTC and marks what
    comes back as UTC, so code never compares naive with aware values.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError(f"expected a timezone-aware datetime, got {value!r}")
        utc = value.astimezone(timezone.utc)
        # SQLite's DateTime would store the offset nowhere and compare strings, so keep it naive UTC.
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class EncryptedText(TypeDecorator):
    """Text encrypted before it reaches the database and decrypted when read (bot.store.crypto).

    `context` names the column and is authenticated with the value, so a value copied from one
    column into another fails to decrypt instead of being read as the wrong field.
    """

    impl = Text
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__()
        self.context = context

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return crypto.encrypt(value, context=self.context)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return crypto.decrypt(value, context=self.context)


intakes_table = Table(
    "intakes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("conversation_id", String(128), nullable=False, unique=True, index=True),
    Column("status", String(16), nullable=False, index=True),
    Column("urgent", Boolean, nullable=False, index=True),
    # JSON, encrypted field by field (AES-GCM, key id in the value): what the client typed.
    Column("summary", EncryptedText("intakes.summary"), nullable=False),
    Column("transcript", EncryptedText("intakes.transcript"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("completed_at", UTCDateTime, nullable=True),
    Column("version", Integer, nullable=False),
    # Privacy (0005): which notice the client agreed to and when; when a therapist exported the
    # intake (the retention clock of complete intakes starts there).
    Column("consent_at", UTCDateTime, nullable=True),
    Column("notice_version", String(64), nullable=True),
    Column("exported_at", UTCDateTime, nullable=True),
    # Set by the dashboard; written with plain UPDATEs that leave `version` alone, so marking an
    # intake reviewed never conflicts with the assistant still saving it.
    Column("reviewed_at", UTCDateTime, nullable=True),
    Column("reviewed_by", String(254), nullable=True),
)


@mapper_registry.mapped
@dataclass
class Intake:
    """One conversation's intake: its summary and transcript as JSON text, and what lists need.

    `version` goes up by one on every save that changes something; the mapper also puts the old
    value in the UPDATE's WHERE clause, so two sessions cannot silently overwrite each other.
    """

    __table__ = intakes_table
    __mapper_args__ = {
        "version_id_col": intakes_table.c.version,
        # The services bump the version themselves so the fakes behave the same way.
        "version_id_generator": False,
    }

    id: str
    conversation_id: str
    status: str
    urgent: bool
    # Kept out of repr() so a logged Intake never shows what the client wrote.
    summary: str = field(repr=False)
    transcript: str = field(repr=False)
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None = None
    version: int = 1
    consent_at: datetime | None = None
    notice_version: str | None = None
    exported_at: datetime | None = None
    reviewed_at: datetime | None = None
    reviewed_by: str | None = None


OUTBOX_KINDS = ("urgent_intake",)

outbox_table = Table(
    "outbox",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("intake_id", String(36), nullable=False, index=True),
    # No foreign key: a notice must survive the intake's erasure or a failed intake save.
    Column("dedupe_key", String(128), nullable=False, unique=True),
    # Only identifiers go here (never health information): the message is built when sent.
    Column("payload", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UTCDateTime, nullable=False, index=True),
    Column("sent_at", UTCDateTime, nullable=True),
    # The exception's class name only: library messages can quote addresses or content.
    Column("last_error", String(64), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
)


@mapper_registry.mapped
@dataclass
class OutboxMessage:
    """A message to the practice waiting to be sent (or already sent: rows are never deleted)."""

    __table__ = outbox_table

    id: str
    kind: str
    intake_id: str
    dedupe_key: str
    payload: str
    next_attempt_at: datetime
    created_at: datetime
    attempts: int = 0
    sent_at: datetime | None = None
    last_error: str | None = None


audit_log_table = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False, index=True),
    # A therapist's email, "client", "system" or "cli": never a client's name or answers.
    Column("actor", String(254), nullable=False),
    Column("action", String(64), nullable=False),
    Column("target", String(128), nullable=True),
    Column("remote_addr", String(64), nullable=True),
    # Counts and identifiers only (for example "purged=3"): no health information.
    Column("detail", String(255), nullable=True),
)


ROLES = ("therapist", "admin")

therapists_table = Table(
    "therapists",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    # argon2id hashes (with their parameters and salt); the password itself is never stored.
    Column("password_hash", String(255), nullable=False),
    Column("totp_secret", String(64), nullable=True),
    # sha256 of the API token: a leaked table does not leak usable tokens.
    Column("api_token_hash", String(64), nullable=True, unique=True),
    Column("failed_logins", Integer, nullable=False),
    Column("locked_until", UTCDateTime, nullable=True),
    # Part of the session id: bumping it on logout ends every session the account had.
    Column("session_epoch", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_login_at", UTCDateTime, nullable=True),
)
