from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.errors import IntakeError, StoreError, StoreUnavailable
from bot.store.engine import make_engine, make_session_factory
from bot.store.services import delete_conversation, get_summary, save_summary
from bot.store.unit_of_work import SqlAlchemyUnitOfWork

MakeSummary = Callable[..., dict[str, Any]]


def unit_of_work_on(url: str) -> SqlAlchemyUnitOfWork:
    return SqlAlchemyUnitOfWork(make_session_factory(make_engine(url)))


@pytest.fixture(params=["postgresql", "sqlite"])
def unreachable_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        return "postgresql+psycopg2://postgres@127.0.0.1:1/intake?connect_timeout=3"
    # A folder where the database file should be: SQLite cannot open it.
    (tmp_path / "intake.db").mkdir()
    return f"sqlite:///{tmp_path / 'intake.db'}"


@pytest.mark.parametrize(
    "call",
    [
        lambda uow, summary: save_summary(uow=uow, summary=summary, transcript=[]),
        lambda uow, summary: get_summary(uow=uow, conversation_id="c", with_transcript=True),
        lambda uow, summary: delete_conversation(uow=uow, conversation_id="c"),
    ],
    ids=["save", "get", "delete"],
)
def test_a_database_that_cannot_be_reached_raises_store_unavailable(
    unreachable_url: str, make_summary: MakeSummary, call: Callable[..., Any]
) -> None:
    uow = unit_of_work_on(unreachable_url)

    with pytest.raises(StoreUnavailable):
        call(uow, make_summary())


def test_a_database_without_the_table_raises_store_error_without_client_data(
    database_url: str, make_summary: MakeSummary
) -> None:
    uow = unit_of_work_on(database_url)  # never migrated

    with pytest.raises(StoreError) as raised:
        save_summary(uow=uow, summary=make_summary(), transcript=[])

    assert not isinstance(raised.value, StoreUnavailable)
    assert "Test Person" not in str(raised.value)


def test_two_conversations_claiming_one_intake_id_raise_store_error(
    uow: SqlAlchemyUnitOfWork, make_summary: MakeSummary
) -> None:
    save_summary(uow=uow, summary=make_summary("conversation-1", intake_id="same-id"), transcript=[])

    with pytest.raises(StoreError):
        save_summary(uow=uow, summary=make_summary("conversation-2", intake_id="same-id"), transcript=[])


def test_store_errors_are_intake_errors() -> None:
    assert issubclass(StoreUnavailable, StoreError)
    assert issubclass(StoreError, IntakeError)
