from __future__ import annotations

from datetime import date

import pytest

from bot.intake.answers import Context, Parsed, Skipped, Unclear
from bot.intake.normalise import near_town, normalise
from tests.unit.normalising import CONTEXT, parsed


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "ok",
        "Okay!",
        "sure",
        "I agree",
        "yep sounds good",
        "go ahead",
        "yeah",
        "yup",
        "ya",
        "yesss 😊",
        "absolutely",
        "no problem",
        "sure thing",
        "that's fine",
    ],
)
def test_consent_yes_is_true(text: str) -> None:
    assert parsed("consent_given", text) is True


@pytest.mark.parametrize(
    "text", ["no", "I don't agree", "nope", "nopee", "nah", "no thanks", "absolutely not"]
)
def test_consent_no_is_false(text: str) -> None:
    assert parsed("consent_given", text) is False


@pytest.mark.parametrize("text", ["aye go on", "continue", "carry on"])
def test_saying_to_continue_when_asked_whether_it_is_ok_to_continue_is_consent(text: str) -> None:
    assert parsed("consent_given", text) is True


def test_not_wanting_to_continue_is_no_consent() -> None:
    assert parsed("consent_given", "I don't want to continue") is False


@pytest.mark.parametrize("text", ["what is this?", "who are you", "maybe"])
def test_consent_that_is_neither_is_unclear(text: str) -> None:
    assert isinstance(normalise("consent_given", text, context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("34", 34),
        ("I'm 34", 34),
        ("im 34", 34),
        ("thirty four", 34),
        ("thirty-four", 34),
        ("34 years old", 34),
        ("turning 35 next month", 34),
        ("I'll be 35 in March", 34),
        ("I'm 34 and my partner is 36", 34),
        ("16", 16),
        ("one hundred and five", 105),
        ("age 52.", 52),
    ],
)
def test_age_is_the_stated_current_age(text: str, age: int) -> None:
    assert parsed("age", text) == age


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("actually I'm not 18, I'm 17", 17),
        ("not 36, 35", 35),
        ("I'm not 18", 17),
        ("not 18 yet", 17),
        ("I'm not quite 18", 17),
        ("almost 18", 17),
        ("under 18", 17),
        ("nearly 40", 39),
    ],
)
def test_an_age_denied_or_not_reached_yet_is_not_taken_as_the_age(text: str, age: int) -> None:
    assert parsed("age", text) == age


@pytest.mark.parametrize(
    "text", ["mid 30s", "late 20s", "30s", "mid 30's", "30-something", "in my mid thirties", "early forties"]
)
def test_an_age_said_as_a_decade_is_unclear_so_it_is_asked_again(text: str) -> None:
    assert normalise("age", text, context=CONTEXT) == Unclear("a decade, not an age")


@pytest.mark.parametrize(
    ("text", "age"), [("I'm 34, so mid 30s", 34), ("mid 30s, 34 actually", 34), ("35ish", 35)]
)
def test_an_age_beside_its_decade_is_the_age(text: str, age: int) -> None:
    assert parsed("age", text) == age


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("lee . fake @ example . com", "lee.fake@example.com"),
        ("lee . fake @ example . co . uk", "lee.fake@example.co.uk"),
        ("j . doe @ gmail . com", "j.doe@gmail.com"),
        ("my email is lee . fake @ example . com thanks", "lee.fake@example.com"),
        ("it's lee.fake@example.com . thanks", "lee.fake@example.com"),
    ],
)
def test_an_email_with_its_dots_spaced_out_keeps_every_part(text: str, email: str) -> None:
    assert parsed("email", text) == email


@pytest.mark.parametrize(
    ("text", "age"), [("I'm 34, no wait 35", 35), ("34 sorry I mean 43", 43), ("29, no wait, 30", 30)]
)
def test_age_corrected_inside_the_answer_is_the_age_meant(text: str, age: int) -> None:
    assert parsed("age", text) == age


@pytest.mark.parametrize("text", ["mid thirties", "150", "old enough", "-", "I'm not 30"])
def test_age_without_a_usable_number_is_unclear(text: str) -> None:
    assert isinstance(normalise("age", text, context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("call me Sam", "Sam"),
        ("I'm Alex", "Alex"),
        ("my name is jo", "Jo"),
        ("Sam (they/them)", "Sam"),
        ("Test Person", "Test Person"),
        ("hi! you can call me mary ann please", "Mary Ann"),
        ("Sam, thanks", "Sam"),
        ("just Morgan", "Morgan"),
        ("it's DeShawn", "DeShawn"),
        ("  Riley.  ", "Riley"),
        ("Please call me Dot", "Dot"),
        ("my friends call me Dot", "Dot"),
        ("my name is Dorothy but everyone calls me Dot", "Dot"),
        ("Dorothy, but Dot is fine", "Dot"),
        ("I go by Dot", "Dot"),
        ("Robert but I go by Bobby", "Bobby"),
    ],
)
def test_preferred_name_is_cleaned(text: str, name: str) -> None:
    assert parsed("preferred_name", text) == name


@pytest.mark.parametrize(
    "name", ["Mary Ann", "Juan de la Cruz", "Anh", "Jo-Beth", "O'Neill", "Abu Bakr", "Test Person"]
)
def test_names_of_several_words_and_any_origin_are_names(name: str) -> None:
    assert parsed("preferred_name", name) == name


@pytest.mark.parametrize(
    "text",
    [
        "i dont have any suicidal thoughts",
        "why do you need my name?",
        "I don't really want to say",
        "not sure what to put here",
        "we have been together for ten years now honestly",
        "what is this for",
        "please call me back",
        "can you call me later",
        "can I call the practice instead",
    ],
)
def test_a_sentence_is_not_taken_for_a_name(text: str) -> None:
    assert isinstance(normalise("preferred_name", text, context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "pronouns"),
    [
        ("she/her", "she/her"),
        ("she", "she/her"),
        ("her", "she/her"),
        ("She/Her/Hers", "she/her"),
        ("he him his", "he/him"),
        ("he", "he/him"),
        ("they", "they/them"),
        ("they/them please", "they/them"),
        ("she/they", "she/they"),
        ("I use he/they", "he/they"),
        ("doesn't matter", "any"),
        ("any are fine", "any"),
        ("no preference", "any"),
        ("whatever", "any"),
        ("ze/zir", "ze/zir"),
    ],
)
def test_pronouns_are_normalised(text: str, pronouns: str) -> None:
    assert parsed("pronouns", text) == pronouns


def test_a_name_typed_in_capitals_is_kept_as_a_name_is_written() -> None:
    assert parsed("preferred_name", "VICTOR") == "Victor"


def test_the_format_for_later_is_not_the_one_wanted_now() -> None:
    assert (
        parsed("session_format", "I think online would be easier for me at first, maybe in person later")
        == "telehealth"
    )


@pytest.mark.parametrize(
    ("text", "name"),
    [("Alex and Sam", "Alex and Sam"), ("alex and sam", "Alex and Sam"), ("Dana and I", "Dana")],
)
def test_a_couple_typing_together_keeps_both_names(text: str, name: str) -> None:
    assert parsed("preferred_name", text) == name


def test_a_couple_typing_together_keeps_both_sets_of_pronouns() -> None:
    assert parsed("pronouns", "he/him and she/her") == "he/him and she/her"


@pytest.mark.parametrize("text", ["no", "nah", "no thanks", "nope", "none"])
def test_a_plain_no_to_the_optional_pronoun_question_is_a_skip(text: str) -> None:
    assert isinstance(normalise("pronouns", text, context=CONTEXT), Skipped)


@pytest.mark.parametrize("text", ["I'm not sure what you mean", "what are pronouns?"])
def test_not_knowing_what_pronouns_are_asks_again_rather_than_storing_the_sentence(text: str) -> None:
    assert isinstance(normalise("pronouns", text, context=CONTEXT), Unclear)


@pytest.mark.parametrize("text", ["no preference", "any of them is fine", "whichever", "idk", "not sure"])
def test_no_office_preferred_is_a_skip_not_an_office_to_ask_about_again(text: str) -> None:
    assert isinstance(normalise("location", text, context=CONTEXT), Skipped)


def test_a_town_near_an_office_is_not_taken_as_no_preference() -> None:
    assert isinstance(
        normalise("location", "whichever is closest to new brunswick", context=CONTEXT), Unclear
    )


def test_pronouns_declined_with_a_reason_are_kept_for_the_therapist() -> None:
    assert parsed("pronouns", "no pronouns, use my name") == "no pronouns, use my name"


@pytest.mark.parametrize(
    ("slot", "text"),
    [
        ("phone", "nah"),
        ("phone", "no thanks"),
        ("phone", "I don't have one"),
        ("phone", "email is better"),
        ("email", "no"),
        ("email", "I don't use email"),
        ("email", "no email"),
    ],
)
def test_declining_a_contact_detail_is_a_skip_not_an_answer_to_clarify(slot: str, text: str) -> None:
    assert isinstance(normalise(slot, text, context=CONTEXT), Skipped)


@pytest.mark.parametrize("text", ["jess@gmail,com", "jess @ gmail . com", "jess@gmail.con", "jess@gmial.com"])
def test_slips_in_an_email_domain_that_no_mail_server_has_are_mended(text: str) -> None:
    assert parsed("email", text) == "jess@gmail.com"


def test_a_letter_o_typed_for_a_zero_in_a_phone_number_is_a_zero() -> None:
    assert parsed("phone", "201-555-O123") == "+12015550123"


def test_a_national_number_from_abroad_is_kept_as_its_digits_without_a_guessed_country() -> None:
    assert parsed("phone", "07700 900456") == "07700900456"


def test_a_no_followed_by_a_number_is_the_number() -> None:
    assert parsed("phone", "no it's 201 555 0123") == "+12015550123"


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("it's Test.Person@Example.test", "test.person@example.test"),
        ("test.person@example.test", "test.person@example.test"),
        ("my email is morgan+intake@mail.example.test.", "morgan+intake@mail.example.test"),
        ("test dot person at example dot test", "test.person@example.test"),
        ("<TEST@EXAMPLE.TEST>", "test@example.test"),
    ],
)
def test_email_is_extracted_and_lower_cased(text: str, email: str) -> None:
    assert parsed("email", text) == email


@pytest.mark.parametrize(
    "text", ["test.person@example", "test..person@example.test", "@example.test", "a@-bad.test"]
)
def test_invalid_email_is_unclear(text: str) -> None:
    assert isinstance(normalise("email", text, context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("(201) 555-0123", "+12015550123"),
        ("201.555.0123", "+12015550123"),
        ("2015550123", "+12015550123"),
        ("+1 201 555 0123", "+12015550123"),
        ("1-201-555-0123", "+12015550123"),
        ("my cell is 201 555 0123 thanks", "+12015550123"),
        ("+44 20 7946 0958", "+442079460958"),
        ("201-555-0123 ext 4", "+12015550123"),
    ],
)
def test_phone_is_digits_with_country_code(text: str, phone: str) -> None:
    assert parsed("phone", text) == phone


@pytest.mark.parametrize("text", ["555-0123", "call me", "12345", "201 555 012"])
def test_phone_with_fewer_than_ten_digits_is_unclear(text: str) -> None:
    assert isinstance(normalise("phone", text, context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("email please", "email"),
        ("e-mail", "email"),
        ("call me", "phone"),
        ("a phone call", "phone"),
        ("text is best", "text"),
        ("sms", "text"),
        ("texting works", "text"),
        ("either is fine", "email"),
        ("whatever", "email"),
        ("please don't call, text me", "text"),
        ("not email, phone", "phone"),
        ("email or text", "email"),
    ],
)
def test_contact_preference(text: str, channel: str) -> None:
    assert parsed("contact_preference", text) == channel


def test_contact_preference_without_a_channel_is_unclear() -> None:
    assert isinstance(normalise("contact_preference", "hmm", context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "session_format"),
    [
        ("in person", "in_person"),
        ("In-person please", "in_person"),
        ("in the office", "in_person"),
        ("face to face", "in_person"),
        ("online", "telehealth"),
        ("video", "telehealth"),
        ("zoom", "telehealth"),
        ("virtual", "telehealth"),
        ("telehealth", "telehealth"),
        ("remote", "telehealth"),
        ("either", "either"),
        ("both are fine", "either"),
        ("no preference", "either"),
        ("doesn't matter", "either"),
        ("in person or online", "either"),
        ("online but I'd prefer in person", "in_person"),
    ],
)
def test_session_format(text: str, session_format: str) -> None:
    assert parsed("session_format", text) == session_format


@pytest.mark.parametrize(
    ("slot", "text", "value"),
    [
        ("contact_preference", "emial", "email"),
        ("contact_preference", "phnoe", "phone"),
        ("session_format", "onlien", "telehealth"),
        ("session_format", "in persn", "in_person"),
        ("session_format", "virtaul", "telehealth"),
    ],
)
def test_a_channel_or_format_typed_with_a_slip_is_still_understood(slot: str, text: str, value: str) -> None:
    assert parsed(slot, text) == value


@pytest.mark.parametrize(("slot", "value"), [("contact_preference", "email"), ("session_format", "either")])
def test_not_knowing_which_is_no_preference(slot: str, value: str) -> None:
    assert parsed(slot, "idk") == value


@pytest.mark.parametrize(
    "text",
    [
        "Freehold if possible",
        "Jersey City would be great",
        "highland park works for me",
        "the freehold one please",
        "near Hoboken ideally",
        "somewhere in Brooklyn would be great",
        "closest to Edison please",
        "Freehold, but online is fine too",
        "Freehold ideally but online is fine too",
    ],
)
def test_session_format_answered_with_a_place_to_meet_is_in_person(text: str) -> None:
    assert parsed("session_format", text) == "in_person"


@pytest.mark.parametrize(
    ("text", "session_format"),
    [
        ("online but Jersey City is ok too", "telehealth"),
        ("online, I'm near Newark", "telehealth"),
        ("in person or online, Freehold if in person", "either"),
    ],
)
def test_session_format_with_a_format_and_a_place_weighs_the_place_as_in_person(
    text: str, session_format: str
) -> None:
    assert parsed("session_format", text) == session_format


@pytest.mark.parametrize(
    "text", ["somewhere in between", "anywhere in the evening", "close to home", "tuesdays"]
)
def test_session_format_without_a_format_or_a_place_is_unclear(text: str) -> None:
    assert isinstance(normalise("session_format", text, context=CONTEXT), Unclear)


def test_session_format_without_a_format_is_unclear() -> None:
    assert isinstance(normalise("session_format", "tuesdays", context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "location"),
    [
        ("jersey city please", "Jersey City"),
        ("JC", "Jersey City"),
        ("highland park", "Highland Park"),
        ("Highland Park office", "Highland Park"),
        ("freehold nj", "Freehold"),
        ("jersy city", "Jersey City"),
        ("the freehld office", "Freehold"),
        ("not jersey city, freehold", "Freehold"),
    ],
)
def test_location_is_the_configured_spelling(text: str, location: str) -> None:
    assert parsed("location", text) == location


@pytest.mark.parametrize("text", ["new brunswick", "whichever is closest", "Manhattan"])
def test_location_not_configured_is_unclear(text: str) -> None:
    assert isinstance(normalise("location", text, context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "location"),
    [
        ("Freehold if possible", "Freehold"),
        ("Jersey City would be great", "Jersey City"),
        ("highland park works for me", "Highland Park"),
        ("Freehold ideally", "Freehold"),
        ("somewhere in Jersey City would be great", "Jersey City"),
        ("near Freehold if you can", "Freehold"),
    ],
)
def test_location_named_with_a_wish_is_that_office(text: str, location: str) -> None:
    assert parsed("location", text) == location


@pytest.mark.parametrize(
    "text", ["near Hoboken ideally", "somewhere in Brooklyn would be great", "anywhere around Hoboken"]
)
def test_a_town_of_the_clients_that_no_office_lists_is_unclear_so_the_offices_are_named(text: str) -> None:
    assert normalise("location", text, context=CONTEXT) == Unclear("a town no office is known to be near")


NEAR_HOBOKEN = Context(
    today=date(2026, 11, 27),
    locations=("Jersey City", "Highland Park", "Freehold"),
    nearby=(("hoboken", "Jersey City"), ("brooklyn", "Jersey City")),
)


@pytest.mark.parametrize(
    "text", ["near Hoboken ideally", "somewhere in Brooklyn would be great", "anywhere around Hoboken"]
)
def test_a_town_the_practice_lists_near_an_office_said_with_a_wish_is_that_office(text: str) -> None:
    assert normalise("location", text, context=NEAR_HOBOKEN) == Parsed("Jersey City")


def test_location_uses_the_practice_configured_in_the_context() -> None:
    other = Context(today=date(2026, 11, 27), locations=("Hoboken",))
    assert normalise("location", "hoboken", context=other) == Parsed("Hoboken")
    assert isinstance(normalise("location", "jersey city", context=other), Unclear)


NEAR_NEW_BRUNSWICK = Context(
    today=date(2026, 11, 27),
    locations=("Jersey City", "Highland Park", "Freehold"),
    nearby=(("new brunswick", "Highland Park"), ("nb", "Highland Park"), ("edison", "Highland Park")),
)


@pytest.mark.parametrize(
    "text",
    [
        "closest to New Brunswick",
        "near NB",
        "whichever is near new brunswick",
        "the one nearest to Edison please",
        "I live near New Brunswick so whichever is closer",
        "closest to me in new brunswick",
    ],
)
def test_closest_to_a_town_the_practice_lists_near_an_office_is_that_office(text: str) -> None:
    assert normalise("location", text, context=NEAR_NEW_BRUNSWICK) == Parsed("Highland Park")


@pytest.mark.parametrize("text", ["closest to New Brunswick", "near NB", "whichever is closest to Montclair"])
def test_closest_to_a_town_no_office_lists_is_unclear_so_the_offices_are_named(text: str) -> None:
    assert isinstance(normalise("location", text, context=CONTEXT), Unclear)
    assert isinstance(normalise("location", "closest to Montclair", context=NEAR_NEW_BRUNSWICK), Unclear)


@pytest.mark.parametrize(
    "text, town",
    [
        ("closest to New Brunswick", "New Brunswick"),
        ("near NB", "NB"),
        ("whichever is near new brunswick", "new brunswick"),
        ("closer to Newark I guess", "Newark"),
        ("I live near Old Bridge so whichever is closer", "Old Bridge"),
        ("closest to me in Metuchen", "Metuchen"),
        ("whichever is closest to me", None),
        ("close to home", None),
        ("near me", None),
        ("near Hoboken ideally", "Hoboken"),
        ("somewhere in Brooklyn would be great", "Brooklyn"),
        ("near Freehold if possible", "Freehold"),
        ("anywhere around Hoboken please", "Hoboken"),
        ("somewhere in between", None),
        ("anywhere in the evening", None),
        ("somewhere in person", None),
    ],
)
def test_the_town_a_client_wants_to_be_near_is_read_as_written(text: str, town: str | None) -> None:
    assert near_town(text) == town


def test_an_office_named_beside_a_nearness_is_that_office() -> None:
    assert normalise("location", "highland park, it's closest to me", context=NEAR_NEW_BRUNSWICK) == Parsed(
        "Highland Park"
    )
    assert normalise("location", "I live near Jersey City", context=NEAR_NEW_BRUNSWICK) == Parsed(
        "Jersey City"
    )


def test_availability_is_kept_trimmed() -> None:
    assert parsed("availability", "  Thursday mornings, or after 6pm  ") == "Thursday mornings, or after 6pm"


@pytest.mark.parametrize(
    "text",
    [
        "I attempted suicide 12 years ago; I've had a lot of therapy since",
        "I had a history of cutting as a teen; clean for 8 years now",
        "3 months ago",
        "we have 2 kids",
    ],
)
def test_numbers_that_are_not_an_age_are_not_taken_as_the_age(text: str) -> None:
    assert isinstance(normalise("age", text, context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Aisha. I'm 30 btw and she/her", "Aisha"),
        ("Lee. He/him", "Lee"),
        ("Dr. Kim", "Dr. Kim"),
        ("Mrs. Patel", "Mrs. Patel"),
        ("Aisha", "Aisha"),
    ],
)
def test_a_name_followed_by_another_sentence_is_the_first_sentence(text: str, name: str) -> None:
    assert parsed("preferred_name", text) == name


@pytest.mark.parametrize(
    ("text", "pronouns"),
    [
        ("he/him, my partner is they/them", "he/him"),
        ("they/them. my husband is he/him", "they/them"),
        ("she/her, my wife is also she/her", "she/her"),
        ("he/him and she/her", "he/him and she/her"),
        ("she/her", "she/her"),
    ],
)
def test_a_partners_pronouns_are_not_the_clients(text: str, pronouns: str) -> None:
    assert parsed("pronouns", text) == pronouns


def test_only_a_partners_pronouns_is_unclear() -> None:
    assert isinstance(normalise("pronouns", "my partner uses they/them", context=CONTEXT), Unclear)
