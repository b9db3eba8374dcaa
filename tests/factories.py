"""Test data through the same services as production, with defaults that say little."""

from __future__ import annotations

import itertools
from pathlib import Path
from unittest import mock

from django_tasks_db.management.commands import db_worker

from compare import queue, selectors, services
from compare.models import Article, Comparison, Story
from compare.results import Addition, ComparisonResult, ResultLink, ResultSentence, Side, assemble

# The seed articles, as kept in the repository beside their fixture.
SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
# The press corpus: real articles, each case's a.txt, b.txt (and c.txt).
CORPUS = Path(__file__).resolve().parents[1] / "benchmarks" / "press" / "cases"
_counter = itertools.count()


def seed_text(language: str) -> str:
    return (SEEDS / f"{language}-roscosmos-cnsa-ilrs.txt").read_text(encoding="utf-8")


def corpus_text(case: str, letter: str) -> str:
    return (CORPUS / case / f"{letter}.txt").read_text(encoding="utf-8")


def make_article(**kwargs) -> Article:
    number = next(_counter)
    kwargs.setdefault("raw", f"Article number {number}. It has two sentences.")
    kwargs.setdefault("title", f"Article {number}")
    kwargs.setdefault("outlet", "Test outlet")
    kwargs.setdefault("language", "en")
    return services.import_article(**kwargs)


def make_seed_articles() -> tuple[Article, Article]:
    italian = make_article(raw=seed_text("it"), language="it", title="Italian seed")
    french = make_article(raw=seed_text("fr"), language="fr", title="French seed")
    return italian, french


def make_comparison(**kwargs) -> Comparison:
    articles = kwargs.pop("articles", None) or [make_article(), make_article()]
    return services.create_comparison(articles=articles, **kwargs)


def make_side(texts: list[str], *, language: str, paragraphs: list[int] | None = None) -> Side:
    """A side of a result, no database: sentence i is `texts[i]`, in paragraph `paragraphs[i]`."""
    return Side(
        language=language,
        title=f"{language} article",
        outlet=f"{language} outlet",
        sentences=tuple(
            ResultSentence(index=i, paragraph=paragraphs[i] if paragraphs else i, text=text, id=i)
            for i, text in enumerate(texts)
        ),
    )


def make_result(
    links: list[ResultLink],
    *,
    a: Side,
    b: Side,
    types: dict[tuple[str, int], str] | None = None,
    parameters: dict | None = None,
) -> ComparisonResult:
    """A result through `results.assemble`, like every real one; untyped additions are "other"."""
    return assemble(
        model="hand-made",
        a=a,
        b=b,
        links=links,
        additions={key: Addition(kind) for key, kind in (types or {}).items()},
        parameters=parameters or {"match_similarity": 0.5},
    )


def store_alignment(
    comparison: Comparison,
    links: list[ResultLink],
    *,
    types: dict[tuple[str, int], str] | None = None,
) -> Comparison:
    """Store a made-up machine alignment through the same services as the real one (no encoder);
    returns the comparison as the views read it."""
    sides = []
    for article in comparison.ordered_articles:
        sides.append(services.side_of(article, list(article.sentences.order_by("position"))))
    result = make_result(links, a=sides[0], b=sides[1], types=types)
    services.store_result(comparison=comparison, result=result)
    services.store_figures(comparison=comparison)
    return selectors.get_comparison(comparison.pk)


def links_of(pairs: list[tuple[tuple[int, ...], tuple[int, ...]]], score: float = 0.8):
    """Machine links of the given (A indices, B indices), all "match" at `score`."""
    return [ResultLink(a=a, b=b, score=score, kind="match") for a, b in pairs]


def run_queued_tasks() -> None:
    """Run every queued task in this process, as a worker would, until the queue is empty:
    with the configured backend (database or Redis), in the test's own database connection.

    The database worker closes stale connections between tasks, which would close the test's
    connection in the middle of its transaction: here it keeps it.
    """
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        queue.run_worker(burst=True, verbosity=0)


def make_story(**kwargs) -> Story:
    kwargs.setdefault("title", f"Story {next(_counter)}")
    kwargs.setdefault("articles", [])
    return services.create_story(**kwargs)


def make_aligned_story(count: int, *, sentences: int = 4) -> Story:
    """A story of `count` articles of `sentences` sentences each, every pair compared and aligned
    by hand (no encoder): sentence i of one article is linked to sentence i of the other, except
    the last sentence of each, which is its own addition."""
    languages = ["it", "fr", "de", "es", "en", "pt"]
    articles = [
        make_article(
            # No number before a full stop: German segmentation reads "5." as an ordinal.
            raw=" ".join(f"Sentence {n} of article {number} ends here." for n in range(sentences)),
            language=languages[n % len(languages)],
            outlet=f"Outlet {number}",
        )
        for n, number in enumerate(next(_counter) for _ in range(count))
    ]
    story = make_story(articles=articles)
    for i, a in enumerate(articles):
        for b in articles[i + 1 :]:
            links = [
                ResultLink(a=(n,), b=(n,), score=0.8, kind="match") for n in range(sentences - 1)
            ]
            store_alignment(make_comparison(articles=[a, b]), links)
    return story
