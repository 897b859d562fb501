"""Therapist accounts: creating them, logging in (with lockout and throttling), API tokens.

Passwords are hashed with argon2id; API tokens are stored as sha256 digests. Every login and
failed login goes to the audit log with the address it came from.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine

from bot.store import accounts as store
from bot.store import audit
from bot.store.accounts import Account
from bot.store.models import ROLES

# argon2id with the library's defaults (RFC 9106's second recommendation: t=3, 64 MiB, p=4).
HASHER = PasswordHasher()
_hasher = HASHER
# Verified against when the email is unknown, so both answers take the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
MIN_PASSWORD_LENGTH = 12


class AccountError(Exception):
    """An account could not be created or changed as asked."""


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=15)
    # Across all accounts, from one address: stops guessing many emails.
    address_window: timedelta = timedelta(minutes=15)
    address_max_failures: int = 20


class Outcome(Enum):
    OK = "ok"
    BAD_CREDENTIALS = "bad_credentials"
    LOCKED = "locked"
    THROTTLED = "throttled"


@dataclass(frozen=True)
class LoginResult:
    outcome: Outcome
    account: Account | None = None


@dataclass(frozen=True)
class NewAccount:
    account: Account
    password: str
    totp_uri: str | None


def normal_email(email: str) -> str:
    return email.strip().lower()


def generated_password() -> str:
    return secrets.token_urlsafe(15)  # 20 characters, about 120 bits


def create_account(
    engine: Engine,
    *,
    email: str,
    role: str,
    password: str | None = None,
    with_totp: bool = False,
    now: datetime | None = None,
) -> NewAccount:
    email = normal_email(email)
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if "@" not in email or len(email) > 254:
        raise AccountError("that is not an email address")
    if store.by_email(engine, email) is not None:
        raise AccountError("an account with that email already exists")
    password = password or generated_password()
    _check_password(password)
    totp_secret = pyotp.random_base32() if with_totp else None
    account = store.add(
        engine,
        email=email,
        role=role,
        password_hash=_hasher.hash(password),
        totp_secret=totp_secret,
        now=now or datetime.now(timezone.utc),
    )
    uri = pyotp.TOTP(totp_secret).provisioning_uri(name=email, issuer_name="Intake") if totp_secret else None
    return NewAccount(account=account, password=password, totp_uri=uri)


def set_password(engine: Engine, *, email: str, password: str) -> None:
    account = store.by_email(engine, normal_email(email))
    if account is None:
        raise AccountError("no account with that email")
    _check_password(password)
    store.change(
        engine,
        account.id,
        password_hash=_hasher.hash(password),
        failed_logins=0,
        locked_until=None,
        session_epoch=account.session_epoch + 1,
    )


def enable_totp(engine: Engine, *, email: str) -> str:
    """Turns two-factor on (or gives it a new secret); the otpauth:// URI, to show once."""
    account = store.by_email(engine, normal_email(email))
    if account is None:
        raise AccountError("no account with that email")
    secret = pyotp.random_base32()
    store.change(engine, account.id, totp_secret=secret, session_epoch=account.session_epoch + 1)
    return pyotp.TOTP(secret).provisioning_uri(name=account.email, issuer_name="Intake")


def authenticate(
    engine: Engine,
    *,
    email: str,
    password: str,
    code: str = "",
    remote_addr: str | None,
    policy: LoginPolicy = LoginPolicy(),
    now: datetime | None = None,
) -> LoginResult:
    """Checks a login; counts failures, locks the account after too many, audits every attempt."""
    now = now or datetime.now(timezone.utc)
    if (
        remote_addr
        and audit.count_since(
            engine, action="login_failed", remote_addr=remote_addr, since=now - policy.address_window
        )
        >= policy.address_max_failures
    ):
        audit.record(engine, actor="anonymous", action="login_throttled", remote_addr=remote_addr, now=now)
        return LoginResult(Outcome.THROTTLED)

    account = store.by_email(engine, normal_email(email))
    if account is None:
        _verify(_DUMMY_HASH, password)
        # The typed email is not logged: people type their password into the email box.
        audit.record(
            engine,
            actor="anonymous",
            action="login_failed",
            remote_addr=remote_addr,
            detail="unknown_account",
            now=now,
        )
        return LoginResult(Outcome.BAD_CREDENTIALS)

    if account.locked_until is not None and account.locked_until > now:
        audit.record(
            engine, actor=account.email, action="login_refused_locked", remote_addr=remote_addr, now=now
        )
        return LoginResult(Outcome.LOCKED)

    if not (_verify(account.password_hash, password) and _code_ok(account, code)):
        failures = store.count_failure(engine, account.id)
        audit.record(
            engine,
            actor=account.email,
            action="login_failed",
            remote_addr=remote_addr,
            detail=f"failures={failures}",
            now=now,
        )
        if failures >= policy.max_failures:
            store.change(engine, account.id, locked_until=now + policy.lockout, failed_logins=0)
            audit.record(
                engine, actor=account.email, action="account_locked", remote_addr=remote_addr, now=now
            )
            return LoginResult(Outcome.LOCKED)
        return LoginResult(Outcome.BAD_CREDENTIALS)

    values: dict[str, object] = {"failed_logins": 0, "locked_until": None, "last_login_at": now}
    if _hasher.check_needs_rehash(account.password_hash):
        values["password_hash"] = _hasher.hash(password)
    store.change(engine, account.id, **values)
    audit.record(engine, actor=account.email, action="login", remote_addr=remote_addr, now=now)
    return LoginResult(Outcome.OK, store.by_id(engine, account.id))


def end_sessions(engine: Engine, account: Account) -> None:
    """Every session cookie issued to the account stops working (logout)."""
    store.change(engine, account.id, session_epoch=account.session_epoch + 1)


def new_api_token(engine: Engine, *, email: str) -> str:
    """A new API token for the account (shown once); the previous one stops working."""
    account = store.by_email(engine, normal_email(email))
    if account is None:
        raise AccountError("no account with that email")
    token = "itk_" + secrets.token_urlsafe(32)
    store.change(engine, account.id, api_token_hash=_token_hash(token))
    return token


def account_for_token(engine: Engine, token: str) -> Account | None:
    if not token.startswith("itk_"):
        return None
    return store.by_token_hash(engine, _token_hash(token))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _code_ok(account: Account, code: str) -> bool:
    if account.totp_secret is None:
        return True
    return pyotp.TOTP(account.totp_secret).verify(code.strip().replace(" ", ""), valid_window=1)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
