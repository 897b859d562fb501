"""Numbers, durations and start dates as people write them ("thirty four", "a year and a half")."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from bot.intake.parsing.lexicon import load
from bot.intake.parsing.text import plain


@dataclass(frozen=True)
class Number:
    value: float
    start: int
    end: int


@cache
def _words() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    data = load("number_words")
    return data["units"], data["tens"], data["scales"]


_TOKEN = re.compile(r"\d+(?:\.\d+)?|[a-z]+")


def find_numbers(text: str) -> list[Number]:
    """Every number in `text` (already plain): digits, decimals and spelled-out numbers."""
    tokens = list(_TOKEN.finditer(text))
    found: list[Number] = []
    i = 0
    while i < len(tokens):
        word = tokens[i].group(0)
        if word[0].isdigit():
            found.append(Number(float(word), tokens[i].start(), tokens[i].end()))
            i += 1
            continue
        parsed = _spelled(tokens, i, text)
        if parsed is None:
            i += 1
            continue
        value, j = parsed
        found.append(Number(float(value), tokens[i].start(), tokens[j - 1].end()))
        i = j
    return found


def _spelled(tokens: list[re.Match[str]], i: int, text: str) -> tuple[int, int] | None:
    """A spelled-out number starting at token i: (value, index after it), or None."""
    units, tens, scales = _words()

    def word(k: int) -> str | None:
        # The k-th token, if it directly follows the one before it (space or hyphen between).
        if k >= len(tokens) or text[tokens[k - 1].end() : tokens[k].start()].strip(" -"):
            return None
        return tokens[k].group(0)

    def below_hundred(k: int) -> tuple[int, int] | None:
        w = tokens[k].group(0) if k == i else word(k)
        if w in tens:
            nxt = word(k + 1)
            if nxt in units and 0 < units[nxt] < 10:
                return tens[w] + units[nxt], k + 2
            return tens[w], k + 1
        if w in units:
            return units[w], k + 1
        return None

    first = below_hundred(i)
    if first is None:
        return None
    value, j = first
    if word(j) in scales and value < 10:
        value *= scales[word(j)]  # type: ignore[index]
        j += 1
        k = j + 1 if word(j) == "and" else j
        rest = below_hundred(k) if word(k) is not None else None
        if rest:
            value += rest[0]
            j = rest[1]
    return value, j


def words_to_digits(text: str) -> str:
    """`text` (plain) with spelled-out numbers replaced by digits ("thirty four" -> "34")."""
    out, last = [], 0
    for number in find_numbers(text):
        out.append(text[last : number.start])
        value = number.value
        out.append(str(int(value)) if value == int(value) else str(value))
        last = number.end
    out.append(text[last:])
    return "".join(out)


def as_number(value: float) -> int | float:
    """Rounded to one decimal, and an int when whole (JSON reads nicer)."""
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded


# ---------------------------------------------------------------- durations

_UNIT_MONTHS = {
    "decade": 120.0,
    "decades": 120.0,
    "year": 12.0,
    "years": 12.0,
    "yr": 12.0,
    "yrs": 12.0,
    "y": 12.0,
    "yo": 12.0,
    "month": 1.0,
    "months": 1.0,
    "mo": 1.0,
    "mos": 1.0,
    "mth": 1.0,
    "mths": 1.0,
    "mnths": 1.0,
    "week": 12 / 52,
    "weeks": 12 / 52,
    "wk": 12 / 52,
    "wks": 12 / 52,
    "day": 12 / 365.25,
    "days": 12 / 365.25,
}
_UNIT = r"(?:decades?|years?|yrs?|y|months?|mos?|mths?|mnths|weeks?|wks?|days?)"
_NUM = r"\d+(?:\.\d+)?"


def _approximate_to_digits(text: str) -> str:
    approx = load("number_words")["approximate"]
    for phrase in sorted(approx, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(phrase)}\b", str(approx[phrase]), text)
    return text


def _durations_text(text: str) -> str:
    text = words_to_digits(plain(text))
    text = re.sub(r"\bhalf (?:a|an) (year|month|week|day|decade)\b", r"0.5 \1", text)
    text = re.sub(r"\ba half (year|month|week|day|decade)\b", r"0.5 \1", text)
    text = re.sub(r"\b(?:a|an|1) (year|month|week|day|decade)s? and a half\b", r"1.5 \1s", text)
    text = _approximate_to_digits(text)
    text = re.sub(r"\b(?:a|an) (year|month|week|day|decade)\b", r"1 \1", text)
    # "over the last year" is a span of one year, not the calendar year before this one.
    text = re.sub(
        r"\b((?:over|in|for|during|within|throughout) the (?:last|past)) (year|month|week|decade)\b",
        r"\1 1 \2",
        text,
    )
    text = re.sub(rf"\b({_NUM}) and (?:a )?half\b", lambda m: str(float(m.group(1)) + 0.5), text)
    text = re.sub(
        rf"\b({_NUM}) ({_UNIT}) and a half\b", lambda m: f"{float(m.group(1)) + 0.5} {m.group(2)}", text
    )
    # Ranges become their middle: "5-6 years", "5 or 6 years", "5 to 6 years".
    text = re.sub(
        rf"\b({_NUM}) ?(?:-|to|or) ?({_NUM})(?= ?\+?(?:ish)? ?{_UNIT}\b)",
        lambda m: str((float(m.group(1)) + float(m.group(2))) / 2),
        text,
    )
    return text


@dataclass(frozen=True)
class _Amount:
    months: float
    unit_months: float
    start: int
    end: int


def duration_months(text: str) -> float | None:
    """The longest duration stated, in months, or None.

    "5 years and 3 months" adds up (each part a smaller unit); separate durations such as
    "married 10 years, together 12" give the larger, because the time together is what is asked
    and includes the marriage. A bare number borrows the unit of the duration before it only
    after words like "together" or "total".
    """
    text = _durations_text(text)
    amounts: list[_Amount] = []
    for m in re.finditer(rf"\b({_NUM})\s?(?:\+|-?ish)?\s?({_UNIT})\b(?:\s?\+)?", text):
        value, unit = float(m.group(1)), _UNIT_MONTHS[m.group(2)]
        amounts.append(_Amount(value * unit, unit, m.start(), m.end()))
    if amounts:
        for m in re.finditer(
            rf"\b(?:together|total|altogether|overall|in all)\s(?:for\s)?({_NUM})\b(?!\s?{_UNIT})"
            rf"|\b({_NUM})\s(?:together|total|altogether|overall|in all)\b",
            text,
        ):
            before = [a for a in amounts if a.end <= m.start()]
            if before:
                unit = before[-1].unit_months
                amounts.append(_Amount(float(m.group(1) or m.group(2)) * unit, unit, m.start(), m.end()))
    if not amounts:
        return None
    amounts.sort(key=lambda a: a.start)
    groups: list[float] = []
    previous: _Amount | None = None
    for amount in amounts:
        joined = (
            previous is not None
            and amount.unit_months < previous.unit_months
            and re.fullmatch(r"\s*(?:,|and|,\s?and)?\s*", text[previous.end : amount.start])
        )
        if joined:
            groups[-1] += amount.months
        else:
            groups.append(amount.months)
        previous = amount
    return max(groups)


# ---------------------------------------------------------------- start dates

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
_SEASONS = {"spring": 4, "summer": 7, "fall": 10, "autumn": 10, "winter": 1}
# Holidays people date things by ("since last Christmas"), by the month they fall in.
_HOLIDAYS = {
    "christmas": 12,
    "xmas": 12,
    "thanksgiving": 11,
    "new year": 1,
    "new year's": 1,
    "new years": 1,
    "easter": 4,
    "valentine's": 2,
    "valentines": 2,
    "valentine's day": 2,
    "halloween": 10,
}


@dataclass(frozen=True)
class Start:
    """An approximate start: a year, and the month when it is known."""

    year: int
    month: int | None = None

    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"

    def months_until(self, today: date) -> int:
        # A year on its own is taken as its middle (July), or January for the current year, so
        # "since 2019" is neither the longest nor the shortest reading.
        month = self.month or (7 if self.year < today.year else 1)
        return max(0, (today.year - self.year) * 12 + today.month - month)


def _latest(month: int, today: date, *, allow_this_month: bool = True) -> int:
    """The year of the most recent `month` on or before today."""
    if month < today.month or (allow_this_month and month == today.month):
        return today.year
    return today.year - 1


def find_start(text: str, today: date) -> Start | None:
    """An absolute or calendar start ("since 2019", "March 2020", "last spring"), or None."""
    words = plain(text)
    m = re.search(rf"\b({_MONTH})\.?\s(?:of\s)?(?:'|')?(\d{{4}}|\d{{2}})\b", words)
    if m:
        year = int(m.group(2))
        year = year + 2000 if year < 100 and year + 2000 <= today.year else year + (1900 if year < 100 else 0)
        return Start(year, _MONTHS[m.group(1)])
    m = re.search(r"\b(\d{1,2})/(\d{4})\b", words) or re.search(r"\b(\d{4})-(\d{1,2})\b", words)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        year, month = (b, a) if a <= 12 and b > 12 else (a, b)
        if 1 <= month <= 12 and 1900 < year <= today.year:
            return Start(year, month)
    m = re.search(r"\b(spring|summer|fall|autumn|winter)(?:\sof)?\s(\d{4})\b", words)
    if m:
        return Start(int(m.group(2)), _SEASONS[m.group(1)])
    m = re.search(
        r"\b(?:last|this|past|in the|since the|since|over the)\s(spring|summer|fall|autumn|winter)\b", words
    )
    if m:
        month = _SEASONS[m.group(1)]
        # "last spring" in November is this year's spring: the most recent one that has begun.
        return Start(_latest(month, today, allow_this_month=False), month)
    holiday = "|".join(re.escape(h) for h in sorted(_HOLIDAYS, key=len, reverse=True))
    m = re.search(rf"\b({holiday})(?:\sof)?\s(\d{{4}})\b", words)
    if m:
        return Start(int(m.group(2)), _HOLIDAYS[m.group(1)])
    m = re.search(rf"\b(?:last|this|past|since|since last|since the|around|at|over)\s({holiday})\b", words)
    if m:
        month = _HOLIDAYS[m.group(1)]
        return Start(_latest(month, today, allow_this_month=False), month)
    if re.search(r"\b(?:the year before last|2 years ago)\b", words) and "ago" not in words:
        return Start(today.year - 2)
    if re.search(r"\blast year\b", words):
        return Start(today.year - 1)
    if re.search(r"\b(?:this year|earlier this year|start of the year|beginning of the year)\b", words):
        return Start(today.year, 1)
    if re.search(r"\blast month\b", words):
        previous = today.replace(day=1) - timedelta(days=1)
        return Start(previous.year, previous.month)
    m = re.search(r"\b(?:19[5-9]\d|20\d\d)\b", words)
    if m and int(m.group(0)) <= today.year:
        year = int(m.group(0))
        month_m = re.search(rf"\b({_MONTH})\b(?:\s\d{{1,2}}(?:st|nd|rd|th)?)?,?\s(?:of\s)?{year}", words)
        return Start(year, _MONTHS[month_m.group(1)] if month_m else None)
    m = re.search(
        rf"\b(?:since|in|from|around|last|about|started in|began in)\s(?:early\s|late\s|mid\s)?({_MONTH})\b",
        words,
    )
    if m and m.group(1) not in ("may", "mar") or (m and re.search(rf"\bsince\s{m.group(1)}\b", words)):
        month = _MONTHS[m.group(1)]
        return Start(_latest(month, today), month)
    return _dateparser_start(words, today)


def _dateparser_start(words: str, today: date) -> Start | None:
    # dateparser is slow to import and liberal; ask it only about the words after "since".
    m = re.search(r"\bsince\s(.{3,40}?)(?:$|,|\band\b|\bwhen\b)", words)
    if not m or not re.search(r"\d", m.group(1)):
        return None
    import dateparser

    parsed = dateparser.parse(
        m.group(1),
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(today.year, today.month, today.day),
            "PREFER_DATES_FROM": "past",
            "REQUIRE_PARTS": ["month", "year"],
        },
    )
    if parsed is None or parsed.date() > today:
        return None
    return Start(parsed.year, parsed.month)


def months_before(today: date, months: float) -> date:
    """The date `months` before today (whole months by the calendar, the rest by days)."""
    whole = int(months)
    year, month = divmod(today.year * 12 + today.month - 1 - whole, 12)
    day = min(today.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day) - timedelta(days=round((months - whole) * 30.44))
