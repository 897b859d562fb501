from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.intake.answers import Context
from bot.intake.extract import extract_fields

CONTEXT = Context(today=date(2026, 11, 27), locations=("Jersey City", "Highland Park", "Freehold"))

LEE = (
    "Hi, I'm Lee (he/him), 36. My wife and I have been married for 10 years. Since I started taking "
    "Lexapro last year for anxiety I can't orgasm. It's worse when I'm stressed at work and a bit better "
    "on weekends. It bothers me like an 8 out of 10. We'd like to come in together, preferably online."
)
BABY = "we've been married 8 years and since the baby came two years ago I have no desire"


def extract(text: str, asked: str | None = None) -> dict[str, Any]:
    return extract_fields(text, context=CONTEXT, asked=asked)


# ---------------------------------------------------------------- the messages


def test_the_lee_message_fills_every_field_it_states() -> None:
    found = extract(LEE)

    assert found["preferred_name"] == "Lee"
    assert found["pronouns"] == "he/him"
    assert found["age"] == 36
    assert found["relationship_status"] == "married"
    assert found["relationship_length"] == 120
    assert "orgasm" in found["main_concern"]["categories"]
    assert found["main_concern"]["client_words"] == (
        "Since I started taking Lexapro last year for anxiety I can't orgasm."
    )
    assert found["worse_when"] == ["when I'm stressed at work"]
    assert found["better_when"] == ["on weekends"]
    assert found["distress"] == 8
    assert found["seeking_for"] == "couple"
    assert found["partner_involvement"] == "attending"  # "We'd like to come in together"
    assert found["session_format"] == "telehealth"
    assert found["mental_health_history"]["diagnoses"] == ["anxiety"]


def test_the_lee_message_onset_is_acquired_about_a_year_ago_when_the_medication_started() -> None:
    onset = extract(LEE)["onset"]

    # "last year" said in November 2026 is some time in 2025: counted from its middle, 16 months.
    assert onset["pattern"] == "acquired"
    assert 11 <= onset["duration_months"] <= 18
    assert onset["approx_start"] == "2025"
    assert onset["life_events"] == ["new medication"]


def test_the_lee_message_medication_is_escitalopram_an_ssri() -> None:
    medications = extract(LEE)["medications"]

    assert [(m["name"], m["drug_class"], m["sexual_side_effects_known"]) for m in medications] == [
        ("escitalopram", "ssri", True)
    ]
    assert medications[0]["as_said"] == "Lexapro"


def test_the_lee_message_states_nothing_it_does_not_say() -> None:
    found = extract(LEE)

    assert set(found) == {
        "preferred_name",
        "pronouns",
        "age",
        "relationship_status",
        "relationship_length",
        "main_concern",
        "onset",
        "worse_when",
        "better_when",
        "distress",
        "seeking_for",
        "partner_involvement",
        "session_format",
        "medications",
        "mental_health_history",
    }


def test_married_8_years_and_no_desire_since_the_baby_fills_relationship_concern_and_onset() -> None:
    found = extract(BABY)

    assert found["relationship_status"] == "married"
    assert found["relationship_length"] == 96
    assert found["main_concern"]["categories"] == ["low_desire", "life_change"]
    assert found["onset"]["pattern"] == "acquired"
    assert found["onset"]["duration_months"] == 24
    assert found["onset"]["life_events"] == ["birth of a child"]


def test_the_slot_being_asked_is_left_to_the_caller() -> None:
    found = extract(BABY, asked="relationship_length")

    assert "relationship_length" not in found
    assert found["relationship_status"] == "married"


def test_a_plain_answer_states_no_other_field() -> None:
    assert extract("two years ago", asked="onset") == {}
    assert extract("36", asked="age") == {}
    assert extract("Zoloft 50mg", asked="medications") == {}


# ---------------------------------------------------------------- about you


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hi, I'm Lee", "Lee"),
        ("my name is test person and I'm 40", "Test Person"),
        ("Hello! This is Sam, 29, she/her", "Sam"),
        ("you can call me Robin. I'm 52", "Robin"),
        ("I'm Test Person, I'm reaching out because of ED", "Test Person"),
        ("name's jo", "Jo"),
    ],
)
def test_name_from_an_introduction(text: str, name: str) -> None:
    assert extract(text)["preferred_name"] == name


@pytest.mark.parametrize(
    "text",
    [
        "I'm so nervous writing this",
        "I'm Not sure where to start",
        "I'm Married and we have problems",
        "please call me at 201-555-0123",
        "don't call me after 6",
        "I'm 36 and I'm tired",
        "I'm Bisexual and my wife knows",
        "I'm Catholic and feel guilty about sex",
        "I'm Lee's wife and he asked me to fill this in",
    ],
)
def test_no_name_without_a_clear_introduction(text: str) -> None:
    assert "preferred_name" not in extract(text)


@pytest.mark.parametrize(
    ("text", "pronouns"),
    [
        ("I'm Lee (he/him)", "he/him"),
        ("she/they, 31", "she/they"),
        ("my pronouns are they/them", "they/them"),
        ("Dana here - She/Her", "she/her"),
    ],
)
def test_pronouns_stated_anywhere(text: str, pronouns: str) -> None:
    assert extract(text)["pronouns"] == pronouns


def test_he_slash_she_meaning_whoever_is_not_a_pronoun_statement() -> None:
    assert "pronouns" not in extract("I don't know if he/she will understand")


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("I'm 36", 36),
        ("I'm a 45 year old woman", 45),
        ("36 years old, married, two kids", 36),
        ("im 29 and my girlfriend is 31", 29),
        ("Hi, I'm Lee (he/him), 36.", 36),
        ("Lee here (36M)", 36),
        ("I am forty-two", 42),
        ("I'm turning 40 next month", 39),
        ("27yo, she/her", 27),
        ("me (F, 41) and my husband (M, 44), married 15 yrs, 2 kids.", 41),
        ("hey. 29M, gay, w my bf 4 years, we live together.", 29),
        ("Hi, 41F, married", 41),
        ("ok 52 m, divorced", 52),
        ("I (m/29) and my gf (f/27) have been arguing", 29),
        ("I'm Lee (he/him, 36) and my wife is 35", 36),
    ],
)
def test_age_when_the_client_states_their_own(text: str, age: int) -> None:
    assert extract(text)["age"] == age


@pytest.mark.parametrize(
    "text",
    [
        "my 3 year old doesn't sleep",
        "we have a 5-year-old and a baby",
        "I'm 5 minutes late to this, sorry",
        "I'm 36 weeks pregnant",
        "my husband is 40 years old",
        "we've been together 36 years",
        "It bothers me like an 8 out of 10",
        "I take 20 mg of Lexapro",
        "is 36 too old to start therapy?",
        "my husband (M, 44) has trouble with erections",
        "my wife (F, 39) and I want to come in",
        "15 m from the office is fine",
        "20 m away from us",
    ],
)
def test_numbers_that_are_not_the_clients_age_are_not_taken(text: str) -> None:
    assert "age" not in extract(text)


def test_email_and_phone_in_a_longer_message() -> None:
    found = extract("I'm Sam. Reach me at Sam.Test@Example.test or (201) 555-0123, texting is best")

    assert found["email"] == "sam.test@example.test"
    assert found["phone"] == "+12015550123"


@pytest.mark.parametrize(
    "text", ["since 2019-2020 things changed", "we've been married 10 years, since 2016"]
)
def test_years_are_not_phone_numbers(text: str) -> None:
    assert "phone" not in extract(text)


@pytest.mark.parametrize(
    ("text", "session_format"),
    [
        ("We'd like to come in together, preferably online.", "telehealth"),
        ("I'd prefer in person sessions", "in_person"),
        ("online sessions would be best for us", "telehealth"),
        ("either online or in person is fine", "either"),
        ("ideally face to face", "in_person"),
    ],
)
def test_session_format_when_a_preference_is_stated(text: str, session_format: str) -> None:
    assert extract(text)["session_format"] == session_format


@pytest.mark.parametrize(
    "text",
    [
        "I met my wife online",
        "I want to stop watching porn online",
        "We'd like to come in together",
        "I don't want online sessions",
        "is online therapy as good as in person?",
    ],
)
def test_no_session_format_without_a_stated_preference(text: str) -> None:
    assert "session_format" not in extract(text)


def test_location_named_as_the_office_wanted() -> None:
    assert extract("the Freehold office would be closest for me")["location"] == "Freehold"


@pytest.mark.parametrize(
    ("text", "location"),
    [
        ("Freehold if possible", "Freehold"),
        ("in person. Jersey City would be great", "Jersey City"),
        ("Highland Park works for me", "Highland Park"),
        ("Tuesday evenings, Freehold if possible", "Freehold"),
        ("Freehold if possible, online otherwise", "Freehold"),
        ("jersey city hopefully", "Jersey City"),
        ("Highland Park suits us", "Highland Park"),
    ],
)
def test_location_named_with_a_wish_in_answer_to_another_question(text: str, location: str) -> None:
    assert extract(text, asked="session_format")["location"] == location


@pytest.mark.parametrize(
    "text",
    [
        "I live in Freehold",
        "I grew up in Highland Park, hopefully that's not weird",
        "not Freehold if possible",
        "near Hoboken ideally",
        "somewhere in Brooklyn would be great",
    ],
)
def test_no_location_from_a_town_lived_in_refused_or_not_an_office(text: str) -> None:
    assert "location" not in extract(text, asked="session_format")


@pytest.mark.parametrize(
    "text", ["I grew up in Jersey City", "not Freehold, that's too far", "Freehold or Jersey City office"]
)
def test_no_location_from_a_passing_or_negated_mention(text: str) -> None:
    assert "location" not in extract(text)


# ---------------------------------------------------------------- relationship


@pytest.mark.parametrize(
    ("text", "seeking_for"),
    [
        ("We'd like to come in together", "couple"),
        ("looking for couples therapy", "couple"),
        ("both of us want to come", "couple"),
        ("this is just for me", "individual"),
        ("I'd like individual sessions", "individual"),
    ],
)
def test_seeking_for(text: str, seeking_for: str) -> None:
    assert extract(text)["seeking_for"] == seeking_for


@pytest.mark.parametrize(
    "text", ["my wife and I have problems", "we're together 5 years", "we don't want to come together"]
)
def test_no_seeking_for_from_being_a_couple(text: str) -> None:
    assert "seeking_for" not in extract(text)


@pytest.mark.parametrize(
    ("text", "involvement"),
    [
        ("We both want to come in together.", "attending"),
        ("my girlfriend will come along", "attending"),
        ("my husband doesn't know I'm writing", "not_aware"),
        ("i haven't told my wife yet", "not_aware"),
        ("My partner won't come to sessions", "aware_not_attending"),
    ],
)
def test_partner_involvement_when_the_client_says_who_will_come(text: str, involvement: str) -> None:
    assert extract(text)["partner_involvement"] == involvement


@pytest.mark.parametrize(
    "text",
    [
        "we don't want to come together",
        "he won't come during sex",
        "he can't come",
        "I'm not sure if he will come",
        "would my partner be able to come?",
    ],
)
def test_no_partner_involvement_from_negations_questions_or_orgasms(text: str) -> None:
    assert "partner_involvement" not in extract(text)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("My wife and I have been married for 10 years", "married"),
        ("my husband doesn't know I'm writing", "married"),
        ("my girlfriend wants more sex than me", "dating"),
        ("my gf and I fight a lot", "dating"),
        ("my partner and I live together", "partnered"),
        ("we're poly and my nesting partner is supportive", "non_monogamous"),
        ("my wife and I are in an open marriage", "non_monogamous"),
        ("we're engaged and the wedding is in May", "engaged"),
        ("I'm single at the moment", "single"),
        ("my husband and I are separated", "separated"),
        ("I'm divorced", "divorced"),
        ("I'm a widow", "widowed"),
        ("I'm not married but my partner and I live together", "partnered"),
    ],
)
def test_relationship_status(text: str, status: str) -> None:
    assert extract(text)["relationship_status"] == status


@pytest.mark.parametrize(
    "text",
    [
        "I'm not married",
        "we're not dating yet",
        "is it normal that my wife never wants sex?",
        "what if my girlfriend finds out?",
        "my ex-wife cheated on me years ago",
        "my parents were married for 40 years",
        "if I ever get married I want this sorted",
    ],
)
def test_no_relationship_status_from_negations_questions_or_other_people(text: str) -> None:
    assert "relationship_status" not in extract(text)


@pytest.mark.parametrize(
    "text",
    [
        "My brother just got married.",
        "My parents have been married for 40 years.",
        "my sister got married in June and I was her maid of honour",
        "She's been married twice.",
        "He got married young, to his first girlfriend.",
        "my mom and dad got married in 1980",
    ],
)
def test_someone_elses_wedding_or_marriage_is_not_the_clients_status(text: str) -> None:
    assert "relationship_status" not in extract(text)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("My sister got married last year and I'm single.", "single"),
        ("My brother just got married; my girlfriend and I are dating 2 years now.", "dating"),
        ("He and I got married in 2015.", "married"),
        ("We got married in June.", "married"),
        ("I got married young.", "married"),
        ("My ex and my husband get along fine.", "married"),
        ("My boss has met my wife.", "married"),
        ("My mom thinks my partner is great.", "partnered"),
        ("My mother worries about me and I'm single at the moment.", "single"),
        ("My wife says I'm single-minded about sex.", "married"),
    ],
)
def test_a_status_that_names_the_client_or_follows_the_client_is_theirs(text: str, status: str) -> None:
    assert extract(text)["relationship_status"] == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("it's complicated - married but separated since march", "separated"),
        ("Recently separated after 15 years", "separated"),
        ("recently separated after 15 years and I don't know what I want", "separated"),
        ("Hi, 44, separated since the summer.", "separated"),
        ("separated, 2 kids, and my libido is gone", "separated"),
        ("Married but separated for 6 months now.", "separated"),
        ("we're separated after 20 years of marriage", "separated"),
        ("married, 11 years this june", "married"),
        ("Married, 11 years this June, and sex has dried up.", "married"),
    ],
)
def test_a_status_opening_a_clause_without_a_subject_is_the_clients(text: str, status: str) -> None:
    assert extract(text)["relationship_status"] == status


@pytest.mark.parametrize(
    "text",
    [
        "widowed 3 years ago",
        "widower for 5 years now",
        "widowed after 30 years of marriage",
        "I'm a widow, married 30 years before he died",
        "married 30 years, he passed 2 years ago",
        "I lost my wife last year, we'd been married 40 years",
    ],
)
def test_widowed_said_with_how_long_or_with_the_marriage_that_ended_is_widowed(text: str) -> None:
    assert extract(text)["relationship_status"] == "widowed"


def test_a_medicine_or_condition_the_doctor_reports_in_an_opening_is_the_clients() -> None:
    found = extract("Hi, I'm 50. My doctor prescribed sertraline last year and now I can't orgasm")

    assert _names(found, "medications") == ["sertraline"]
    assert _names(extract("my doctor suspects diabetes"), "medical_conditions") == ["diabetes (suspected)"]
    assert "medical_conditions" not in extract("my doctor has diabetes")


@pytest.mark.parametrize(
    "text",
    [
        "I'm 62, widowed, and dating again",
        "widowed after 30 years of marriage, and dating again",
        "I'm 70, my wife passed away 3 years ago and now dating again",
        "I'm 40, divorced and dating",
        "divorced, now seeing someone new",
        "divorced after 12 years, dating again for 6 months",
        "I'm seeing someone",
    ],
)
def test_dating_again_after_a_marriage_ended_is_dating(text: str) -> None:
    assert extract(text)["relationship_status"] == "dating"


@pytest.mark.parametrize(
    "text",
    ["my son is 20 and dating", "my sister is divorced and dating again", "dating apps make me anxious"],
)
def test_someone_elses_dating_or_dating_as_a_topic_is_no_status(text: str) -> None:
    assert "relationship_status" not in extract(text)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("I'm a widow but I remarried last year", "married"),
        ("married 10 years, she passed her exams", "married"),
        ("my dad passed 2 years ago and I've been married 10 years", "married"),
    ],
)
def test_a_death_or_a_passing_that_ended_no_marriage_of_the_clients_leaves_the_status(
    text: str, status: str
) -> None:
    assert extract(text)["relationship_status"] == status


@pytest.mark.parametrize(
    "text",
    [
        "My parents, separated since 2010, never talk about sex",
        "My parents separated when I was ten.",
        "My sister is separated after 10 years",
        "I feel separated from my body during sex",
        "not separated, just sleeping apart",
    ],
)
def test_separated_said_of_someone_else_or_of_something_else_is_no_status(text: str) -> None:
    assert "relationship_status" not in extract(text)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Hi, I'm 34, I live with my boyfriend and our sex life is pretty much non-existent", "partnered"),
        ("I'm living with my gf, she can't orgasm", "partnered"),
        ("I moved in with my bf last year and since then I've lost my libido", "partnered"),
        ("my boyfriend lives with his parents and we never get time alone", "dating"),
        ("my girlfriend and I have been together 2 years", "dating"),
    ],
)
def test_a_volunteered_boyfriend_or_girlfriend_the_client_lives_with_is_partnered(
    text: str, status: str
) -> None:
    assert extract(text)["relationship_status"] == status


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("married for 10 years", 120),
        ("we've been together 5 years", 60),
        ("I've been with him since 2019", 88),
        ("my girlfriend and I have been dating for six months", 6),
        ("we've been married 8 years, together 11", 132),
        ("Our 15-year marriage is struggling", 180),
        ("we've been together a year and a half", 18),
        ("together since March 2020", 80),
        ("me (F, 41) and my husband (M, 44), married 15 yrs, 2 kids.", 180),
        ("Married to my husband for 6 years.", 72),
        ("I've been married to him for about 12 years", 144),
        ("hey. 29M, gay, w my bf 4 years, we live together.", 48),
        ("been w/ my gf 2 yrs", 24),
    ],
)
def test_relationship_length(text: str, months: float) -> None:
    assert extract(text)["relationship_length"] == months


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("married, 11 years this june", 132),
        ("Married, 11 years this June, and sex has dried up.", 132),
        ("I'm married, 11 years this june", 132),
        ("together, about 6 years", 72),
        # separated, the relationship the client is separated from is the one asked about
        ("Recently separated after 15 years", 180),
        ("we're separated after 20 years of marriage", 240),
        ("separated from my husband after 12 years together", 144),
    ],
)
def test_relationship_length_said_after_a_comma_or_as_what_the_client_separated_after(
    text: str, months: int
) -> None:
    assert extract(text)["relationship_length"] == months


@pytest.mark.parametrize(
    "text",
    [
        "married, 2 years ago I had surgery",
        "separated after 15 years, now seeing someone new",
        "Separated after 15 years. I've met someone.",
        "we split up after 3 years but got back together",
        "My sister is separated after 10 years",
        "it's complicated - married but separated since march",
    ],
)
def test_no_relationship_length_when_the_duration_is_not_or_may_not_be_the_relationship(text: str) -> None:
    assert "relationship_length" not in extract(text)


@pytest.mark.parametrize(
    "text",
    [
        "I've been taking Zoloft for 2 years",
        "my parents were married for 40 years",
        "we met 12 years ago",
        "I've been single for 2 years",
        "since the baby came two years ago I have no desire",
    ],
)
def test_durations_that_are_not_the_relationship_are_not_its_length(text: str) -> None:
    assert "relationship_length" not in extract(text)


# ---------------------------------------------------------------- the concern


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I can't get or keep an erection with my wife.", "erectile"),
        ("sex has become really painful for me", "pain"),
        ("my husband wants sex way more than I do", "desire_discrepancy"),
        ("I finish way too fast during sex", "early_ejaculation"),
        ("I've never been able to orgasm with a partner", "orgasm"),
        ("we haven't had sex in 2 years", "low_desire"),
        ("My husband had an affair last year and I can't trust him.", "infidelity"),
    ],
)
def test_main_concern_from_a_sentence_about_sex(text: str, category: str) -> None:
    concern = extract(text)["main_concern"]

    assert category in concern["categories"]
    assert concern["client_words"] == text


@pytest.mark.parametrize(
    "text",
    [
        "is it normal to not want sex?",
        "I can't keep up at work",
        "I don't want them to call me at work",
        "it all happened too fast, we moved in March",
        "my anxiety is out of control",
        "erections are fine, no problems there",
        "what if my husband cheats?",
        "we'd like to come in together",
    ],
)
def test_no_main_concern_from_questions_denials_or_non_sexual_sentences(text: str) -> None:
    assert "main_concern" not in extract(text)


def test_main_concern_keeps_only_the_concern_sentences() -> None:
    concern = extract("Hi, I'm Sam. Sex is painful for me. We'd like to come in together.")["main_concern"]

    assert concern == {"client_words": "Sex is painful for me.", "categories": ["pain"]}


@pytest.mark.parametrize(
    ("text", "pattern", "months", "events"),
    [
        ("since the baby came two years ago I have no desire", "acquired", 24, ["birth of a child"]),
        ("I've never been able to orgasm with a partner", "lifelong", None, []),
        ("we haven't had sex in 2 years", "acquired", 24, []),
        ("Since my prostate surgery in March I can't get hard", "acquired", 8, ["surgery"]),
        ("I can't orgasm. It started about 6 months ago", "acquired", 6, []),
        ("It's been going on for 3 years and it bothers me a lot", "acquired", 36, []),
        ("Sex has been painful ever since I gave birth two years ago", "acquired", 24, ["birth of a child"]),
        ("My libido disappeared after my mom died last year", "acquired", 16, ["bereavement"]),
        ("Penetration has never been possible for me. It's painful.", "lifelong", None, []),
        ("I've never had an orgasm with a partner", "lifelong", None, []),
        ("I've never really enjoyed sex and I don't know if I've ever had an orgasm", "lifelong", None, []),
    ],
)
def test_onset_from_the_concern_or_a_sentence_about_when_it_started(
    text: str, pattern: str, months: float | None, events: list[str]
) -> None:
    onset = extract(text)["onset"]

    assert (onset["pattern"], onset["duration_months"], onset["life_events"]) == (pattern, months, events)


@pytest.mark.parametrize(
    "text",
    [
        "Since my wife works nights we rarely have sex",
        "my husband always wants sex",
        "It's always worse when I'm tired",
        "we've been married 8 years",
        "I've been taking Zoloft for 2 years",
    ],
)
def test_no_onset_without_a_time_event_or_lifelong_pattern_for_the_concern(text: str) -> None:
    assert "onset" not in extract(text)


@pytest.mark.parametrize(
    ("text", "better", "worse"),
    [
        (
            "It's worse when I'm stressed at work and a bit better on weekends.",
            ["on weekends"],
            ["when I'm stressed at work"],
        ),
        ("It's much better when we're on holiday", ["when we're on holiday"], None),
        (
            "Things get worse after we argue, and better when we talk first",
            ["when we talk first"],
            ["after we argue"],
        ),
        ("Alcohol makes it worse.", None, ["Alcohol"]),
        ("It helps when we take our time", ["when we take our time"], None),
        ("it's worse when I'm tired and when we rush", None, ["when I'm tired", "when we rush"]),
    ],
)
def test_better_and_worse_when(text: str, better: list[str] | None, worse: list[str] | None) -> None:
    found = extract(text)

    assert found.get("better_when") == better
    assert found.get("worse_when") == worse


@pytest.mark.parametrize(
    "text",
    [
        "I want to feel better when we have sex",
        "it's not worse when I drink",
        "I hope things get better",
        "our sex life was better before the kids",
        "nothing makes it better",
    ],
)
def test_no_better_or_worse_when_without_a_situation_that_changes_it(text: str) -> None:
    found = extract(text)

    assert "better_when" not in found and "worse_when" not in found


@pytest.mark.parametrize(
    ("text", "distress"),
    [
        ("It bothers me like an 8 out of 10.", 8),
        ("honestly it's a 9/10 for how much it bothers me", 9),
        ("it really upsets me, maybe a 7", 7),
        ("the distress is at a 6", 6),
        ("it's stressing me out, 10 out of 10", 10),
        ("it bothers me like an eight out of ten", 8),
        ("honestly it's killing our sex life. like a 9/10", 9),
    ],
)
def test_distress_from_a_rating(text: str, distress: int) -> None:
    assert extract(text)["distress"] == distress


@pytest.mark.parametrize(
    "text",
    [
        "I'd rate our marriage a 4/10",
        "the pain is like 7/10",
        "it bothers me for 2 years now",
        "we have sex 2 out of 10 times I ask",
        "8 out of 10",
    ],
)
def test_no_distress_from_other_ratings_or_bare_numbers(text: str) -> None:
    assert "distress" not in extract(text)


# ---------------------------------------------------------------- health


def _names(found: dict[str, Any], slot: str) -> list[str]:
    return [item["name"] for item in found.get(slot, [])]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Since I started taking Lexapro I can't orgasm", ["escitalopram"]),
        ("I'm on the pill and Zoloft", ["hormonal contraceptive", "sertraline"]),
        ("Viagra doesn't work for me anymore", ["sildenafil"]),
        ("my doctor put me on propranolol for my blood pressure", ["propranolol"]),
        ("I take finasteride for hair loss and my erections changed", ["finasteride"]),
        ("I've been on Flomax for a year and now nothing comes out when I orgasm", ["tamsulosin"]),
        ("tamsulosin for my prostate since last spring", ["tamsulosin"]),
    ],
)
def test_medications_named_anywhere(text: str, names: list[str]) -> None:
    assert _names(extract(text), "medications") == names


@pytest.mark.parametrize(
    "text",
    [
        "my husband takes Viagra",
        "I stopped taking Zoloft last year",
        "I'm not on Zoloft anymore",
        "should I try Viagra?",
        "my doctor suggested Wellbutrin",
        "I used to be on Prozac",
        "my testosterone is low",
        "I tried Cialis once",
        "it's like the pill killed my libido",
    ],
)
def test_no_medication_that_is_not_taken_now_by_the_client(text: str) -> None:
    assert "medications" not in extract(text)


@pytest.mark.parametrize(
    "text", ["I'm not on any meds right now", "I don't take any medication, I stopped Zoloft"]
)
def test_saying_no_medications_is_an_empty_list(text: str) -> None:
    assert extract(text)["medications"] == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("I have type 2 diabetes", ["type 2 diabetes"]),
        ("I'm going through menopause and sex hurts", ["menopause"]),
        ("Since my prostate surgery I can't get hard", ["prostatectomy"]),
        ("I'm taking metformin for diabetes", ["diabetes"]),
        ("I've been diagnosed with endometriosis", ["endometriosis"]),
        # a maybe about something else leaves the condition diagnosed
        ("I have type 2 diabetes, maybe that's why I can't get hard", ["type 2 diabetes"]),
        ("I have high blood pressure, probably from stress", ["hypertension"]),
        ("I have diabetes and I think it affects my erections", ["diabetes"]),
        ("I have diabetes, I think that's all", ["diabetes"]),
        ("I have diabetes. I think that's why", ["diabetes"]),
    ],
)
def test_medical_conditions_the_client_says_they_have(text: str, names: list[str]) -> None:
    assert _names(extract(text), "medical_conditions") == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("I think I might have PCOS", ["polycystic ovary syndrome (suspected)"]),
        ("I'm 34 and I think I've got PCOS", ["polycystic ovary syndrome (suspected)"]),
        ("my doctor suspects endometriosis and sex really hurts", ["endometriosis (suspected)"]),
        ("My GP thinks I have an underactive thyroid", ["hypothyroidism (suspected)"]),
        ("I'm being tested for diabetes at the moment", ["diabetes (suspected)"]),
        ("I might have diabetes, waiting on results", ["diabetes (suspected)"]),
        ("I probably have high blood pressure", ["hypertension (suspected)"]),
        ("I have endometriosis, not officially diagnosed", ["endometriosis (suspected)"]),
        ("I've got endometriosis (suspected) and sex hurts", ["endometriosis (suspected)"]),
        ("I'm perimenopausal I think", ["perimenopause (suspected)"]),
        (
            "I have PCOS and endometriosis, not diagnosed yet",
            ["polycystic ovary syndrome", "endometriosis (suspected)"],
        ),
    ],
)
def test_a_condition_the_client_only_suspects_is_marked_suspected(text: str, names: list[str]) -> None:
    assert _names(extract(text), "medical_conditions") == names


@pytest.mark.parametrize(
    "text",
    [
        "my wife is pregnant",
        "my dad has diabetes",
        "I don't have diabetes",
        "my blood pressure is fine",
        "I have ED",
        "I'm expecting a call from my doctor",
    ],
)
def test_no_medical_condition_of_someone_else_or_denied(text: str) -> None:
    assert "medical_conditions" not in extract(text)


@pytest.mark.parametrize(
    ("text", "uses"),
    [
        ("I drink most nights and smoke weed on weekends", [("alcohol", "daily"), ("cannabis", "weekly")]),
        ("I'm a social drinker", [("alcohol", "occasional")]),
        ("we smoke pot together sometimes", [("cannabis", "occasional")]),
    ],
)
def test_substance_use_stated_by_the_client(text: str, uses: list[tuple[str, str | None]]) -> None:
    assert [(u["substance"], u["frequency"]) for u in extract(text)["substance_use"]] == uses


@pytest.mark.parametrize(
    "text",
    [
        "It's worse when I've had a few drinks",
        "I don't drink",
        "my husband drinks too much",
        "I quit smoking years ago",
        "if I drink it's worse",
    ],
)
def test_no_substance_use_from_passing_or_negated_mentions(text: str) -> None:
    assert "substance_use" not in extract(text)


@pytest.mark.parametrize(
    ("text", "diagnoses"),
    [
        ("Since I started taking Lexapro last year for anxiety I can't orgasm", ["anxiety"]),
        ("I have ADHD and it's hard to stay present during sex", ["adhd"]),
        ("I was diagnosed with PTSD in 2020", ["ptsd"]),
        ("my depression makes me not want sex", ["depression"]),
    ],
)
def test_mental_health_diagnoses_the_client_states(text: str, diagnoses: list[str]) -> None:
    assert extract(text)["mental_health_history"]["diagnoses"] == diagnoses


@pytest.mark.parametrize(
    "text",
    [
        "I get performance anxiety in bed",
        "I feel anxious about sex",
        "my wife has depression",
        "I don't have depression, just low desire",
        "I'm worried about this, for anxiety reasons",
        "I'm so depressed about our sex life",
    ],
)
def test_no_diagnosis_from_feelings_or_someone_elses(text: str) -> None:
    assert "mental_health_history" not in extract(text)


def test_penetration_that_was_never_possible_is_a_lifelong_pain_concern() -> None:
    found = extract(
        "Penetration has never been possible for me. Tampons, smear tests, sex - my muscles just clamp "
        "shut and it's painful."
    )

    assert found["main_concern"]["categories"] == ["pain"]
    assert found["onset"]["pattern"] == "lifelong"


def test_pain_means_a_body_hurting_not_a_hurt_feeling() -> None:
    concern = extract("My wife found out I've been watching a lot of porn and she's really hurt.")[
        "main_concern"
    ]

    assert concern["categories"] == ["compulsive_sexual_behavior"]


def test_onset_takes_the_time_and_the_life_event_from_different_sentences() -> None:
    onset = extract(
        "My husband and I haven't been intimate in over a year. I think it started after our second child was born."
    )["onset"]

    assert (onset["pattern"], onset["duration_months"], onset["life_events"]) == (
        "acquired",
        12,
        ["birth of a child"],
    )


def test_medication_for_a_diagnosis_is_its_current_treatment() -> None:
    history = extract("I take Zoloft for depression")["mental_health_history"]

    assert history == {"diagnoses": ["depression"], "current_treatment": "Zoloft"}


def test_an_onset_with_an_event_but_no_time_is_left_for_the_question() -> None:
    assert "onset" not in extract("Since menopause started sex hurts and I've stopped wanting it")


@pytest.mark.parametrize(
    ("text", "category", "months"),
    [
        ("i've been getting ED for about 6 months, worse when i've been drinking", "erectile", 6),
        ("PE has been a problem since we met 2 years ago", "early_ejaculation", 24),
    ],
)
def test_the_abbreviations_ed_and_pe_state_the_concern_and_its_onset(
    text: str, category: str, months: int
) -> None:
    found = extract(text)

    assert category in found["main_concern"]["categories"]
    assert found["onset"]["duration_months"] == months


def test_ed_as_a_name_is_no_concern() -> None:
    assert "main_concern" not in extract("Ed and I have been together 5 years")


@pytest.mark.parametrize(
    ("asked", "text"),
    [
        ("better_when", "cialis helps a bit"),
        ("worse_when", "after a big meal or drinks"),
        ("goals", "get off the Zoloft"),
    ],
)
def test_a_medicine_or_drink_named_in_passing_does_not_stand_in_for_the_health_list(
    asked: str, text: str
) -> None:
    found = extract(text, asked=asked)

    assert not {"medications", "substance_use", "medical_conditions"} & set(found)


def test_pronouns_in_brackets_after_the_partner_are_the_partners() -> None:
    found = extract("hi! my partner (he/him) and i (she/they) are poly, together 6 yrs")

    assert found["pronouns"] == "she/they"
    assert found["relationship_status"] == "non_monogamous"


def test_facts_typed_without_apostrophes_are_read() -> None:
    found = extract("Im Kevin and my wife doesn't know im here. Weve been married 20 yrs.")

    assert (found["relationship_status"], found["relationship_length"]) == ("married", 240)


def test_a_status_said_right_after_the_age_is_the_clients() -> None:
    assert extract("I'm 52, divorced, my issue is I can't finish")["relationship_status"] == "divorced"


def test_open_about_things_is_not_an_open_relationship() -> None:
    assert extract("my wife and i are open about everything")["relationship_status"] == "married"


def test_a_lower_case_introduction_with_a_known_given_name_gives_the_name_and_age() -> None:
    found = extract("hey im jess 29 she/her, me and my gf have been together 3 yrs")

    assert (found["preferred_name"], found["age"]) == ("Jess", 29)


@pytest.mark.parametrize("text", ["im tired of this", "im mark and this is hard", "im sorry its long"])
def test_lower_case_words_after_im_that_are_not_given_names_are_not_names(text: str) -> None:
    assert "preferred_name" not in extract(text)


@pytest.mark.parametrize(
    "text", ["yes, I'm Nora, 44, married 15 yrs and we stopped having sex", "I'm 30, married, two kids"]
)
def test_married_as_one_item_of_an_introduction_is_the_clients_status(text: str) -> None:
    assert extract(text)["relationship_status"] == "married"


def test_married_people_in_general_are_not_a_status() -> None:
    assert "relationship_status" not in extract("I'm not sure, married people say it's normal")


def test_sex_that_has_stopped_since_a_birth_is_the_concern_and_the_birth_its_onset() -> None:
    found = extract("sex has basically stopped since our youngest was born 3 yrs ago")

    assert found["main_concern"]["categories"] == ["low_desire"]
    assert (found["onset"]["duration_months"], found["onset"]["life_events"]) == (36, ["birth of a child"])


@pytest.mark.parametrize("text", ["the bleeding after sex has stopped", "our sex life is great"])
def test_sex_named_beside_stopped_or_life_is_not_always_a_lack_of_it(text: str) -> None:
    assert "low_desire" not in (extract(text).get("main_concern") or {}).get("categories", [])


@pytest.mark.parametrize(
    "text",
    [
        "hi we're Jo and Sam, typing together :) married 3 yrs, we want couples therapy online",
        "hi, married 3 years, want couples therapy",
        "Lee here. married for about 8 years",
        "married since 2010 and no sex for a year",
    ],
)
def test_married_with_how_long_opening_a_clause_is_the_clients_status(text):
    assert extract_fields(text, context=CONTEXT)["relationship_status"] == "married"


@pytest.mark.parametrize(
    "text",
    [
        "my parents, married 30 years, never talk about sex",
        "my best friend and her husband, married 5 years, recommended you",
    ],
)
def test_someone_elses_marriage_opening_a_clause_is_not_the_clients_status(text):
    assert "relationship_status" not in extract_fields(text, context=CONTEXT)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (
            "Hi, I'm Marcus, 52. My wife passed away two years ago and I've recently started seeing someone.",
            "widowed",
        ),
        ("My husband died in 2023.", "widowed"),
        ("My wife's mother passed away last year. We've been married 10 years.", "married"),
        ("My wife and I are fine; my ex-wife passed away.", "married"),
    ],
)
def test_a_wife_who_passed_away_makes_the_client_widowed_not_married(text: str, status: str) -> None:
    assert extract(text)["relationship_status"] == status


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("29M, gay, with my bf for 2 yrs. I finish way too fast, like within a minute.", "early_ejaculation"),
        ("Divorced, 55. I come too quickly with new partners.", "early_ejaculation"),
        ("my husband and i have been married 4 years and sex has always hurt for me", "pain"),
        ("We've hit a dry spell that's lasted about 2 years.", "low_desire"),
    ],
)
def test_a_concern_said_without_a_clinical_word_is_read(text: str, category: str) -> None:
    assert category in extract(text)["main_concern"]["categories"]


@pytest.mark.parametrize(
    "text",
    [
        "I finish work too early on fridays.",
        "She's really hurt by what I did.",
        "the dry spell of summer was awful",
    ],
)
def test_near_misses_of_those_concerns_are_not_concerns(text: str) -> None:
    assert "main_concern" not in extract(text)


def test_sex_that_has_always_hurt_is_a_lifelong_pain() -> None:
    found = extract("sex has always hurt for me, like it feels like hitting a wall.")

    assert found["main_concern"]["categories"] == ["pain"]
    assert found["onset"]["pattern"] == "lifelong"


def test_a_message_of_list_lines_reads_each_line_as_a_sentence() -> None:
    found = extract(
        "- 33, he/him\n- married 6 years\n- ED for about a year, worse when I'm tired\n- taking finasteride for hair loss"
    )

    assert found["age"] == 33
    assert found["pronouns"] == "he/him"
    assert found["relationship_status"] == "married"
    assert found["relationship_length"] == 72
    assert found["onset"]["duration_months"] == 12  # the ED's year, not the marriage's six
    assert [m["name"] for m in found["medications"]] == ["finasteride"]


@pytest.mark.parametrize(
    ("text", "name", "age"),
    [
        ("Sarah here, 36, she/her, looking for online sessions please", "Sarah", 36),
        ("Jess here, 29", "Jess", 29),
    ],
)
def test_a_given_name_here_introduces_the_client_with_the_age(text: str, name: str, age: int) -> None:
    found = extract(text)

    assert (found["preferred_name"], found["age"]) == (name, age)


@pytest.mark.parametrize(
    "text",
    [
        "Nobody here, 40, knows.",
        "Tired here, 45.",
        "Jersey City here, 30 minutes away",
        "12, she/her pronouns for my daughter",
        "My son is 12, he/him",
    ],
)
def test_near_misses_of_an_introduction_state_no_age_or_name(text: str) -> None:
    found = extract(text)

    assert "age" not in found and "preferred_name" not in found


def test_i_am_30_btw_is_the_age() -> None:
    assert extract("Aisha. I'm 30 btw and she/her", asked="preferred_name") == {
        "age": 30,
        "pronouns": "she/her",
    }


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("hey im jess, 24, she/her. bisexual, single atm.", "single"),
        ("Single, 30, looking for help", "single"),
        ("Not married, but we've lived together for about 7 years.", "partnered"),
    ],
)
def test_single_as_an_item_of_an_introduction_and_having_lived_together(text: str, status: str) -> None:
    assert extract(text)["relationship_status"] == status


@pytest.mark.parametrize(
    "text",
    [
        "I'm a single mom, 34",
        "single parent here, 40",
        "My sister, single, 30, says hi.",
        "My parents have lived together for 30 years.",
    ],
)
def test_someone_elses_status_or_a_single_parent_is_no_status(text: str) -> None:
    assert "relationship_status" not in extract(text)


@pytest.mark.parametrize(
    ("text", "involvement"),
    [
        ("He's in the loop about me reaching out but doesn't want to come.", "aware_not_attending"),
        ("he knows I'm doing this but doesn't want to come", "aware_not_attending"),
        ("he wants to fix things but doesn't want to join", "aware_not_attending"),
        ("My wife knows.", "aware_not_attending"),
        ("she's in the loop", "aware_not_attending"),
        ("My husband knows I'm here and he'll come with me to the sessions.", "attending"),
        ("My husband doesn't know I'm here.", "not_aware"),
    ],
)
def test_a_partner_who_knows_is_aware_unless_coming_is_said(text: str, involvement: str) -> None:
    assert extract(text)["partner_involvement"] == involvement


@pytest.mark.parametrize(
    "text",
    [
        "My husband knows what he likes in bed.",
        "I don't think he knows I'm doing this.",
        "He has a job but doesn't want to come home early.",
        "if he knows I'm here he'll be mad",
    ],
)
def test_knowing_something_else_or_not_coming_home_is_no_involvement(text: str) -> None:
    assert "partner_involvement" not in extract(text)


@pytest.mark.parametrize(
    ("text", "conditions"),
    [
        ("41F here. Perimenopausal and my libido has basically vanished.", ["perimenopause"]),
        ("I'm 58, postmenopausal, and sex has become really painful.", ["menopause"]),
        (
            "I'm 44, on metformin for type 2 diabetes and lisinopril for blood pressure.",
            ["type 2 diabetes", "hypertension"],
        ),
        ("I take lisinopril for my blood pressure", ["hypertension"]),
        ("I'm not on any medication and I've got no health issues.", []),
        ("I've got no health issues apart from asthma", ["asthma"]),
    ],
)
def test_conditions_said_as_a_word_about_oneself_or_as_what_a_medicine_is_for(
    text: str, conditions: list[str]
) -> None:
    assert [c["name"] for c in extract(text)["medical_conditions"]] == conditions


@pytest.mark.parametrize(
    "text",
    [
        "My wife, 52, perimenopausal, has lost interest.",
        "I'm 40, and diabetes runs in my family.",
        "I'm worried I'm pregnant",
        "my wife is on metformin for diabetes",
        "my blood pressure is fine",
        "he's got no health issues",
        "I'm not diabetic",
    ],
)
def test_someone_elses_feared_or_denied_conditions_are_not_the_clients(text: str) -> None:
    assert "medical_conditions" not in extract(text)


@pytest.mark.parametrize(
    ("text", "status", "months"),
    [
        ("Partner of 12 years is very understanding.", "partnered", 144),
        ("my partner of 12 years is great", "partnered", 144),
    ],
)
def test_a_partner_of_so_many_years_is_the_time_together(text: str, status: str, months: int) -> None:
    found = extract(text)

    assert (found["relationship_status"], found["relationship_length"]) == (status, months)


def test_a_new_partner_of_six_months_is_six_months_together() -> None:
    assert (
        extract("widowed, but i have a new partner of 6 months", asked="relationship_status")[
            "relationship_length"
        ]
        == 6
    )


@pytest.mark.parametrize(
    "text",
    [
        "My sister's husband of 10 years left her.",
        "her husband of 20 years cheated",
        "she has a new partner of 6 months",
        "my friend, a partner of 5 years at her firm, said",
    ],
)
def test_someone_elses_partner_of_so_many_years_is_no_length(text: str) -> None:
    assert "relationship_length" not in extract(text)


def test_its_been_maybe_two_years_is_the_onset_of_the_concern_it_follows() -> None:
    onset = extract("I can't keep an erection, its been maybe 2 years.")["onset"]

    assert (onset["pattern"], onset["duration_months"]) == ("acquired", 24)


@pytest.mark.parametrize(
    "text", ["It's been 2 years since we married and sex is great", "its been a rough 2 years at work"]
)
def test_its_been_so_long_without_a_concern_is_no_onset(text: str) -> None:
    assert "onset" not in extract(text)


def test_over_the_last_year_is_twelve_months_not_the_calendar_year() -> None:
    onset = extract("My libido has basically vanished over the last year or so.")["onset"]

    assert onset["duration_months"] == 12


def test_we_would_both_like_to_come_is_a_couple_attending() -> None:
    found = extract("We'd both like to come in person, Freehold if possible.")

    assert (found["seeking_for"], found["partner_involvement"]) == ("couple", "attending")


def test_we_would_both_like_to_see_things_improve_says_nothing_of_attending() -> None:
    assert "partner_involvement" not in extract("we'd both like to see things improve")


@pytest.mark.parametrize(
    ("text", "slot"),
    [("No meds, no health stuff.", "medications"), ("No meds, no health stuff.", "medical_conditions")],
)
def test_no_meds_and_no_health_stuff_are_said_none(text: str, slot: str) -> None:
    assert extract(text)[slot] == []


def test_no_meds_for_someone_else_is_not_the_clients_none() -> None:
    assert "medications" not in extract("no meds for my husband")


def test_divorced_opening_the_message_gives_the_status_and_the_age_after_it() -> None:
    found = extract("Divorced, 55, dating again after 25 years of marriage.")

    assert (found["relationship_status"], found["age"]) == ("divorced", 55)


@pytest.mark.parametrize(
    "text", ["Divorced parents, so trust is hard", "Separated, 12 years married", "Divorced, 2 kids"]
)
def test_a_number_after_an_opening_status_that_is_no_age_is_not_the_age(text: str) -> None:
    assert "age" not in extract(text)


def test_divorced_parents_is_not_the_clients_status() -> None:
    assert "relationship_status" not in extract("Divorced parents, so trust is hard")


@pytest.mark.parametrize(
    ("text", "substances"),
    [
        ("I'm on blood pressure tablets and I smoke", ["tobacco"]),
        ("I take zoloft and i drink wine on weekends", ["alcohol"]),
    ],
)
def test_and_i_starts_a_statement_of_use_of_its_own(text: str, substances: list[str]) -> None:
    assert [u["substance"] for u in extract(text)["substance_use"]] == substances


def test_someone_elses_drinking_after_and_i_is_not_the_clients() -> None:
    assert "substance_use" not in extract("my husband drinks and i worry")


def test_wondering_whether_one_is_asexual_is_an_identity_concern() -> None:
    found = extract("I'm starting to wonder if I'm asexual and it's causing tension")

    assert found["main_concern"]["categories"] == ["identity_orientation"]


def test_saying_ones_orientation_in_an_introduction_is_no_concern() -> None:
    assert "main_concern" not in extract("hey im jess, 24, she/her. bisexual, single atm.")


@pytest.mark.parametrize(
    "text",
    [
        "We were married for 20 years before she died. I'm 71 now and I've met someone lovely.",
        "I was married 10 years",
    ],
)
def test_the_length_of_a_relationship_that_ended_is_not_the_time_together(text: str) -> None:
    assert "relationship_length" not in extract(text)


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("We've been married for 20 years.", 240),
        ("We were together 5 years until he left, then I met Sam and we've been together 2 years.", 24),
    ],
)
def test_the_current_relationship_keeps_its_length(text: str, months: int) -> None:
    assert extract(text)["relationship_length"] == months


def test_a_partners_age_in_brackets_is_not_the_clients() -> None:
    found = extract("my boyfriend (28) thinks i have a low libido. we've been together 2ish years. i'm 25")

    assert found["age"] == 25


@pytest.mark.parametrize(
    ("text", "age"), [("me (F, 41)", 41), ("(36M) here", 36), ("my wife is 40 and I'm 36", 36)]
)
def test_the_clients_own_age_in_brackets_or_after_a_partners_is_kept(text: str, age: int) -> None:
    assert extract(text)["age"] == age


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Since my prostatectomy two years ago I've had ED. 68, married 42 years.", 68),
        ("I think I'm addicted to porn. 31, single, he/him.", 31),
    ],
)
def test_a_number_opening_a_list_of_ones_status_or_pronouns_is_the_age(text: str, age: int) -> None:
    assert extract(text)["age"] == age


@pytest.mark.parametrize(
    "text",
    [
        "12, she/her pronouns for my daughter",
        "my wife: 45, she/her",
        "Our kids are 10, 12. Married 15 years.",
    ],
)
def test_someone_elses_age_and_pronouns_in_a_list_are_not_the_clients(text: str) -> None:
    found = extract(text)

    assert "age" not in found and "pronouns" not in found


def test_a_couple_listing_both_keeps_the_clients_own_age_and_pronouns() -> None:
    found = extract("my wife (45, she/her) and me (47, he/him)")

    assert (found["age"], found["pronouns"]) == (47, "he/him")


def test_a_dry_spell_that_has_lasted_two_years_started_two_years_ago() -> None:
    onset = extract("We've hit a dry spell that's lasted about 2 years.")["onset"]

    assert (onset["pattern"], onset["duration_months"]) == ("acquired", 24)


def test_a_marriage_that_has_lasted_twenty_years_is_no_onset() -> None:
    assert "onset" not in extract("Our marriage has lasted 20 years and sex is great.")
