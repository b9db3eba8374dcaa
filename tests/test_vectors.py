"""Nearest-neighbour search: the exact engine is exact, the approximate one close to it."""

from __future__ import annotations

import numpy as np
import pytest

from compare.vectors import ApproximateIndex, ExactIndex, build_index


def unit_rows(count: int, dimensions: int = 32, seed: int = 0) -> np.ndarray:
    rows = np.random.default_rng(seed).standard_normal((count, dimensions)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_exact_search_returns_the_ids_of_the_most_similar_rows_best_first():
    vectors = unit_rows(500)
    ids = np.arange(1000, 1500)
    query = vectors[42] + 0.05 * unit_rows(1, seed=1)[0]
    hits = ExactIndex(ids, vectors).search(query, 5)
    expected = np.argsort(-(vectors @ query))[:5] + 1000
    assert [hit.id for hit in hits] == expected.tolist()
    assert hits[0].id == 1042
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    assert hits[0].score == pytest.approx(float(vectors[42] @ query))


def test_exact_search_keeps_to_the_allowed_ids():
    vectors = unit_rows(100)
    hits = ExactIndex(np.arange(100), vectors).search(vectors[7], 3, allowed={3, 9, 50, 7000})
    assert {hit.id for hit in hits} == {3, 9, 50}


def test_search_of_an_empty_index_or_for_nothing_finds_nothing():
    empty = ExactIndex(np.zeros(0, dtype=np.int64), np.zeros((0, 8), dtype=np.float32))
    assert empty.search(np.ones(8), 3) == []
    assert ExactIndex(np.arange(3), unit_rows(3)).search(unit_rows(1)[0], 0) == []
    assert len(ExactIndex(np.arange(10), unit_rows(10)).search(unit_rows(1)[0], 50)) == 10


def test_ids_and_vectors_must_agree():
    with pytest.raises(ValueError, match="3 ids"):
        ExactIndex(np.arange(3), unit_rows(4))


def test_the_approximate_index_finds_nearly_what_exact_search_finds():
    vectors, queries = unit_rows(3000, seed=2), unit_rows(50, seed=3)
    ids = np.arange(3000) * 7 + 5  # any ids, not positions
    exact, approximate = ExactIndex(ids, vectors), ApproximateIndex(ids, vectors)
    found = sum(
        len({h.id for h in exact.search(q, 10)} & {h.id for h in approximate.search(q, 10)})
        for q in queries
    )
    assert found / (10 * len(queries)) >= 0.9
    hit = approximate.search(vectors[11], 1)[0]
    assert hit.id == ids[11]
    assert hit.score == pytest.approx(1.0, abs=1e-4)  # a cosine, not usearch's distance


def test_the_approximate_index_widens_its_search_to_find_allowed_ids():
    vectors = unit_rows(2000, seed=4)
    index = ApproximateIndex(np.arange(2000), vectors)
    allowed = {1999, 1500, 3}
    hits = index.search(vectors[0], 3, allowed=allowed)
    assert {hit.id for hit in hits} == allowed


def test_build_index_is_exact_up_to_the_limit():
    vectors = unit_rows(20)
    assert isinstance(build_index(np.arange(20), vectors, exact_limit=20), ExactIndex)
    assert isinstance(build_index(np.arange(20), vectors, exact_limit=19), ApproximateIndex)
