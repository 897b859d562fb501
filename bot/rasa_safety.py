"""The safety protocol inside Rasa, so that it works in every state and with the action server
down.

- `SafetyNetOverride` (NLU): when the repo's crisis matcher (the spaCy component
  `intake_safety_net`) finds a disclosure in a message, its intent becomes `crisis`, whatever
  the classifier thought. The other way round, when the classifier says `crisis` but the matcher
  recognised the very words it keys on and ruled them out (a negation, a figure of speech, history,
  consensual play: `doc._.crisis_lookalike`), the classifier is overruled: "I'm not suicidal"
  and "he beat me to the punch" are not disclosures. A classifier `crisis` on words the matcher
  does not know at all still stands when it is confident (`CLASSIFIER_ALONE_MIN`) and the message
  uses the crisis vocabulary at all (`doc._.crisis_topic`: dying, hurting, safety, self...), so an
  unforeseen phrasing still gets the resources while "face to face" or "I've been fine" do not.
- `CrisisFirstPolicy` (dialogue): a crisis message is answered with the resources before
  anything else, ahead of an active form, which would otherwise run first and, with the action
  server down, fail before any rule could answer. A crisis message in answer to "are you safe
  right now?" is that answer: the resources were just shown, and showing them again would ask
  the question again, for ever to a client who keeps answering the same way ("yes I'm safe right
  now" was read as crisis at 0.84). What the safety net recognised is recorded first, so the
  therapist reads it among the disclosures; the classifier's guess alone is not a disclosure.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

CRISIS_INTENT = "crisis"
# What follows a crisis message, step by step: the actions already run this turn -> the next one.
SAFETY_CHECK_FORM = "safety_check_form"
CRISIS_SEQUENCE = ("utter_crisis_resources", "action_record_disclosure", SAFETY_CHECK_FORM)
# ... and while "are you safe right now?" waits for its answer: (classifier alone, safety net).
ANSWERING_THE_SAFETY_CHECK = ((SAFETY_CHECK_FORM,), ("action_record_disclosure", SAFETY_CHECK_FORM))
_NOT_COUNTED = {ACTION_LISTEN_NAME, "action_extract_slots"}
_FALLBACK_INTENT = "nlu_fallback"
# The classifier alone (no words the safety net knows) must be this sure: below it, its crisis
# guesses were answers like "I smoke about a pack a day" (0.66), while every disclosure of the
# labelled set is caught by the net itself.
CLASSIFIER_ALONE_MIN = 0.75
_INFORM_INTENT = "inform"
_CLEARLY_MEANT = 0.3


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafetyNetOverride(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyNetOverride:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            doc = message.get(SPACY_DOCS[TEXT])
            if doc is None or not doc.has_extension("crisis"):
                continue
            ranking = [r for r in message.data.get(INTENT_RANKING_KEY, []) if r.get("name") != CRISIS_INTENT]
            if doc._.crisis is not None:
                crisis = {"name": CRISIS_INTENT, "confidence": 1.0, "safety_net": doc._.crisis}
                message.data[INTENT] = crisis
                message.data[INTENT_RANKING_KEY] = [crisis, *ranking]
            elif self._classifier_said_crisis(message) and (
                doc._.crisis_lookalike
                or not doc._.crisis_topic
                or message.get(INTENT).get("confidence", 0.0) < CLASSIFIER_ALONE_MIN
            ):
                message.data[INTENT] = self._next_best(ranking)
                message.data[INTENT_RANKING_KEY] = ranking

        return messages

    @staticmethod
    def _classifier_said_crisis(message: Message) -> bool:
        return (message.get(INTENT) or {}).get("name") == CRISIS_INTENT

    @staticmethod
    def _next_best(ranking: list[dict[str, Any]]) -> dict[str, Any]:
        # Behind a confident crisis the runner-up is mostly noise ("ask_why" at 0.00); a message
        # like "I'm not suicidal" is a statement, so it is `inform` unless another intent was
        # clearly meant as well.
        usable = [r for r in ranking if r.get("name") not in (_FALLBACK_INTENT, _INFORM_INTENT)]
        if usable and usable[0].get("confidence", 0.0) >= _CLEARLY_MEANT:
            best = dict(usable[0])
        else:
            informed = next((r for r in ranking if r.get("name") == _INFORM_INTENT), {})
            best = {"name": _INFORM_INTENT, "confidence": informed.get("confidence", 0.0)}
        best["safety_net_overruled"] = CRISIS_INTENT
        return best


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class CrisisFirstPolicy(Policy):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Above RulePolicy (6): with equal confidence, the higher priority wins.
        return {"priority": 7}

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        with self._model_storage.write_to(self._resource) as directory:
            (directory / "crisis_first_policy.json").write_text("{}")
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        next_action = self._next_crisis_action(tracker)
        if next_action is None:
            return self._prediction(probabilities)
        probabilities[domain.index_for_action(next_action)] = 1.0
        # Marked like RulePolicy's loop predictions, which the ensemble otherwise prefers
        # regardless of priority: this one must win over an active form.
        return self._prediction(probabilities, is_no_user_prediction=True)

    @staticmethod
    def _next_crisis_action(tracker: DialogueStateTracker) -> str | None:
        latest = tracker.latest_message
        if latest is None or (latest.intent or {}).get("name") != CRISIS_INTENT:
            return None
        done: list[str] = []
        for event in reversed(tracker.events):
            if isinstance(event, UserUttered):
                break
            if isinstance(event, ActionExecuted) and event.action_name not in _NOT_COUNTED:
                done.insert(0, event.action_name or "")
        sequence = CRISIS_SEQUENCE
        if tracker.active_loop_name == SAFETY_CHECK_FORM:
            # The form is still active until it runs, the last step of either sequence.
            sequence = ANSWERING_THE_SAFETY_CHECK[bool(latest.intent.get("safety_net"))]
        if tuple(done) == sequence[: len(done)] and len(done) < len(sequence):
            return sequence[len(done)]
        return None
