"""An in-memory stand-in for `IntakeRepository`, for unit tests of code that uses the store."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from bot.store.models import Intake
from bot.store.repository import AbstractIntakeRepository


class FakeIntakeRepository(AbstractIntakeRepository):
    """Keeps intakes in a dict; `checkpoint` and `restore` give `FakeUnitOfWork` its transactions."""

    def __init__(self, intakes: Iterable[Intake] = ()) -> None:
        self._rows: dict[str, Intake] = {intake.id: intake for intake in intakes}
        self._saved: dict[str, dict[str, Any]] = {}
        self.checkpoint()

    def get(self, intake_id: str) -> Intake | None:
        return self._rows.get(intake_id)

    def get_by_conversation(self, conversation_id: str) -> Intake | None:
        return next((row for row in self._rows.values() if row.conversation_id == conversation_id), None)

    def add(self, intake: Intake) -> None:
        self._rows[intake.id] = intake

    def list(
        self, *, status: str | None = None, urgent_first: bool = True, limit: int = 100
    ) -> Sequence[Intake]:
        rows = [row for row in self._rows.values() if status is None or row.status == status]
        # Stable sorts from the least to the most significant key, as the SQL ORDER BY reads.
        rows.sort(key=lambda row: row.id)
        rows.sort(key=lambda row: row.updated_at, reverse=True)
        if urgent_first:
            rows.sort(key=lambda row: row.urgent, reverse=True)
        return rows[:limit]

    def delete(self, intake: Intake) -> None:
        self._rows.pop(intake.id, None)

    def checkpoint(self) -> None:
        self._saved = {key: dataclasses.asdict(row) for key, row in self._rows.items()}

    def restore(self) -> None:
        # Fresh objects, so changes made to the old ones after the checkpoint are dropped too.
        self._rows = {key: Intake(**values) for key, values in self._saved.items()}
