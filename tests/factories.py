"""Test data through the same services as production, with defaults that say little."""

from __future__ import annotations

import itertools
from pathlib import Path

from compare import services
from compare.models import Article, Comparison

# The seed articles, as kept in the repository beside their fixture.
SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
_counter = itertools.count()


def seed_text(language: str) -> str:
    return (SEEDS / f"{language}-roscosmos-cnsa-ilrs.txt").read_text(encoding="utf-8")


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
