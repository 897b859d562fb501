from __future__ import annotations

import pytest

from bot.intake.answers import Unclear
from bot.intake.normalise import normalise
from tests.unit.normalising import CONTEXT, parsed


@pytest.mark.parametrize(
    ("text", "categories"),
    [
        ("I can't get or keep an erection", ["erectile"]),
        ("I can't stay hard", ["erectile"]),
        ("sex hurts", ["pain"]),
        ("penetration is painful", ["pain"]),
        ("no desire since the baby", ["low_desire", "life_change"]),
        ("my libido is gone", ["low_desire"]),
        ("I'm never in the mood", ["low_desire"]),
        ("we haven't had sex in 2 years", ["low_desire"]),
        ("we want sex at different amounts", ["desire_discrepancy"]),
        ("he wants sex way more than I do", ["desire_discrepancy"]),
        ("I finish too fast", ["early_ejaculation"]),
        ("premature ejaculation", ["early_ejaculation"]),
        ("can't orgasm", ["orgasm"]),
        ("I've never had an orgasm", ["orgasm"]),
        ("it takes forever to finish", ["delayed_ejaculation"]),
        ("he cheated", ["infidelity"]),
        ("she had an affair last year", ["infidelity"]),
        ("we can't talk about sex", ["communication"]),
        ("I get so anxious about performing in bed", ["performance_anxiety"]),
        ("I don't get aroused anymore", ["arousal"]),
        ("I think I'm addicted to porn", ["compulsive_sexual_behavior"]),
        ("I'm questioning my sexuality", ["identity_orientation"]),
        ("I hate my body", ["body_image"]),
        ("I was sexually assaulted and now I freeze", ["sexual_trauma"]),
        ("i watch to much porn and i think its messing with my sex life", ["compulsive_sexual_behavior"]),
        ("porn is ruining my relationship", ["compulsive_sexual_behavior"]),
        ("cant cum during sex", ["orgasm"]),
        ("i think im gay and im married to a woman", ["identity_orientation"]),
        ("I lose my hard on with condoms", ["erectile"]),
        ("he finishes in like 2 mins", ["early_ejaculation"]),
        ("I'm not attracted to my wife anymore", ["low_desire"]),
        ("sex has become a chore, we havent done it in months", ["low_desire"]),
        ("Penetration has never been possible for me, my muscles just clamp shut", ["pain"]),
        ("im a pe teacher and the stress is wrecking our sex life", ["other"]),
        ("i'm ace and i'm not sure if i want to have sex at all", ["identity_orientation"]),
        ("i cum super fast like under a minute", ["early_ejaculation"]),
        ("my desire is gone", ["low_desire"]),
        ("my sex drive has disappeared", ["low_desire"]),
        ("she doesnt want to have sex with me", ["low_desire"]),
        ("i get soft halfway", ["erectile"]),
        ("i'm scared of sex", ["performance_anxiety"]),
        ("i have no interest in going to the gym", ["other"]),
        ("this is killing our sex life, we fight about how often", ["desire_discrepancy", "communication"]),
    ],
)
def test_main_concern_categories(text: str, categories: list[str]) -> None:
    assert parsed("main_concern", text) == {"client_words": text, "categories": categories}


def test_main_concern_with_several_problems_has_several_categories() -> None:
    text = "Since menopause started sex hurts and I've stopped wanting it"

    value = parsed("main_concern", text)

    assert set(value["categories"]) == {"pain", "low_desire", "life_change"}  # type: ignore[index]


def test_main_concern_that_matches_nothing_is_other_and_kept_verbatim() -> None:
    assert parsed("main_concern", "  I just want help  ") == {
        "client_words": "I just want help",
        "categories": ["other"],
    }


def test_onset_two_years_ago_is_acquired_and_24_months() -> None:
    assert parsed("onset", "two years ago") == {
        "client_words": "two years ago",
        "pattern": "acquired",
        "duration_months": 24,
        "approx_start": "2024-11",
        "life_events": [],
    }


def test_onset_since_the_baby_was_born_two_years_ago_is_acquired_with_a_birth() -> None:
    value = parsed("onset", "since the baby was born two years ago")

    assert value["pattern"] == "acquired"  # type: ignore[index]
    assert value["duration_months"] == 24  # type: ignore[index]
    assert value["life_events"] == ["birth of a child"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "months", "start"),
    [
        ("a year and a half", 18, "2025-05"),
        ("about 18 months ago", 18, "2025-05"),
        ("6 months", 6, "2026-05"),
        ("for three years", 36, "2023-11"),
        ("a couple of years", 24, "2024-11"),
        ("since 2020", 76, "2020"),
        ("since March", 8, "2026-03"),
        ("since March 2020", 80, "2020-03"),
        # The most recent spring that has begun: April of this year in November.
        ("last spring", 7, "2026-04"),
        ("last year", 16, "2025"),
        ("it was fine until about 3 years ago", 36, "2023-11"),
    ],
)
def test_onset_with_a_time_is_acquired_with_duration_and_start(text: str, months: float, start: str) -> None:
    value = parsed("onset", text)

    assert (value["pattern"], value["duration_months"], value["approx_start"]) == (  # type: ignore[index]
        "acquired",
        months,
        start,
    )


@pytest.mark.parametrize(
    ("text", "events"),
    [
        ("about 18 months ago when menopause started", ["menopause"]),
        ("after my surgery", ["surgery"]),
        ("when I started on Lexapro", ["new medication"]),
        ("since I lost my job", ["job loss"]),
        ("after my mom passed away", ["bereavement"]),
        ("since we moved in together", ["moving"]),
        ("after he cheated", ["infidelity"]),
        ("since the twins", ["birth of a child"]),
        ("SINCE MY PROSTATE OP 2 YRS AGO", ["surgery"]),
    ],
)
def test_onset_names_the_life_events(text: str, events: list[str]) -> None:
    value = parsed("onset", text)

    assert value["pattern"] == "acquired"  # type: ignore[index]
    assert value["life_events"] == events  # type: ignore[index]


@pytest.mark.parametrize("text", ["since my twenties", "since college", "recently", "for a while now"])
def test_onset_acquired_without_a_known_duration(text: str) -> None:
    value = parsed("onset", text)

    assert (value["pattern"], value["duration_months"]) == ("acquired", None)  # type: ignore[index]


@pytest.mark.parametrize(
    "text",
    [
        "my whole life",
        "always",
        "always been like that",
        "since forever",
        "from the start",
        "as long as I can remember",
        "it's always been this way",
        "it has never been possible",
        "never could",
    ],
)
def test_onset_lifelong_has_no_duration(text: str) -> None:
    value = parsed("onset", text)

    assert (value["pattern"], value["duration_months"], value["approx_start"]) == (  # type: ignore[index]
        "lifelong",
        None,
        None,
    )


@pytest.mark.parametrize("text", ["I don't know", "not sure", "can't remember"])
def test_onset_not_known_is_parsed_as_unknown(text: str) -> None:
    assert parsed("onset", text)["pattern"] == "unknown"  # type: ignore[index]


def test_onset_without_any_time_is_unclear() -> None:
    assert isinstance(normalise("onset", "banana", context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("always, with everyone", "generalized"),
        ("every time", "generalized"),
        ("in all situations", "generalized"),
        ("with all partners", "generalized"),
        ("even when I'm alone", "generalized"),
        ("only with my partner", "situational"),
        ("only sometimes", "situational"),
        ("when I'm stressed", "situational"),
        ("it's fine when I'm alone", "situational"),
        ("always with my partner but fine alone", "situational"),
        ("not sure", "unknown"),
        ("I don't know", "unknown"),
        ("just in our relationship", "situational"),
        ("every relationship I've been in", "generalized"),
    ],
)
def test_context(text: str, value: str) -> None:
    assert parsed("context", text) == value


def test_context_yes_is_unclear() -> None:
    assert isinstance(normalise("context", "yes", context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        (
            "when we take things slowly and when I'm on holiday",
            ["when we take things slowly", "when I'm on holiday"],
        ),
        (
            "when I'm relaxed, after a glass of wine; on vacation",
            ["when I'm relaxed", "after a glass of wine", "on vacation"],
        ),
        ("when I'm tired and stressed", ["when I'm tired and stressed"]),
        ("stress, alcohol, also when the kids are around", ["stress", "alcohol", "when the kids are around"]),
        ("Wine and candles.", ["Wine and candles"]),
    ],
)
def test_better_when_splits_into_phrases(text: str, phrases: list[str]) -> None:
    assert parsed("better_when", text) == phrases


def test_worse_when_splits_the_same_way() -> None:
    assert parsed("worse_when", "when I'm tired and when we argue about it") == [
        "when I'm tired",
        "when we argue about it",
    ]


@pytest.mark.parametrize("slot", ["better_when", "worse_when"])
@pytest.mark.parametrize("text", ["nothing", "nothing really", "no", "not sure"])
def test_better_or_worse_when_none_is_empty(slot: str, text: str) -> None:
    assert parsed(slot, text) == []


@pytest.mark.parametrize(
    ("text", "distress"),
    [
        ("7", 7),
        ("seven", 7),
        ("like a 7", 7),
        ("7/10", 7),
        ("7 out of 10", 7),
        ("between 6 and 7", 7),
        ("6-7", 7),
        ("10, it's ruining my life", 10),
        ("10/10", 10),
        ("zero", 0),
        ("0", 0),
        ("about an 8", 8),
        ("7.5", 8),
    ],
)
def test_distress_is_0_to_10(text: str, distress: int) -> None:
    assert parsed("distress", text) == distress


@pytest.mark.parametrize("text", ["a lot", "11", "100", "very much"])
def test_distress_not_a_score_is_unclear(text: str) -> None:
    assert isinstance(normalise("distress", text, context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "distress"), [("not at all", 0), ("extremely", 10), ("10000/10", 10), ("11 out of 10", 10)]
)
def test_distress_in_the_questions_own_words_or_beyond_the_scale(text: str, distress: int) -> None:
    assert parsed("distress", text) == distress


@pytest.mark.parametrize(
    ("text", "months", "start"),
    [("last christmas", 11, "2025-12"), ("since christmas 2022", 47, "2022-12")],
)
def test_onset_dated_by_a_holiday(text: str, months: int, start: str) -> None:
    value = parsed("onset", text)

    assert (value["duration_months"], value["approx_start"]) == (months, start)  # type: ignore[index]


@pytest.mark.parametrize("text", ["it's been years", "for months now"])
def test_onset_for_years_or_months_is_acquired_without_a_duration(text: str) -> None:
    value = parsed("onset", text)

    assert (value["pattern"], value["duration_months"]) == ("acquired", None)  # type: ignore[index]


@pytest.mark.parametrize(
    "text",
    [
        "Since our daughter was born two years ago I just have zero desire and it's really hurting us",
        "my low desire is hurting our marriage",
        "it hurts the relationship that I never want to",
        "it hurts his feelings when I say no",
    ],
)
def test_a_concern_that_hurts_the_relationship_is_not_physical_pain(text: str) -> None:
    assert "pain" not in parsed("main_concern", text)["categories"]


@pytest.mark.parametrize(
    "text", ["sex hurts", "it hurts when we have sex", "penetration is hurting me", "it's hurting down there"]
)
def test_a_concern_that_hurts_physically_is_pain(text: str) -> None:
    assert "pain" in parsed("main_concern", text)["categories"]


@pytest.mark.parametrize(
    "text",
    [
        "wife not interested in physical relation, baby is 1 year",
        "no physical relation since 1 year",
        "she avoids physical intimacy",
    ],
)
def test_no_interest_in_physical_relations_is_low_desire(text: str) -> None:
    assert "low_desire" in parsed("main_concern", text)["categories"]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("i get realy anxious durring sex and cant finsh", "performance_anxiety"),
        ("errection problems", "erectile"),
        ("i cant orgasim", "orgasm"),
        ("loosing my erektion", "erectile"),
    ],
)
def test_a_concern_typed_with_slips_still_finds_its_category(text: str, category: str) -> None:
    assert category in parsed("main_concern", text)["categories"]


@pytest.mark.parametrize(
    "text",
    [
        "our sex life is pretty much non-existent",
        "sex is basically nonexistent",
        "we have a non existent sex life",
        "our sex life is dead",
        "tbh our sex life has become pretty much dead",
        "our sex life is almost nonexistant",
        "we have no sex life since the baby",
    ],
)
def test_a_sex_life_said_to_be_nonexistent_or_dead_is_low_desire(text: str) -> None:
    assert "low_desire" in parsed("main_concern", text)["categories"]


@pytest.mark.parametrize(
    "text",
    [
        "our sex life is not dead but it's boring",
        "sex isn't dead, I just can't finish",
        "our sex life is far from dead, but it hurts",
        "my anxiety is gone but sex hurts",
        "our sex life is great",
    ],
)
def test_a_sex_life_said_not_to_be_dead_is_not_low_desire(text: str) -> None:
    assert "low_desire" not in parsed("main_concern", text)["categories"]


@pytest.mark.parametrize(
    "text",
    [
        "I've completely gone off sex",
        "I went off sex after the baby",
        "lost my sex drive after the menopause",
        "she's lost her libido",
    ],
)
def test_going_off_sex_or_losing_ones_drive_is_low_desire(text: str) -> None:
    assert "low_desire" in parsed("main_concern", text)["categories"]


@pytest.mark.parametrize(
    "text", ["she's gone off to uni and I miss her", "the alarm went off and I can't finish"]
)
def test_something_going_off_is_not_low_desire(text: str) -> None:
    assert "low_desire" not in parsed("main_concern", text)["categories"]
