"""Reads that several views and commands share, each in a fixed number of queries."""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Length

from compare import curation
from compare.models import (
    Addition,
    Article,
    Comparison,
    ComparisonArticle,
    CuratedAddition,
    CuratedLink,
    LinkSentence,
    Sentence,
)
from compare.results import ComparisonResult, ResultLink, ResultSentence, Side


def get_comparison(pk: int) -> Comparison:
    """The comparison with its articles and outlets (2 queries); raises DoesNotExist."""
    return Comparison.objects.with_articles().get(pk=pk)


def sentences_of(articles: list[Article]) -> QuerySet[Sentence]:
    return (
        Sentence.objects.filter(article__in=articles)
        .annotate(paragraph_position=F("paragraph__position"))
        .order_by("article_id", "position")
    )


def get_comparison_result(comparison: Comparison) -> ComparisonResult:
    """The stored alignment of a comparison with the editors' decisions merged in (6 queries).

    `comparison` must come from `get_comparison()` so that its articles are
    prefetched. The same shape as a fresh `results.analyse()`; curated links
    and additions carry `curated = True` (see `compare.curation`).
    """
    result, index_of = _machine_result(comparison)
    return curation.merge_curation(result, get_curation(comparison, index_of))


def get_machine_result(comparison: Comparison) -> ComparisonResult:
    """The stored alignment as the machine made it, without the editors' decisions (4 queries)."""
    return _machine_result(comparison)[0]


def get_curated_results(comparison: Comparison) -> tuple[ComparisonResult, curation.Curation]:
    """The machine's stored alignment and the editors' decisions, for evaluation (6 queries)."""
    result, index_of = _machine_result(comparison)
    return result, get_curation(comparison, index_of)


def get_curation(comparison: Comparison, index_of: dict[int, tuple[str, int]]) -> curation.Curation:
    """The editors' decisions about a comparison, by sentence index (2 queries).

    `index_of` maps a sentence id to its (side, index), as `_machine_result` builds it.
    """
    members = (
        CuratedLink.sentences.through.objects.filter(curatedlink__comparison=comparison)
        .select_related("curatedlink")
        .order_by("curatedlink_id")
    )
    grouped: dict[int, dict] = {}
    for member in members:
        if member.sentence_id not in index_of:
            continue  # a sentence of another article, refused when stored
        decision = grouped.setdefault(
            member.curatedlink_id, {"row": member.curatedlink, "a": [], "b": []}
        )
        side, index = index_of[member.sentence_id]
        decision[side].append(index)
    links = [
        curation.LinkDecision(
            verdict=group["row"].verdict,
            a=tuple(sorted(group["a"])),
            b=tuple(sorted(group["b"])),
            kind=group["row"].kind,
            note=group["row"].note,
            id=link_id,
        )
        for link_id, group in grouped.items()
    ]
    additions = [
        curation.AdditionDecision(
            side=index_of[row.sentence_id][0],
            index=index_of[row.sentence_id][1],
            addition_type=row.addition_type,
            note=row.note,
            id=row.pk,
        )
        for row in CuratedAddition.objects.filter(comparison=comparison).order_by("id")
        if row.sentence_id in index_of
    ]
    return curation.Curation(links=links, additions=additions)


def _machine_result(
    comparison: Comparison,
) -> tuple[ComparisonResult, dict[int, tuple[str, int]]]:
    """The machine's stored result and the (side, index) of each sentence id (4 queries)."""
    article_a, article_b = comparison.ordered_articles
    sides = {
        article.pk: Side(
            language=article.language, title=article.title, outlet=article.outlet.name, sentences=[]
        )
        for article in (article_a, article_b)
    }
    index_of: dict[int, tuple[str, int]] = {}
    for sentence in sentences_of([article_a, article_b]):
        side = sides[sentence.article_id]
        index_of[sentence.pk] = (
            "a" if sentence.article_id == article_a.pk else "b",
            len(side.sentences),
        )
        side.sentences.append(
            ResultSentence(
                index=len(side.sentences),
                paragraph=sentence.paragraph_position,
                text=sentence.text,
                id=sentence.pk,
            )
        )
    links = []
    for link in comparison.links.prefetch_related(
        Prefetch("members", queryset=LinkSentence.objects.only("link_id", "sentence_id"))
    ):
        grouped: dict[str, list[int]] = {"a": [], "b": []}
        for member in link.members.all():
            side_name, index = index_of[member.sentence_id]
            grouped[side_name].append(index)
        links.append(
            ResultLink(
                a=tuple(sorted(grouped["a"])),
                b=tuple(sorted(grouped["b"])),
                score=link.score,
                kind=link.kind,
                moved=link.moved,
                facts=link.facts or {"a": [], "b": []},
                id=link.pk,
            )
        )
    links.sort(key=lambda link: (link.a[:1] or (-1,), link.b[:1] or (-1,)))
    result = ComparisonResult(
        model=comparison.model_name,
        a=sides[article_a.pk],
        b=sides[article_b.pk],
        links=links,
        parameters=comparison.parameters,
    ).finish()
    for addition in Addition.objects.filter(comparison=comparison).only(
        "sentence_id", "addition_type", "best_score"
    ):
        side_name, index = index_of[addition.sentence_id]
        sentence = result.side(side_name).sentences[index]
        if sentence.link is None:
            sentence.addition_type = addition.addition_type
            sentence.best_score = addition.best_score
    return result, index_of


def list_comparisons() -> QuerySet[Comparison]:
    """Comparisons for a listing, with per article its addition count and shared share (2 queries).

    Each member (`comparison.members.all()`, in position order) carries
    `addition_count` (the machine's Addition rows on that side) and
    `shared_percent` (share of the article's characters not in an addition,
    0-100), computed by the database rather than by building each result.
    """
    on_this_side = Addition.objects.filter(
        comparison=OuterRef("comparison"), sentence__article=OuterRef("article")
    ).values("comparison")
    total_chars = (
        Sentence.objects.filter(article=OuterRef("article"))
        .values("article")
        .annotate(n=Sum(Length("text")))
        .values("n")
    )
    members = ComparisonArticle.objects.select_related("article__outlet").annotate(
        addition_count=Coalesce(
            Subquery(on_this_side.annotate(n=Count("pk")).values("n")), Value(0)
        ),
        added_chars=Coalesce(
            Subquery(on_this_side.annotate(n=Sum(Length("sentence__text"))).values("n")),
            Value(0),
        ),
        total_chars=Coalesce(Subquery(total_chars), Value(0)),
        shared_percent=Case(
            When(
                total_chars__gt=0,
                then=Cast(F("total_chars") - F("added_chars"), FloatField())
                * 100.0
                / F("total_chars"),
            ),
            default=Value(0.0),
            output_field=FloatField(),
        ),
    )
    return Comparison.objects.prefetch_related(Prefetch("members", queryset=members))
