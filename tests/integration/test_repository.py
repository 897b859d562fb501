from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import exc

from bot.store.models import Intake
from bot.store.services import save_summary
from bot.store.unit_of_work import AbstractUnitOfWork, SqlAlchemyUnitOfWork

MakeSummary = Callable[..., dict[str, Any]]
NOON = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def four_intakes(any_uow: AbstractUnitOfWork, make_summary: MakeSummary) -> None:
    """Saved at noon, 1 pm, 2 pm and 3 pm; the 1 pm one and the noon one are urgent."""
    for hour, conversation_id, status, urgent in [
        (0, "urgent-older", "in_progress", True),
        (1, "urgent-newer", "complete", True),
        (2, "calm-older", "complete", False),
        (3, "calm-newer", "in_progress", False),
    ]:
        summary = make_summary(conversation_id, status=status, urgent=urgent)
        save_summary(uow=any_uow, summary=summary, transcript=[], now=NOON + timedelta(hours=hour))


def listed(uow: AbstractUnitOfWork, **options: Any) -> list[str]:
    with uow:
        return [intake.conversation_id for intake in uow.intakes.list(**options)]


@pytest.mark.usefixtures("four_intakes")
def test_the_list_shows_urgent_intakes_first_then_the_newest(any_uow: AbstractUnitOfWork) -> None:
    assert listed(any_uow) == ["urgent-newer", "urgent-older", "calm-newer", "calm-older"]


@pytest.mark.usefixtures("four_intakes")
def test_the_list_can_ignore_urgency_and_show_only_the_newest(any_uow: AbstractUnitOfWork) -> None:
    assert listed(any_uow, urgent_first=False) == [
        "calm-newer", "calm-older", "urgent-newer", "urgent-older",
    ]  # fmt: skip


@pytest.mark.usefixtures("four_intakes")
def test_the_list_can_be_filtered_by_status(any_uow: AbstractUnitOfWork) -> None:
    assert listed(any_uow, status="complete") == ["urgent-newer", "calm-older"]
    assert listed(any_uow, status="abandoned") == []


@pytest.mark.usefixtures("four_intakes")
def test_the_list_stops_at_the_limit(any_uow: AbstractUnitOfWork) -> None:
    assert listed(any_uow, limit=2) == ["urgent-newer", "urgent-older"]


@pytest.mark.usefixtures("four_intakes")
def test_an_intake_is_found_by_its_id_and_by_its_conversation(any_uow: AbstractUnitOfWork) -> None:
    with any_uow:
        by_conversation = any_uow.intakes.get_by_conversation("calm-older")
        assert by_conversation is not None
        by_id = any_uow.intakes.get(by_conversation.id)

    assert by_id is by_conversation


def test_an_intake_added_and_committed_is_stored_with_aware_utc_datetimes(
    uow: SqlAlchemyUnitOfWork,
) -> None:
    eastern = timezone(timedelta(hours=-5))
    with uow:
        uow.intakes.add(
            Intake(
                id="00000000-0000-4000-8000-000000000001",
                conversation_id="conversation-1",
                status="in_progress",
                urgent=False,
                summary="{}",
                transcript="[]",
                created_at=datetime(2026, 11, 20, 7, 0, tzinfo=eastern),
                updated_at=datetime(2026, 11, 20, 7, 0, tzinfo=eastern),
            )
        )
        uow.commit()

    with uow:
        stored = uow.intakes.get("00000000-0000-4000-8000-000000000001")
        assert stored is not None
        assert stored.created_at == NOON
        assert stored.created_at.utcoffset() == timedelta(0)


def test_a_naive_datetime_is_refused(uow: SqlAlchemyUnitOfWork) -> None:
    with pytest.raises(exc.StatementError, match="timezone-aware"):
        with uow:
            uow.intakes.add(
                Intake(
                    id="00000000-0000-4000-8000-000000000002",
                    conversation_id="conversation-1",
                    status="in_progress",
                    urgent=False,
                    summary="{}",
                    transcript="[]",
                    created_at=datetime(2026, 11, 20, 12, 0),
                    updated_at=datetime(2026, 11, 20, 12, 0),
                )
            )
            uow.commit()
