"""Stories: creating them, adding and removing articles, and aligning every pair they need.

A story's pairwise alignments are ordinary comparisons (`selectors.pair_comparisons` finds
them by their articles), so a pair is aligned and curated once whether it is read on its own
page or in any story, and in either order.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from compare import embeddings, selectors, text
from compare.models import Article, Comparison, CuratedAddition, CuratedLink, Story, StoryArticle
from compare.services.alignment import AlignmentError, align_comparison
from compare.services.comparisons import create_comparison
from compare.services.queue import request_alignment

logger = logging.getLogger(__name__)


class StoryError(ValueError):
    """A change to a story that cannot be made; the message says why. Nothing was changed."""


@transaction.atomic
def create_story(
    *, title: str, articles: Sequence[Article] = (), description: str = "", user=None
) -> Story:
    """A story of these articles (in this order; none is fine: they can be added later)."""
    if not title.strip():
        raise StoryError("A story needs a title.")
    story = Story.objects.create(title=title.strip()[:500], description=description.strip())
    for article in articles:
        add_article_to_story(story=story, article=article, user=user)
    return story


@transaction.atomic
def update_story(*, story: Story, title: str, description: str = "") -> Story:
    if not title.strip():
        raise StoryError("A story needs a title.")
    story.title, story.description = title.strip()[:500], description.strip()
    story.save(update_fields=["title", "description", "updated"])
    return story


def check_addable(*, story: Story, article: Article) -> None:
    """Raise `StoryError` when the article cannot join the story: it is already in it, or its
    language is one the model does not support (it could not be aligned with the others)."""
    # A story not saved yet (the admin's add form) has no article yet.
    if story.pk and StoryArticle.objects.filter(story=story, article=article).exists():
        raise StoryError(f"“{article.title}” is already in the story “{story.title}”.")
    try:
        text.check_language(article.language)
    except text.UnsupportedLanguageError as error:
        raise StoryError(
            f"“{article.title}” cannot join the story: its language ({article.language}) is "
            f"not one the model supports, so it cannot be aligned with the others. {error}"
        ) from error


@transaction.atomic
def add_article_to_story(*, story: Story, article: Article, user=None) -> StoryArticle:
    """Add an article to a story; nothing is aligned yet (`align_story` does that)."""
    check_addable(story=story, article=article)
    return StoryArticle.objects.create(story=story, article=article, added_by=user)


def decisions_about(*, story: Story, article: Article) -> int:
    """How many editors' decisions (links, rejections, addition types) on the comparisons of
    `article` with the story's other articles refer to its sentences."""
    others = StoryArticle.objects.filter(story=story).exclude(article=article).values("article")
    comparisons = Comparison.objects.filter(members__article=article).filter(
        members__article__in=others
    )
    links = CuratedLink.objects.filter(
        comparison__in=comparisons, sentences__article=article
    ).distinct()
    additions = CuratedAddition.objects.filter(
        Q(comparison__in=comparisons) & Q(sentence__article=article)
    )
    return links.count() + additions.count()


@transaction.atomic
def remove_article_from_story(*, story: Story, article: Article) -> None:
    """Take an article out of a story; its comparisons stay (other stories may use them).

    Refused, with nothing changed, while editors' decisions on its comparisons with the story's
    other articles refer to its sentences: removing it would hide that work from the story.
    """
    membership = StoryArticle.objects.filter(story=story, article=article).first()
    if membership is None:
        raise StoryError(f"“{article.title}” is not in the story “{story.title}”.")
    if count := decisions_about(story=story, article=article):
        raise StoryError(
            f"“{article.title}” stays in the story: {count} editor's decision"
            f"{'s' if count != 1 else ''} on its comparisons with the story's other articles "
            "refer to its sentences. Undo them on the comparison pages first if it must go; "
            "nothing was changed."
        )
    membership.delete()


@dataclass
class StoryAlignment:
    """What `align_story` or `request_story_alignment` did."""

    pairs: int = 0  # pairs of articles in the story
    created: int = 0  # comparisons made for pairs that had none
    aligned: int = 0  # comparisons aligned now (`align_story`)
    queued: int = 0  # alignments queued now (`request_story_alignment`)
    waiting: int = 0  # alignments already queued or running, left to finish
    reused: int = 0  # comparisons already aligned with the current model
    failed: list[tuple[Comparison, str]] = field(default_factory=list)


def pairs_to_align(story: Story) -> tuple[list[tuple[Article, Article]], list[Comparison]]:
    """The story's pairs that have no comparison yet, and the comparisons that are not aligned
    with the configured model (never aligned, failed, made with another model, or queued)."""
    articles = selectors.get_story(story.pk).ordered_articles
    existing = selectors.pair_comparisons(articles)
    missing = [
        (a, b)
        for a, b in itertools.combinations(articles, 2)
        if frozenset((a.pk, b.pk)) not in existing
    ]
    model_name = embeddings.model_name()
    stale = [
        comparison
        for comparison in existing.values()
        if comparison.status != Comparison.Status.ALIGNED or comparison.model_name != model_name
    ]
    return missing, stale


def compare_every_pair(story: Story) -> tuple[StoryAlignment, list[Comparison]]:
    """Make a comparison for each pair of the story's articles that has none; returns the
    outcome so far and the comparisons to align (`pairs_to_align`, the new ones included)."""
    missing, stale = pairs_to_align(story)
    count = StoryArticle.objects.filter(story=story).count()
    outcome = StoryAlignment(pairs=count * (count - 1) // 2)
    for a, b in missing:
        stale.append(
            create_comparison(articles=[a, b], title=f"{story.title} ({a.language} ↔ {b.language})")
        )
        outcome.created += 1
    outcome.reused = outcome.pairs - len(stale)
    return outcome, stale


def request_story_alignment(*, story: Story) -> StoryAlignment:
    """Queue what this story needs (`align_story`, done by the task workers): a comparison is
    made for every pair that has none, and an alignment queued for each one not aligned with
    the configured model, except those already queued or running. A pair whose alignment
    cannot be queued is marked failed (with the reason) and reported; the others go on. An
    alignment whose task was lost (`selectors.lost_alignment`) is queued again."""
    outcome, stale = compare_every_pair(story)
    for comparison in stale:
        if comparison.in_progress and not selectors.lost_alignment(comparison):
            outcome.waiting += 1
            continue
        try:
            request_alignment(comparison=comparison)
        except AlignmentError as error:
            outcome.failed.append((comparison, str(error)))
        else:
            outcome.queued += 1
    return outcome


def align_story(*, story: Story) -> StoryAlignment:
    """Align what this story needs, here and now (`manage.py align_stories --inline`): a
    comparison for every pair of its articles (made when a pair has none), aligned when it is
    not aligned with the configured model; comparisons already aligned are reused as they are,
    with their editors' decisions.

    A pair that fails is marked failed (with the reason) and the others go on; `AlignmentError`s
    are reported in the result, anything else (a bug) is raised.
    """
    outcome, stale = compare_every_pair(story)
    for comparison in stale:
        try:
            align_comparison(comparison=selectors.get_comparison(comparison.pk))
        except AlignmentError as error:
            logger.warning("Story %s: comparison %s failed: %s", story.pk, comparison.pk, error)
            outcome.failed.append((comparison, str(error)))
        else:
            outcome.aligned += 1
    return outcome
