"""Text folding shared by segmentation, addition typing and fact comparison.

Pure: standard library only. One place for the few normalisations the app compares
texts by, so that "the same text" means the same thing everywhere:

- `fold`: accent-folded and case-folded ("Sergueï" -> "serguei", "Straße" -> "strasse");
- `words`: the word tokens of a text (letters and digits, no punctuation, no "_");
- `normalise_words`: folded words joined by single spaces, punctuation dropped;
- `normalise_spaces`: NFC with every run of white space reduced to one space;
- `ADDRESS`: a web or e-mail address, which is never read as words that end a sentence, as
  a fact, or as content two sentences share.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Callable

__all__ = ["ADDRESS", "WORD", "bmp_class", "fold", "normalise_spaces", "normalise_words", "words"]

# A word: a run of letters and digits in any script. "_" is a word character for `\w`
# but never part of a word in prose.
WORD = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"\s+")
# A web address ("https://x.org/2021/03/09/report-123", "www.x.org", "x.org/path") or an
# e-mail address. One without a scheme starts only where no part of one stands before it,
# so that a long run of "a.a.a…" is read once, not once from each of its letters.
ADDRESS = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"«»“”]+"
    r"|(?<![\w.@-])(?:[a-z0-9-]+\.)+[a-z]{2,}/[^\s<>\"«»“”]*"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.IGNORECASE,
)


@functools.cache
def _combining_marks() -> dict[int, None]:
    """Every combining mark (accents, diacritics, vowel signs), for `str.translate`: built
    once per process, in a tenth of a second."""
    return {point: None for point in range(sys.maxunicode + 1) if unicodedata.combining(chr(point))}


def bmp_class(test: Callable[[str], bool]) -> str:
    """The characters of the Basic Multilingual Plane that pass `test`, as the inside of a
    regular expression's [...], in ranges: the engine tests such a class with a bitmap,
    where `str.translate` or a Python loop looks every character up."""
    ranges: list[list[int]] = []
    for point in range(0x10000):
        if test(chr(point)):
            if ranges and ranges[-1][1] == point - 1:
                ranges[-1][1] = point
            else:
                ranges.append([point, point])
    return "".join(
        re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
        for lo, hi in ranges
    )


@functools.cache
def _marks_pattern() -> re.Pattern:
    """The combining marks of the Basic Multilingual Plane (every one a text is likely to
    hold), for `_without_marks`: three times quicker than `str.translate` with
    `_combining_marks`. Marks beyond U+FFFF would make the class a list of ranges tried in
    turn."""
    return re.compile(f"[{bmp_class(unicodedata.combining)}]+")


def _without_marks(text: str) -> str:
    """`text` less its combining marks (`unicodedata.combining`)."""
    if text.isascii():
        return text
    text = _marks_pattern().sub("", text)
    if text.isascii() or max(text) <= "\uffff":
        return text
    return text.translate(_combining_marks())  # a character beyond U+FFFF: rare


@functools.lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Accent-fold and case-fold: "Sergueï" -> "serguei", "Straße" -> "strasse".

    NFKD splits a letter from its accents, which are then dropped; ß has no
    decomposition, so it is spelled out first. Kept for the process: fact matching folds
    the same names again and again.
    """
    if text.isascii():
        return text.lower()  # nothing to decompose; casefold() is lower() on ASCII
    text = text.replace("ß", "ss").replace("ẞ", "ss")
    return _without_marks(unicodedata.normalize("NFKD", text)).casefold()


def words(text: str) -> list[str]:
    """The word tokens of `text`, as written (no folding)."""
    return WORD.findall(text)


def normalise_words(text: str) -> str:
    """Folded words separated by single spaces, punctuation dropped ("L'Été, 2021!" ->
    "l ete 2021")."""
    return " ".join(words(fold(text)))


def normalise_spaces(text: str) -> str:
    """NFC, one space between words, no leading or trailing space: what identifies a text
    whatever its line ends and spacing."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
