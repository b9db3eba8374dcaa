"""Approximate against exact nearest-neighbour search of document vectors: recall@10 and speed.

Run from the repo root:
    .venv/bin/python -m benchmarks.vector_index [--size 200000] [--queries 1000]

Generates --size unit vectors of 512 dimensions (the width of the default model's embeddings),
"real-ish": drawn around 2,000 topic centres, as articles cluster by subject, with a spread that
puts a query's nearest neighbours at cosines of about 0.5-0.7 like same-topic articles. Queries are
further draws of the same mixture, not in the index. Each engine is timed for building and for
one query at a time (the way the article page asks), and scored by recall@10: the share of the
exact top 10 (numpy, `compare.vectors.ExactIndex`) that it also returns in its top 10.

Engines: the approximate index the app uses (`compare.vectors.ApproximateIndex`, faiss-cpu
HNSW), faiss-cpu's IVF-Flat, and usearch's HNSW with the same graph parameters when usearch is
installed (it is not a dependency: it was installed by hand to choose between the two libraries;
the README has those figures). Prints figures only; no assertion anywhere.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from compare.vectors import ApproximateIndex, ExactIndex  # noqa: E402

DIMENSIONS = 512


def mixture(rng: np.random.Generator, count: int, centres: np.ndarray, spread: float) -> np.ndarray:
    """`count` unit vectors, each a random centre plus Gaussian noise of `spread` per unit norm."""
    chosen = centres[rng.integers(0, len(centres), size=count)]
    noise = rng.standard_normal((count, centres.shape[1]), dtype=np.float32)
    noise *= spread / np.sqrt(centres.shape[1])
    vectors = chosen + noise
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors.astype(np.float32)


def generate(size: int, queries: int, seed: int = 9) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((2000, DIMENSIONS), dtype=np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    vectors = np.empty((size, DIMENSIONS), dtype=np.float32)
    for start in range(0, size, 50_000):  # in chunks: the noise of 300k rows at once is 600 MB
        stop = min(size, start + 50_000)
        vectors[start:stop] = mixture(rng, stop - start, centres, 1.1)
    return vectors, mixture(rng, queries, centres, 1.1)


class IvfEngine:
    """faiss-cpu's IVF-Flat, inner product: 4 sqrt(n) lists, 16 of them searched."""

    def __init__(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        import faiss

        dimensions = vectors.shape[1]
        lists = int(4 * np.sqrt(len(vectors)))
        quantiser = faiss.IndexFlatIP(dimensions)
        index = faiss.IndexIVFFlat(quantiser, dimensions, lists, faiss.METRIC_INNER_PRODUCT)
        index.train(vectors[np.random.default_rng(0).choice(len(vectors), 40 * lists)])
        index.nprobe = 16
        index.add(vectors)
        self.index, self.quantiser, self.ids = index, quantiser, ids

    def search(self, query: np.ndarray, k: int) -> np.ndarray:
        _, positions = self.index.search(query.reshape(1, -1), k)
        return self.ids[positions[0][positions[0] >= 0]]


class UsearchEngine:
    """usearch's HNSW with the app's graph parameters (16, 128, 64), inner product, float32."""

    def __init__(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        from usearch.index import Index

        self.index = Index(
            ndim=vectors.shape[1],
            metric="ip",
            dtype="f32",
            connectivity=16,
            expansion_add=128,
            expansion_search=64,
        )
        self.index.add(ids, vectors)

    def search(self, query: np.ndarray, k: int) -> np.ndarray:
        return np.asarray(self.index.search(query, k).keys)


def measure(name: str, build, queries: np.ndarray, truth: list[set[int]], k: int) -> None:
    started = time.perf_counter()
    engine = build()
    built = time.perf_counter() - started
    timings, found = [], 0
    for query, expected in zip(queries, truth, strict=True):
        started = time.perf_counter()
        ids = engine.search(query, k)
        timings.append((time.perf_counter() - started) * 1000)
        found += len(expected & {int(i) for i in ids[:k]})
    recall = found / (k * len(queries))
    print(
        f"{name:<28} {built:>9.1f} {statistics.median(timings):>12.2f} "
        f"{np.percentile(timings, 95):>10.2f} {recall:>10.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000, help="vectors in the index")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--k", type=int, default=10)
    options = parser.parse_args()

    vectors, queries = generate(options.size, options.queries)
    ids = np.arange(1, options.size + 1, dtype=np.int64)
    exact = ExactIndex(ids, vectors)
    truth = [{hit.id for hit in exact.search(q, options.k)} for q in queries]
    nearest = np.median([exact.search(q, 1)[0].score for q in queries[:200]])
    print(
        f"{options.size:,} vectors x {DIMENSIONS} dimensions, {options.queries:,} queries, "
        f"k = {options.k}; median cosine of a query's nearest neighbour {nearest:.2f}; "
        f"{os.cpu_count()} cores"
    )
    print(f"{'engine':<28} {'build s':>9} {'median ms':>12} {'p95 ms':>10} {'recall@10':>10}")

    class Exact:
        def search(self, query, k):
            return np.array([hit.id for hit in exact.search(query, k)])

    measure("exact (numpy)", Exact, queries, truth, options.k)

    class Approximate:
        def __init__(self) -> None:
            self.index = ApproximateIndex(ids, vectors)

        def search(self, query, k):
            return np.array([hit.id for hit in self.index.search(query, k)])

    measure("faiss-cpu HNSW (the app's)", Approximate, queries, truth, options.k)
    measure("faiss-cpu IVF-Flat", lambda: IvfEngine(ids, vectors), queries, truth, options.k)
    try:
        import usearch  # noqa: F401
    except ImportError:
        print("usearch is not installed: its row is left out")
        return
    measure("usearch HNSW", lambda: UsearchEngine(ids, vectors), queries, truth, options.k)


if __name__ == "__main__":
    main()
