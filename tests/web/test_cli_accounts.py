"""`intake therapist ...` and the first admin `intake setup` creates, as separate processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.accounts import Outcome, account_for_token, authenticate, new_api_token
from bot.cli import first_admin
from bot.config import Settings
from bot.store import accounts as store

INTAKE = Path(sys.executable).parent / "intake"


def run(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": settings.database_url, "INTAKE_VAR_DIR": str(settings.var_dir)}
    return subprocess.run(
        [str(INTAKE), "therapist", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def shown_password(output: str) -> str:
    return output.split("(shown once):", 1)[1].split()[0]


def test_adding_a_therapist_shows_a_generated_password_once_that_logs_in(
    settings: Settings, engine: Engine
) -> None:
    result = run(settings, "add", "new.therapist@example.test", "--role", "admin")

    assert result.returncode == 0, result.stderr
    account = store.by_email(engine, "new.therapist@example.test")
    assert account is not None and account.role == "admin"
    login = authenticate(
        engine, email="new.therapist@example.test", password=shown_password(result.stdout), remote_addr=None
    )
    assert login.outcome is Outcome.OK


def test_adding_the_same_email_twice_fails_with_a_message(settings: Settings, engine: Engine) -> None:
    run(settings, "add", "twice@example.test")

    result = run(settings, "add", "twice@example.test")

    assert result.returncode == 1
    assert "already exists" in result.stderr


def test_setting_a_password_unlocks_the_account_and_ends_its_sessions(
    settings: Settings, engine: Engine
) -> None:
    run(settings, "add", "locked@example.test")
    before = store.by_email(engine, "locked@example.test")
    assert before is not None
    store.change(engine, before.id, failed_logins=3)

    result = run(settings, "password", "locked@example.test")

    after = store.by_email(engine, "locked@example.test")
    assert result.returncode == 0 and after is not None
    assert after.failed_logins == 0 and after.session_epoch == before.session_epoch + 1
    assert (
        authenticate(
            engine, email="locked@example.test", password=shown_password(result.stdout), remote_addr=None
        ).outcome
        is Outcome.OK
    )


def test_a_token_is_printed_once_and_replaces_the_previous_one(settings: Settings, engine: Engine) -> None:
    run(settings, "add", "api.user@example.test")
    old = new_api_token(engine, email="api.user@example.test")

    result = run(settings, "token", "api.user@example.test")

    token = result.stdout.split()[-1]
    assert token.startswith("itk_")
    assert account_for_token(engine, token).email == "api.user@example.test"  # type: ignore[union-attr]
    assert account_for_token(engine, old) is None


def test_the_first_setup_creates_an_admin_and_keeps_its_password_out_of_piped_output(
    settings: Settings, engine: Engine, capsys
) -> None:
    email = first_admin(settings, interactive=False)

    output = capsys.readouterr().out
    assert email == settings.practice.email
    assert store.by_email(engine, email).role == "admin"  # type: ignore[union-attr]
    assert "/dashboard/login" in output and "intake therapist password" in output
    assert "Password" not in output


def test_the_first_setup_on_a_terminal_shows_the_password_once(
    settings: Settings, engine: Engine, capsys
) -> None:
    email = first_admin(settings, interactive=True)

    password = capsys.readouterr().out.split("not stored anywhere in clear): ", 1)[1].split()[0]
    assert authenticate(engine, email=email or "", password=password, remote_addr=None).outcome is Outcome.OK


def test_a_later_setup_leaves_the_accounts_alone(settings: Settings, engine: Engine, capsys) -> None:
    first_admin(settings, interactive=False)

    again = first_admin(settings, interactive=False)

    assert again is None
    assert store.count(engine) == 1


def test_turning_on_two_factor_prints_an_authenticator_uri_and_requires_the_code(
    settings: Settings, engine: Engine
) -> None:
    import pyotp

    added = run(settings, "add", "later.2fa@example.test")
    password = shown_password(added.stdout)

    result = run(settings, "totp", "later.2fa@example.test")

    uri = result.stdout.split()[-1]
    assert result.returncode == 0 and uri.startswith("otpauth://totp/")
    code = pyotp.parse_uri(uri).now()
    assert (
        authenticate(engine, email="later.2fa@example.test", password=password, remote_addr=None).outcome
        is Outcome.BAD_CREDENTIALS
    )
    assert (
        authenticate(
            engine, email="later.2fa@example.test", password=password, code=code, remote_addr=None
        ).outcome
        is Outcome.OK
    )
