"""Server time of the story page: a story of 4 articles of 60 sentences each (issue 9: < 150 ms).

Run from the repo root:  .venv/bin/python -m benchmarks.story_render [--runs 30] [--articles 4]
                                                                  [--sentences 60]

Sets Django up on a throwaway SQLite database in a temporary folder (never db.sqlite3), imports
--articles generated articles of --sentences sentences in four languages through the services,
makes a story of them and stores a plausible generated alignment for every pair (no encoder:
about 70% of sentences linked in order, a few moved, scores 0.3-0.95, a fact difference on
every seventh link, the rest typed additions), then times the page with Django's test Client:
the median of --runs requests after three warm-up requests, for the full page, the htmx
fragment, the "only differences" fragment and a threshold re-classification, with the number
of queries and the size of each answer. Prints figures only; no assertion anywhere.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
from pathlib import Path

from benchmarks.render import (
    MOTS,
    WORDS,
    generated_text,
    setup_django,
    store_generated_alignment,
    time_page,
)

VOCABULARIES = [("it", WORDS, "numero"), ("fr", MOTS, "numéro")]


def generated_story(articles: int, sentences: int):
    import numpy as np

    from compare import services

    rng = np.random.default_rng(9)
    languages = ["it", "fr", "de", "es", "en", "pt"]
    stored = []
    for number in range(articles):
        _, vocabulary, label = VOCABULARIES[number % len(VOCABULARIES)]
        stored.append(
            services.import_article(
                raw=generated_text(rng, vocabulary, sentences, label),
                title=f"Generated {number + 1}",
                outlet=f"Outlet {number + 1}",
                language=languages[number % len(languages)],
            )
        )
    story = services.create_story(title="Generated story", articles=stored)
    for article_a, article_b in itertools.combinations(stored, 2):
        store_generated_alignment(rng, article_a, article_b)
    counts = [article.sentences.count() for article in stored]
    print(
        f"story of {articles} articles ({', '.join(map(str, counts))} sentences), "
        f"{articles * (articles - 1) // 2} aligned pairs"
    )
    return story


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--articles", type=int, default=4)
    parser.add_argument("--sentences", type=int, default=60)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="story-bench-") as folder:
        setup_django(Path(folder))
        from django.test import Client

        story = generated_story(options.articles, options.sentences)
        client = Client()
        url = story.get_absolute_url()
        print(f"\nmedian server time over {options.runs} requests (Django test Client)")
        print(f"{'request':<34} {'median ms':>10} {'queries':>8} {'KB':>8}")
        for label, params, headers in (
            ("full page", {}, {}),
            ("htmx fragment", {}, {"HX-Request": "true"}),
            ("fragment, only differences", {"only_differences": "on"}, {"HX-Request": "true"}),
            ("fragment, threshold 0.6", {"threshold": "0.6"}, {"HX-Request": "true"}),
            ("JSON export (every pair)", None, {}),
        ):
            target = url if params is not None else f"/stories/{story.pk}/export.json"
            median, queries, size = time_page(
                client, target, options.runs, data=params or {}, headers=headers
            )
            print(f"{label:<34} {median:>10.1f} {queries:>8} {size / 1024:>8.0f}")


if __name__ == "__main__":
    main()
