"""Reads that several views and commands share, each in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import F, Max, Prefetch, QuerySet
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist

from compare import curation, embeddings
from compare.models import (
    Addition,
    Article,
    Comparison,
    CuratedAddition,
    CuratedLink,
    LinkSentence,
    Sentence,
)
from compare.results import Addition as ResultAddition
from compare.results import ComparisonResult, ResultLink, ResultSentence, Side, assemble


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


def sentences_of(articles: list[Article]) -> QuerySet[Sentence]:
    return (
        Sentence.objects.filter(article__in=articles)
        .annotate(paragraph_position=F("paragraph__position"), role=F("paragraph__role"))
        .order_by("article_id", "position")
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
    """The one way from the database to a `ComparisonResult` (6 queries).

    `comparison` must come from `get_comparison()` so that its articles are prefetched.
    """
    article_a, article_b = comparison.ordered_articles
    letter = {article_a.pk: "a", article_b.pk: "b"}
    sentences: dict[str, list[ResultSentence]] = {"a": [], "b": []}
    index_of: dict[int, tuple[str, int]] = {}  # sentence id -> (side, index)
    for row in sentences_of([article_a, article_b]):
        side = letter[row.article_id]
        index_of[row.pk] = (side, len(sentences[side]))
        sentences[side].append(
            ResultSentence(
                index=len(sentences[side]),
                paragraph=row.paragraph_position,
                text=row.text,
                id=row.pk,
                role=row.role,
            )
        )
    links = []
    for link in comparison.links.prefetch_related(
        Prefetch("members", queryset=LinkSentence.objects.only("link_id", "sentence_id"))
    ):
        grouped = _by_side((member.sentence_id for member in link.members.all()), index_of)
        links.append(
            ResultLink(
                a=grouped["a"],
                b=grouped["b"],
                score=link.score,
                kind=link.kind,
                moved=link.moved,
                facts=link.facts or {"a": [], "b": []},
            )
        )
    additions = {
        index_of[row.sentence_id]: ResultAddition(row.addition_type, row.best_score)
        for row in Addition.objects.filter(comparison=comparison).only(
            "sentence_id", "addition_type", "best_score"
        )
    }
    machine = assemble(
        model=comparison.model_name,
        a=_side(article_a, sentences["a"]),
        b=_side(article_b, sentences["b"]),
        links=links,
        additions=additions,
        parameters=comparison.parameters,
    )
    return StoredComparison(machine=machine, curation=_read_curation(comparison, index_of))


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


def _by_side(ids, index_of: dict[int, tuple[str, int]]) -> dict[str, tuple[int, ...]]:
    """Sentence ids as sorted indices per side; ids of other articles are left out."""
    grouped: dict[str, list[int]] = {"a": [], "b": []}
    for sentence_id in ids:
        if sentence_id in index_of:
            side, index = index_of[sentence_id]
            grouped[side].append(index)
    return {side: tuple(sorted(indices)) for side, indices in grouped.items()}


def _read_curation(
    comparison: Comparison, index_of: dict[int, tuple[str, int]]
) -> curation.Curation:
    """The editors' decisions about a comparison, by sentence index (2 queries)."""
    members = (
        CuratedLink.sentences.through.objects.filter(curatedlink__comparison=comparison)
        .select_related("curatedlink")
        .order_by("curatedlink_id")
    )
    decisions: dict[int, tuple[CuratedLink, list[int]]] = {}
    for member in members:
        decisions.setdefault(member.curatedlink_id, (member.curatedlink, []))[1].append(
            member.sentence_id
        )
    links = []
    for link_id, (row, ids) in decisions.items():
        grouped = _by_side(ids, index_of)
        links.append(
            curation.LinkDecision(
                verdict=row.verdict,
                a=grouped["a"],
                b=grouped["b"],
                kind=row.kind,
                note=row.note,
                id=link_id,
            )
        )
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
    return curation.Curation(links=tuple(links), additions=tuple(additions))
