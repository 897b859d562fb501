"""Rasa's per-message work made cheaper (bot/rasa_runtime.py) still checks and answers the same."""

from __future__ import annotations

import asyncio
import gc
import threading
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import UserMessage
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

from bot import rasa_runtime
from bot.channel import ReliableRestInput

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


EVENT_NAMES = [one["properties"]["event"]["const"]
               for one in RemoteAction.action_response_format_spec()["properties"]["events"]["items"]["oneOf"]]  # fmt: skip
_values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.sampled_from(["entity", "value", "start"]), st.integers()),
)  # fmt: skip
_entities = st.lists(st.fixed_dictionaries({"entity": st.text(max_size=3), "value": _values}), max_size=2)
# Each field of an event: a value of the type Rasa's schema wants, or any value at all.
_FITTING = {
    "name": st.one_of(st.text(max_size=5), st.none()),
    "value": _values,
    "text": st.one_of(st.text(max_size=5), st.none()),
    "timestamp": st.one_of(st.floats(allow_nan=False), st.none()),
    "metadata": st.one_of(st.dictionaries(st.text(max_size=2), _values, max_size=2), st.none()),
    "entities": _entities,
    "parse_data": st.fixed_dictionaries({}, optional={"intent": st.fixed_dictionaries({"name": st.text(max_size=3)}),
                                                      "entities": _entities, "text": st.text(max_size=3)}),
    "policy": st.one_of(st.text(max_size=5), st.none()),
    "confidence": st.one_of(st.floats(allow_nan=False), st.none()),
    "hide_rule_turn": st.booleans(),
}  # fmt: skip
_fields = st.fixed_dictionaries(
    {},
    optional={
        key: st.integers(0, 9).flatmap(lambda draw, fitting=fitting: _values if draw == 0 else fitting)
        for key, fitting in _FITTING.items()
    },
)
_named = st.builds(lambda name, fields: {**fields, "event": name}, st.sampled_from(EVENT_NAMES), _fields)
_misnamed = st.builds(
    lambda name, fields: {**fields, "event": name}, st.one_of(st.just("no_such_event"), _values), _fields
)
_events = st.lists(
    st.integers(0, 9).flatmap(lambda draw: [_misnamed, _fields, _values][draw] if draw < 3 else _named),
    max_size=4,
)
_replies = st.lists(st.dictionaries(st.text(max_size=2), _values), max_size=2)
_responses = st.one_of(
    st.fixed_dictionaries({"events": _events}, optional={"responses": st.one_of(_replies, _replies, _values)}),
    st.fixed_dictionaries({}, optional={"events": st.one_of(_events, _values), "responses": st.one_of(_replies, _values)}),
)  # fmt: skip


_SCHEMA = RemoteAction.action_response_format_spec()
_RASAS_VALIDATOR = jsonschema.validators.validator_for(_SCHEMA)(_SCHEMA)


def _rasas_verdict(response: Any) -> bool:
    return _RASAS_VALIDATOR.is_valid(response)


@pytest.mark.parametrize("name", EVENT_NAMES)
def test_each_event_name_is_validated_by_its_own_schema_as_rasa_validates_it(name: str) -> None:
    valid = {
        "event": name,
        "name": "fake",
        "value": 1,
        "text": "fake",
        "timestamp": 1.0,
        "entities": [],
        "parse_data": {},
    }
    wrong = {**valid, "timestamp": "yesterday", "name": 3, "value": None, "entities": "none", "text": 4}

    for response in ({"events": [valid]}, {"events": [wrong]}):
        assert rasa_runtime._valid_by_event_name(response) is _rasas_verdict(response)


@settings(max_examples=600, deadline=None)
@given(_responses)
def test_any_response_is_accepted_or_refused_exactly_as_rasas_full_schema_does(
    response: dict[str, Any],
) -> None:
    if _rasas_verdict(response):
        assert _action()._validate_action_result(response) is True
    else:
        assert not rasa_runtime._valid_by_event_name(response)
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


# --- applied events, folded incrementally ----------------------------------------------------

_LOOPS = ("intake_form", "other_form")


def _event_strategy() -> st.SearchStrategy[Any]:
    from rasa.shared.core.events import (
        ActionExecuted,
        ActionExecutionRejected,
        ActionReverted,
        ActiveLoop,
        DefinePrevUserUtteredFeaturization,
        Restarted,
        SessionStarted,
        SlotSet,
        UserUtteranceReverted,
        UserUttered,
    )

    actions = st.sampled_from(("action_listen", "utter_ask", "action_record_disclosure", *_LOOPS))
    return st.one_of(
        actions.map(ActionExecuted),
        st.sampled_from(("fake answer", "fake question")).map(
            lambda text: UserUttered(text, {"name": "inform"})
        ),
        st.sampled_from((*_LOOPS, None)).map(ActiveLoop),
        st.sampled_from(("age", "goals")).map(lambda name: SlotSet(name, "fake")),
        st.sampled_from(_LOOPS).map(ActionExecutionRejected),
        st.just(DefinePrevUserUtteredFeaturization(False)),
        st.sampled_from((Restarted, SessionStarted, ActionReverted, UserUtteranceReverted)).map(
            lambda kind: kind()
        ),
    )


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_event_strategy(), max_size=12), min_size=1, max_size=8))
def test_applied_events_folded_incrementally_are_rasa_s_at_every_step(chunks) -> None:
    """Events arrive a few at a time, as in a conversation; after each arrival the tracker's
    applied events are Rasa's own answer for the same events, the very same objects in order."""
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker("fake-conversation", [])
    for chunk in chunks:
        tracker.events.extend(chunk)
        ours = rasa_runtime.applied_events_incrementally(tracker)
        rasa_s = rasa_runtime._rasa_applied_events(tracker)
        assert [id(event) for event in ours] == [id(event) for event in rasa_s]


def test_a_tracker_whose_earlier_events_changed_is_folded_again_from_the_start() -> None:
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker("fake-conversation", [])
    tracker.events.extend([ActionExecuted("intake_form"), UserUttered("fake", {"name": "inform"})])
    rasa_runtime.applied_events_incrementally(tracker)
    tracker.events[0] = ActionExecuted("utter_ask")  # not the object folded before
    tracker.events.extend([ActiveLoop("intake_form"), ActionExecuted("intake_form")])  # and a new loop name

    assert rasa_runtime.applied_events_incrementally(tracker) == rasa_runtime._rasa_applied_events(tracker)
    assert rasa_runtime.applied_events_incrementally(tracker)[0].action_name == "utter_ask"


class _Processor:
    """Stands in for Rasa's MessageProcessor: its graph run waits until the event loop has
    served someone else, so it finishes at once only when it does not hold the loop."""

    http_interpreter = None

    def __init__(self, loop_ran: threading.Event) -> None:
        self.loop_ran = loop_ran
        self.updated: list[dict[str, Any]] = []

    def _parse_message_with_graph(
        self, message: Any, tracker: Any, only_output_properties: bool
    ) -> dict[str, Any]:
        waited = self.loop_ran.wait(timeout=10)
        return {
            "text": message.text,
            "intent": {"name": "inform"},
            "entities": [],
            "thread": threading.current_thread().name,
            "loop_ran_meanwhile": waited,
        }

    def _update_full_retrieval_intent(self, parse_data: dict[str, Any]) -> None:
        self.updated.append(parse_data)

    def _check_for_unseen_features(self, parse_data: dict[str, Any]) -> None:
        pass


def test_a_message_is_parsed_off_the_event_loop_while_other_conversations_go_on() -> None:
    loop_ran = threading.Event()
    processor = _Processor(loop_ran)

    async def other_conversation() -> None:
        await asyncio.sleep(0)
        loop_ran.set()

    async def both() -> dict[str, Any]:
        parsed, _ = await asyncio.gather(
            rasa_runtime.parse_message_off_the_loop(processor, UserMessage("we've been together 5 years")),  # type: ignore[arg-type]
            other_conversation(),
        )
        return parsed

    parsed = asyncio.run(both())

    assert parsed["loop_ran_meanwhile"] is True
    assert parsed["thread"].startswith("nlu")
    assert parsed["text"] == "we've been together 5 years"
    assert processor.updated == [parsed]  # Rasa's own steps after the parse still run


def _walked_by_the_collector(thing: object) -> bool:
    return any(item is thing for generation in range(3) for item in gc.get_objects(generation))


def test_what_is_loaded_before_the_server_starts_is_left_out_of_the_collectors_walks() -> None:
    async def on_new_message(_message: UserMessage) -> None:
        pass

    webhook = ReliableRestInput().blueprint(on_new_message)
    at_start = [item.listener for item in webhook._future_listeners if item.event == "after_server_start"]
    loaded = {"model": ["weights"]}  # the model, loaded by Rasa before the server starts
    assert _walked_by_the_collector(loaded)
    try:
        for listener in at_start:
            asyncio.run(listener(None, None))
        created_later = {"tracker": ["events"]}

        assert len(at_start) == 1
        assert not _walked_by_the_collector(loaded)
        assert _walked_by_the_collector(created_later)
    finally:
        gc.unfreeze()


def _every_kind_of_slot() -> list[Any]:
    from rasa.shared.core.domain import Domain

    custom = [{"type": "custom"}]
    return Domain.from_dict(
        {
            "slots": {
                "text": {"type": "text", "mappings": custom, "initial_value": "fake"},
                "flag": {"type": "bool", "mappings": custom, "influence_conversation": True},
                "choice": {"type": "categorical", "values": ["a", "b"], "mappings": custom},
                "number": {"type": "float", "min_value": 0, "max_value": 10, "mappings": custom},
                "items": {"type": "list", "mappings": custom},
                "anything": {"type": "any", "mappings": custom},
            }
        }
    ).slots


def test_a_slot_is_copied_as_copy_s_generic_path_copies_it() -> None:
    import copy

    rasa_runtime.copy_slots_directly()

    for slot in _every_kind_of_slot():
        slot.value = ["fake", "values"]
        generic = copy._reconstruct(slot, None, *slot.__reduce_ex__(4))  # type: ignore[attr-defined]
        copied = copy.copy(slot)
        assert type(slot).__copy__ is rasa_runtime._copy_slot  # no kind of slot has its own
        assert type(copied) is type(generic) is type(slot)
        assert copied is not slot and copied.__dict__ == generic.__dict__
        assert copied.value is slot.value  # shallow, as copy.copy is
        copied.value = "changed"
        assert slot.value == ["fake", "values"]


class _CountingServer:
    """A local HTTP server answering `{}` to every request and counting its connections."""

    def __init__(self) -> None:
        self.connections = 0
        self.requests = 0

    async def start(self) -> str:
        from aiohttp import web

        async def answer(_request: web.Request) -> web.Response:
            self.requests += 1
            return web.json_response({})

        def count(protocol_factory: Any) -> Any:
            def counted() -> Any:
                self.connections += 1
                return protocol_factory()

            return counted

        app = web.Application()
        app.router.add_post("/webhook", answer)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        server = self.runner.server
        self.listener = await asyncio.get_running_loop().create_server(count(server), "127.0.0.1", 0)
        return f"http://127.0.0.1:{self.listener.sockets[0].getsockname()[1]}/webhook"

    async def stop(self) -> None:
        self.listener.close()
        await self.runner.cleanup()


def test_calls_close_together_share_one_connection_and_an_idle_one_is_let_go(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rasa.utils.endpoints import EndpointConfig

    monkeypatch.setattr(rasa_runtime, "KEEP_ALIVE_SECONDS", 0.2)
    monkeypatch.setattr(EndpointConfig, "session", rasa_runtime._kept_session)
    server = _CountingServer()

    async def calls() -> tuple[int, int]:
        endpoint = EndpointConfig(await server.start())
        try:
            for _ in range(3):
                assert await endpoint.request(json={"next_action": "fake"}) == {}
            together = server.connections
            await asyncio.sleep(0.6)  # idle for longer than KEEP_ALIVE_SECONDS
            assert await endpoint.request(json={"next_action": "fake"}) == {}
            return together, server.connections
        finally:
            await rasa_runtime.close_kept_sessions()
            await server.stop()

    together, after_idle = asyncio.run(calls())

    assert server.requests == 4
    assert together == 1
    assert after_idle == 2
