"""Encryption at rest, erasure, retention, key rotation and backups on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from bot.errors import KeyUnavailable, StoreError
from bot.notify.outbox import enqueue_urgent_notice
from bot.service import erase_conversation, purge_expired
from bot.store import audit, backup, crypto, tracker_events
from bot.store.engine import make_engine, make_session_factory
from bot.store.migrate import upgrade
from bot.store.models import intakes_table, outbox_table
from bot.store.privacy import RetentionPolicy, reencrypt_intakes
from bot.store.services import get_summary, mark_exported, save_summary
from bot.store.unit_of_work import SqlAlchemyUnitOfWork
from tests.integration.conftest import new_database
from tests.integration.privacy_helpers import raw_hits

INTAKE = Path(sys.executable).parent / "intake"
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
SLOTS = {"preferred_name": {"type": "text", "mappings": [{"type": "custom"}]}}


def marker() -> str:
    return f"zebra-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def engine(database_url: str, session_factory: sessionmaker) -> Iterator[Engine]:
    bind = make_engine(database_url)
    yield bind
    bind.dispose()


@pytest.fixture
def tracker_store(database_url: str, session_factory: sessionmaker) -> Iterator[Any]:
    """The tracker store Rasa loads from endpoints.yml, on the same database (as on PostgreSQL)."""
    from rasa.shared.core.domain import Domain

    from bot.store.tracker import EncryptedSQLTrackerStore

    store = EncryptedSQLTrackerStore(
        domain=Domain.from_dict({"intents": ["inform", "request_delete"], "slots": SLOTS}), host=database_url
    )
    yield store
    store.engine.dispose()


def save_conversation(store: Any, conversation_id: str, secret: str, *extra: Any) -> None:
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    events = [
        ActionExecuted("action_listen"),
        UserUttered(
            f"my name is {secret}",
            intent={"name": "inform", "confidence": 1.0},
            entities=[{"entity": "name", "value": secret, "start": 11, "end": 11 + len(secret)}],
        ),
        ActionExecuted("action_record_disclosure"),
        SlotSet("preferred_name", secret),
        BotUttered(f"Thanks, {secret}"),
        *extra,
    ]
    tracker = DialogueStateTracker.from_events(conversation_id, events, slots=store.domain.slots)
    asyncio.run(store.save(tracker))


def store_intake(
    uow: SqlAlchemyUnitOfWork,
    make_summary,
    make_transcript,
    conversation_id: str,
    secret: str,
    **changes: Any,
) -> str:
    now = changes.pop("now_", NOW)
    summary = make_summary(conversation_id, **changes)
    summary["client"]["preferred_name"] = secret
    save_summary(uow=uow, summary=summary, transcript=make_transcript(f"I am {secret}"), now=now)
    return summary["intake_id"]


def test_what_a_client_typed_is_nowhere_in_the_raw_database(
    database_url: str,
    engine: Engine,
    uow: SqlAlchemyUnitOfWork,
    tracker_store: Any,
    make_summary,
    make_transcript,
) -> None:
    secret = marker()

    store_intake(uow, make_summary, make_transcript, "c-raw", secret)
    save_conversation(tracker_store, "c-raw", secret)

    assert raw_hits(database_url, engine, secret) == []
    assert (
        get_summary(uow=uow, conversation_id="c-raw", with_transcript=True)["client"]["preferred_name"]
        == secret
    )
    tracker = asyncio.run(tracker_store.retrieve("c-raw"))
    assert tracker.get_slot("preferred_name") == secret
    assert tracker.latest_message.text == f"my name is {secret}"


def test_the_tracker_store_leaves_intent_and_action_names_empty(engine: Engine, tracker_store: Any) -> None:
    save_conversation(tracker_store, "c-names", marker())

    with engine.connect() as connection:
        rows = connection.execute(text("SELECT intent_name, action_name, data FROM events")).all()

    assert rows and all(row.intent_name is None and row.action_name is None for row in rows)
    assert all(crypto.is_encrypted(row.data) for row in rows)


def test_a_summary_moved_into_the_transcript_column_does_not_decrypt(
    engine: Engine, uow: SqlAlchemyUnitOfWork, make_summary, make_transcript
) -> None:
    store_intake(uow, make_summary, make_transcript, "c-swap", marker())
    with engine.begin() as connection:
        connection.execute(text("UPDATE intakes SET transcript = summary"))

    with pytest.raises(StoreError):
        get_summary(uow=uow, conversation_id="c-swap", with_transcript=True)


def test_the_consent_record_is_kept_in_columns_of_its_own(
    engine: Engine, uow: SqlAlchemyUnitOfWork, make_summary, make_transcript
) -> None:
    store_intake(uow, make_summary, make_transcript, "c-consent", marker())

    with engine.connect() as connection:
        row = connection.execute(select(intakes_table.c.consent_at, intakes_table.c.notice_version)).one()

    assert row.notice_version == "2026-11-01"
    assert row.consent_at.replace(tzinfo=timezone.utc) == datetime(
        2026, 11, 20, 19, 2, 30, tzinfo=timezone.utc
    )


def test_the_deletion_action_makes_the_tracker_store_delete_the_conversation_instead_of_saving_it(
    database_url: str, engine: Engine, tracker_store: Any
) -> None:
    from rasa.shared.core.events import ActionExecuted, AllSlotsReset

    secret = marker()
    save_conversation(tracker_store, "c-delete", secret)

    save_conversation(
        tracker_store, "c-delete", secret, ActionExecuted("action_delete_data"), AllSlotsReset()
    )

    assert asyncio.run(tracker_store.retrieve("c-delete")) is None
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM events")).scalar_one() == 0


def test_an_erased_conversation_leaves_no_plaintext_in_the_tracker_stores_cache(tracker_store: Any) -> None:
    from rasa.shared.core.events import ActionExecuted, AllSlotsReset

    save_conversation(tracker_store, "c-cached", marker())
    assert asyncio.run(tracker_store.retrieve("c-cached")) is not None
    assert len(tracker_store.cached_events) > 0

    save_conversation(
        tracker_store, "c-cached", marker(), ActionExecuted("action_delete_data"), AllSlotsReset()
    )

    assert len(tracker_store.cached_events) == 0


def test_events_another_replica_stored_are_read_even_when_the_rest_is_cached(
    database_url: str, tracker_store: Any
) -> None:
    from rasa.shared.core.events import SlotSet

    from bot.store.tracker import EncryptedSQLTrackerStore

    secret = marker()
    save_conversation(tracker_store, "c-replicas", secret)
    before = asyncio.run(tracker_store.retrieve("c-replicas"))
    other = EncryptedSQLTrackerStore(domain=tracker_store.domain, host=database_url)
    try:
        tracker = asyncio.run(other.retrieve("c-replicas"))
        tracker.update(SlotSet("preferred_name", "Changed"))
        asyncio.run(other.save(tracker))
    finally:
        other.engine.dispose()

    after = asyncio.run(tracker_store.retrieve("c-replicas"))

    assert before.get_slot("preferred_name") == secret
    assert after.get_slot("preferred_name") == "Changed"
    assert len(after.events) == len(before.events) + 1


def test_a_deletion_action_that_failed_erases_nothing(tracker_store: Any) -> None:
    from rasa.shared.core.events import ActionExecuted

    save_conversation(tracker_store, "c-failed", marker(), ActionExecuted("action_delete_data"))

    assert asyncio.run(tracker_store.retrieve("c-failed")) is not None


def test_erasing_a_conversation_leaves_nothing_of_it_in_any_table(
    database_url: str,
    engine: Engine,
    uow: SqlAlchemyUnitOfWork,
    session_factory: sessionmaker,
    tracker_store: Any,
    make_summary,
    make_transcript,
) -> None:
    secret = marker()
    intake_id = store_intake(uow, make_summary, make_transcript, "c-erase", secret)
    enqueue_urgent_notice(session_factory=session_factory, intake_id=intake_id, disclosure_key="disclosure:3")
    save_conversation(tracker_store, "c-erase", secret)
    store_intake(uow, make_summary, make_transcript, "c-other", marker())

    erasure = erase_conversation(database=engine, tracker=engine, conversation_id="c-erase", actor="cli")

    assert erasure.intake_id == intake_id and erasure.tracker_conversations == 1
    assert get_summary(uow=uow, conversation_id="c-erase") is None
    assert get_summary(uow=uow, conversation_id="c-other") is not None
    with engine.connect() as connection:
        assert (
            connection.execute(text("SELECT count(*) FROM events WHERE sender_id = 'c-erase'")).scalar_one()
            == 0
        )
        [payload] = connection.execute(select(outbox_table.c.payload)).scalars()
    assert payload == f'{{"intake_id": "{intake_id}"}}'
    [entry] = audit.recent(engine)
    assert (entry.actor, entry.action, entry.target) == ("cli", "erase", intake_id)


def test_the_erase_command_erases_and_is_audited(
    database_url: str, engine: Engine, uow: SqlAlchemyUnitOfWork, make_summary, make_transcript
) -> None:
    intake_id = store_intake(uow, make_summary, make_transcript, "c-cli", marker())

    result = subprocess.run(
        [str(INTAKE), "erase", "--conversation-id", "c-cli"],
        env={**os.environ, "DATABASE_URL": database_url, "TRACKER_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert get_summary(uow=uow, conversation_id="c-cli") is None
    assert [(e.actor, e.action, e.target) for e in audit.recent(engine)] == [("cli", "erase", intake_id)]


def test_purge_applies_each_retention_period_and_audits_counts_only(
    engine: Engine, uow: SqlAlchemyUnitOfWork, tracker_store: Any, make_summary, make_transcript
) -> None:
    old, recent = NOW - timedelta(days=31), NOW - timedelta(days=2)
    store_intake(uow, make_summary, make_transcript, "abandoned", marker(), now_=old)
    store_intake(uow, make_summary, make_transcript, "in-progress", marker(), now_=recent)
    exported_long_ago = store_intake(
        uow, make_summary, make_transcript, "exported-old", marker(), status="complete", now_=old
    )
    exported_lately = store_intake(
        uow, make_summary, make_transcript, "exported-new", marker(), status="complete", now_=old
    )
    store_intake(
        uow, make_summary, make_transcript, "complete-unexported", marker(), status="complete", now_=old
    )
    mark_exported(uow=uow, intake_id=exported_long_ago, now=NOW - timedelta(days=91))
    mark_exported(uow=uow, intake_id=exported_lately, now=NOW - timedelta(days=10))
    for conversation_id in ("abandoned", "in-progress", "complete-unexported", "no-intake"):
        save_conversation(tracker_store, conversation_id, marker())
    with engine.begin() as connection:  # every tracker last spoke 8 days ago
        connection.execute(
            text("UPDATE events SET timestamp = :t"), {"t": (NOW - timedelta(days=8)).timestamp()}
        )

    report = purge_expired(database=engine, tracker=engine, policy=RetentionPolicy(), now=NOW)

    with engine.connect() as connection:
        intakes = set(connection.execute(select(intakes_table.c.conversation_id)).scalars())
        trackers = set(connection.execute(text("SELECT DISTINCT sender_id FROM events")).scalars())
    assert intakes == {"in-progress", "exported-new", "complete-unexported"}
    assert trackers == {"in-progress"}
    assert (report.intakes, report.trackers) == (2, 3)
    [entry] = audit.recent(engine)
    assert (entry.actor, entry.action, entry.detail) == ("system", "purge", "intakes=2 trackers=3")


def test_rotation_re_encrypts_every_value_under_the_new_key_and_the_old_key_can_go(
    tmp_path: Path,
    engine: Engine,
    uow: SqlAlchemyUnitOfWork,
    tracker_store: Any,
    make_summary,
    make_transcript,
) -> None:
    secret = marker()
    store_intake(uow, make_summary, make_transcript, "c-rotate", secret)
    save_conversation(tracker_store, "c-rotate", secret)
    rotated = crypto.active_keyring().with_new_key()
    crypto.use_keys(crypto.KeySource(keyring=rotated))
    try:
        intakes = reencrypt_intakes(engine, rotated)
        events = tracker_events.reencrypt(engine, rotated)
        only_new = crypto.Keyring(
            keys={rotated.current_id: rotated.keys[rotated.current_id]}, current_id=rotated.current_id
        )
        crypto.use_keys(crypto.KeySource(keyring=only_new))

        assert (intakes, events) == (1, 5)
        assert get_summary(uow=uow, conversation_id="c-rotate")["client"]["preferred_name"] == secret
        assert asyncio.run(tracker_store.retrieve("c-rotate")).get_slot("preferred_name") == secret
    finally:
        crypto.use_keys(crypto.KeySource(path=Path(os.environ["INTAKE_KEY_FILE"])))


def test_without_its_key_a_value_cannot_be_read(
    uow: SqlAlchemyUnitOfWork, make_summary, make_transcript
) -> None:
    store_intake(uow, make_summary, make_transcript, "c-lost", marker())
    crypto.use_keys(crypto.KeySource(keyring=crypto.new_keyring().with_new_key()))
    try:
        with pytest.raises(StoreError):
            get_summary(uow=uow, conversation_id="c-lost")
    finally:
        crypto.use_keys(crypto.KeySource(path=Path(os.environ["INTAKE_KEY_FILE"])))


def test_a_backup_restores_into_an_empty_database_with_every_intake_and_tracker(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    database_url: str,
    engine: Engine,
    uow: SqlAlchemyUnitOfWork,
    tracker_store: Any,
    make_summary,
    make_transcript,
) -> None:
    secrets_by_conversation = {f"c-backup-{n}": marker() for n in range(3)}
    for conversation_id, secret in secrets_by_conversation.items():
        store_intake(uow, make_summary, make_transcript, conversation_id, secret)
        save_conversation(tracker_store, conversation_id, secret)
    audit.record(engine, actor="cli", action="export", target="x")
    file = tmp_path / "backups" / "intake.backup"
    backup.write(file, backup.dump(database=engine, tracker=engine))
    kind = "sqlite" if database_url.startswith("sqlite") else "postgresql"

    with new_database(kind, request=request, tmp_path=tmp_path / "restored") as restored_url:
        restored = make_engine(restored_url)
        try:
            counts = backup.restore(
                database_url=restored_url, database=restored, tracker=restored, document=backup.read(file)
            )
            restored_uow = SqlAlchemyUnitOfWork(make_session_factory(restored))
            names = {
                c: get_summary(uow=restored_uow, conversation_id=c, with_transcript=True)["client"][
                    "preferred_name"
                ]
                for c in secrets_by_conversation
            }
            audit.record(
                restored, actor="cli", action="export", target="y"
            )  # ids continue after the restored ones
            events = list(tracker_events.all_events(restored))
        finally:
            restored.dispose()

    assert names == secrets_by_conversation
    assert counts["intakes"] == 3 and counts["audit_log"] == 1 and counts["events"] == 15
    assert {event["event"]["text"] for event in events if event["type_name"] == "user"} == {
        f"my name is {secret}" for secret in secrets_by_conversation.values()
    }
    assert all(secret.encode() not in file.read_bytes() for secret in secrets_by_conversation.values())
    assert file.stat().st_mode & 0o777 == 0o600


def test_a_backup_will_not_restore_over_existing_intakes(
    tmp_path: Path,
    database_url: str,
    engine: Engine,
    uow: SqlAlchemyUnitOfWork,
    make_summary,
    make_transcript,
) -> None:
    store_intake(uow, make_summary, make_transcript, "c-existing", marker())
    file = tmp_path / "intake.backup"
    backup.write(file, backup.dump(database=engine, tracker=engine))

    with pytest.raises(Exception, match="empty database"):
        backup.restore(database_url=database_url, database=engine, tracker=engine, document=backup.read(file))


def test_migration_0005_encrypts_summaries_stored_in_plain_text_before_it(database_url: str) -> None:
    from alembic import command

    from bot.store.migrate import _alembic_config

    command.upgrade(_alembic_config(database_url), "0004")
    bind = make_engine(database_url)
    try:
        with bind.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO intakes (id, conversation_id, status, urgent, summary, transcript, created_at, "
                    "updated_at, version) VALUES ('i-1', 'c-legacy', 'in_progress', false, '{\"secret\": \"zebra-legacy\"}', "
                    "'[]', '2026-11-27 09:00:00', '2026-11-27 09:00:00', 1)"
                )
            )

        upgrade(database_url)

        with bind.connect() as connection:
            stored = connection.execute(text("SELECT summary FROM intakes")).scalar_one()
        summary = get_summary(
            uow=SqlAlchemyUnitOfWork(make_session_factory(bind)), conversation_id="c-legacy"
        )
    finally:
        bind.dispose()
    assert crypto.is_encrypted(stored) and "zebra-legacy" not in stored
    assert summary == {"secret": "zebra-legacy"}


def test_a_missing_key_file_is_reported_not_replaced(tmp_path: Path) -> None:
    source = crypto.KeySource(path=tmp_path / "keys" / "intake.keys")

    with pytest.raises(KeyUnavailable, match="intake setup"):
        source.keyring()


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(INTAKE), *args], env={**os.environ, **env}, capture_output=True, text=True, timeout=180
    )


def test_the_commands_back_up_sqlite_restore_into_postgresql_and_rotate_the_key_there(
    request: pytest.FixtureRequest, tmp_path: Path, make_summary, make_transcript
) -> None:
    key_file = tmp_path / "keys" / "intake.keys"
    sqlite_url = f"sqlite:///{tmp_path / 'source' / 'intake.db'}"
    source = {
        "DATABASE_URL": sqlite_url,
        "TRACKER_URL": f"sqlite:///{tmp_path / 'source' / 'tracker.db'}",
        "INTAKE_KEY_FILE": str(key_file),
    }
    assert _cli("migrate", env=source).returncode == 0
    crypto.use_keys(crypto.KeySource(path=key_file))
    try:
        bind = make_engine(sqlite_url)
        store_intake(
            SqlAlchemyUnitOfWork(make_session_factory(bind)),
            make_summary,
            make_transcript,
            "c-cli-backup",
            "Test Backup",
        )
        bind.dispose()
        backup_file = tmp_path / "intake.backup"
        assert _cli("backup", "--out", str(backup_file), env=source).returncode == 0

        with new_database("postgresql", request=request, tmp_path=tmp_path / "target") as target_url:
            target = {"DATABASE_URL": target_url, "TRACKER_URL": target_url, "INTAKE_KEY_FILE": str(key_file)}
            restored = _cli("restore", str(backup_file), env=target)
            rotated = _cli("keys", "rotate", env=target)
            exported = _cli("export", "--conversation-id", "c-cli-backup", env=target)
    finally:
        crypto.use_keys(crypto.KeySource(path=Path(os.environ["INTAKE_KEY_FILE"])))

    assert restored.returncode == 0, restored.stderr
    assert rotated.returncode == 0 and "re-encrypted 1 intake(s)" in rotated.stdout, rotated.stderr
    assert exported.returncode == 0 and '"preferred_name": "Test Backup"' in exported.stdout, exported.stderr
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert crypto.read_key_file(key_file).current_id == "k2"


def test_the_sqlite_files_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    from rasa.shared.core.domain import Domain

    from bot.store.tracker import EncryptedSQLTrackerStore

    intakes_url = f"sqlite:///{tmp_path / 'var' / 'intake.db'}"
    tracker_url = f"sqlite:///{tmp_path / 'var' / 'tracker.db'}"

    upgrade(intakes_url)
    store = EncryptedSQLTrackerStore(domain=Domain.from_dict({"slots": SLOTS}), host=tracker_url)
    save_conversation(store, "c-modes", marker())
    store.engine.dispose()

    modes = {path.name: path.stat().st_mode & 0o777 for path in (tmp_path / "var").iterdir()}
    assert modes and set(modes.values()) == {0o600}, modes


def test_the_sqlite_tracker_store_overwrites_erased_rows_and_commits_to_a_log(tmp_path: Path) -> None:
    from rasa.shared.core.domain import Domain

    from bot.store.tracker import EncryptedSQLTrackerStore

    store = EncryptedSQLTrackerStore(
        domain=Domain.from_dict({"slots": SLOTS}), host=f"sqlite:///{tmp_path / 'var' / 'tracker.db'}"
    )
    save_conversation(store, "c-pragmas", marker())

    with store.engine.connect() as connection:
        settings = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("secure_delete", "journal_mode")
        }
    assert settings == {"secure_delete": 1, "journal_mode": "wal"}


def test_sqlite_stores_keep_their_connection_between_messages(tmp_path: Path) -> None:
    """Closing the last connection of a WAL database checkpoints the log into the file: once per
    message when every session opened its own connection. Both stores keep theirs open."""
    from rasa.shared.core.domain import Domain
    from sqlalchemy import event, text

    from bot.store.engine import make_engine
    from bot.store.tracker import EncryptedSQLTrackerStore

    store = EncryptedSQLTrackerStore(
        domain=Domain.from_dict({"slots": SLOTS}), host=f"sqlite:///{tmp_path / 'var' / 'tracker.db'}"
    )
    intake = make_engine(f"sqlite:///{tmp_path / 'var' / 'intake.db'}")
    opened: list[str] = []
    event.listen(store.engine, "connect", lambda *_: opened.append("tracker"))
    event.listen(intake, "connect", lambda *_: opened.append("intake"))

    for turn in range(5):
        save_conversation(store, f"c-pooled-{turn}", marker())
        with intake.begin() as connection:
            connection.execute(text("SELECT 1"))

    assert sorted(opened) == ["intake", "tracker"]
    assert (tmp_path / "var" / "tracker.db-wal").exists()  # the log was not folded in and deleted
