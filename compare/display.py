"""What the comparison page shows: a `ComparisonResult` re-classified, filtered and laid out.

Pure: dataclasses in, dataclasses out; no ORM, no template, no model. The view
reads the stored result, applies the reader's similarity threshold with
`apply_threshold()`, and hands `build_page()`'s output to the template, which
then only loops and prints (no logic, no queries).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import ClassVar

from compare.alignment import AlignmentParameters
from compare.results import ComparisonResult, ResultSentence, other_side, with_changes
from compare.vocabulary import ADDITION_NOUNS, AdditionType, LinkKind, Role, Status

QUOTE_CHARS = 90


def partial_cutoff(result: ComparisonResult) -> float:
    """The cosine from which the aligner called a link a match rather than partial."""
    default = AlignmentParameters().match_similarity  # for a result that does not say
    return float(result.parameters.get("match_similarity", default))


def apply_threshold(result: ComparisonResult, threshold: float) -> ComparisonResult:
    """`result` with its machine links re-classified by a similarity threshold.

    `threshold` is a cosine in [-1, 1]. A link scoring below it is dropped and its sentences
    become additions, typed like any other; a link from the threshold up to the result's
    partial cut-off is "partial", and above the cut-off a "match". Links an editor confirmed
    (`curated=True`) are decisions, not scores: they are kept as they are.
    """
    cutoff = max(threshold, partial_cutoff(result))
    links = []
    for link in result.links:
        if link.curated:
            links.append(link)
        elif link.score >= threshold:
            kind = LinkKind.MATCH if link.score >= cutoff else LinkKind.PARTIAL
            links.append(dataclasses.replace(link, kind=kind))
    return with_changes(result, links=links, additions=result.addition_map())


@dataclass
class Segment:
    """A piece of a sentence's text; `fact` is set on a fact difference to highlight, `href`
    on the label of a Markdown link ("[label](https://…)"), shown as a link."""

    text: str
    fact_kind: str = ""
    fact_title: str = ""
    href: str = ""


# A Markdown inline link to a web page, as a text written in Markdown holds them: the page
# shows its label (a link in the columns), and the stored text keeps the whole of it.
_MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\((https?://[^\s()<>]{1,2000})\)")


def link_labels(text: str) -> str:
    """`text` with each Markdown link written as its label alone."""
    return _MARKDOWN_LINK.sub(r"\1", text) if "](" in text else text


def _linked(text: str) -> list[Segment]:
    """`text` as plain segments and the labels of its Markdown links."""
    pieces, position = [], 0
    for link in _MARKDOWN_LINK.finditer(text) if "](" in text else ():
        if link.start() > position:
            pieces.append(Segment(text[position : link.start()]))
        pieces.append(Segment(link[1], href=link[2]))
        position = link.end()
    if position < len(text):
        pieces.append(Segment(text[position:]))
    return pieces


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
    text: str  # the whole sentence as the page shows it (a Markdown link as its label)
    segments: list[Segment]  # the same text, cut around what the page marks in it
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
    role: str  # Role
    items: list[SentenceView | Elision]

    @property
    def role_label(self) -> str:
        return Role(self.role).label.lower()


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
        singular, plural = ADDITION_NOUNS.get(self.addition_type, ADDITION_NOUNS["other"])
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
class LinkRow:
    """One link as the curation table lists it."""

    key: str
    a: list[Counterpart]
    b: list[Counterpart]
    kind: str  # LinkKind
    status: str
    curated: bool
    score: str


@dataclass
class ComparisonPage:
    columns: list[ColumnView]
    summaries: list[SideSummary]
    links: list[LinkRow]
    relatedness: str  # Relatedness
    undated: bool  # loosely related with one clear link, and a publication date is missing
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
            pieces += _linked(text[position:start])
        kind = fact.get("kind") or "fact"
        pieces.append(
            Segment(
                text[start:end],
                fact_kind=kind,
                fact_title=f"only in this article: {kind} “{text[start:end]}”",
            )
        )
        position = end
    if position < len(text):
        pieces += _linked(text[position:])
    return pieces


def _quote(text: str) -> str:
    if len(text) <= QUOTE_CHARS:
        return text
    cut = text[:QUOTE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _passages(result: ComparisonResult, name: str) -> list[Passage]:
    """The side's additions as passages, grouped by type, largest first within a type."""
    passages: list[Passage] = []
    open_passage: dict[str, Passage] = {}
    for sentence in result.side(name).sentences:
        if sentence.link is not None:
            open_passage.clear()  # a shared sentence ends every passage
            continue
        kind = sentence.addition_type
        current = open_passage.get(kind)
        if kind != AdditionType.DUPLICATE:
            # A repeat inside a run of captions does not end the run (it is
            # counted with the duplicates); any other type does.
            for other in list(open_passage):
                if other not in (kind, AdditionType.DUPLICATE):
                    del open_passage[other]
        if current is None:
            current = Passage(kind, [], _quote(link_labels(sentence.text)))
            open_passage[kind] = current
            passages.append(current)
        current.anchors.append(f"{name}-{sentence.index}")
    order = {kind: position for position, kind in enumerate(AdditionType.values)}
    return sorted(passages, key=lambda p: (order.get(p.addition_type, 99), -p.size))


def _label(sentence: ResultSentence) -> str:
    if sentence.status == Status.ADDITION:
        return f"added: {sentence.addition_type}"
    return Status(sentence.status).label


def _counterparts(result: ComparisonResult, side: str, indices) -> list[Counterpart]:
    sentences, language = result.side(side).sentences, result.side(side).language
    return [Counterpart(f"{side}-{i}", link_labels(sentences[i].text), language) for i in indices]


def build_page(
    result: ComparisonResult,
    *,
    only_differences: bool = False,
    hidden_types: frozenset[str] = frozenset(),
    hidden_roles: frozenset[str] = frozenset(),
    threshold: float | None = None,
) -> ComparisonPage:
    """Lay a result out for the page: two columns, a summary and an overview strip per side.

    Filters hide sentences from the columns (each hidden run becomes an `Elision`): the ones
    that are no difference (`only_differences`), the additions of `hidden_types` and the
    sentences of paragraphs with `hidden_roles`. The summary, the strip and the curation table
    always cover every sentence.
    """
    columns, summaries = [], []
    difference_count = hidden_count = 0
    for name in ("a", "b"):
        side, other_name = result.side(name), other_side(name)
        paragraphs: list[ParagraphView] = []
        segments: list[StripSegment] = []
        facts: list[FactReference] = []
        type_counts: dict[str, int] = {}
        for sentence in side.sentences:
            anchor = f"{name}-{sentence.index}"
            link = result.links[sentence.link] if sentence.link is not None else None
            addition_type = sentence.addition_type or ""
            if addition_type:
                type_counts[addition_type] = type_counts.get(addition_type, 0) + 1
            is_difference = sentence.status != Status.MATCH or bool(sentence.facts)
            label = _label(sentence)
            segments.append(
                StripSegment(anchor, sentence.status, addition_type, len(sentence.text), label)
            )
            facts.extend(
                FactReference(anchor, f.get("kind") or "fact", f.get("text", ""))
                for f in sentence.facts
            )
            if not paragraphs or paragraphs[-1].position != sentence.paragraph:
                paragraphs.append(ParagraphView(sentence.paragraph, sentence.role, []))
            items = paragraphs[-1].items
            hidden = (
                (only_differences and not is_difference)
                or addition_type in hidden_types
                or sentence.role in hidden_roles
            )
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
                    link_key=link.key if link else "",
                    counterparts=_counterparts(
                        result, other_name, getattr(link, other_name) if link else ()
                    ),
                    text=link_labels(sentence.text),
                    segments=_segments(sentence),
                    is_difference=is_difference,
                    curated=sentence.curated,
                    score=f"{link.score:.2f}" if link else "",
                )
            )
        columns.append(ColumnView(name, side.title, side.outlet, side.language, paragraphs))
        figures = result.figures(name)
        summaries.append(
            SideSummary(
                name=name,
                outlet=side.outlet,
                title=side.title,
                language=side.language,
                shared_percent=figures.shared_percent,
                sentence_count=len(side.sentences),
                addition_count=figures.addition_count,
                left_out_count=figures.left_out_count,
                passages=_passages(result, name),
                type_counts=[
                    (kind, type_counts[kind]) for kind in AdditionType.values if kind in type_counts
                ],
                facts=facts,
                segments=segments,
            )
        )
    links = [
        LinkRow(
            key=link.key,
            a=_counterparts(result, "a", link.a),
            b=_counterparts(result, "b", link.b),
            kind=link.kind,
            status=Status.MOVED if link.moved else link.kind,
            curated=link.curated,
            score=f"{link.score:.2f}",
        )
        for link in result.links
    ]
    return ComparisonPage(
        columns=columns,
        summaries=summaries,
        links=links,
        relatedness=result.relatedness(),
        undated=result.undated_clear_link(),
        difference_count=difference_count,
        hidden_count=hidden_count,
        threshold=threshold,
        partial_cutoff=partial_cutoff(result),
        filters_active=bool(
            only_differences or hidden_types or hidden_roles or threshold is not None
        ),
    )
