"""Every field a free-text message states, besides the one it answers.

`extract_fields(text, context=..., asked=...)` reads a message such as "Hi, I'm Lee (he/him), 36.
My wife and I have been married for 10 years..." and returns {slot: value} for each field it
clearly states, each value of exactly the type `normalise()` gives that slot. The slot being asked
is left out: the caller normalises the answer to it with `normalise()`.

Precision comes before recall, because a wrong value filled silently is never asked about, while
a missed one is simply asked later. So each field needs a clear cue, and:
- questions ("is it normal to not want sex?") state nothing;
- "what if" / "suppose" sentences and "if ..." clauses state no facts;
- negated statements ("I'm not married", "I stopped taking Zoloft") are not taken as the fact;
- facts about someone else ("my husband takes Viagra", "my 3 year old") are not the client's.

Lexicon terms (medications, conditions, diagnoses), numbers and onsets are read from the Doc of
each clause or sentence (bot.nlp.extraction.analyse), the Docs the normalisers read too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from bot.intake.answers import Context, Parsed
from bot.intake.normalise import normalise
from bot.intake.parsing import concern, health
from bot.intake.parsing.text import FIRST_PERSON as _FIRST_PERSON
from bot.intake.parsing.text import about_client as _about_client
from bot.intake.parsing.text import phrase_pattern, tidy, with_apostrophes
from bot.nlp.extraction import analyse
from bot.nlp.lookups import read_names
from bot.nlp.terms import spans

__all__ = ["extract_fields"]


# Answers that name a medicine, a condition or a drink in passing ("cialis helps a bit", "worse
# after drinks"): the health questions ask for the whole list, so these never stand in for it.
_PASSING_MENTIONS_IN = frozenset({"better_when", "worse_when", "goals", "anything_else", "context"})
_WHOLE_LISTS = frozenset({"medications", "medical_conditions", "substance_use"})


def extract_fields(text: str, *, context: Context, asked: str | None = None) -> dict[str, Any]:
    """{slot: normalised value} for every field the message clearly states, except `asked`."""
    message = _Message.of(text)
    found: dict[str, Any] = {}
    for slot, extractor in _EXTRACTORS:
        if slot == asked or (asked in _PASSING_MENTIONS_IN and slot in _WHOLE_LISTS):
            continue
        value = extractor(message, context)
        if value is not None:
            found[slot] = value
    return found


# ---------------------------------------------------------------- the message in sentences


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+|(?<=[.!?])(?=[A-Z])")
_BULLET = re.compile(r"^\s*[-*\u2022\u00b7]\s+")  # "- married 6 years" in a list of lines
_QUESTION_START = re.compile(
    r"^(?:so |and |but |also |hi |hey |hello |um |ok )*(?:is (?:it|that|this|there)|are (?:there|you|we)|"
    r"am i|do (?:you|i|we)|does (?:it|this|that)|did (?:you|i)|can (?:you|i|we|it|this)|could (?:you|it|i|this)|"
    r"should (?:i|we)|would (?:you|it|that)|will (?:it|you|this)|how (?:do|can|long|much|often|does|is)|"
    r"why (?:do|does|is|am|can't|would)|what (?:if|can|should|do|does|is|are)|when (?:do|does|should|can|will)|"
    r"where (?:do|is|are|can)|who (?:do|is|should|can))\b",
    re.IGNORECASE,
)
_HYPOTHETICAL_SENTENCE = re.compile(
    r"\b(?:what if|suppose|supposing|hypothetically|imagine|i wish|we wish|someday|one day)\b", re.IGNORECASE
)
# An "if"/"unless"/"whether" clause runs to the next comma or the end: it states no fact.
_IF_CLAUSE = re.compile(r"\b(?:if|unless|whether|in case)\b[^,;]*", re.IGNORECASE)


@dataclass(frozen=True)
class _Message:
    text: str
    sentences: tuple[str, ...]  # every sentence, as written
    statements: tuple[str, ...]  # sentences that are not questions or hypotheticals
    facts: tuple[str, ...]  # statements with their "if" clauses removed

    @classmethod
    def of(cls, text: str) -> _Message:
        cleaned = tidy(text)
        # Lines are sentences ("- 33, he/him\n- married 6 years"): split before tidy() joins them.
        sentences = tuple(
            sentence
            for line in text.splitlines()
            for part in _SENTENCE_END.split(tidy(line))
            if (sentence := _BULLET.sub("", part).strip())
        )
        statements = tuple(
            s
            for s in sentences
            if not s.rstrip().endswith("?")
            and not _QUESTION_START.match(s)
            and not _HYPOTHETICAL_SENTENCE.search(s)
        )
        facts = tuple(f for s in statements if (f := _IF_CLAUSE.sub(" ", s).strip(" ,")))
        return cls(cleaned, sentences, statements, facts)


def _lower(text: str) -> str:
    return text.lower()


_CLAUSE_SPLIT = re.compile(r"\s*(?:[,;:]|\s-\s|\bbut\b)\s*", re.IGNORECASE)


def _clauses(sentence: str) -> list[str]:
    return [c for c in _CLAUSE_SPLIT.split(sentence) if c and c.strip()]


_NEGATED_BEFORE = re.compile(r"(?:\bnot|n't|\bdont|\bno|\bnever|\bno longer|\bexcept)\s+(?:\w+\s+){0,3}$")


def _negated(before: str) -> bool:
    """Whether the words just before a phrase negate it ("don't want online sessions")."""
    return bool(_NEGATED_BEFORE.search(_lower(before).rstrip() + " "))


def _parsed(slot: str, text: str, context: Context) -> Any | None:
    result = normalise(slot, text, context=context)
    return result.value if isinstance(result, Parsed) else None


# ---------------------------------------------------------------- about you


# Capitalised words that follow "I'm" without being a name.
_NOT_NAMES = frozenset(
    """a an the not so just really here sorry married single looking trying having currently also very
    pretty feeling writing reaching interested curious worried nervous okay ok fine good glad happy
    bisexual gay straight trans male female hoping struggling dealing scared afraid embarrassed ashamed
    tired done over unsure still new back pregnant engaged divorced separated widowed poly in on at with
    from about going getting wondering thinking honestly seeking asking sure ready unable able late
    kind bi queer lesbian nonbinary non-binary cis christian jewish muslim american british canadian
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december dr mr mrs ms miss mx the your you calling contacting
    hopeful desperate exhausted frustrated lost confused stuck open polyamorous monogamous asexual
    retired unemployed working living based located originally always never sometimes usually now
    recently finally literally basically actually definitely probably maybe perhaps please well hi hey
    hello thanks thank fairly quite rather too extremely super totally completely mostly partly
    catholic protestant mormon hindu buddhist atheist agnostic religious spiritual black white asian latina
    latino latinx hispanic indian irish italian mexican african european jersey english french german
    spanish chinese korean japanese filipino polish russian puerto dominican cuban brazilian vegan
    disabled autistic deaf blind adhd sober shy introverted extroverted""".split()
)
_NAME_WORD = r"[A-Za-z][A-Za-z'\-]*"
_STRONG_NAME_CUE = re.compile(
    rf"\b(?:my name is|my name's|my names|name's|call me|i go by|people call me|everyone calls me|"
    rf"friends call me)\s+(?P<name>{_NAME_WORD}(?:\s+[A-Z][A-Za-z'\-]*)?)",
    re.IGNORECASE,
)
_WEAK_NAME_CUE = re.compile(
    r"(?:^|(?<=[\s,.!]))(?:I'm|I am|Im|I'M|i'm|im|i am|This is|this is|It's|it's)\s+"
    r"(?P<name>[A-Z][A-Za-z'\-]*(?:\s+[A-Z][A-Za-z'\-]*)?)"
)
# "Sarah here, 36": a known given name introducing the message, perhaps with the age.
_NAME_HERE = re.compile(
    r"^(?:(?:hi|hey|hello|hiya)\b[\s,.!]*)?(?P<name>[A-Z][a-z'\-]+) here\b(?=\s*(?:$|[,.!;-]))"
    r"(?:\s*,\s*(?P<age>\d{2})(?=\s*(?:$|[,.;!]|and\b)))?"
)
_NOT_A_NAME_AFTER = re.compile(r"^\s*(?:\d|years?\b|yo\b|y/o\b|-?year)", re.IGNORECASE)


def _name(message: _Message, context: Context) -> str | None:
    for sentence in message.statements:
        lowered = _lower(sentence)
        for m in _STRONG_NAME_CUE.finditer(sentence):
            if re.search(r"\b(?:don't|do not|never|please don't|not)\s+(?:\w+\s+)?$", lowered[: m.start()]):
                continue
            words = m.group("name").split()
            if words[0].lower() in _NOT_NAMES or _is_function_word(words[0]):
                continue
            name = " ".join(w for w in words if w.lower() not in _NOT_NAMES and not _is_function_word(w))
            return _parsed("preferred_name", name, context)
        for m in _WEAK_NAME_CUE.finditer(sentence):
            lead = m.group(0).split()[0].lower()
            if (
                lead in ("this", "it's")
                and m.start() > 0
                and sentence[: m.start()].strip(" ,!.").lower()
                not in (
                    "hi",
                    "hello",
                    "hey",
                )
            ):
                continue  # "this is X" introduces only at the start of a message
            words = m.group("name").split()
            if words[0].lower() in _NOT_NAMES or words[0].isupper() and len(words[0]) > 1:
                continue
            kept = [words[0]]
            if len(words) > 1 and words[1].lower() not in _NOT_NAMES:
                kept.append(words[1])
            if _NOT_A_NAME_AFTER.match(sentence[m.end() :]) or any(w.lower().endswith("'s") for w in kept):
                continue
            return _parsed("preferred_name", " ".join(kept), context)
        here = _NAME_HERE.match(sentence)
        if here and here.group("name").lower() in _given_names():
            return _parsed("preferred_name", here.group("name"), context)  # "Sarah here, 36"
        for m in _LOWER_CASE_NAME_CUE.finditer(sentence):
            # "hey im jess 29": typed in lower case, so only a known given name counts.
            if m.group("name").lower() in _given_names():
                return _parsed("preferred_name", m.group("name"), context)
    return None


_LOWER_CASE_NAME_CUE = re.compile(
    r"(?:^|(?<=[\s,.!]))(?:i'm|im|i am|this is|my name is|name's)\s+(?P<name>[a-z][a-z'\-]+)\b"
)


@cache
def _given_names() -> frozenset[str]:
    """Given names that are not also everyday words ("jess", not "mark"), in lower case."""
    names, word_names = read_names()
    return frozenset(name.lower() for name in names) - {name.lower() for name in word_names} - _NOT_NAMES


_FUNCTION_WORDS = frozenset(
    """at on anytime any back whenever if when by via email text phone after before in the a an and or
    but so tomorrow today asap later first between for to this that it is whatever anything""".split()
)


def _is_function_word(word: str) -> bool:
    return word.lower() in _FUNCTION_WORDS


_PRONOUN_PAIR = re.compile(
    r"(?<![\w/])(?P<pair>(?:she|he|they|ze|xe|zie|ey|fae|it)\s?/\s?"
    r"(?:her|hers|him|his|them|their|theirs|hir|zir|xem|xir|em|faer|they|it|its|she|he)"
    r"(?:\s?/\s?(?:her|hers|him|his|them|theirs|they|she|he|it|its|zir|xem))*)(?![\w/])",
    re.IGNORECASE,
)
_PRONOUN_STATEMENT = re.compile(
    r"\b(?:my pronouns are|pronouns are|pronouns:|pronouns -|i use)\s+(?P<pair>[^.,;!?()]+)", re.IGNORECASE
)
_PRONOUN_WORD = re.compile(r"\b(?:she|her|he|him|they|them|ze|zir|xe|xem|any|all)\b", re.IGNORECASE)


_SOMEONE_ELSES_PRONOUNS = re.compile(
    r"\b(?:my|our|his|her|their) (?:partner|wife|husband|boyfriend|girlfriend|bf|gf|spouse|fianc\w*|metamour|"
    r"nesting partner|other half|kid|child|son|daughter)\s*[(,:-]?\s*(?:\d{1,2}\s*[,/]?\s*)?$"
)
# "she/her pronouns for my daughter": the pronouns named as someone else's after them.
_PRONOUNS_FOR_SOMEONE_ELSE = re.compile(r"^\s*(?:pronouns\s+)?(?:for|are|is) (?:my|our|his|her|their) ")


def _pronouns(message: _Message, context: Context) -> str | None:
    for sentence in message.statements:
        m = _PRONOUN_STATEMENT.search(sentence)
        if m and _PRONOUN_WORD.search(m.group("pair")):
            return _parsed("pronouns", m.group("pair"), context)
        for m in _PRONOUN_PAIR.finditer(sentence):
            pair = re.sub(r"\s", "", m.group("pair")).lower()
            if pair in ("he/she", "she/he", "his/her", "him/her", "he/her"):
                continue  # "he/she" is how people write "whoever", not their pronouns
            if _SOMEONE_ELSES_PRONOUNS.search(
                _lower(sentence[: m.start()])
            ) or _PRONOUNS_FOR_SOMEONE_ELSE.match(_lower(sentence[m.end() :])):
                continue  # "my partner (he/him) and i (she/they)": the partner's, not the client's
            return _parsed("pronouns", pair, context)
    return None


_AGE_NUMBER = (
    r"(?P<age>\d{1,3}|(?:twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|eighteen|nineteen)"
)
_YEARS_OLD = r"(?:[\s-]*(?:years?|yrs?|yr)[\s-]*old|\s?(?:yo|y/o|y\.o\.?|yrs?)\b)"
_AGE_PATTERNS = (
    # "I'm 36", "I am 36 years old", "I'm a 36 year old woman", "I'm turning 40 next month"
    re.compile(
        rf"\b(?:i'm|i am|im)\s+(?:a\s+)?(?P<turning>turning\s+|about to turn\s+|almost\s+|nearly\s+)?{_AGE_NUMBER}"
        rf"(?={_YEARS_OLD}|\s*(?:$|[,.;!)(]|and\b|but\b|so\b|now\b|with\b|\(|[mf]\b|male\b|female\b|"
        rf"he/|she/|they/|this year\b|next\b|btw\b|by the way\b|in\b(?!\s+(?:minutes|seconds|hours))))",
        re.IGNORECASE,
    ),
    # "36 years old" opening a sentence or after a comma: "36 years old, married"
    re.compile(rf"(?:^|[,.;(]\s*){_AGE_NUMBER}{_YEARS_OLD}", re.IGNORECASE),
    # "age 36", "aged 36", "age: 36"
    re.compile(rf"\b(?:my age is|age is|aged?|age:)\s*{_AGE_NUMBER}\b", re.IGNORECASE),
    # Reddit style: "(36M)", "36/f", "(36, she/her)"
    re.compile(rf"\({_AGE_NUMBER}\s?/?\s?(?:m|f|nb|male|female)?\s*[,)]", re.IGNORECASE),
    re.compile(rf"(?:^|\s){_AGE_NUMBER}\s?/\s?(?:m|f|nb)\b", re.IGNORECASE),
    # "29M, gay, ..." or "hey, 41F here" opening a sentence
    re.compile(
        rf"(?:^|^(?:hi|hey|hello|ok|so|well)\b[\s,.!]*){_AGE_NUMBER}\s?(?:m|f|nb|male|female)\b(?![/'])"
        r"(?!\s+(?:from|away|of|long|ago|walk|drive|minutes?|miles?|metres?|meters?)\b)",
        re.IGNORECASE,
    ),
    # "me (F, 41)", "I (m/29)", "Lee (he/him, 36)": the sex or pronouns before the age
    re.compile(
        rf"(?:^|\b(?:me|i|myself)|\b(?:i'm|i am|im|this is)\s+[a-z][a-z'\-]*)\s*\(\s*(?:m|f|nb|male|female|"
        rf"[a-z]+/[a-z]+)\s*[,/]?\s*{_AGE_NUMBER}\s*\)",
        re.IGNORECASE,
    ),
)
# "Divorced, 55, dating again": the age after a status opening the message.
_AGE_AFTER_STATUS = re.compile(
    r"^(?:single|divorced|widowed|separated)\s*,\s*(?P<age>[1-9]\d)(?=\s*(?:$|[,.;!]))", re.IGNORECASE
)
# A list of facts about oneself opening a sentence: "33, he/him", "68, married 42 years",
# "31, single, he/him": the number before a status or pronouns is the age.
_AGE_OPENING_A_LIST = re.compile(
    rf"^(?P<age>[1-9]\d)\s*,\s*(?:[\w/'-]+\s*,\s*)?(?:{_PRONOUN_PAIR.pattern}|(?:single|married|divorced|widowed|separated|"
    r"engaged|dating|partnered|poly|polyamorous)\b)"
)
_POSSESSED = re.compile(r"\b(?:my|our|his|her|their) (?!own\b)\w")
# An introduction: "I'm Lee (he/him), 36." or "Lee, 36, from Freehold".
_INTRO_AGE = re.compile(
    rf"\b(?:i'm|i am|im|my name is|name's|this is)\s+[A-Z][A-Za-z'\-]*(?:\s+[A-Z][A-Za-z'\-]*)?"
    rf"(?:\s*\([^)]*\))?\s*,\s*(?:{_PRONOUN_PAIR.pattern}\s*,\s*)?{_AGE_NUMBER}{_YEARS_OLD}?\s*(?=$|[,.;!)]|and\b)",
    re.IGNORECASE,
)


def _age(message: _Message, context: Context) -> int | None:
    for sentence in message.facts:
        matches = [m for p in _AGE_PATTERNS for m in p.finditer(sentence)]
        matches.extend(_INTRO_AGE.finditer(sentence))
        if not _POSSESSED.search(_lower(sentence)):  # "12, she/her pronouns for my daughter"
            matches.extend(_AGE_OPENING_A_LIST.finditer(sentence))
        matches.extend(_AGE_AFTER_STATUS.finditer(sentence))
        here = _NAME_HERE.match(sentence)
        if here and here["age"] and here["name"].lower() in _given_names():
            matches.append(here)  # "Sarah here, 36"
        for m in sorted(matches, key=lambda m: m.start()):
            before = _lower(sentence[: m.start()])
            if re.search(r"\b(?:my|our|his|her|their|a|the|have|has|with)\s*$", before) and not re.search(
                r"\b(?:i'm|i am|im)\s+a\s*$", before
            ):
                continue  # "my 3 year old", "we have a 5 year old"
            if not _FIRST_PERSON.search(_lower(m.group(0))) and not _about_client(before):
                continue  # "my boyfriend (28) thinks...": his age
            words = m.group("age")
            numbers = analyse(words.lower().replace("-", " "))._.numbers
            if not numbers:
                continue
            age = int(numbers[0].value)
            if "turning" in m.groupdict() and m.group("turning"):
                age -= 1  # "turning 40" is 39 today
            if 12 <= age <= 110:
                return age
        for m in _LOWER_CASE_NAME_CUE.finditer(sentence):
            after = re.match(
                r"\s*,?\s*(\d{2})\b(?!\s*(?:years?\s+(?:ago|together)|months?|%|/|out of))",
                sentence[m.end() :],
            )
            if after and m.group("name").lower() in _given_names() and 12 <= int(after.group(1)) <= 110:
                return int(after.group(1))  # "hey im jess 29"
    return None


_EMAIL_RUN = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def _email(message: _Message, context: Context) -> str | None:
    m = _EMAIL_RUN.search(message.text)
    return _parsed("email", m.group(0), context) if m else None


_PHONE_RUN = re.compile(r"(?<![\w@.])(?:\+\s?)?\(?\d[\d\s().-]{8,}\d(?![\w@])")


def _phone(message: _Message, context: Context) -> str | None:
    for m in _PHONE_RUN.finditer(message.text):
        digits = re.sub(r"\D", "", m.group(0))
        if 10 <= len(digits) <= 15 and not re.fullmatch(
            r"(?:19|20)\d\d\s?-\s?(?:19|20)\d\d", m.group(0).strip()
        ):
            value = _parsed("phone", m.group(0), context)
            if value:
                return value
    return None


_PREFERENCE = (
    r"(?:preferably|ideally|prefer(?:red)?|i'd prefer|rather|would like|'d like|would love|'d love|want|"
    r"wanting|hoping for|looking for|interested in|only|can only do|like)"
)
_TELEHEALTH = r"(?:online|on-?line|virtual(?:ly)?|video(?: calls?)?|zoom|telehealth|tele-?health|teletherapy|remote(?:ly)?|facetime)"
_IN_PERSON = r"(?:in[- ]person|face[- ]to[- ]face|in the office|at the office|at your office|in office|in-office|office visits?)"
_FORMAT_NOUN = r"(?:sessions?|therapy|appointments?|visits?|counsell?ing|meetings?)"
_FORMAT_VERDICT = (
    r"(?:would be (?:best|better|great|ideal|easier|preferable|good|nice)|is (?:best|better|easier|preferable|ideal)|"
    r"works? (?:best|better)|please|if possible|preferably|ideally|for us|for me|would work)"
)


def _format_pattern(words: str) -> re.Pattern[str]:
    return re.compile(
        rf"\b{_PREFERENCE}\s+(?:to\s+(?:do|meet|have|be|come|see you|talk)\s+)?(?:(?:it|this|sessions|therapy|them|"
        rf"the sessions|appointments|things)\s+)?(?:be\s+)?{words}\b"
        rf"|\b{words}\s+(?:{_FORMAT_NOUN}|{_FORMAT_VERDICT})\b"
        rf"|\b{_FORMAT_NOUN}\s+(?:would be\s+|should be\s+)?{words}\b",
        re.IGNORECASE,
    )


_FORMATS = (("telehealth", _format_pattern(_TELEHEALTH)), ("in_person", _format_pattern(_IN_PERSON)))
_EITHER_FORMAT = re.compile(
    rf"(?:\b(?:either|both|whichever|no preference|don't mind|happy with either|open to either|open to both)\b.*"
    rf"\b(?:{_TELEHEALTH}|{_IN_PERSON})\b.*\b(?:or|and)\b.*\b(?:{_TELEHEALTH}|{_IN_PERSON})\b)"
    rf"|(?:\b(?:{_TELEHEALTH}|{_IN_PERSON})\b\s+or\s+\b(?:{_TELEHEALTH}|{_IN_PERSON})\b.*"
    rf"\b(?:either|both|is fine|are fine|works|are both fine|whichever|doesn't matter|don't mind|no preference)\b)",
    re.IGNORECASE,
)
_NOT_A_FORMAT = re.compile(
    r"\b(?:porn|met|meet(?:ing)? (?:people|someone|guys|girls)|dating|chat(?:ting)?|watch\w*|games?|shopping)\b",
    re.IGNORECASE,
)


def _session_format(message: _Message, context: Context) -> str | None:
    for sentence in message.statements:
        for clause in _clauses(sentence):
            if _NOT_A_FORMAT.search(clause):
                continue
            if _EITHER_FORMAT.search(clause):
                return "either"
            labels = []
            for label, pattern in _FORMATS:
                m = pattern.search(clause)
                if m and not _negated(clause[: m.start()]):
                    labels.append(label)
            if len(labels) == 1:
                return labels[0]
            if labels:
                return _parsed("session_format", clause, context)
    return None


_LOCATION_CUE = re.compile(
    r"\b(?:office|location|clinic|practice|branch|prefer|preferably|ideally|closest|nearest|near|close to|"
    r"easiest|convenient|come to|go to|get to|visit|would like|'d like|works? best|is best|better for|please|"
    # "Freehold if possible", "Jersey City would be great", "Highland Park works for me"
    r"if (?:possible|you can|we can|i can|that works)|hopefully|would be (?:great|good|ideal|best|easiest|perfect|nice)|"
    r"works? (?:for me|for us|well)|suits? (?:me|us)|is (?:easiest|ideal|perfect|good|fine) for)\b",
    re.IGNORECASE,
)


def _location(message: _Message, context: Context) -> str | None:
    named: set[str] = set()
    for sentence in message.statements:
        for clause in _clauses(sentence):
            lowered = _lower(clause)
            for office in context.locations:
                m = phrase_pattern(office.lower()).search(lowered)
                if not m or not _LOCATION_CUE.search(clause):
                    continue
                if _negated(lowered[: m.start()]):
                    continue
                named.add(office)
    return named.pop() if len(named) == 1 else None


# ---------------------------------------------------------------- relationship


_COUPLE = re.compile(
    r"\b(?:come|coming|attend|attending|do (?:this|it|therapy|sessions|the sessions)|start|see (?:you|someone|a therapist)|"
    r"book|join|go|work on (?:this|it|things))\s+(?:in\s+|to (?:therapy|sessions)\s+)?together\b"
    r"|\bcouples?(?:'s?)? (?:therapy|counsell?ing|sessions?|work)\b|\bas a couple\b|\bjoint sessions?\b"
    r"|\b(?:both of us|we both|the two of us) (?:want|would like|'d like|would love|are hoping|hope|plan|will) to "
    r"(?:come|attend|start|do|see|join|work)\b|\bfor (?:both of us|the two of us|us both)\b"
    r"|\bwe(?:'d| would) both (?:really )?(?:like|love) to (?:come|attend|join)\b",
    re.IGNORECASE,
)
_INDIVIDUAL = re.compile(
    r"\bjust for (?:me|myself)\b|\bindividual (?:therapy|sessions?|counsell?ing|appointments?)\b"
    r"|\b(?:come|coming|attend|attending|see (?:you|someone|a therapist)|sessions?|therapy)\s+(?:in\s+)?"
    r"(?:alone|on my own|by myself|solo|individually|just me)\b"
    r"|\b(?:therapy|sessions?|appointments?|counsell?ing) (?:just )?for (?:me|myself)\b",
    re.IGNORECASE,
)


def _seeking_for(message: _Message, context: Context) -> str | None:
    labels: set[str] = set()
    for sentence in message.statements:
        lowered = _lower(sentence)
        for label, pattern in (("couple", _COUPLE), ("individual", _INDIVIDUAL)):
            for m in pattern.finditer(lowered):
                if not _negated(lowered[: m.start()]):
                    labels.add(label)
    return labels.pop() if len(labels) == 1 else None


def _labelled(*pairs: tuple[str, str]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(label, pattern) pairs compiled case-insensitively, in order."""
    return tuple((label, re.compile(pattern, re.IGNORECASE)) for label, pattern in pairs)


_ADVERB = r"(?:happily |newly |recently |just |now |currently |officially |legally |still )?"
_STATUS_PATTERNS = _labelled(
    (
        "non_monogamous",
        r"\b(?:we're|we are|i'm|i am|im|were)\s+(?:\w+\s+)?(?:poly|polyamorous|polyam|non-?monogamous|"
        r"ethically non-?monogamous|enm|swingers?)\b|\bopen (?:relationship|marriage)\b|\bpolyamorous\b"
        r"|\b(?:ethically |consensually )?non-?monogamous\b|\bmy (?:nesting partner|metamour|other partners)\b"
        r"|\b(?:and i|and me)\b[^.]{0,20}?\s(?:are|r)\s+(?:poly|polyamorous|enm|open(?=\s*(?:$|[,.;!]|now\b)))\b",
    ),
    (
        "separated",
        rf"\b(?:we're|we are|were|i'm|i am|im|we've|we have|we|and i are|and i have)\s+{_ADVERB}(?:separated|separating|"
        r"going through a divorce|getting (?:a )?divorced?|divorcing|on a break|taking a break|living apart)\b"
        # "Recently separated after 15 years", "it's complicated - married but separated since march":
        # separated opening a clause, said of the client unless the words before name someone else
        rf"|(?:^|[,;:!(]\s*|\s-\s*|\b(?:and|but|now)\s+){_ADVERB}(?:separated|separating)"
        r"(?=\s*(?:$|[,.;!)]|since\b|for\b|after\b|from (?:my|our)\b|now\b|and\b|but\b|\d))",
    ),
    (
        "engaged",
        rf"\b(?:we're|we are|i'm|i am|im|we just got|we got|just got)\s+{_ADVERB}engaged\b|\bmy fianc[eé]e?\b",
    ),
    (
        "married",
        r"\bmy (?:wife|husband|spouse|hubby|wifey)\b|\b(?:my )?(?:wife|husband|hubby) and i\b"
        rf"|\b(?:we're|we are|i'm|i am|im|we've been|we have been|i've been|i have been|ive been|weve been|"
        rf"we got|i got|got|been)\s+{_ADVERB}(?:re)?married\b|\b(?:our|my) marriage\b|\b(?:i|we) remarried\b"
        # "married 3 yrs" opening a clause ("hi, married 3 years, want couples therapy", "typing
        # together :) married 3 yrs"): how long the client has been married, so married
        r"|(?:^|[,;:!()]\s*|\band\s+)(?P<clause>married)(?=,?\s+(?:for\s+)?(?:about\s+|almost\s+|nearly\s+|over\s+)?"
        r"(?:\d|a\b|an\b|one\b|two\b|three\b|four\b|five\b|six\b|seven\b|eight\b|nine\b|ten\b|eleven\b|twelve\b|"
        r"\w+teen\b|twenty|thirty|forty|a few\b|a couple\b|several\b|since\b))"
        # "I'm Nora, 44, married 15 yrs": one item of an introduction
        rf"|(?:\b(?:i'm|i am|im)\b[^.;]*?,\s*){_ADVERB}married"
        r"(?=\s*(?:$|[,.;!]|and\b|for\b|with\b|\d|(?:a|one|two|three|four|five|six|seven|eight|nine|ten|"
        r"eleven|twelve|\w+teen|twenty|thirty|forty)\b))",
    ),
    (
        "dating",
        # A boyfriend or girlfriend the client lives with is partnered (below), as the answer to the
        # status question reads it.
        r"(?<!live with )(?<!lives with )(?<!living with )(?<!moved in with )"
        r"\bmy (?:girlfriend|boyfriend|gf|bf|girl friend|boy friend)\b"
        rf"|\b(?:we're|we are|i'm|i am|im|we've been|we have been|i've been|i have been)\s+{_ADVERB}dating\b"
        r"|\b(?:i'm|i am|im|i've been|i have been)\s+(?:now\s+)?seeing someone\b"
        # "widowed, and dating again", "divorced, now seeing someone new": dating opening a clause
        r"|(?:^|[,;:]\s*|\b(?:and|but|now)\s+)(?:now |recently |just |started |starting )?(?:dating|seeing someone)"
        r"(?:\s+(?:again|new))?(?=\s*(?:$|[,.;!)]|now\b|and\b|but\b|for\b|since\b))",
    ),
    (
        "partnered",
        r"\bmy (?:partner|long-term partner|long term partner|life partner|domestic partner|other half|"
        r"significant other)\b(?! in crime)|\b(?:we|i) live together\b|\bwe've been together\b"
        r"|^(?:partner|long-term partner|long term partner|other half) of (?=(?:\w+ ){0,3}(?:years?|yrs?|months?)\b)"
        r"|\b(?:we've|we have|weve|we) (?:lived|been living) together\b"
        r"|\b(?:(?:i|we) (?:live|moved in)|(?:i'm|i am|im|we're|we are) living) with my (?:girlfriend|boyfriend|gf|bf|girl friend|boy friend)\b"
        r"|\b(?:i'm|i am|im|we're|we are)\s+(?:currently\s+)?in an?\s+(?:long[- ]term\s+|committed\s+|serious\s+|"
        r"monogamous\s+)?relationship\b",
    ),
    (
        "widowed",
        r"\b(?:i'm|i am|im) (?:a )?(?:widow|widower|widowed)\b|\bmy late (?:wife|husband|partner|spouse)\b"
        r"|\bmy (?:wife|husband|partner|spouse) (?:passed away|died)\b"
        r"|\b(?:i )?lost my (?:wife|husband|partner|spouse)\b(?!\s*'s)"
        # "widowed 3 years ago", "widower for 5 years now", "widowed after 30 years of marriage":
        # widowed opening a clause, said of the client
        r"|(?:^|[,;:!(]\s*|\s-\s*|\b(?:and|but|now)\s+)(?:recently |sadly )?(?:a )?(?:widowed|widow|widower)"
        r"(?=\s*(?:$|[,.;!)]|since\b|for\b|after\b|\d|last\b|in\b|a\b|an\b|one\b|two\b|three\b|four\b|five\b|"
        r"six\b|seven\b|eight\b|nine\b|ten\b|now\b|and\b|but\b))"
        # "married 30 years, he passed 2 years ago", "... before she died": the marriage ended by a death
        r"|\b(?:married|together)\b[^.;]*?\b(?:he|she|they) (?:passed away|died|passed(?=\s*(?:$|[,.;!]|\d|a\b|an\b|"
        r"one\b|two\b|three\b|four\b|five\b|last\b|in\b|on\b|recently\b|suddenly\b)))",
    ),
    (
        "divorced",
        rf"\b(?:i'm|i am|im|i got|i've been|i was)\s+{_ADVERB}divorced\b"
        r"|^divorced(?=\s*(?:$|[,.;!]))"
        r"|\b(?:i'm|i am|im)\s+\d{2}\s*,\s*(?:and\s+)?divorced\b",
    ),
    (
        "single",
        rf"\b(?:i'm|i am|im)\s+{_ADVERB}single\b(?!-)|\b(?:i'm|i am|im) not (?:seeing anyone|dating anyone|"
        r"in a relationship)\b|\bi don't have a (?:partner|girlfriend|boyfriend|wife|husband)\b"
        # "bisexual, single atm": one item of an introduction ("single mom" is not a status)
        r"|(?:^|[,;:]\s*)(?:currently |still )?single(?=\s*(?:$|[,.;!)]|atm\b|at the moment\b|right now\b|rn\b|"
        r"currently\b|for now\b))",
    ),
)
# Words that make "my wife" someone the client had, not has: a late one ("my wife passed away" is
# "my late wife") stays for the widowed pattern, any other is taken out.
_STATUS_OVERRIDES = re.compile(
    r"\bmy (?:ex|late|former|first|previous)[- ]?(?:wife|husband|partner|spouse)\b"
    r"|\bmy (?P<died>wife|husband|partner|spouse)(?= (?:passed away|passed|died)\b)",
    re.I,
)


# "my wife", "we're dating", "I'm single": a status that says whose it is. Any other ("got
# married", "married 3 yrs") is the client's only when the words before it are about the client.
_OWN = re.compile(r"\b(?:i|i'm|im|i've|ive|me|my|we|we're|we've|weve|us|our)\b")


def _names_the_client(status: str) -> bool:
    return bool(_OWN.search(_lower(status)))


def _relationship_status(message: _Message, context: Context) -> str | None:
    found: list[str] = []
    for sentence in map(with_apostrophes, message.facts):
        text = _STATUS_OVERRIDES.sub(
            lambda m: "my late " + m.group(0).split()[-1] if m["died"] or "late" in m.group(0) else " ",
            sentence,
        )
        for label, pattern in _STATUS_PATTERNS:
            for m in pattern.finditer(text):
                before = _lower(text[: m.start()])
                if re.search(r"(?:\bnot|n't|\bnever|\bno longer)\s+(?:\w+\s+){0,1}$", before):
                    continue
                if label in (
                    "separated",
                    "married",
                    "dating",
                    "partnered",
                    "single",
                ) and not _names_the_client(m.group(0)):
                    if not _about_client(before):
                        continue  # "my brother just got married", "my parents, married 30 years": theirs
                found.append(label)
    if "widowed" in found and not any(_REMARRIED.search(_lower(sentence)) for sentence in message.facts):
        # "I'm a widow, married 30 years before he died": the marriage is the one that ended.
        found = [label for label in found if label != "married"]
    for label, _ in _STATUS_PATTERNS:  # the most specific current status wins
        if label in found:
            return label
    return None


_REMARRIED = re.compile(r"\b(?:remarried|married again|new (?:wife|husband)|now married)\b")


_COUNT = (
    r"(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty)(?:[\s-](?:one|two|three|four|five|"
    r"six|seven|eight|nine))?|a couple(?: of)?|couple(?: of)?|a few|few|several|half an?|a dozen)"
)
_UNIT = r"(?:years?|yrs?|months?|mos?|mths?|decades?|weeks?)"
_DURATION = (
    rf"(?:{_COUNT}(?:\s?\+|\s?-?ish)?(?:\s?(?:-|to|or)\s?{_COUNT})?[\s-]*{_UNIT}(?:\s?\+)?"
    rf"(?:\s*(?:and|,)\s*(?:a half|{_COUNT}\s*(?:months?|mos?|weeks?)))?|{_COUNT}\s+and a half\s+{_UNIT})"
)
_APPROX = r"(?:about|around|almost|nearly|over|just over|just under|roughly|like|more than|less than|close to|going on|approximately|approx|~|maybe|probably)"
_TOGETHER = (
    r"(?:married|together|dating|(?:with|w/|w) (?:him|her|them|my (?:wife|husband|partner|girlfriend|boyfriend|gf|bf|spouse|"
    r"fianc[eé]e?))|in a relationship|a couple|partners|engaged|seeing each other|living together|an item)"
)
_LENGTH_PATTERNS = (
    re.compile(
        rf"\b{_TOGETHER}\s+(?:to (?:my \w+|him|her|them)\s+)?(?:for\s+)?(?:{_APPROX}\s+)?(?P<duration>{_DURATION})\b",
        re.IGNORECASE,
    ),
    # "married, 11 years this june" ("married, 2 years ago I..." says when, not how long)
    re.compile(
        rf"\b(?:married|together)\s*,\s*(?:{_APPROX}\s+)?(?P<duration>{_DURATION})\b(?!\s+ago\b)",
        re.IGNORECASE,
    ),
    # "Recently separated after 15 years": the marriage the client is separated from
    re.compile(
        rf"\b(?P<separated>separated|separating)(?:\s+from\s+(?:my|our)\s+\w+)?\s+after\s+(?:{_APPROX}\s+)?"
        rf"(?P<duration>{_DURATION})\b"
        r"(?!\s+(?:ago|of (?:dating|being single))\b)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?P<duration>{_DURATION})\s+(?:together|married|of (?:marriage|dating|being together)|"
        rf"in (?:a|our|the) relationship|into (?:our|the|this) (?:marriage|relationship)|with (?:him|her|them|my \w+))\b",
        re.IGNORECASE,
    ),
    # "my partner of 12 years", "Partner of 12 years is very understanding"
    re.compile(
        rf"(?:^|\b(?:my|our|a)\s+(?:new\s+)?)(?:partner|wife|husband|boyfriend|girlfriend|bf|gf|spouse|other half)\s+of\s+"
        rf"(?:{_APPROX}\s+)?(?P<duration>{_DURATION})\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:our|my|a)\s+(?P<duration>{_COUNT}[\s-]{_UNIT.replace('s?', '')})[\s-](?:long\s+)?(?:marriage|relationship)\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:{_TOGETHER}|got married|met|been an item)\s+(?P<since>(?:since|in)\s+(?:(?:early|late|mid)\s+)?"
        r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?:of\s+)?)?(?:19|20)\d\d)\b",
        re.IGNORECASE,
    ),
)


def _length_matches(sentence: str) -> list[re.Match[str]]:
    found = []
    for pattern in _LENGTH_PATTERNS:
        for m in pattern.finditer(sentence):
            before = _lower(sentence[: m.start()])
            clause_start = max(before.rfind(","), before.rfind(";"), before.rfind(" and "))
            lead = before[clause_start + 1 :] if clause_start >= 0 else before
            # "been w/ my gf 2 yrs", "recently separated after 15 years"
            opening = not lead.strip() or lead.strip() in (
                "been",
                "recently",
                "just",
                "newly",
                "now",
                "currently",
            )
            if not (
                opening or _FIRST_PERSON.search(before) or re.search(r"\b(?:wife|husband|partner)\b", before)
            ):
                continue
            # "me (F, 41) and my husband (M, 44), married 15 yrs": the brackets say who, not what.
            plain = " ".join(re.sub(r"\([^)]*\)", " ", before).split())
            if not _about_client(before) and not re.search(r"\b(?:and i|and me|me and)\b", plain):
                continue
            found.append(m)
    return found


_BARE_TOGETHER = re.compile(
    r"\s*(?:,|and|,\s*and)?\s*(?:together|married)\s+(?:for\s+)?(?:about\s+)?\d+(?:\.\d+)?\b(?!\s*-?\s*[a-z%])",
    re.IGNORECASE,
)


_PAST_RELATIONSHIP = re.compile(r"\b(?:we|i) (?:were|was|had been)\s+(?:\w+\s+)?$")
_ENDED = re.compile(
    r"^\W*(?:before|until|till)\s+(?:she|he|they|my (?:wife|husband|partner|spouse))\s+(?:died|passed|left)"
    r"|^\W*(?:before|until|till)\s+(?:we|i)\s+(?:split|separated|divorced|broke up)"
)


_NEW_RELATIONSHIP = re.compile(
    r"\b(?:new (?:partner|boyfriend|girlfriend|relationship|man|woman|guy|girl)|someone new|seeing someone|"
    r"(?:now |started |been )dating|dating (?:again|someone)|met someone)\b"
)


def _relationship_length(message: _Message, context: Context) -> int | float | None:
    values: list[int | float] = []
    for sentence in map(with_apostrophes, message.facts):  # "weve been married 20 yrs"
        for m in _length_matches(sentence):
            if _PAST_RELATIONSHIP.search(_lower(sentence[: m.start()])) or _ENDED.search(
                _lower(sentence[m.end() :])
            ):
                continue  # "We were married for 20 years before she died": a relationship that ended
            if m.groupdict().get("separated") and _NEW_RELATIONSHIP.search(_lower(message.text)):
                continue  # "separated after 15 years, now seeing someone new": which one is asked about?
            if m.groupdict().get("since"):
                words = m.group("since")
                if "met" in _lower(m.group(0)).split()[:1]:
                    continue  # when they met is not when they got together
                value = _parsed("relationship_length", re.sub(r"^in\b", "since", words, flags=re.I), context)
            else:
                tail = _BARE_TOGETHER.match(sentence[m.end() :])
                words = m.group(0) + (tail.group(0) if tail else "")
                value = _parsed("relationship_length", words.replace("-", " "), context)
            if isinstance(value, (int, float)):
                values.append(value)
    # "married 10 years, together 12": the time together includes the marriage.
    return max(values) if values else None


_PARTNER = (
    r"(?:my|our) (?:partner|wife|husband|boyfriend|girlfriend|bf|gf|spouse|fianc[eé]e?|hubby|other half)"
)
_INVOLVEMENT_PATTERNS = _labelled(
    (
        "not_aware",
        rf"\b{_PARTNER} (?:doesn't|does not|doesnt) know\b"
        rf"|\b(?:i )?(?:haven't|have not|havent) (?:yet )?told (?:{_PARTNER}|him|her|them)\b"
        r"|\b(?:he|she|they) (?:doesn't|does not|don't|do not|doesnt|dont) know (?:i'm|i am|im|that i'm|that i am|"
        r"about this|i'm doing this|i'm here|i'm reaching out)",
    ),
    (
        "aware_not_attending",
        rf"\b(?:{_PARTNER}|he|she|they) (?:won't|will not|wont|doesn't want to|does not want to|don't want to|"
        r"refuses to|isn't going to|is not going to) (?:come|attend|join|be involved)\b(?!\s+(?:during|when|inside|from|at all))"
        r"(?:(?<=come)\s+(?:to (?:the )?(?:sessions?|therapy|appointments?)|in|along|with me)\b|(?<!come))",
    ),
    (
        "aware_not_attending",
        # "he knows I'm doing this but doesn't want to come"
        rf"\b(?:{_PARTNER}|he|she|they|he's|she's|they're|hes|shes)\b[^.;]{{0,60}}?\bbut (?:doesn't|does not|doesnt|"
        r"don't|won't|wont|will not) (?:want to |wanna )?(?:come(?=\s*(?:$|[,.;!]|to (?:the )?(?:sessions?|therapy|"
        r"appointments?)\b|in\b|along\b|with me\b))|attend\b|join\b)",
    ),
    (
        # Knows, with coming not said: aware_not_attending unless another label says more.
        "aware",
        rf"\b(?:{_PARTNER}|he|she|they) (?:knows|know|is aware|'s aware)(?= (?:i'm|i am|im|that i'm|that i am|"
        r"about (?:this|it|me)|i've|i'm)\b|\s*(?:$|[,.;!]|and\b|but\b))"
        rf"|\b(?:he's|she's|they're|hes|shes|{_PARTNER} is) in the (?:loop|know)\b",
    ),
    (
        "attending",
        r"\b(?:we(?:'d| would)? both|both of us) (?:really )?(?:want|would like|'d like|wanna|plan|are planning|"
        r"will|are going|intend) to (?:come|attend|be there|join|do (?:this|it|therapy|sessions?) together)\b"
        r"|\bwe(?:'ll| will) both (?:come|attend|be there)\b"
        r"|\bwe(?:'d| would) both (?:really )?(?:like|love) to (?:come|attend|be there|join)\b"
        r"|\b(?:come|coming|attend|attending) (?:in )?together\b"
        rf"|\b(?:{_PARTNER}|he|she|they)(?:'ll| will| wants to| would like to| is going to| plans to| is keen to)"
        r" (?:(?:attend|join)\b|come (?:to (?:the )?(?:sessions?|therapy|appointments?)|in|along|with me)\b)",
    ),
)


def _partner_involvement(message: _Message, context: Context) -> str | None:
    labels: list[str] = []
    for sentence in message.facts:
        for label, pattern in _INVOLVEMENT_PATTERNS:
            for m in pattern.finditer(sentence):
                before = _lower(sentence[: m.start()])
                if re.search(r"(?:\bnot|n't|\bnever)\s+(?:\w+\s+){0,2}$", before) or re.search(
                    r"\b(?:if|whether|unless|maybe|might|not sure|don't know)\b", before
                ):
                    continue
                labels.append(label)
    # A partner who knows ("he knows I'm here") is aware, not said to attend, unless more is said.
    said = set(labels) - {"aware"} or {"aware_not_attending" for _ in labels[:1]}
    return said.pop() if len(said) == 1 else None


# ---------------------------------------------------------------- the concern


# A concern is about sex or the relationship: these words anchor it, so that "I can't keep up at
# work" or "I don't want them to call me" are not read as concerns.
_SEXUAL_ANCHOR = re.compile(
    r"\b(?:sex\w*|intima\w*|in bed|libido|desire|orgasm\w*|climax\w*|erect\w*|ejaculat\w*|arous\w*|impoten\w*|"
    r"premature\w*|penetrat\w*|tampons?|intercourse|foreplay|masturbat\w*|porn\w*|vagin\w*|vulv\w*|penis|genital\w*|"
    r"lubricat\w*|dyspareunia|anorgasmi\w*|affair|cheat\w*|unfaithful|infidelity|kink\w*|fetish\w*|turned on|"
    r"hard-?on|make love|making love|horny|frigid|cum|down there|get hard|stay hard|lasting|last long|"
    r"asexual\w*|demisexual|"
    r"(?:a|our|sexual) (?:long |real |big |bit of a |massive |huge )?dry spell|"
    # "I finish way too fast", "I come too quickly": ejaculating early, said without a sexual word
    r"(?:finish|come|cum)(?:es|s)? (?:way |much |far |really |so |super |very |pretty )?too (?:fast|quick|quickly|soon|early)|"
    # The abbreviations in capitals only: "ED" is erectile difficulty, "Ed" a name.
    r"(?-i:ED|PE))\b",
    re.IGNORECASE,
)
_DENIAL = re.compile(
    r"\bno (?:problems?|issues?|trouble|concerns?|complaints?) (?:with|there)\b"
    r"|\b(?:don't|do not|doesn't|does not|never|haven't|have not) (?:have|had|get|got) (?:any )?"
    r"(?:problems?|issues?|trouble|difficult\w*|pain)\b"
    r"|\b(?:is|are|has been|have been|was|were|'s|'re)(?: always| totally| completely| actually)? "
    r"(?:fine|ok|okay|good|great|normal|not (?:a|an) (?:problem|issue))\b",
    re.IGNORECASE,
)


def _concern_sentences(message: _Message) -> list[tuple[str, list[str]]]:
    """(sentence, the clauses of it that state a concern) for each sentence that states one."""
    found = []
    for sentence in message.statements:
        if not _SEXUAL_ANCHOR.search(sentence):
            continue
        kept = [
            clause
            for clause in _clauses(sentence)
            if not _DENIAL.search(clause) and _categories(clause) != ["other"]
        ]
        if kept and set(_categories(" ".join(kept))) - {"other", "life_change"}:
            found.append((sentence, kept))
    return found


# "Pain" from a body, not a feeling: "she's really hurt" is not a pain concern.
_PHYSICAL_PAIN = re.compile(
    r"\b(?:pain\w*|hurts|hurting|burn\w*|sore\w*|sting\w*|aches?|vaginismus|dyspareunia|vulvodynia|"
    r"vestibulodynia|uncomfortable|too tight|impossible|possible|tampons?|clamps?|clench\w*|go in|"
    r"(?:sex|it|intercourse|penetration) (?:has |had |always |often |still |really |just )*hurt)\b",
    re.IGNORECASE,
)


def _categories(text: str) -> list[str]:
    found = concern.categories(text)
    if "pain" in found and not _PHYSICAL_PAIN.search(text):
        found.remove("pain")
    return found or ["other"]


def _main_concern(message: _Message, context: Context) -> dict[str, Any] | None:
    found = _concern_sentences(message)
    if not found:
        return None
    client_words = " ".join(sentence for sentence, _ in found)
    categories = _categories(" ".join(" ".join(clauses) for _, clauses in found))
    return {"client_words": client_words, "categories": categories}


_LIFELONG_STRONG = re.compile(
    r"\b(?:my (?:whole|entire) life|all my life|since forever|as long as i can remember|ever since i can remember|"
    r"always been (?:like this|like that|this way|that way|the case|an issue|a problem|painful|uncomfortable)|"
    r"(?:sex|it|intercourse|penetration) (?:has|have|had) always hurt|i've always (?:had|struggled|been)|"
    r"i have always (?:had|struggled|been)|never been able to|never (?:once )?been possible|never (?:once )?managed to|"
    r"i(?:'ve| have) never (?:once )?(?:had an? (?:orgasm|climax|erection)|been able|(?:really |truly )?enjoyed)|from the (?:start|beginning|very start)|"
    r"since (?:my first time|puberty|i was a teen(?:ager)?|i became sexually active|i started having sex)|lifelong)\b",
    re.IGNORECASE,
)
_ONSET_CUE = re.compile(
    rf"\b(?:since|ago|ever since|started|began|begun|for the (?:past|last)|in the (?:past|last)|over the (?:past|last)|"
    rf"after (?:my|our|the|we|i|he|she|they)|last (?:year|month|spring|summer|fall|autumn|winter)|this year|"
    rf"(?:for|in)\s+(?:{_APPROX}\s+)?{_DURATION}|"
    # "I can't keep an erection, its been maybe 2 years", "a dry spell that's lasted about 2 years"
    rf"(?:it's|its|it is|it has|this has|that's) been\s+(?:{_APPROX}\s+)?{_DURATION}|"
    rf"(?:lasted|has lasted|'s lasted|gone on|has gone on|'s gone on)\s+(?:for\s+)?(?:{_APPROX}\s+)?{_DURATION})\b",
    re.IGNORECASE,
)
_ONSET_SENTENCE = re.compile(
    r"\b(?:it|this|that|the problem|the issue|these issues|things|all this|everything|the pain|it all)\s+"
    r"(?:all\s+)?(?:started|began|start(?:ed)? happening|kicked in|got worse|has been (?:going on|happening|like this|"
    r"an issue|a problem)|have been going on)\b"
    r"|\b(?:it|this|that)'s been (?:going on|happening|like this|an issue|a problem)\b",
    re.IGNORECASE,
)


def _without_lengths(sentence: str) -> str:
    # "married 8 years and since the baby came two years ago": only the second is the onset.
    for m in sorted(_length_matches(sentence), key=lambda m: m.start(), reverse=True):
        sentence = sentence[: m.start()] + " " + sentence[m.end() :]
    return sentence


def _onset(message: _Message, context: Context) -> dict[str, Any] | None:
    candidates = [sentence for sentence, _ in _concern_sentences(message)]
    candidates += [s for s in message.statements if _ONSET_SENTENCE.search(s) and s not in candidates]
    onsets = []
    for sentence in candidates:
        text = _without_lengths(sentence)
        if not (_LIFELONG_STRONG.search(text) or _ONSET_CUE.search(text)):
            continue
        value = concern.onset(text, today=context.today)
        # "Since my wife works nights we rarely have sex" is a reason, not an onset: an onset needs
        # a time, a life event or a lifelong pattern.
        if value and (
            value["pattern"] == "lifelong" or value["duration_months"] is not None or value["life_events"]
        ):
            value["client_words"] = tidy(sentence)
            onsets.append(value)
    # "Since menopause started" names the event but not when: without a time (or a lifelong
    # pattern) "when did this start?" is still asked.
    if not any(o["pattern"] == "lifelong" or o["duration_months"] is not None for o in onsets):
        return None
    # "...not intimate in over a year. I think it started after our second child was born.": the
    # time from one sentence, the life event from the other.
    onset = next((o for o in onsets if o["duration_months"] is not None), onsets[0])
    if onset["pattern"] == "acquired":
        for other in onsets:
            if other is not onset and other["pattern"] == "acquired":
                onset["client_words"] += " " + other["client_words"]
                onset["life_events"] += [e for e in other["life_events"] if e not in onset["life_events"]]
    return onset


_COMPARATIVE_LEAD = frozenset(
    """it it's its is gets get got much a bit lot little way even slightly somewhat usually often generally always
    definitely and but sex things are everything far seems tends to be can feels kind of kinda actually also
    noticeably typically def bit lots tons the problem symptoms""".split()
)
_COMPARATIVE = re.compile(
    r"\b(?P<which>worse|better)\s+(?P<phrase>(?:when|whenever|if|after|during|on|in|with|while|at|around|before|once|"
    r"the more|the less|if)\b.*?)(?=\s*(?:[,;.!?]|\s-\s|\b(?:and|but)\s+(?:(?:it|it's|its|it is|things are|things get|"
    r"it gets|sex is)\s+)?(?:(?:usually|often|a|bit|little|lot|much|way|even|slightly|somewhat|far)\s+)*"
    r"(?:worse|better)\b|$))",
    re.IGNORECASE,
)
_MAKES_IT = re.compile(
    r"^(?:and |but |also |plus )?(?P<phrase>[^,;.!?]{3,60}?)\s+(?:really |definitely |always |usually |also |just |"
    r"only |sometimes )?(?:makes?|made) (?:it|things|everything|this|the problem|sex|it all) (?:a lot |much |way |"
    r"a bit |a little |even |so much )?(?P<which>worse|better)\b",
    re.IGNORECASE,
)
_HELPS = re.compile(
    r"\b(?:it|that|what) (?:really |also )?helps? (?:a lot |a bit |a little )?(?P<phrase>(?:when|if)\b.*)$",
    re.IGNORECASE,
)


def _better_worse(message: _Message) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"better": [], "worse": []}
    for sentence in message.statements:
        for m in _COMPARATIVE.finditer(sentence):
            before = _lower(sentence[: m.start()])
            lead = re.split(r"[,;]|\band\b|\bbut\b|\bthough\b", before)[-1].split()[-4:]
            if any(word not in _COMPARATIVE_LEAD for word in lead):
                continue
            if re.search(r"(?:\bnot|n't|\bno)\s+(?:\w+\s+){0,2}$", before):
                continue
            found[m.group("which").lower()].extend(concern.phrases(m.group("phrase")))
        for clause in _clauses(sentence):
            makes = _MAKES_IT.search(clause.strip())
            if makes and not re.search(r"(?:\bnot|n't|\bnothing|\bno)\b", _lower(makes.group(0))):
                found[makes.group("which").lower()].append(makes.group("phrase").strip())
            helps = _HELPS.search(clause.strip())
            if helps and not re.search(r"(?:\bnot|n't|\bnothing)\b", _lower(clause)):
                found["better"].extend(concern.phrases(helps.group("phrase")))
    return found


def _better_when(message: _Message, context: Context) -> list[str] | None:
    return _better_worse(message)["better"] or None


def _worse_when(message: _Message, context: Context) -> list[str] | None:
    return _better_worse(message)["worse"] or None


_SCORE = r"(?P<score>(?:\d{1,2}(?:\.\d)?|zero|one|two|three|four|five|six|seven|eight|nine|ten)(?:\s*(?:-|to|or|and)\s*(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten))?)"
_OUT_OF_TEN = re.compile(rf"\b{_SCORE}\s*(?:/|out of|outta|of|on a scale of)\s*(?:10|ten)\b", re.IGNORECASE)
_BOTHER_SCORE = re.compile(
    rf"\b(?:bothers?|bothered|distress(?:es|ed|ing)?|upsets?|affects?|impacts?|troubles?)\s+(?:me|us)\b"
    rf"[^.;!?]{{0,30}}?\b(?:a|an|like|about|around|maybe|probably|at|solid|easily)?\s*(?:a|an)?\s*{_SCORE}\b(?!\s*(?:years?|months?|times?|%))",
    re.IGNORECASE,
)
_DISTRESS_IS = re.compile(
    rf"\bdistress(?: level)?\s+(?:is at|is about|is around|sits at|is|at|of|=)\s+(?:a|an|about|around|like)?\s*{_SCORE}\b",
    re.I,
)
_BOTHER_WORDS = re.compile(
    r"\b(?:bother\w*|distress\w*|upset\w*|affect\w*|impact\w*|stress\w*|weigh\w*|trouble\w*|ruin\w*|kill\w*|"
    r"destroy\w*|hard|tough|difficult|big deal|how much|rate|rating|scale|frustrat\w*|depress\w*|devastat\w*|eats|"
    r"worr\w*|matters?|huge|awful|terrible)\b",
    re.IGNORECASE,
)
_OTHER_SCALES = re.compile(
    r"\b(?:pain|sleep|mood|happiness|satisfaction|marriage|relationship is|sex life is)\b", re.I
)


def _distress(message: _Message, context: Context) -> int | None:
    previous = ""
    for sentence in message.statements:
        # "It's killing our sex life. Like a 9/10.": a short rating leans on the sentence before.
        around = f"{previous} {sentence}" if len(sentence.split()) <= 5 else sentence
        previous = sentence
        for pattern in (_BOTHER_SCORE, _DISTRESS_IS, _OUT_OF_TEN):
            m = pattern.search(sentence)
            if not m:
                continue
            if pattern is _OUT_OF_TEN and (not _BOTHER_WORDS.search(around) or _OTHER_SCALES.search(around)):
                continue
            value = _parsed("distress", m.group("score"), context)
            if isinstance(value, int):
                return value
    return None


# ---------------------------------------------------------------- health

_NOT_CURRENT = re.compile(
    r"\b(?:stopped|quit|came off|come off|went off|got off|used to|was on|were on|no longer|not on|not taking|"
    r"don't take|do not take|dont take|never taken|never took|never been on|never tried|tried|weaned off|considering|"
    r"thinking about|thinking of|might|maybe|should i|wants me to|want me to|suggested|recommended|allergic to|"
    r"instead of|off of|off)\b",
    re.IGNORECASE,
)
_STOPPED_AFTER = re.compile(
    r"\b(?:stopped|quit|came off|no longer|used to|in the past|(?:don't|do not|not) (?:take|taking|on|using) (?:it|them))\b",
    re.IGNORECASE,
)
_TAKING_CUE = re.compile(
    r"\b(?:take|takes|taking|took|on|started|starting|using|use|prescribed|put on|pop|meds|medications?|medicine|"
    r"dose|got (?:the|an?|my))\b",
    re.IGNORECASE,
)
_AMBIGUOUS_CLASSES = frozenset(
    {
        "supplement",
        "androgen",
        "estrogen",
        "insulin",
        "menopausal_hormone_therapy",
        "contraceptive_device",
        "analgesic",
    }
)


def _needs_context(term: str, entry: dict[str, Any]) -> bool:
    """Words that name a medicine only when the client says they take it ("on the pill")."""
    return bool(entry.get("generic")) or entry["class"] in _AMBIGUOUS_CLASSES or len(term) <= 4 or " " in term


def _medication_hits(message: _Message) -> list[tuple[str, str, str]]:
    """(generic name, as said, the clause) for each medication the client says they take now."""
    entries = health.medication_entries()
    found = []
    for sentence in message.facts:
        for clause in _clauses(sentence):
            doc = analyse(clause)
            lowered = _lower(doc.text)
            for hit in spans(doc, "medication"):
                before, after = lowered[: hit.start_char], lowered[hit.end_char :]
                if _NOT_CURRENT.search(before) or _STOPPED_AFTER.search(after.split(" and ")[0]):
                    continue
                if hit._.negex:
                    continue
                if not _about_client(before):
                    continue
                if _needs_context(hit._.term, entries[hit.kb_id_]) and not _TAKING_CUE.search(before):
                    continue
                found.append((hit.kb_id_, hit.text, clause))
    return found


_NO_MEDICATIONS = re.compile(
    r"^(?:and |but |also )?(?:i'm|i am|im) not (?:on|taking) any (?:meds|medications?|medicines?|prescriptions?)"
    r"|^(?:and |but |also )?i (?:don't|do not|dont) take any (?:meds|medications?|medicines?|prescriptions?)"
    r"|^(?:and |but |also )?(?:no|zero) (?:meds|medications?|medicines?|prescriptions?)[.!]*\s*$",
    re.IGNORECASE,
)


def _medications(message: _Message, context: Context) -> list[dict[str, Any]] | None:
    found: dict[str, dict[str, Any]] = {}
    for name, as_said, _ in _medication_hits(message):
        found.setdefault(name, health.medication(name, as_said))
    if found:
        return list(found.values())
    said_none = any(_NO_MEDICATIONS.search(c.strip()) for s in message.facts for c in _clauses(s))
    return [] if said_none else None


# Conditions the concern itself names, or words too common to count without a diagnosis.
_CONDITIONS_NOT_EXTRACTED = frozenset(
    {
        "erectile dysfunction",
        "vaginismus",
        "vaginal dryness",
        "insomnia",
        "obesity",
        "surgery",
        "depression",
        "anxiety",
    }
)
_CONDITION_ALIASES_NOT_EXTRACTED = frozenset(
    {"expecting", "blood pressure", "nursing", "thyroid", "cholesterol", "endo"}
)
_FIRST_PERSON_HEALTH = re.compile(
    r"\b(?:i have|i've got|ive got|i've had|ive had|i had|i got|i was diagnosed with|i've been diagnosed with|"
    r"diagnosed with|i'm|i am|im|i suffer from|i struggle with|i live with|i deal with|i'm dealing with|"
    r"i'm going through|i am going through|history of|my|i'm recovering from|since my|after my|i)\b",
    re.IGNORECASE,
)


# Conditions said as a word about oneself: "41F. Perimenopausal and...", "I'm 58, postmenopausal".
_CONDITION_ADJECTIVES = frozenset(
    {
        "perimenopausal",
        "postmenopausal",
        "post-menopausal",
        "post menopausal",
        "menopausal",
        "pregnant",
        "diabetic",
    }
)
# What a medicine is for: "on metformin for type 2 diabetes".
_FOR_PURPOSE = re.compile(r"\bfor (?:my |the )?$")
_NO_CONDITIONS = re.compile(
    r"(?:^|\b(?:and|but|also) )(?:i've got|i have got|i have|ive got|i've|i got) no (?:other )?(?:health|medical) "
    r"(?:issues|problems|conditions)\b|^(?:and |but |also )?no (?:health|medical) (?:stuff|issues|problems|conditions)[.!]*\s*$",
    re.IGNORECASE,
)


_FEARED = re.compile(r"\b(?:if|worried|afraid|scared|fear|wonder|wondering)\b")


def _treated(before: str) -> bool:
    """Whether a medicine is named just before as being for the condition ("metformin for ...")."""
    return bool(_FOR_PURPOSE.search(before)) and bool(spans(analyse(before), "medication"))


def _clients_condition(hit: Any, before: str, sentence_before: str) -> bool:
    """Whether the words before a named condition make it the client's, and not only feared."""
    whole = sentence_before + before
    if _FEARED.search(whole):
        return False  # "I'm worried I'm pregnant"
    if _FIRST_PERSON_HEALTH.search(before):
        return _about_client(before)
    opening = not before.strip() and hit._.term in _CONDITION_ADJECTIVES
    return (opening or _treated(before)) and _about_client(whole)


def _medical_conditions(message: _Message, context: Context) -> list[dict[str, Any]] | None:
    found: dict[str, dict[str, Any]] = {}
    said_none = False
    for sentence in message.facts:
        for clause in _clauses(sentence):
            said_none = said_none or bool(_NO_CONDITIONS.search(clause.strip()))
            doc = analyse(clause)
            lowered = _lower(doc.text)
            at = sentence.find(clause)
            sentence_before, sentence_after = _lower(sentence[:at]), _lower(sentence[at + len(clause) :])
            for hit in spans(doc, "condition"):
                before = lowered[: hit.start_char]
                if hit.kb_id_ in _CONDITIONS_NOT_EXTRACTED or (
                    hit._.term in _CONDITION_ALIASES_NOT_EXTRACTED and not _treated(before)
                ):
                    continue  # "blood pressure" alone is no condition, "lisinopril for blood pressure" is
                if not _clients_condition(hit, before, sentence_before):
                    continue
                if hit._.negex:
                    continue
                if re.match(r"\s*(?:is|are)\s+(?:fine|normal|ok|okay|good)\b", lowered[hit.end_char :]):
                    continue
                after = lowered[hit.end_char :] + sentence_after
                suspected = health.suspected_where_named(before, after)
                found.setdefault(hit.kb_id_, health.condition(hit.kb_id_, suspected=suspected))
    return list(found.values()) or ([] if said_none else None)


_USE_STATEMENT = re.compile(
    r"^(?:and |but |also |plus |oh and |honestly |i mean )*(?:i|we|i'm|im|i am|i do|me)\b(?!\s+(?:don't|do not|never|"
    r"haven't|dont|stopped|quit|used to|no longer))(?:\s+\w+){0,2}?\s+(?:drink|drinks|drinking|smoke|smoking|smoker|"
    r"vape|vaping|use|using|take|taking|do|doing|have|'m a|am a|a|enjoy|like)\b",
    re.IGNORECASE,
)


# "I'm on blood pressure tablets and I smoke": each "and I ..." is a statement of its own.
_AND_I = re.compile(r"\s+and\s+(?=(?:i|i'm|im)\b)", re.IGNORECASE)


def _substance_use(message: _Message, context: Context) -> list[dict[str, Any]] | None:
    found: dict[str, dict[str, Any]] = {}
    for sentence in message.facts:
        for clause in (part for c in _clauses(sentence) for part in _AND_I.split(c)):
            if not _USE_STATEMENT.search(clause.strip()) or re.search(
                r"\b(?:when|whenever|after)\b", clause, re.I
            ):
                continue
            for item in health.substances(clause) or []:
                if item["frequency"] != "former":
                    found.setdefault(item["substance"], item)
    return list(found.values()) or None


# Words for a feeling, not a diagnosis, unless the client says it was diagnosed.
_DIAGNOSIS_WORDS_NEEDING_DIAGNOSED = frozenset(
    {
        "anxious",
        "depressed",
        "depressive",
        "add",
        "bed",
        "borderline",
        "addicted",
        "addiction",
        "cutting",
        "grief",
        "burnout",
        "burn out",
        "burnt out",
        "burned out",
        "ed history",
        "drug addiction",
    }
)
_DIAGNOSIS_CUE = re.compile(
    r"\b(?:i have|i've got|ive got|i've had|ive had|i had|i was diagnosed with|i've been diagnosed with|"
    r"diagnosed with|i suffer from|i struggle with|i've struggled with|i live with|i deal with|i'm dealing with|"
    r"history of|my|i'm being treated for|treated for|i'm in therapy for|for)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)


def _mental_health_history(message: _Message, context: Context) -> dict[str, Any] | None:
    diagnoses: list[str] = []
    treatment: str | None = None
    medicated: dict[str, str] = {}
    for _, as_said, clause in _medication_hits(message):
        medicated[clause] = f"{medicated[clause]}, {as_said}" if clause in medicated else as_said
    for sentence in message.facts:
        for clause in _clauses(sentence):
            doc = analyse(clause)
            lowered = _lower(doc.text)
            for hit in spans(doc, "diagnosis"):
                before = lowered[: hit.start_char]
                if re.search(r"\b(?:performance|sexual|sex)\s+$", before) or re.match(
                    r"\s+(?:about|during|in bed|around|with sex|before sex)\b", lowered[hit.end_char :]
                ):
                    continue  # "performance anxiety" is the concern, not a diagnosis
                diagnosed = re.search(r"\bdiagnosed\b", before)
                if hit._.term in _DIAGNOSIS_WORDS_NEEDING_DIAGNOSED and not diagnosed:
                    continue
                cue = _DIAGNOSIS_CUE.search(before)
                if not cue:
                    continue
                if cue.group(0).lower().startswith("for") and clause not in medicated:
                    continue  # "for anxiety" is a diagnosis only after a medication
                if hit._.negex:
                    continue
                if not _about_client(before):
                    continue
                if hit.kb_id_ not in diagnoses:
                    diagnoses.append(hit.kb_id_)
                if clause in medicated and treatment is None:
                    treatment = medicated[clause]
    if not diagnoses:
        return None
    return {"diagnoses": diagnoses, "current_treatment": treatment}


# ---------------------------------------------------------------- the table


Extractor = Callable[[_Message, Context], Any]

_EXTRACTORS: tuple[tuple[str, Extractor], ...] = (
    ("age", _age),
    ("preferred_name", _name),
    ("pronouns", _pronouns),
    ("email", _email),
    ("phone", _phone),
    ("session_format", _session_format),
    ("location", _location),
    ("seeking_for", _seeking_for),
    ("relationship_status", _relationship_status),
    ("relationship_length", _relationship_length),
    ("partner_involvement", _partner_involvement),
    ("main_concern", _main_concern),
    ("onset", _onset),
    ("better_when", _better_when),
    ("worse_when", _worse_when),
    ("distress", _distress),
    ("medical_conditions", _medical_conditions),
    ("medications", _medications),
    ("substance_use", _substance_use),
    ("mental_health_history", _mental_health_history),
)


@cache
def slots_extracted() -> frozenset[str]:
    """The slots `extract_fields` can fill."""
    return frozenset(slot for slot, _ in _EXTRACTORS)
