from __future__ import annotations

import pytest

from bot.intake.answers import Parsed, Skipped, Unclear
from bot.intake.fields import FIELDS
from bot.intake.flags import SEXUAL_SIDE_EFFECT_CLASSES
from bot.intake.normalise import (
    MEDICATION_CLASSES_WITH_SEXUAL_SIDE_EFFECTS,
    NORMALISERS,
    is_skip,
    normalise,
    said_none,
)
from tests.unit.normalising import CONTEXT, parsed


@pytest.mark.parametrize(
    "text",
    [
        "skip",
        "Skip!",
        "pass",
        "pass 🙏",
        "I'd rather not say",
        "I’d rather not say",
        "prefer not to answer",
        "I'd prefer not to say",
        "next question",
        "next",
        "no comment",
        "rather not",
        "skip this one please",
        "can we skip this",
        "I'll pass",
        "pass on this one",
        "not comfortable answering that",
        "none of your business",
        "i would rather not answer that",
    ],
)
def test_is_skip_recognises_declines(text: str) -> None:
    assert is_skip(text)


@pytest.mark.parametrize(
    "text",
    [
        "no",
        "ok",
        "yes",
        "nope",
        "my dad passed away",
        "I'd rather not have sex when I'm tired",
        "next week works",
        "skipping meals makes it worse",
        "go ahead",
        "I don't know",
    ],
)
def test_is_skip_leaves_ordinary_answers_alone(text: str) -> None:
    assert not is_skip(text)


@pytest.mark.parametrize(
    "text",
    [
        "no",
        "nope",
        "Nope!",
        "none",
        "nothing",
        "nah",
        "no meds",
        "I don't take anything",
        "I dont take anything",
        "not really",
        "n/a",
        "N/A",
        "nope, nothing at all thanks",
        "none that I know of",
        "nothing really",
        "zero",
        "I'm not on anything",
        "nada",
        "no medications currently",
        "no I don't",
        "nooo",
    ],
)
def test_said_none_recognises_none(text: str) -> None:
    assert said_none(text)


@pytest.mark.parametrize("text", ["no, just the pill", "not sure", "yes", "Zoloft", "sometimes"])
def test_said_none_is_false_when_something_is_named(text: str) -> None:
    assert not said_none(text)


@pytest.mark.parametrize(
    "slot", ["age", "email", "relationship_status", "medications", "goals", "consent_given"]
)
@pytest.mark.parametrize("text", ["skip", "pass", "I'd rather not say"])
def test_a_skip_is_skipped_on_any_slot(slot: str, text: str) -> None:
    assert normalise(slot, text, context=CONTEXT) == Skipped()


@pytest.mark.parametrize("text", ["skip", "I'd rather not say", "prefer not to answer"])
def test_declining_the_self_harm_question_is_an_answer_the_therapist_follows_up_not_a_skip(text: str) -> None:
    assert normalise("self_harm", text, context=CONTEXT) == Parsed("declined")


@pytest.mark.parametrize("text", ["skip", "I'd rather not say", "prefer not to answer"])
def test_declining_trauma_history_is_an_answer_not_a_skip(text: str) -> None:
    assert normalise("trauma_history", text, context=CONTEXT) == Parsed("prefer_not_to_say")


def test_every_intake_slot_has_a_normaliser() -> None:
    assert set(FIELDS) == set(NORMALISERS)


def test_unknown_slot_raises_key_error() -> None:
    with pytest.raises(KeyError):
        normalise("favourite_colour", "blue", context=CONTEXT)


@pytest.mark.parametrize("slot", ["goals", "availability", "age", "preferred_name"])
def test_an_empty_answer_is_unclear(slot: str) -> None:
    assert isinstance(normalise(slot, "   ", context=CONTEXT), Unclear)


def test_medication_classes_with_sexual_side_effects_include_the_spec_classes() -> None:
    assert SEXUAL_SIDE_EFFECT_CLASSES <= MEDICATION_CLASSES_WITH_SEXUAL_SIDE_EFFECTS
    assert "pde5_inhibitor" not in MEDICATION_CLASSES_WITH_SEXUAL_SIDE_EFFECTS


@pytest.mark.parametrize("text", ["none of ur business lol", "\U0001f910"])
def test_declining_in_chat_shorthand_is_a_skip(text: str) -> None:
    assert isinstance(normalise("medications", text, context=CONTEXT), Skipped)


def test_a_shrug_emoji_is_not_knowing() -> None:
    assert parsed("onset", "\U0001f937")["pattern"] == "unknown"  # type: ignore[index]
