"""Imports and re-alignments from several threads at once, against one SQLite file.

Run by test_concurrency.py as `python -m tests.concurrent_writes`, in a process of its
own whose DATABASE_URL names a fresh file: the threads then go through the real
settings (WAL, busy time-out, IMMEDIATE transactions) and a real file, which the test
run's in-memory database cannot stand for. Prints one JSON report on its last line.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading

import django
import numpy as np

IMPORTS = 4  # distinct texts, one thread each
SAME_TEXT_THREADS = 2  # threads importing one more text, the same one
ALIGN_THREADS_PER_COMPARISON = 2


def fake_encode(texts, *, name=None) -> np.ndarray:
    """Deterministic unit vectors from the text's hash: this checks writes, not meaning."""
    rows = []
    for text in texts:
        seed = int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)
        vector = np.random.default_rng(seed).standard_normal(16).astype(np.float32)
        rows.append(vector / np.linalg.norm(vector))
    return np.stack(rows) if rows else np.zeros((0, 16), dtype=np.float32)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()

    from django.core.management import call_command
    from django.db import connection, connections

    from compare import embeddings, selectors, services
    from compare.models import Addition, Article, Comparison, Link, SentenceEmbedding
    from tests.factories import make_article, make_comparison, seed_text

    assert connection.vendor == "sqlite" and "memory" not in str(connection.settings_dict["NAME"])
    call_command("migrate", verbosity=0)
    embeddings.encode = fake_encode

    comparisons = [
        make_comparison(
            articles=[
                make_article(raw=f"Versione {n}.\n\n" + seed_text("it"), language="it"),
                make_article(raw=f"Version {n}.\n\n" + seed_text("fr"), language="fr"),
            ]
        )
        for n in range(2)
    ]
    # Long enough for the import transactions to overlap (segmenting takes a while).
    texts = {f"Import {n}": f"Copia numero {n}.\n\n" + seed_text("it") * 3 for n in range(IMPORTS)}
    same_text = "Lo stesso testo, due volte.\n\n" + seed_text("it")

    errors: list[str] = []
    duplicates: list[str] = []
    results: dict[int, list[int]] = {}
    jobs = []
    for title, raw in texts.items():
        jobs.append(
            lambda title=title, raw=raw: services.import_article(
                raw=raw, title=title, outlet="Concurrent", language="it"
            )
        )
    for _ in range(SAME_TEXT_THREADS):
        jobs.append(
            lambda: services.import_article(
                raw=same_text, title="Same text", outlet="Concurrent", language="it"
            )
        )

    def align(pk: int) -> None:
        result = services.align_comparison(comparison=selectors.get_comparison(pk))
        results.setdefault(pk, []).append(len(result.links))

    for comparison in comparisons:
        for _ in range(ALIGN_THREADS_PER_COMPARISON):
            jobs.append(lambda pk=comparison.pk: align(pk))

    start = threading.Barrier(len(jobs))

    def run(job) -> None:
        try:
            start.wait()
            job()
        except services.DuplicateArticleError as error:
            duplicates.append(str(error))
        except Exception as error:  # noqa: BLE001 -- every failure is the report's business
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    expected_sentences = {
        title: len([s for p in services.segment_text(raw, language="it")[2] for s in p.sentences])
        for title, raw in [*texts.items(), ("Same text", same_text)]
    }
    report = {
        "errors": errors,
        "duplicates": len(duplicates),
        "articles": {
            title: [a.sentences.count() for a in Article.objects.filter(title=title)]
            for title in expected_sentences
        },
        "expected_sentences": expected_sentences,
        "comparisons": {
            str(c.pk): {
                "status": Comparison.objects.get(pk=c.pk).status,
                "link_counts_returned": results.get(c.pk, []),
                "links_stored": Link.objects.filter(comparison=c).count(),
                "additions_stored": Addition.objects.filter(comparison=c).count(),
                "expected_additions": sum(
                    article.sentences.count() for article in c.ordered_articles
                )
                - Link.objects.filter(comparison=c).values("sentences").distinct().count(),
            }
            for c in comparisons
        },
        "embeddings": {
            "stored": SentenceEmbedding.objects.count(),
            "distinct": SentenceEmbedding.objects.values("sentence").distinct().count(),
        },
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
