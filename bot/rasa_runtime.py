"""Rasa 3.6's per-message work that grows with this assistant, made cheaper without changing
what it checks. Applied once when Rasa loads the project's REST channel (bot/channel.py).

- Every custom action's response is validated against Rasa's events schema with
  `jsonschema.validate`, which first validates the (constant, large) schema itself against the
  JSON Schema metaschema: about 30 ms of Rasa's one event loop per action call, several calls a
  message. Here the schema is checked once and its validator kept; every response is still
  validated in full and an invalid one still raises the same `ValidationError`.
- Reading a stored conversation looks up each event's class by its type name, and Rasa finds it
  by walking every subclass of `Event` (with an `inspect.isabstract` each) for every event:
  several hundred events each time a conversation of this length is loaded. Here the walk's
  result is kept per type name (the first match, as Rasa's), walked again for an unknown name.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses


@cache
def _response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    error = best_match(_response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from the "
        f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def validate_action_responses_with_a_compiled_schema() -> None:
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]



_event_classes: dict[str, type[Event]] = {}
_resolve_by_type = Event.resolve_by_type


def _event_class(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    found = _event_classes.get(type_name)
    if found is None:
        for candidate in all_subclasses(Event):
            _event_classes.setdefault(candidate.type_name, candidate)
        found = _event_classes.get(type_name)
    # Rasa's own answer (its "topic" and default cases, its error) for names no class has.
    return found if found is not None else _resolve_by_type(type_name, default)


def resolve_event_types_once() -> None:
    Event.resolve_by_type = staticmethod(_event_class)  # type: ignore[method-assign,assignment]
