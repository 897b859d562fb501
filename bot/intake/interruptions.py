"""Whether a message that the classifier reads as an interruption is really the answer.

The intent classifier can mistake a plain answer for a question ("they will attend too" read as
an FAQ) or a name for a request ("Delta" read as "delete my data"). When the message makes
sense as an answer to the question just asked, it is the answer.
"""

from __future__ import annotations

import re

from bot.intake.answers import Parsed, Result
from bot.intake.corrections import field_mentioned, looks_like_correction

# Slots whose answers are a closed set, a number or an address: a message that parses as one of
# them is an answer, whatever the classifier thought.
CONSTRAINED_SLOTS = frozenset(
    {
        "consent_given",
        "age",
        "pronouns",
        "email",
        "phone",
        "contact_preference",
        "session_format",
        "location",
        "seeking_for",
        "relationship_status",
        "relationship_length",
        "partner_involvement",
        "context",
        "distress",
        "phq2_interest",
        "phq2_mood",
        "gad2_nervous",
        "gad2_worry",
        "self_harm",
        "relationship_safety",
        "trauma_history",
        "summary_confirmed",
    }
)
# Their answers get the crisis resources from the screening itself.
SAFETY_SCREENING_SLOTS = frozenset({"self_harm", "relationship_safety"})
# Always what they say they are: the client wants out, or is in danger.
NEVER_ANSWERS = frozenset({"stop", "delete_data", "continue_intake"})
# Questions about the practice, the question or the assistant: in answer to an open question, only
# a message shaped like a question is one ("when I'm worried about my mother" answers "what makes
# it worse?", "I am healthy" answers "any medical conditions?").
QUESTION_INTENTS = frozenset({"faq", "ask_why", "bot_challenge"})
_QUESTION_START = re.compile(
    r"^\s*(?:(?:so|and|but|ok|okay|um|hi|hey|sorry)\b[\s,]*)*"
    r"(?:what|what's|whats|how|why|who|where|which|whose|is|isn't|are|aren't|am|do|does|don't|did|can|can't"
    r"|could|will|would|should|may|shall|tell me|explain|i'd like to know|i want to know|i wonder|wondering"
    r"|when (?:do|does|is|are|can|will|would|should|did)|if i)\b",
    re.I,
)
_MAX_NAME_WORDS = 3
_CONTROL_WORDS = re.compile(r"\b(stop|quit|cancel|end|delete|erase|remove|forget|continue|resume)\b", re.I)


def _could_be_a_name(text: str, result: Result) -> bool:
    """A few words, or a name in a phrase ("please call me Dot"), and no question or command."""
    if "?" in text or _CONTROL_WORDS.search(text):
        return False
    return len(text.split()) <= _MAX_NAME_WORDS or isinstance(result, Parsed)


def looks_like_a_question(text: str) -> bool:
    return "?" in text or bool(_QUESTION_START.match(text))


# How people ask to stop. A message read as `stop` without any of these ("dont mind" to "in person
# or online?") is the classifier hearing "don't" as "don't want to continue".
_STOP_CUES = re.compile(
    r"\b(?:stop\w*|quit\w*|cancel\w*|end|ending|exit\w*|abort\w*|done|enough|bye|goodbye|leav\w*|finish\w*|"
    r"no more|any ?more|continu\w*|go on|carry on|not doing this|fill (?:this|it) (?:out|in)|out|forget it|"
    r"too much|not today|not now|later|pause|break|can'?t do this|handle|overwhelm\w*|leave me|go away|close|"
    r"keep (?:going|answering|at this|doing this)|the rest|call it a day|call it quits|give up|bail\w*)\b",
    re.I,
)
# How people ask for a person. "reconnect" (what they hope for) read as `human_handoff` has none.
_HANDOFF_CUES = re.compile(
    r"\b(?:person|people|human|someone|somebody|anyone|anybody|real|staff|team|office|practice|therapist|"
    r"counsell?or|doctor|receptionist|call|calls|call ?backs?|phone|ring|number|email|e-mail|contact|reach|speak|talk|hours|"
    r"book|booking|appointment|schedule)\b",
    re.I,
)


_CHANGE_WORDS = re.compile(
    r"\b(?:actually|instead|change|changed|update|wrong|correct\w*|meant|rather than|earlier|before|"
    r"i said|forgot|btw|by the way|oh and|should have|not \w+\W*$)|,\s*not\b",
    re.I,
)


def _worded_as_a_change(text: str) -> bool:
    return looks_like_correction(text) or bool(_CHANGE_WORDS.search(text))


def is_answer_despite_intent(slot: str, text: str, intent: str, result: Result) -> bool:
    if slot == "preferred_name" and intent != "crisis":
        return _could_be_a_name(text, result)
    if intent == "stop" and not _STOP_CUES.search(text) and slot not in SAFETY_SCREENING_SLOTS:
        # "2nd round is better lol", "dont mind": an answer that names no way of stopping.
        return isinstance(result, Parsed) and (slot in CONSTRAINED_SLOTS or not looks_like_a_question(text))
    if intent in NEVER_ANSWERS:
        return False
    if intent == "human_handoff" and not _HANDOFF_CUES.search(text) and not looks_like_a_question(text):
        return isinstance(result, Parsed)
    parsed = isinstance(result, Parsed)
    if intent == "change_answer" and parsed and not _worded_as_a_change(text):
        # "alcohol lol" to "what makes it worse?", "I had a c-section 2 years ago" to "any medical
        # conditions?": they name another field ("alcohol", "ago") but change nothing. Taken as a
        # change, they overwrote that earlier answer and the question came back, again and again.
        return True
    if intent == "change_answer" and field_mentioned(text) not in (None, slot):
        return False  # "actually we've been together 5 years" is not an answer about attending
    if intent == "crisis":
        return parsed and slot in SAFETY_SCREENING_SLOTS
    if intent in QUESTION_INTENTS and looks_like_a_question(text):
        return False  # "do I have to answer this?" asks; it never answers a yes/no question
    if intent in QUESTION_INTENTS and slot not in CONSTRAINED_SLOTS:
        return parsed and not looks_like_a_question(text)
    return parsed and slot in CONSTRAINED_SLOTS


def repeated_answer(intent: str) -> bool:
    """Whether a message read as `intent`, sent again word for word right after the assistant
    responded to it, is the client's answer to the question: true for questions, requests and
    corrections the assistant has already dealt with (a correction said twice was applied the
    first time: saying it again answers the question asked since, and cannot loop), never for
    stop, delete, continue or a crisis."""
    return intent not in NEVER_ANSWERS and intent != "crisis"
