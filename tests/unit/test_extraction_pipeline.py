"""The extraction pipeline's components: terms, their negation, numbers and time, read from one Doc."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import spacy

from bot.intake.parsing.numbers import Start
from bot.nlp import extraction
from bot.nlp.extraction import analyse
from bot.nlp.terms import spans

TODAY = date(2026, 11, 27)
ROOT = Path(__file__).parents[2]


def keys(text: str, group: str) -> list[str]:
    return [span.kb_id_ for span in spans(analyse(text), group)]


def negated(text: str, group: str) -> dict[str, bool]:
    return {span._.term: span._.negex for span in spans(analyse(text), group)}


# intake_terms


def test_zoloft_50mg_and_the_pill_are_sertraline_and_the_combined_pill():
    assert keys("Zoloft 50mg and the pill", "medication") == ["sertraline", "hormonal contraceptive"]


def test_a_brand_name_in_capitals_is_its_lower_case_generic_name():
    assert keys("I take LEXAPRO", "medication") == ["escitalopram"]


def test_birth_control_is_the_combined_pill():
    assert keys("just birth control", "medication") == ["hormonal contraceptive"]


def test_the_longest_term_wins_where_two_start_together():
    assert keys("I had prostate cancer", "condition") == ["prostate cancer"]


def test_a_term_inside_a_hyphenated_word_is_not_a_term():
    assert keys("I am non-diabetic", "condition") == []


def test_a_word_can_be_both_a_condition_and_a_diagnosis():
    doc = analyse("depression")

    assert keys("depression", "condition") == ["depression"]
    assert keys("depression", "diagnosis") == ["depression"]
    assert [span.label_ for span in doc.spans["diagnosis"]] == ["diagnosis"]


def test_weed_is_cannabis_and_smoking_is_tobacco():
    assert keys("I smoke weed", "substance") == ["cannabis"]
    assert keys("I smoke weed", "smoking") == ["tobacco"]


def test_a_term_keeps_the_words_as_matched_in_lower_case():
    (span,) = spans(analyse("Some Glasses Of Wine"), "substance")

    assert span._.term == "glasses of wine"
    assert span.text == "Glasses Of Wine"


# intake_negation


def test_no_diabetes_is_negated_and_high_blood_pressure_after_but_is_not():
    assert negated("no diabetes but high blood pressure", "condition") == {
        "diabetes": True,
        "high blood pressure": False,
    }


def test_i_dont_have_asthma_is_negated():
    assert negated("I don't have asthma", "condition") == {"asthma": True}


def test_not_on_zoloft_is_negated():
    assert negated("I'm not on Zoloft", "medication") == {"zoloft": True}


def test_no_alcohol_is_negated():
    assert negated("never smoked, no alcohol", "substance") == {"alcohol": True}


def test_a_new_subject_ends_the_negation():
    assert negated("it's not worse when I drink", "substance") == {"drink": False}


def test_no_history_of_self_harm_is_negated():
    assert negated("no history of self-harm or suicide attempts", "diagnosis") == {"self-harm": True}


def test_the_negation_leaves_no_entities_behind():
    assert analyse("no diabetes").ents == ()


# intake_numbers


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("7", [7]),
        ("seven", [7]),
        ("like a 7", [7]),
        ("7/10", [7, 10]),
        ("between 6 and 7", [6, 7]),
        ("thirty four", [34]),
    ],
)
def test_numbers_in_any_form_are_read_as_values(text, values):
    assert [number.value for number in analyse(text)._.numbers] == values


def test_number_offsets_index_the_plain_words():
    doc = analyse("Um, I'm THIRTY-four!")

    (number,) = doc._.numbers
    assert doc._.plain == "i'm thirty-four"
    assert doc._.plain[number.start : number.end] == "thirty-four"
    assert number.value == 34


# intake_time


def test_since_the_baby_was_born_two_years_ago_is_24_months_and_the_birth_of_a_child():
    doc = analyse("since the baby was born two years ago")

    assert doc._.duration_months == 24
    assert doc._.life_events == ("birth of a child",)


def test_a_year_and_a_half_is_18_months():
    assert analyse("a year and a half")._.duration_months == 18


def test_last_spring_in_november_is_april_this_year():
    assert analyse("last spring")._.start_on(TODAY) == Start(2026, 4)


def test_since_i_started_lexapro_is_a_new_medication():
    assert analyse("since I started Lexapro")._.life_events == ("new medication",)


def test_words_with_no_time_have_no_duration_and_no_start():
    doc = analyse("it bothers me a lot")

    assert doc._.duration_months is None
    assert doc._.start_on(TODAY) is None


# the shared loader


def test_the_same_text_gives_the_same_doc_to_every_caller():
    assert analyse("I take Zoloft") is analyse("I take Zoloft")


def test_the_doc_is_of_the_tidied_text():
    assert analyse("  I  take   \u201cZoloft\u201d ").text == 'I take "Zoloft"'


def test_the_pipeline_is_loaded_once_per_process():
    assert extraction.pipeline() is extraction.pipeline()


def test_the_extraction_pipeline_is_not_rasas():
    rasa_pipeline = spacy.util.load_config(ROOT / "bot" / "nlp" / "config.cfg")["nlp"]["pipeline"]

    assert extraction.pipeline().pipe_names == [
        "sentencizer",
        "intake_terms",
        "intake_negation",
        "intake_numbers",
        "intake_time",
    ]
    assert not {"intake_terms", "intake_negation", "intake_numbers", "intake_time"} & set(rasa_pipeline)


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spacy") / "intake_extract_en"
    extraction.assemble().to_disk(path)
    return path


def test_the_pipeline_saved_to_disk_loads_and_reads_the_same(saved):
    doc = spacy.load(saved)("I don't have diabetes but I take Zoloft")

    assert [(s.kb_id_, s._.negex) for s in doc.spans["condition"]] == [("diabetes", True)]
    assert [s.kb_id_ for s in doc.spans["medication"]] == ["sertraline"]


def test_a_fresh_process_finds_the_factories_through_their_entry_points(saved):
    code = f"import spacy; doc = spacy.load({str(saved)!r})('no Zoloft'); print(doc.spans['medication'][0].kb_id_)"

    result = subprocess.run([sys.executable, "-c", code], cwd="/", capture_output=True, text=True, check=True)

    assert result.stdout.strip().splitlines()[-1] == "sertraline"


def test_the_action_server_does_not_load_tensorflow():
    code = "import sys, actions.forms; from bot.nlp.extraction import analyse; analyse('I take Zoloft'); print('tensorflow' in sys.modules)"

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "False"
