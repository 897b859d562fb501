"""Field encryption, key files and the other files that hold secrets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.cli import write_env_file
from bot.config import effective_notice_version, load_practice
from bot.errors import KeyUnavailable, UnreadableCiphertext
from bot.store import crypto


def test_a_value_decrypts_to_what_was_encrypted_and_names_its_key() -> None:
    keyring = crypto.new_keyring()

    sealed = keyring.encrypt("I'm Test Person, we argue \U0001f600", context="intakes.summary")

    assert sealed.startswith("enc1.k1.")
    assert "Test Person" not in sealed
    assert keyring.decrypt(sealed, context="intakes.summary") == "I'm Test Person, we argue \U0001f600"


def test_the_same_text_encrypts_differently_each_time() -> None:
    keyring = crypto.new_keyring()

    assert keyring.encrypt("same", context="c") != keyring.encrypt("same", context="c")


def test_a_value_does_not_decrypt_in_another_column() -> None:
    keyring = crypto.new_keyring()
    sealed = keyring.encrypt("secret", context="intakes.summary")

    with pytest.raises(UnreadableCiphertext):
        keyring.decrypt(sealed, context="intakes.transcript")


def test_a_tampered_value_is_refused() -> None:
    keyring = crypto.new_keyring()
    sealed = keyring.encrypt("secret", context="c")
    flipped = sealed[:-2] + ("A" if sealed[-2] != "A" else "B") + sealed[-1]

    with pytest.raises(UnreadableCiphertext):
        keyring.decrypt(flipped, context="c")


def test_after_rotation_new_values_use_the_new_key_and_old_ones_stay_readable() -> None:
    old = crypto.new_keyring()
    before = old.encrypt("before", context="c")

    rotated = old.with_new_key()

    assert rotated.current_id == "k2"
    assert rotated.encrypt("after", context="c").startswith("enc1.k2.")
    assert rotated.decrypt(before, context="c") == "before"


def test_a_value_under_a_key_the_keyring_does_not_hold_names_the_missing_key() -> None:
    sealed = crypto.new_keyring().with_new_key().encrypt("x", context="c")

    with pytest.raises(KeyUnavailable, match="k2"):
        crypto.new_keyring().decrypt(sealed, context="c")


def test_keys_from_the_environment_put_the_first_one_first() -> None:
    a, b = crypto.new_keyring(), crypto.new_keyring()
    spec = ",".join(f"{name}:{_b64(ring.keys['k1'])}" for name, ring in (("k9", a), ("k3", b)))

    keyring = crypto.keyring_from_spec(spec)

    assert keyring.current_id == "k9"
    assert keyring.decrypt(a.encrypt("x", context="c").replace("enc1.k1.", "enc1.k9."), context="c") == "x"


def test_the_key_file_is_created_once_with_mode_0600_in_a_0700_folder(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "intake.keys"

    created = crypto.create_key_file(path)
    first = path.read_bytes()
    again = crypto.create_key_file(path)

    assert (created, again) == (True, False)
    assert path.read_bytes() == first
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_a_rotated_key_file_keeps_mode_0600_and_reaches_a_running_key_source(tmp_path: Path) -> None:
    path = tmp_path / "intake.keys"
    crypto.create_key_file(path)
    source = crypto.KeySource(path=path)
    assert source.keyring().current_id == "k1"

    crypto.write_key_file(path, crypto.read_key_file(path).with_new_key())
    os.utime(path, ns=(0, 10**18))  # a distinct mtime even on coarse clocks

    assert source.keyring().current_id == "k2"
    assert path.stat().st_mode & 0o777 == 0o600


def test_the_env_file_is_created_with_mode_0600(tmp_path: Path) -> None:
    path = tmp_path / ".env"

    write_env_file(path)

    assert path.stat().st_mode & 0o777 == 0o600


def test_the_keyring_never_shows_its_keys_in_repr() -> None:
    keyring = crypto.new_keyring()

    assert _b64(keyring.keys["k1"]) not in repr(keyring)


def test_editing_the_notice_text_changes_its_effective_version() -> None:
    text = "Your answers go to the practice's therapists only."

    same = effective_notice_version("2026-11-01", text)
    edited = effective_notice_version("2026-11-01", text + " We keep them 90 days.")

    assert same.startswith("2026-11-01+")
    assert edited != same
    assert effective_notice_version("2026-11-01", text.replace(" ", "\n  ")) == same  # reflowing is no edit


def test_the_practice_notice_version_carries_the_fingerprint_of_its_text() -> None:
    practice = load_practice(Path(__file__).resolve().parents[2] / "config" / "practice.yml")

    declared, _, fingerprint = practice.notice_version.partition("+")

    assert practice.notice_version == effective_notice_version(declared, practice.notice_text)
    assert len(fingerprint) == 8


def _b64(key: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(key).decode()
