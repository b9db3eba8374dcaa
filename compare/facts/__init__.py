"""Fact differences inside one link of two articles, possibly in two languages.

Pure: strings in, dataclasses out; no ORM, no model, no I/O. Standard library plus
babel (CLDR data: month names, number words, units, place names), anyascii
(transliteration) and rapidfuzz (edit ratio).

A fact is a number, a date or a name. For each link, the facts of one side's sentences
that have no counterpart in the other side's are differences; every `Fact` satisfies
``sentence_text[fact.start:fact.end] == fact.text``, so the page can highlight it.

Precision comes first: a highlighted "difference" that is only a translation misleads a
fact-checker, so every rule leans towards *not* reporting. Not differences: one date or
number written in two languages ("9 marzo 2021" / "March 9, 2021" / "2021年3月9日"),
a rounding ("1,67 Milliarden" / "1,672 milliard"), a unit converted, a name
transliterated (Rogozin / Рогозин / Rogosin), a translated institution with cognate
words, one body's acronym in two languages (CNSA / KNKA). Differences: 10 March / 9
March, 1,200 / 1,500, a person or a number on one side only.

Modules: `dates`, `numbers`, `names` extract and compare one kind of fact each,
`extraction` runs them once per sentence (cached), `matching` pairs the two sides,
`data` holds the per-language data with its sources.
"""

from compare.facts.extraction import extract, extract_facts
from compare.facts.matching import compare_facts, compare_groups
from compare.facts.model import Fact, FactDifferences, FactMatch

__all__ = [
    "Fact",
    "FactDifferences",
    "FactMatch",
    "compare_facts",
    "compare_groups",
    "extract",
    "extract_facts",
]
