"""Background tasks: each calls one service, with ids and plain values (a task's arguments
travel as JSON through the database or Redis).

The `django_tasks` backport has the API of Django 6's `django.tasks`: on Django 6 the import
below becomes `from django.tasks import task` and nothing else changes. Which backend runs the
tasks is `settings.TASKS`' business (see `compare.queue`). Enqueue through `compare.services`
(`request_alignment`, `request_import`, …), which keep the comparison's bookkeeping.
"""

from __future__ import annotations

import datetime

from django_tasks import task

from compare import selectors
from compare.services import queue as services


@task()
def align_comparison(comparison_id: int, generation: int) -> str:
    """Align a comparison for the request numbered `generation`; returns the outcome."""
    return services.run_requested_alignment(comparison_id=comparison_id, generation=generation)


@task()
def align_all(force: bool = False) -> list[int]:
    """Queue an alignment of every comparison that needs one; returns [queued, not queued]."""
    return list(services.request_alignments(comparisons=selectors.needing_alignment(force=force)))


@task()
def embed_article(article_id: int) -> int:
    """Encode a new article's sentences; returns its number of sentences."""
    return services.run_embedding(article_id=article_id)


@task()
def import_article_from_url(
    url: str, title: str, outlet: str, language: str | None, published_on: str = ""
) -> dict:
    """Import the article at a web address; returns what became of it (`run_import`).
    `published_on` is an ISO date or "" (the page's own date then); a task queued before it
    existed has none."""
    date = datetime.date.fromisoformat(published_on) if published_on else None
    return services.run_import(
        url=url, title=title, outlet=outlet, language=language, published_on=date
    )
