from __future__ import annotations

import pytest

from bot.intake.answers import Unclear
from bot.intake.normalise import normalise
from tests.unit.normalising import CONTEXT, parsed


@pytest.mark.parametrize(
    ("text", "seeking_for"),
    [
        ("just me", "individual"),
        ("myself", "individual"),
        ("individual", "individual"),
        ("alone", "individual"),
        ("for me", "individual"),
        ("Just for me :)", "individual"),
        ("together", "couple"),
        ("with my partner", "couple"),
        ("couples", "couple"),
        ("both of us", "couple"),
        ("we both want to come", "couple"),
        ("for me and my wife", "couple"),
        ("not sure yet", "unsure"),
        ("maybe together later", "unsure"),
    ],
)
def test_seeking_for(text: str, seeking_for: str) -> None:
    assert parsed("seeking_for", text) == seeking_for


@pytest.mark.parametrize("text", ["me & my bf", "me n my gf", "me + my partner", "me & my wife", "me & him"])
def test_seeking_for_me_and_a_partner_written_short_is_a_couple(text: str) -> None:
    assert parsed("seeking_for", text) == "couple"


def test_seeking_for_not_understood_is_unclear() -> None:
    assert isinstance(normalise("seeking_for", "therapy", context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("married", "married"),
        ("my wife and I", "married"),
        ("husband", "married"),
        ("gf", "dating"),
        ("boyfriend", "dating"),
        ("we're dating", "dating"),
        ("partner", "partnered"),
        ("long-term partner", "partnered"),
        ("living together", "partnered"),
        ("common law", "partnered"),
        ("not married but we live together", "partnered"),
        ("engaged", "engaged"),
        ("engaged to my boyfriend", "engaged"),
        ("single", "single"),
        ("Single.", "single"),
        ("separated", "separated"),
        ("separated from my wife", "separated"),
        ("divorced", "divorced"),
        ("divorced and remarried", "married"),
        ("widow", "widowed"),
        ("my husband passed away", "widowed"),
        ("open relationship", "non_monogamous"),
        ("poly", "non_monogamous"),
        ("polyamorous", "non_monogamous"),
        ("ENM", "non_monogamous"),
        ("married, but we're in an open marriage", "non_monogamous"),
        ("it's complicated", "other"),
        ("situationship lol", "other"),
    ],
)
def test_relationship_status(text: str, status: str) -> None:
    assert parsed("relationship_status", text) == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("divorced, now dating someone new", "dating"),
        ("divorced, seeing someone new now", "dating"),
        ("widowed but now remarried", "married"),
        ("married, currently separated", "separated"),
        ("I'm a widow but I've been seeing a gentleman", "dating"),
        ("married and seeing other people", "non_monogamous"),
        ("married but we're seeing a counsellor", "married"),
    ],
)
def test_relationship_status_is_the_one_the_client_has_now(text: str, status: str) -> None:
    assert parsed("relationship_status", text) == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("it's complicated - married but separated since march", "separated"),
        ("It's complicated. We're married but living apart.", "separated"),
        ("complicated, we're on a break", "separated"),
        ("complicated... technically married, separated since the spring", "separated"),
        ("its complicated, married but seperated", "separated"),
        ("it's complicated, we're polyamorous", "non_monogamous"),
        ("it's complicated, he's my boyfriend but we're not exclusive", "dating"),
        ("hard to explain, we're engaged", "engaged"),
    ],
)
def test_a_status_named_beside_its_complicated_is_the_status(text: str, status: str) -> None:
    assert parsed("relationship_status", text) == status


@pytest.mark.parametrize(
    "text",
    [
        "it's complicated",
        "its complicated lol",
        "Complicated.",
        "it's a complicated relationship",
        "hard to define",
        "no label really",
        "long story",
    ],
)
def test_its_complicated_with_no_status_named_is_other(text: str) -> None:
    assert parsed("relationship_status", text) == "other"


def test_relationship_status_not_understood_is_unclear() -> None:
    assert isinstance(normalise("relationship_status", "xyz", context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("5 years", 60),
        ("five years", 60),
        ("5 yrs", 60),
        ("a year and a half", 18),
        ("one and a half years", 18),
        ("18 months", 18),
        ("about two years", 24),
        ("couple of years", 24),
        ("a couple years", 24),
        ("a few years", 36),
        ("6 weeks", 1.4),
        ("5 years and 3 months", 63),
        ("married 10 years, together 12", 144),
        ("5-6 years", 66),
        ("a decade", 120),
        ("almost 3 years now", 36),
        ("10ish years", 120),
        ("half a year", 6),
    ],
)
def test_relationship_length_in_months(text: str, months: float) -> None:
    assert parsed("relationship_length", text) == months


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("3 yrs, no wait 4", 48),
        ("married 5 years, no wait, 6", 72),
        ("three years no wait four", 48),
        ("2 years, sorry I meant 3 years", 36),
        ("about 4 years, or rather 5", 60),
    ],
)
def test_relationship_length_corrected_inside_the_answer_is_the_length_meant(text: str, months: int) -> None:
    assert parsed("relationship_length", text) == months


@pytest.mark.parametrize("text", ["widowed 3 years ago", "we split up a year ago", "he died two years ago"])
def test_relationship_length_how_long_since_it_ended_is_unclear(text: str) -> None:
    assert isinstance(normalise("relationship_length", text, context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("married 30 years, he passed 2 years ago", 360),
        ("widowed after 30 years of marriage", 360),
        ("he died 2 years ago, we'd been together 15 years", 180),
    ],
)
def test_relationship_length_of_a_marriage_ended_by_a_death_is_how_long_it_lasted(
    text: str, months: int
) -> None:
    assert parsed("relationship_length", text) == months


def test_relationship_length_whole_months_are_ints() -> None:
    assert isinstance(parsed("relationship_length", "5 years"), int)


@pytest.mark.parametrize(
    ("text", "months"),
    [
        # A year on its own counts from July of that year: 2019-07 to 2026-11.
        ("since 2019", 88),
        ("since March 2020", 80),
        ("we got married in June 2018", 101),
    ],
)
def test_relationship_length_since_a_date_counts_to_today(text: str, months: int) -> None:
    assert parsed("relationship_length", text) == months


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("married, 11 years this june", 132),
        ("Married, 11 years this June", 132),
        ("11 years this june", 132),
        ("married 11 yrs this june", 132),
        ("Recently separated after 15 years", 180),
        ("separated after 15 years of marriage", 180),
    ],
)
def test_relationship_length_said_with_the_status(text: str, months: int) -> None:
    assert parsed("relationship_length", text) == months


@pytest.mark.parametrize(("text", "months"), [("donkey's years, about 11", 132), ("years, maybe 7", 84)])
def test_relationship_length_with_the_unit_said_apart_from_the_number(text: str, months: int) -> None:
    assert parsed("relationship_length", text) == months


@pytest.mark.parametrize("text", ["forever", "5", "a long time", "since we met"])
def test_relationship_length_without_a_duration_is_unclear(text: str) -> None:
    assert isinstance(normalise("relationship_length", text, context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "involvement"),
    [
        ("they'll come too", "attending"),
        ("yes we'll both attend", "attending"),
        ("she's coming with me", "attending"),
        ("yes", "attending"),
        ("he wants to join", "attending"),
        ("they know but won't come", "aware_not_attending"),
        ("he knows, but he doesn't want to come", "aware_not_attending"),
        ("she's supportive but it's just me", "aware_not_attending"),
        ("they don't know", "not_aware"),
        ("I haven't told him yet", "not_aware"),
        ("she has no idea I'm doing this, it's a secret", "not_aware"),
        ("not sure", "unsure"),
        ("he might come later", "unsure"),
        ("maybe", "unsure"),
    ],
)
def test_partner_involvement(text: str, involvement: str) -> None:
    assert parsed("partner_involvement", text) == involvement


@pytest.mark.parametrize(
    "text",
    [
        "she knows",
        "he knows about it",
        "yes she knows",
        "Yess he knows",
        "they know",
        "i told him",
        "she's aware of it",
    ],
)
def test_a_partner_who_knows_with_coming_unsaid_is_aware_and_not_said_to_attend(text: str) -> None:
    assert parsed("partner_involvement", text) == "aware_not_attending"


@pytest.mark.parametrize(
    ("text", "involvement"),
    [
        ("yes she knows and she'll come", "attending"),
        ("he knows and wants to come too", "attending"),
        ("she knows, might come later", "unsure"),
        ("not sure she knows", "unsure"),
        ("I don't think she knows", "not_aware"),
        ("she doesn't know", "not_aware"),
        ("yes", "attending"),
        ("yeah definitely", "attending"),
        ("she knows, she lives in another country so probably not", "aware_not_attending"),
        ("we're both here typing lol", "attending"),
    ],
)
def test_a_partner_who_knows_is_read_by_what_is_said_about_coming(text: str, involvement: str) -> None:
    assert parsed("partner_involvement", text) == involvement


@pytest.mark.parametrize("text", ["no", "hmm"])
def test_partner_involvement_ambiguous_no_is_unclear(text: str) -> None:
    assert isinstance(normalise("partner_involvement", text, context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("singel", "single"),
        ("divorsed", "divorced"),
        ("engagd", "engaged"),
        ("widowd", "widowed"),
        ("datting", "dating"),
    ],
)
def test_a_relationship_status_typed_with_a_slip_is_still_read(text: str, status: str) -> None:
    assert parsed("relationship_status", text) == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("not maried but living together", "partnered"),
        ("im not maried, we live together 5 yrs", "partnered"),
        ("not maried, just dating", "dating"),
        ("engaged, not maried yet", "engaged"),
        ("single, not maried", "single"),
        ("not wed but living with my gf", "partnered"),
    ],
)
def test_a_negated_status_typed_with_a_slip_is_still_negated(text: str, status: str) -> None:
    # "maried" is married's typo in the lexicon; "not maried" must not read as married.
    assert parsed("relationship_status", text) == status


@pytest.mark.parametrize("text", ["not maried", "were not maried", "we're not marrried"])
def test_only_a_negated_status_with_a_slip_is_unclear(text: str) -> None:
    assert isinstance(normalise("relationship_status", text, context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    "text",
    [
        "living with my boyfriend",
        "I live with my girlfriend",
        "we live together",
        "my bf lives with me",
        "divorced, now living with my new partner",
        "been with my gf 3 yrs, we moved in together last year",
    ],
)
def test_living_with_a_boyfriend_or_girlfriend_is_partnered(text: str) -> None:
    assert parsed("relationship_status", text) == "partnered"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("dating but we don't live together", "dating"),
        ("my boyfriend and I dont live together", "dating"),
        ("single, living with my parents", "single"),
        ("seeing someone, she lives with her mum", "dating"),
        ("living with my fiancé", "engaged"),
        ("I live with my husband", "married"),
    ],
)
def test_living_apart_or_with_someone_else_or_with_a_spouse_keeps_its_own_status(
    text: str, status: str
) -> None:
    assert parsed("relationship_status", text) == status


@pytest.mark.parametrize(
    ("text", "involvement"),
    [
        ("hes in the loop", "aware_not_attending"),
        ("she's in the know", "aware_not_attending"),
        ("he's in the loop and he'll come with me", "attending"),
        ("he's in", "attending"),
        ("she's in, she wants to come", "attending"),
        ("she knows and she's coming too", "attending"),
    ],
)
def test_a_partner_in_the_loop_knows_and_is_not_said_to_attend(text: str, involvement: str) -> None:
    assert parsed("partner_involvement", text) == involvement


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("dating, we just moved in together", "partnered"),
        ("dating, we haven't moved in together", "dating"),
        ("dating, not moved in together yet", "dating"),
        ("dating", "dating"),
        ("divorced, now dating someone new", "dating"),
        ("we moved in together last year, now engaged", "engaged"),
    ],
)
def test_moving_in_together_is_partnered_as_living_together_is(text: str, status: str) -> None:
    assert parsed("relationship_status", text) == status
