"""Reading and writing `Intake` rows; the services see this interface, never the session."""

from __future__ import annotations

import abc
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import Intake, intakes_table

# Query on the table's columns: the mapped attributes are typed as plain values for mypy.
columns = intakes_table.c


class AbstractIntakeRepository(abc.ABC):
    @abc.abstractmethod
    def get(self, intake_id: str) -> Intake | None: ...

    @abc.abstractmethod
    def get_by_conversation(self, conversation_id: str) -> Intake | None: ...

    @abc.abstractmethod
    def add(self, intake: Intake) -> None: ...

    @abc.abstractmethod
    def list(
        self, *, status: str | None = None, urgent_first: bool = True, limit: int = 100
    ) -> Sequence[Intake]: ...

    @abc.abstractmethod
    def delete(self, intake: Intake) -> None: ...


class IntakeRepository(AbstractIntakeRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, intake_id: str) -> Intake | None:
        return self.session.get(Intake, intake_id)

    def get_by_conversation(self, conversation_id: str) -> Intake | None:
        statement = select(Intake).where(columns.conversation_id == conversation_id)
        return self.session.execute(statement).scalar_one_or_none()

    def add(self, intake: Intake) -> None:
        self.session.add(intake)

    def list(
        self, *, status: str | None = None, urgent_first: bool = True, limit: int = 100
    ) -> Sequence[Intake]:
        statement = select(Intake)
        if status is not None:
            statement = statement.where(columns.status == status)
        order = [columns.updated_at.desc(), columns.id]  # id only makes ties deterministic
        if urgent_first:
            order.insert(0, columns.urgent.desc())
        statement = statement.order_by(*order).limit(limit)
        return self.session.execute(statement).scalars().all()

    def delete(self, intake: Intake) -> None:
        self.session.delete(intake)
