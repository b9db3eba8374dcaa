"""The benchmark scripts time the app's own functions by name: a rename in the app must fail
here, not halfway through `make bench`."""

from __future__ import annotations

import numpy as np

from benchmarks import analysis
from compare import results


def test_the_analysis_benchmark_times_every_part_it_names(monkeypatch):
    for name in ("align", "classify_additions", "compare_groups"):
        monkeypatch.setattr(results, name, getattr(results, name))  # restored after the test
    totals = analysis.timed_parts()
    texts_a = ["Der Bund zahlt 1,67 Milliarden Franken.", "Das ist viel.", "Neuer Satz hier."]
    texts_b = ["La Confédération paie 1,672 milliard de francs.", "C'est beaucoup."]
    vectors_a = np.eye(3, 4, dtype=np.float32)
    vectors_b = np.eye(2, 4, dtype=np.float32)
    results.analyse(
        analysis.side(texts_a, "de"), analysis.side(texts_b, "fr"), vectors_a, vectors_b, model="x"
    )
    assert set(totals) == {"aligner", "additions", "facts"}
    assert all(seconds > 0 for seconds in totals.values())
