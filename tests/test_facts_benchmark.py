"""The press-corpus fact benchmark's scoring (benchmarks.press_facts), on a tiny case."""

from __future__ import annotations

from collections import defaultdict

from benchmarks.press.gold import read_case
from benchmarks.press_facts import score_case, sure_links

GOLD = """case: tiny
kind: translation

article a: a.txt
language: it
outlet: A
url: https://example.org/a
date: 2021-03-09
licence: CC BY 3.0

article b: b.txt
language: fr
outlet: B
url: https://example.org/b
date: 2021-03-09
licence: CC BY 3.0

sentences a:
@body
a0 | La firma del 10 marzo con Dmitry Rogozin.
a1 | Sono 3 missioni.

sentences b:
@body
b0 | La signature du 9 mars avec Dmitry Rogozine.
b1 | Ce sont 3 missions.
b2 | Jeff Bezos était là.

links:
a0 = b0
a1 = b1 b2

facts:
a0 b0 | 10 marzo | 9 mars | the date differs
"""


def test_predicted_facts_are_scored_against_the_gold_of_each_sure_link(tmp_path):
    (tmp_path / "a.txt").write_text(
        "La firma del 10 marzo con Dmitry Rogozin. Sono 3 missioni.", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text(
        "La signature du 9 mars avec Dmitry Rogozine. Ce sont 3 missions. Jeff Bezos était là.",
        encoding="utf-8",
    )
    (tmp_path / "gold.txt").write_text(GOLD, encoding="utf-8")
    case = read_case(tmp_path)
    assert len(sure_links(case)) == 2
    counts: dict = defaultdict(lambda: defaultdict(int))
    shown: list[str] = []
    score_case(case, counts, shown)
    # Right: both dates. Wrong: "Jeff Bezos", which the gold does not list.
    assert dict(counts["it-fr"]) == {"tp": 2, "fp": 1, "found": 2, "gold": 2, "links": 2}
    assert shown == [f"  FP {case.name} b2: 'Jeff Bezos'"]
