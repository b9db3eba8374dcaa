"""What the comparison page shows: a `ComparisonResult` re-classified, filtered and laid out.

Pure: dataclasses in, dataclasses out; no ORM, no template, no model. The view
reads the stored result, applies the reader's similarity threshold with
`apply_threshold()`, and hands `build_page()`'s output to the template, which
then only loops and prints (no logic, no queries).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from compare.results import SIDES, ComparisonResult, ResultSentence

# The aligner's default cut-off between "partial" and "match" (cosine), used
# when a stored result does not say which one it used.
DEFAULT_MATCH_SIMILARITY = 0.5

ADDITION_TYPES = ("commentary", "caption", "credit", "duplicate", "other")

STATUS_LABELS = {
    "match": "shared",
    "partial": "partly shared",
    "moved": "shared, moved",
    "addition": "added",
}

# (singular, plural) of each addition type, for "adds a caption" / "adds captions (3 sentences)".
TYPE_NOUNS = {
    "commentary": ("commentary", "commentary"),
    "caption": ("a caption", "captions"),
    "credit": ("a credit line", "credit lines"),
    "duplicate": ("a duplicate", "duplicates"),
    "other": ("other content", "other content"),
}

FACT_KINDS = {"date": "date", "number": "number", "name": "name"}

QUOTE_CHARS = 90


def partial_cutoff(result: ComparisonResult) -> float:
    """The cosine from which the aligner called a link a match rather than partial."""
    return float(result.parameters.get("match_similarity", DEFAULT_MATCH_SIMILARITY))


def apply_threshold(result: ComparisonResult, threshold: float) -> ComparisonResult:
    """A copy of `result` with its machine links re-classified by a similarity threshold.

    `threshold` is a cosine in [-1, 1]. A link scoring below it is dropped and its
    sentences become additions (their type "other", since the machine never typed
    them); a link from the threshold up to the result's partial cut-off is
    "partial", and above the cut-off a "match". Links an editor confirmed
    (`curated=True`) are decisions, not scores: they are kept as they are. The
    input is not modified.
    """
    cutoff = max(threshold, partial_cutoff(result))
    links = []
    dropped: set[tuple[str, int]] = set()
    for link in result.links:
        if link.curated:
            links.append(link)
        elif link.score < threshold:
            dropped.update(("a", i) for i in link.a)
            dropped.update(("b", i) for i in link.b)
        else:
            kind = "match" if link.score >= cutoff else "partial"
            links.append(dataclasses.replace(link, kind=kind))
    sides = {}
    for name in SIDES:
        side = result.side(name)
        sentences = [dataclasses.replace(s, facts=list(s.facts)) for s in side.sentences]
        for sentence in sentences:
            if (name, sentence.index) in dropped:
                sentence.addition_type = sentence.addition_type or "other"
        sides[name] = dataclasses.replace(side, sentences=sentences)
    copy = dataclasses.replace(result, a=sides["a"], b=sides["b"], links=links)
    copy.finish()
    # finish() clears the type of linked sentences only; a demoted sentence was
    # typed above, and additions keep the type the classifier gave them.
    return copy


@dataclass
class Segment:
    """A piece of a sentence's text; `fact` is set on a fact difference to highlight."""

    text: str
    fact_kind: str = ""
    fact_title: str = ""


@dataclass
class Counterpart:
    anchor: str
    text: str
    language: str


@dataclass
class SentenceView:
    kind: ClassVar[str] = "sentence"

    anchor: str  # the element id, e.g. "a-3"
    number: int  # 1-based, for people
    status: str
    label: str  # the status as text: "shared", "added: commentary", …
    addition_type: str
    link_key: str
    counterparts: list[Counterpart]
    segments: list[Segment]
    is_difference: bool
    curated: bool
    score: str  # the link's cosine, "0.82", or "" for an addition


@dataclass
class Elision:
    """A run of sentences hidden by a filter."""

    kind: ClassVar[str] = "elision"

    count: int
    first_anchor: str


@dataclass
class ParagraphView:
    position: int
    items: list[SentenceView | Elision]


@dataclass
class ColumnView:
    name: str  # "a" or "b"
    title: str
    outlet: str
    language: str
    paragraphs: list[ParagraphView]


@dataclass
class StripSegment:
    anchor: str
    status: str
    addition_type: str
    weight: int  # the sentence's length in characters
    title: str


@dataclass
class Passage:
    """Consecutive additions of one type (duplicates in between do not break it)."""

    addition_type: str
    anchors: list[str]
    quote: str

    @property
    def first_anchor(self) -> str:
        return self.anchors[0]

    @property
    def size(self) -> int:
        return len(self.anchors)

    @property
    def description(self) -> str:
        singular, plural = TYPE_NOUNS.get(self.addition_type, TYPE_NOUNS["other"])
        noun = singular if self.size == 1 else plural
        sentences = "1 sentence" if self.size == 1 else f"{self.size} sentences"
        return f"adds {noun} ({sentences})"


@dataclass
class FactReference:
    anchor: str
    kind: str
    text: str


@dataclass
class SideSummary:
    name: str
    outlet: str
    title: str
    language: str
    shared_percent: int
    sentence_count: int
    addition_count: int
    left_out_count: int  # sentences of the other article with no counterpart here
    passages: list[Passage]
    type_counts: list[tuple[str, int]]
    facts: list[FactReference]
    segments: list[StripSegment]


@dataclass
class ComparisonPage:
    columns: list[ColumnView]
    summaries: list[SideSummary]
    difference_count: int
    hidden_count: int
    threshold: float | None
    partial_cutoff: float
    filters_active: bool = False


def _segments(sentence: ResultSentence) -> list[Segment]:
    """Split a sentence's text around its fact differences (offsets into the sentence)."""
    text = sentence.text
    pieces: list[Segment] = []
    position = 0
    for fact in sorted(sentence.facts, key=lambda f: (f.get("start", 0), f.get("end", 0))):
        start, end = int(fact.get("start", 0)), int(fact.get("end", 0))
        if start < position or end <= start or end > len(text):
            continue  # overlapping or out of range: leave that fact unmarked
        if start > position:
            pieces.append(Segment(text[position:start]))
        kind = FACT_KINDS.get(fact.get("kind", ""), "fact")
        pieces.append(
            Segment(
                text[start:end],
                fact_kind=kind,
                fact_title=f"only in this article: {kind} “{text[start:end]}”",
            )
        )
        position = end
    if position < len(text):
        pieces.append(Segment(text[position:]))
    return pieces


def _quote(text: str) -> str:
    if len(text) <= QUOTE_CHARS:
        return text
    cut = text[:QUOTE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _passages(result: ComparisonResult, name: str) -> list[Passage]:
    """The side's additions as passages, grouped by type, largest first within a type."""
    sentences = result.side(name).sentences
    passages: list[Passage] = []
    open_passage: dict[str, Passage] = {}
    for sentence in sentences:
        if sentence.link is not None:
            open_passage.clear()  # a shared sentence ends every passage
            continue
        kind = sentence.addition_type or "other"
        anchor = f"{name}-{sentence.index}"
        current = open_passage.get(kind)
        if kind != "duplicate":
            # A repeat inside a run of captions does not end the run (it is
            # counted with the duplicates); any other type does.
            for other in list(open_passage):
                if other not in (kind, "duplicate"):
                    del open_passage[other]
        if current is None:
            current = Passage(kind, [], _quote(sentence.text))
            open_passage[kind] = current
            passages.append(current)
        current.anchors.append(anchor)
    order = {kind: position for position, kind in enumerate(ADDITION_TYPES)}
    return sorted(passages, key=lambda p: (order.get(p.addition_type, 99), -p.size))


def _label(sentence: ResultSentence) -> str:
    if sentence.status == "addition":
        return f"added: {sentence.addition_type or 'other'}"
    return STATUS_LABELS.get(sentence.status, sentence.status)


def build_page(
    result: ComparisonResult,
    *,
    only_differences: bool = False,
    hide_duplicates: bool = False,
    hide_captions: bool = False,
    threshold: float | None = None,
) -> ComparisonPage:
    """Lay a result out for the page: two columns, a summary and an overview strip per side.

    Filters hide sentences from the columns (each hidden run becomes an
    `Elision`); the summary and the strip always cover every sentence.
    """
    hidden_types = set()
    if hide_duplicates:
        hidden_types.add("duplicate")
    if hide_captions:
        hidden_types.add("caption")
    keys = [result.link_key(link) for link in result.links]
    columns, summaries = [], []
    difference_count = hidden_count = 0
    for name, other_name in (("a", "b"), ("b", "a")):
        side, other = result.side(name), result.side(other_name)
        paragraphs: list[ParagraphView] = []
        segments: list[StripSegment] = []
        facts: list[FactReference] = []
        type_counts: dict[str, int] = {}
        for sentence in side.sentences:
            anchor = f"{name}-{sentence.index}"
            link = result.links[sentence.link] if sentence.link is not None else None
            addition_type = "" if link else (sentence.addition_type or "other")
            if addition_type:
                type_counts[addition_type] = type_counts.get(addition_type, 0) + 1
            is_difference = sentence.status != "match" or bool(sentence.facts)
            label = _label(sentence)
            segments.append(
                StripSegment(anchor, sentence.status, addition_type, len(sentence.text), label)
            )
            facts.extend(
                FactReference(anchor, FACT_KINDS.get(f.get("kind", ""), "fact"), f.get("text", ""))
                for f in sentence.facts
            )
            if not paragraphs or paragraphs[-1].position != sentence.paragraph:
                paragraphs.append(ParagraphView(sentence.paragraph, []))
            items = paragraphs[-1].items
            hidden = (only_differences and not is_difference) or addition_type in hidden_types
            if hidden:
                hidden_count += 1
                if items and isinstance(items[-1], Elision):
                    items[-1].count += 1
                else:
                    items.append(Elision(1, anchor))
                continue
            difference_count += is_difference
            items.append(
                SentenceView(
                    anchor=anchor,
                    number=sentence.index + 1,
                    status=sentence.status,
                    label=label,
                    addition_type=addition_type,
                    link_key=keys[sentence.link] if link else "",
                    counterparts=[
                        Counterpart(f"{other_name}-{i}", other.sentences[i].text, other.language)
                        for i in (getattr(link, other_name) if link else ())
                    ],
                    segments=_segments(sentence),
                    is_difference=is_difference,
                    curated=sentence.curated or bool(link and link.curated),
                    score=f"{link.score:.2f}" if link else "",
                )
            )
        columns.append(ColumnView(name, side.title, side.outlet, side.language, paragraphs))
        summaries.append(
            SideSummary(
                name=name,
                outlet=side.outlet,
                title=side.title,
                language=side.language,
                shared_percent=round(100 * result.shared_share(name)),
                sentence_count=len(side.sentences),
                addition_count=sum(type_counts.values()),
                left_out_count=len(result.additions(other_name)),
                passages=_passages(result, name),
                type_counts=_ordered(type_counts),
                facts=facts,
                segments=segments,
            )
        )
    return ComparisonPage(
        columns=columns,
        summaries=summaries,
        difference_count=difference_count,
        hidden_count=hidden_count,
        threshold=threshold,
        partial_cutoff=partial_cutoff(result),
        filters_active=bool(only_differences or hidden_types or threshold is not None),
    )


def _ordered(counts: dict[str, int]) -> list[tuple[str, int]]:
    order: Iterable[str] = [*ADDITION_TYPES, *sorted(set(counts) - set(ADDITION_TYPES))]
    return [(kind, counts[kind]) for kind in order if kind in counts]
