"""Which kind of crisis a disclosure is, so the right flag is raised and the right help offered.

This labels a message the safety net (bot/nlp/safety.py) or the crisis intent already flagged; it
does not decide whether there is a crisis. It stays a pure function of the text (no spaCy here) and
checks the categories in the safety net's order, most acute first, so both agree on which one a
message gets; tests hold them to the same answer on every disclosure in the labelled set.
"""

from __future__ import annotations

import re

# Most acute first, as in bot.nlp.safety.CATEGORIES.
CATEGORIES = ("suicidal", "self_harm", "sexual_assault", "partner_danger")

_MYSELF = r"(my ?sel[fv]e?|myslef|mysef|meself)"
_SUICID = r"su+i?[cs]+i?d"  # suicide, suicidal and their usual misspellings

_PATTERNS: dict[str, re.Pattern[str]] = {
    "suicidal": re.compile(
        rf"(?<!non-)(?<!non ){_SUICID}|sewer ?slide|\bkms+\b|\bun-?aliv|self[- ]?delet"
        rf"|\bk+i+l+(l?ing|lin)? (my ?self|{_MYSELF})|\b(end|hang|drown|shoot|off) {_MYSELF}"
        r"|\b(want|wanna|wish|ready|deserve)\w* (\w+ )?(to )?(die|be dead)\b|\bwanted to die\b"
        r"|\bwish(ed)? i (was|were|wasn'?t|had never|'d never|could|would)\b|\b(hope|hopes|hoping|pray)\w* i (don'?t|never|do not) wake"
        r"|(never|not) wake up|better off (dead|without me|with me gone|if i)|(miss|notice) (me|if i died)"
        r"|(reason|point|nothing( left)?) (to|in|for) (live|living|going on)|to live for|worth living"
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
        r"|\bmade myself bleed\b",
        re.I,
    ),
    "sexual_assault": re.compile(
        r"\br[a@*4]pp?e?d\b|\br[a@*4]pes?\b|\braping\b|sexually (assault|abus)\w*|\bassault\w*|molest\w*|grop\w*"
        r"|\bsa'?d\b|forced? (me|himself|herself)|forces me|pressured me|drugged|spiked|stealth"
        r"|(didn'?t|did not|never|not) consen|wasn'?t consensual|said no|wouldn'?t stop|kept going|condom off"
        r"|sex with (me|him) (while|when|even)|made me have sex|touched me|on top of me",
        re.I,
    ),
    "partner_danger": re.compile(
        r"\b(hits?|hitting|beats?|beating|punch\w*|kick\w*|shove\w*|slap\w*|chok\w*|strangl\w*|threw|throws?)\b"
        r"|threat\w*|\b(scared|afraid|terrified)\b|not safe|unsafe|won'?t let me|locks? me|takes my phone"
        r"|stalk\w*|following me|abusive|violent|black eye|by the throat|pushed me|pins? me|hurts? me"
        r"|tracks my|knife|gun|eggshells|kill me|hurt me|hiding (in|from)|feel safe|safe (at home|with)",
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
