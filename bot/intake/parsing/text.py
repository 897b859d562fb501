"""Text helpers shared by the normalisers: tidying, phrase search, yes/no, skip and none."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from bot.intake.parsing.lexicon import load

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u201c": '"', "\u201d": '"'})
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-"})
# Chat typing drops apostrophes; the lexicons are written with them.
_CONTRACTIONS = {
    "dont": "don't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "cant": "can't",
    "wont": "won't",
    "isnt": "isn't",
    "arent": "aren't",
    "wasnt": "wasn't",
    "havent": "haven't",
    "hasnt": "hasn't",
    "wouldnt": "wouldn't",
    "shouldnt": "shouldn't",
    "couldnt": "couldn't",
    "im": "i'm",
    "ive": "i've",
    "id": "i'd",
    "thats": "that's",
    "theyre": "they're",
    "theyll": "they'll",
    "youre": "you're",
    "whats": "what's",
    "lets": "let's",
    "itll": "it'll",
    "hes": "he's",
    "shes": "she's",
    "weve": "we've",
    "somethings": "something's",
    "there's": "there's",
    "theres": "there's",
    "ain't": "ain't",
}
_FILLERS = frozenset({"um", "umm", "ummm", "uh", "uhh", "uhm", "erm", "er", "hmm", "hmmm", "hm", "ah"})
_LEADING_FILLERS = ("well ", "so ", "oh ", "ok so ", "okay so ", "honestly ", "i mean ")


def tidy(text: str) -> str:
    """The text as typed, with typographic quotes and dashes made plain and spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DASHES)
    return re.sub(r"\s+", " ", text).strip()


def with_apostrophes(text: str) -> str:
    """The text with the contractions chat typing drops spelled out ("cant" -> "can't"), case aside."""
    return re.sub(r"[A-Za-z]+", lambda m: _CONTRACTIONS.get(m.group(0).lower(), m.group(0)), text)


def plain(text: str) -> str:
    """Lower case words for matching: no emoji, punctuation or filler ('um'), spelled contractions.

    Keeps "/" ("she/her", "7/10", "n/a"), "+", "@" and decimal points, which carry meaning.
    """
    text = tidy(text).lower()
    text = text.replace("\U0001f44d", " yes ").replace("\U0001f44e", " no ")  # thumbs up / down
    text = text.replace("\U0001f910", " rather not say ")  # zipper-mouth face
    text = re.sub("\U0001f937[\U0001f3fb-\U0001f3ff\u200d\u2640\u2642\ufe0f]*", " not sure ", text)  # shrug
    text = re.sub(r"(?<=\d)\.(?=\d)", "\u0000", text)  # protect decimals from the dot rule
    text = re.sub(r"[^\w\s'/+@\u0000-]", " ", text)
    text = text.replace("\u0000", ".").replace("_", " ")
    text = re.sub(r"(?<![\w])'|'(?![\w])", " ", text)  # quote marks, not apostrophes
    text = re.sub(r"(?<![\w])-|-(?![\w])", " ", text)
    words = [_CONTRACTIONS.get(w, w) for w in text.split() if w not in _FILLERS]
    joined = " ".join(words)
    changed = True
    while changed:
        changed = False
        for filler in _LEADING_FILLERS:
            if joined.startswith(filler) and len(joined) > len(filler):
                joined = joined[len(filler) :]
                changed = True
    return joined


def squash(text: str) -> str:
    """Repeated letters folded, so "yesss", "nopee" and "okkk" meet "yes", "nope" and "ok"."""
    return re.sub(r"([a-z])\1+", r"\1", text)


@cache
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """The phrase as whole words, compiled once: the lexicons hold more phrases than `re`
    keeps compiled (512), so matching them by pattern string compiled most of them again
    at every answer."""
    return re.compile(rf"(?<![\w']){re.escape(phrase)}(?![\w'])")


def has(text: str, *phrases: str) -> bool:
    """Whether any phrase occurs in `text` (already plain) as whole words."""
    return any(phrase_pattern(p).search(text) for p in phrases)


def first_of(text: str, options: dict[str, tuple[str, ...]]) -> str | None:
    """The option whose phrase occurs earliest in `text` (longest phrase first on ties)."""
    best: tuple[int, int, str] | None = None
    for label, phrases in options.items():
        for phrase in phrases:
            match = phrase_pattern(phrase).search(text)
            if match and (best is None or (match.start(), -len(phrase)) < best[:2]):
                best = (match.start(), -len(phrase), label)
    return best[2] if best else None


def matches_any(text: str, regexes: tuple[str, ...] | list[str]) -> bool:
    return any(re.search(r, text) for r in regexes)


def _squashed_set(words: list[str]) -> frozenset[str]:
    return frozenset(squash(w) for w in words)


@cache
def _yes_no() -> dict[str, frozenset[str] | tuple[str, ...]]:
    data = load("yes_no")
    return {
        "yes_words": _squashed_set(data["yes_words"]),
        "no_words": _squashed_set(data["no_words"]),
        "yes_phrases": tuple(data["yes_phrases"]),
        "no_phrases": tuple(data["no_phrases"]),
        "yes_despite_no": tuple(data["yes_despite_no"]),
        "no_despite_yes": tuple(data["no_despite_yes"]),
        "uncertain": tuple(data["uncertain"]),
    }


def is_uncertain(text: str) -> bool:
    """'not sure', 'maybe', 'I don't know' and the like."""
    return has(plain(text), *_yes_no()["uncertain"])


def polarity(text: str) -> bool | None:
    """True for a yes, False for a no, None when the answer is neither (or unsure)."""
    words = plain(text)
    if not words:
        return None
    table = _yes_no()
    squashed = squash(words)
    if has(words, *table["yes_despite_no"]) or has(squashed, *table["yes_despite_no"]):
        return True
    if has(words, *table["no_despite_yes"]):
        return False
    first = squashed.split()[0]
    if first in table["yes_words"]:
        return True
    if first in table["no_words"]:
        return False
    if has(words, *table["uncertain"]):
        return None
    if has(words, *table["no_phrases"]):
        return False
    if has(words, *table["yes_phrases"]) or has(squashed, *table["yes_phrases"]):
        return True
    return None


@cache
def _skip_table() -> tuple[frozenset[str], tuple[re.Pattern[str], ...], frozenset[str]]:
    data = load("skip_phrases")
    return (
        frozenset(data["whole_answers"]),
        tuple(re.compile(p) for p in data["anywhere_patterns"]),
        frozenset(data["ignorable_words"]),
    )


def is_skip(text: str) -> bool:
    """Whether the client is skipping or declining the question."""
    words = plain(text)
    whole, anywhere, ignorable = _skip_table()
    core = " ".join(w for w in words.split() if w not in ignorable)
    if core in whole or squash(core) in whole:
        return True
    return any(p.search(words) for p in anywhere)


@cache
def _none_table() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    data = load("none_phrases")
    return (
        frozenset(data["whole_answers"]),
        frozenset(data["negators"]),
        frozenset(data["allowed_words"]),
    )


def said_none(text: str) -> bool:
    """Whether the answer means "none" ("nope", "no meds", "I don't take anything", "n/a").

    An answer counts when every word is from a small none-ish vocabulary and at least one of them
    negates, so "no, just the pill" is not none but "nope, nothing at all thanks" is.
    """
    words = plain(text).replace("n/a", "na")
    whole, negators, allowed = _none_table()
    if not words:
        return False
    if words in whole or squash(words) in whole:
        return True
    tokens = [squash(w) if squash(w) in negators else w for w in words.split()]
    return all(t in allowed or t in negators for t in tokens) and any(t in negators for t in tokens)


_SPLIT = re.compile(r"\s*(?:[,;\n]|\.(?!\d)|!|\?|\s-\s)\s*")


def clauses(text: str) -> list[str]:
    """The answer cut at commas, semicolons and sentence ends, each part trimmed (original case)."""
    return [part.strip() for part in _SPLIT.split(tidy(text)) if part and part.strip()]


def strip_edges(text: str) -> str:
    """Trimmed of surrounding spaces, quotes and trailing punctuation."""
    return text.strip().strip("\"'").strip().rstrip(".!?,;:").strip()


FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|me|we|we're|we've|we'd|us|our)\b")
_SOMEONE_ELSE = re.compile(
    r"\b(?:my|our|his|her|their) (?:husband|wife|partner|boyfriend|girlfriend|bf|gf|spouse|fianc[eé]e?|"
    r"mom|mum|dad|mother|father|sister|brother|son|daughter|friend|friends|kids?|children|child|parents?|"
    r"ex|boss|doctor|coworker|colleague)(?:'s)?\b|\b(?:he|she|they|he's|she's|they're|hes|shes)\b"
)


# A doctor reporting on the client: "my doctor suspects diabetes", "my doctor prescribed sertraline".
_DOCTOR_REPORTS = re.compile(
    r"my doctor(?:'s| is| has)? (?:just |also |recently |finally )?(?:says?|said|thinks?|thought|suspects?|"
    r"suspected|reckons?|believes?|diagnosed|told|prescribed|put|started|switched|upped|increased|lowered|"
    r"gave|recommended|found|mentioned|wants?|wanted|(?:testing|checking|running tests) for)\b"
)


def about_client(prefix: str) -> bool:
    """Whether the words before a fact make the client its subject rather than someone else."""
    words = prefix.lower()
    own = [m.start() for m in FIRST_PERSON.finditer(words)]
    # "my doctor suspects ...", "my doctor prescribed ...": the doctor reports on the client.
    other = [m.start() for m in _SOMEONE_ELSE.finditer(words) if not _DOCTOR_REPORTS.match(words, m.start())]
    if not other:
        return True
    return bool(own) and max(own) > max(other)


def someone_elses(item: str) -> bool:
    """Whether a list item is about someone else: its subject is another person and the client is
    not named after it ("my husband is on viagra", not "my doctor put me on sertraline" or "my
    doctor suspects diabetes")."""
    words = item.strip().lower()
    subject = _SOMEONE_ELSE.match(words)
    if not subject:
        return False
    rest = words[subject.end() :]
    if (
        rest.startswith("/")
        or not rest.strip(" .!")
        and not subject.group(0).startswith(("my", "our", "his", "her", "their"))
    ):
        return False  # "he/him" or "he" alone names pronouns, not someone who does something
    return not about_client(words)
