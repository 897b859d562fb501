from __future__ import annotations

import pytest

from bot.intake.answers import Unclear
from bot.intake.normalise import normalise
from tests.unit.normalising import CONTEXT, parsed

SCREENING_SLOTS = ["phq2_interest", "phq2_mood", "gad2_nervous", "gad2_worry"]


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("not at all", 0),
        ("never", 0),
        ("no", 0),
        ("not really", 0),
        ("Nope.", 0),
        ("0", 0),
        ("several days", 1),
        ("a few days", 1),
        ("sometimes", 1),
        ("a bit", 1),
        ("sometimes, not every day", 1),
        ("3 days a week", 1),
        ("1", 1),
        ("more than half the days", 2),
        ("often", 2),
        ("a lot of the time", 2),
        ("most days", 2),
        ("2", 2),
        ("like a 2", 2),
        ("nearly every day", 3),
        ("every day", 3),
        ("every single day", 3),
        ("all the time", 3),
        ("constantly", 3),
        ("three", 3),
        ("sometimes, maybe most days actually", 2),
    ],
)
def test_screening_item_frequency_scores(text: str, score: int) -> None:
    assert parsed("phq2_interest", text) == score


@pytest.mark.parametrize("slot", SCREENING_SLOTS)
def test_every_screening_item_scores_the_same_words(slot: str) -> None:
    assert parsed(slot, "nearly every day") == 3


@pytest.mark.parametrize("text", ["5", "blue", "yes"])
def test_screening_item_without_a_frequency_is_unclear(text: str) -> None:
    assert isinstance(normalise("gad2_worry", text, context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("no", "none_reported"),
        ("never", "none_reported"),
        ("not at all", "none_reported"),
        ("no thoughts like that", "none_reported"),
        ("no, I'd never kill myself", "none_reported"),
        ("sometimes I wish I wasn't here", "passive"),
        ("I've thought life isn't worth living", "passive"),
        ("sometimes I think everyone would be better off without me", "passive"),
        ("yes but I'd never do anything", "passive"),
        ("yes", "passive"),
        ("sometimes", "passive"),
        ("I've thought about killing myself", "active"),
        ("I have a plan", "active"),
        ("I want to kill myself", "active"),
        ("thinking about ending it", "active"),
        ("I have thoughts of killing myself but I'd never do it", "active"),
    ],
)
def test_self_harm(text: str, value: str) -> None:
    assert parsed("self_harm", text) == value


@pytest.mark.parametrize(
    "text",
    [
        "idk",
        "not sure",
        "I don't know",
        "no idea",
        "dunno tbh",
        "hmm hard to say",
        "I'm not sure how to answer that",
        "honestly, I can't say",
        "it's complicated",
        "who knows",
    ],
)
def test_self_harm_not_knowing_is_unsure_never_a_no(text: str) -> None:
    assert parsed("self_harm", text) == "unsure"


@pytest.mark.parametrize(
    "text",
    [
        "I'd rather not say",
        "skip",
        "pass",
        "prefer not to answer",
        "id rather not",
        "next question",
        "I don't want to answer that",
    ],
)
def test_self_harm_declined_is_an_answer_of_its_own_not_a_skip(text: str) -> None:
    assert parsed("self_harm", text) == "declined"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("maybe sometimes", "passive"),
        ("possibly", "passive"),
        ("yes, but I'd rather not talk about it", "passive"),
        ("I'd rather not say, I have thought about killing myself", "active"),
    ],
)
def test_self_harm_a_hedged_yes_is_passive_even_when_the_client_would_rather_not_say_more(
    text: str, value: str
) -> None:
    assert parsed("self_harm", text) == value


@pytest.mark.parametrize(
    "text",
    [
        "no but I do self harm",
        "not suicidal but I cut sometimes",
        "nope. I self harm though",
        "no suicidal thoughts, just cutting",
        "No. I cut myself when things get bad",
        "I'm not suicidal but I self-harm",
        "no thoughts of suicide but I've been self harming again",
        "nothing like that, though I scratch myself till I bleed",
        "not really, I've thought about unaliving myself",
    ],
)
def test_self_harm_a_denial_followed_by_self_harm_is_active(text: str) -> None:
    assert parsed("self_harm", text) == "active"


@pytest.mark.parametrize(
    "text",
    [
        "sewerslide",
        "sewer slide thoughts sometimes",
        "unalive myself",
        "I think about unaliving",
        "thoughts of unaliving myself",
        "kms lol",
        "suicidial",
        "I want to self delete",
        "s/h",
    ],
)
def test_self_harm_slang_and_misspellings_for_suicide_are_active(text: str) -> None:
    assert parsed("self_harm", text) == "active"


@pytest.mark.parametrize(
    "text",
    [
        "my friend tried to kill herself last year",
        "no, but my mum attempted suicide when I was young",
        "lost my dad to suicide, I'm ok though",
        "my sister self harms",
        "I'm fine, my best friend attempted last year though",
        "my cousin took his own life in 2019",
    ],
)
def test_self_harm_someone_elses_attempt_is_none_reported_for_the_client(text: str) -> None:
    assert parsed("self_harm", text) == "none_reported"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("my brother killed himself two years ago and I think about joining him", "passive"),
        ("people would be better off without me", "passive"),
        ("they'd be better off without me", "passive"),
        ("my mum thinks I'd be better off dead", "passive"),
        ("he makes me want to kill myself", "active"),
        ("I feel like they'd all be better off if I was dead", "passive"),
        ("they'd be better off if I wasn't here", "passive"),
        ("honestly they would be better off", "passive"),
    ],
)
def test_self_harm_the_clients_own_thoughts_beside_someone_else_are_kept(text: str, value: str) -> None:
    assert parsed("self_harm", text) == value


@pytest.mark.parametrize(
    "text",
    [
        "I'm not going to kill myself but I think about it",
        "I wouldn't say suicidal but I think about death a lot",
        "thoughts of death sometimes",
    ],
)
def test_self_harm_thoughts_of_death_beside_a_denied_act_are_passive_not_a_no(text: str) -> None:
    assert parsed("self_harm", text) == "passive"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("no, I never think about it", "none_reported"),
        ("I don't think about dying", "none_reported"),
        ("not suicidal", "none_reported"),
        ("I'm not sure if I'm suicidal", "unsure"),
    ],
)
def test_self_harm_thoughts_denied_are_no_thoughts(text: str, value: str) -> None:
    assert parsed("self_harm", text) == value


@pytest.mark.parametrize(
    "text",
    [
        "I don't self harm",
        "never self harmed",
        "no self harm and no suicidal thoughts",
        "no, I've cut down on drinking though",
        "no, I'd never kill myself",
    ],
)
def test_self_harm_denied_or_everyday_cutting_is_none_reported(text: str) -> None:
    assert parsed("self_harm", text) == "none_reported"


def test_self_harm_not_understood_is_unclear() -> None:
    assert isinstance(normalise("self_harm", "purple", context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes I feel safe", "safe"),
        ("totally safe", "safe"),
        ("yes", "safe"),
        ("Yep!", "safe"),
        ("yes, he's never hurt me", "safe"),
        ("no problems at all", "safe"),
        ("no", "unsafe"),
        ("not really", "unsafe"),
        ("I'm scared of him", "unsafe"),
        ("he hits me", "unsafe"),
        ("yes but sometimes I'm afraid of her", "unsafe"),
        ("sometimes", "unsure"),
        ("I'm not sure", "unsure"),
        ("it depends", "unsure"),
        ("mostly", "unsure"),
    ],
)
def test_relationship_safety(text: str, value: str) -> None:
    assert parsed("relationship_safety", text) == value


@pytest.mark.parametrize(
    "text",
    [
        "he checks my phone and won't let me see friends",
        "she controls all the money",
        "he controls who I talk to",
        "he threatens me",
        "I'm scared of him",
        "he forces me",
        "pushes me around",
        "he doesn't let me go out alone",
        "I'm not allowed to see my family",
        "he goes through my phone every night",
        "he tracks my location",
        "she threw things at me last week",
        "he puts me down and calls me names",
        "my wife isn't violent, but she scares me when she drinks",
        "he's kind but he controls everything",
    ],
)
def test_relationship_safety_control_threats_and_fear_are_unsafe(text: str) -> None:
    assert parsed("relationship_safety", text) == "unsafe"


@pytest.mark.parametrize(
    "text",
    [
        "he's never been violent",
        "I feel safe with her",
        "never hit me",
        "he would never hurt me",
        "she's not controlling at all",
        "no violence or anything",
        "no abuse, we're good",
        "he has never laid a hand on me",
        "not scared of her",
        "he's gentle and kind",
        "I'm on birth control and feel safe",
    ],
)
def test_relationship_safety_danger_named_only_to_deny_it_is_safe(text: str) -> None:
    assert parsed("relationship_safety", text) == "safe"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("he hasn't hit me yet", "unsafe"),
        ("he's never hit me but I think he might", "unsafe"),
        ("no, he hits me", "unsafe"),
        ("no he hits me", "unsafe"),
        ("nope, he controls everything", "unsafe"),
        ("no, she threatens me all the time", "unsafe"),
        ("no he's never violent", "unsure"),
        ("he doesn't hurt me physically", "unsure"),
        ("he doesn't hurt me physically, I feel safe", "safe"),
    ],
)
def test_relationship_safety_a_denial_that_leaves_danger_open_is_not_an_all_clear(
    text: str, value: str
) -> None:
    assert parsed("relationship_safety", text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", "yes"),
        ("yeah there was something", "yes"),
        ("unfortunately yes", "yes"),
        ("no", "no"),
        ("nothing like that", "no"),
        ("not that I know of", "no"),
    ],
)
def test_trauma_history(text: str, value: str) -> None:
    assert parsed("trauma_history", text) == value


@pytest.mark.parametrize(
    "text",
    [
        "something happened when I was a kid",
        "I was assaulted in college",
        "there was abuse growing up",
        "stuff happened as a teenager",
        "I was SA'd in my twenties",
        "my uncle touched me when I was little",
        "I had a bad experience at uni",
        "I was groomed as a teen",
        "my first time wasn't consensual",
        "a partner pressured me a lot",
        "when I was 12 something bad happened",
        "my stepdad did stuff to me",
        "college was rough, a guy forced me",
        "there was an incident in high school",
        "I never told anyone but I was abused",
        "No. I was raped",
        "no, I was assaulted in college",
        "something happened to me when I was a kid",
    ],
)
def test_trauma_history_an_experience_told_in_a_few_words_is_a_yes(text: str) -> None:
    assert parsed("trauma_history", text) == "yes"


@pytest.mark.parametrize(
    "text",
    [
        "nothing I'd call trauma",
        "no, never been assaulted or anything",
        "no abuse",
        "my sister was raped years ago but nothing happened to me",
        "no, but my dad had substance abuse issues",
        "no, something happened to a friend though",
        "no, my partner was abused as a kid",
        "nope, never been forced into anything",
    ],
)
def test_trauma_history_an_experience_denied_or_someone_elses_is_a_no(text: str) -> None:
    assert parsed("trauma_history", text) == "no"


@pytest.mark.parametrize(
    "text",
    [
        "I'd rather not go into it but yes",
        "I'd rather not talk about the abuse",
        "yes but I don't want to talk about it",
    ],
)
def test_trauma_history_a_yes_inside_a_decline_is_a_yes(text: str) -> None:
    assert parsed("trauma_history", text) == "yes"


def test_trauma_history_not_understood_is_unclear() -> None:
    assert isinstance(normalise("trauma_history", "hmm what", context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("no, never", {"had": False, "details": None}),
        ("this is my first time", {"had": False, "details": None}),
        ("nope", {"had": False, "details": None}),
        ("yes, couples counselling in 2019", {"had": True, "details": "couples counselling in 2019"}),
        ("yes", {"had": True, "details": None}),
        (
            "yeah - a sex therapist for a few months",
            {"had": True, "details": "a sex therapist for a few months"},
        ),
        (
            "I saw a therapist for anxiety in college",
            {"had": True, "details": "I saw a therapist for anxiety in college"},
        ),
    ],
)
def test_prior_therapy(text: str, value: dict[str, object]) -> None:
    assert parsed("prior_therapy", text) == value


def test_prior_therapy_not_understood_is_unclear() -> None:
    assert isinstance(normalise("prior_therapy", "banana", context=CONTEXT), Unclear)


def test_goals_are_kept_verbatim() -> None:
    assert parsed("goals", " Enjoy intimacy again without pain ") == "Enjoy intimacy again without pain"


@pytest.mark.parametrize(
    "text", ["no", "nope that's all", "that's it thanks", "nothing else", "No thank you!", "idk", "not sure"]
)
def test_anything_else_none_is_null(text: str) -> None:
    assert parsed("anything_else", text) is None


def test_anything_else_is_kept_verbatim() -> None:
    assert (
        parsed("anything_else", "I'm nervous about the first session")
        == "I'm nervous about the first session"
    )


@pytest.mark.parametrize(
    "text", ["yes", "looks good", "that's right", "correct", "all good", "yep 👍", "perfect"]
)
def test_summary_confirmed_yes(text: str) -> None:
    assert parsed("summary_confirmed", text) is True


@pytest.mark.parametrize("text", ["no", "not quite", "something's wrong", "nope"])
def test_summary_confirmed_no(text: str) -> None:
    assert parsed("summary_confirmed", text) is False


@pytest.mark.parametrize(
    "text",
    ["actually we've been together 5 years", "yes but my email is wrong", "no, we've been together 5 years"],
)
def test_summary_confirmed_with_a_correction_is_unclear(text: str) -> None:
    assert isinstance(normalise("summary_confirmed", text, context=CONTEXT), Unclear)


@pytest.mark.parametrize("text", ["do I have to answer this?", "do i have to", "why do you need to know?"])
def test_a_question_back_about_past_experiences_is_not_a_yes(text: str) -> None:
    assert isinstance(normalise("trauma_history", text, context=CONTEXT), Unclear)


@pytest.mark.parametrize(("text", "score"), [("loads", 2), ("a lot", 2), ("not a lot", 1)])
def test_how_often_in_everyday_amounts(text: str, score: int) -> None:
    assert parsed("phq2_interest", text) == score


def test_feeling_safe_one_hundred_percent_is_safe() -> None:
    assert parsed("relationship_safety", "100%") == "safe"
