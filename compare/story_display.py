"""What the story page and the story exports show: every article of a story read against one of
them, the pivot.

Pure: dataclasses in, dataclasses and strings out; no ORM, no template, no model. The view reads
the pivot's sentences and each pair's stored result (`selectors.read_comparisons`), turns each
result so that the pivot is side A (`ComparisonResult.swapped`), and hands them here as
`StoryPair`s; `build_story_page()` lays them out and the template only loops and prints.

- Rows: one per pivot sentence, with one cell per other article saying whether that article
  carries it (match, partial, moved) or not, linked to the counterpart sentence on the pair's
  comparison page.
- The matrix: the same cells for every pivot sentence, whatever the filters hide, each linked to
  the pair's comparison page at the pivot sentence.
- Additions: each other article's sentences the pivot does not carry, with their types, grouped
  by outlet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from compare.display import Elision, apply_threshold, link_labels
from compare.results import ComparisonResult, Side, other_side
from compare.vocabulary import AdditionType, Status

# A cell of an article that does not carry the pivot sentence, and of a pair not aligned yet.
ABSENT = "absent"
PENDING = "pending"
QUOTE_CHARS = 160

# OWASP's rule against formula injection in spreadsheets opening a CSV: a cell starting with
# one of these is read as a formula, so it gets a leading quote.
# https://owasp.org/www-community/attacks/CSV_Injection
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class StoryPair:
    """One other article of the story, read against the pivot."""

    article_id: int
    title: str
    outlet: str
    language: str
    comparison_id: int | None = None  # None: the pair has no comparison yet
    comparison_url: str = ""
    pivot_side: str = "a"  # the pivot's side in the stored comparison
    result: ComparisonResult | None = None  # the pivot as side A; None until aligned

    @property
    def other_letter(self) -> str:
        """The other article's side in the stored comparison (its page's anchors)."""
        return other_side(self.pivot_side)


def orient(result: ComparisonResult, pivot_side: str) -> ComparisonResult:
    """A stored result read with the pivot as side A."""
    return result if pivot_side == "a" else result.swapped()


@dataclass
class Cell:
    number: int  # the pivot sentence's, 1-based
    status: str  # Status value, ABSENT or PENDING
    label: str
    href: str  # the counterpart sentence on the pair's page, or the page itself
    matrix_href: str  # the pair's page at the pivot sentence
    counterpart: str = ""  # the counterpart's text, shortened
    score: str = ""
    facts: int = 0  # facts of the pivot sentence this article does not state

    @property
    def carried(self) -> bool:
        return self.status not in (ABSENT, PENDING)


@dataclass
class StoryRow:
    kind: ClassVar[str] = "sentence"

    anchor: str  # "s-3"
    number: int  # 1-based
    text: str  # as stored (the exports give it)
    role: str
    paragraph: int
    cells: list[Cell]
    coverage: int  # other articles that carry it
    is_difference: bool

    @property
    def shown_text(self) -> str:
        """The text as the page shows it (a Markdown link as its label)."""
        return link_labels(self.text)


@dataclass
class StoryColumn:
    number: int  # 1-based, in the order the articles were added (the pivot left out)
    article_id: int
    title: str
    outlet: str
    language: str
    comparison_url: str
    aligned: bool
    carried_percent: int | None  # share of the pivot's sentences it carries
    addition_count: int | None
    cells: list[Cell]  # one per pivot sentence: the matrix's row for this article


@dataclass
class AdditionItem:
    href: str
    number: int
    text: str
    addition_type: str


@dataclass
class ArticleAdditions:
    column: int
    title: str
    language: str
    comparison_url: str
    items: list[AdditionItem]


@dataclass
class OutletAdditions:
    outlet: str
    articles: list[ArticleAdditions] = field(default_factory=list)


@dataclass
class StoryPage:
    pivot_title: str
    pivot_outlet: str
    pivot_language: str
    columns: list[StoryColumn]
    rows: list[StoryRow | Elision]
    matrix: list[StoryRow]  # every pivot sentence, whatever the filters hide
    additions: list[OutletAdditions]
    hidden_count: int
    pending_count: int  # other articles whose pair is not aligned yet
    filters_active: bool


def _quote(text: str) -> str:
    if len(text) <= QUOTE_CHARS:
        return text
    return text[:QUOTE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _cells(pivot: Side, pair: StoryPair) -> list[Cell]:
    """One cell per pivot sentence for this pair."""
    page = pair.comparison_url
    if pair.result is None:
        return [
            Cell(s.index + 1, PENDING, f"{pair.outlet}: not aligned yet", page, page)
            for s in pivot.sentences
        ]
    result = pair.result
    cells = []
    for sentence in result.a.sentences:
        matrix_href = f"{page}#{pair.pivot_side}-{sentence.index}"
        if sentence.link is None:
            label = f"not in {pair.outlet}"
            cells.append(Cell(sentence.index + 1, ABSENT, label, matrix_href, matrix_href))
            continue
        link = result.links[sentence.link]
        counterpart = " ".join(link_labels(result.b.sentences[i].text) for i in link.b)
        label = f"{Status(sentence.status).label} by {pair.outlet}"
        if sentence.facts:
            label += f"; {len(sentence.facts)} fact(s) not stated there"
        cells.append(
            Cell(
                number=sentence.index + 1,
                status=sentence.status,
                label=label,
                href=f"{page}#{pair.other_letter}-{link.b[0]}",
                matrix_href=matrix_href,
                counterpart=_quote(counterpart),
                score=f"{link.score:.2f}",
                facts=len(sentence.facts),
            )
        )
    return cells


def _additions(pair: StoryPair, column: int, hidden_types, hidden_roles) -> ArticleAdditions:
    items = []
    if pair.result is not None:
        for sentence in pair.result.b.sentences:
            if sentence.link is not None:
                continue
            kind = sentence.addition_type or AdditionType.OTHER
            if kind in hidden_types or sentence.role in hidden_roles:
                continue
            items.append(
                AdditionItem(
                    href=f"{pair.comparison_url}#{pair.other_letter}-{sentence.index}",
                    number=sentence.index + 1,
                    text=link_labels(sentence.text),
                    addition_type=kind,
                )
            )
    return ArticleAdditions(column, pair.title, pair.language, pair.comparison_url, items)


def build_story_page(
    pivot: Side,
    pairs: Sequence[StoryPair],
    *,
    only_differences: bool = False,
    hidden_types: frozenset[str] = frozenset(),
    hidden_roles: frozenset[str] = frozenset(),
    threshold: float | None = None,
) -> StoryPage:
    """Lay the story out against its pivot.

    The filters are the comparison page's (`forms.DisplayForm.filters`): `threshold` re-classifies
    every pair's links (`display.apply_threshold`); `only_differences` hides the pivot sentences
    every aligned article carries as a plain match; `hidden_roles` hides the pivot sentences of
    those paragraph roles and, with `hidden_types`, the additions of those roles and types. The
    matrix always shows every pivot sentence.
    """
    if threshold is not None:
        pairs = [
            pair
            if pair.result is None
            else _replace_result(pair, apply_threshold(pair.result, threshold))
            for pair in pairs
        ]
    per_pair = [_cells(pivot, pair) for pair in pairs]
    matrix: list[StoryRow] = []
    for sentence in pivot.sentences:
        cells = [cells[sentence.index] for cells in per_pair]
        aligned = [cell for cell in cells if cell.status != PENDING]
        matrix.append(
            StoryRow(
                anchor=f"s-{sentence.index}",
                number=sentence.index + 1,
                text=sentence.text,
                role=sentence.role,
                paragraph=sentence.paragraph,
                cells=cells,
                coverage=sum(cell.carried for cell in cells),
                is_difference=any(c.status != Status.MATCH or c.facts for c in aligned),
            )
        )
    rows: list[StoryRow | Elision] = []
    hidden = 0
    for row in matrix:
        if (only_differences and not row.is_difference) or row.role in hidden_roles:
            hidden += 1
            if rows and isinstance(rows[-1], Elision):
                rows[-1].count += 1
            else:
                rows.append(Elision(1, row.anchor))
            continue
        rows.append(row)
    columns, additions = [], {}
    for number, pair in enumerate(pairs, start=1):
        figures = pair.result.figures("a") if pair.result is not None else None
        columns.append(
            StoryColumn(
                number=number,
                article_id=pair.article_id,
                title=pair.title,
                outlet=pair.outlet,
                language=pair.language,
                comparison_url=pair.comparison_url,
                aligned=pair.result is not None,
                carried_percent=_carried_percent(per_pair[number - 1]) if figures else None,
                addition_count=figures.left_out_count if figures else None,
                cells=per_pair[number - 1],
            )
        )
        additions.setdefault(pair.outlet, OutletAdditions(pair.outlet)).articles.append(
            _additions(pair, number, hidden_types, hidden_roles)
        )
    return StoryPage(
        pivot_title=pivot.title,
        pivot_outlet=pivot.outlet,
        pivot_language=pivot.language,
        columns=columns,
        rows=rows,
        matrix=matrix,
        additions=list(additions.values()),
        hidden_count=hidden,
        pending_count=sum(pair.result is None for pair in pairs),
        filters_active=bool(
            only_differences or hidden_types or hidden_roles or threshold is not None
        ),
    )


def _replace_result(pair: StoryPair, result: ComparisonResult) -> StoryPair:
    return StoryPair(**{**pair.__dict__, "result": result})


def _carried_percent(cells: Sequence[Cell]) -> int:
    return round(100 * sum(cell.carried for cell in cells) / len(cells)) if cells else 0


# --- Exports ---------------------------------------------------------------------------------


def neutralise(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP: a leading quote)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def story_document(
    *,
    story: Mapping,
    pivot_id: int,
    pivot: Side,
    pairs: Sequence[StoryPair],
    comparisons: Iterable[tuple[int, tuple[int, int], ComparisonResult]],
) -> dict:
    """The JSON export: the story, its pivot's sentences with which articles carry each, every
    other article's additions against the pivot, and every pairwise comparison of the story
    (in the shape of `ComparisonResult.to_document`, with its articles' ids, A first)."""
    page = build_story_page(pivot, pairs)
    return {
        "story": dict(story),
        "pivot": pivot_id,
        "articles": [
            {"id": pk, "title": side.title, "outlet": side.outlet, "language": side.language}
            for pk, side in [(pivot_id, pivot), *((p.article_id, p) for p in pairs)]
        ],
        "pivot_sentences": [
            {
                "index": row.number - 1,
                "paragraph": row.paragraph,
                "role": row.role,
                "text": row.text,
                "carried_by": {
                    str(pair.article_id): cell.status
                    for pair, cell in zip(pairs, row.cells, strict=True)
                },
                "counterparts": {
                    str(pair.article_id): list(_counterpart_indices(pair, row.number - 1))
                    for pair in pairs
                },
            }
            for row in page.matrix
        ],
        "additions": {
            str(pair.article_id): [
                {"index": s.index, "text": s.text, "type": s.addition_type}
                for s in (pair.result.b.sentences if pair.result else ())
                if s.link is None
            ]
            for pair in pairs
        },
        "comparisons": [
            {"id": pk, "articles": list(articles), **result.to_document()}
            for pk, articles, result in comparisons
        ],
    }


def _counterpart_indices(pair: StoryPair, index: int) -> tuple[int, ...]:
    if pair.result is None:
        return ()
    sentence = pair.result.a.sentences[index]
    return pair.result.links[sentence.link].b if sentence.link is not None else ()


CSV_COLUMNS = [
    "row",
    "article_id",
    "outlet",
    "language",
    "pivot_index",
    "pivot_text",
    "status",
    "indices",
    "text",
    "score",
    "addition_type",
]


def story_csv(*, pivot: Side, pairs: Sequence[StoryPair]) -> str:
    """One row per pivot sentence and other article ("coverage": does it carry it, with which
    sentences), then one per addition of each other article ("addition"). Every cell is
    `neutralise`d."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    page = build_story_page(pivot, pairs)

    def write(values: list) -> None:
        writer.writerow([neutralise(value) for value in values])

    for row in page.matrix:
        for pair, cell in zip(pairs, row.cells, strict=True):
            indices = _counterpart_indices(pair, row.number - 1)
            texts = " ".join(pair.result.b.sentences[i].text for i in indices) if indices else ""
            write(
                [
                    "coverage",
                    pair.article_id,
                    pair.outlet,
                    pair.language,
                    row.number - 1,
                    row.text,
                    cell.status,
                    " ".join(map(str, indices)),
                    texts,
                    cell.score,
                    "",
                ]
            )
    for pair in pairs:
        if pair.result is None:
            continue
        for sentence in pair.result.b.sentences:
            if sentence.link is None:
                write(
                    [
                        "addition",
                        pair.article_id,
                        pair.outlet,
                        pair.language,
                        "",
                        "",
                        Status.ADDITION,
                        sentence.index,
                        sentence.text,
                        "",
                        sentence.addition_type,
                    ]
                )
    return buffer.getvalue()
