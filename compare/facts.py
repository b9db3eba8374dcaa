"""Fact differences inside one linked pair of sentences, possibly in two languages.

Pure: strings in, dataclasses out; standard library only, no ORM, no model, no I/O.

Input: the text of side A and of side B (each may be several sentences joined with a
space, for a 1:2 link) and their ISO 639-1 languages (it, fr, de, en, es are known;
any other code falls back to English number conventions and all known word lists).
Output: the facts (numbers, dates, names) found on one side and without a counterpart
on the other. Every `Fact` satisfies ``text[fact.start:fact.end] == fact.text`` for the
side it comes from, so the UI can highlight it.

Precision beats recall: a highlighted "difference" that is only a translation misleads a
fact-checker, so every rule below leans towards *not* reporting.

Extraction (in this order; a later stage never reuses characters an earlier one took):

1. Dates, normalised to a key ``YYYY-MM-DD`` (``*-MM-DD`` without year, ``YYYY-MM``
   for month + year):
   day + month name (+ year) in it/fr/de/es/en ("9 marzo 2021", "9 mars 2021",
   "9. März 2021", "9 de marzo de 2021", "1er mars", "the 9th of March");
   English month + day (+ year) ("March 9, 2021"); month + year ("marzo 2021");
   numeric day-first dates (09/03/2021, 9.3.2021, 09-03-21 with "/" or "." only for
   two-digit years; read month-first only when the first number cannot be a month);
   ISO dates (2021-03-09, 2021/03/09); 8-digit compact dates (09032021 as ddmmyyyy,
   else 20210309 as yyyymmdd) when they form a valid date with a year 1900-2099.
   Month names are looked up in the article's language plus English (so Italian
   "mai" = "never" is not read as French/German May); English month names must be
   capitalised ("may" is a verb).
2. Numbers: times (10:30, 10h30); digit numbers with thousands separators and
   decimals, read with the language's convention (en: "," thousands / "." decimal;
   others: "." thousands / "," decimal; a space, no-break space or apostrophe is always
   a thousands separator; a separator followed by exactly three digits is a thousands
   separator in the language that uses it so), so "1.000" (it) = "1 000" (fr) =
   "1,000" (en) = key "1000"; a following scale word multiplies the key
   ("1,5 milioni" = "1.5 million" = "1500000"); ordinal suffixes and "%" are kept in
   the text, not in the key. Digits glued to letters or to a word by a hyphen
   ("Luna-Resurs-1", "Chang'e-7", "COVID-19", "G7") are part of a name, not a number.
   A plain four-digit integer 1000-2099 is a year: kind "date", key "2021" (numbers and
   years compare by key regardless of kind, so "2000" and "2 000" still match).
   Number words 2-20, tens, hundred and thousand in each known language ("deux",
   "due", "zwei", "two", "dos"); "one/un/uno/ein" are left out (they are articles).
3. Names: runs of capitalised tokens (joined by nothing but spaces, or by a connector
   such as "of", "de", "di", "von", "d'"), acronyms of 2-6 capitals (Roman numerals and
   common abbreviations such as "DG", "CEO" excepted; skipped when the text is mostly
   upper case), tokens with inner capitals ("SpaceX") and capitalised tokens with digits
   ("Luna-Resurs-1"). Elisions are split off ("dell'Agenzia" -> "Agenzia",
   "l'ILRS" -> "ILRS"), but not apostrophes inside names ("Chang'e-7"). A token is
   *significant* unless it is a function word or one of the common capitalised words
   kept below (months, days, countries and demonyms, institution words such as
   "Agenzia", "Station", "Government", titles); a run with no significant token is never
   a name. A single plain capitalised word at a sentence start (or after an opening
   quote or a colon) counts only if the same word is also capitalised elsewhere
   in the text, not at a sentence start. Without a marked name (acronym, inner capital,
   digits), capitals are ignored in ALL-CAPS and Title Case text; in German (every
   noun is capitalised) a lone capitalised word is not a name, the first word of a run
   right after an article is dropped ("die Raumfahrtbehörde Roskosmos") and words with
   common-noun endings (-ung, -behörde, -vertrag...) are not significant.

Comparison (set semantics: a fact is matched when the other side holds *any*
compatible fact; repeats are not counted):

- numbers and dates: equal keys (kind-agnostic between numbers and years), or two
  dates that agree on every field both state and share at least one (so "9 marzo 2021"
  matches "9 mars" and "2021", but "10 marzo" does not match "9 mars"); a number also
  matches a name on the other side that ends with the same digits ("Luna-Resurs 1" vs
  "Luna-Resurs-1").
- number words are reported only when the other side also has an unmatched number
  ("deux missions" vs "3 missioni" flags both; "les deux pays" vs a text without any
  number flags nothing), because "two"/"deux" is often not a fact ("the two countries").
- names: a name is matched when ANY of its significant tokens has a near-spelling
  counterpart among ALL the words of the other side (any case), so "Dmitry Rogozin"
  matches "Rogozine", "Corporazione Statale Roscosmos" matches "Roscosmos",
  "International Lunar Research Station" matches "internationale". Near spelling:
  equal after accent folding and lower-casing; or, for words of 4+ letters,
  ``difflib.SequenceMatcher`` ratio >= 0.75, or one a prefix of the other with 5+
  letters. Tokens with digits must also agree on their digits ("Chang'e-7" vs
  "Chang'e-6" differ). Acronyms match only an equal acronym, or one of a small table of
  translated acronyms (NATO/OTAN, EU/UE, UN/ONU, ...). Acronyms present on one side
  only ARE reported (ILRS vs MNLS, CNSA vs KNKA): they are different strings and a
  fact-checker may want to know that an outlet named the body differently.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = ["Fact", "FactDifferences", "compare_facts", "extract_facts", "fold"]


# ---------------------------------------------------------------------------
# Public dataclasses
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One number, date or name found in a text.

    ``text`` is exactly ``source[start:end]``; ``key`` is the normalised value two
    facts are compared by ("2021-03-09", "1000", "rogozin").
    """

    kind: str  # "number" | "date" | "name"
    text: str
    start: int
    end: int
    key: str


@dataclass(frozen=True)
class FactDifferences:
    """Facts of side A without a counterpart on side B (``a``), and vice versa (``b``)."""

    a: tuple[Fact, ...]
    b: tuple[Fact, ...]

    def as_dict(self) -> dict:
        """JSON-serialisable form: ``{"a": [{"kind","text","start","end"}...], "b": [...]}``."""

        def one(f: Fact) -> dict:
            return {"kind": f.kind, "text": f.text, "start": f.start, "end": f.end}

        return {"a": [one(f) for f in self.a], "b": [one(f) for f in self.b]}

    def __bool__(self) -> bool:
        return bool(self.a or self.b)


# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------


def fold(text: str) -> str:
    """Accent-fold and lower-case ("Sergueï" -> "serguei", "Straße" -> "strasse")."""
    text = text.replace("ß", "ss").replace("ẞ", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _lang(language: str) -> str:
    """ISO code reduced to its two-letter language part ("fr-FR" -> "fr")."""
    return (language or "").strip().lower().replace("_", "-").split("-")[0]


KNOWN_LANGUAGES = ("it", "fr", "de", "en", "es")


def _langs_for(language: str) -> tuple[str, ...]:
    """The article's language plus English; all known languages when unknown."""
    lang = _lang(language)
    if lang in KNOWN_LANGUAGES:
        return (lang, "en") if lang != "en" else ("en",)
    return KNOWN_LANGUAGES


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_MONTHS: dict[str, dict[str, int]] = {
    "it": {
        "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6,
        "luglio": 7, "agosto": 8, "settembre": 9, "ottobre": 10, "novembre": 11,
        "dicembre": 12, "gen.": 1, "feb.": 2, "mar.": 3, "apr.": 4, "mag.": 5, "giu.": 6,
        "lug.": 7, "ago.": 8, "set.": 9, "sett.": 9, "ott.": 10, "nov.": 11, "dic.": 12,
    },
    "fr": {
        "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5,
        "juin": 6, "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10,
        "novembre": 11, "décembre": 12, "decembre": 12, "janv.": 1, "févr.": 2,
        "fevr.": 2, "avr.": 4, "juil.": 7, "sept.": 9, "oct.": 10, "nov.": 11, "déc.": 12,
    },
    "de": {
        "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4,
        "mai": 5, "juni": 6, "juli": 7, "august": 8, "september": 9, "oktober": 10,
        "november": 11, "dezember": 12, "jan.": 1, "feb.": 2, "febr.": 2, "apr.": 4,
        "aug.": 8, "sep.": 9, "sept.": 9, "okt.": 10, "nov.": 11, "dez.": 12,
    },
    "en": {
        "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6,
        "July": 7, "August": 8, "September": 9, "October": 10, "November": 11,
        "December": 12, "Jan.": 1, "Jan": 1, "Feb.": 2, "Feb": 2, "Mar.": 3, "Mar": 3,
        "Apr.": 4, "Apr": 4, "Jun.": 6, "Jun": 6, "Jul.": 7, "Jul": 7, "Aug.": 8,
        "Aug": 8, "Sept.": 9, "Sept": 9, "Sep.": 9, "Sep": 9, "Oct.": 10, "Oct": 10,
        "Nov.": 11, "Nov": 11, "Dec.": 12, "Dec": 12,
    },
    "es": {
        "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6,
        "julio": 7, "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10,
        "noviembre": 11, "diciembre": 12,
    },
}  # fmt: skip


def _month_table(languages: Sequence[str]) -> dict[str, int]:
    """Month spelling -> number. English keys keep their capital (checked case-sensitively)."""
    table: dict[str, int] = {}
    for lang in languages:
        table.update(_MONTHS[lang])
    return table


def _month_alternation(table: dict[str, int]) -> str:
    names = sorted(table, key=len, reverse=True)
    # A month ending in "." must not be followed by a word character check; others need \b.
    parts = [re.escape(n) + ("" if n.endswith(".") else r"\b") for n in names]
    return "(?:" + "|".join(parts) + ")"


def _lookup_month(word: str, table: dict[str, int]) -> int | None:
    """Month number of a matched month word, honouring English capitalisation."""
    if word in table:  # exact (English, capitalised)
        return table[word]
    low = word.lower()
    for name, num in table.items():
        # Non-English spellings are stored in lower case and match in any case.
        if name == name.lower() and name == low:
            return num
    return None


_DAY_SUFFIX = r"(?:\s*\.|er|re|º|°|ª|st|nd|rd|th)?"


def _valid(y: int | None, m: int, d: int | None) -> bool:
    if not 1 <= m <= 12:
        return False
    if d is None:
        return True
    days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return 1 <= d <= days


def _date_key(y: int | None, m: int | None, d: int | None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}" if y is not None else f"*-{m:02d}-{d:02d}"


def _parse_date_key(key: str) -> tuple[int | None, int | None, int | None] | None:
    """Inverse of `_date_key`; None for a key that is not a date."""
    parts = key.split("-")
    try:
        y = None if parts[0] == "*" else int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else None
        d = int(parts[2]) if len(parts) > 2 else None
    except ValueError:
        return None
    return y, m, d


def _two_digit_year(y: str) -> int:
    n = int(y)
    if len(y) == 4:
        return n
    # Two-digit years are read in the window 1950-2049 (news is about recent events).
    return 2000 + n if n < 50 else 1900 + n


class _Spans:
    """Character ranges already claimed by an earlier extraction stage."""

    def __init__(self) -> None:
        self._taken: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self._taken)

    def take(self, start: int, end: int) -> None:
        self._taken.append((start, end))


def _extract_dates(text: str, languages: Sequence[str], spans: _Spans) -> list[Fact]:
    table = _month_table(languages)
    mon = _month_alternation(table)
    facts: list[Fact] = []

    def add(m: re.Match, y: int | None, month: int | None, d: int | None) -> None:
        if month is not None and not _valid(y, month, d):
            return
        if not spans.free(m.start(), m.end()):
            return
        spans.take(m.start(), m.end())
        facts.append(Fact("date", m.group(0), m.start(), m.end(), _date_key(y, month, d)))

    # day + month (+ year): "9 marzo 2021", "9. März", "1er mars", "9 de marzo de 2021".
    day_month = re.compile(
        rf"(?<![\w.,])(?P<d>[0-3]?\d){_DAY_SUFFIX}\s+(?:(?:de|of)\s+)?(?P<m>{mon})"
        rf"(?:,?\s+(?:(?:de|del)\s+)?(?P<y>[12]\d{{3}})(?!\d))?",
        re.IGNORECASE,
    )
    for m in day_month.finditer(text):
        month = _lookup_month(m.group("m"), table)
        if month is None:
            continue
        y = int(m.group("y")) if m.group("y") else None
        add(m, y, month, int(m.group("d")))

    # English month + day (+ year): "March 9, 2021", "March 9th".
    if "en" in languages:
        en_mon = _month_alternation(_MONTHS["en"])
        month_day = re.compile(
            rf"(?P<m>{en_mon})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d,.]\d)(?!\w)"
            rf"(?:,?\s+(?P<y>[12]\d{{3}})(?!\d))?"
        )
        for m in month_day.finditer(text):
            y = int(m.group("y")) if m.group("y") else None
            add(m, y, _MONTHS["en"][m.group("m")], int(m.group("d")))

    # month + year: "marzo 2021", "March 2021", "marzo del 2021".
    month_year = re.compile(
        rf"(?<!\w)(?P<m>{mon})\s+(?:(?:de|del|of)\s+)?(?P<y>[12]\d{{3}})(?!\d)",
        re.IGNORECASE,
    )
    for m in month_year.finditer(text):
        month = _lookup_month(m.group("m"), table)
        if month is not None:
            add(m, int(m.group("y")), month, None)

    # ISO: 2021-03-09, 2021/03/09.
    iso = re.compile(r"(?<![\w./-])(?P<y>[12]\d{3})([-/])(?P<m>\d{1,2})\2(?P<d>\d{1,2})(?![\w/-])")
    for m in iso.finditer(text):
        add(m, int(m.group("y")), int(m.group("m")), int(m.group("d")))

    # Numeric, day first: 09/03/2021, 9.3.2021, 09-03-2021, 09/03/21.
    numeric = re.compile(
        r"(?<![\w./-])(?P<a>\d{1,2})(?P<s>[./-])(?P<b>\d{1,2})(?P=s)"
        r"(?P<y>\d{4}|\d{2})(?![\w/-]|[.,]\d)"
    )
    for m in numeric.finditer(text):
        a, b, ys = int(m.group("a")), int(m.group("b")), m.group("y")
        if len(ys) == 2 and m.group("s") == "-":
            continue  # "09-03-21" is too often a code or a score
        # Day first (European and ISO-8601 habit); month first only when the second
        # number cannot be a month ("03/25/2021").
        day, month = (b, a) if (b > 12 and a <= 12) else (a, b)
        add(m, _two_digit_year(ys), month, day)

    # Compact 8 digits: 09032021 (ddmmyyyy) or 20210309 (yyyymmdd).
    compact = re.compile(r"(?<![\w.,])(?P<n>\d{8})(?![\w]|[.,]\d)")
    for m in compact.finditer(text):
        n = m.group("n")
        for d, mo, y in ((n[:2], n[2:4], n[4:]), (n[6:], n[4:6], n[:4])):
            yi, mi, di = int(y), int(mo), int(d)
            if 1900 <= yi <= 2099 and _valid(yi, mi, di):
                add(m, yi, mi, di)
                break

    return facts


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

_SCALES: dict[str, dict[str, int]] = {
    "en": {"thousand": 10**3, "million": 10**6, "millions": 10**6, "billion": 10**9,
           "billions": 10**9, "trillion": 10**12, "mln": 10**6, "bn": 10**9},
    "it": {"mila": 10**3, "milione": 10**6, "milioni": 10**6, "miliardo": 10**9,
           "miliardi": 10**9, "mln": 10**6, "mld": 10**9, "mld.": 10**9},
    "fr": {"mille": 10**3, "million": 10**6, "millions": 10**6, "milliard": 10**9,
           "milliards": 10**9, "Md": 10**9, "Mds": 10**9},
    "de": {"tausend": 10**3, "million": 10**6, "millionen": 10**6, "milliarde": 10**9,
           "milliarden": 10**9, "mio.": 10**6, "mrd.": 10**9, "billion": 10**12,
           "billionen": 10**12},
    "es": {"mil millones": 10**9, "mil": 10**3, "millón": 10**6, "millon": 10**6,
           "millones": 10**6, "billón": 10**12, "billones": 10**12},
}  # fmt: skip

_NUMBER_WORDS: dict[str, dict[str, int]] = {
    "it": {"due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8,
           "nove": 9, "dieci": 10, "undici": 11, "dodici": 12, "tredici": 13,
           "quattordici": 14, "quindici": 15, "sedici": 16, "diciassette": 17,
           "diciotto": 18, "diciannove": 19, "venti": 20, "trenta": 30, "quaranta": 40,
           "cinquanta": 50, "cento": 100, "mille": 1000},
    "fr": {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
           "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
           "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40,
           "cinquante": 50, "cent": 100, "mille": 1000},
    "de": {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
           "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14,
           "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
           "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "hundert": 100,
           "tausend": 1000},
    "en": {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
           "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
           "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
           "hundred": 100, "thousand": 1000},
    "es": {"dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
           "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14,
           "quince": 15, "dieciséis": 16, "diecisiete": 17, "dieciocho": 18,
           "diecinueve": 19, "veinte": 20, "treinta": 30, "cuarenta": 40,
           "cincuenta": 50, "cien": 100, "ciento": 100, "mil": 1000},
}  # fmt: skip

_ORDINAL = r"(?:ème|eme|er|re|e|º|ª|°|st|nd|rd|th)"

_TIME = re.compile(r"(?<![\w.,:])(?P<h>[01]?\d|2[0-3])(?P<s>[:h])(?P<m>[0-5]\d)(?![\w:]|[.,]\d)")


def _format_decimal(value: Decimal) -> str:
    """Plain decimal string without exponent or trailing zeros ("1500000", "1.5")."""
    if value == value.to_integral_value():
        try:
            return str(value.quantize(Decimal(1)))
        except InvalidOperation:  # more digits than the context holds
            return format(value, "f")
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _parse_number(raw: str, lang: str) -> Decimal | None:
    """Digits with separators -> value, using the language's decimal convention."""
    s = re.sub(r"[ \u00a0\u202f'’]", "", raw)
    dot, comma = s.count("."), s.count(",")
    decimal_mark = "." if lang == "en" else ","
    thousands_mark = "," if lang == "en" else "."
    if dot and comma:
        # Both present: the last one is the decimal mark whatever the language.
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        s = s.replace("," if dec == "." else ".", "").replace(dec, ".")
    elif dot or comma:
        mark = "." if dot else ","
        count = dot or comma
        tail = s.rsplit(mark, 1)[1]
        if count > 1:
            s = s.replace(mark, "")  # "1.000.000": only a thousands mark repeats
        elif mark == thousands_mark and len(tail) == 3:
            s = s.replace(mark, "")
        elif mark == decimal_mark or len(tail) != 3:
            s = s.replace(mark, ".")
        else:
            s = s.replace(mark, "")
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _extract_numbers(text: str, language: str, spans: _Spans) -> tuple[list[Fact], set[int]]:
    """Digit numbers, years and number words. Returns the facts and the ids of word facts."""
    lang = _lang(language)
    # Number words only in the article's own language ("sei" is "six" in Italian only).
    languages = (lang,) if lang in KNOWN_LANGUAGES else KNOWN_LANGUAGES
    facts: list[Fact] = []
    word_ids: set[int] = set()

    def add(start: int, end: int, kind: str, key: str) -> Fact | None:
        if not spans.free(start, end):
            return None
        spans.take(start, end)
        fact = Fact(kind, text[start:end], start, end, key)
        facts.append(fact)
        return fact

    for m in _TIME.finditer(text):
        add(m.start(), m.end(), "number", f"{int(m.group('h'))}:{m.group('m')}")

    scales: dict[str, int] = {}
    for lg in (lang,) if lang in KNOWN_LANGUAGES else KNOWN_LANGUAGES:
        scales.update({k.lower(): v for k, v in _SCALES[lg].items()})
    scale_alt = "|".join(
        re.escape(s) + ("" if s.endswith(".") else r"\b")
        for s in sorted(scales, key=len, reverse=True)
    )
    number = re.compile(
        # Not glued to a word, nor to a word through a hyphen ("Resurs-1", "e-7").
        r"(?<![\w.,])(?<![^\W\d_]-)"
        r"(?P<n>\d{1,3}(?:(?P<sep>[ \u00a0\u202f'’.,])\d{3})(?:(?P=sep)\d{3})*(?:[.,]\d+)?"
        r"|\d+(?:[.,]\d+)?)"
        rf"(?P<ord>{_ORDINAL}(?!\w))?"
        r"(?P<pct>\s?%)?"
        rf"(?:\s+(?P<scale>{scale_alt}))?"
        r"(?![^\W_])(?!-[^\W\d_])",
        re.IGNORECASE,
    )
    for m in number.finditer(text):
        raw = m.group("n")
        value = _parse_number(raw, lang)
        if value is None:
            continue
        end = m.end()
        if m.group("scale"):
            value *= scales[m.group("scale").lower()]
        is_year = (
            re.fullmatch(r"\d{4}", raw)
            and 1000 <= int(raw) <= 2099
            and not (m.group("ord") or m.group("pct") or m.group("scale"))
        )
        add(m.start(), end, "date" if is_year else "number", _format_decimal(value))

    for lg in languages:
        words = _NUMBER_WORDS[lg]
        alt = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
        pattern = rf"(?<![\w'’-])(?<!pour )(?<!per )(?:{alt})(?![\w'’-])"
        for m in re.finditer(pattern, text, re.IGNORECASE):
            if _is_capitalised(m.group(0)) and not _at_sentence_start(text, m.start()):
                continue  # "Otto", "Sept": a capitalised word mid-sentence is a name
            fact = add(m.start(), m.end(), "number", str(words[m.group(0).lower()]))
            if fact is not None:
                word_ids.add(id(fact))
    return facts, word_ids


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------


def _words(blob: str) -> frozenset[str]:
    """A word list written as white-space separated text."""
    return frozenset(blob.split())


# Function words: never part of a name, and not significant. Folded (no accents),
# all languages together: a capitalised "Die" or "La" is never a name anywhere.
_FUNCTION_WORDS = _words(
    """
    a al all alla alle agli ai allo anche ad ancora come con contro da dal dalla dalle dai
    dagli dallo del della delle dei degli dello di dopo durante e ecco ed fra gli i il in
    io la le lo loro lui lei ma mentre ne nel nella nelle nei negli nello noi non o oggi
    ieri per perche pero piu poi quando quella quelle quelli quello questa queste questi
    questo se secondo senza si sia su sul sulla sulle sui sugli tra tutti tutto un una uno
    voi gia cosi inoltre infatti tuttavia dunque quindi nell dell dall sull coll quell
    au aux avec ce ces cet cette chez comme dans de des du elle elles en entre et il ils
    je la le les leur leurs lors mais ne ni nous on ou par pas pendant pour puis quand que
    qui sa sans se selon ses son sous sur ta te tes toi ton tous tout toute toutes tu un
    une vous voici voila apres avant aussi ainsi alors aujourd hier cependant donc enfin
    ou bien deja depuis
    aber als am an auch auf aus bei bis das dass dem den der des die dies diese dieser
    dieses doch durch ein eine einem einen einer eines er es fur gegen heute hier ich ihr
    im in ist mit nach nicht noch nun oder ohne seit sie so uber um und unter vom von vor
    wahrend was weil wenn wie wir zu zum zur zwischen laut gestern jetzt dabei damit
    about after against all also an and are as at be because before but by during for
    from he her here his how i if in into it its my no not of on or our she so that the
    their them then there these they this those to under until we what when where which
    while who why with yesterday today according however meanwhile
    al ante bajo cabe como con contra de del desde donde durante el ella ellas ellos en
    entre es esta este esto hacia hasta hoy ayer la las le les lo los mas mientras nos
    nosotros o para pero por que se segun sin sobre su sus tambien tras un una uno unos
    unas y ya aqui
    """
)

# Common capitalised words that translate rather than transliterate: months, days,
# countries and demonyms, institution words, titles, celestial bodies. Folded.
_COMMON_CAPS = _words(
    """
    gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre
    dicembre janvier fevrier mars avril mai juin juillet aout septembre octobre decembre
    januar februar marz april juni juli august oktober dezember january february march
    may june july october december enero febrero abril mayo junio julio septiembre
    octubre noviembre diciembre
    lunedi martedi mercoledi giovedi venerdi sabato domenica lundi mardi mercredi jeudi
    vendredi samedi dimanche montag dienstag mittwoch donnerstag freitag samstag sonntag
    monday tuesday wednesday thursday friday saturday sunday lunes martes miercoles
    jueves viernes sabado domingo
    russia russie russland rusia russa russe russo russi russes russisch russischen
    russian russians ruso rusa cina chine china chinese cinese cinesi chinois chinoise
    chinesisch chinesischen chino china stati uniti etats unis vereinigten staaten united
    states estados unidos usa america amerique amerika americano americana americain
    americaine amerikanisch american europa europe european europeo europea europeen
    europeenne europaisch europaischen italia italie italien italy italiano italiana
    italienne italian francia france frankreich french francese francais francaise
    franzosisch frances germania allemagne deutschland germany alemania tedesco tedesca
    allemand allemande deutsch deutsche deutschen german aleman spagna espagne spanien
    spain espana spagnolo espagnol spanisch spanish espanol regno unito royaume uni
    vereinigtes konigreich united kingdom reino ucraina ukraine ukrainian ucraino
    ukrainien giappone japon japan giappone india inde indien occidente occident west
    ouest oriente orient est east nord north sud south ovest
    repubblica republique republik republic republica federazione federation foderation
    federacion popolare populaire popular volksrepublik stato etat staat state estado
    statale statal staatlich governo gouvernement regierung government gobierno
    ministero ministere ministerium ministry ministerio ministro ministre minister
    presidente president prasident direttore directeur direktor director directora
    generale general generaldirektor capo chef chief jefe vice premier primo prime
    agenzia agence agentur agency agencia spaziale spatiale spatial space raumfahrt
    espacial nazionale nationale national nacional internazionale internationale
    international internacional administration amministrazione verwaltung administracion
    corporazione corporation corporacion societe societa society sociedad gesellschaft
    compagnia compagnie company empresa unione union europaische commissione commission
    kommission comision consiglio conseil rat council consejo parlamento parlement
    parliament parlament senato senat senate camera chambre universita universite
    universitat university universidad istituto institut institute instituto centro
    centre center zentrum stazione station estacion luna lune mond moon terra terre
    erde earth tierra sole soleil sonne sun sol spazio espace weltraum espacio
    signor signora sig sigra monsieur madame mme mr mrs ms dr prof herr frau sr sra don
    dott ing
    histoire storia geschichte history historia memorandum memorando accordo accord
    abkommen agreement acuerdo
    dio dieu gott god
    """
)

# Abbreviations in capitals that are titles or legal forms, not names.
_COMMON_ABBREVIATIONS = _words(
    "dg pdg ceo cfo coo cto ad md mp pm tv pc ok sa spa srl ag gmbh ltd inc plc nv bv "
    "ue eu ap afp dpa ansa efe"
)
# (UE/EU above are also in the translated-acronym table; news agencies in the
# abbreviation list are credits, handled by the additions module, not facts.)

# Acronyms that translate: any two in one set are the same body.
_ACRONYM_EQUIVALENTS: tuple[frozenset[str], ...] = tuple(
    frozenset(s.split())
    for s in (
        "nato otan navo",
        "un onu uno nu",
        "eu ue",
        "usa us eeuu eua",
        "uk ru",
        "who oms",
        "imf fmi iwf",
        "ecb bce ezb",
        "ussr urss udssr",
        "esa",
        "gdp pil pib bip",
        "aids sida",
        "dna adn dns",
    )
)

# Connectors allowed inside a multi-word name ("Bank of England", "Jean de Gaulle").
_CONNECTORS = _words("of de di da del della des du von van der den y")
_ELISIONS = _words(
    "l d dell dall nell sull all coll quell qu j m n s t c un gl lorsqu jusqu puisqu"
)

_TOKEN = re.compile(r"[^\W_](?:[^\W_]|[-'’](?=[^\W_]))*")
_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_SENTENCE_START = re.compile(r"(?:^\s*|[.!?…:]['\"»”’)\]]*\s+|[«\"“‘(\[]\s*)$")


@dataclass
class _Token:
    text: str
    start: int
    end: int

    @property
    def folded(self) -> str:
        return fold(self.text)


def _tokens(text: str) -> list[_Token]:
    """Word tokens with offsets; elided articles/prepositions are split off and dropped."""
    out: list[_Token] = []
    for m in _TOKEN.finditer(text):
        word, start = m.group(0), m.start()
        # Peel elisions: "dell'Agenzia" -> "Agenzia"; keep "Chang'e", "O'Brien".
        while True:
            parts = re.split(r"['’]", word, maxsplit=1)
            if len(parts) == 2 and fold(parts[0]) in _ELISIONS and parts[1]:
                cut = len(parts[0]) + 1
                word, start = word[cut:], start + cut
            else:
                break
        out.append(_Token(word, start, start + len(word)))
    return out


def _is_acronym(word: str) -> bool:
    letters = re.sub(r"[^\w]", "", word)
    return (
        2 <= len(letters) <= 6
        and letters.isalpha()
        and letters.isupper()
        and not _ROMAN.fullmatch(letters)
        and fold(letters) not in _COMMON_ABBREVIATIONS
    )


def _is_roman(word: str) -> bool:
    """A Roman numeral, optionally with an ordinal ending ("XXI", "XXIe", "IIIrd")."""
    base = re.sub(r"(?:e|er|re|ème|eme|es|st|nd|rd|th|º|ª)$", "", word)
    return len(base) >= 2 and base.isupper() and bool(_ROMAN.fullmatch(base))


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _has_digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


def _is_marked_name(word: str) -> bool:
    """Looks like a name whatever its position: acronym, inner capital, capital + digits,
    hyphenated with a capitalised part that is not a common word."""
    if _is_acronym(word):
        return True
    if _is_capitalised(word) and _has_digit(word):
        return True
    alpha = re.sub(r"[^\w]|\d", "", word)
    if (
        _is_capitalised(word)
        and any(c.isupper() for c in alpha[1:])
        and any(c.islower() for c in alpha)
    ):
        # "SpaceX", "McDonald"; but "Vice-DG", "Russia-Cina" only if a part is significant.
        return any(_significant_part(p) for p in re.split(r"[-'’]", word) if p)
    return False


def _significant_part(part: str) -> bool:
    f = fold(part)
    if not f or f.isdigit():
        return False
    if f in _FUNCTION_WORDS or f in _COMMON_CAPS or f in _COMMON_ABBREVIATIONS:
        return False
    return len(f) >= 2


def _significant(word: str) -> bool:
    """A token that can carry a name: not a function word nor a common capitalised word."""
    if _is_acronym(word):
        return True
    if _has_digit(word) and _is_capitalised(word):
        return True
    return any(_significant_part(p) for p in re.split(r"[-'’]", word) if p)


_GERMAN_ARTICLES = _words(
    "der die das den dem des ein eine einen einem einer eines im am zum zur vom beim ins "
    "dieser diese dieses diesem diesen jeder jede jedes unser unsere seine seiner ihre ihrer"
)


# Endings of German common nouns ("Raumfahrtbehörde", "Unterzeichnung", "Mondstation").
_GERMAN_NOUN_ENDINGS = (
    "ung", "heit", "keit", "schaft", "tion", "tat", "ismus", "nis", "behorde", "vertrag",
    "abkommen", "station", "agentur", "ministerium", "minister", "regierung", "chef",
    "direktor", "leiter", "prasident", "programm", "mission", "sonde", "rakete", "zentrum",
    "raumfahrt", "forschung", "gesellschaft", "konzern", "unternehmen", "amt", "rat",
)  # fmt: skip


def _german_common_noun(word: str) -> bool:
    return not _is_marked_name(word) and fold(word).endswith(_GERMAN_NOUN_ENDINGS)


def _after_german_article(text: str, start: int) -> bool:
    m = re.search(r"([^\W\d_]+)\s+$", text[max(0, start - 20) : start])
    return bool(m and fold(m.group(1)) in _GERMAN_ARTICLES)


def _joining_gap(gap: str) -> bool:
    """Text between two words of one name: spaces, optionally an elision ("Société d'État")."""
    if re.fullmatch(r"\s+", gap):
        return True
    m = re.fullmatch(r"\s+([^\W\d_]{1,5})['’]", gap)
    return bool(m and fold(m.group(1)) in _ELISIONS)


def _at_sentence_start(text: str, start: int) -> bool:
    return bool(_SENTENCE_START.search(text[max(0, start - 8) : start]))


def _extract_names(text: str, language: str, spans: _Spans) -> list[Fact]:
    all_tokens = _tokens(text)
    tokens = [t for t in all_tokens if spans.free(t.start, t.end)]
    letters = [c for c in text if c.isalpha()]
    # ALL-CAPS text: capitals carry no information, acronyms included.
    shouting = bool(letters) and sum(c.isupper() for c in letters) > 0.5 * len(letters)
    # Title Case text ("Russia And China Sign A Memorandum"): capitals say little, so
    # only marked names (acronyms, inner capitals, digits) count.
    long_words = [t for t in all_tokens if len(t.text) >= 4 and t.text.isalpha()]
    german = _lang(language) == "de"
    title_case = (
        not german
        and len(long_words) >= 4
        and sum(_is_capitalised(t.text) for t in long_words) >= 0.8 * len(long_words)
    )
    # German capitalises every noun: a lone capitalised word is no evidence of a name,
    # and a capitalised run right after an article is a noun phrase ("der Russischen
    # Föderation"): the first word of such a run is dropped ("die Raumfahrtbehörde
    # Roskosmos" -> "Roskosmos", then dropped too as a lone word: recall is lost, not
    # precision).

    def is_cap(t: _Token) -> bool:
        if not _is_capitalised(t.text) or fold(t.text) in _FUNCTION_WORDS:
            return False
        if len(t.text) < 2 or _is_roman(t.text):
            return False  # single letters ("U.S."), Roman numerals ("XXI secolo", "XXIe")
        return not (shouting and t.text.isupper())

    # Capitalised words seen away from a sentence start: evidence that a sentence-initial
    # occurrence of the same word is a name too.
    mid_caps = {t.folded for t in tokens if is_cap(t) and not _at_sentence_start(text, t.start)}

    runs: list[list[_Token]] = []
    i = 0
    while i < len(tokens):
        if not is_cap(tokens[i]):
            i += 1
            continue
        run = [tokens[i]]
        j = i + 1
        while j < len(tokens):
            gap = text[run[-1].end : tokens[j].start]
            if is_cap(tokens[j]) and not _joining_gap(gap):
                break  # punctuation between two capitalised words: two names
            if is_cap(tokens[j]):
                run.append(tokens[j])
                j += 1
                continue
            # A lower-case connector followed by a capitalised word continues the run.
            if (
                tokens[j].text in _CONNECTORS
                and re.fullmatch(r"\s+", gap)
                and j + 1 < len(tokens)
                and is_cap(tokens[j + 1])
                and _joining_gap(text[tokens[j].end : tokens[j + 1].start])
            ):
                run.extend([tokens[j], tokens[j + 1]])
                j += 2
                continue
            break
        runs.append(run)
        i = j

    facts: list[Fact] = []
    for run in runs:
        if german and _after_german_article(text, run[0].start) and len(run) > 1:
            run = run[1:]
            while run and not is_cap(run[0]):
                run = run[1:]  # a connector left at the front
        caps = [t for t in run if is_cap(t)]
        significant = [
            t for t in caps if _significant(t.text) and not (german and _german_common_noun(t.text))
        ]
        if not significant:
            continue
        first = run[0]
        if (
            len(caps) == 1
            and _at_sentence_start(text, first.start)
            and not _is_marked_name(first.text)
            and first.folded not in mid_caps
        ):
            continue  # "Participait", "Nelle": capitalised only because a sentence starts
        marked = any(_is_marked_name(t.text) for t in caps)
        if not marked:
            if shouting or title_case:
                continue
            if german and len(caps) == 1:
                continue
        start, end = run[0].start, run[-1].end
        key = " ".join(t.folded for t in significant)
        facts.append(Fact("name", text[start:end], start, end, key))
    return facts


# ---------------------------------------------------------------------------
# Extraction entry point
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Extracted:
    facts: tuple[Fact, ...]
    number_words: frozenset[int]  # id() of facts that come from number words
    words: tuple[str, ...]  # every folded word token of the text (for name matching)


def _extract(text: str, language: str) -> _Extracted:
    spans = _Spans()
    dates = _extract_dates(text, _langs_for(language), spans)
    numbers, word_ids = _extract_numbers(text, language, spans)
    names = _extract_names(text, language, spans)
    facts = sorted(dates + numbers + names, key=lambda f: (f.start, f.end))
    words = tuple(dict.fromkeys(t.folded for t in _tokens(text)))
    return _Extracted(tuple(facts), frozenset(word_ids), words)


def extract_facts(text: str, language: str) -> list[Fact]:
    """Numbers, dates and names of ``text`` (language: ISO 639-1 code), by start offset.

    Every fact satisfies ``text[f.start:f.end] == f.text``.
    """
    return list(_extract(text, language).facts)


# ---------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------

_RATIO = 0.75
_PREFIX = 5


def _near(a: str, b: str) -> bool:
    """Near spelling of two folded words (see the module docstring)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    short, long_ = sorted((a, b), key=len)
    if len(short) >= _PREFIX and long_.startswith(short):
        return True
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < _RATIO or matcher.quick_ratio() < _RATIO:
        return False
    return matcher.ratio() >= _RATIO


def _split_digits(word: str) -> tuple[str, tuple[str, ...]]:
    """Folded letters without separators, and the digit groups ("luna-resurs-1")."""
    letters = re.sub(r"[^a-z\u00c0-\uffff]|\d", "", word)
    return letters, tuple(re.findall(r"\d+", word))


def _acronym_matches(acronym: str, other_words: Iterable[str]) -> bool:
    a = acronym.replace(".", "")
    classes = [c for c in _ACRONYM_EQUIVALENTS if a in c]
    return any(w == a or any(w in c for c in classes) for w in other_words)


def _token_matches(word: str, other_words: Sequence[str]) -> bool:
    """Does a significant name token have a counterpart among the other side's words?"""
    if _is_acronym(word):
        return _acronym_matches(fold(word), other_words)
    fw = fold(word)
    letters, digits = _split_digits(fw)
    for other in other_words:
        o_letters, o_digits = _split_digits(other)
        if digits and o_digits and digits != o_digits:
            continue
        if letters and o_letters and _near(letters, o_letters):
            return True
    return False


def _name_matched(fact: Fact, other: _Extracted) -> bool:
    # Re-tokenise the name to get its significant tokens with their original case.
    for tok in _tokens(fact.text):
        if (
            _is_capitalised(tok.text)
            and _significant(tok.text)
            and _token_matches(tok.text, other.words)
        ):
            return True
    return False


def _dates_compatible(k1: str, k2: str) -> bool:
    p1, p2 = _parse_date_key(k1), _parse_date_key(k2)
    if p1 is None or p2 is None:
        return False
    shared = 0
    for x, y in zip(p1, p2, strict=True):
        if x is not None and y is not None:
            if x != y:
                return False
            shared += 1
    return shared > 0


def _value_matched(fact: Fact, other: _Extracted) -> bool:
    for g in other.facts:
        if g.kind == "name":
            # "Luna-Resurs 1" vs "Luna-Resurs-1": the number lives inside the other name.
            if fact.kind == "number" and re.search(rf"(?<!\d){re.escape(fact.key)}$", g.key):
                return True
            continue
        if g.key == fact.key:
            return True
        if fact.kind == "date" and g.kind == "date" and _dates_compatible(fact.key, g.key):
            return True
    return False


def _unmatched(mine: _Extracted, other: _Extracted) -> tuple[list[Fact], list[Fact]]:
    """(unmatched facts that are always reported, unmatched number words)."""
    reported: list[Fact] = []
    words: list[Fact] = []
    for f in mine.facts:
        if f.kind == "name":
            if not _name_matched(f, other):
                reported.append(f)
        elif not _value_matched(f, other):
            (words if id(f) in mine.number_words else reported).append(f)
    return reported, words


def compare_facts(text_a: str, text_b: str, *, language_a: str, language_b: str) -> FactDifferences:
    """Facts of ``text_a`` missing from ``text_b`` (``.a``) and vice versa (``.b``).

    Offsets in ``.a`` refer to ``text_a``, in ``.b`` to ``text_b``; each tuple is sorted
    by start offset.
    """
    ea, eb = _extract(text_a, language_a), _extract(text_b, language_b)
    rep_a, words_a = _unmatched(ea, eb)
    rep_b, words_b = _unmatched(eb, ea)

    def has_number(facts: list[Fact]) -> bool:
        return any(f.kind == "number" for f in facts)

    # Number words only count as a difference against an unmatched number opposite.
    conflict_a = has_number(rep_b) or bool(words_b)
    conflict_b = has_number(rep_a) or bool(words_a)
    out_a = rep_a + (words_a if conflict_a else [])
    out_b = rep_b + (words_b if conflict_b else [])
    order = lambda f: (f.start, f.end)  # noqa: E731
    return FactDifferences(tuple(sorted(out_a, key=order)), tuple(sorted(out_b, key=order)))
