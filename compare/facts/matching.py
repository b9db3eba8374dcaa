"""Pairing the facts of the two sides of a link: difference, or not.

Pure. Set semantics: a fact is matched when the other side holds any compatible fact;
repeats are not counted. Each side of a link is a group of sentences (two for a 1:2
link); facts are extracted per sentence (cached) and matched against the whole other
group.

- Numbers: the same value, or a rounding ("1,67 Milliarden" / "1,672 milliard"), or the
  same amount in converted units; a plain number also matches a year or a day of a date
  with its value, and a name ending with its digits ("Luna-Resurs 1" / "Luna-Resurs-1").
- Dates: compatible fields (`dates.compatible`); a year also matches the number.
- Names: `names.name_matched`; acronyms left on both sides are paired as variants.
- Weak facts (number words, ordinals, relative days) are reported only when the other
  side has an unmatched fact of the same kind: "les deux pays" facing nothing is not a
  difference, "deux missions" facing "3 missioni" is. Silent facts ("one", "un") never
  are. Names facing a text in a script without capitals cannot be checked and are not
  reported.

A difference is what is left: dates and numbers with no compatible value opposite, names
with no counterpart in any spelling, acronyms with no counterpart and none left opposite.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from compare.facts.dates import compatible
from compare.facts.extraction import extract
from compare.facts.model import Fact, FactDifferences, FactMatch, Name, Quantity, When
from compare.facts.names import Vocabulary, expansion_matched, has_letter, merge, name_matched
from compare.facts.numbers import relation


def _value_counterpart(fact: Fact, others: Sequence[Fact]) -> tuple[Fact | None, str] | None:
    """The other side's fact that `fact` (a number or date) matches, and the relation."""
    rounded = None
    for other in others:
        found = _relation(fact, other)
        if found == "same":
            return other, "same"
        if found == "rounded" and rounded is None:
            rounded = other
    return (rounded, "rounded") if rounded is not None else None


def _relation(fact: Fact, other: Fact) -> str | None:
    """How `fact` (a number or date) relates to `other`: "same", "rounded" or None. The
    type of `fact`'s value is asked first, and once: every pair of facts is tested."""
    a, b = fact.value, other.value
    if isinstance(a, Quantity):
        if isinstance(b, Quantity):
            return relation(a, b)
        if isinstance(b, When):
            return _number_in_date(a, b)
        if isinstance(b, Name) and not a.dimension:
            # "Luna-Resurs 1" vs "Luna-Resurs-1": the number lives inside the other name.
            return "same" if _ends_with_number(other.text, fact.key) else None
    elif isinstance(a, When):
        if isinstance(b, When):
            return "same" if compatible(a, b) else None
        if isinstance(b, Quantity):
            return _number_in_date(b, a)
    return None


def _ends_with_number(text: str, number: str) -> bool:
    """Does `text` end with `number`, not right after another digit? So says
    ``re.search(rf"(?<!\\d){re.escape(number)}$", text)``, with a pattern to compile for
    each number; `$` also matches before a final newline."""
    ends = (len(text), len(text) - 1) if text.endswith("\n") else (len(text),)
    for end in ends:
        start = end - len(number)
        if start >= 0 and text[start:end] == number and not text[start - 1 : start].isdecimal():
            return True
    return False


def _number_in_date(number: Quantity, date: When) -> str | None:
    if number.dimension or number.amount != number.amount.to_integral_value():
        return None
    value = int(number.amount)
    if value in (date.year, date.day) and date.relative is None:
        return "same"
    return None


def _side(
    side: str, facts: Sequence[Fact], others: Sequence[Fact], vocabulary: Vocabulary | None
) -> tuple[list[Fact], list[Fact], list[FactMatch]]:
    """(unmatched facts, unmatched weak facts, matches) of one side against the other,
    whose `vocabulary` is needed (and given) only when `facts` hold a name."""
    unmatched: list[Fact] = []
    weak: list[Fact] = []
    matches: list[FactMatch] = []
    # The spelling keys of the other side's names, all in its vocabulary: a name sharing
    # one is matched without building the vocabulary's keys (`_shares_key`).
    name_keys = _name_keys(others) if vocabulary is not None else frozenset()
    for fact in facts:
        value = fact.value
        if isinstance(value, Name):
            if vocabulary.caseless:
                matches.append(FactMatch(side, fact, None, "unverifiable"))
            elif _shares_key(value, name_keys) or name_matched(value, vocabulary):
                matches.append(FactMatch(side, fact, _name_counterpart(fact, others), "same"))
            else:
                unmatched.append(fact)
            continue
        found = _value_counterpart(fact, others)
        if found is not None:
            matches.append(FactMatch(side, fact, found[0], found[1]))
        elif isinstance(value, Quantity) and value.silent:
            continue
        elif getattr(value, "weak", False):
            weak.append(fact)
        else:
            unmatched.append(fact)
    return unmatched, weak, matches


def _name_keys(facts: Sequence[Fact]) -> frozenset[str]:
    return frozenset(key for f in facts if isinstance(f.value, Name) for key in f.value.keys)


def _shares_key(name: Name, keys: frozenset[str]) -> bool:
    """A name (not an acronym) with a key among `keys`, keys of the other side's names:
    `name_matched` would say so, as that key is in the other side's vocabulary and is
    near itself (when it has a letter)."""
    return not name.acronym and any(key in keys and has_letter(key) for key in name.keys)


def _name_counterpart(fact: Fact, others: Sequence[Fact]) -> Fact | None:
    """A name fact of the other side that shares a spelling key, for the record."""
    keys = set(fact.value.keys)
    for other in others:
        if isinstance(other.value, Name) and keys & set(other.value.keys):
            return other
    return None


def _pair_acronyms(
    unmatched_a: list[Fact], unmatched_b: list[Fact]
) -> tuple[list[Fact], list[Fact], list[FactMatch]]:
    """Acronyms left on both sides, paired in reading order (each spelling once), are
    variants of one body (CNSA / KNKA), unless both expansions are given and differ."""

    def first_of_each(facts: list[Fact]) -> list[Fact]:
        return list({f.key: f for f in reversed(facts) if f.value.acronym}.values())[::-1]

    def expansion(facts: list[Fact], key: str) -> tuple[str, ...]:
        return tuple(k for f in facts if f.key == key for k in f.value.expansion)

    if not (unmatched_a and unmatched_b):
        return unmatched_a, unmatched_b, []  # most links: no name left on one side
    matches: list[FactMatch] = []
    paired: set[str] = set()
    for fa, fb in zip(first_of_each(unmatched_a), first_of_each(unmatched_b), strict=False):
        ea, eb = expansion(unmatched_a, fa.key), expansion(unmatched_b, fb.key)
        if (
            ea
            and eb
            and not (
                expansion_matched(ea, frozenset(eb), tuple(eb))
                or expansion_matched(eb, frozenset(ea), tuple(ea))
            )
        ):
            continue
        paired |= {"a" + fa.key, "b" + fb.key}
        matches += [FactMatch("a", f, fb, "variant") for f in unmatched_a if f.key == fa.key]
        matches += [FactMatch("b", f, fa, "variant") for f in unmatched_b if f.key == fb.key]
    return (
        [f for f in unmatched_a if "a" + f.key not in paired],
        [f for f in unmatched_b if "b" + f.key not in paired],
        matches,
    )


def _kinds(facts: Sequence[Fact]) -> set[str]:
    return {f.kind for f in facts if f.kind in ("number", "date")}


def _weak_kept(weak: list[Fact], values: list[Fact], weak_opposite: list[Fact]) -> list[Fact]:
    """The weak facts of one side with an unmatched fact of their kind opposite (most
    sides have no weak fact left, and then need not look)."""
    if not weak:
        return []
    opposite = _kinds(values) | _kinds(weak_opposite)
    return [f for f in weak if f.kind in opposite]


def compare_groups(
    sentences_a: Sequence[str],
    sentences_b: Sequence[str],
    *,
    language_a: str,
    language_b: str,
) -> FactDifferences:
    """Fact differences between the sentences of the two sides of one link.

    Input: the texts of side A's sentences and of side B's (one each for a 1:1 link, two
    on one side for a 1:2 link), and their ISO 639-1 languages. Output: the facts of A
    without a counterpart in B (``.a``) and vice versa (``.b``), each with ``sentence``
    (its position in the side's list) and offsets within that sentence, sorted by
    sentence and start; ``.matches`` lists the facts that are not differences and why.
    """
    extracted_a = [extract(text, language_a) for text in sentences_a]
    extracted_b = [extract(text, language_b) for text in sentences_b]
    facts_a = _numbered(extracted_a)
    facts_b = _numbered(extracted_b)
    # A side's vocabulary is read only to match the names opposite.
    vocabulary_a = merge(e.vocabulary for e in extracted_a) if _has_names(facts_b) else None
    vocabulary_b = merge(e.vocabulary for e in extracted_b) if _has_names(facts_a) else None

    unmatched_a, weak_a, matches_a = _side("a", facts_a, facts_b, vocabulary_b)
    unmatched_b, weak_b, matches_b = _side("b", facts_b, facts_a, vocabulary_a)
    names_a = [f for f in unmatched_a if isinstance(f.value, Name)]
    names_b = [f for f in unmatched_b if isinstance(f.value, Name)]
    left_a, left_b, variants = _pair_acronyms(names_a, names_b)
    values_a = [f for f in unmatched_a if not isinstance(f.value, Name)]
    values_b = [f for f in unmatched_b if not isinstance(f.value, Name)]

    # Weak facts count only against an unmatched fact of their kind opposite.
    out_a = values_a + left_a + _weak_kept(weak_a, values_b, weak_b)
    out_b = values_b + left_b + _weak_kept(weak_b, values_a, weak_a)

    def order(f: Fact) -> tuple[int, int, int]:
        return (f.sentence, f.start, f.end)

    return FactDifferences(
        tuple(sorted(out_a, key=order)),
        tuple(sorted(out_b, key=order)),
        tuple(matches_a + matches_b + variants),
    )


def _has_names(facts: Sequence[Fact]) -> bool:
    return any(isinstance(f.value, Name) for f in facts)


def _numbered(extracted: Sequence) -> list[Fact]:
    return [
        dataclasses.replace(fact, sentence=index) if index else fact
        for index, found in enumerate(extracted)
        for fact in found.facts
    ]


def compare_facts(text_a: str, text_b: str, *, language_a: str, language_b: str) -> FactDifferences:
    """Facts of ``text_a`` missing from ``text_b`` (``.a``) and vice versa (``.b``).

    Each text is compared whole; offsets in ``.a`` refer to ``text_a``, in ``.b`` to
    ``text_b``. For the sentences of a link, use `compare_groups`.
    """
    return compare_groups([text_a], [text_b], language_a=language_a, language_b=language_b)
