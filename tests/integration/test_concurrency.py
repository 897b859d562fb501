"""Two sessions saving the same conversation at once, as two action server workers can."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, sessionmaker

from bot.store.services import get_summary, save_summary
from bot.store.unit_of_work import SqlAlchemyUnitOfWork

MakeSummary = Callable[..., dict[str, Any]]


def save_at_once(session_factory: sessionmaker, *summaries: dict[str, Any]) -> list[BaseException]:
    """Save each summary from its own thread and session, both reading before either writes."""
    both_have_read = threading.Barrier(len(summaries), timeout=20)
    reads = itertools.count()
    reads_lock = threading.Lock()

    def wait_for_the_other_reader(state: ORMExecuteState) -> Any:
        with reads_lock:
            is_first_read = state.is_select and next(reads) < len(summaries)
        if not is_first_read:
            return None
        result = state.invoke_statement()
        both_have_read.wait()
        return result

    event.listen(session_factory, "do_orm_execute", wait_for_the_other_reader)
    errors: list[BaseException] = []

    def save(summary: dict[str, Any]) -> None:
        try:
            save_summary(uow=SqlAlchemyUnitOfWork(session_factory), summary=summary, transcript=[])
        except BaseException as error:  # noqa: BLE001 - handed back to the test thread
            errors.append(error)

    threads = [threading.Thread(target=save, args=(summary,)) for summary in summaries]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        event.remove(session_factory, "do_orm_execute", wait_for_the_other_reader)
    assert not any(thread.is_alive() for thread in threads), "a save never finished"
    return errors


def rows(uow: SqlAlchemyUnitOfWork) -> list[tuple[str, int]]:
    with uow:
        return [(intake.conversation_id, intake.version) for intake in uow.intakes.list()]


def test_two_first_saves_of_one_conversation_make_one_row(
    session_factory: sessionmaker, uow: SqlAlchemyUnitOfWork, make_summary: MakeSummary
) -> None:
    first = make_summary(goals="From the first worker")
    second = make_summary(goals="From the second worker")

    errors = save_at_once(session_factory, first, second)

    assert errors == []
    assert rows(uow) == [("conversation-1", 2)]
    stored = get_summary(uow=uow, conversation_id="conversation-1", with_transcript=False)
    assert stored in (first, second)


def test_two_updates_of_one_conversation_both_count(
    session_factory: sessionmaker, uow: SqlAlchemyUnitOfWork, make_summary: MakeSummary
) -> None:
    save_summary(uow=uow, summary=make_summary(), transcript=[])
    first = make_summary(goals="From the first worker")
    second = make_summary(goals="From the second worker")

    errors = save_at_once(session_factory, first, second)

    assert errors == []
    assert rows(uow) == [("conversation-1", 3)]
    stored = get_summary(uow=uow, conversation_id="conversation-1", with_transcript=False)
    assert stored in (first, second)
