from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest

from bot.store.models import Intake
from bot.store.unit_of_work import AbstractUnitOfWork, SqlAlchemyUnitOfWork

NOON = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


def an_intake(conversation_id: str = "conversation-1") -> Intake:
    return Intake(
        id=str(uuid.uuid5(uuid.NAMESPACE_URL, conversation_id)),
        conversation_id=conversation_id,
        status="in_progress",
        urgent=False,
        summary='{"client": {"preferred_name": "Test Person"}}',
        transcript="[]",
        created_at=NOON,
        updated_at=NOON,
    )


class Boom(Exception):
    pass


def conversations(uow: AbstractUnitOfWork) -> list[str]:
    with uow:
        return [intake.conversation_id for intake in uow.intakes.list()]


def test_what_is_committed_is_kept(any_uow: AbstractUnitOfWork) -> None:
    with any_uow:
        any_uow.intakes.add(an_intake())
        any_uow.commit()

    assert conversations(any_uow) == ["conversation-1"]


def test_an_exception_inside_the_block_leaves_nothing_behind(any_uow: AbstractUnitOfWork) -> None:
    with pytest.raises(Boom):
        with any_uow:
            any_uow.intakes.add(an_intake())
            raise Boom()

    assert conversations(any_uow) == []


def test_leaving_the_block_without_commit_leaves_nothing_behind(any_uow: AbstractUnitOfWork) -> None:
    with any_uow:
        any_uow.intakes.add(an_intake())

    assert conversations(any_uow) == []


def test_changes_after_the_last_commit_are_rolled_back(any_uow: AbstractUnitOfWork) -> None:
    with any_uow:
        any_uow.intakes.add(an_intake("kept"))
        any_uow.commit()
        intake = any_uow.intakes.get_by_conversation("kept")
        assert intake is not None
        intake.status = "abandoned"
        any_uow.intakes.add(an_intake("dropped"))

    with any_uow:
        kept = any_uow.intakes.get_by_conversation("kept")
        assert kept is not None and kept.status == "in_progress"
        assert any_uow.intakes.get_by_conversation("dropped") is None


def test_a_deletion_that_is_not_committed_is_undone(any_uow: AbstractUnitOfWork) -> None:
    with any_uow:
        any_uow.intakes.add(an_intake())
        any_uow.commit()

    with any_uow:
        intake = any_uow.intakes.get_by_conversation("conversation-1")
        assert intake is not None
        any_uow.intakes.delete(intake)

    assert conversations(any_uow) == ["conversation-1"]


def test_each_block_of_the_sqlalchemy_unit_of_work_gets_a_new_session(
    uow: SqlAlchemyUnitOfWork,
) -> None:
    with uow:
        first = uow.session
    with uow:
        second = uow.session

    assert first is not second
