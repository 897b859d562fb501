"""The health section: conditions, medications, substances and mental health history.

The lexicon terms come from the shared extraction Doc (bot.nlp.extraction.analyse): spans of
intake_terms, negated ones marked by intake_negation (negspacy).
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from typing import Any

from bot.intake.parsing.lexicon import load
from bot.intake.parsing.text import has, plain, said_none, someone_elses, strip_edges, tidy
from bot.nlp.extraction import analyse
from bot.nlp.terms import read_terms, spans


@cache
def _medication_table() -> dict[str, Any]:
    return load("medications")


MEDICATION_CLASSES_WITH_SEXUAL_SIDE_EFFECTS: frozenset[str] = frozenset(
    _medication_table()["classes_with_sexual_side_effects"]
)

# Items of a list answer: "Zoloft 50mg, the pill and vitamin D" -> three items; "nothing except
# metformin" -> "nothing" (a said-none item, dropped) and "metformin". The dot of a title ("Ms.
# Patel", "Dr. Kim") ends no item.
_ITEM_SPLIT = re.compile(
    r"\s*(?:[,;\n&+]|(?<!\bms)(?<!\bmr)(?<!\bmrs)(?<!\bdr)(?<!\bmx)\.(?!\d)|!|\band also\b|\band\b|\balso\b|\bplus\b|\bas well as\b|\bbut\b|\bthen\b"
    r"|\bexcept(?: for)?\b|\bapart from\b|\bother than\b|\bbesides\b|\baside from\b)\s*",
    re.IGNORECASE,
)
_LEAD_INS = re.compile(
    r"^(?:(?:yes|yeah|yep|yup|well|so|um+|uh+|just|only|currently|right now|at the moment|mostly)\b[\s,]*)*"
    r"(?:i(?:'m| am)? (?:currently |also )?(?:take|taking|use|using|on|have|had|got|'ve got|have got|was diagnosed with|get)|"
    r"i've (?:got|had|been diagnosed with|been on)|i'm on|i am on|on|taking|diagnosed with|history of|"
    r"a history of|we (?:take|use)|i'm|i am|some|a bit of|mild|slight|my)?\b\s*",
    re.IGNORECASE,
)
_FILLER_ITEM = re.compile(
    r"(?i)^(?:(?:i think |i guess |and )?that's (?:it|all)|that is (?:it|all)|nothing else|i think|i guess|i believe|"
    r"that's everything|thanks|thank you|none|no|nothing|other than that|otherwise (?:nothing|none)|"
    r"not much else|um+|uh+|so|well|also|too|as well|both|daily|sometimes|a day|i think so|"
    r"(?:now |all |well |mostly )?(?:treated|managed|controlled|under control|in remission|resolved|"
    r"fixed|cured|fine now|gone now|mild|minor)|still (?:on|taking|using) (?:it|them|that)|"
    r"(?:i'm |i am )?(?:not sure|unsure|don't know|dont know|can't remember|cannot remember) "
    r"(?:which|what|the name|the names)(?: ones?| it is| they are)?|"
    r"(?:nothing|none|no meds|no medication) (?:now|at the moment|currently|these days|anymore)|"
    r"(?:i'm |i am )?(?:not sure|unsure|idk|dunno|don't know|dont know|no idea)(?: (?:of|about) (?:the )?names?)?|maybe|"
    r"(?:diagnosed|since|from|in|back in)(?: in)? (?:19|20)\d\d|"
    r"(?:not |never )?(?:officially |formally )?(?:diagnosed|confirmed)(?: yet)?|self[- ]?diagnosed|suspected|"
    r"oh|i|and|or|oops|sorry|btw|by the way|(?:i )?(?:forgot|forgot to (?:mention|say)|should have said)(?: that)?)$"
)
_PAST = (
    "stopped",
    "used to",
    "no longer",
    "quit",
    "came off",
    "went off",
    "got off",
    "not anymore",
    "don't anymore",
    "was on",
    "weaned off",
    "not taking",
)


# What a client adds about a medication rather than naming one ("viagra but it doesn't help much").
_COMMENT_ITEM = re.compile(
    r"(?i)^(?:it|it's|its|they|they're|that|this|which|these|those|doesn't|does not|don't|dont|didn't|not)\b"
    r"|\b(?:know|remember|recall|sure of|forgot|forget) (?:the |its |it's |their )?names?\b"
    r"|\b(?:help|helps|helped|helping|work|works|worked|working|side effects?)\b"
)


_VAGUE_MEDICINE = re.compile(
    r"(?i)(?:a |an |the |some )?(?:something|thing|stuff|pills?|tablets?|meds?|medications?|medicines?|"
    r"drugs?|one|ones|cream|creams|inhaler|injections?|shots?|prescription|supplements?)"
)


_ADDED_TAIL = re.compile(r"(?i)\s+(?:too|as well|also)$")


def own_words(text: str) -> str:
    """The answer without its items about someone else: "none, my partner's on antidepressants
    though" -> "none"."""
    return ", ".join(raw for raw in _ITEM_SPLIT.split(tidy(text)) if raw.strip() and not someone_elses(raw))


def own_items_say_none(text: str) -> bool:
    """Whether every item of the answer that is the client's says none: "none, my partner's on
    antidepressants though" does; "I don't drink, but I vape" does not."""
    own = [raw for raw in _ITEM_SPLIT.split(tidy(text)) if raw.strip(" .!?") and not someone_elses(raw)]
    return bool(own) and all(said_none(raw) for raw in own)


def _items(text: str) -> list[str]:
    items = []
    for raw in _ITEM_SPLIT.split(tidy(text)):
        if someone_elses(raw):
            continue  # "my husband is on viagra", "my dad has diabetes": not the client's
        item = strip_edges(_LEAD_INS.sub("", strip_edges(raw), count=1))
        item = _ADDED_TAIL.sub("", item)  # "zoloft too"
        if item and not _FILLER_ITEM.match(item) and not said_none(item):
            items.append(item)
    return items


def _medication_entries() -> dict[str, dict[str, Any]]:
    return _medication_table()["medications"]  # type: ignore[no-any-return]


def _medication(name: str, as_said: str) -> dict[str, Any]:
    entry = _medication_entries().get(name)
    drug_class = entry["class"] if entry else None
    known = entry.get("sexual_side_effects_known") if entry else None
    if known is None:
        known = drug_class in MEDICATION_CLASSES_WITH_SEXUAL_SIDE_EFFECTS
    return {"name": name, "as_said": as_said, "drug_class": drug_class, "sexual_side_effects_known": known}


_DOSE = re.compile(
    r"(?i)\b\d+(?:\.\d+)?\s*(?:mg|mcg|µg|g|ml|iu|units?|milligrams?|tablets?|pills?|caps?|capsules?)\b"
    r"|\b(?:once|twice|three times)(?: a| per)? (?:day|daily|week|weekly)\b"
    r"|\b(?:daily|nightly|weekly|every (?:day|night|morning|evening)|a day|per day|at night|at bedtime|"
    r"in the morning|in the evening|as needed|prn|bid|tid|qd|qhs|mg|dose|dosage|x ?\d+|\d+)\b"
)


@cache
def _single_words(kind: str) -> dict[str, str]:
    """Single-word names of a lexicon ("medication", "diagnosis") of five letters or more -> what
    they name (for typos)."""
    return {term: key for term, key in read_terms([kind])[kind].items() if " " not in term and len(term) >= 5}


def _close_word(kind: str, word: str) -> str | None:
    """What a misspelt single-word name of the lexicon names ("diabetis" -> diabetes)."""
    words = _single_words(kind)
    match = difflib.get_close_matches(word, list(words), n=1, cutoff=0.84)
    return words[match[0]] if match else None


def medications(text: str) -> list[dict[str, Any]] | None:
    """Each medication named, by generic name; unknown ones kept as said. None if nothing is."""
    entries = _medication_entries()
    found: list[dict[str, Any]] = []
    for item in _items(text):
        words = item.lower()
        if any(phrase in words for phrase in _PAST):
            continue
        named = spans(analyse(item), "medication")
        hits = [hit for hit in named if not hit._.negex]
        if named and not hits:
            continue  # "not on zoloft": a medication denied is not one taken
        if not hits:
            close = [
                key
                for word in re.findall(r"[a-z][a-z-]{4,}", words)
                if (key := _close_word("medication", word))
            ]
            hits_names = close
        else:
            hits_names = list(dict.fromkeys(hit.kb_id_ for hit in hits))
            specific = [name for name in hits_names if not entries[name].get("generic")]
            hits_names = specific or hits_names
        if hits_names:
            found.extend(_medication(name, item) for name in hits_names)
            continue
        name = re.sub(r"\s+", " ", _DOSE.sub(" ", words)).strip(" -,.")
        without_purpose = re.sub(r"\s+(?:for|to help with|because of)\s.*$", "", name)
        # "something for my thyroid": the purpose is all that names a vague medicine.
        if not _VAGUE_MEDICINE.fullmatch(without_purpose):
            name = without_purpose
        if found and _COMMENT_ITEM.search(name):
            continue  # a remark about the medication just named, not another one
        if name and re.search(r"[a-z]", name):
            found.append(_medication(name, item) | {"name": name})
    unique: dict[str, dict[str, Any]] = {}
    for medication in found:
        unique.setdefault(medication["name"], medication)
    if not unique and not any(phrase in text.lower() for phrase in _PAST):
        return None
    return list(unique.values())


def _condition_entries() -> dict[str, dict[str, Any]]:
    return load("medical_conditions")["conditions"]  # type: ignore[no-any-return]


# A condition the client suspects but has not had diagnosed: "suspected diabetes", "self-diagnosed
# endometriosis", "not sure, maybe diabetes", "PCOS?". Kept as "diabetes (suspected)".
_SUSPECTED = re.compile(
    r"(?i)\b(?:suspected|suspects?|suspecting|self[- ]?diagnosed|undiagnosed|maybe|possibly|possible|probably|"
    r"might have|may have|might be|could be|i think|think i have|i guess|query|querying|"
    r"(?:being|getting) (?:tested|checked|investigated) for|(?:testing|checking) (?:me )?for|"
    r"waiting (?:for|on) (?:tests?|results?|a diagnosis)|"
    r"not (?:officially |formally )?(?:diagnosed|confirmed)|unconfirmed)\b|\?"
)


# Said anywhere in an answer naming one condition, these make it suspected ("endometriosis, not
# officially diagnosed"); "I think" is not among them ("diabetes, I think that's it").
_SUSPECTED_ANYWHERE = re.compile(
    r"(?i)\b(?:suspected|self[- ]?diagnosed|undiagnosed|unconfirmed|(?:being|getting) (?:tested|checked) for|"
    r"not (?:officially |formally )?(?:diagnosed|confirmed))\b|\?"
)


def conditions(text: str) -> list[dict[str, Any]]:
    """Each condition named and not negated, with its category; anything unrecognised is kept as said."""
    entries = _condition_entries()
    found: list[dict[str, Any]] = []
    for item in _items(text):
        lower = item.lower()
        named = spans(analyse(item), "condition")
        hits = [h for h in named if not h._.negex]
        if hits:
            suffix = " (suspected)" if _SUSPECTED.search(item) else ""
            found.extend({"name": h.kb_id_ + suffix, "category": entries[h.kb_id_]["category"]} for h in hits)
        elif not named and re.search(r"[a-z]", lower):
            found.append({"name": item, "category": None})
    named = [condition for condition in found if condition["category"] is not None]
    if len(named) == 1 and _SUSPECTED_ANYWHERE.search(text) and not named[0]["name"].endswith(" (suspected)"):
        named[0]["name"] += " (suspected)"
    unique: dict[str, dict[str, Any]] = {}
    for condition in found:
        unique.setdefault(condition["name"].lower(), condition)
    return list(unique.values())


_CLAUSE_SPLIT = re.compile(
    r"\s*(?:[,;\n]|\.(?!\d)|!|\bbut\b|\band\b(?=\s+(?:i|i'm|we|my|he|she|they)\b))\s*", re.IGNORECASE
)


def _frequency(clause: str, frequencies: dict[str, list[str]]) -> str | None:
    for label in ("former", "rarely", "daily", "weekly", "occasional"):
        if has(clause, *frequencies[label]):
            return label
    return None


def substances(text: str) -> list[dict[str, Any]] | None:
    """Each substance named with how often; None when no substance is named."""
    data = load("substances")
    found: dict[str, str | None] = {}
    how_often_alone: list[str] = []  # "more wine than I should, most nights": how often, said apart
    for raw in _CLAUSE_SPLIT.split(tidy(text)):
        clause = plain(raw)
        if not clause or someone_elses(raw):
            continue  # "my husband drinks a lot": his, not the client's
        clause = re.sub(r"\bno more than\b", "at most", clause)
        doc = analyse(clause)
        hits = [h for h in spans(doc, "substance") if not h._.negex]
        if has(clause, *data["not_alcohol"]):
            hits = [h for h in hits if not (h.kb_id_ == "alcohol" and h._.term in data["alcohol_verbs"])]
            hits = [h for h in hits if h._.term != "coke"]
        named = [(h.start_char, h.kb_id_) for h in hits]
        smokeables = {"cannabis", "cocaine", "methamphetamine", "cbd", "opioids"}
        if not smokeables & {key for _, key in named}:
            named += [
                (h.start_char, h.kb_id_)
                for h in spans(doc, "smoking")
                if not h._.negex
                and (
                    has(clause, *data["frequencies"]["former"])  # "I don't smoke anymore": stopped
                    or not re.search(
                        r"\b(?:don't|do not|never|doesn't)\s+(?:\w+\s+)?$", clause[: h.start_char]
                    )
                )
            ]
        if re.match(r"^(?:i )?(?:don't|do not|never)\b", clause) and not has(
            clause, *data["frequencies"]["former"]
        ):
            continue
        named.sort()
        clause_frequency = _frequency(clause, data["frequencies"])
        if not named and clause_frequency:
            how_often_alone.append(clause_frequency)
        parts = [(m.start(), m.end()) for m in re.finditer(r"[^&+]+?(?=\s(?:and|plus)\s|[&+]|$)", clause)]
        for index, (start, name) in enumerate(named):
            # How often belongs first to its own part of a list ("beer on weekends and the
            # occasional joint"), then to the words from this substance up to the next one named.
            part = next((clause[a:b] for a, b in parts if a <= start < b), "")
            others_in_part = [
                s
                for s, other in named
                if other != name
                and part
                and s != start
                and any(a <= s < b and a <= start < b for a, b in parts)
            ]
            later = [s for s, other in named[index + 1 :] if other != name]
            own = None if others_in_part else _frequency(part, data["frequencies"])
            own = own or _frequency(clause[start : later[0] if later else len(clause)], data["frequencies"])
            if found.get(name) is None:
                found[name] = own or clause_frequency
    if not found:
        if has(plain(text), *data["recovery_words"]):
            # "sober 3 years", "I'm in recovery": past use, the substance not named.
            words = plain(text)
            name = (
                "alcohol" if has(words, "alcohol", "alcoholic", "drinking", "drink", "aa") else "unspecified"
            )
            return [{"substance": name, "frequency": "former"}]
        return None
    if len(how_often_alone) == 1:
        found = {name: frequency or how_often_alone[0] for name, frequency in found.items()}
    return [{"substance": name, "frequency": frequency} for name, frequency in found.items()]


def says_stopped(text: str) -> bool:
    """Whether the answer speaks of use that has stopped ("I don't drink anymore", "quit smoking")."""
    return has(plain(text), *load("substances")["frequencies"]["former"])


def only_soft_drinks(text: str) -> bool:
    """Whether the answer says it is only drinks that are not alcohol ("coffee only", "just tea").

    Without "only" or "just" ("coffee every day") it may be a misunderstood question, so no.
    """
    data = load("substances")
    words = plain(text)
    return has(words, *data["not_alcohol"]) and has(
        words, "only", "just", "nothing but", "except", "other than"
    )


_ON_AND_OFF = re.compile(r"\b(?:on and off|off and on|on off|on-and-off|off-and-on|on again off again)\b")
_TREATMENT_CLAUSES = re.compile(
    r"\s*(?:[,;\n]|\.(?!\d)|!|\bbut\b|\band\b(?=\s+(?:i|i'm|i've|we|currently|now)\b))\s*", re.IGNORECASE
)


def mental_health(text: str) -> dict[str, Any] | None:
    """Diagnoses named and the current treatment phrase; None when neither is there."""
    data = load("mental_health")
    lower = plain(text)
    diagnoses = [hit.kb_id_ for hit in spans(analyse(lower), "diagnosis") if not hit._.negex]
    if not diagnoses and not re.search(r"\b(?:no|not|never|don't|dont)\b", lower):
        # "anxeity", "depresion": a one-word diagnosis typed with a slip.
        diagnoses = [
            key for word in re.findall(r"[a-z]{5,}", lower) if (key := _close_word("diagnosis", word))
        ]
    treatment: list[str] = []
    if not has(lower, *data["untreated_words"]):
        for clause in _TREATMENT_CLAUSES.split(tidy(text)):
            words = _ON_AND_OFF.sub(" ", plain(clause))  # "depression on and off" is not "on" a medicine
            named_medicine = bool(spans(analyse(clause), "medication"))
            if (has(words, *data["treatment_words"]) or named_medicine) and not has(
                words, *data["past_words"]
            ):
                treatment.append(strip_edges(clause))
    if not diagnoses and not treatment:
        return None
    return {"diagnoses": list(dict.fromkeys(diagnoses)), "current_treatment": "; ".join(treatment) or None}


def medications_named(text: str) -> bool:
    """Whether the text names a medication of the lexicon (typos included)."""
    if spans(analyse(text), "medication"):
        return True
    return any(_close_word("medication", word) for word in re.findall(r"[a-z][a-z-]{4,}", text.lower()))


def only_denies(text: str, kind: str) -> bool:
    """Whether the answer names terms of a kind ("condition", "medication") only to deny them and
    says nothing else ("no BP issues", "not on antidepressants or anything"): a said-none answer."""
    doc = analyse(text)
    named = spans(doc, kind)
    if not named or any(not hit._.negex for hit in named):
        return False
    rest = doc.text
    for hit in sorted(named, key=lambda hit: hit.start_char, reverse=True):
        rest = rest[: hit.start_char] + " " + rest[hit.end_char :]
    return said_none(rest)


def conditions_named(text: str) -> bool:
    """Whether the text names a condition of the lexicon."""
    return bool(spans(analyse(text), "condition"))


# ---------------------------------------------------------------- lookups for bot.intake.extract


def medication_entries() -> dict[str, dict[str, Any]]:
    """The medications lexicon: generic name -> entry (class, aliases, generic, ...)."""
    return _medication_entries()


def medication(name: str, as_said: str) -> dict[str, Any]:
    """The summary's medication item for a generic name from the lexicon."""
    return _medication(name, as_said)


def condition(name: str, *, suspected: bool = False) -> dict[str, Any]:
    """The summary's condition item for a condition name from the lexicon."""
    return {
        "name": name + (" (suspected)" if suspected else ""),
        "category": _condition_entries()[name]["category"],
    }


# In a sentence that says more than the condition ("I think I might have PCOS, and sex hurts"),
# only the words that govern it make it suspected: a suspicion just before it ("my doctor suspects",
# "being tested for", "possibly") or a qualifier just after ("PCOS?", "endometriosis, not
# diagnosed yet"). A "maybe" elsewhere in the sentence is about something else ("I have diabetes,
# maybe that's why").
_SUSPECTED_BEFORE = re.compile(
    r"(?i)\b(?:(?:(?:suspects?|suspected|suspecting|querying|query|thinks?|believes?|reckons?|wonders?|wondering)"
    r"(?: (?:that|if|whether))?(?: (?:i|i'm|im|i am|it's|its|it is|it|this is))?|(?:could|might|can) (?:it|this) be|"
    r"is it|possibly|probably|perhaps|maybe)(?: (?:might|may|could))?"
    r"(?:\s?'ve got|\s?'ve| ve got| have got| have| got| be| am)?|"
    r"(?:might|may|could) (?:have got|have|be)|self[- ]?diagnosed(?: with)?|undiagnosed|possible|"
    r"(?:being|getting|been) (?:tested|checked|investigated|assessed|referred) for|"
    r"(?:testing|checking|investigating) (?:me )?for|waiting (?:for|on) (?:tests?|results?|a diagnosis) for|"
    r"not (?:officially |formally )?(?:diagnosed|confirmed) with)(?: (?:a|an|some|early|mild))?\s*$"
)
_SUSPECTED_AFTER = re.compile(
    r"(?i)^\s*(?:\?|[,(-]?\s*(?:suspected|unconfirmed|undiagnosed|self[- ]?diagnosed|"
    r"not (?:yet |officially |formally )?(?:diagnosed|confirmed)|(?:still )?waiting (?:for|on) "
    r"(?:tests?|results?|a diagnosis)|i (?:think|guess|believe)\b(?!\s+(?:that|it|this|so|i|my|we|he|she)\b))\b)"
)


def suspected_where_named(before: str, after: str) -> bool:
    """Whether the words just before a condition's name in its clause, or just after it in its
    sentence, say it is suspected, not diagnosed."""
    return bool(_SUSPECTED_BEFORE.search(before) or _SUSPECTED_AFTER.search(after))
