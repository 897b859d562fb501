"""Rasa's RulePolicy without the half of its work that can never match here.

After every client message RulePolicy looks for a rule twice: first with the message's text in
place of its intent (for end-to-end rules, written with `user:` text), then with the intent. Each
look featurises the whole conversation again, so the first one costs as much as the second and
grows with the length of the intake (6% of Rasa's time a message, py-spy).

A state carrying the message's text can only match a rule whose last state, the client's turn,
names no intent: prev_action `action_listen` and no `intent` under `user`. When the trained rules
hold no such state, the text look finds nothing by construction, and `IntentRulePolicy` skips it;
when they do (someone adds an end-to-end rule), it runs exactly as in RulePolicy.
"""

from __future__ import annotations

import functools
from typing import Any

from rasa.core.policies.rule_policy import RULES, RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME, PREVIOUS_ACTION, USER
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ACTION_NAME, INTENT


def matches_text_turns(rule_states: list[dict[str, Any]]) -> bool:
    """Whether a rule's last state could match a client turn featurised by its text."""
    if not rule_states:
        return False
    last = rule_states[-1]
    after_listening = last.get(PREVIOUS_ACTION, {}).get(ACTION_NAME) == ACTION_LISTEN_NAME
    return after_listening and INTENT not in last.get(USER, {})


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class IntentRulePolicy(RulePolicy):
    @functools.cached_property
    def has_text_rules(self) -> bool:
        return any(matches_text_turns(self._rule_key_to_state(key)) for key in self.lookup.get(RULES, {}))

    def _find_action_from_rules(
        self, tracker: DialogueStateTracker, domain: Domain, use_text_for_last_user_input: bool
    ) -> tuple[str | None, str | None, bool]:
        if use_text_for_last_user_input and not self.has_text_rules:
            return None, None, False
        return super()._find_action_from_rules(tracker, domain, use_text_for_last_user_input)
