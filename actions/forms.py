"""One validation action per intake section, all sharing `IntakeFormValidation`."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from datetime import date, datetime, timezone
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT, FormValidationAction
from rasa_sdk.types import DomainDict

from actions import persistence, tracker_view
from bot.config import settings
from bot.intake import fields
from bot.intake.answers import Context, Parsed, Skipped
from bot.intake.corrections import (
    correction_parts,
    correction_target,
    restated_age,
    strip_correction_preamble,
    with_addition,
)
from bot.intake.eligibility import MIN_AGE, is_minor
from bot.intake.extract import extract_fields
from bot.intake.interruptions import is_answer_despite_intent, repeated_answer
from bot.intake.normalise import NEAREST_ASKED, near_town, normalise
from bot.practice_responses import self_harm_not_ruled_out

_SKIP_CONFIDENCE = 0.8
RISKY_SCREENING_ANSWERS = frozenset(
    {("self_harm", "passive"), ("self_harm", "active"), ("relationship_safety", "unsafe")}
)
# "I'd rather not say" answers these (prefer_not_to_say, declined): the normaliser reads it.
DECLINING_IS_AN_ANSWER = frozenset({"trauma_history", "self_harm"})
# Clarifications the generic one would leave unhelpful: a question asking two things (a bare "no"
# needs them taken apart) and a word some clients have not met ("I'm not sure what you mean").
_CLARIFY_TEXTS = {
    "pronouns": (
        "No problem. Pronouns are the words you'd like people to use when they talk about you, for "
        "example she/her, he/him or they/them. It's completely optional, so you can also say skip."
    ),
    "partner_involvement": (
        "Sorry, I want to get this right, as that was two questions in one. Does your partner know "
        "you're reaching out, and would they like to come to sessions? For example \"she knows but "
        'won\'t come", "he doesn\'t know yet" or "we\'d both like to come".'
    ),
}
_ONLY_CARRY_ON = re.compile(
    r"(?:(?:ok|okay|yes|yeah|yep|yup|aye|sure|right|alright|fine|cool|please|pls)[\s,!.]*)*(?:let'?s\s+)?"
    r"(?:continue|carry on|go on|keep going|resume|next|move on|go ahead)(?:\s+(?:please|pls|then))?[\s!.]*"
)
_CONTROL_WORDS = re.compile(r"\b(?:stop|quit|cancel|delete|erase|end)\b", re.I)
_BARE_THANKS = re.compile(
    r"(?:(?:ok|okay|oh|ah|great|cool|nice|perfect|right|got it|gotcha|good to know|makes sense)[\s,!.]*)*"
    r"(?:thanks|thank you|thank u|thx|ty|cheers|ta)(?:\s+(?:so much|a lot|very much|for that|for explaining))?[\s!.:)]*"
)
_SAYS_THANKS = re.compile(r"\b(?:thanks|thank|thx)\b", re.I)
# Where "ok thanks" is itself the answer: consent, "anything else?" and the read-back.
_THANKS_ANSWERS = frozenset({"consent_given", "anything_else", "summary_confirmed"})
_BARE_GREETINGS = frozenset({"hi", "hello", "hey", "hiya", "hi there", "hello there", "hey there"})


def normalise_context() -> Context:
    practice = settings().practice
    return Context(today=date.today(), locations=practice.location_names, nearby=practice.nearby_towns)


def accept_answer(slot: str, value: Any, tracker: Tracker) -> dict[str, Any]:
    """The slot updates that record `value` as the answer to `slot`, given in the latest message."""
    # A slot holding None is still to be asked: "nothing else" is kept as "".
    value = "" if value is None else value
    evidence = tracker_view.slot_dict(tracker, "evidence")
    evidence[slot] = sorted({*evidence.get(slot, []), tracker_view.client_message_index(tracker)})
    verbatim = tracker_view.slot_dict(tracker, "verbatim")
    verbatim.pop(slot, None)
    return {
        slot: value,
        "evidence": evidence,
        "verbatim": verbatim,
        "skipped": [s for s in tracker_view.slot_list(tracker, "skipped") if s != slot],
        "reask": [s for s in tracker_view.slot_list(tracker, "reask") if s != slot],
        "last_answered": slot,
    }


class IntakeFormValidation(FormValidationAction, ABC):
    """What every intake section does with an answer. Subclasses only name their form.

    - Extraction: the client's latest message is the answer to the question the form asked
      (`requested_slot`), unless it was an interruption (FAQ, "why do you ask?", a crisis
      disclosure...: see `tracker_view.INTERRUPTIONS`), in which case nothing is extracted,
      the form is rejected, a rule answers, and the form asks its question again.
    - Validation: `bot.intake.normalise` turns the text into the slot's value. A skip sets the
      slot to None and lists it in `skipped`. An answer that cannot be understood gets one
      clarifying re-ask (`utter_clarify`, or `_CLARIFY_TEXTS` where the generic one would not
      help); the second time, the text is kept verbatim and the form moves on: nobody is stuck
      in a loop. A bare greeting, a bare "ok thanks" and a bare "continue" are none of these:
      they get a short reply and the same question, without using up its clarification (no
      rule answers "continue" inside a form, so the form must).
    - Order: the section's slots in the spec's order, with their "when" conditions, preceded by
      any earlier answer the client asked to change (`reask`).
    - Persistence: after every answered question the whole summary is written to the store.
    """

    @abstractmethod
    def name(self) -> str:
        """validate_<form>; abstract so that this base class is never registered as an action."""

    def form_name(self) -> str:
        return self.name().removeprefix("validate_")

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        settled = frozenset(tracker_view.slot_list(tracker, "skipped")) | frozenset(
            tracker_view.slot_dict(tracker, "verbatim")
        )
        answers = tracker_view.answers(tracker)
        reask = [slot for slot in tracker_view.slot_list(tracker, "reask") if slot not in settled]
        own = fields.slots_to_ask(self.form_name(), answers, settled=settled)
        return reask + [slot for slot in own if slot not in reask]

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        answer = self._answer_in(tracker)
        updates: dict[str, Any] = {}
        if answer is not None:
            slot, text = answer
            updates = self._validate(slot, text, dispatcher, tracker)
            tracker.slots.update(updates)
        volunteered = self._volunteered(tracker, answered=answer[0] if answer else None)
        tracker.slots.update(volunteered)
        updates |= volunteered
        if ends_as_underage(updates) and self.form_name() != "eligibility_form":
            # At the age question itself a rule gives the underage message; nothing was stored yet.
            return underage_events(updates)
        if updates and self._should_save(tracker):
            persistence.save(tracker)
        events = [SlotSet(slot, value) for slot, value in updates.items()]
        if REQUESTED_SLOT not in updates:
            required = await self.required_slots([], dispatcher, tracker, domain)
            missing = next((slot for slot in required if tracker.get_slot(slot) is None), None)
            events.append(SlotSet(REQUESTED_SLOT, missing))
        return events

    def _volunteered(self, tracker: Tracker, *, answered: str | None) -> dict[str, Any]:
        """Everything else the latest message states ("we've been married 8 years and since the
        baby came..."), kept in the slots still empty so those questions are not asked. Each
        client message is read once; interruptions are left to their rules."""
        index = tracker_view.client_message_index(tracker)
        if index <= (tracker.get_slot("mined_upto") or -1) or tracker.get_slot("delete_pending"):
            return {}
        if answered is None and tracker.get_slot(REQUESTED_SLOT) is not None:
            return {}  # not an answer: the form must be rejected so that a rule can respond
        if answered is None and tracker_view.latest_intent(tracker) in tracker_view.INTERRUPTIONS:
            return {}
        text = tracker_view.latest_text(tracker)
        settled = set(tracker_view.slot_list(tracker, "skipped")) | set(
            tracker_view.slot_dict(tracker, "verbatim")
        )
        found = {
            slot: value
            for slot, value in extract_fields(text, context=normalise_context(), asked=answered).items()
            if slot in fields.FIELDS and tracker.get_slot(slot) is None and slot not in settled
        }
        if is_minor(found.get("age")):
            del found["age"]  # the age question and its gate handle a minor
        updates: dict[str, Any] = {"mined_upto": index}
        if not found:
            return updates
        evidence = tracker_view.slot_dict(tracker, "evidence")
        for slot in found:
            evidence[slot] = sorted({*evidence.get(slot, []), index})
        return updates | found | {"evidence": evidence}

    def _answer_in(self, tracker: Tracker) -> tuple[str, str] | None:
        """The requested slot and the client's latest message, if that message answers it."""
        requested = tracker.get_slot(REQUESTED_SLOT)
        if (
            requested not in fields.FIELDS
            or tracker.active_loop_name != self.form_name()
            or not tracker_view.is_fresh_answer(tracker, self.form_name())
            or tracker.get_slot("delete_pending")
        ):
            return None
        text = tracker_view.latest_text(tracker)
        intent = tracker_view.latest_intent(tracker) or ""
        if intent not in tracker_view.INTERRUPTIONS:
            return requested, text
        if intent == "continue_intake" and not _CONTROL_WORDS.search(text):
            # "continue" while a question is open: no rule answers it inside a form (Rasa then
            # repeated its fallback ten times and stopped replying), so the form handles it.
            return requested, text
        result = normalise(requested, text, context=normalise_context())
        if is_answer_despite_intent(requested, text, intent, result):
            return requested, text
        if repeated_answer(intent) and tracker_view.repeats_previous_message(tracker):
            return requested, text  # the interruption was answered; saying it again is the answer
        return None

    def _should_save(self, tracker: Tracker) -> bool:
        return tracker.get_slot("eligibility") == "eligible"

    # -- one answer ---------------------------------------------------------------------------

    def _validate(
        self, slot: str, text: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        if text.strip().lower().strip("!. ") in _BARE_GREETINGS:
            dispatcher.utter_message(text="Hi! Picking up where we were:")
            return {slot: None}
        if (
            _BARE_THANKS.fullmatch(text.strip().lower())
            and slot not in _THANKS_ANSWERS
            and not (slot == "preferred_name" and not _SAYS_THANKS.search(text))  # "Ty", "Ta": names
            and not tracker_view.repeats_previous_message(tracker)  # said again: it is the answer
        ):
            # "ok thanks" after an FAQ answer: politeness, not an answer nor a reason to clarify.
            dispatcher.utter_message(text="You're welcome.")
            return {slot: None}
        if self.form_name() != "eligibility_form" and is_minor(restated_age(text)):
            return end_as_underage(dispatcher)  # "I'm 17 btw", said in answer to another question
        if self._is_confident_skip(tracker) and slot not in DECLINING_IS_AN_ANSWER:
            return self._skip(slot, dispatcher, tracker)
        result = normalise(slot, text, context=normalise_context())
        if (
            tracker_view.latest_intent(tracker) == "continue_intake"
            and slot != "consent_given"  # "Is it okay to continue?" - "continue" is the answer
            and _ONLY_CARRY_ON.fullmatch(text.strip().lower())
        ):
            dispatcher.utter_message(text="Sure, let's carry on.")
            return {slot: None}  # asked again, as after a bare greeting
        # Anything else read as "continue" ("whenever works" at the phone question) goes the way
        # of every answer: taken when it parses, otherwise clarified once and then kept verbatim,
        # so a client who says it again is never asked the same question for ever.
        if (
            isinstance(result, Parsed)
            and slot == "age"
            and is_minor(result.value)
            and self.form_name() != "eligibility_form"
        ):
            return end_as_underage(dispatcher)  # the age asked again after a change, now under 18
        if isinstance(result, Parsed):
            return accept_answer(slot, result.value, tracker) | self.after_answer(
                slot, "" if result.value is None else result.value, dispatcher, tracker
            )
        if isinstance(result, Skipped):
            return self._skip(slot, dispatcher, tracker)
        return self._unclear(slot, text, dispatcher, tracker)

    def after_answer(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        """Hook for sections whose answers change the flow (consent, age, read-back)."""
        return {}

    @staticmethod
    def _is_confident_skip(tracker: Tracker) -> bool:
        intent = (tracker.latest_message or {}).get("intent") or {}
        return intent.get("name") == "skip" and float(intent.get("confidence") or 0) >= _SKIP_CONFIDENCE

    @staticmethod
    def _skip(slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        dispatcher.utter_message(response="utter_skipped")
        skipped = tracker_view.slot_list(tracker, "skipped")
        return {
            slot: None,
            "skipped": skipped if slot in skipped else [*skipped, slot],
            "reask": [s for s in tracker_view.slot_list(tracker, "reask") if s != slot],
            "last_answered": slot,
        }

    @staticmethod
    def _unclear(slot: str, text: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        clarified = tracker_view.slot_list(tracker, "clarified")
        if slot not in clarified:
            if slot == "location":  # most often a town of their own, not one of the offices
                dispatcher.utter_message(text=location_reask(text, settings().practice.locations))
            elif slot in _CLARIFY_TEXTS:
                dispatcher.utter_message(text=_CLARIFY_TEXTS[slot])
            else:
                dispatcher.utter_message(response="utter_clarify")
            return {slot: None, "clarified": [*clarified, slot]}
        dispatcher.utter_message(text="Thank you, I'll pass that on to your therapist as you wrote it.")
        verbatim = tracker_view.slot_dict(tracker, "verbatim")
        verbatim[slot] = text
        evidence = tracker_view.slot_dict(tracker, "evidence")
        evidence[slot] = sorted({*evidence.get(slot, []), tracker_view.client_message_index(tracker)})
        return {
            slot: None,
            "verbatim": verbatim,
            "evidence": evidence,
            "reask": [s for s in tracker_view.slot_list(tracker, "reask") if s != slot],
            "last_answered": slot,
        }


def location_reask(text: str, locations: Any) -> str:
    """ "closest to New Brunswick": the offices are named with their towns, since the assistant
    knows no distances (only the towns a practice lists as `nearby`); otherwise a town of the
    client's own, most often."""
    offices = "; ".join(location.address or location.name for location in locations)
    town = near_town(text)
    if town or NEAREST_ASKED.search(text):
        opening = f"Sorry, I can't tell from here which of our offices is closest to {town or 'you'}."
    else:
        opening = "I didn't recognise that as one of our offices."
    return (
        f"{opening} We're in {offices}: which would be easiest for you to get to? If none of them suits "
        "you, just say so, or say skip."
    )


class ValidateEligibilityForm(IntakeFormValidation):
    def name(self) -> str:
        return "validate_eligibility_form"

    def _should_save(self, tracker: Tracker) -> bool:
        return False  # nothing is kept before consent and the age check

    def _volunteered(self, tracker: Tracker, *, answered: str | None) -> dict[str, Any]:
        found = super()._volunteered(tracker, answered=answered)
        if found.get("age") is not None and tracker.get_slot("consent_given") is True:
            # "yes, I'm Nora, 44, married 15 yrs...": consent and an adult age in one message. Without
            # this the form ended with no eligibility, no rule followed, and the chat went dead.
            found["eligibility"] = "eligible"
        return found

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:  # type: ignore[override]
        if tracker.get_slot("eligibility") in ("no_consent", "underage"):
            return []
        return await super().required_slots(domain_slots, dispatcher, tracker, domain)

    def after_answer(self, slot, value, dispatcher, tracker) -> dict[str, Any]:  # type: ignore[override]
        if slot == "consent_given" and value is False:
            return {"eligibility": "no_consent", REQUESTED_SLOT: None}
        if slot == "consent_given":
            consent = {"consent_at": datetime.now(tz=timezone.utc).isoformat()}
            if tracker.get_slot("age") is not None:  # the client gave an adult age already
                consent["eligibility"] = "eligible"
            return consent
        if slot == "age" and value < MIN_AGE:
            # Nothing about a minor is kept: the age itself is dropped too.
            return {"age": None, "eligibility": "underage", "evidence": {}, REQUESTED_SLOT: None}
        if slot == "age":
            return {"eligibility": "eligible"}
        return {}

    def _unclear(self, slot, text, dispatcher, tracker) -> dict[str, Any]:  # type: ignore[override]
        if slot == "consent_given":
            # Consent is never assumed: ask again, as often as needed.
            dispatcher.utter_message(response="utter_clarify")
            return {slot: None}
        events = super()._unclear(slot, text, dispatcher, tracker)
        if slot == "age" and slot in events.get("verbatim", {}):
            events["eligibility"] = "eligible"
        return events

    def _skip(self, slot, dispatcher, tracker) -> dict[str, Any]:  # type: ignore[override]
        if slot == "consent_given":
            return {"consent_given": False, "eligibility": "no_consent", REQUESTED_SLOT: None}
        if slot == "age":
            dispatcher.utter_message(
                text="I understand. I do need to know you're 18 or over, so could you share your age?"
            )
            return {slot: None}
        return super()._skip(slot, dispatcher, tracker)


class ValidateAboutYouForm(IntakeFormValidation):
    def name(self) -> str:
        return "validate_about_you_form"


class ValidateRelationshipForm(IntakeFormValidation):
    def name(self) -> str:
        return "validate_relationship_form"


class ValidateConcernForm(IntakeFormValidation):
    def name(self) -> str:
        return "validate_concern_form"


class ValidateHealthForm(IntakeFormValidation):
    def name(self) -> str:
        return "validate_health_form"


class ValidateScreeningForm(IntakeFormValidation):
    def name(self) -> str:
        return "validate_screening_form"

    def after_answer(self, slot, value, dispatcher, tracker) -> dict[str, Any]:  # type: ignore[override]
        # Any thought of self-harm, or not feeling safe at home, gets the crisis resources now.
        if (slot, value) in RISKY_SCREENING_ANSWERS:
            dispatcher.utter_message(response="utter_crisis_resources")
            return {"crisis_resources_shown": True}
        if slot == "self_harm" and value in ("unsure", "declined"):
            # Neither a yes nor a no: no pressure, the therapist follows it up, and help is at hand.
            dispatcher.utter_message(text=self_harm_not_ruled_out(settings().practice, value))
            return {"crisis_resources_shown": True}
        return {}


class ValidateHistoryForm(IntakeFormValidation):
    def name(self) -> str:
        return "validate_history_form"


class ValidateReadbackForm(IntakeFormValidation):
    """The read-back: "yes" confirms; anything else is read as a correction of an answer."""

    def name(self) -> str:
        return "validate_readback_form"

    def after_answer(self, slot, value, dispatcher, tracker) -> dict[str, Any]:  # type: ignore[override]
        if slot != "summary_confirmed":
            return {"readback_mode": "full"}
        if value is False:
            dispatcher.utter_message(response="utter_change_how")
            return {"summary_confirmed": None, "readback_mode": "await_correction"}
        return {}

    def _skip(self, slot, dispatcher, tracker) -> dict[str, Any]:  # type: ignore[override]
        if slot == "summary_confirmed":
            return {"summary_confirmed": True}  # nothing to correct: the read-back stands
        return super()._skip(slot, dispatcher, tracker)

    def _unclear(self, slot, text, dispatcher, tracker) -> dict[str, Any]:  # type: ignore[override]
        if slot != "summary_confirmed":
            return super()._unclear(slot, text, dispatcher, tracker)
        parts = correction_parts(text, locations=settings().practice.location_names)
        if len(parts) > 1:
            # "the distress is an 8 and we've been together 2 years": each change, not only the first.
            merged: dict[str, Any] = {}
            for part in parts:
                updates = apply_correction(part, dispatcher, tracker)
                if updates:
                    tracker.slots.update(updates)
                    merged |= updates
            if merged:
                return merged
        return apply_correction(text, dispatcher, tracker) or {
            "summary_confirmed": None,
            "readback_mode": "await_correction",
        }


def apply_correction(
    text: str, dispatcher: CollectingDispatcher, tracker: Tracker, *, target: str | None = None
) -> dict[str, Any] | None:
    """Applies "actually we've been together 5 years" to the right answer, or returns None."""
    target = target or correction_target(
        text,
        last_answered=tracker.get_slot("last_answered"),
        locations=settings().practice.location_names,
        answers=tracker_view.answers(tracker),
    )
    if target is None or target not in fields.FIELDS or target == "summary_confirmed":
        dispatcher.utter_message(
            text=(
                "Sorry, I couldn't tell which answer you'd like to change. You could say, for "
                'example, "my email is name@example.com", or "yes" if everything looks right.'
            )
        )
        return None
    result = normalise(target, strip_correction_preamble(text), context=normalise_context())
    label = fields.FIELDS[target].label
    if isinstance(result, Parsed) and target == "age" and is_minor(result.value):
        return end_as_underage(dispatcher)
    if isinstance(result, Parsed):
        dispatcher.utter_message(text=f"Thanks, I've updated your answer about {label}.")
        value = with_addition(target, text, tracker.get_slot(target), result.value)
        return accept_answer(target, value, tracker) | {
            "summary_confirmed": None,
            "readback_mode": "full",
        }
    dispatcher.utter_message(text=f"Sure, let's go over your answer about {label} again.")
    reask = tracker_view.slot_list(tracker, "reask")
    verbatim = tracker_view.slot_dict(tracker, "verbatim")
    verbatim.pop(target, None)
    return {
        target: None,
        "reask": reask if target in reask else [target, *reask],
        "skipped": [s for s in tracker_view.slot_list(tracker, "skipped") if s != target],
        "verbatim": verbatim,
        "summary_confirmed": None,
        "readback_mode": "full",
    }


ERASURE_ACTION = "action_delete_data"


def end_as_underage(dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """An age under 18, however it came (a correction at the read-back, the age asked again): the
    same kind message as at the age question, and nothing kept (see `underage_events`)."""
    dispatcher.utter_message(response="utter_underage")
    return {"age": None, "eligibility": "underage", REQUESTED_SLOT: None}


def ends_as_underage(updates: dict[str, Any]) -> bool:
    return (
        updates.get("eligibility") == "underage"
        and updates.get(REQUESTED_SLOT, "") is None
        and "age" in updates
    )


def underage_events(updates: dict[str, Any]) -> list[EventType]:
    """The intake ends here, and the erasure action deletes what was stored and the conversation,
    as it does for "delete my data" (it says nothing more: the client was just told)."""
    return [SlotSet(slot, value) for slot, value in updates.items()] + [FollowupAction(ERASURE_ACTION)]


class ValidateSafetyCheckForm(FormValidationAction):
    """ "Are you safe right now?": safe, unsafe or unsure; anything unclear counts as unsure, so
    the client gets the urgent help and is never asked twice. Whatever the client says next is
    the answer, a crisis message too (bot/rasa_safety.py records it first)."""

    def name(self) -> str:
        return "validate_safety_check_form"

    def validate_safe_now(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        result = normalise("relationship_safety", str(value), context=normalise_context())
        return {"safe_now": result.value if isinstance(result, Parsed) else "unsure"}

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot(REQUESTED_SLOT) != "safe_now" or not tracker_view.is_fresh_answer(
            tracker, self.form_name()
        ):
            return []
        return [SlotSet("safe_now", tracker_view.latest_text(tracker))]
