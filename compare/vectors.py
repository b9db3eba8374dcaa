"""Nearest-neighbour search over unit vectors: one small interface, an exact and an approximate
engine.

Pure: numpy arrays in, ids and cosines out; no ORM, no settings, no model. Vectors are float32
rows, L2-normalised, so the inner product is the cosine, in [-1, 1].

- `ExactIndex`: one matrix product and a partial sort (numpy). Exact, nothing to build, and fast
  enough for a few hundred thousand 512-dimension vectors on one machine (about 40 ms a query at
  200,000 on 2 cores): the default.
- `ApproximateIndex`: a faiss-cpu HNSW graph, for corpora above that. Chosen over usearch by
  measurement on the project's 2-core machines (`benchmarks/vector_index.py`, figures in the
  README): with the same graph parameters and the same recall@10 it built twice as fast and
  answered faster.
- `build_index` picks one by size: exact up to `exact_limit` vectors.

Both answer `search(query, k)` with at most `k` `Hit`s, best first, and `search(..., allowed=…)`
restricted to some ids (a publication-date window): the exact engine masks, the approximate one
asks the graph for more and filters, widening until it has `k` or has asked for everything.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

import numpy as np

# Above this many vectors `build_index` builds the approximate index.
EXACT_LIMIT = 200_000


@dataclass(frozen=True)
class Hit:
    id: int
    score: float  # cosine in [-1, 1]


class VectorIndex(Protocol):
    def __len__(self) -> int: ...

    def search(
        self, query: np.ndarray, k: int, *, allowed: Collection[int] | None = None
    ) -> list[Hit]: ...


def _as_rows(ids: np.ndarray, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ids = np.asarray(ids, dtype=np.int64).reshape(-1)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or len(vectors) != len(ids):
        raise ValueError(f"{len(ids)} ids for vectors of shape {vectors.shape}")
    return ids, vectors


class ExactIndex:
    """Every cosine, computed: exact, nothing to build."""

    def __init__(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        self.ids, self.vectors = _as_rows(ids, vectors)

    def __len__(self) -> int:
        return len(self.ids)

    def search(
        self, query: np.ndarray, k: int, *, allowed: Collection[int] | None = None
    ) -> list[Hit]:
        if not len(self.ids) or k <= 0:
            return []
        scores = self.vectors @ np.asarray(query, dtype=np.float32).reshape(-1)
        if allowed is not None:
            mask = np.isin(self.ids, np.fromiter(allowed, dtype=np.int64, count=len(allowed)))
            scores = np.where(mask, scores, -np.inf)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [Hit(int(self.ids[i]), float(scores[i])) for i in top if np.isfinite(scores[i])]


class ApproximateIndex:
    """A faiss-cpu HNSW graph over the vectors (inner product, float32), keyed by id.

    16 neighbours per node, 128 candidates while building and 64 while searching: usearch's
    and the HNSW paper's usual defaults, which gave recall@10 of 0.99 or more in the benchmark.
    """

    def __init__(
        self,
        ids: np.ndarray,
        vectors: np.ndarray,
        *,
        neighbours: int = 16,
        build_breadth: int = 128,
        search_breadth: int = 64,
    ) -> None:
        # Imported here: only corpora past EXACT_LIMIT pay for loading the library.
        import faiss

        ids, vectors = _as_rows(ids, vectors)
        self.size = len(ids)
        graph = faiss.IndexHNSWFlat(
            vectors.shape[1] if vectors.size else 1, neighbours, faiss.METRIC_INNER_PRODUCT
        )
        graph.hnsw.efConstruction = build_breadth
        graph.hnsw.efSearch = search_breadth
        self.graph = graph  # IndexIDMap does not own it: keep it alive as long as the map
        self.index = faiss.IndexIDMap(graph)
        self.position = {int(pk): position for position, pk in enumerate(ids)}
        if self.size:
            self.index.add_with_ids(vectors, ids)

    def __len__(self) -> int:
        return self.size

    def _query(self, query: np.ndarray, count: int) -> list[Hit]:
        scores, keys = self.index.search(np.asarray(query, dtype=np.float32).reshape(1, -1), count)
        return [
            Hit(int(key), float(score))
            for key, score in zip(keys[0], scores[0], strict=True)
            if key >= 0  # faiss pads with -1 when it finds fewer than asked
        ]

    def search(
        self, query: np.ndarray, k: int, *, allowed: Collection[int] | None = None
    ) -> list[Hit]:
        if not self.size or k <= 0:
            return []
        if allowed is None:
            return self._query(query, min(k, self.size))
        allowed = set(allowed)
        count = min(self.size, max(4 * k, 64))
        while True:
            found = self._query(query, count)
            hits = [hit for hit in found if hit.id in allowed]
            if len(hits) >= k:
                return hits[:k]
            if len(found) < count or count >= self.size:
                # The graph gave all it reaches: the allowed ids are too few to be met on the
                # way, so compare the query with each of them (the graph keeps the vectors).
                return self._search_among(query, k, allowed)
            count = min(self.size, count * 4)

    def _search_among(self, query: np.ndarray, k: int, allowed: set[int]) -> list[Hit]:
        ids = np.array(sorted(pk for pk in allowed if pk in self.position), dtype=np.int64)
        if not len(ids):
            return []
        positions = np.array([self.position[int(pk)] for pk in ids], dtype=np.int64)
        return ExactIndex(ids, self.graph.reconstruct_batch(positions)).search(query, k)


def build_index(
    ids: np.ndarray, vectors: np.ndarray, *, exact_limit: int = EXACT_LIMIT
) -> ExactIndex | ApproximateIndex:
    """The exact index up to `exact_limit` vectors, the approximate one above."""
    if len(ids) <= exact_limit:
        return ExactIndex(ids, vectors)
    return ApproximateIndex(ids, vectors)
