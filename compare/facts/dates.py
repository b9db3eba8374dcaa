"""Dates in any supported language, normalised to the fields they state.

Pure: standard library and CLDR data (`compare.facts.data`). Recognised, in this order
(a later pattern never reuses characters an earlier one took):

- day + month name (+ year): "9 marzo 2021", "9 mars 2021", "9. März 2021",
  "9 марта 2021", "9 de marzo de 2021", "1er mars", "the 9th of March";
- month name + day (+ year): "March 9, 2021";
- month name + year: "marzo 2021", "March 2021";
- year 年 month 月 day 日 (Chinese, Japanese; 년 월 일 in Korean): "2021年3月9日";
- ISO (2021-03-09, 2021/03/09), numeric day first (09/03/2021, 9.3.2021; month first
  only when the second number cannot be a month), 8-digit compact (09032021);
- the words for yesterday, today, tomorrow of the article's language (CLDR), as weak
  relative dates: reported only against a different relative date opposite.

Month names are those of the article's language plus English, as CLDR writes them: a
name CLDR capitalises ("May", "März") must be written so ("may" is a verb), one it writes
in lower case ("mars", "mai") matches in any case. Plain years are found with numbers.
"""

from __future__ import annotations

import functools
import re

from compare.facts import data
from compare.facts.model import Fact, Taken, When

_DIGIT = re.compile(r"\d")
# What a pattern needs somewhere in the text to match: most texts have none of these, and
# these are quicker to look for than the patterns themselves.
_CJK_MONTH = re.compile(r"[月월]")
_DIGIT_SEPARATOR_DIGIT = re.compile(r"\d[./-]\d")
_EIGHT_DIGITS = re.compile(r"\d{8}")
_STOP_BEFORE = re.compile(r"[.!?:«\"“(]\s*$")
_CJK_DATE = re.compile(
    r"(?<!\d)(?:(?P<y>[12]\d{3})\s*[年년]\s*)?(?P<mn>1[0-2]|0?[1-9])\s*[月월]"
    r"(?:\s*(?P<d>[0-3]?\d)\s*[日일])?"
)
_DAY_SUFFIX = r"(?:\s*\.|er|re|º|°|ª|st|nd|rd|th|-?го|-?е)?"


def date_key(when: When) -> str:
    """ "2021-03-09", "*-03-09" (no year), "2021-03", "2021", "day-1" (yesterday)."""
    if when.relative is not None:
        return f"day{when.relative:+d}"
    if when.month is None:
        return f"{when.year:04d}"
    if when.day is None:
        return f"{when.year:04d}-{when.month:02d}"
    year = f"{when.year:04d}" if when.year is not None else "*"
    return f"{year}-{when.month:02d}-{when.day:02d}"


def _valid(month: int, day: int | None) -> bool:
    if not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]


def _two_digit_year(text: str) -> int:
    year = int(text)
    if len(text) == 4:
        return year
    return 2000 + year if year < 50 else 1900 + year  # news is about 1950-2049


def _alternation(names: dict[str, int]) -> str:
    """Longest first; names CLDR writes in lower case match in any case."""
    parts = []
    for name in sorted(names, key=len, reverse=True):
        escaped = re.escape(name) + ("" if name.endswith(".") else r"(?!\w)")
        parts.append(f"(?i:{escaped})" if name == name.lower() else escaped)
    return "(?:" + "|".join(parts) + ")"


@functools.cache
def _patterns(
    language: str,
) -> tuple[
    dict[str, int],
    list[tuple[re.Pattern, re.Pattern]],
    tuple[str, ...],
    dict[str, int],
    re.Pattern | None,
]:
    """Month names (lower case) -> numbers; the patterns in order, each with what it needs
    in the text (`_needed`); the relative days, lower-cased and as written, and their
    words -> day offsets and pattern."""
    months: dict[str, int] = {}
    for lang in data.cldr_languages(language):
        months.update(data.month_names(lang))
    lower = {name.lower(): number for name, number in months.items()}
    month = _alternation(months)
    # A month name as the three patterns below have it: after a space or at a word start;
    # its first letter (in any case) is looked at before the names are tried one by one.
    first = re.escape("".join(sorted({name[0] for name in months})))
    month_name = re.compile(rf"(?<!\w)(?=(?i:[{first}])){month}")
    year = r"(?P<y>[12]\d{3})(?!\d)"
    patterns = [
        (
            re.compile(
                rf"(?<![\w.,])(?P<d>[0-3]?\d){_DAY_SUFFIX}\s+(?:(?:de|of)\s+)?(?P<m>{month})"
                rf"(?:,?\s+(?:(?:de|del)\s+)?{year})?"
            ),
            month_name,
        ),
        (
            re.compile(
                rf"(?<!\w)(?P<m>{month})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d,.]\d)(?!\w)"
                rf"(?:,?\s+{year})?"
            ),
            month_name,
        ),
        (re.compile(rf"(?<!\w)(?P<m>{month})\s+(?:(?:de|del|of)\s+)?{year}"), month_name),
        (_CJK_DATE, _CJK_MONTH),
        (
            re.compile(
                r"(?<![\w./-])(?P<y>[12]\d{3})([-/])(?P<mn>\d{1,2})\2(?P<d>\d{1,2})(?![\w/-])"
            ),
            _DIGIT_SEPARATOR_DIGIT,
        ),
        (
            re.compile(
                r"(?<![\w./-])(?P<a>\d{1,2})(?P<s>[./-])(?P<b>\d{1,2})(?P=s)"
                r"(?P<yy>\d{4}|\d{2})(?![\w/-]|[.,]\d)"
            ),
            _DIGIT_SEPARATOR_DIGIT,
        ),
        (re.compile(r"(?<![\w.,])(?P<compact>\d{8})(?![\w]|[.,]\d)"), _EIGHT_DIGITS),
    ]
    relative = data.relative_days(data.language_code(language))
    words = "|".join(re.escape(w) for w in sorted(relative, key=len, reverse=True))
    relative_pattern = (
        re.compile(rf"(?<![\w'’-])(?:{words})(?![\w'’-])", re.IGNORECASE) if relative else None
    )
    # A relative day is kept when written as a word of `relative` or in another case of
    # one: its lower case is then in the lower-cased text (see `_relative_days`).
    written = tuple({w.lower() for w in relative} | set(relative))
    return lower, patterns, written, relative, relative_pattern


def extract_dates(text: str, language: str, taken: Taken) -> list[Fact]:
    """Date facts of `text` with `When` values; marks their characters as taken."""
    lower, patterns, written, relative, relative_pattern = _patterns(data.language_code(language))
    facts: list[Fact] = []

    def add(start: int, end: int, when: When) -> None:
        if when.month is not None and not _valid(when.month, when.day):
            return
        if not taken.free(start, end):
            return
        taken.take(start, end)
        facts.append(Fact("date", text[start:end], start, end, date_key(when), value=when))

    for pattern in _needed(patterns, text):
        for m in pattern.finditer(text):
            groups = m.groupdict()
            if groups.get("compact"):
                n = groups["compact"]
                for d, mo, y in ((n[:2], n[2:4], n[4:]), (n[6:], n[4:6], n[:4])):
                    if 1900 <= int(y) <= 2099 and _valid(int(mo), int(d)):
                        add(m.start(), m.end(), When(int(y), int(mo), int(d)))
                        break
                continue
            if groups.get("a"):
                if len(groups["yy"]) == 2 and groups["s"] == "-":
                    continue  # "09-03-21" is too often a code or a score
                a, b = int(groups["a"]), int(groups["b"])
                # Day first (European and ISO habit); month first only when it must be.
                day, month = (b, a) if (b > 12 and a <= 12) else (a, b)
                add(m.start(), m.end(), When(_two_digit_year(groups["yy"]), month, day))
                continue
            year = int(groups["y"]) if groups.get("y") else None
            day = int(groups["d"]) if groups.get("d") else None
            if groups.get("mn"):
                month = int(groups["mn"])
                if year is None and day is None:
                    continue  # "3月" alone is "March", not a date
            else:
                month = lower.get(groups["m"].lower())
                if month is None:
                    continue
            add(m.start(), m.end(), When(year, month, day))

    if relative_pattern is not None and _relative_days(text, written):
        for m in relative_pattern.finditer(text):
            word = m.group(0)
            offset = relative.get(word, relative.get(word.lower()))
            # Written as CLDR writes it, or capitalised at a sentence start; German
            # "Morgen" (morning) is not "morgen" (tomorrow).
            if offset is None or (word != word.lower() and not _sentence_start(text, m.start())):
                continue
            add(m.start(), m.end(), When(relative=offset))
    return facts


def _needed(patterns: list[tuple[re.Pattern, re.Pattern]], text: str) -> list[re.Pattern]:
    """The patterns of `_patterns` that can match `text`, in their order.

    Every one needs a digit, which most sentences lack, and what it is paired with: a
    month name, the Chinese, Japanese or Korean month sign, a digit, separator and digit,
    or eight digits in a row (each looked for once).
    """
    if not _DIGIT.search(text):
        return []
    # By identity: hashing a compiled pattern hashes all its code, and a month-name
    # pattern is long (about 2 µs a hash, several a sentence).
    found: dict[int, bool] = {}
    for _, need in patterns:
        if id(need) not in found:
            found[id(need)] = need.search(text) is not None
    return [pattern for pattern, need in patterns if found[id(need)]]


def _relative_days(text: str, written: tuple[str, ...]) -> bool:
    """Can `text` hold a relative day that `extract_dates` keeps? One is kept when written
    as a word of `relative` or as one whose lower case is such a word, so its lower case,
    one of `written`, is in the lower-cased text: `str.lower` maps each character alone
    but the Greek capital sigma, which is why a text holding one is always read."""
    if "Σ" in text:
        return True
    lowered = text.lower()
    return any(word in lowered for word in written)


def _sentence_start(text: str, start: int) -> bool:
    return not text[:start].strip() or bool(_STOP_BEFORE.search(text[max(0, start - 4) : start]))


def compatible(a: When, b: When) -> bool:
    """Two dates that agree on every field both state and share at least one ("9 marzo
    2021" and "9 mars"; not "10 marzo" and "9 mars"). A relative day is compatible with
    any absolute date (the publication date is unknown) and with the same relative day."""
    if a.relative is not None or b.relative is not None:
        if a.relative is not None and b.relative is not None:
            return a.relative == b.relative
        return True
    shared = 0
    for x, y in ((a.year, b.year), (a.month, b.month), (a.day, b.day)):
        if x is not None and y is not None:
            if x != y:
                return False
            shared += 1
    return shared > 0
