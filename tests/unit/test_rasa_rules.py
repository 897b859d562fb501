"""IntentRulePolicy predicts exactly what Rasa's RulePolicy does, without the text look when no
rule could match a client's text."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.generator import TrainingDataGenerator
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.importers.importer import TrainingDataImporter

from bot import build
from bot.config import settings
from bot.rasa_rules import IntentRulePolicy, matches_text_turns

ROOT = Path(__file__).resolve().parents[2]
CONFIG = {"core_fallback_threshold": 0.3, "core_fallback_action_name": "utter_default",
          "enable_fallback_prediction": True, "restrict_rules": True}  # as config.yml  # fmt: skip


def _trained(kind: type[RulePolicy], trackers: list, domain: Domain, storage: Path) -> RulePolicy:
    policy = kind.create(
        {**kind.get_default_config(), **CONFIG},
        LocalModelStorage(storage),
        Resource(kind.__name__),
        ExecutionContext(GraphSchema({}), "test"),
    )
    policy.train(trackers, domain)
    return policy


def _trackers(domain_path: Path, *paths: Path) -> tuple[Domain, list]:
    importer = TrainingDataImporter.load_from_dict(
        domain_path=str(domain_path), training_data_paths=[str(path) for path in paths]
    )
    domain = importer.get_domain()
    generator = TrainingDataGenerator(importer.get_stories(), domain, augmentation_factor=0,
                                      use_story_concatenation=False)  # fmt: skip
    return domain, generator.generate()


def _every_prediction(policy: RulePolicy, trackers: list, domain: Domain) -> list[tuple]:
    predictions = []
    for tracker in trackers:
        events = list(tracker.events)
        for index, event in enumerate(events):
            if isinstance(event, ActionExecuted) and index:
                before = DialogueStateTracker.from_events(
                    tracker.sender_id, events[:index], slots=domain.slots
                )
                prediction = policy.predict_action_probabilities(before, domain)
                predictions.append((prediction.probabilities, prediction.is_end_to_end_prediction,
                                    prediction.optional_events))  # fmt: skip
    return predictions


@pytest.fixture(scope="module")
def built_domain() -> Path:
    return build.build_domain(settings())  # domain.yml and the practice's responses


def test_on_the_repo_rules_every_step_of_every_test_story_is_predicted_as_rasa_does(built_domain, tmp_path):
    domain, rules = _trackers(built_domain, ROOT / "data")
    _, stories = _trackers(built_domain, ROOT / "tests" / "stories", ROOT / "data" / "nlu")
    ours = _trained(IntentRulePolicy, rules, domain, tmp_path)

    assert not ours.has_text_rules
    expected = _every_prediction(_trained(RulePolicy, rules, domain, tmp_path), stories, domain)
    assert len(expected) > 500
    assert _every_prediction(ours, stories, domain) == expected


def test_an_end_to_end_rule_is_still_matched_by_the_text(tmp_path):
    (tmp_path / "domain.yml").write_text(
        textwrap.dedent("""
        version: "3.1"
        intents: [greet, inform]
        responses:
          utter_hello: [{text: "hello"}]
          utter_codeword: [{text: "the codeword"}]
          utter_default: [{text: "sorry?"}]
    """)
    )
    (tmp_path / "rules.yml").write_text(
        textwrap.dedent("""
        version: "3.1"
        rules:
        - rule: greeting
          steps: [{intent: greet}, {action: utter_hello}]
        - rule: a phrase, whatever its intent
          steps: [{user: "open sesame"}, {action: utter_codeword}]
    """)
    )
    domain, rules = _trackers(tmp_path / "domain.yml", tmp_path / "rules.yml")
    ours = _trained(IntentRulePolicy, rules, domain, tmp_path)
    said = DialogueStateTracker.from_events(
        "fake",
        [ActionExecuted("action_listen"), UserUttered("open sesame", {"name": "inform", "confidence": 1.0})],
        slots=domain.slots,
    )

    assert ours.has_text_rules
    prediction = ours.predict_action_probabilities(said, domain)
    assert domain.action_names_or_texts[prediction.max_confidence_index] == "utter_codeword"
    rasa_s = _trained(RulePolicy, rules, domain, tmp_path).predict_action_probabilities(said, domain)
    assert (prediction.probabilities, prediction.is_end_to_end_prediction) == (rasa_s.probabilities, True)


@pytest.mark.parametrize(
    "states, matches",
    [
        ([], False),
        ([{"prev_action": {"action_name": "action_listen"}, "user": {"intent": "greet"}}], False),
        ([{"prev_action": {"action_name": "action_listen"}, "user": {"text": "open sesame"}}], True),
        ([{"prev_action": {"action_name": "action_listen"}}], True),
        ([{"prev_action": {"action_name": "utter_hello"}, "user": {"text": "open sesame"}}], False),
        ([{"user": {"text": "hi"}}], False),
    ],
)
def test_which_rule_states_a_text_turn_can_match(states, matches):
    assert matches_text_turns(states) is matches
