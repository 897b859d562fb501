from __future__ import annotations

import json

import pytest

from bot.intake.corrections import (
    LEXICON,
    correction_parts,
    correction_target,
    field_mentioned,
    looks_like_correction,
    restated_age,
    strip_correction_preamble,
    with_addition,
)
from bot.intake.fields import FIELDS

OFFICES = ("Jersey City", "Highland Park", "Freehold")


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        # relationship length, including "married for" which is not a status
        ("actually we've been together 5 years, not 3", "relationship_length"),
        ("we've been together for six years", "relationship_length"),
        ("married for 5 years", "relationship_length"),
        ("we've been married 8 years", "relationship_length"),
        ("we're married, it's been 12 years", "relationship_length"),
        ("I've been with her since 2019", "relationship_length"),
        ("been with him a couple of years", "relationship_length"),
        ("we met ten years ago", "relationship_length"),
        ("married since 2015", "relationship_length"),
        ("dating for 8 months", "relationship_length"),
        # relationship status
        ("we're married, not engaged", "relationship_status"),
        ("actually I'm single", "relationship_status"),
        ("we're divorced now", "relationship_status"),
        ("we're not together anymore", "relationship_status"),
        ("we're in an open relationship", "relationship_status"),
        ("my status should be separated", "relationship_status"),
        # name and pronouns
        ("my name is Test Person", "preferred_name"),
        ("please call me Sam", "preferred_name"),
        ("I go by Alex", "preferred_name"),
        ("wrong name, it's Jo", "preferred_name"),
        ("my pronouns are she/her", "pronouns"),
        ("they/them please", "pronouns"),
        ("actually he/him", "pronouns"),
        # contact
        ("my email is wrong", "email"),
        ("the e-mail should be test@example.test", "email"),
        ("it's sam@example.test", "email"),
        ("email me at sam@example.test", "email"),
        ("my phone is 201 555 0123", "phone"),
        ("wrong number, it's 201-555-0199", "phone"),
        ("use my cell instead", "phone"),
        ("my mobile is +12015550188", "phone"),
        ("call me on 201 555 0100", "phone"),
        ("you can call me at 908 555 0111", "phone"),
        ("(201) 555-0123", "phone"),
        ("I'd rather you text me", "contact_preference"),
        ("please contact me by email", "contact_preference"),
        ("best way to reach me is a call", "contact_preference"),
        ("email me instead of calling", "contact_preference"),
        # sessions
        ("I'd prefer online", "session_format"),
        ("in person is better", "session_format"),
        ("in-person please", "session_format"),
        ("telehealth would be easier", "session_format"),
        ("can we do video", "session_format"),
        ("the Freehold office", "location"),
        ("a different location", "location"),
        ("Highland Park is closer", "location"),
        ("jersey city please", "location"),
        ("mornings are better for me", "availability"),
        ("I'm only available on Thursdays", "availability"),
        ("weekends work best", "availability"),
        ("couples therapy, not just me", "seeking_for"),
        ("it's just me", "seeking_for"),
        ("for both of us", "seeking_for"),
        ("my partner knows but won't come", "partner_involvement"),
        ("he will attend", "partner_involvement"),
        ("she doesn't know about this", "partner_involvement"),
        # concern
        ("the main concern is pain", "main_concern"),
        ("the problem is more about desire", "main_concern"),
        ("it started after the baby", "onset"),
        ("it began about a year ago", "onset"),
        ("since menopause", "onset"),
        ("it's been my whole life", "onset"),
        ("it has always been this way", "onset"),
        ("it happens every time", "context"),
        ("only with my partner", "context"),
        ("it's better when we're on holiday", "better_when"),
        ("taking things slowly helps", "better_when"),
        ("it's worse when I'm tired", "worse_when"),
        ("more like 8 out of 10", "distress"),
        ("it bothers me more than I said", "distress"),
        ("I'd rate it a 9", "distress"),
        ("it's 8/10 really", "distress"),
        # health
        ("I also have diabetes", "medical_conditions"),
        ("I had surgery last year", "medical_conditions"),
        ("I'm pregnant", "medical_conditions"),
        ("I forgot a medication", "medications"),
        ("my meds changed", "medications"),
        ("I'm taking Zoloft too", "medications"),
        ("Zoloft 50mg", "medications"),
        ("I'm also on the pill", "medications"),
        ("I drink more than that", "substance_use"),
        ("I smoke weed sometimes", "substance_use"),
        ("I have ADHD as well", "mental_health_history"),
        ("my mental health is better now", "mental_health_history"),
        ("I see a psychiatrist", "mental_health_history"),
        # history and goals
        ("we did couples therapy before", "prior_therapy"),
        ("I have been to therapy before", "prior_therapy"),
        ("my goal is to feel close again", "goals"),
        ("I'm hoping we can talk about it", "goals"),
        ("one more thing: we have kids", "anything_else"),
    ],
)
def test_a_correction_names_the_field_it_is_about(text, slot):
    assert field_mentioned(text, locations=OFFICES) == slot


@pytest.mark.parametrize(
    "text",
    [
        "I'm 38",
        "I'm 38 years old",
        "age 38",
        "my age is wrong",
        "38",
        "yes",
        "no",
        "ok",
        "sorry, I meant 38",
        "",
    ],
)
def test_age_and_bare_answers_name_no_field(text):
    assert field_mentioned(text) is None


def test_office_names_come_from_the_practice_not_the_lexicon():
    assert field_mentioned("Freehold please") is None
    assert field_mentioned("Freehold please", locations=OFFICES) == "location"


def test_curly_apostrophes_match_like_straight_ones():
    assert field_mentioned("we\u2019ve been together 5 years") == "relationship_length"


@pytest.mark.parametrize(
    "text",
    [
        "I'm worried about my heartbeat",  # "heart" must be a whole word to count as a condition
        "a couple of years ago",
        "the therapist should know",
    ],
)
def test_partial_words_and_the_phrase_a_couple_of_do_not_mislead(text):
    assert field_mentioned(text) not in {"medical_conditions", "seeking_for"}


@pytest.mark.parametrize(
    "text", ["sorry I meant I'm 57", "actually I'm 57", "my age is 57 not 58", "I'm 57 years old"]
)
def test_an_adult_age_restated_at_the_read_back_corrects_the_age_whatever_was_answered_last(text):
    assert correction_target(text, last_answered="onset", answers={"age": 58}) == "age"


@pytest.mark.parametrize(
    "text",
    [
        "I'm 38 weeks pregnant",
        "I'm 58",
        "I'm 20 mins away",
        "I'm 12 miles from Freehold",
        "I'm 30 lbs heavier",
    ],
)
def test_no_age_correction_from_other_numbers_or_the_same_age(text):
    assert correction_target(text, last_answered="onset", answers={"age": 58}) != "age"


@pytest.mark.parametrize(
    "text",
    [
        "I'm 16 actually",
        "sorry, I'm actually 17",
        "actually I'm 17",
        "my age is 15",
        "wait I'm only 16",
        "I'm seventeen actually",
        "I'm 17 years old",
    ],
)
def test_a_minor_age_restated_is_an_age_correction_like_any_other(text):
    # The caller then ends the intake as the age question would (actions/forms.py end_as_underage).
    assert correction_target(text, last_answered="anything_else", answers={"age": 27}) == "age"


@pytest.mark.parametrize(
    "text, last_answered",
    [
        ("I meant 16", "anything_else"),
        ("sorry, 17", "goals"),
        ("17 actually", "email"),
        ("I meant 16", "distress"),
        ("oops, 17", "phq2_mood"),
        ("I meant 38", "age"),
        ("sorry I meant 17 yo", "medications"),
    ],
)
def test_a_bare_number_given_as_a_correction_is_the_age_when_the_last_answer_cannot_be_that_number(
    text, last_answered
):
    assert correction_target(text, last_answered=last_answered, answers={"age": 27}) == "age"


@pytest.mark.parametrize(
    "text, last_answered",
    [("I meant 6", "distress"), ("I meant 2", "phq2_mood"), ("I meant 16", "relationship_length")],
)
def test_a_bare_number_the_last_answer_can_be_corrects_that_answer(text, last_answered):
    assert correction_target(text, last_answered=last_answered, answers={"age": 27}) == last_answered


def test_a_bare_number_not_worded_as_a_correction_is_not_one():
    assert correction_target("16", last_answered="anything_else", answers={"age": 27}) is None


@pytest.mark.parametrize(
    "text",
    [
        "sorry, I meant 38",
        "Sorry I meant 38",
        "oops I meant 39",
        "Oops, I meant weekly",
        "whoops, 38",
        "no wait, 38",
        "No wait it's 37",
        "wait, it's 38",
        "oh wait, 38",
        "my mistake, 38",
        "my bad, 40",
        "scratch that, 40",
        "typo, 38",
        "correction: 38",
        "I meant to say 38",
        "make that 38",
        "38, not 37",
        "38 not 37",
    ],
)
def test_a_correction_without_a_field_word_is_about_the_last_answer(text):
    assert looks_like_correction(text)
    assert correction_target(text, last_answered="age") == "age"


@pytest.mark.parametrize(
    "text",
    [
        "38",
        "sorry, I don't know",
        "actually, I'm not sure",
        "no",
        "not at all",
        "I can't wait for this",
        "nope, nothing",
    ],
)
def test_an_answer_that_is_not_a_correction_has_no_target(text):
    assert not looks_like_correction(text)
    assert correction_target(text, last_answered="age") is None


def test_a_named_field_wins_over_the_last_answer():
    assert correction_target("oops, my email is sam@example.test", last_answered="phone") == "email"


def test_a_correction_with_nothing_answered_yet_has_no_target():
    assert correction_target("sorry, I meant 38", last_answered=None) is None


def test_correction_target_uses_the_practice_offices():
    assert (
        correction_target("no wait, Freehold", last_answered="availability", locations=OFFICES) == "location"
    )


@pytest.mark.parametrize(
    ("text", "remaining"),
    [
        ("actually we've been together 5 years, not 3", "we've been together 5 years"),
        ("Actually, we've been together 5 years not 3", "we've been together 5 years"),
        ("sorry, I meant 38", "38"),
        ("Sorry I meant 38", "38"),
        ("oops I meant sam@example.test", "sam@example.test"),
        ("no wait, it's Freehold", "it's Freehold"),
        ("No, I'm 38 not 37", "I'm 38"),
        ("correction: 201 555 0123", "201 555 0123"),
        ("Correction - she/her", "she/her"),
        ("my mistake, it's weekly", "it's weekly"),
        ("scratch that, in person", "in person"),
        ("in person, not online", "in person"),
        ("she/her, not they/them", "she/her"),
        ("I meant to say 7 out of 10", "7 out of 10"),
        ("it should be 12 years", "12 years"),
        ("we've been together 5 years actually", "we've been together 5 years"),
        ("actually \u2013 married for 5 years, not 3", "married for 5 years"),
    ],
)
def test_the_correction_preamble_is_stripped_for_the_normaliser(text, remaining):
    assert strip_correction_preamble(text) == remaining


@pytest.mark.parametrize(
    ("text", "remaining"),
    [
        ("actually no", "no"),
        ("no", "no"),
        ("no meds", "no meds"),
        ("no medication at all", "no medication at all"),
        ("not at all", "not at all"),
        ("actually, not at all", "not at all"),
        ("I'm not sure", "I'm not sure"),
        ("we're married, not sure for how long", "we're married, not sure for how long"),
        ("nobody knows", "nobody knows"),
        ("sorry", "sorry"),
        ("Ohio", "Ohio"),
        ("several days", "several days"),
    ],
)
def test_answers_that_only_look_like_a_preamble_are_kept(text, remaining):
    assert strip_correction_preamble(text) == remaining


def test_the_lexicon_only_names_real_slots_that_can_be_corrected():
    lexicon = json.loads(LEXICON.read_text(encoding="utf-8"))

    named = set(lexicon["phrases"]) | set(lexicon["patterns"])

    assert named <= set(FIELDS)
    assert named.isdisjoint({"consent_given", "age", "summary_confirmed"})


def test_the_lexicon_phrases_are_lower_case_so_they_can_match():
    lexicon = json.loads(LEXICON.read_text(encoding="utf-8"))

    phrases = [phrase for phrases in lexicon["phrases"].values() for phrase in phrases]
    phrases += lexicon["correction_markers"] + lexicon["leading_correction_markers"] + lexicon["preambles"]

    assert [phrase for phrase in phrases if phrase != phrase.lower() or phrase != phrase.strip()] == []


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("sorry I meant 39 not 38", "age"),
        ("oops 39, not 38", "age"),
        ("it's 7 not 5", "distress"),
        ("test.hotel@example.test instead of test.hotl@example.test", "email"),
    ],
)
def test_a_correction_naming_an_old_value_is_about_that_answer_whatever_came_last(text, target):
    answers = {"age": 38, "distress": 5, "email": "test.hotl@example.test", "pronouns": "he/him"}

    assert correction_target(text, last_answered="pronouns", answers=answers) == target


def test_an_old_value_shared_by_two_answers_leaves_the_last_answer():
    answers = {"age": 38, "distress": 38, "pronouns": "he/him"}

    assert (
        correction_target("sorry I meant 39 not 38", last_answered="pronouns", answers=answers) == "pronouns"
    )


def test_one_message_with_two_corrections_is_two_corrections():
    assert correction_parts("actually the distress is an 8 and we've been together 2 years") == [
        "actually the distress is an 8",
        "we've been together 2 years",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "actually we've been together 5 years",
        "we've been married 5 years and together 7",
        "it's worse when I'm tired and stressed",
    ],
)
def test_a_message_about_one_field_is_one_correction(text):
    assert correction_parts(text) == [text]


def test_a_corrected_duration_goes_to_the_answer_that_held_the_old_one_whatever_it_mentions():
    answers = {"relationship_length": 420, "onset": {"duration_months": 24}, "medical_conditions": []}

    target = correction_target(
        "actually the surgery was 3 years ago, not 2", last_answered="medications", answers=answers
    )

    assert target == "onset"


def test_a_medicine_said_with_too_is_added_to_the_list_not_put_in_its_place():
    before = [{"name": "lisinopril"}]

    after = with_addition(
        "medications", "I'm on zoloft too", before, [{"name": "sertraline"}, {"name": "lisinopril"}]
    )

    assert after == [{"name": "lisinopril"}, {"name": "sertraline"}]


def test_a_changed_list_without_an_addition_word_replaces_it():
    assert with_addition(
        "medications", "actually just metformin", [{"name": "x"}], [{"name": "metformin"}]
    ) == [{"name": "metformin"}]


@pytest.mark.parametrize(
    "text, age",
    [
        ("I'm 17 btw", 17),
        ("my age is 57", 57),
        ("I'm 16 years old", 16),
        ("I'm seventeen", 17),
        ("I'm 16 weeks pregnant", None),
        ("it started when I was 17", None),
    ],
)
def test_an_age_stated_in_unmistakable_words_is_read(text, age):
    assert restated_age(text) == age
