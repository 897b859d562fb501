from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pyotp
import pytest
from sqlalchemy.engine import Engine

from bot.accounts import (
    AccountError,
    LoginPolicy,
    Outcome,
    account_for_token,
    authenticate,
    create_account,
    end_sessions,
    new_api_token,
)
from bot.store import accounts as store
from bot.store import audit

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
PASSWORD = "correct horse battery staple"
EMAIL = "dr.fake@example.test"
DEFAULT_POLICY = LoginPolicy()


def login(
    engine: Engine,
    password: str = PASSWORD,
    *,
    email: str = EMAIL,
    code: str = "",
    now: datetime = NOW,
    address: str = "10.0.0.7",
    policy: LoginPolicy = DEFAULT_POLICY,
):
    return authenticate(
        engine, email=email, password=password, code=code, remote_addr=address, policy=policy, now=now
    )


def test_a_new_account_keeps_only_an_argon2id_hash_of_its_password(engine: Engine) -> None:
    create_account(engine, email="Dr.Fake@Example.test ", role="therapist", password=PASSWORD)

    account = store.by_email(engine, EMAIL)

    assert account is not None and account.role == "therapist"
    assert account.password_hash.startswith("$argon2id$")
    assert PASSWORD not in account.password_hash


def test_production_hashing_is_argon2id_at_least_at_the_owasp_minimum_cost() -> None:
    from argon2 import Type

    from bot.accounts import HASHER

    assert HASHER.type is Type.ID
    assert HASHER.memory_cost >= 19 * 1024 and HASHER.time_cost >= 2


def test_a_generated_password_is_returned_once_and_logs_in(engine: Engine) -> None:
    new = create_account(engine, email=EMAIL, role="admin")

    assert len(new.password) >= 20
    assert login(engine, new.password).outcome is Outcome.OK


@pytest.mark.parametrize(
    "email, role, password",
    [
        (EMAIL, "superuser", PASSWORD),
        ("not-an-email", "therapist", PASSWORD),
        (EMAIL, "therapist", "short"),
    ],
)
def test_bad_roles_emails_and_short_passwords_are_refused(
    engine: Engine, email: str, role: str, password: str
) -> None:
    with pytest.raises(AccountError):
        create_account(engine, email=email, role=role, password=password)


def test_a_second_account_with_the_same_email_is_refused(engine: Engine) -> None:
    create_account(engine, email=EMAIL, role="therapist", password=PASSWORD)

    with pytest.raises(AccountError):
        create_account(engine, email=EMAIL.upper(), role="admin", password=PASSWORD)


def test_a_good_login_is_audited_with_who_and_where(engine: Engine) -> None:
    create_account(engine, email=EMAIL, role="therapist", password=PASSWORD)

    result = login(engine)

    assert result.outcome is Outcome.OK and result.account is not None
    assert result.account.last_login_at == NOW
    entry = audit.recent(engine)[0]
    assert (entry.actor, entry.action, entry.remote_addr) == (EMAIL, "login", "10.0.0.7")


def test_a_wrong_password_is_refused_and_audited_as_a_failed_login(engine: Engine) -> None:
    create_account(engine, email=EMAIL, role="therapist", password=PASSWORD)

    result = login(engine, "wrong password!!")

    assert result.outcome is Outcome.BAD_CREDENTIALS
    entry = audit.recent(engine)[0]
    assert (entry.actor, entry.action, entry.detail) == (EMAIL, "login_failed", "failures=1")


def test_an_unknown_email_is_audited_without_what_was_typed(engine: Engine) -> None:
    result = login(engine, email="my-password-by-mistake")

    assert result.outcome is Outcome.BAD_CREDENTIALS
    entry = audit.recent(engine)[0]
    assert (entry.actor, entry.action, entry.detail) == ("anonymous", "login_failed", "unknown_account")
    assert "my-password" not in repr(audit.recent(engine))


def test_five_failures_lock_the_account_even_against_the_right_password(engine: Engine) -> None:
    create_account(engine, email=EMAIL, role="therapist", password=PASSWORD)
    outcomes = [
        login(engine, f"wrong password {n}", now=NOW + timedelta(seconds=n)).outcome for n in range(5)
    ]

    refused = login(engine, now=NOW + timedelta(minutes=1))

    assert outcomes[-1] is Outcome.LOCKED
    assert refused.outcome is Outcome.LOCKED
    assert [e.action for e in audit.recent(engine, limit=2)] == ["login_refused_locked", "account_locked"]


def test_a_locked_account_opens_again_after_the_lockout(engine: Engine) -> None:
    create_account(engine, email=EMAIL, role="therapist", password=PASSWORD)
    for n in range(5):
        login(engine, f"wrong password {n}")

    result = login(engine, now=NOW + timedelta(minutes=16))

    assert result.outcome is Outcome.OK


def test_one_address_failing_on_many_accounts_is_throttled(engine: Engine) -> None:
    create_account(engine, email=EMAIL, role="therapist", password=PASSWORD)
    policy = LoginPolicy(address_max_failures=3)
    for n in range(3):
        login(engine, email=f"guess{n}@example.test", policy=policy)

    throttled = login(engine, policy=policy)
    elsewhere = login(engine, policy=policy, address="10.0.0.8")

    assert throttled.outcome is Outcome.THROTTLED
    assert elsewhere.outcome is Outcome.OK


def test_an_account_with_two_factor_needs_the_current_code(engine: Engine) -> None:
    new = create_account(engine, email=EMAIL, role="therapist", password=PASSWORD, with_totp=True)
    assert new.totp_uri is not None and new.totp_uri.startswith("otpauth://totp/")
    secret = store.by_email(engine, EMAIL).totp_secret  # type: ignore[union-attr]

    without = login(engine, now=datetime.now(timezone.utc))
    wrong = login(
        engine,
        code="000000" if pyotp.TOTP(secret).now() != "000000" else "111111",
        now=datetime.now(timezone.utc),
    )
    right = login(engine, code=pyotp.TOTP(secret).now(), now=datetime.now(timezone.utc))

    assert (without.outcome, wrong.outcome, right.outcome) == (
        Outcome.BAD_CREDENTIALS,
        Outcome.BAD_CREDENTIALS,
        Outcome.OK,
    )


def test_an_api_token_finds_its_account_and_only_its_digest_is_stored(engine: Engine) -> None:
    create_account(engine, email=EMAIL, role="therapist", password=PASSWORD)

    token = new_api_token(engine, email=EMAIL)

    account = account_for_token(engine, token)
    assert account is not None and account.email == EMAIL
    assert account.api_token_hash != token and token not in (account.api_token_hash or "")


def test_a_new_api_token_retires_the_old_one(engine: Engine) -> None:
    create_account(engine, email=EMAIL, role="therapist", password=PASSWORD)
    old = new_api_token(engine, email=EMAIL)

    new_api_token(engine, email=EMAIL)

    assert account_for_token(engine, old) is None
    assert account_for_token(engine, "itk_made-up") is None
    assert account_for_token(engine, "") is None


def test_ending_sessions_moves_the_session_epoch_on(engine: Engine) -> None:
    account = create_account(engine, email=EMAIL, role="therapist", password=PASSWORD).account

    end_sessions(engine, account)

    assert store.by_email(engine, EMAIL).session_epoch == account.session_epoch + 1  # type: ignore[union-attr]
