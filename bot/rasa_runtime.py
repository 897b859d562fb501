"""Rasa 3.6's per-message work that grows with this assistant, made cheaper without changing
what it checks. Applied once when Rasa loads the project's REST channel (bot/channel.py).

- Every custom action's response is validated against Rasa's events schema with
  `jsonschema.validate`, which first validates the (constant, large) schema itself against the
  JSON Schema metaschema: about 30 ms of Rasa's one event loop per action call, several calls a
  message. And each event is an `oneOf` of 23 event schemas, all tried for every event. Here the
  schemas are checked once and their validators kept, and each event is validated against the
  one schema its `event` name selects. That is the same check: the 23 differ by a constant
  `event`, so an event satisfies exactly one of them exactly when it satisfies the one its name
  selects. A response that fails (or names an unknown event) is validated again in full, so an
  invalid one still raises the same `ValidationError`.
- Reading a stored conversation looks up each event's class by its type name, and Rasa finds it
  by walking every subclass of `Event` (with an `inspect.isabstract` each) for every event:
  several hundred events each time a conversation of this length is loaded. Here the walk's
  result is kept per type name (the first match, as Rasa's), walked again for an unknown name.
- Every custom action call carries the whole conversation as JSON: about 500 events and 220 kB
  at the end of an intake, most of it the classifier's rankings of every past message and every
  slot ever set, serialised by Rasa and parsed again by the action server several times a
  message. The action server reads the slots and the latest message from the tracker's state,
  and from its events only the messages' text and time, the actions' names and the slot
  candidates a form appends at the end (actions/tracker_view.py, rasa_sdk's
  `slots_to_validate` and `applied_events`). So past slot events and featurisation events are
  left out, and past messages keep their intent and entities but not the rankings; the tracker's
  state (slots, latest message, active loop) is sent as it is. The validation actions get the
  domain, as they must (rasa_sdk reads its forms and slots), but not its responses.
- Which events still apply (`DialogueStateTracker.applied_events`: reverted ones out, a form's
  earlier runs folded into its latest) is worked out from the first event every time it is
  asked, several times a message, and each form run copies the list again: quadratic in a long
  intake. The answer is a left fold over the events (given the names of the loops anywhere in
  them), so here a tracker keeps where its fold got to and folds only the events added since,
  as long as the earlier events are the very same objects and no new loop name appeared;
  otherwise it is worked out again by Rasa's own method.
- Rasa parses a message in its one event loop: while DIET and spaCy work on one client's
  message, every other conversation waits, even one whose reply only needs its tracker saved.
  Here the parse runs on one thread of its own (one at a time, as before; TensorFlow and
  SQLite release the GIL while they work), so the event loop goes on with other conversations
  meanwhile. The parse reads only the message and its conversation's tracker, which the
  conversation's lock keeps to itself; what follows the parse is Rasa's own code.
- Every tracker Rasa builds (reading a conversation, copying it before each action, replaying
  it for each form validation and for each prediction's featurisation: a dozen a message) copies
  each of the domain's slots with `copy.copy`, whose generic path (`__reduce_ex__`, then
  `copy._reconstruct`) costs four times the copy itself. A slot is a plain object, so that path
  comes down to a new object of its class with the same attribute dict (shallow); `Slot.__copy__`
  does exactly that directly.
- Rasa opens a new HTTP client session, and with it a new TCP connection to the action server,
  for every action call: one or more a message, each paying for the connection on both sides
  (the action server's profile showed a tenth of its time setting connections up). Here each
  endpoint keeps one client session per event loop, so calls close together reuse a connection.
  An idle connection is let go after KEEP_ALIVE_SECONDS, before the action server's own
  keep-alive timeout (Sanic's 5 s) closes it, so a call never goes out on a connection the
  server is closing; a connection the server dropped (a restart) is noticed and replaced by the
  client session, and a call that fails fails as before.
- Python's cyclic garbage collector walks every tracked object in its oldest generation each
  time that generation is collected, and once Rasa has loaded the model (TensorFlow, spaCy, the
  domain) that is millions of objects: 1 to 1.7 s in which Rasa's event loop, and every
  conversation with it, stood still, several times a minute under load (gc callbacks, 10
  conversations at once). None of those objects ever becomes garbage, so once the model is loaded
  they are collected once and frozen (`gc.freeze`): the collector leaves them out of its walks
  from then on and what it walks is what the conversations create. A model swapped in later
  would keep the frozen one in memory; this assistant loads its one model at start-up.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import operator
import weakref
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any

import aiohttp
import rasa
from jsonschema import validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import UserMessage
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.core.processor import MessageProcessor
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.domain import KEY_RESPONSES, Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    DefinePrevUserUtteredFeaturization,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig


@cache
def _response_validator() -> Any:
    return _validator(RemoteAction.action_response_format_spec())


def _validator(schema: dict[str, Any]) -> Any:
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


@cache
def _shape_validator() -> Any:
    """The response with its events' own schema left out: only that `events` is an array."""
    schema = RemoteAction.action_response_format_spec()
    events = {**schema["properties"]["events"], "items": {}}
    return _validator({**schema, "properties": {**schema["properties"], "events": events}})


@cache
def _event_validator(name: str) -> Any | None:
    """Rasa's schema for one event, with the one of its `oneOf` schemas that this name selects."""
    event_schema = RemoteAction.action_response_format_spec()["properties"]["events"]["items"]
    selected = [one for one in event_schema["oneOf"] if one["properties"]["event"].get("const") == name]
    if len(selected) != 1:
        return None
    common = {key: value for key, value in event_schema.items() if key != "oneOf"}
    return _validator({"allOf": [common, selected[0]]})


def _valid_event(event: Any) -> bool:
    name = event.get("event") if isinstance(event, dict) else None
    validator = _event_validator(name) if isinstance(name, str) else None
    return validator is not None and validator.is_valid(event)


def _valid_by_event_name(result: Any) -> bool:
    if not _shape_validator().is_valid(result):
        return False
    events = result.get("events", []) if isinstance(result, dict) else []
    return all(_valid_event(event) for event in events)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    if _valid_by_event_name(result):
        return True
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


def slim_events(events: Sequence[Event]) -> list[dict[str, Any]]:
    """A conversation's events as the action server needs them (see the module's docstring)."""
    trailing = len(events)
    while trailing and isinstance(events[trailing - 1], SlotSet):
        trailing -= 1
    users = [index for index, event in enumerate(events) if isinstance(event, UserUttered)]
    latest_user = users[-1] if users else -1
    slim = []
    for index, event in enumerate(events[:trailing]):
        if isinstance(event, _NOT_READ_BY_ACTIONS):
            continue
        data = event.as_dict()
        if index != latest_user:
            data = {key: data[key] for key in _KEYS_READ if key in data}
            if isinstance(event, UserUttered):
                parsed = data.get("parse_data") or {}
                data["parse_data"] = {key: parsed[key] for key in _PARSE_DATA_READ if key in parsed}
        slim.append(data)
    return slim + [event.as_dict() for event in events[trailing:]]


_NOT_READ_BY_ACTIONS = (SlotSet, DefinePrevUserUtteredFeaturization)
_KEYS_READ = ("event", "timestamp", "name", "text", "parse_data", "input_channel", "message_id")
_PARSE_DATA_READ = ("intent", "entities", "text", "message_id")


def _slim_action_call_format(
    self: RemoteAction, tracker: DialogueStateTracker, domain: Domain
) -> dict[str, Any]:
    """Rasa's `RemoteAction._action_call_format` with the events slimmed."""
    state = tracker.current_state(EventVerbosity.NONE)
    state["events"] = slim_events(list(tracker.events))
    call = {
        "next_action": self._name,
        "sender_id": tracker.sender_id,
        "tracker": state,
        "version": rasa.__version__,
    }
    if not self._is_selective_domain_enabled() or domain.does_custom_action_explicitly_need_domain(
        self.name()
    ):
        call["domain"] = domain_for_actions(domain)
    return call


_ACTION_DOMAIN = "_intake_action_domain"  # the domain as sent to actions, kept on the domain


def domain_for_actions(domain: Domain) -> dict[str, Any]:
    """The domain as the validation actions get it: without its responses, which no action reads
    (rasa_sdk reads the forms and the slots) and which are three quarters of its 30 kB."""
    sent = domain.__dict__.get(_ACTION_DOMAIN)
    if sent is None:
        sent = {key: value for key, value in domain.as_dict().items() if key != KEY_RESPONSES}
        domain.__dict__[_ACTION_DOMAIN] = sent
    return sent


def send_actions_what_they_read() -> None:
    RemoteAction._action_call_format = _slim_action_call_format  # type: ignore[method-assign]


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


# --- applied events, folded incrementally ----------------------------------------------------

_rasa_applied_events = DialogueStateTracker.applied_events
_FOLD = "_intake_applied_fold"  # (events folded, loop names, events applied) on the tracker


def _loop_names(events: Iterable[Event]) -> set[str]:
    return {event.name for event in events if isinstance(event, ActiveLoop) and event.name}


def _fold(tracker: DialogueStateTracker, applied: list[Event], event: Event, loop_names: set[str]) -> None:
    """One step of Rasa's `applied_events`, in place."""
    if isinstance(event, (Restarted, SessionStarted)):
        applied.clear()
    elif isinstance(event, ActionReverted):
        tracker._undo_till_previous(ActionExecuted, applied)
    elif isinstance(event, UserUtteranceReverted):
        tracker._undo_till_previous(UserUttered, applied)
        tracker._undo_till_previous(ActionExecuted, applied)
    elif (
        isinstance(event, ActionExecuted)
        and event.action_name in loop_names
        and not tracker._first_loop_execution_or_unhappy_path(event.action_name, applied)
    ):
        tracker._undo_till_previous_loop_execution(event.action_name, applied)
    else:
        applied.append(event)


def applied_events_incrementally(self: DialogueStateTracker) -> list[Event]:
    events = self.events
    fold = self.__dict__.get(_FOLD)
    if fold is not None:
        folded, loop_names, applied = fold
        count = len(folded)
        if count <= len(events) and all(map(operator.is_, folded, itertools.islice(events, count))):
            added = list(itertools.islice(events, count, None))
            if _loop_names(added) <= loop_names:
                applied = list(applied)
                for event in added:
                    _fold(self, applied, event, loop_names)
                self.__dict__[_FOLD] = (folded + added, loop_names, applied)
                return list(applied)
    applied = _rasa_applied_events(self)
    self.__dict__[_FOLD] = (list(events), _loop_names(events), list(applied))
    return applied


@cache
def fold_applied_events_incrementally() -> None:
    DialogueStateTracker.applied_events = applied_events_incrementally  # type: ignore[method-assign]


# --- one client session per endpoint ----------------------------------------------------------

KEEP_ALIVE_SECONDS = 2.0  # below the action server's keep-alive timeout (Sanic's default, 5 s)
_kept_sessions: weakref.WeakKeyDictionary[
    asyncio.AbstractEventLoop, dict[tuple[Any, ...], aiohttp.ClientSession]
]
_kept_sessions = weakref.WeakKeyDictionary()


class _Kept:
    """`async with` over a session that stays open afterwards."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *_exc: object) -> None:
        return None


def _kept_session(self: EndpointConfig) -> _Kept:
    """Rasa's `EndpointConfig.session`, the same headers, authentication and timeout, kept open
    for the next call to the same endpoint from the same event loop."""
    auth = (
        aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
        if self.basic_auth
        else None
    )
    key = (self.url, tuple(sorted((self.headers or {}).items())), auth)
    sessions = _kept_sessions.setdefault(asyncio.get_running_loop(), {})
    session = sessions.get(key)
    if session is None or session.closed:
        session = aiohttp.ClientSession(
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEP_ALIVE_SECONDS),
        )
        sessions[key] = session
    return _Kept(session)


async def close_kept_sessions() -> None:
    for session in _kept_sessions.pop(asyncio.get_running_loop(), {}).values():
        await session.close()


@cache
def keep_action_connections() -> None:
    EndpointConfig.session = _kept_session  # type: ignore[assignment,method-assign]


# --- slots copied directly --------------------------------------------------------------------


def _copy_slot(slot: Slot) -> Slot:
    """What `copy.copy` makes of a slot: a new object of its class sharing its attribute values."""
    copied = slot.__class__.__new__(slot.__class__)
    copied.__dict__.update(slot.__dict__)
    return copied


@cache
def copy_slots_directly() -> None:
    Slot.__copy__ = _copy_slot  # type: ignore[attr-defined]


_nlu_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nlu")


async def parse_message_off_the_loop(
    self: MessageProcessor,
    message: UserMessage,
    tracker: DialogueStateTracker | None = None,
    only_output_properties: bool = True,
) -> dict[str, Any]:
    """Rasa's `MessageProcessor.parse_message`, with the graph run on the NLU thread (and
    without its debug log of the message's text and entities: clients' words stay out of logs)."""
    if self.http_interpreter:
        parse_data = await self.http_interpreter.parse(message)
    else:
        if tracker is None:
            tracker = DialogueStateTracker.from_events(message.sender_id, [])
        parse_data = await asyncio.get_running_loop().run_in_executor(
            _nlu_thread, self._parse_message_with_graph, message, tracker, only_output_properties
        )
    self._update_full_retrieval_intent(parse_data)
    self._check_for_unseen_features(parse_data)
    return parse_data


@cache
def parse_off_the_event_loop() -> None:
    MessageProcessor.parse_message = parse_message_off_the_loop  # type: ignore[method-assign]


def freeze_what_is_loaded() -> None:
    """Collect once, then leave everything loaded so far out of the collector's walks."""
    gc.collect()
    gc.freeze()
