"""Background work: asking for it (enqueueing a task) and doing it (what each task runs).

Requests are made here so that their bookkeeping (the comparison's generation and status) is
written in one place; `compare.tasks` holds the tasks, which call the `run_*` functions below.

Every task is idempotent, because a task may run twice (its worker was killed and the task was
given back to the queue; see `compare.queue`):

- an alignment stores its result in one transaction that replaces the previous one, under a lock
  on the comparison's row, and only while its generation is still the comparison's: two requests
  end in the latest one's result, a retry in the same result, never in links added twice;
- embedding skips the sentences already stored for the model;
- an import refused as a duplicate of the same address reports the stored article.

Call these outside any transaction: a worker that picks a task up waits for its request to be
committed (see `request_alignment`), and would wait for the caller's whole transaction.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone

from compare import embeddings, selectors, tasks, text
from compare.models import Article, Comparison
from compare.services.alignment import (
    AlignmentError,
    AlignmentSupersededError,
    align_comparison,
    encode_and_store,
    mark_failed,
)
from compare.services.articles import DuplicateArticleError, import_article_from_url
from compare.services.counterparts import embed_articles

# --- Alignment -----------------------------------------------------------------------------


def request_alignment(*, comparison: Comparison) -> Comparison:
    """Queue an alignment of the comparison; returns it as it now stands (QUEUED).

    The previous result stays on the page until the new one is stored. Raises `AlignmentError`
    when the queue cannot be reached (the comparison is then marked failed, with the reason).

    One transaction, one commit: the request's number and status, the task, and the task's id
    (a commit waits for the disk, the largest part of an enqueue). The task is enqueued before
    the commit: with the database backend it is a row of this transaction, invisible until
    then; a Redis worker may take it at once, and waits for the request to be committed (see
    `run_requested_alignment`). Should the commit fail after a Redis enqueue, the task finds no
    such request and stores nothing; or, once a later request has taken its number, stores
    what that request's own task stores.
    """
    requested_at = timezone.now()
    try:
        with transaction.atomic():
            # The row stays locked until the commit, so two requests never take one number.
            rows = Comparison.objects.filter(pk=comparison.pk)
            generation = rows.select_for_update().values_list("generation", flat=True).get() + 1
            result = tasks.align_comparison.enqueue(comparison.pk, generation)
            rows.update(
                generation=generation,
                status=Comparison.Status.QUEUED,
                requested_at=requested_at,
                error="",
                task_id=result.id,
            )
    except Comparison.DoesNotExist:
        raise
    except Exception as error:  # Redis unreachable, the database refusing: say why
        reason = f"The alignment could not be queued: {error}"
        mark_failed(comparison.pk, reason)
        raise AlignmentError(reason) from error
    comparison.generation, comparison.task_id = generation, result.id
    comparison.status, comparison.requested_at, comparison.error = "queued", requested_at, ""
    return comparison


def request_alignments(
    *,
    comparisons: Iterable[Comparison],
    progress: Callable[[Comparison], None] | None = None,
) -> tuple[int, int]:
    """Queue an alignment of each comparison (`selectors.needing_alignment` says which need
    one), calling `progress` after each; returns (queued, could not be queued)."""
    queued = failed = 0
    for comparison in comparisons:
        try:
            request_alignment(comparison=comparison)
        except AlignmentError:
            failed += 1
        else:
            queued += 1
        if progress:
            progress(comparison)
    return queued, failed


def run_requested_alignment(*, comparison_id: int, generation: int) -> str:
    """Do the alignment asked for as `generation` of a comparison (what its task runs).

    Returns the outcome: "aligned"; "failed" (the comparison says why and keeps its previous
    result); or "superseded" (a later request was made, or the comparison deleted: nothing is
    stored, the later request's task stores its own). A bug is raised as it is.
    """
    if not _start(comparison_id, generation):
        return "superseded"
    comparison = selectors.get_comparison(comparison_id)
    try:
        align_comparison(comparison=comparison, generation=generation)
    except AlignmentSupersededError:
        return "superseded"
    except AlignmentError:
        return "failed"
    return "aligned"


# How long a task waits for its request to be committed (`request_alignment` enqueues just
# before the commit); longer only when that commit failed, and the task then has nothing to do.
REQUEST_COMMIT_WAIT = 5.0


def _start(comparison_id: int, generation: int) -> bool:
    """Mark the request `generation` running; False when it is not the comparison's latest.

    A lower stored generation means the request is not committed yet (a Redis worker can take
    a task in the moment between its enqueue and its request's commit): wait for it.
    """
    deadline = time.monotonic() + REQUEST_COMMIT_WAIT
    rows = Comparison.objects.filter(pk=comparison_id)
    while not rows.filter(generation=generation).update(status=Comparison.Status.RUNNING):
        stored = rows.values_list("generation", flat=True).first()
        if stored is None or stored > generation or time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


# --- Articles ------------------------------------------------------------------------------


def request_embedding(*, article: Article) -> str:
    """Queue the encoding of an article's sentences, so that comparing it later starts from
    stored vectors; returns the task's id."""
    return tasks.embed_article.enqueue(article.pk).id


def run_embedding(*, article_id: int) -> int:
    """Encode and store the article's sentences not yet stored for the configured model, and
    its document vector (what the embedding task runs), so that comparing it and finding its
    counterparts start from stored vectors; returns how many sentences the article has (0 when
    it was deleted meanwhile)."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return 0
    sentences = list(article.sentences.order_by("position"))
    encode_and_store(sentences=sentences, model_name=embeddings.model_name())
    embed_articles(articles=[article])
    return len(sentences)


def request_import(
    *,
    url: str,
    title: str = "",
    outlet: str = "",
    language: str | None = None,
    published_on: datetime.date | None = None,
) -> str:
    """Queue the import of the article at a web address; returns the task's id, whose result
    (`selectors.import_status`) says what became of it."""
    date = published_on.isoformat() if published_on else ""
    return tasks.import_article_from_url.enqueue(url, title, outlet, language, date).id


def run_import(
    *,
    url: str,
    title: str = "",
    outlet: str = "",
    language: str | None = None,
    published_on: datetime.date | None = None,
) -> dict:
    """Fetch and import the article at `url`, then queue its encoding (what the import task
    runs). Returns {"article": id, "title": …} on success, {"error": why} when the page or the
    text is refused (nothing stored), {"article": id, "error": …} for a text already stored."""
    try:
        article = import_article_from_url(
            url=url,
            title=title,
            outlet=outlet,
            language=language or None,
            published_on=published_on,
        )
    except DuplicateArticleError as error:
        # Also what a retried import meets when its first run stored the article.
        return {"article": error.existing.pk, "title": error.existing.title, "error": str(error)}
    except text.TextError as error:
        return {"error": str(error)}
    request_embedding(article=article)
    return {"article": article.pk, "title": article.title}
