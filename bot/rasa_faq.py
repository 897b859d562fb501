"""Rasa's ResponseSelector, run only for the messages whose answer it can choose.

The selector picks which FAQ answer to give, and its choice is used only when the message's
final intent is the FAQ intent. It ran on every message (a tenth of Rasa's time a message), most
of them answers to the intake's questions. The final intent is the classifier's top intent,
unless the fallback classifier lowers it to `nlu_fallback` or the safety components after it
change a `crisis` (bot/rasa_safety.py: to `crisis`, or from `crisis` to the runner-up). So the
selector runs when the classifier's top intent is the FAQ intent or `crisis`, and every message
that can end up an FAQ still has its answer chosen exactly as before.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_safety import CRISIS_INTENT


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FaqResponseSelector(ResponseSelector):
    def process(self, messages: list[Message]) -> list[Message]:
        super().process([message for message in messages if self._may_be_asking(message)])
        return messages

    def _may_be_asking(self, message: Message) -> bool:
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        return intent in (self.retrieval_intent, CRISIS_INTENT)
