"""Turns one client answer into the slot's value: pure functions, no I/O beyond the lexicons.

`normalise(slot, text, context=...)` returns Parsed(value), Skipped() or Unclear(reason). Skips
("skip", "pass", "I'd rather not say") are recognised first for every slot, except that for
trauma_history a decline is itself an answer: Parsed("prefer_not_to_say"), and for self_harm
Parsed("declined").

Numbers, durations, start dates, life events and the lexicon terms are read from the Doc of the
answer (bot.nlp.extraction.analyse), the same Docs the extraction of volunteered fields reads.

Decisions worth knowing (each also noted where it is made):
- a slip corrected inside the answer ("3 yrs, no wait 4", "sertraline, sorry I mean citalopram") is
  read as corrected for the factual slots (bot.intake.parsing.slips), never for the safety ones.
- pronouns: "no preference", "any are fine", "doesn't matter" -> "any"; unfamiliar pronouns
  ("ze/zir") are kept as typed.
- contact_preference: "either"/"whatever"/"idk" -> "email", the least intrusive channel and one
  the client has given; several channels named -> the first one.
- session_format: "idk"/"not sure" -> "either" (no preference between the two); a place to meet
  with no format ("Freehold if possible", "near Hoboken ideally") -> in_person, an office named
  beside a format counting as in person ("online but Jersey City is ok too" -> telehealth).
- location: several offices named -> the first one named; none matching -> Unclear.
- relationship_length: separate durations ("married 10 years, together 12") -> the larger; a year
  on its own ("since 2019") counts from its middle (July).
- onset: "last spring" is the most recent spring that has begun (April this year in November).
- better_when / worse_when: "not sure" counts as nothing named -> [].
- substance_use: stopped use is kept with frequency "former" ("I quit smoking 5 years ago").
- partner_involvement: a bare "yes" -> attending; a bare "no" -> Unclear (unaware or not coming?);
  "she knows" with coming unsaid -> aware_not_attending (the schema has no "aware, undecided").
- self_harm: a bare "yes" or "sometimes" -> passive, so the assistant follows up; "idk"/"not sure"
  -> unsure and "I'd rather not say" -> declined (the summary records neither as a no: summary.py);
  an answer only about someone else ("my friend tried to kill herself") -> none_reported.
- relationship_safety: control counts as danger ("he checks my phone", "she controls the money");
  danger named only to deny it ("he's never been violent", "never hit me") -> safe.
- trauma_history: an experience told in a few words ("I was assaulted in college", "something
  happened when I was a kid") is a yes, also inside a decline ("I'd rather not talk about the abuse").
- mental_health_history: text with neither a known diagnosis nor a treatment -> Unclear.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from bot.intake.answers import Context, Parsed, Result, Skipped, Unclear
from bot.intake.eligibility import MIN_AGE
from bot.intake.parsing import concern, health
from bot.intake.parsing.health import MEDICATION_CLASSES_WITH_SEXUAL_SIDE_EFFECTS
from bot.intake.parsing.lexicon import load, patterns
from bot.intake.parsing.numbers import as_number
from bot.intake.parsing.slips import corrected
from bot.intake.parsing.text import (
    clauses,
    has,
    is_skip,
    is_uncertain,
    phrase_pattern,
    plain,
    polarity,
    said_none,
    someone_elses,
    squash,
    strip_edges,
    tidy,
)
from bot.nlp.extraction import analyse

__all__ = [
    "MEDICATION_CLASSES_WITH_SEXUAL_SIDE_EFFECTS",
    "NORMALISERS",
    "is_skip",
    "normalise",
    "said_none",
]

Normaliser = Callable[[str, Context], Result]


# Slots whose answer is read as the client corrected it ("3 yrs, no wait 4"). Not the safety
# questions, where a correction must not hide what was said first, nor the client's own words.
_READ_AS_CORRECTED = frozenset(
    {
        "age",
        "email",
        "phone",
        "contact_preference",
        "session_format",
        "location",
        "seeking_for",
        "relationship_status",
        "relationship_length",
        "onset",
        "distress",
        "medical_conditions",
        "medications",
        "substance_use",
        "phq2_interest",
        "phq2_mood",
        "gad2_nervous",
        "gad2_worry",
    }
)


def normalise(slot: str, text: str, *, context: Context) -> Result:
    """The slot's value from the client's answer; KeyError for a slot that has no normaliser."""
    normaliser = NORMALISERS[slot]
    if slot in _READ_AS_CORRECTED:
        text = corrected(text)
    if is_skip(text):
        if slot == "trauma_history":
            # "yes, but I don't want to talk about it" answers the question; details are never asked.
            said = _trauma_history(text, context)
            yes = polarity(text) is True or said == Parsed("yes")
            return Parsed("yes" if yes else "prefer_not_to_say")
        if slot == "self_harm":
            # Declining the self-harm question is not a "no" (nor a question never asked): it is
            # kept as declined so the therapist follows it up, unless the words say more.
            said = _self_harm(text, context)
            return (
                said
                if isinstance(said, Parsed) and said.value in ("passive", "active")
                else Parsed("declined")
            )
        if slot == "consent_given" and _first_word(plain(text)) in ("no", "nope", "nah", "naw"):
            return Parsed(False)  # "nah, not comfortable with that" declines rather than skips
        return Skipped()
    if not tidy(text):
        return Unclear("empty answer")
    return normaliser(text, context)


# ---------------------------------------------------------------- yes / no


def _first_word(words: str) -> str:
    """The first word, repeated letters folded ("nooo" -> "no"); "" for an empty answer."""
    return squash(words.split()[0]) if words.split() else ""


def _consent(text: str, context: Context) -> Result:
    answer = polarity(text)
    if answer is None and has(plain(text), "continue", "carry on", "go on", "proceed", "let's begin"):
        answer = True  # "Is it okay with you to continue?" - "aye go on", "continue"
    return Unclear("neither yes nor no") if answer is None else Parsed(answer)


_CORRECTION_HINTS = (
    "but",
    "except",
    "although",
    "though",
    "actually",
    "change",
    "wrong",
    "instead",
    "however",
    "apart from",
    "not",
    "should be",
    "fix",
    "update",
)
_CONFIRM_NO = (
    "something's wrong",
    "something is wrong",
    "that's wrong",
    "not right",
    "incorrect",
    "there's a mistake",
    "there is a mistake",
    "a mistake",
    "not quite",
    "needs changes",
    "needs a change",
    "not correct",
    "wrong",
)


def _summary_confirmed(text: str, context: Context) -> Result:
    words = plain(text)
    if len(words.split()) > 4 and has(words, *_CORRECTION_HINTS):
        return Unclear("a correction")  # "yes but my email is wrong": the caller finds what to fix
    if has(words, *_CONFIRM_NO) and not has(words, "nothing's wrong", "nothing is wrong"):
        return Parsed(False)
    answer = polarity(text)
    if answer is True and has(words, *_CORRECTION_HINTS):
        # "yes but my email is ..." is a correction, which the caller handles.
        return Unclear("a yes with a correction")
    if answer is None:
        return Unclear("neither yes nor no")
    if answer is False and len(words.split()) > 4 and not has(words, "not quite", "not really"):
        return Unclear("a no with more to say")
    return Parsed(answer)


# ---------------------------------------------------------------- about you


# "12 years ago", "for 8 years", "2 kids": numbers that are not the client's age.
_NOT_AN_AGE_AFTER = re.compile(
    r"\s*(?:years?|yrs?|months?|weeks?|days?|hours?|times?|kids?|children|minutes?)\s+(?:ago|later|since|now|clean|sober)\b"
    r"|\s*(?:months?|weeks?|days?|hours?|times?|kids?|children|minutes?)\b"
)


_AGE_DENIED = re.compile(r"\bnot\s*$")
_AGE_NOT_YET = re.compile(r"\b(?:almost|nearly|under|not quite|not yet|just under|below|younger than)\s*$")
_NOT_YET_AFTER = re.compile(r"\s*(?:yet|quite yet)\b")


# "30s", "30's", "30-something": a decade, not an age ("mid 30s" is asked again).
_DECADE_AFTER = re.compile(r"'?s\b|[- ]?something\b")
_DECADE_WORDS = re.compile(r"\b(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b")


def _age(text: str, context: Context) -> Result:
    doc = analyse(text)
    words = doc._.plain
    decades = [n for n in doc._.numbers if _DECADE_AFTER.match(words[n.end :])]
    numbers = [
        n
        for n in doc._.numbers
        if n.value == int(n.value) and not _NOT_AN_AGE_AFTER.match(words[n.end :]) and n not in decades
    ]
    if not numbers:
        return Unclear("a decade, not an age" if decades or _DECADE_WORDS.search(words) else "no number")
    first = numbers[0]
    if _AGE_NOT_YET.search(words[: first.start]) or _NOT_YET_AFTER.match(words[first.end :]):
        return _in_range(int(first.value) - 1)  # "not 18 yet", "almost 18", "under 18": younger
    # "I'm not 18, I'm 17": an age denied is not theirs; "I'm not 18" alone is a minor.
    numbers = [n for n in numbers if not _AGE_DENIED.search(words[: n.start])]
    if not numbers:
        return _in_range(MIN_AGE - 1) if first.value == MIN_AGE else Unclear("only an age they are not")
    current = [
        n for n in numbers if not re.search(r"\b(?:turning|turn|be|i'll be|will be)\s*$", words[: n.start])
    ]
    if current:
        age = int(current[0].value)
    else:
        age = int(numbers[0].value) - 1  # "turning 35 next month" is 34 today
    return _in_range(age)


def _in_range(age: int) -> Result:
    if not 0 <= age <= 120:
        return Unclear("age out of range")
    return Parsed(age)


_NAME_LEAD_INS = re.compile(
    r"^(?:(?:hi|hello|hey|hiya)\b[,!.]?\s*)?(?:(?:you can|you could|please|pls|just|u can)\s+)*"
    r"(?:call me|my name is|my name's|name's|name is|i'm|i am|im|it's|its|this is|i go by|"
    r"go with|people call me|everyone calls me|friends call me|i prefer|prefer)\s+",
    re.IGNORECASE,
)
_NAME_TAILS = re.compile(
    r"\s*(?:\(.*?\)|\b(?:please|pls|thanks|thank you|is fine|is good|works|is great|will do|"
    r"for short|is ok|is okay)\b.*|[,;/].*|\s-\s.*|\bbut\b.*|\band\b.*"
    # "Aisha. I'm 30 btw": the name is the first sentence ("Dr. Kim" is one name)
    r"|(?<=[a-z]{2})(?<!\bdr)(?<!\bmr)(?<!\bms)(?<!\bmx)(?<!\bst)(?<!mrs)(?<!prof)[.!]\s+\S.*)$",
    re.IGNORECASE,
)

# The name someone prefers, stated after another ("Dorothy, but everyone calls me Dot", "Dorothy,
# but Dot is fine"): what follows "call(s) me" / "go(es) by", or precedes "is fine" after "but".
_PREFERRED_INSIDE = re.compile(
    r"\b(?:calls?|called)\s+me\s+(?P<after>.+)$|\bgo(?:es)?\s+by\s+(?P<by>.+)$"
    r"|\bbut\s+(?P<but>[\w'-]+(?:\s+[\w'-]+)?)\s+(?:is|works|'s)\s+(?:fine|good|ok|okay|great)\b",
    re.IGNORECASE,
)


# Words that make an answer a sentence rather than a name ("i dont have any suicidal thoughts").
_NOT_IN_NAMES = frozenset(
    "i me my myself you your we our he she they them his her their it that this what why how when where "
    "which who don't dont do does did not no never nothing anything have has had want wanted think feel "
    "know am is are was were be been can can't could would should will any some thoughts idea sure "
    "about with from because really just back later instead tomorrow whenever whatever".split()
)
_MOST_WORDS_IN_A_NAME = 4


# A couple typing together: "Alex and Sam" (two capitalised names, not "Dana and I").
_TWO_NAMES = re.compile(r"([A-Za-z][a-z'\-]+)\s+(?:and|&)\s+([A-Za-z][a-z'\-]+)\b", re.IGNORECASE)


def _preferred_name(text: str, context: Context) -> Result:
    name = tidy(text)
    name = re.sub(r"[^\w\s'().,;/-]", "", name).strip()  # emoji and the like
    inside = _PREFERRED_INSIDE.search(name)
    if inside:
        name = next(part for part in inside.groups() if part)
    name = _NAME_LEAD_INS.sub("", name, count=1)
    name = re.sub(r"^(?:just|simply)\s+", "", name, flags=re.IGNORECASE)
    couple = _TWO_NAMES.match(name)
    rest = name[couple.end() :] if couple else ""
    if (
        couple
        and couple.group(2).lower() not in _NOT_IN_NAMES | {"please", "pls", "thanks"}
        and (not rest.strip() or _NAME_TAILS.fullmatch(rest))
    ):
        name = couple.group(0)
    else:
        name = _NAME_TAILS.sub("", name)
    name = strip_edges(name)
    if not name:
        return Unclear("no name")
    words = name.lower().replace("’", "'").split()
    if "?" in text or len(words) > _MOST_WORDS_IN_A_NAME or _NOT_IN_NAMES.intersection(words):
        return Unclear("a sentence, not a name")
    if name == name.lower() or name == name.upper() and len(name) > 2:
        # Lower case (or ALL CAPS) is how people type in chat, not how they spell their name.
        name = name.lower()
        name = " ".join(part if part == "and" else part[:1].upper() + part[1:] for part in name.split())
    return Parsed(name)


_PARTNERS = re.compile(r"(?:my|our) \w")  # "my partner is they/them"; a bare "he him" is an answer


def _pronouns(text: str, context: Context) -> Result:
    # "he/him, my partner is they/them": the partner's pronouns are not the client's.
    own = [part for part in clauses(text) if not (_PARTNERS.match(part.lower()) and someone_elses(part))]
    if not own:
        return Unclear("someone else's pronouns")
    text = ", ".join(own)
    words = plain(text)
    table = load("preference_words")
    bases: list[str] = []
    for word in re.split(r"[\s/,]+", words):
        base = table["pronoun_bases"].get(word)
        if base and base not in bases:
            bases.append(base)
    if bases:
        if len(bases) == 1:
            return Parsed(table["pronoun_sets"][bases[0]])
        if re.search(r"\b(?:and|&)\b|&", words) and len(re.findall(r"\w+/\w+", words)) >= 2:
            return Parsed(strip_edges(tidy(text)))  # a couple typing: "he/him and she/her"
        return Parsed("/".join(bases))
    if has(words, *table["pronoun_any"]):
        return Parsed("any")
    if _declines_optional(text) and len(words.split()) <= 3:
        # "no", "nah", "no thanks": the question is optional and they pass. Longer answers ("no
        # pronouns, just use my name") say something the therapist should read, so they are kept.
        return Skipped()
    if (
        is_uncertain(text)
        or "?" in text
        or has(words, "what do you mean", "what are pronouns", "don't understand")
    ):
        return Unclear("not sure what pronouns are asked for")  # "I'm not sure what you mean"
    kept = strip_edges(tidy(text))
    for lead_in in sorted(table["pronoun_lead_ins"], key=len, reverse=True):
        if kept.lower().startswith(lead_in + " "):
            kept = kept[len(lead_in) + 1 :].strip()
            break
    return Parsed(kept) if kept else Unclear("no pronouns")


# Declining a contact detail or the pronoun question without saying "skip".
_DECLINES = (
    "don't have one",
    "do not have one",
    "don't have a",
    "do not have a",
    "don't have any",
    "don't use",
    "do not use",
    "don't want to give",
    "don't want to share",
    "rather not give",
    "rather not share",
    "only email",
    "email only",
    "just email",
    "email is better",
    "email is best",
    "only phone",
    "phone only",
    "just phone",
    "phone is better",
    "no phone",
    "no email",
    "no cell",
    "no number",
    "not giving",
    "not sharing",
    "leave it blank",
    "leave blank",
    "none",
    "no need",
)


def _declines_optional(text: str) -> bool:
    words = plain(text)
    if not words or len(words.split()) > 8:
        return False
    return polarity(text) is False or said_none(text) or has(words, *_DECLINES)


_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


# Slips in the part after the @ that no mail server has: a comma for a dot, spaces around the
# @ and the dots, ".con" for ".com", and the big providers misspelled.
_DOMAIN_SLIPS = (
    (re.compile(r"(?<=\w)\s*@\s*(?=\w)"), "@"),
    (re.compile(r"(@[\w-]+)\s*[.,]\s*(?=(?:com|net|org|edu|co|uk|us|ca|io|me|info)\b)", re.I), r"\1."),
    (re.compile(r"\.(?:con|cmo|ocm|comm|vom|xom)\b", re.I), ".com"),
    (re.compile(r"@(?:gmial|gmal|gamil|gnail|gmaill|gmali)\.", re.I), "@gmail."),
    (re.compile(r"@(?:hotmial|hotmal|hotmai|hotnail)\.", re.I), "@hotmail."),
    (re.compile(r"@(?:yaho|yahooo|yhoo)\.", re.I), "@yahoo."),
    (re.compile(r"@(?:outlok|outloo|outlookk)\.", re.I), "@outlook."),
)


# "lee . fake @ example . com": with the @ spaced out, as some people type to hide from bots, the
# dots spaced out on both sides are part of the address too.
_SPACED_AT = re.compile(r"\w\s+@|@\s+\w")
_SPACED_DOT = re.compile(r"(?<=[\w-]) +\. +(?=[\w-])")


def _email(text: str, context: Context) -> Result:
    candidate = tidy(text)
    if _SPACED_AT.search(candidate):
        candidate = _SPACED_DOT.sub(".", candidate)
    for slip, fixed in _DOMAIN_SLIPS:
        candidate = slip.sub(fixed, candidate)
    spelled = "@" not in candidate
    if spelled:
        # "test dot person at example dot test", as some people write it to hide from bots
        candidate = re.sub(r"\s+(?:\(at\)|\[at\]|at)\s+", "@", candidate, flags=re.IGNORECASE)
        candidate = re.sub(r"\s+(?:\(dot\)|\[dot\]|dot)\s+", ".", candidate, flags=re.IGNORECASE)
    match = _EMAIL.search(candidate)
    if not match and "@" not in candidate and _declines_optional(text):
        return Skipped()  # "no", "I don't use email", "phone is better"
    if not match:
        return Unclear("no email address")
    if spelled and not _EMAIL_LEAD_IN.fullmatch(candidate[: match.start()]):
        # "test person at example dot test": the address has a space in it, so part would be lost.
        return Unclear("spelled-out address with more words before it")
    address = match.group(0).lower().strip(".")
    local, domain = address.split("@", 1)
    if local.startswith(".") or local.endswith(".") or ".." in address:
        return Unclear("malformed email address")
    if any(not label or label.startswith("-") or label.endswith("-") for label in domain.split(".")):
        return Unclear("malformed email domain")
    return Parsed(address)


_EMAIL_LEAD_IN = re.compile(
    r"\s*(?:(?:my |the )?(?:email|e-mail|address)(?: address)?(?: is|:)?|it's|its|it is|use|try|reach me at)?\s*",
    re.IGNORECASE,
)


_PHONE_RUN = re.compile(r"(?:\+|\b00|\b011)?\s*\(?\d[\d\s().-]{6,}\d")


def _phone(text: str, context: Context) -> Result:
    cleaned = re.split(r"\b(?:ext|extension|x)\.?\s*\d+\s*$", tidy(text), flags=re.IGNORECASE)[0]
    cleaned = re.sub(r"(?<=\d)[oO](?=[\d\s-]*\d)|(?<=[\d-])[oO](?=\d)", "0", cleaned)  # "201-555-O123"
    for match in _PHONE_RUN.finditer(cleaned):
        run = match.group(0).strip()
        digits = re.sub(r"\D", "", run)
        if run.startswith("+"):
            if 8 <= len(digits) <= 15 and len(digits) >= 10:
                return Parsed("+" + digits)
            continue
        if run.startswith("011") and len(digits) > 11:
            return Parsed("+" + digits[3:])
        if run.startswith("00") and len(digits) > 11:
            return Parsed("+" + digits[2:])
        if digits.startswith("0") and 10 <= len(digits) <= 11:
            # A national number abroad ("07700 900456" in the UK): kept as typed, no country guessed.
            return Parsed(digits)
        if len(digits) == 10:
            return Parsed("+1" + digits)  # a ten-digit number is North American
        if len(digits) == 11 and digits.startswith("1"):
            return Parsed("+" + digits)
    if not re.search(r"\d", cleaned) and _declines_optional(text):
        return Skipped()  # "nah", "no thanks", "I don't have one", "email is better"
    return Unclear("not a phone number with at least 10 digits")


_NEGATED_BEFORE = re.compile(
    r"(?:\bnot|\bno|\bdon't|\bdo not|\bnever|\brather not|\bdon't want)\s+(?:by|via|a|an|to|the|in|at)?\s*$"
)


def _mentions(words: str, options: dict[str, list[str]]) -> list[tuple[int, str]]:
    """(position, label) of each option phrase in `words` that is not negated just before."""
    found: list[tuple[int, str]] = []
    for label, phrases in options.items():
        for phrase in phrases:
            for m in phrase_pattern(phrase).finditer(words):
                if not _NEGATED_BEFORE.search(words[: m.start()]):
                    found.append((m.start(), label))
    return sorted(found)


def _typo_mentions(words: str, options: dict[str, list[str]]) -> list[tuple[int, str]]:
    """(position, label) of one-word option phrases typed with a slip ("emial", "onlien")."""
    found: list[tuple[int, str]] = []
    single = {phrase: label for label, phrases in options.items() for phrase in phrases if " " not in phrase}
    for m in re.finditer(r"[a-z]{5,}", words):
        close = difflib.get_close_matches(m.group(0), [p for p in single if len(p) >= 5], n=1, cutoff=0.8)
        if close and not _NEGATED_BEFORE.search(words[: m.start()]):
            found.append((m.start(), single[close[0]]))
    return found


def _contact_preference(text: str, context: Context) -> Result:
    words = plain(text)
    table = load("preference_words")
    mentions = _mentions(words, table["contact"]) or _typo_mentions(words, table["contact"])
    if mentions:
        labels = {label for _, label in mentions}
        if "text" in labels and has(words, "leave a message", "voicemail", "voice message"):
            labels.discard("text")
            mentions = [m for m in mentions if m[1] != "text"]
        return Parsed(mentions[0][1])
    if has(words, *table["contact_either"]) or is_uncertain(text) and len(words.split()) <= 4:
        # Either is fine (or "idk"): email is the least intrusive channel, and every client gives one.
        return Parsed("email")
    return Unclear("no contact channel named")


_PREFERENCE_MARKERS = re.compile(r"\b(?:prefer|preferably|rather|ideally|ideal|first choice|best|mostly)\b")


_FALLBACK_AFTER = re.compile(
    r"^\s*(?:is|would be|'s|works|could work)?\s*(?:ok|okay|fine|alright|good)?\s*"
    r"(?:too|also|as well|as a backup|if needed|if necessary|in a pinch|later|later on|eventually|down the line)\b"
)


def _after_phrase(words: str, position: int, offices: tuple[str, ...] = ()) -> str:
    """The words after the format phrase (or office) that starts at `position` ("in person| is ok too")."""
    table = load("preference_words")["session_format"]
    rest = words[position:]
    phrases = [p for phrases in table.values() for p in phrases] + [office.lower() for office in offices]
    for phrase in sorted(phrases, key=len, reverse=True):
        if rest.startswith(phrase):
            return rest[len(phrase) :]
    return rest


def _session_format(text: str, context: Context) -> Result:
    words = plain(text)
    table = load("preference_words")["session_format"]
    if has(words, *table["either"]) and not _PREFERENCE_MARKERS.search(words):
        return Parsed("either")
    formats = {k: v for k, v in table.items() if k != "either"}
    mentions = _mentions(words, formats) or _typo_mentions(words, formats)
    # An office named is a place to meet: "Freehold if possible, online otherwise" prefers in person.
    mentions = sorted(
        mentions + [(position, "in_person") for position, _ in _office_mentions(words, context)]
    )
    labels = list(dict.fromkeys(label for _, label in mentions))
    if len(labels) == 1:
        return Parsed(labels[0])
    if len(labels) > 1:
        # "online but in person is ok too": the one that is merely also fine is the second choice.
        fallback = [
            label
            for position, label in mentions
            if _FALLBACK_AFTER.match(_after_phrase(words, position, context.locations))
        ]
        if len(set(fallback)) == 1 and len(labels) == 2:
            return Parsed(next(label for label in labels if label not in fallback))
        marker = _PREFERENCE_MARKERS.search(words)
        if marker:
            after = [label for position, label in mentions if position > marker.start()]
            before = [label for position, label in mentions if position < marker.start()]
            # "online but I'd prefer in person" / "preferably in person, online is ok"
            return Parsed((after or before)[0])
        return Parsed("either")
    if has(words, *table["either"]) or is_uncertain(text) and len(words.split()) <= 4:
        return Parsed("either")  # "idk", "not sure": no preference between the two
    if near_town(text):
        # "near Hoboken ideally", "somewhere in Brooklyn": where to meet, so in person (the
        # office is asked next).
        return Parsed("in_person")
    return Unclear("no session format named")


def _initials(name: str) -> str:
    return "".join(part[0] for part in name.lower().split())


def _location(text: str, context: Context) -> Result:
    words = plain(text)
    office = _offices_named(words, context)
    town = near_town(text)
    if office is None and town:
        # "closest to New Brunswick": an office the practice lists that town as near to.
        near = dict(context.nearby).get(town.lower())
        return Parsed(near) if near else Unclear("a town no office is known to be near")
    no_preference = has(words, *_ANY_OFFICE) or is_uncertain(text) and len(words.split()) <= 4
    if (
        office is None
        and no_preference
        and not has(words, "closest", "nearest", "near", "close to", "nearer")
    ):
        return Skipped()  # no office preferred: nothing to record, and nothing to ask again
    if office is None:
        return Unclear("no configured office named")
    return Parsed(office)


def _offices_named(words: str, context: Context) -> str | None:
    """The first configured office the (plain) words name, typos allowed, or None."""
    found = _office_mentions(words, context)
    return found[0][1] if found else None


def _office_mentions(words: str, context: Context) -> list[tuple[int, str]]:
    """(position, office) of each configured office the (plain) words name, typos allowed."""
    found: list[tuple[int, str]] = []
    tokens = words.split()
    for location in context.locations:
        name = location.lower()
        m = phrase_pattern(name).search(words) or phrase_pattern(name.replace(" ", "")).search(words)
        if m:
            if not _NEGATED_BEFORE.search(words[: m.start()]):
                found.append((m.start(), location))
            continue
        initials = _initials(location)
        if len(initials) > 1:
            m = re.search(rf"(?<![\w']){initials}(?![\w'])", words)
            if m:
                found.append((m.start(), location))
                continue
        # Typos ("jersy city", "freehld"): compare each run of as many words as the name has.
        size = len(name.split())
        for i in range(len(tokens)):
            for width in {size, size + 1}:
                chunk = " ".join(tokens[i : i + width])
                if (
                    len(name) >= 5
                    and difflib.SequenceMatcher(None, chunk.replace(" ", ""), name.replace(" ", "")).ratio()
                    >= 0.85
                ):
                    found.append((len(" ".join(tokens[:i])), location))
                    break
            else:
                continue
            break
    return sorted(found)


_NOT_A_TOWN = (
    r"(?:to|me|my|you|us|here|there|home|work|where|the|a|an|one|whichever|either|i|i'm|so|guess|please|pls|"
    r"thanks|is|if|would|will|for|or|and|but|maybe|then|lol|area|too|though|because|since|as|it|that|this|"
    r"which|ever|place|office|probably|prob|idk|im|we|our|ideally|preferably|hopefully|possible|great|best|good|"
    r"fine|ok|okay|works?|be|could|should|in|on|at|by|near|side|way|lol|really|preferred|please|thank|between|middle|person|evening|morning|afternoon|weekends?|general)"
)
_NEAR_TOWN = re.compile(
    r"\b(?:(?:closest|nearest|closer|nearer|near|close|nearby)\s+(?:to\s+)?(?:(?:me|us)\s+in\s+)?"
    r"|(?:somewhere|anywhere)\s+(?:in|around|near|close to)\s+)"
    rf"(?P<town>(?!{_NOT_A_TOWN}\b)[a-z][a-z.'-]*(?:\s+(?!{_NOT_A_TOWN}\b)[a-z][a-z.'-]*){{0,2}})",
    re.I,
)
# "whichever is closest to me": the client asks which office is nearest, naming no town.
NEAREST_ASKED = re.compile(r"\b(?:closest|nearest|closer|nearer|near|close)\b", re.I)


def near_town(text: str) -> str | None:
    """The town in "closest to New Brunswick", "near NB", "somewhere in Brooklyn" (as the client
    wrote it), or None."""
    found = _NEAR_TOWN.search(text.replace("\u2019", "'"))
    return found.group("town").strip(" .,'") if found else None


_ANY_OFFICE = (
    "no preference",
    "no pref",
    "any",
    "anywhere",
    "any of them",
    "whichever",
    "wherever",
    "doesn't matter",
    "does not matter",
    "don't mind",
    "don't care",
    "either",
    "all fine",
    "all good",
    "not fussed",
    "whatever",
    "up to you",
)


def _verbatim(text: str, context: Context) -> Result:
    kept = tidy(text)
    return Parsed(kept) if kept else Unclear("empty answer")


# ---------------------------------------------------------------- relationship


@cache
def _relationship_words() -> dict[str, Any]:
    return load("relationship_words")


def _seeking_for(text: str, context: Context) -> Result:
    words = plain(re.sub(r"\s*[&+]\s*|\s+n\s+", " and ", text))  # "me & my bf", "me n my gf"
    table = _relationship_words()["seeking_for"]
    for label in ("unsure", "couple", "individual"):
        if has(words, *table[label]):
            return Parsed(label)
    return Unclear("not individual, couple or unsure")


def _relationship_status(text: str, context: Context) -> Result:
    words = plain(text)
    table = _relationship_words()
    if has(words, *table["explicitly_single"]):
        return Parsed("single")  # "not in a relationship" before "relationship" reads as partnered
    # "divorced, now dating someone new", "a widow but I've been seeing a gentleman": what they are
    # now is in the part that says "now" or names someone they are seeing.
    # All the parts that say "now" are read together, so "dating, we just moved in together" is
    # partnered as "living with my boyfriend" is: the table's order decides between them.
    current = " ".join(
        plain(part) for part in re.split(r"[,;.]|\bbut\b|\band\b", tidy(text)) if _NOW.search(plain(part))
    )
    # "it's complicated - married but separated": the status named beside it says what it is.
    vague = has(words, *table["vague_status"])
    for part in [current, words] if current else [words]:
        part = _without(_without(part, table["vague_status"]), _negated_status())
        for label, phrases in table["status"].items():
            if has(part, *phrases) or _says_status(part, label):
                return Parsed(label.removesuffix("_again"))
    unsaid = _without(words, table["vague_status"])
    typed = _typo_mentions(unsaid, table["status"])  # "singel", "maried"
    if typed and not re.search(r"\b(?:not|never|no longer|n't)\b", words):
        return Parsed(typed[0][1].removesuffix("_again"))
    if vague:
        return Parsed("other")
    return Unclear("no relationship status named")


@cache
def _negated_status() -> list[str]:
    """The negated-status phrases, longest first, each also with the status word spelt as any
    other one-word phrase of its label: "not married" is also "not maried" and "not wed"."""
    table = _relationship_words()
    phrases = set(table["negated_status"])
    for phrase in table["negated_status"]:
        stem, _, last = phrase.rpartition(" ")
        for label_phrases in table["status"].values():
            if stem and last in label_phrases:
                phrases.update(f"{stem} {other}" for other in label_phrases if " " not in other)
    return sorted(phrases, key=len, reverse=True)


def _says_status(words: str, label: str) -> bool:
    """Whether a status pattern of the label matches ("living with my boyfriend" is partnered)."""
    pattern = dict(patterns("relationship_words", "status_patterns")).get(label)
    return bool(pattern and pattern.search(words))


_NOW = re.compile(
    r"\b(?:now|currently|these days|at the moment|at present|seeing|dating|new|moved in|move in)\b"
)


# "widowed 3 years ago", "we split up a year ago": how long since it ended, not how long together.
_ENDED_AGO = re.compile(r"\b(?:widow\w*|died|passed|divorced|split|broke up|separated|ended)\b.*\bago\b")
_TOGETHER_SAID = re.compile(r"\b(?:married|marriage|together|dating|relationship|with (?:him|her|them))\b")


def _relationship_length(text: str, context: Context) -> Result:
    if _ENDED_AGO.search(plain(text)) and not _TOGETHER_SAID.search(plain(text)):
        return Unclear("how long since it ended, not how long together")
    doc = analyse(text)
    months = doc._.duration_months
    if months is None:
        # "donkey's years, about 11": the unit said, the number apart from it.
        bare = re.search(
            r"\b(?:about|around|like|nearly|almost|roughly|maybe|over)?\s*(\d{1,2})\b(?!\s*[/%])", plain(text)
        )
        unit = re.search(r"\b(?:years?|yrs?)\b", plain(text))
        if bare and unit and 0 < int(bare.group(1)) <= 70:
            return Parsed(int(bare.group(1)) * 12)
        start = doc._.start_on(context.today)
        if start is None:
            return Unclear("no duration")
        months = float(start.months_until(context.today))
    return Parsed(as_number(months))


def _without(words: str, phrases: list[str]) -> str:
    """`words` (already plain) with every one of the phrases taken out, longest first."""
    for phrase in sorted(phrases, key=len, reverse=True):
        words = phrase_pattern(phrase).sub(" ", words)
    return words


# The involvement table's labels in the order they are checked, and the value each gives: a partner
# who knows, with coming to sessions not said ("she knows", "yes he knows about it"), is aware and
# not stated to attend, and a bare yes ("yes", "sure") counts only when nothing more specific is said.
_INVOLVEMENT_ORDER = (
    ("not_aware", "not_aware"),
    ("aware_not_attending", "aware_not_attending"),
    ("unsure", "unsure"),
    ("attending", "attending"),
    ("aware", "aware_not_attending"),
    ("yes", "attending"),
)


def _partner_involvement(text: str, context: Context) -> Result:
    words = plain(text)
    table = _relationship_words()["involvement"]
    # "he's in the loop" is aware: an attending phrase ("he's in") inside an aware one is not read.
    outside_aware = _without(words, table["aware"])
    for label, value in _INVOLVEMENT_ORDER:
        if label == "attending":
            if has(outside_aware, *table[label]):
                return Parsed(value)
            continue
        if (
            label == "unsure"
            and has(words, "will come", "they'll come", "he'll come", "she'll come")
            and not has(words, "might", "maybe", "not sure")
        ):
            continue
        if has(words, *table[label]) or label == "yes" and _first_word(words) in table[label]:
            return Parsed(value)
    return Unclear("partner involvement not understood")


# ---------------------------------------------------------------- the concern


def _main_concern(text: str, context: Context) -> Result:
    return Parsed({"client_words": tidy(text), "categories": concern.categories(text)})


def _onset(text: str, context: Context) -> Result:
    onset = concern.onset(text, today=context.today)
    return Unclear("no time or pattern stated") if onset is None else Parsed(onset)


def _context(text: str, context: Context) -> Result:
    value = concern.context(text)
    return Unclear("neither all situations nor some") if value is None else Parsed(value)


def _phrases(text: str, context: Context) -> Result:
    if said_none(text) or is_uncertain(text) and len(plain(text).split()) <= 4:
        return Parsed([])
    phrases = concern.phrases(text)
    return Parsed(phrases) if phrases else Unclear("nothing named")


# The question's own anchors: "0 is not at all, 10 is extremely".
_DISTRESS_ANCHORS = (
    (
        re.compile(
            r"^(?:(?:honestly|tbh|um|well)\s+)*(?:not at all|not really at all|doesn't bother me|does not bother me|"
            r"it doesn't bother me|not bothered|none)\b"
        ),
        0,
    ),
    (
        re.compile(
            r"^(?:(?:honestly|tbh|um|well|oh)\s+)*(?:extremely|massively|hugely|more than anything|off the charts|"
            r"off the scale|the most|it's everything)\b"
        ),
        10,
    ),
)


def _distress(text: str, context: Context) -> Result:
    words = plain(text)
    if not re.search(r"\d", words):
        for anchor, value in _DISTRESS_ANCHORS:
            if anchor.search(words):
                return Parsed(value)
    hyperbole = re.search(r"\b(\d{2,})\s*(?:/|out of|outta)\s*10\b", words)
    if hyperbole and int(hyperbole.group(1)) > 10:
        return Parsed(10)  # "10000/10"
    words = re.sub(r"\b(?:out of|outta|of|/)\s*10\b|/\s*10\b|\bscale of (?:0|1|zero|one) to 10\b", " ", words)
    words = re.sub(r"\bon a scale\b.*?\b10\b", " ", words)
    numbers = [n.value for n in analyse(words)._.numbers]
    if not numbers:
        return Unclear("no number")
    between = re.search(r"(\d+(?:\.\d+)?)\s*(?:-|to|or|and)\s*(\d+(?:\.\d+)?)", words)
    value = (float(between.group(1)) + float(between.group(2))) / 2 if between else numbers[0]
    rounded = int(value + 0.5)  # round half up: "between 6 and 7" is 7
    if not 0 <= rounded <= 10:
        return Unclear("distress out of range")
    return Parsed(rounded)


# ---------------------------------------------------------------- health


def _not_sure_only(text: str) -> bool:
    """ "idk", "not sure tbh": unsure and nothing else, which is not a condition or a medicine."""
    return is_uncertain(text) and len(plain(text).split()) <= 5


def _medical_conditions(text: str, context: Context) -> Result:
    if said_none(text) or health.own_items_say_none(text) or health.only_denies(text, "condition"):
        return Parsed([])
    if _not_sure_only(text) and not health.conditions_named(text):
        return Unclear("not sure")
    found = health.conditions(text)
    return Parsed(found) if found else Unclear("no condition named")


def _medications(text: str, context: Context) -> Result:
    if said_none(text) or health.own_items_say_none(text) or health.only_denies(text, "medication"):
        return Parsed([])
    if _not_sure_only(text) and not health.medications_named(text):
        return Unclear("not sure")
    found = health.medications(text)
    return Parsed(found) if found is not None else Unclear("no medication named")


# "non-drinker", "nonsmoker": the "non" made a word of its own, which negates what follows.
_NON_USER = re.compile(r"\bnon-?(?=(?:drink|smok|vap|user))", re.IGNORECASE)


# "I don't drink much": some use, said as a denial.
_NOT_MUCH = re.compile(
    r"\b(?:don't|do not|doesn't) (?:really )?(?P<verb>drink|smoke|vape)\w* (?:much|that much|very much|a lot|often|heavily)\b"
)
_NOT_MUCH_OF = {"drink": "alcohol", "smoke": "tobacco", "vape": "tobacco"}


def _substance_use(text: str, context: Context) -> Result:
    text = _NON_USER.sub("non ", text)
    not_much = _NOT_MUCH.search(plain(text))
    if not_much and said_none(text):
        return Parsed([{"substance": _NOT_MUCH_OF[not_much.group("verb")], "frequency": "occasional"}])
    found = health.substances(text) if health.says_stopped(text) else None
    if found:
        return Parsed(found)  # "I don't drink anymore": stopped use is kept as former, not none
    if said_none(text) or health.own_items_say_none(text):
        return Parsed([])
    found = health.substances(text)
    if found is not None:
        return Parsed(found)
    if health.only_soft_drinks(text):
        return Parsed([])  # "coffee only lol"
    if _ONLY_SOCIAL_DRINKING.fullmatch(plain(text)):
        # "socially", "only socially": how people say how much they drink, the drink unsaid.
        return Parsed([{"substance": "alcohol", "frequency": "occasional"}])
    only_how_often = _ONLY_HOW_OFTEN.fullmatch(plain(text))
    if only_how_often:
        # "rarely": how often, with what left unsaid; the therapist reads it as given.
        return Parsed([{"substance": "unspecified", "frequency": _HOW_OFTEN[only_how_often.group("how")]}])
    return Unclear("no substance named")


_HOW_OFTEN = {
    "rarely": "rarely",
    "hardly ever": "rarely",
    "very rarely": "rarely",
    "once in a blue moon": "rarely",
    "occasionally": "occasional",
    "sometimes": "occasional",
    "now and then": "occasional",
    "once in a while": "occasional",
    "every now and then": "occasional",
    "on weekends": "weekly",
    "weekends": "weekly",
    "weekends only": "weekly",
    "most days": "daily",
    "every day": "daily",
    "daily": "daily",
}
_ONLY_HOW_OFTEN = re.compile(
    r"(?:(?:just|only|um|like|yes|yeah|yep|ya|mm|hmm)\s+)*(?P<how>"
    + "|".join(re.escape(k) for k in sorted(_HOW_OFTEN, key=len, reverse=True))
    + r")(?:\s+(?:really|lol|haha|tbh|i guess|i suppose))*"
)


_ONLY_SOCIAL_DRINKING = re.compile(
    r"(?:(?:just|only|mostly|mainly|yes|yeah|yep|ya|um|like|a bit|a little)\s+)*"
    r"(?:socially|social(?:ly)? only|at social events|at parties|on social occasions)(?:\s+(?:only|mostly|lol|haha))*"
)


def _mental_health_history(text: str, context: Context) -> Result:
    if said_none(text):
        return Parsed({"diagnoses": [], "current_treatment": None})
    found = health.mental_health(text)
    return Parsed(found) if found is not None else Unclear("no diagnosis or treatment named")


# ---------------------------------------------------------------- screening and safety


@cache
def _screening_words() -> dict[str, Any]:
    return load("screening_words")


def _frequency_item(text: str, context: Context) -> Result:
    words = plain(text)
    table = _screening_words()
    whole = re.fullmatch(
        r"(?:(?:like|maybe|about|probably|i'd say|id say|a)\s)*(\d|zero|one|two|three)(?:\s?(?:/|out of)\s?3)?",
        words,
    )
    if whole:
        value = {"zero": 0, "one": 1, "two": 2, "three": 3}.get(whole.group(1), None)
        value = int(whole.group(1)) if value is None else value
        return Parsed(value) if 0 <= value <= 3 else Unclear("score out of range")
    per_week = re.search(
        r"\b(\d|one|two|three|four|five|six|seven|once|twice)\s(?:days?|times?)\s(?:a|per|each)\sweek\b",
        words,
    )
    if per_week:
        count = {"once": 1, "twice": 2}.get(per_week.group(1))
        count = count if count is not None else int(analyse(per_week.group(1))._.numbers[0].value)
        return Parsed(0 if count == 0 else 1 if count <= 3 else 2 if count < 7 else 3)
    # "not a lot" is not "a lot": cancelled, but kept as the lower score it is where listed.
    softened = [p for p in table["frequency_cancelled"] if p in table["frequency"]["1"] and has(words, p)]
    for phrase in table["frequency_cancelled"]:
        words = phrase_pattern(phrase).sub(" ", words)
    scores = [int(score) for score, phrases in table["frequency"].items() if has(words, *phrases)]
    scores += [1] if softened else []
    if scores:
        return Parsed(max(scores))
    return Unclear("no frequency named")


# A denial reaches no further than its clause: "no but I do self harm", "he's never hit me but I'm scared".
_CONTRAST = re.compile(r"\b(?:but|though|tho|although|however|except|yet)\b")


def _negated(words: str, start: int, negators: list[str]) -> bool:
    clause = _CONTRAST.split(words[:start])[-1]
    before = clause.split()[-4:]
    return any(word in negators for word in before) or bool(re.search(r"n't\s+(?:\w+\s+){0,3}$", clause))


# The parts of a self-harm answer a denial or a subject reaches across: "no, I cut myself" says
# "no" and then something else.
_SELF_HARM_CLAUSES = re.compile(
    r"[,.;:!?\n]+|\s-\s|\b(?:but|though|tho|although|however|and)\b", re.IGNORECASE
)
_CLIENT = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|myself|we|us)\b")
# Someone the client may be speaking about instead: "my friend tried to kill herself last year".
_SOMEONE_ELSE = re.compile(
    r"\b(?:he|she|they|he's|she's|they're|they've|someone|somebody|friends?|bff|bestie|mum|mom|mother|"
    r"dad|father|parents?|sister|brother|siblings?|son|daughter|kids?|child|cousin|aunt|auntie|uncle|nan|gran|"
    r"grandma|grandmother|grandpa|grandfather|niece|nephew|partner|husband|wife|boyfriend|girlfriend|bf|gf|ex|"
    r"fianc[eé]e?|spouse|classmate|roommate|flatmate|colleague|coworker|neighbou?r|relative|stepmom|stepmum|stepdad)"
    r"(?:'s)?\b"
)
_THEIR_OWN = re.compile(r"\s*(?:herself|himself|themselves|themself)\b")
_CLIENTS_OWN = re.compile(r"\b(?:i|i'm|i'd|me|my|myself)\b")


def _someone_elses(clause: str, start: int, end: int, *, act: bool = True) -> bool:
    """Whether the words at start:end of a (plain) clause are about someone other than the client:
    the last person named before them is someone else ("my mum attempted suicide"), or they end in
    "herself" ("tried to kill herself"). Words that name the client ("they'd be better off without
    me") are the client's whoever is named before them, and so are thoughts (`act` False) with the
    client named after them ("they'd be better off if I wasn't here")."""
    if _THEIR_OWN.match(clause[end:]):
        return True
    if _CLIENTS_OWN.search(clause[start:end]) or "better off" in clause[start:end]:
        return False
    if not act and _CLIENTS_OWN.search(clause[end:]):
        return False
    before = clause[:start]
    client = [m.start() for m in _CLIENT.finditer(before)]
    other = [m.start() for m in _SOMEONE_ELSE.finditer(before)]
    return bool(other) and (not client or max(other) > max(client))


def _self_harm(text: str, context: Context) -> Result:
    table = _screening_words()
    negators = table["self_harm_negators"]
    kinds = table["self_harm"]
    own_clauses: list[str] = []
    found: set[str] = set()
    denied = False
    their_acts = False
    for raw in _SELF_HARM_CLAUSES.split(tidy(text)):
        clause = _without(plain(raw), table["self_harm_not_acts"])  # "cut down on drinking"
        if not clause.strip():
            continue
        theirs = False
        for kind in ("active", "passive", "passive_unless_denied"):
            for phrase in kinds[kind]:
                for m in phrase_pattern(phrase).finditer(clause):
                    if _someone_elses(clause, m.start(), m.end(), act=kind == "active"):
                        theirs = True
                        their_acts = their_acts or kind == "active"
                    elif kind == "passive" or not _negated(clause, m.start(), negators):
                        found.add(kind.removesuffix("_unless_denied"))
                    else:
                        denied = True
        if not theirs:
            own_clauses.append(clause)
    whole = plain(text)
    if any(_SELF_HARM_CLAUSES.search(p) and has(whole, p) for p in kinds["passive"]):
        found.add("passive")  # "I think about it but I wouldn't"
    for kind in ("active", "passive"):
        if kind in found:
            return Parsed(kind)
    words = " ".join(own_clauses)
    if has(words, *kinds["unsure"]):
        return Parsed("unsure")  # "idk", "not sure": neither a yes nor a no, and never read as a no
    first = _first_word(words)
    if first in ("no", "nope", "nah", "never") or has(words, *kinds["none"]):
        return Parsed("none_reported")
    if has(words, *kinds["yes"]) or first in ("yes", "yeah", "yep", "yup", "ya"):
        return Parsed("passive")
    if denied or their_acts and not words.strip():
        # "I don't self harm"; "my friend tried to kill herself last year": the client spoke of
        # someone else only.
        return Parsed("none_reported")
    return Unclear("self-harm answer not understood")


_BARE_NO = re.compile(
    r"(?:no|nope|nah)\b(?=\s+(?:he|she|they|i|i'm|my|we|it|he's|she's|they're|not|never)\b)"
)
_BARE_NO_PUNCTUATED = re.compile(r"(?:no|nope|nah)\s*[,.!;-]+(?=\s*\w)")


def _relationship_safety(text: str, context: Context) -> Result:
    words = plain(text)
    table = _screening_words()
    answers, negators = table["safety"], table["safety_negators"]
    denied = False  # "he's never been violent", "never hit me": danger named only to deny it
    # A bare "no" opening the answer answers the question; it does not deny what follows ("no, he
    # hits me"), unlike "no violence".
    bare_no = _BARE_NO.match(words) or _BARE_NO_PUNCTUATED.match(tidy(text).lower())
    leading_no = bool(bare_no)
    if bare_no:
        words = words[len(bare_no.group(0).rstrip(" ,.!;-")) :].lstrip()
    for phrase in answers["unsafe"]:
        for m in phrase_pattern(phrase).finditer(words):
            negation_phrase = phrase.split()[0] in ("not", "don't", "do", "no")
            if negation_phrase or not _negated(words, m.start(), negators):
                if phrase == "no" and m.start() > 0:
                    continue  # "no problems", "no worries" are safe; only a leading no counts
                if phrase == "no" and has(words, "no problems", "no issues", "no concerns", "no worries"):
                    continue
                following = words[m.end() :].split()[:1]
                if phrase == "no" and following and has(following[0], *answers["unsafe"]):
                    continue  # "no violence or anything": the danger is what is denied
                if phrase == "no":
                    leading_no = True
                    continue
                return Parsed("unsafe")
            if re.match(r"\s+yet\b", words[m.end() :]):
                return Parsed("unsafe")  # "he hasn't hit me yet"
            denied = True
    if leading_no:
        # "no" to "do you feel safe?" is unsafe; "no, he's never violent" may answer another question.
        return Parsed("unsure" if denied else "unsafe")
    if has(words, *answers["unsure"]):
        return Parsed("unsure")
    if denied and has(words, "physically", "physical") and not has(words, *answers["safe"]):
        return Parsed("unsure")  # "he doesn't hurt me physically": and otherwise?
    if has(words, *answers["safe"]) or polarity(text) is True or denied:
        return Parsed("safe")
    if polarity(text) is False:
        return Parsed("unsafe")
    return Unclear("safety answer not understood")


_ASKS_BACK = re.compile(r"^(?:do|does|did|is|are|can|could|should|must|why|what|how|who|will|would)\b")


def _trauma_history(text: str, context: Context) -> Result:
    words = plain(text)
    table = _screening_words()["trauma"]
    if "?" in text or _ASKS_BACK.match(words):
        return Unclear("a question back")  # "do I have to answer this?" is not "I have"
    if _names_an_experience(text):
        return Parsed("yes")  # before the no: "I never told anyone, but I was abused as a kid"
    first = _first_word(words)
    if first in ("no", "nope", "nah", "never") or has(words, *table["no"]):
        return Parsed("no")
    if has(words, *table["yes"]) or polarity(text) is True:
        return Parsed("yes")
    return Unclear("trauma answer not understood")


_DECLINING_TO_TELL = re.compile(
    r"\b(?:rather not|prefer not to|don't want to|do not want to|not ready to|not comfortable)\s+"
    r"(?:talk|go|get|discuss|share|say|answer|detail|describe)\w*\b"
)


def _names_an_experience(text: str) -> bool:
    """Whether the answer tells of an unwanted experience of the client's, not denied ("I was
    assaulted in college", "no. I was raped", "my uncle touched me"; not "never abused", "my sister
    was raped"). A denial reaches to the end of its clause only."""
    table = _screening_words()
    for raw in re.split(r"[,.;:!?\n]+|\s-\s", tidy(text)):
        words = _without(plain(raw), table["trauma_not_experiences"])  # "my dad's substance abuse"
        words = _DECLINING_TO_TELL.sub(
            "declining", words
        )  # "I'd rather not talk about the abuse" tells of it
        for phrase in table["trauma"]["experiences"]:
            for m in phrase_pattern(phrase).finditer(words):
                to_whom = re.match(r"\s+to\s+((?:[\w']+\s*){1,3})", words[m.end() :])
                if to_whom and _SOMEONE_ELSE.search(to_whom.group(1)):
                    continue  # "something happened to a friend"
                if not _negated(words, m.start(), table["trauma_negators"]) and not _someone_elses(
                    words, m.start(), m.end()
                ):
                    return True
    return False


_THERAPY_WORDS = (
    "therap",
    "counsel",
    "psycholog",
    "psychiatr",
    "session",
    "cbt",
    "dbt",
    "emdr",
    "saw someone",
    "seen someone",
    "see someone",
    "went to someone",
    "marriage guidance",
)
_NO_PRIOR = (
    "first time",
    "never",
    "not before",
    "haven't",
    "have not",
    "no never",
    "not yet",
    "nothing",
    "none",
    "not really",
    "not ever",
    "this is new",
    "new to this",
)


def _prior_therapy(text: str, context: Context) -> Result:
    words = plain(text)
    first = _first_word(words)
    if first in ("no", "nope", "nah", "never") or has(words, *_NO_PRIOR) and not first.startswith("ye"):
        return Parsed({"had": False, "details": None})
    answered_yes = polarity(text) is True
    mentions_therapy = any(word in words for word in _THERAPY_WORDS)
    mentions_time = has(
        words,
        "once",
        "briefly",
        "a few times",
        "years ago",
        "in the past",
        "before",
        "a while ago",
        "a bit",
        "a little",
    )
    if not (answered_yes or mentions_therapy or mentions_time):
        return Unclear("prior therapy not understood")
    details = re.sub(
        r"^\s*(?:yes|yeah|yea|yep|yup|ya|yes i have|yeah i have|i have|we have|sure|correct)+\b[\s,.!:;-]*",
        "",
        tidy(text),
        flags=re.IGNORECASE,
    )
    details = re.sub(r"^(?:i have|we have|i did|we did)\b[\s,.!:;-]*$", "", details, flags=re.IGNORECASE)
    details = strip_edges(details)
    return Parsed({"had": True, "details": details or None})


_NOTHING_ELSE = (
    "that's it",
    "that's all",
    "that is all",
    "that is it",
    "all good",
    "nothing else",
    "i think that's it",
    "i think that's everything",
    "that's everything",
    "nope that's it",
    "no that's all",
    "i'm good",
    "im good",
    "all set",
    "think that covers it",
    "that covers it",
    "no thanks",
    "no thank you",
)


def _anything_else(text: str, context: Context) -> Result:
    words = plain(text)
    if said_none(text) or words in _NOTHING_ELSE or has(words, *_NOTHING_ELSE) and len(words.split()) <= 6:
        return Parsed(None)
    if is_uncertain(text) and len(words.split()) <= 3:
        return Parsed(None)  # "idk", "not sure": nothing to pass on
    return Parsed(tidy(text))


NORMALISERS: dict[str, Normaliser] = {
    "consent_given": _consent,
    "age": _age,
    "preferred_name": _preferred_name,
    "pronouns": _pronouns,
    "email": _email,
    "phone": _phone,
    "contact_preference": _contact_preference,
    "session_format": _session_format,
    "location": _location,
    "availability": _verbatim,
    "seeking_for": _seeking_for,
    "relationship_status": _relationship_status,
    "relationship_length": _relationship_length,
    "partner_involvement": _partner_involvement,
    "main_concern": _main_concern,
    "onset": _onset,
    "context": _context,
    "better_when": _phrases,
    "worse_when": _phrases,
    "distress": _distress,
    "medical_conditions": _medical_conditions,
    "medications": _medications,
    "substance_use": _substance_use,
    "mental_health_history": _mental_health_history,
    "phq2_interest": _frequency_item,
    "phq2_mood": _frequency_item,
    "gad2_nervous": _frequency_item,
    "gad2_worry": _frequency_item,
    "self_harm": _self_harm,
    "relationship_safety": _relationship_safety,
    "trauma_history": _trauma_history,
    "prior_therapy": _prior_therapy,
    "goals": _verbatim,
    "anything_else": _anything_else,
    "summary_confirmed": _summary_confirmed,
}
