"""Numbers compared by value: separators, scale words, units, number words, roundings.

Pure: standard library and CLDR data (`compare.facts.data`).

- Digits are read with the article language's decimal mark (CLDR): "1.000" (it) =
  "1 000" (fr) = "1,000" (en) = 1000. A space, no-break space or apostrophe always
  groups thousands; a mark followed by exactly three digits groups thousands when the
  language uses it so; when both marks appear the last one is the decimal mark.
- A scale word multiplies ("1,5 Mio." = "1.5 million" = "1,5 млн" = 1500000), from
  CLDR's compact number formats of the language and English.
- A unit (CLDR unit names: "km", "miles", "pour cent", "%") gives a dimension; lengths,
  masses, areas, speeds and temperatures are converted to SI, so "3 miles" and "4.8 km"
  are one distance.
- Times (10:30, 10h30) compare by hour and minute.
- A plain four-digit integer 1000-2099 is a year: a date fact.
- Digits glued to a letter, or to a word by a hyphen ("Luna-25", "G7", "COVID-19"), are
  part of a name.
- Number words 2-1000 of the language are weak; "one" words are silent (see `Quantity`).

`relation(a, b)` says whether two quantities are the same, a rounding of one another
("1,67 Milliarden" / "1,672 milliard": the more precise, rounded to the other's precision,
gives the other) or different. The precision of a whole number ends at its last non-zero
digit but keeps two significant digits: "1,200" is precise to the hundred (1,234 rounds
to it; 1,500 does not), "10" to the unit (12 is not a rounding of 10).
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

from compare.facts import data
from compare.facts.model import Fact, Quantity, Taken, When

_L = data.CASED_LETTER
_TIME = re.compile(
    rf"(?<![{_L}\d.,:])(?P<h>[01]?\d|2[0-3])(?P<s>[:h])(?P<m>[0-5]\d)(?::[0-5]\d)?"
    r"(?:\s?(?P<ampm>[ap]\.?m\.?|[AP]\.?M\.?)(?![\w]))?"
    rf"(?![{_L}\d:]|[.,]\d)"
)
_DIGIT = re.compile(r"\d")
_HOUR_MINUTE = re.compile(r"\d[:h][0-5]\d")  # what `_TIME` needs, found quicker
_YEAR = re.compile(r"\d{4}")
# Four digits and a time zone are a time, as agencies write it: "(1400 UT)", "0930 GMT".
_ZONE_AFTER = re.compile(r"\s?(?:UTC?|GMT|Z)\b")
_GROUPING = " \u00a0\u202f'’"
_SEPARATORS = re.compile(f"[{_GROUPING}]")
_STOP_BEFORE = re.compile(r"[.!?:«\"“(]\s*$")


def format_decimal(value: Decimal) -> str:
    """Plain decimal string without exponent or trailing zeros ("1500000", "1.5")."""
    if value == value.to_integral_value():
        return (
            format(value.quantize(Decimal(1)), "f") if abs(value) < 10**27 else format(value, "f")
        )
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_digits(raw: str, mark: str) -> tuple[Decimal, Decimal] | None:
    """Digits with separators -> (value, step of the written precision), using the
    language's decimal `mark` ("," or ".")."""
    s = _SEPARATORS.sub("", raw)
    dots, commas = s.count("."), s.count(",")
    decimals = ""
    if dots and commas:
        # Both present: the last one is the decimal mark whatever the language.
        last = "." if s.rfind(".") > s.rfind(",") else ","
        whole, _, decimals = s.rpartition(last)
        s = whole.replace("," if last == "." else ".", "")
    elif dots or commas:
        sep = "." if dots else ","
        whole, _, tail = s.rpartition(sep)
        if dots + commas > 1 or (sep != mark and len(tail) == 3):
            s = s.replace(sep, "")  # "1.000.000"; "1,000" in English, "1.000" in Italian
        else:
            s, decimals = whole, tail
    try:
        value = Decimal(f"{s}.{decimals}" if decimals else s)
    except InvalidOperation:
        return None
    if decimals:
        return value, Decimal(1).scaleb(-len(decimals))
    digits = s.lstrip("0") or "0"
    zeros = len(digits) - len(digits.rstrip("0"))
    significant = len(digits) - zeros
    return value, Decimal(1).scaleb(zeros if significant >= 2 else max(zeros - 1, 0))


def _alternation(words: dict[str, object]) -> str:
    parts = []
    for word in sorted(words, key=len, reverse=True):
        escaped = re.escape(word).replace(r"\ ", r"[\s\u00a0\u202f]+")
        end = "" if word[-1:] in ".%²" or not word[-1:].isalnum() else rf"(?![{_L}\d])"
        # Long words in any case ("Milliarden", "milliarden"); short ones as written
        # ("M" is a million, "m" a metre).
        parts.append(f"(?i:{escaped}){end}" if len(word) > 3 else f"{escaped}{end}")
    return "|".join(parts) or "(?!)"


@functools.cache
def _pattern(lang: str) -> tuple[re.Pattern, dict[str, int], dict[str, str], str]:
    scales: dict[str, int] = {}
    units: dict[str, str] = {}
    # English first, so that the article's language wins where they differ: a French
    # "billion" is 10**12, an English one 10**9.
    for code in reversed(data.cldr_languages(lang)):
        scales.update(data.scale_words(code))
        units.update(data.unit_words(code))
    glued = {w: v for w, v in scales.items() if len(w) <= 2 and not any(c.isupper() for c in w[1:])}
    spaced = {w: v for w, v in scales.items() if w not in glued}
    ordinal = "|".join(re.escape(e) for e in sorted(data.ORDINAL_ENDINGS, key=len, reverse=True))
    pattern = re.compile(
        # A digit first: a quick test that rejects most positions before the look-behinds
        # (a number starts with one).
        r"(?=\d)"
        # Not glued to a letter, nor to a word through a hyphen ("Resurs-1", "e-7").
        rf"(?<![{_L}\d.,])(?<![{_L}]-)"
        r"(?P<n>\d{1,3}(?:(?P<sep>[ \u00a0\u202f'’.,])\d{3})(?:(?P=sep)\d{3})*(?:[.,]\d+)?"
        r"|\d+(?:[.,]\d+)?)"
        rf"(?P<ord>(?:{ordinal})(?![{_L}\d]))?"
        rf"(?:(?P<glued>{_alternation(glued)})"
        rf"|[\s\u00a0\u202f]?(?P<scale>{_alternation(spaced)}))?"
        rf"(?:[\s\u00a0\u202f]*(?:(?:de|d'|d’|of|di)\s*)?(?P<unit>{_alternation(units)}))?"
        # Not glued to a letter or a decimal; a lower-case word may follow through a
        # hyphen ("8.9-magnitude"), a capitalised one may not ("7-Eleven").
        rf"(?![{_L}\d]|[.,]\d)(?!-[A-ZÀ-Þ])"
    )
    return pattern, scales, units, data.decimal_mark(lang if lang in data.CLDR_LANGUAGES else "en")


@functools.cache
def _word_pattern(lang: str) -> tuple[re.Pattern | None, dict[str, int]]:
    words = dict(data.NUMBER_WORDS.get(lang, {}))
    words.update(data.ORDINAL_WORDS.get(lang, {}))
    words.update({w: 1 for w in data.ONE_WORDS.get(lang, ())})
    if not words:
        return None, words
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # A whole word; in Arabic it may carry the article ("العشر", "the ten").
    article = "ال" if lang == "ar" else ""
    # The letters a match can start with, looked at before the words are tried one by one
    # (in any case, as the words are): most words start with none of them.
    first = re.escape("".join(sorted({w[0] for w in words} | set(article[:1]))))
    optional_article = f"(?:{article})?" if article else ""
    return re.compile(
        rf"(?<![\w'’-])(?=[{first}]){optional_article}(?:{alternation})(?![\w'’-])",
        re.IGNORECASE,
    ), words


def _convert(amount: Decimal, step: Decimal, unit: str) -> tuple[str, Decimal, Decimal]:
    dimension, factor = data.UNITS[unit]
    if unit == "temperature-fahrenheit":
        return dimension, (amount - 32) * factor, step * factor
    return dimension, amount * factor, step * factor


@functools.lru_cache(maxsize=8192)
def _read(
    lang: str, digits: str, ordinal: bool, scale_word: str | None, unit_word: str | None
) -> tuple[str, str, Quantity | When] | None:
    """(kind, key, value) of a number `_pattern(lang)` matched, from its parts: its digits,
    whether an ordinal ending follows, its scale word and unit word.

    Cached: years and round numbers recur, and their values are immutable.
    """
    _, scales, units, mark = _pattern(lang)
    parsed = parse_digits(digits, mark)
    if parsed is None:
        return None
    amount, step = parsed
    if scale_word:
        factor = scales.get(scale_word) or _lookup(scales, scale_word)
        amount, step = amount * factor, step * factor
    plain = not (ordinal or scale_word or unit_word)
    if plain and _YEAR.fullmatch(digits) and 1000 <= amount <= 2099:
        return "date", digits, When(year=int(amount))
    dimension, si = "", None
    if unit_word:
        unit = units.get(unit_word) or _lookup(units, unit_word)
        if unit:
            dimension, si, step = _convert(amount, step, unit)
    return "number", format_decimal(amount), Quantity(amount, step, dimension, si, weak=ordinal)


def extract_numbers(text: str, language: str, taken: Taken) -> list[Fact]:
    """Number facts (and years, as date facts) of `text`; marks their characters taken."""
    lang = data.language_code(language)
    pattern = _pattern(lang)[0]
    facts: list[Fact] = []

    def add(start: int, end: int, kind: str, key: str, value: Quantity | When) -> None:
        if taken.free(start, end):
            taken.take(start, end)
            facts.append(Fact(kind, text[start:end], start, end, key, value=value))

    # Times and digits need a digit, which most sentences lack, and times a digit, a
    # separator and two more; number words do not.
    digits = _DIGIT.search(text) is not None
    for m in _TIME.finditer(text) if digits and _HOUR_MINUTE.search(text) else ():
        hour = int(m.group("h")) % 24
        if (m.group("ampm") or "").lower().startswith("p") and hour < 12:
            hour += 12  # "2:46 p.m." is 14:46
        add(m.start(), m.end(), *_time(hour, m.group("m")))

    for m in pattern.finditer(text) if digits else ():
        if text[m.start() - 1 : m.start()] == "[" and text[m.end() : m.end() + 1] == "]":
            continue  # a footnote or link marker ("[12]")
        scale_word = m.group("glued") or m.group("scale")
        read = _read(lang, m.group("n"), bool(m.group("ord")), scale_word, m.group("unit"))
        if read is not None and read[0] == "date" and _ZONE_AFTER.match(text, m.end()):
            read = _military_time(m.group("n"))
        if read is not None:
            add(m.start(), m.end(), *read)

    word_pattern, words = _word_pattern(lang)
    if word_pattern is not None:
        for m in word_pattern.finditer(text):
            word = m.group(0)
            value = (
                words.get(word.lower())
                or words.get(word.lower().removeprefix("ال"))
                or _lookup(words, word)
            )
            if value is None:
                continue  # never so far: `_lookup` reads case as the pattern does
            # Capitalised mid-sentence ("Otto", "Sept", "Fifty Photos" in a title): maybe
            # a name, so it may confirm a number opposite but is never reported.
            silent = value == 1 or (word[:1].isupper() and not _sentence_start(text, m.start()))
            add(m.start(), m.end(), "number", str(value), _word_quantity(value, silent))
    return facts


def _time(hour: int, minute: str) -> tuple[str, str, Quantity]:
    """(kind, key, value) of a time of day: minutes since midnight, keyed "14:46"."""
    minutes = Decimal(hour * 60 + int(minute))
    return "number", f"{hour}:{minute}", Quantity(minutes, Decimal(1), "time", minutes)


def _military_time(digits: str) -> tuple[str, str, Quantity] | None:
    """ "1400" before a time zone: 14:00, as a time fact (or nothing, "2570 UT" being none)."""
    hour, minute = int(digits[:2]), digits[2:]
    return _time(hour, minute) if hour <= 23 and int(minute) <= 59 else None


@functools.cache
def _word_quantity(value: int, silent: bool) -> Quantity:
    """The value of a number word, made once: it is immutable, and "ein", "une" are in
    most sentences."""
    return Quantity(Decimal(value), Decimal(1), weak=True, silent=silent)


def _lookup(table: dict, written: str):
    """Case-insensitive and space-insensitive look-up of a matched word, with the patterns'
    own idea of case: they match "ſechs" for "sechs" and "Mıllionen" for "Millionen", which
    `str.lower` does not turn back into the table's words."""
    squashed = " ".join(written.split())
    for word, value in table.items():
        if re.fullmatch(re.escape(" ".join(word.split())), squashed, re.IGNORECASE):
            return value
    return None


def _sentence_start(text: str, start: int) -> bool:
    return not text[:start].strip() or bool(_STOP_BEFORE.search(text[max(0, start - 4) : start]))


def relation(a: Quantity, b: Quantity) -> str | None:
    """ "same", "rounded" or None (different) for two quantities.

    Bare numbers compare as written with bare numbers and with any unit ("25" and
    "25 %"); two amounts with units of one dimension compare in SI units, so conversions
    are roundings; units of two different dimensions never match.
    """
    if a.dimension and b.dimension:
        if a.dimension != b.dimension:
            return None
        x, y = a.si, b.si
    else:
        x, y = a.amount, b.amount
    if x == y:
        return "same"
    if a.weak or b.weak or a.dimension == "time":
        return None
    if not x or not y or (x > 0) != (y > 0):
        return None
    return "rounded" if abs(x - y) <= max(a.step, b.step) / 2 else None
