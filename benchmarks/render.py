"""Server time of the comparison page, for the seed pair and a generated 500 x 500 sentence pair.

Run from the repo root:  .venv/bin/python -m benchmarks.render [--runs 30] [--fake-encoder]

Sets Django up on a throwaway SQLite database in a temporary folder (never
db.sqlite3), loads the seed fixture and aligns it (with the real model unless
--fake-encoder), generates a 500 x 500 pair with plausible stored links and
additions through the services, then times the page with Django's test Client:
the median of --runs requests after three warm-up requests, for the full page,
the htmx fragment and a threshold re-classification. Prints figures only; no
assertion anywhere.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

WORDS = [
    "la",
    "stazione",
    "lunare",
    "agenzia",
    "accordo",
    "missione",
    "orbita",
    "ricerca",
    "cooperazione",
    "spaziale",
    "programma",
    "governo",
    "esplorazione",
    "sonda",
    "modulo",
    "equipaggio",
    "tecnologia",
    "scienza",
    "progetto",
]
MOTS = [
    "la",
    "station",
    "lunaire",
    "agence",
    "accord",
    "mission",
    "orbite",
    "recherche",
    "coopération",
    "spatiale",
    "programme",
    "gouvernement",
    "exploration",
    "sonde",
    "module",
    "équipage",
    "technologie",
    "science",
    "projet",
]


def setup_django(folder: Path) -> None:
    # Forced, not defaulted: whatever the environment says, never touch the real database.
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'render.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test Client in (ALLOWED_HOSTS) and keeps mail local
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)


def fake_encoder() -> None:
    """Deterministic vectors from the text's hash: no model load, no meaning."""
    import hashlib

    import numpy as np

    from compare import embeddings

    def encode(texts, *, name=None):
        rows = []
        for text in texts:
            seed = int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)
            vector = np.random.default_rng(seed).standard_normal(64).astype(np.float32)
            rows.append(vector / np.linalg.norm(vector))
        return np.stack(rows) if rows else np.zeros((0, 64), dtype=np.float32)

    embeddings.encode = encode


def seed_comparison():
    from django.core.management import call_command

    from compare import selectors, services
    from compare.models import Comparison

    call_command("loaddata", "seed", verbosity=0)
    comparison = selectors.get_comparison(Comparison.objects.get().pk)
    started = time.perf_counter()
    services.align_comparison(comparison=comparison)
    print(f"seed pair aligned in {time.perf_counter() - started:.1f} s (model load included)")
    return comparison


def generated_text(rng, vocabulary: list[str], count: int, label: str) -> str:
    paragraphs, sentences = [], []
    for number in range(count):
        words = rng.choice(vocabulary, size=int(rng.integers(8, 40))).tolist()
        words[0] = words[0].capitalize()
        sentences.append(f"{' '.join(words)} {label} {number + 1}.")
        if len(sentences) == 5:
            paragraphs.append(" ".join(sentences))
            sentences = []
    if sentences:
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def store_generated_alignment(rng, article_a, article_b):
    """Store a plausible machine alignment of two stored articles; returns the comparison and
    its result.

    About 70% of sentences linked 1:1 in order (a few 1:2, some moved, scores 0.3-0.95, a fact
    difference on every seventh link); the rest are additions of every type.
    """
    from compare import services
    from compare.results import Addition, ResultLink, assemble

    comparison = services.create_comparison(articles=[article_a, article_b])
    side_a = services.side_of(article_a, list(article_a.sentences.order_by("position")))
    side_b = services.side_of(article_b, list(article_b.sentences.order_by("position")))
    links, i, j = [], 0, 0
    while i < len(side_a.sentences) and j < len(side_b.sentences):
        roll = rng.random()
        if roll < 0.15:
            i += 1  # an addition in A
            continue
        if roll < 0.30:
            j += 1  # an addition in B
            continue
        b = (j, j + 1) if roll > 0.97 and j + 1 < len(side_b.sentences) else (j,)
        score = float(rng.uniform(0.3, 0.95))
        facts = {"a": [], "b": []}
        if len(links) % 7 == 0:
            text = side_a.sentences[i].text
            start = text.rindex(" ") + 1
            facts["a"].append(
                {
                    "kind": "number",
                    "text": text[start:-1],
                    "sentence": i,
                    "start": start,
                    "end": len(text) - 1,
                }
            )
        links.append(
            ResultLink(
                a=(i,),
                b=b,
                score=score,
                kind="match" if score >= 0.5 else "partial",
                moved=bool(rng.random() < 0.03),
                facts=facts,
            )
        )
        i, j = i + 1, b[-1] + 1
    types = ["commentary", "caption", "credit", "duplicate", "other"]
    additions = {}
    for side, sentences in (("a", side_a.sentences), ("b", side_b.sentences)):
        linked = {index for link in links for index in getattr(link, side)}
        unlinked = [s.index for s in sentences if s.index not in linked]
        for number, index in enumerate(unlinked):
            additions[(side, index)] = Addition(types[number % len(types)])
    result = assemble(
        model="generated",
        a=side_a,
        b=side_b,
        links=links,
        additions=additions,
        parameters={"match_similarity": 0.5},
    )
    services.store_result(comparison=comparison, result=result)
    services.store_figures(comparison=comparison)
    return comparison, result


def generated_comparison(size: int):
    """Two articles of `size` sentences with a plausible stored alignment
    (`store_generated_alignment`)."""
    import numpy as np

    from compare import services

    rng = np.random.default_rng(500)
    article_a = services.import_article(
        raw=generated_text(rng, WORDS, size, "numero"),
        title="Generated A",
        outlet="A",
        language="it",
    )
    article_b = services.import_article(
        raw=generated_text(rng, MOTS, size, "numéro"),
        title="Generated B",
        outlet="B",
        language="fr",
    )
    comparison, result = store_generated_alignment(rng, article_a, article_b)
    additions = len(result.additions("a")), len(result.additions("b"))
    print(
        f"generated pair: {len(result.a.sentences)} x {len(result.b.sentences)} sentences, "
        f"{len(result.links)} links, {additions[0]} + {additions[1]} additions"
    )
    return comparison


def time_page(client, url: str, runs: int, **kwargs) -> tuple[float, int, int]:
    """Median milliseconds over `runs` requests after 3 warm-ups, the queries and the bytes."""
    from django.db import connection

    for _ in range(3):
        response = client.get(url, **kwargs)
        assert response.status_code == 200, response.status_code
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # An execute wrapper survives the reconnection each request makes.
    with connection.execute_wrapper(count):
        client.get(url, **kwargs)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, **kwargs)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), len(queries), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--size", type=int, default=500, help="sentences per generated article")
    parser.add_argument(
        "--fake-encoder", action="store_true", help="align the seed without the model"
    )
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="render-bench-") as folder:
        setup_django(Path(folder))
        if options.fake_encoder:
            fake_encoder()
        from django.test import Client

        cases = [
            ("seed pair", seed_comparison()),
            (f"{options.size} x {options.size}", generated_comparison(options.size)),
        ]
        client = Client()
        print(f"\nmedian server time over {options.runs} requests (Django test Client)")
        print(f"{'pair':<12} {'request':<32} {'median ms':>10} {'queries':>8} {'KB':>8}")
        for name, comparison in cases:
            url = comparison.get_absolute_url()
            for label, params, headers in (
                ("full page", {}, {}),
                ("htmx fragment", {}, {"HX-Request": "true"}),
                ("fragment, only differences", {"only_differences": "1"}, {"HX-Request": "true"}),
                ("fragment, threshold 0.6", {"threshold": "0.6"}, {"HX-Request": "true"}),
            ):
                median, queries, size = time_page(
                    client, url, options.runs, data=params, headers=headers
                )
                print(f"{name:<12} {label:<32} {median:>10.1f} {queries:>8} {size / 1024:>8.0f}")


if __name__ == "__main__":
    main()
