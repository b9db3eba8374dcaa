"""Facts of one sentence, extracted once and cached.

Pure: the stages of `compare.facts.dates`, `numbers` and `names`, in that order; a later
stage never reuses characters an earlier one took ("9 marzo 2021" is a date, not the
numbers 9 and 2021), and none reads inside a web or e-mail address. Every stage is a fixed
set of regular expressions and one pass over the tokens, so extraction is linear in the
length of the text.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass

from compare.facts import data
from compare.facts.dates import extract_dates
from compare.facts.model import Fact, Taken
from compare.facts.names import Vocabulary, extract_names, may_hold_names
from compare.facts.names import vocabulary as _vocabulary
from compare.facts.numbers import extract_numbers
from compare.folding import ADDRESS


@dataclass(frozen=True)
class Extraction:
    """The facts of a text, sorted by start offset, and the vocabulary the other side's
    names are looked up in."""

    facts: tuple[Fact, ...]
    text: str

    @functools.cached_property
    def vocabulary(self) -> Vocabulary:
        """Built on first use: only a sentence that faces a name needs it, and most do not."""
        return _vocabulary(self.text)


def extract(text: str, language: str) -> Extraction:
    """Facts and vocabulary of `text` (language: ISO 639-1 code; "fr-FR" is "fr").

    Cached on (text, language): a sentence met in several links, or re-compared after an
    editor's decision, is read once per process.
    """
    return _extract(text, data.language_code(language))


_SPAN = operator.attrgetter("start", "end")  # (start, end), got in C


@functools.lru_cache(maxsize=32768)
def _extract(text: str, language: str) -> Extraction:
    taken = Taken(len(text))
    for address in ADDRESS.finditer(text):  # its digits are no fact
        taken.take(address.start(), address.end())
    facts = extract_dates(text, language, taken)
    facts += extract_numbers(text, language, taken)
    if may_hold_names(text, language):  # most sentences of a French text do not
        facts += extract_names(text, language, taken)
    facts.sort(key=_SPAN)
    return Extraction(tuple(facts), text)


extract.cache_clear = _extract.cache_clear  # type: ignore[attr-defined]
extract.cache_info = _extract.cache_info  # type: ignore[attr-defined]


def extract_facts(text: str, language: str) -> list[Fact]:
    """Numbers, dates and names of `text`, by start offset; every fact satisfies
    ``text[f.start:f.end] == f.text``."""
    return list(extract(text, language).facts)
