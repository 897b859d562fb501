"""A unit of work: one transaction around the repository, committed only when asked.

    with uow:
        uow.intakes.add(intake)
        uow.commit()

Leaving the block always rolls back, which undoes everything after the last commit (all of it
when an exception escapes or `commit()` was never called).
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from bot.store.fakes import FakeIntakeRepository
from bot.store.models import Intake
from bot.store.repository import AbstractIntakeRepository, IntakeRepository


class AbstractUnitOfWork(abc.ABC):
    intakes: AbstractIntakeRepository

    def __enter__(self) -> AbstractUnitOfWork:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.rollback()

    @abc.abstractmethod
    def commit(self) -> None: ...

    @abc.abstractmethod
    def rollback(self) -> None: ...


class SqlAlchemyUnitOfWork(AbstractUnitOfWork):
    """A new session for each `with` block, so one unit of work object can be reused (and retried)."""

    session: Session

    def __init__(self, session_factory: sessionmaker) -> None:
        self._session_factory = session_factory

    def __enter__(self) -> SqlAlchemyUnitOfWork:
        self.session = self._session_factory()
        self.intakes = IntakeRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # close() rolls back what was not committed but, unlike rollback(), does not expire the
        # objects the block loaded, so they stay readable after it.
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


class FakeUnitOfWork(AbstractUnitOfWork):
    """In memory, with real commit and rollback: what was not committed is gone after the block."""

    intakes: FakeIntakeRepository

    def __init__(self, intakes: Iterable[Intake] = ()) -> None:
        self.intakes = FakeIntakeRepository(intakes)
        self.commits = 0

    def __enter__(self) -> FakeUnitOfWork:
        return self

    def commit(self) -> None:
        self.intakes.checkpoint()
        self.commits += 1

    def rollback(self) -> None:
        self.intakes.restore()
