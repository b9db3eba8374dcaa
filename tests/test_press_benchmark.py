"""The press benchmark's scoring (benchmarks.press.evaluate), on a tiny hand-written case.

The benchmark is how issue 8's figures are measured, so its arithmetic is tested like code:
a fake aligner result is not needed, the scoring of gold facts and of sure/possible links
is checked on a case small enough to count by hand.
"""

from __future__ import annotations

from benchmarks.press.evaluate import ReadArticle, Tally, score_facts, score_pair
from benchmarks.press.gold import check_case, read_case

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


def tiny_case(tmp_path):
    (tmp_path / "a.txt").write_text(
        "La firma del 10 marzo con Dmitry Rogozin. Sono 3 missioni.", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text(
        "La signature du 9 mars avec Dmitry Rogozine. Ce sont 3 missions. Jeff Bezos était là.",
        encoding="utf-8",
    )
    (tmp_path / "gold.txt").write_text(GOLD, encoding="utf-8")
    case = read_case(tmp_path)
    assert check_case(case) == []
    return case


def test_fact_marks_are_scored_against_the_gold_of_each_sure_link(tmp_path):
    case = tiny_case(tmp_path)
    errors: list[str] = []
    tally = score_facts(case, "a", "b", errors)
    # Right: both dates. Wrong: "Jeff Bezos", which the gold does not list.
    assert (tally.right, tally.predicted, tally.found, tally.gold) == (2, 3, 2, 2)
    assert errors == ["  wrong fact b2 'Jeff Bezos'"]


def test_links_count_sure_pairs_and_ignore_possible_ones(tmp_path):
    tally = Tally(right=3, predicted=4, found=3, gold=6)
    assert (tally.precision, tally.recall) == (0.75, 0.5)
    assert round(tally.f1, 3) == 0.6
    assert Tally().precision == 1.0 and Tally().recall == 1.0  # nothing to score


def test_a_pair_is_scored_at_the_gold_sentences_whatever_the_app_cut(tmp_path, monkeypatch):
    import numpy as np

    from compare import results
    from compare.results import ResultLink, ResultSentence, Side

    case = tiny_case(tmp_path)

    def read_as(letter: str, texts: list[str], gold_ids: list[tuple[str, ...]]):
        side = Side(
            language=case.articles[letter].language,
            sentences=tuple(ResultSentence(i, 0, t) for i, t in enumerate(texts)),
        )
        return ReadArticle(side, tuple(gold_ids), np.zeros((len(texts), 3), dtype=np.float32))

    # The app cut A in one sentence (both gold sentences) and linked it with B's first.
    a = read_as("a", [case.articles["a"].text.strip()], [("a0", "a1")])
    b = read_as("b", [s.text for s in case.articles["b"].sentences], [("b0",), ("b1",), ("b2",)])

    def aligned(side_a, side_b, *args, **kwargs):
        link = ResultLink(a=(0,), b=(0,), score=0.9, kind="match")
        return results.assemble(model="test", a=side_a, b=side_b, links=[link], additions={})

    monkeypatch.setattr(results, "analyse", aligned)
    scores = score_pair(case, "a", "b", a, b, [])
    # Pairs a0-b0 (sure: right) and a1-b0 (neither sure nor possible: wrong); of the three
    # sure pairs (a0-b0, a1-b1, a1-b2) one is found.
    links = scores.links
    assert (links.right, links.predicted, links.found, links.gold) == (1, 2, 1, 3)
    # b1 and b2 are left alone by the app, linked in the gold: two wrong one-sided sentences.
    one = scores.one_sided
    assert (one.right, one.predicted, one.found, one.gold) == (0, 2, 0, 0)
