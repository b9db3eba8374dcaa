"""Reads that several views and commands share, each in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Max, QuerySet
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist

from compare import curation, embeddings
from compare.models import (
    Addition,
    Article,
    Comparison,
    ComparisonArticle,
    CuratedAddition,
    CuratedLink,
    Link,
    LinkSentence,
    Sentence,
    Story,
    StoryArticle,
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
from compare.story_display import StoryPair, orient


def get_comparison(pk: int) -> Comparison:
    """The comparison with its articles and outlets (2 queries); raises DoesNotExist."""
    return Comparison.objects.with_articles().get(pk=pk)


@dataclass(frozen=True)
class ComparisonVersion:
    """What tells one state of a comparison's page from another: a key for its renderings."""

    pk: int
    title: str
    status: str
    generation: int
    updated: datetime.datetime
    articles_updated: datetime.datetime | None

    @property
    def key(self) -> str:
        articles = self.articles_updated.isoformat() if self.articles_updated else ""
        parts = [self.pk, self.status, self.generation, self.updated.isoformat(), articles]
        return ":".join(map(str, parts))

    @property
    def in_progress(self) -> bool:
        return self.status in {Comparison.Status.QUEUED, Comparison.Status.RUNNING}

    def as_title(self) -> Comparison:
        """An unsaved comparison that names the page (its `__str__`), for the page's title."""
        return Comparison(pk=self.pk, title=self.title)

    @classmethod
    def of(cls, comparison: Comparison) -> ComparisonVersion:
        """The version of a comparison from `get_comparison()` (no query)."""
        updated = [article.updated for article in comparison.ordered_articles]
        return cls(
            comparison.pk,
            comparison.title,
            comparison.status,
            comparison.generation,
            comparison.updated,
            max(updated, default=None),
        )


def get_comparison_version(pk: int) -> ComparisonVersion | None:
    """The comparison's version (1 query), or None when there is no such comparison."""
    row = (
        Comparison.objects.filter(pk=pk)
        .annotate(articles_updated=Max("articles__updated"))
        .values_list("pk", "title", "status", "generation", "updated", "articles_updated")
        .first()
    )
    return ComparisonVersion(*row) if row else None


def needing_alignment(*, force: bool = False) -> list[Comparison]:
    """Comparisons to align: never aligned, failed, or aligned with another model than the
    configured one; alignments already queued or running are left to finish. With `force`,
    every comparison."""
    comparisons = Comparison.objects.with_articles().order_by("pk")
    if not force:
        comparisons = comparisons.exclude(
            status=Comparison.Status.ALIGNED, model_name=embeddings.model_name()
        ).exclude(status__in=[Comparison.Status.QUEUED, Comparison.Status.RUNNING])
    return list(comparisons)


def lost_alignment(comparison: Comparison) -> str:
    """Why the comparison's queued or running alignment will never finish ("" while it may).

    The comparison's own status says queued or running until its task ends; a task that ended
    without ending it (its workers kept dying, the queue was emptied) is only known to the task
    backend, which is asked here: one look-up, and only while an alignment is in progress.
    """
    if not comparison.in_progress or not comparison.task_id:
        return ""
    try:
        result = default_task_backend.get_result(comparison.task_id)
    except TaskResultDoesNotExist:
        return "The queued alignment was lost (the queue was emptied). Align it again."
    if result.status == TaskResultStatus.FAILED:
        error = result.errors[-1].exception_class_path if result.errors else "unknown error"
        return f"The alignment task failed ({error.rsplit('.', 1)[-1]}). Align it again."
    return ""


@dataclass(frozen=True)
class ImportStatus:
    """What became of an import from a web address that was queued."""

    task_id: str
    url: str
    state: str  # "queued", "running", "imported", "refused" or "failed"
    article_id: int | None = None
    title: str = ""
    message: str = ""

    @property
    def pending(self) -> bool:
        return self.state in {"queued", "running"}


def import_status(*, task_id: str, url: str) -> ImportStatus:
    """The state of a queued import (`services.request_import`), from the task backend."""
    try:
        result = default_task_backend.get_result(task_id)
    except TaskResultDoesNotExist:
        return ImportStatus(task_id, url, "failed", message="The queued import was lost.")
    if result.status == TaskResultStatus.READY:
        return ImportStatus(task_id, url, "queued")
    if result.status == TaskResultStatus.RUNNING:
        return ImportStatus(task_id, url, "running")
    if result.status == TaskResultStatus.FAILED:
        return ImportStatus(task_id, url, "failed", message="The import failed unexpectedly.")
    outcome = result.return_value or {}
    return ImportStatus(
        task_id,
        url,
        "refused" if outcome.get("error") else "imported",
        article_id=outcome.get("article"),
        title=outcome.get("title", ""),
        message=outcome.get("error", ""),
    )


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
        published_on=article.published_on,
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


def get_story(pk: int) -> Story:
    """The story with its articles and outlets, in the order they were added (2 queries);
    raises DoesNotExist."""
    return Story.objects.with_articles().get(pk=pk)


def pair_comparisons(articles: Sequence[Article]) -> dict[frozenset[int], Comparison]:
    """The comparison of each pair of these articles that has one, by the pair's article ids,
    with its articles prefetched (3 queries whatever the number of articles).

    A pair compared in either order is one comparison. When a pair has several (two were made
    by hand), the aligned one is chosen, the most recently aligned first, then the oldest.
    """
    ids = {article.pk for article in articles}
    members: dict[int, set[int]] = {}
    for comparison_id, article_id in ComparisonArticle.objects.filter(article__in=ids).values_list(
        "comparison_id", "article_id"
    ):
        members.setdefault(comparison_id, set()).add(article_id)
    # Comparisons with both articles in the set (a comparison has exactly two).
    candidates = [pk for pk, found in members.items() if len(found) == 2]
    chosen: dict[frozenset[int], Comparison] = {}
    ranked = sorted(
        Comparison.objects.with_articles().filter(pk__in=candidates),
        key=lambda c: (
            c.aligned_at is None,
            -(c.aligned_at.timestamp() if c.aligned_at else 0),
            c.pk,
        ),
    )
    for comparison in ranked:
        pair = frozenset(article.pk for article in comparison.ordered_articles)
        chosen.setdefault(pair, comparison)
    return chosen


def read_side(article: Article) -> Side:
    """An article's sentences as one side of a result, without a comparison (1 query)."""
    sentences = [
        ResultSentence(index=index, paragraph=paragraph, text=text, id=pk, role=role)
        for index, (pk, _, text, paragraph, role) in enumerate(sentences_of([article]))
    ]
    return _side(article, sentences)


@dataclass(frozen=True)
class StoryReading:
    """A story read against its pivot: the pivot's sentences, each other article's pair with the
    pivot (`story_display.StoryPair`, in the order the articles were added), and, when asked
    for, every pairwise comparison of the story as (id, (article A id, article B id), merged
    result). `in_progress` are the story's comparisons whose alignment is queued or running."""

    pivot: Article
    pivot_side: Side
    pairs: list[StoryPair]
    comparisons: list[tuple[int, tuple[int, int], ComparisonResult]]
    in_progress: list[Comparison]


def read_story(story: Story, *, pivot: Article, every_pair: bool = False) -> StoryReading:
    """The story's pairs with `pivot` (or every pair), in 10 queries whatever the number of
    articles: the pairs' comparisons (3, `pair_comparisons`), their stored results (6,
    `read_comparisons`) and the pivot's sentences (1).

    `story` must come from `get_story()` so that its articles are prefetched.
    """
    articles = story.ordered_articles
    others = [article for article in articles if article.pk != pivot.pk]
    found = pair_comparisons(articles)
    wanted = (
        list(found.values())
        if every_pair
        else [found[key] for key in (frozenset((pivot.pk, o.pk)) for o in others) if key in found]
    )
    stored = read_comparisons([c for c in wanted if c.aligned_at is not None])
    pairs = []
    for other in others:
        comparison = found.get(frozenset((pivot.pk, other.pk)))
        if comparison is None:
            pairs.append(StoryPair(other.pk, other.title, other.outlet.name, other.language))
            continue
        pivot_side = "a" if comparison.ordered_articles[0].pk == pivot.pk else "b"
        result = stored[comparison.pk].merged if comparison.pk in stored else None
        pairs.append(
            StoryPair(
                article_id=other.pk,
                title=other.title,
                outlet=other.outlet.name,
                language=other.language,
                comparison_id=comparison.pk,
                comparison_url=comparison.get_absolute_url(),
                pivot_side=pivot_side,
                result=None if result is None else orient(result, pivot_side),
            )
        )
    comparisons = [
        (c.pk, tuple(a.pk for a in c.ordered_articles), stored[c.pk].merged)
        for c in wanted
        if every_pair and c.pk in stored
    ]
    return StoryReading(
        pivot=pivot,
        pivot_side=read_side(pivot),
        pairs=pairs,
        comparisons=comparisons,
        in_progress=[c for c in found.values() if c.in_progress],
    )


def story_memberships(articles: Sequence[Article], stories: Sequence[Story]) -> dict[int, set[int]]:
    """Which of `stories` each of `articles` is in: {article id: {story id}} (1 query)."""
    found: dict[int, set[int]] = {}
    for article_id, story_id in StoryArticle.objects.filter(
        article__in=articles, story__in=stories
    ).values_list("article_id", "story_id"):
        found.setdefault(article_id, set()).add(story_id)
    return found
