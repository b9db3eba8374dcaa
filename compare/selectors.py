"""Reads that several views and commands share, each in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from django.db.models import QuerySet

from compare import curation
from compare.models import (
    Addition,
    Article,
    Comparison,
    CuratedAddition,
    CuratedLink,
    Link,
    LinkSentence,
    Sentence,
)
from compare.results import (
    SIDES,
    ComparisonResult,
    ResultLink,
    ResultSentence,
    Side,
    assemble,
)
from compare.results import Addition as ResultAddition


def get_comparison(pk: int) -> Comparison:
    """The comparison with its articles and outlets (2 queries); raises DoesNotExist."""
    return Comparison.objects.with_articles().get(pk=pk)


def sentences_of(articles: Sequence[Article]) -> QuerySet:
    """The articles' sentences as (id, article id, text, paragraph position, paragraph role)
    tuples in reading order (1 query): plain rows, since a story page reads thousands."""
    return (
        Sentence.objects.filter(article__in=articles)
        .order_by("article_id", "position")
        .values_list("pk", "article_id", "text", "paragraph__position", "paragraph__role")
    )


@dataclass(frozen=True)
class StoredComparison:
    """What is stored about an aligned comparison: the machine's result and the editors'
    decisions, and the two merged (what the page, the exports and the listing show)."""

    machine: ComparisonResult
    curation: curation.Curation

    @cached_property
    def merged(self) -> ComparisonResult:
        return curation.merge_curation(self.machine, self.curation)


def read_comparison(comparison: Comparison) -> StoredComparison:
    """The one way from the database to a `ComparisonResult` (6 queries): `read_comparisons`
    of this one comparison.

    `comparison` must come from `get_comparison()` so that its articles are prefetched.
    """
    return read_comparisons([comparison])[comparison.pk]


def read_comparisons(comparisons: Sequence[Comparison]) -> dict[int, StoredComparison]:
    """Several stored comparisons, by primary key, in 6 queries whatever their number: the
    sentences of all their articles, the links, the links' sentences, the additions, the
    editors' link decisions and their addition decisions.

    The comparisons' articles must be prefetched (`Comparison.objects.with_articles()`).
    """
    if not comparisons:
        return {}
    articles = {article.pk: article for c in comparisons for article in c.ordered_articles}
    by_article: dict[int, list[ResultSentence]] = {pk: [] for pk in articles}
    position_of: dict[int, tuple[int, int]] = {}  # sentence id -> (article id, index)
    for pk, article_id, text, paragraph, role in sentences_of(list(articles.values())):
        sentences = by_article[article_id]
        position_of[pk] = (article_id, len(sentences))
        sentences.append(
            ResultSentence(index=len(sentences), paragraph=paragraph, text=text, id=pk, role=role)
        )
    # Each comparison's article ids -> its side ("a" or "b").
    sides = {
        c.pk: dict(zip((a.pk for a in c.ordered_articles), SIDES, strict=True)) for c in comparisons
    }

    def side_index(comparison_id: int, sentence_id: int) -> tuple[str, int] | None:
        """A sentence's (side, index) in a comparison; None for a sentence of another article."""
        article_id, index = position_of.get(sentence_id, (None, 0))
        side = sides[comparison_id].get(article_id)
        return None if side is None else (side, index)

    # Plain rows rather than model instances: a story page reads thousands of them.
    members: dict[int, list[int]] = {}
    for link_id, sentence_id in LinkSentence.objects.filter(
        link__comparison__in=comparisons
    ).values_list("link_id", "sentence_id"):
        members.setdefault(link_id, []).append(sentence_id)
    links: dict[int, list[ResultLink]] = {c.pk: [] for c in comparisons}
    for pk, comparison_id, kind, score, moved, facts in (
        Link.objects.filter(comparison__in=comparisons)
        .order_by("comparison", "id")
        .values_list("pk", "comparison_id", "kind", "score", "moved", "facts")
    ):
        grouped = _by_side(side_index(comparison_id, m) for m in members.get(pk, ()))
        links[comparison_id].append(
            ResultLink(
                a=grouped["a"],
                b=grouped["b"],
                score=score,
                kind=kind,
                moved=moved,
                facts=facts or {"a": [], "b": []},
            )
        )
    additions: dict[int, dict[tuple[str, int], ResultAddition]] = {c.pk: {} for c in comparisons}
    for comparison_id, sentence_id, addition_type, best_score in Addition.objects.filter(
        comparison__in=comparisons
    ).values_list("comparison_id", "sentence_id", "addition_type", "best_score"):
        if key := side_index(comparison_id, sentence_id):
            additions[comparison_id][key] = ResultAddition(addition_type, best_score)
    curations = _read_curations(comparisons, side_index)
    stored = {}
    for comparison in comparisons:
        article_a, article_b = comparison.ordered_articles
        machine = assemble(
            model=comparison.model_name,
            a=_side(article_a, by_article[article_a.pk]),
            b=_side(article_b, by_article[article_b.pk]),
            links=links[comparison.pk],
            additions=additions[comparison.pk],
            parameters=comparison.parameters,
        )
        stored[comparison.pk] = StoredComparison(machine=machine, curation=curations[comparison.pk])
    return stored


def get_comparison_result(comparison: Comparison) -> ComparisonResult:
    """The stored alignment with the editors' decisions merged in (6 queries)."""
    return read_comparison(comparison).merged


def _side(article: Article, sentences: list[ResultSentence]) -> Side:
    return Side(
        language=article.language,
        title=article.title,
        outlet=article.outlet.name,
        sentences=tuple(sentences),
    )


def _by_side(keys: Iterable[tuple[str, int] | None]) -> dict[str, tuple[int, ...]]:
    """(side, index) pairs as sorted indices per side; None (another article's) is left out."""
    grouped: dict[str, list[int]] = {"a": [], "b": []}
    for key in keys:
        if key is not None:
            grouped[key[0]].append(key[1])
    return {side: tuple(sorted(indices)) for side, indices in grouped.items()}


def _read_curations(
    comparisons: Sequence[Comparison],
    side_index: Callable[[int, int], tuple[str, int] | None],
) -> dict[int, curation.Curation]:
    """The editors' decisions about the comparisons, by sentence index (2 queries)."""
    members = (
        CuratedLink.sentences.through.objects.filter(curatedlink__comparison__in=comparisons)
        .select_related("curatedlink")
        .order_by("curatedlink_id")
    )
    decisions: dict[int, tuple[CuratedLink, list[int]]] = {}
    for member in members:
        decisions.setdefault(member.curatedlink_id, (member.curatedlink, []))[1].append(
            member.sentence_id
        )
    links: dict[int, list[curation.LinkDecision]] = {c.pk: [] for c in comparisons}
    for link_id, (row, ids) in decisions.items():
        grouped = _by_side(side_index(row.comparison_id, sentence_id) for sentence_id in ids)
        links[row.comparison_id].append(
            curation.LinkDecision(
                verdict=row.verdict,
                a=grouped["a"],
                b=grouped["b"],
                kind=row.kind,
                note=row.note,
                id=link_id,
            )
        )
    additions: dict[int, list[curation.AdditionDecision]] = {c.pk: [] for c in comparisons}
    for row in CuratedAddition.objects.filter(comparison__in=comparisons).order_by("id"):
        if key := side_index(row.comparison_id, row.sentence_id):
            additions[row.comparison_id].append(
                curation.AdditionDecision(
                    side=key[0],
                    index=key[1],
                    addition_type=row.addition_type,
                    note=row.note,
                    id=row.pk,
                )
            )
    return {
        c.pk: curation.Curation(links=tuple(links[c.pk]), additions=tuple(additions[c.pk]))
        for c in comparisons
    }
