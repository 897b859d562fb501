"""Which kind of crisis a disclosure is, so the right flag is raised and the right help offered.

This labels a message the safety net (bot/nlp/safety.py) or the crisis intent already flagged; it
does not decide whether there is a crisis. It stays a pure function of the text (no spaCy here) and
checks the categories in the safety net's order, most acute first, so both agree on which one a
message gets; tests hold them to the same answer on every disclosure in the labelled set.
"""

from __future__ import annotations

import re

from bot.intake.answers import Context, Parsed, Result, Unclear
from bot.intake.normalise import normalise

# Most acute first, as in bot.nlp.safety.CATEGORIES.
CATEGORIES = ("suicidal", "self_harm", "sexual_assault", "partner_danger")

_MYSELF = r"(my ?sel[fv]e?|myslef|mysef|meself)"
_SUICID = r"su+i?[cs]+i?d"  # suicide, suicidal and their usual misspellings

_PATTERNS: dict[str, re.Pattern[str]] = {
    "suicidal": re.compile(
        rf"(?<!non-)(?<!non )(?<!not )(?<!not really )(?<!n't )(?<!never ){_SUICID}|sewer ?slide|\bkms+\b|\bun-?aliv|self[- ]?delet"
        rf"|\bk+i+l+(l?ing|lin)? (my ?self|{_MYSELF})|\b(end|hang|drown|shoot|off) {_MYSELF}"
        r"|\b(want|wanna|wish|ready|deserve)\w* (\w+ )?(to )?(die|be dead)\b|\bwanted to die\b"
        r"|\bwish(ed)? i (was|were|wasn'?t|had never|'d never|could|would)\b|\b(hope|hopes|hoping|pray)\w* i (don'?t|never|do not) wake"
        r"|(never|not) wake up|better off (dead|without me|with me gone|if i)|(miss|notice) (me|if i died)"
        r"|(reason|point|nothing( left)?) (to|in|for|of) (live|living|being alive|going on)|to live for|worth living"
        r"|(don'?t|do not|dont|no longer) (want|wanna) (to )?(live|be alive|exist|be here|be around)"
        r"|(tired|done) (of|with) (life|living|being alive)|\bcan'?t go on|end (my|it all|it tonight|everything)"
        r"|(take|taking|took) my (own )?life|goodbye (letters?|notes?)|ways to die|thoughts? of dying"
        r"|\bpills?\b|\bmeds\b|overdos|jump\w* off|\brope\b|into (a tree|oncoming traffic)|rather be dead"
        r"|disappear forever|stop forever|giving my things away",
        re.I,
    ),
    "self_harm": re.compile(
        rf"self[- ]?(harm|injur)|\bs/?h\b|\b(cut|cutt|cuttin|burn|burnt|harm|hurt|hit|scratch|punish)\w* {_MYSELF}"
        r"|\b(cutting|cuttin)\b|\burges? to cut\b|(cut|scratch|burn)\w* my (arms?|thighs?|wrists?|legs?)"
        r"|\bmade myself bleed\b|\b(i|still|and|but) cuts? (sometimes|occasionally|often|regularly|every (day|night)|most (days|nights)|on purpose|at night|when)\b",
        re.I,
    ),
    "sexual_assault": re.compile(
        r"\br[a@*4]pp?e?d\b|\br[a@*4]pes?\b|\braping\b|sexually (assault|abus)\w*|\bassault\w*|molest\w*|grop\w*"
        r"|\bsa'?d\b|forced? (me|himself|herself)|forces me (to|into)\b|pressured me|drugged|spiked|stealth"
        r"|(didn'?t|did not|never|not) consen|wasn'?t consensual|said no|wouldn'?t stop|(kept|keeps) going|condom off"
        r"|(doesn'?t|does not|won'?t|will not|never) stops? (when|even|after|whenever) i"
        r"|sex with (me|him) (while|when|even)|made me have sex|touched me|on top of me"
        r"|(doing|did|does|done) (things|stuff|something) to me",
        re.I,
    ),
    "partner_danger": re.compile(
        r"\b(hits?|hitting|beats?|beating|punch\w*|kick\w*|shove\w*|slap\w*|chok\w*|strangl\w*|threw|throws?)\b"
        r"|threat\w*|\b(scared|afraid|terrified)\b|not safe|unsafe|won'?t let me|locks? me|takes my phone"
        r"|stalk\w*|following me|abusive|violent|black eye|by the throat|pushed me|pins? me|hurts? me"
        r"|tracks my|\bforces me\b|\b(push|shov|knock)\w* me (around|about)|knife|gun|eggshells|kill me|hurt me|hiding (in|from)|feel safe|safe (at home|with)",
        re.I,
    ),
}


def disclosure_category(text: str) -> str:
    """suicidal, self_harm, sexual_assault or partner_danger; suicidal when nothing fits, because a
    disclosure that reached the safety protocol must never be played down."""
    for category in CATEGORIES:
        if _PATTERNS[category].search(text):
            return category
    return "suicidal"


# A disclosure made in answer to a screening question answers it. For each question: the least
# answer each kind of disclosure gives when its words say no more (hurting oneself is an act, so
# active; thoughts of death are passive unless the words say more), and its answers from the
# least to the most serious.
_SCREENS: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    "self_harm": ({"suicidal": "passive", "self_harm": "active"}, ("none_reported", "passive", "active")),
    "relationship_safety": (
        {"partner_danger": "unsafe", "sexual_assault": "unsafe"},
        ("safe", "unsure", "unsafe"),
    ),
    "trauma_history": ({"sexual_assault": "yes"}, ("no", "yes")),
}
# Other questions a disclosure can answer: the client's own account (what brings them, what makes
# it better or worse, their goals, anything else) and the scales, whose answers are read only from their own words ("nearly every day").
# Any other question is asked again after the safety check: a disclosure is not a pronoun or a time.
_ALSO_ANSWERED_BY_A_DISCLOSURE = frozenset(
    {
        "main_concern",
        "better_when",
        "worse_when",
        "goals",
        "anything_else",
        "distress",
        "phq2_interest",
        "phq2_mood",
        "gad2_nervous",
        "gad2_worry",
    }
)


def answer_in_disclosure(slot: str, text: str, category: str, context: Context) -> Result:
    """What a crisis disclosure says in answer to the question it was given to (`slot`).

    "Some nights I think everyone would be better off without me", given to the self-harm
    question, answers it (passive at least); given to "what brings you here?", it is also the
    client's account of their concern. Parsed(value) when it answers the question, so the client is
    not asked again after the safety check; Unclear when the question still has to be asked.
    """
    if slot not in _SCREENS and slot not in _ALSO_ANSWERED_BY_A_DISCLOSURE:
        return Unclear("not answered by a disclosure")
    result = normalise(slot, text, context=context)
    if slot in _SCREENS:
        least, seriousness = _SCREENS[slot]
        if category not in least:
            return Unclear("a disclosure of another kind")
        said = result.value if isinstance(result, Parsed) and result.value in seriousness else least[category]
        # A disclosure is never an all-clear: the more serious of what the words say and the least.
        return Parsed(max(said, least[category], key=seriousness.index))
    return result if isinstance(result, Parsed) else Unclear("the disclosure does not answer the question")
