"""The shapes fact extraction and comparison share. Pure: standard library only."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

_Span = TypeVar("_Span")


@dataclass(frozen=True)
class Quantity:
    """The value of a number fact.

    `amount` is the value as written times its scale word ("1,5 Mio." -> 1500000);
    `step` the precision it is written to, on the same scale ("1,5 Mio." -> 100000), so
    that a value within half a step is a rounding of it. `dimension` is "" for a bare
    number, else a unit's dimension ("length", "percent", ...), and `si` the amount in
    that dimension's SI unit (what converted units are compared by). A `weak` number (a
    number word, an ordinal) is reported only against an unmatched number opposite; a
    `silent` one ("one", "un") only ever confirms a number on the other side.
    """

    amount: Decimal
    step: Decimal
    dimension: str = ""
    si: Decimal | None = None
    weak: bool = False
    silent: bool = False


@dataclass(frozen=True)
class When:
    """The value of a date fact: the fields it states (None when not stated), or a day
    relative to publication ("yesterday": relative=-1). Relative days are weak."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    relative: int | None = None

    @property
    def weak(self) -> bool:
        return self.relative is not None


@dataclass(frozen=True)
class Name:
    """The value of a name fact: its significant words, each reduced to a spelling key
    (accent-folded, transliterated to Latin letters), the concepts a place or language
    name stands for ("T:DE"), and for an acronym its letters and its expansion as given
    in its own sentence ("ILRS (International Lunar Research Station)"). `context` keeps
    the lower-case words that follow a lone capitalised word, as Romance languages write
    institutions ("Agenzia spaziale russa"): two of them found opposite match the name."""

    keys: tuple[str, ...]
    concepts: frozenset[str] = frozenset()
    acronym: str = ""
    expansion: tuple[str, ...] = ()
    context: tuple[str, ...] = ()  # lower-case words that follow one capitalised word


@dataclass(frozen=True)
class Fact:
    """One number, date or name found in a text.

    ``text`` is exactly ``source[start:end]``; ``key`` is the normalised value shown in
    tests and debugging ("2021-03-09", "1000", "rogozin"); ``sentence`` is the position of
    the sentence the fact lies in, within the group compared (0 for a single text), and
    the offsets are relative to that sentence.
    """

    kind: str  # "number" | "date" | "name"
    text: str
    start: int
    end: int
    key: str
    sentence: int = 0
    value: Quantity | When | Name | None = field(default=None, compare=False, repr=False)

    def as_dict(self) -> dict:
        """JSON form: kind, text, start, end (offsets within its sentence)."""
        return {"kind": self.kind, "text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class FactMatch:
    """A fact of one side (`side`: "a" or "b") that is not a difference, its counterpart
    on the other side when that is a fact too (a name may be matched by a lower-case word
    instead), and how they relate: "same" (one fact, written alike or in two languages or
    scripts), "rounded" (1.67 billion / 1.672 billion), "variant" (two acronyms of one
    body that cannot be checked further: CNSA / KNKA) or "unverifiable" (a name facing a
    text in a script without capitals, where names cannot be found)."""

    side: str
    fact: Fact
    counterpart: Fact | None
    relation: str


@dataclass(frozen=True)
class FactDifferences:
    """Facts of side A without a counterpart on side B (``a``), and vice versa (``b``),
    each sorted by sentence and start offset; ``matches`` holds the pairs that were
    found, for inspection (the page shows only differences)."""

    a: tuple[Fact, ...]
    b: tuple[Fact, ...]
    matches: tuple[FactMatch, ...] = ()

    def as_dict(self) -> dict:
        """JSON-serialisable form: ``{"a": [{"kind","text","start","end"}...], "b": [...]}``."""
        return {"a": [f.as_dict() for f in self.a], "b": [f.as_dict() for f in self.b]}

    def __bool__(self) -> bool:
        return bool(self.a or self.b)


class Taken:
    """Characters already claimed by an earlier extraction stage, in O(span) per check."""

    def __init__(self, length: int) -> None:
        self._taken = bytearray(length)

    def empty(self) -> bool:
        return self._taken.find(1) < 0

    def free(self, start: int, end: int) -> bool:
        return self._taken.find(1, start, end) < 0

    def take(self, start: int, end: int) -> None:
        self._taken[start:end] = b"\x01" * (end - start)

    def free_spans(self, spans: list[_Span]) -> list[_Span]:
        """The spans (anything with `start` and `end`) whose characters are all free."""
        find = self._taken.find  # `free` of each, without a method call per span
        return [span for span in spans if find(1, span.start, span.end) < 0]
