"""Rasa's per-message work made cheaper (bot/rasa_runtime.py) still checks and answers the same."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

from bot import rasa_runtime

rasa_runtime.validate_action_responses_with_a_compiled_schema()
rasa_runtime.resolve_event_types_once()


def _action() -> RemoteAction:
    return RemoteAction("validate_intake_form", None)


def test_a_valid_action_response_passes():
    response = {
        "events": [{"event": "slot", "name": "distress", "value": 6}, {"event": "active_loop", "name": None}],
        "responses": [{"text": "And is there anything that makes it worse?"}],
    }

    assert _action()._validate_action_result(response) is True


def test_an_invalid_action_response_still_raises_with_rasas_explanation():
    response = {"events": [{"event": "slot", "name": 3}]}

    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        _action()._validate_action_result(response)


def test_every_event_type_name_resolves_to_the_class_rasa_would_find():
    for event_class in all_subclasses(Event):
        expected = next(c for c in all_subclasses(Event) if c.type_name == event_class.type_name)

        assert Event.resolve_by_type(event_class.type_name) is expected


def test_unknown_event_names_get_rasas_own_answers():
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", default=Event) is Event
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
