"""The action server's connection to the intake store, opened on first use."""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from rasa_sdk import Tracker
from sqlalchemy.orm import sessionmaker

from actions import tracker_view
from bot.config import settings
from bot.errors import StoreError
from bot.notify.outbox import enqueue_urgent_notice
from bot.service import record_intake, urgent_notice_keys
from bot.store import audit
from bot.store.engine import make_engine, make_session_factory
from bot.store.services import delete_intake
from bot.store.unit_of_work import SqlAlchemyUnitOfWork

logger = logging.getLogger(__name__)


@cache
def _session_factory() -> sessionmaker:
    return make_session_factory(make_engine(settings().database_url))


def save(tracker: Tracker, *, status: str = "in_progress") -> dict[str, Any] | None:
    """Stores the summary as it stands; a failure is logged (without content) and retried on
    the next answer, since every save writes the whole summary from the tracker."""
    state = tracker_view.intake_state(
        tracker, notice_version=settings().practice.notice_version, status=status
    )
    try:
        summary = record_intake(
            uow=SqlAlchemyUnitOfWork(_session_factory()),
            state=state,
            transcript=tracker_view.transcript(tracker),
        )
        # Idempotent per key: every save of an urgent intake catches up a notice not yet queued.
        for key in urgent_notice_keys(state):
            enqueue_urgent_notice(
                session_factory=_session_factory(), intake_id=state.intake_id, disclosure_key=key
            )
        return summary
    except StoreError as error:
        logger.error("intake not saved: %s", type(error).__name__)
        return None


def erase(conversation_id: str) -> bool:
    """The client's own erasure of the intake (the tracker store erases the conversation's
    events when it saves this turn: bot/store/tracker.py); audited by intake id."""
    intake_id = delete_intake(uow=SqlAlchemyUnitOfWork(_session_factory()), conversation_id=conversation_id)
    if intake_id is not None:
        audit.record(_session_factory().kw["bind"], actor="client", action="erase", target=intake_id)
    return intake_id is not None
