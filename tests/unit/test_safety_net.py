"""The crisis safety net: every disclosure in the labelled set is caught, lookalikes rarely are."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import spacy
from spacy.matcher import Matcher

from bot.nlp import safety
from bot.nlp.build import build_to
from bot.nlp.safety import CATEGORIES, Detection, detect

SAFETY_SET = Path(__file__).parents[1] / "data" / "safety_set.jsonl"
MAX_FALSE_ALARM_RATE = 0.05


def _load_set() -> list[dict]:
    return [json.loads(line) for line in SAFETY_SET.read_text(encoding="utf-8").splitlines() if line.strip()]


SET = _load_set()
DISCLOSURES = [row for row in SET if row["crisis"]]
LOOKALIKES = [row for row in SET if not row["crisis"]]


def _id(row: dict) -> str:
    return row["text"][:60]


def fires(text: str) -> str | None:
    found = detect(text)
    return found.category if found else None


# The labelled set


def test_the_labelled_set_is_large_balanced_and_well_formed():
    assert len(SET) >= 240
    assert 0.45 <= len(DISCLOSURES) / len(SET) <= 0.55
    assert len({row["text"] for row in SET}) == len(SET), "duplicate messages"
    for row in SET:
        assert set(row) == {"text", "crisis", "category", "kind"}
        assert (row["category"] in CATEGORIES) if row["crisis"] else (row["category"] is None)
    assert {row["category"] for row in DISCLOSURES} == set(CATEGORIES)
    assert {"negation", "figure_of_speech", "kink", "past_resolved", "medical_pain"} <= {
        r["kind"] for r in LOOKALIKES
    }


@pytest.mark.parametrize("row", DISCLOSURES, ids=_id)
def test_every_disclosure_in_the_set_is_detected_with_its_category(row):
    assert fires(row["text"]) == row["category"]


def test_false_alarms_on_the_lookalikes_are_at_most_five_percent():
    alarms = [(row["kind"], row["text"], detect(row["text"])) for row in LOOKALIKES]
    alarms = [(kind, text, found) for kind, text, found in alarms if found is not None]

    rate = len(alarms) / len(LOOKALIKES)

    listing = "\n".join(
        f"  [{kind}] {text!r} -> {found.category}: {found.text!r}" for kind, text, found in alarms
    )
    assert rate <= MAX_FALSE_ALARM_RATE, f"{len(alarms)}/{len(LOOKALIKES)} false alarms:\n{listing}"


# Rule families


@pytest.mark.parametrize(
    "text",
    [
        "this is killing our sex life",
        "I could die of embarrassment",
        "the medication killed my drive",
        "I'd kill for a good night's sleep",
        "dying to know",
        "i almost died laughing",
        "I'm killing myself at work to pay for the wedding",
        "this date night idea is to die for",
    ],
)
def test_figures_of_speech_about_dying_or_killing_do_not_fire(text):
    assert fires(text) is None


def test_this_is_killing_me_lol_is_a_figure_of_speech_because_killing_me_is_no_rule():
    # Decided: "killing me" is about the speaker's mood, never self-directed harm.
    assert fires("this is killing me lol") is None


@pytest.mark.parametrize("text", ["kms lol", "i want to kill myself lol", "i want to die 😂 no but fr"])
def test_laughter_does_not_cancel_an_explicit_disclosure(text):
    assert fires(text) == "suicidal"


@pytest.mark.parametrize(
    "text",
    [
        "I'm not suicidal",
        "no thoughts of hurting myself",
        "he's never hit me",
        "I don't want to die",
        "suicidal thoughts? no",
        "self harm: never",
        "I have never once thought about killing myself",
        "no history of self-harm or suicide attempts",
    ],
)
def test_negated_disclosures_do_not_fire(text):
    assert fires(text) is None


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("im not ok i want to die", "suicidal"),
        ("I'm not sure why, but I want to die", "suicidal"),
        ("he never listens and he hits me", "partner_danger"),
        ("suicidal thoughts no one knows about", "suicidal"),
        ("I don't want to die but I keep thinking about killing myself", "suicidal"),
    ],
)
def test_a_negation_in_another_clause_does_not_hide_a_disclosure(text, category):
    assert fires(text) == category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I don't want to live anymore", "suicidal"),
        ("there's no reason to live", "suicidal"),
        ("I'm not safe at home", "partner_danger"),
        ("he won't let me leave", "partner_danger"),
        ("i didn't consent to what happened last night", "sexual_assault"),
    ],
)
def test_disclosures_worded_with_a_negation_fire(text, category):
    assert fires(text) == category


@pytest.mark.parametrize(
    "text",
    [
        "we're into choking during sex and it's consensual",
        "I like being tied up",
        "he chokes me during sex but it's consensual, we have a safeword",
        "my girlfriend slaps me in bed and honestly I love it",
    ],
)
def test_consensual_rough_play_does_not_fire(text):
    assert fires(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "he chokes me during sex, it's consensual but last time I said stop and he didn't",
        "we have a safeword but he chokes me when he's angry",
        "he says i like it when he chokes me but i dont",
    ],
)
def test_rough_play_with_any_sign_of_non_consent_fires(text):
    assert fires(text) == "partner_danger"


@pytest.mark.parametrize(
    "text",
    [
        "I was assaulted 10 years ago and worked through it in therapy",
        "When I was 15, my uncle molested me",
        "I tried to kill myself when I was 19, I've been stable for a decade",
        "my ex used to hit me, he's out of my life now",
    ],
)
def test_a_past_event_dated_long_ago_or_resolved_is_not_a_crisis(text):
    assert fires(text) is None


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I was raped years ago and it happened again last night", "sexual_assault"),
        ("we met ten years ago and he raped me", "sexual_assault"),
        ("I was raped", "sexual_assault"),
        ("I tried to kill myself", "suicidal"),
    ],
)
def test_a_past_event_is_a_crisis_when_recent_undated_or_dated_in_another_clause(text, category):
    assert fires(text) == category


@pytest.mark.parametrize(
    "text",
    [
        "sex hurts",
        "painful intercourse",
        "it burns when I pee",
        "penetration hurts me every time",
        "the cramps hit me right when he finishes",
        "I cut myself shaving this morning",
    ],
)
def test_medical_pain_and_accidents_do_not_fire(text):
    assert fires(text) is None


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("kms", "suicidal"),
        ("gonna unalive myself", "suicidal"),
        ("sewerslide thoughts", "suicidal"),
        ("feeling sucidal", "suicidal"),
        ("i wanna kil my self", "suicidal"),
        ("relapsed on sh", "self_harm"),
        ("i got r*ped", "sexual_assault"),
        ("i was sa'd", "sexual_assault"),
        ("he beats me wen hes drunk", "partner_danger"),
    ],
)
def test_coded_and_misspelled_disclosures_fire(text, category):
    assert fires(text) == category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("he threatened me last night", "partner_danger"),
        ("my husband scares me", "partner_danger"),
        ("she's been violent with me since the baby", "partner_danger"),
        ("my gf keeps threatening me when she drinks", "partner_danger"),
        ("I'm always walking on eggshells so he doesn't hit me again", "partner_danger"),
        ("I just want to sleep and never wake up", "suicidal"),
    ],
)
def test_threats_fear_and_violence_from_a_partner_fire(text, category):
    assert fires(text) == category


@pytest.mark.parametrize(
    "text",
    [
        "not suicidal but I cut sometimes",
        "i cut sometimes",
        "I still cut sometimes",
        "i cut on purpose when it gets bad",
        "I still self harm",
        "i still sh",
        "and still hurt myself",
        "I've been cutting again",
        "been cutting again lately",
    ],
)
def test_cutting_that_goes_on_is_self_harm_even_after_denying_suicide(text):
    assert fires(text) == "self_harm"


@pytest.mark.parametrize(
    "text",
    [
        "sewerslide",
        "thinking about sewerslide",
        "unalive myself",
        "thinking of unaliving",
        "gonna unalive",
        "kms",
        "ugh kms",
        "i want to kms",
    ],
)
def test_coded_words_for_suicide_fire_on_their_own(text):
    assert fires(text) == "suicidal"


@pytest.mark.parametrize(
    "text",
    [
        "he forces me",
        "my husband forces me",
        "he always forces me",
        "he pushes me around",
        "she knocks me around",
        "my boyfriend shoves me around when he drinks",
        "I'm scared of him",
        "I'm afraid of my husband",
        "he threatens me",
        "he hits me",
        "she hurts me",
    ],
)
def test_force_pushing_around_fear_threats_and_hitting_from_a_partner_fire(text):
    assert fires(text) == "partner_danger"


@pytest.mark.parametrize(
    "text", ["she forces me to have sex", "he forced me last night", "my husband has forced me"]
)
def test_a_partner_forcing_sex_or_having_forced_the_client_is_sexual_assault(text):
    assert fires(text) == "sexual_assault"


@pytest.mark.parametrize(
    "text",
    [
        "he checks my phone and won't let me see friends",
        "he won't let me see friends",
        "my wife wont let me leave the house",
        "she won't let me see anyone",
    ],
)
def test_a_partner_keeping_the_client_from_leaving_or_seeing_people_fires(text):
    assert fires(text) == "partner_danger"


@pytest.mark.parametrize("text", ["she controls all the money", "he checks my phone", "he reads my texts"])
def test_monitoring_or_money_control_alone_is_for_the_therapist_not_an_interruption(text):
    assert fires(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "this is killing our sex life",
        "I could die of embarrassment",
        "my boss forces me to work late",
        "my boss pushes me around",
        "I'm scared of commitment",
        "I cut down on drinking",
        "I still cut back on drinking",
        "cut my hair",
        "I still cut my own hair",
        "I cut a lot of sugar out",
        "she pushes me to try new things",
        "he threatens to leave if I don't go to therapy",
    ],
)
def test_figures_of_speech_and_everyday_force_cutting_and_threats_do_not_fire(text):
    assert fires(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "he's never hit me",
        "I'm not scared of him",
        "not scared of him at all",
        "he's never forced me",
        "he doesn't force me",
        "he has never pushed me around",
    ],
)
def test_a_partner_plainly_denied_to_hit_scare_force_or_push_does_not_fire(text):
    assert fires(text) is None


@pytest.mark.parametrize(
    "text", ["my friend cuts herself", "my friend self harms", "my sister cuts sometimes"]
)
def test_someone_elses_self_harm_does_not_fire(text):
    assert fires(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "he has never threatened me",
        "he's never been violent with me",
        "she doesnt scare me at all",
        "my husband has never laid a hand on me",
        "they don't hurt me, they're just distant",
        "my wife would never hit me",
        "I'd die for my kids",
        "this heatwave is going to kill me",
        "my back is killing me after the move",
        "I'm scared to tell my wife about my fantasies",
        "i'm afraid of losing him if I bring it up",
        "his texting at dinner makes me want to scream",
        "I'm not suicidal",
        "he beat me to the punch",
        "we use a safe word for choking",
        "my libido is gone",
        "my desire has just disappeared",
        "my sex drive is totally gone",
        "his erections have pretty much vanished",
        "I'm scared he'll leave me",
        "i'm afraid my wife will get bored of me",
        "10, it's ruining my life",
        "honestly it's wrecking our marriage",
    ],
)
def test_lookalikes_name_the_words_the_net_ruled_out(text):
    doc = safety._pipeline()(text)

    assert doc._.crisis is None
    assert doc._.crisis_lookalike


# Found by the safety set through the running assistant (CI, seed 20261127): the classifier read
# each of these as crisis at 1.00, and the NLU keeps a confident classifier crisis unless the net
# recognises the message as a lookalike.
@pytest.mark.parametrize(
    "text",
    [
        "I'm going to kill him if he leaves the toilet seat up again",
        "he hurt my feelings when he forgot our anniversary",
        "he's going to kill me when he sees the credit card bill",
        "he pushes my buttons",
        "my friend tried to kill herself last year",
        "I'm scared of commitment",
        "cut my hair",
        "he threatens to leave if I don't go to therapy",
        "my friend cuts herself",
        "he's never forced me",
        "he has never pushed me around",
        "my boss pushes me around",
        "I cut a lot of sugar out",
        "I still cut back on drinking",
        "she pushes me to try new things",
        "he's never been violent",
        "no, I'm not in any danger",
        "the lube burns my skin",
        "the new condoms irritate me",
        "peeing burns my skin since the infection",
    ],
)
def test_everyday_words_a_classifier_takes_for_a_crisis_mark_the_message_a_lookalike(text):
    doc = safety._pipeline()(text.lower())  # Rasa lowercases before spaCy

    assert doc._.crisis is None
    assert doc._.crisis_lookalike


def test_a_denial_hedged_with_or_anything_does_not_fire():
    assert fires("I don't feel like I want to die or anything, just tired") is None
    assert fires("I don't feel like I want to live, I want to die") == "suicidal"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "my boss pushes me around and so does my husband, he pushes me around when he drinks",
            "partner_danger",
        ),
        ("my friend cuts herself and I cut myself last night", "self_harm"),
        ("he threatens to leave and he threatens to kill me", "partner_danger"),
        ("I'm scared of commitment and I want to die", "suicidal"),
        ("he pushes my buttons and then he hits me", "partner_danger"),
    ],
)
def test_everyday_lookalike_words_never_hide_a_disclosure_beside_them(text, category):
    assert fires(text) == category


@pytest.mark.parametrize(
    "text",
    ["I don't consent", "I do not consent.", "no, I don't consent to this", "nope i dont consent, sorry"],
)
def test_declining_the_consent_question_is_no_disclosure(text):
    assert fires(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "he does things I don't consent to",
        "i dont consent to him touching me but he does anyway",
        "I didn't consent to what happened last night",
    ],
)
def test_non_consent_to_what_someone_does_is_still_a_disclosure(text):
    assert fires(text) == "sexual_assault"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I'm scared he'll find me", "partner_danger"),
        ("I'm scared he'll kill me if I leave", "partner_danger"),
        ("it's ruining my life and I want to die", "suicidal"),
        ("my libido is gone and honestly so is my will to live, I've thought about ending it", "suicidal"),
    ],
)
def test_a_disclosure_beside_a_concern_lookalike_still_fires(text, category):
    assert fires(text) == category


@pytest.mark.parametrize("text", ["we argue about money constantly", "I want to die", "he hit me yesterday"])
def test_ordinary_messages_and_disclosures_are_no_lookalikes(text):
    assert safety._pipeline()(text)._.crisis_lookalike == ()


# The component and its API


def test_detect_returns_the_most_acute_category_and_the_words_that_matched():
    assert detect("he hit me again and honestly I want to die") == Detection(
        category="suicidal", text="want to die"
    )


def test_doc_carries_every_crisis_span_and_the_most_acute_category():
    nlp = safety._pipeline()

    doc = nlp("he threatened to kill me and I've been cutting again")

    assert doc._.crisis == "self_harm"
    assert [(span.label_, span.text) for span in doc._.crisis_spans] == [
        ("partner_danger", "threatened to kill me"),
        ("self_harm", "been cutting"),
    ]


def test_an_ordinary_message_has_no_crisis():
    doc = safety._pipeline()("we argue about money constantly")

    assert doc._.crisis is None
    assert doc._.crisis_spans == ()


@pytest.mark.parametrize(
    "text", ["he threatened to kill me and I've been cutting again", "I'm not suicidal, just tired of this"]
)
def test_a_parsed_message_survives_a_deep_copy_with_its_spans(text):
    # Rasa's FallbackClassifier deep-copies a parsed message that fell back; a Span kept as an
    # extension value made that copy raise, and cross-validation crashed on such a message.
    doc = safety._pipeline()(text)

    copied = copy.deepcopy(doc)

    assert copied._.crisis == doc._.crisis
    assert [(s.label_, s.text) for s in copied._.crisis_spans] == [
        (s.label_, s.text) for s in doc._.crisis_spans
    ]
    assert [s.text for s in copied._.crisis_lookalike] == [s.text for s in doc._.crisis_lookalike]
    assert doc._.crisis_spans or doc._.crisis_lookalike


@pytest.fixture(scope="session")
def loaded_from_disk(tmp_path_factory):
    # How Rasa's SpacyNLP gets it: a directory on disk, the factory found through its entry point.
    path = build_to(tmp_path_factory.mktemp("spacy") / "intake_en")
    return spacy.load(path)


def test_the_pipeline_loaded_from_disk_keeps_its_components_and_detects(loaded_from_disk):
    assert loaded_from_disk.pipe_names == ["sentencizer", "intake_safety_net"]
    assert loaded_from_disk("i dont wanna be here anymore")._.crisis == "suicidal"
    assert loaded_from_disk("this is killing our sex life")._.crisis is None


def test_the_pipeline_loaded_from_disk_agrees_with_detect_on_the_whole_set(loaded_from_disk):
    disagreements = [
        row["text"] for row in SET if loaded_from_disk(row["text"])._.crisis != fires(row["text"])
    ]

    assert disagreements == []


def test_every_pattern_shape_in_the_data_passes_spacy_validation():
    # The component skips spaCy's slow per-pattern validation; the first expansion of each phrase
    # uses every unit the phrase has, so validating it checks the compiled shapes.
    net = safety._pipeline().get_pipe("intake_safety_net")
    matcher = Matcher(net.vocab, validate=True)
    entries = [(rule["id"], rule["phrases"]) for rule in net.data["rules"]]
    entries += [(guard["kind"], guard["phrases"]) for guard in net.data["guards"]]

    for key, phrases in entries:
        for phrase in phrases:
            first = safety.compile_phrase(
                phrase, lexicon=net.lexicon, norms=net.norms, equivalents=net.equivalents
            )[0]
            matcher.add(key, [first])


def test_every_rule_names_a_known_category():
    rules = safety.read_data()["rules"]

    assert {rule["category"] for rule in rules} == set(CATEGORIES)


def test_phrase_options_expand_to_every_combination():
    assert safety.expand("{want|wanna} to {die|be dead}") == [
        "want to die",
        "want to be dead",
        "wanna to die",
        "wanna to be dead",
    ]
    assert safety.expand("no {more|} pain") == ["no more pain", "no pain"]


def test_lowercased_messages_get_the_same_answer_because_rasa_lowercases_before_spacy():
    # config.yml runs SpacyNLP with case_sensitive: false, so the component sees lowercased text.
    nlp = safety._pipeline()

    disagreements = [
        row["text"] for row in SET if nlp(row["text"].lower())._.crisis != nlp(row["text"])._.crisis
    ]

    assert disagreements == []
