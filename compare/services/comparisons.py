"""Creating comparisons: from stored articles, or from two pasted texts imported on the way."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Count, Q

from compare import text
from compare.models import Article, Comparison, ComparisonArticle
from compare.services.articles import prepare_article, store_article


class ComparisonError(ValueError):
    """Two articles that cannot be compared; the message says why."""


class ComparisonExistsError(ComparisonError):
    """These articles are already compared; `existing` is that comparison."""

    def __init__(self, existing: Comparison) -> None:
        self.existing = existing
        super().__init__(f"These two articles are already compared: “{existing}”.")


class PairImportError(text.TextError):
    """One text of a pair was refused; `side` ("a" or "b") says which, `error` why."""

    def __init__(self, side: str, error: text.TextError) -> None:
        self.side = side
        self.error = error
        super().__init__(str(error))


@transaction.atomic
def create_comparison(*, articles: Sequence[Article], title: str = "") -> Comparison:
    """A comparison of the given articles, in that order (A, B, …); not aligned yet."""
    if len(articles) != 2:
        raise ComparisonError("A comparison needs exactly two articles.")
    if len({article.pk for article in articles}) != len(articles):
        raise ComparisonError("An article cannot be compared with itself.")
    if existing := existing_comparison(articles=articles):
        raise ComparisonExistsError(existing)
    comparison = Comparison.objects.create(
        title=title or " ↔ ".join(text.shorten(article.title, 80) for article in articles)
    )
    ComparisonArticle.objects.bulk_create(
        ComparisonArticle(comparison=comparison, article=article, position=position)
        for position, article in enumerate(articles)
    )
    return comparison


def existing_comparison(*, articles: Sequence[Article]) -> Comparison | None:
    """The comparison of exactly these articles, in any order, if there is one (1 query)."""
    ids = {article.pk for article in articles}
    candidates = (
        Comparison.objects.filter(members__article__in=ids)
        .annotate(matched=Count("members", filter=Q(members__article__in=ids), distinct=True))
        .filter(matched=len(ids))
        .annotate(size=Count("members", distinct=True))
        .filter(size=len(ids))
    )
    return candidates.first()


def create_comparison_from_texts(*, articles: Sequence[dict], title: str = "") -> Comparison:
    """Import two texts and create their comparison (not aligned yet), all or nothing.

    Each item of `articles` holds `prepare_article`'s keyword arguments (`raw`,
    `title`, `outlet`, `language`, …), A first. Raises `PairImportError` naming
    the refused text; nothing is stored then. Both texts are read before the one short
    transaction that stores them.
    """
    prepared = []
    for side, fields in zip(("a", "b"), articles, strict=True):
        try:
            prepared.append((side, prepare_article(**fields)))
        except text.TextError as error:
            raise PairImportError(side, error) from error
    if text.content_hash(prepared[0][1].text) == text.content_hash(prepared[1][1].text):
        # Said before anything is stored: found while storing, the message would name an
        # article the rolled-back transaction never kept.
        raise PairImportError(
            "b", text.TextError("This is the same text as article A (up to spacing).")
        )
    with transaction.atomic():
        stored = []
        for side, article in prepared:
            try:
                stored.append(store_article(article))
            except text.TextError as error:
                raise PairImportError(side, error) from error
        return create_comparison(articles=stored, title=title)
