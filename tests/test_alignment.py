"""Tests of compare.alignment: constructed embeddings, a hypothesis property, the seed pair."""

from __future__ import annotations

import json
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare import alignment
from compare.alignment import Alignment, AlignmentParameters, Link, _handles, align
from compare.embeddings import encode
from compare.text import segment
from tests.factories import SEEDS

DIM = 64


def unit(
    *components: int, noise: float = 0.02, rng: np.random.Generator | None = None
) -> np.ndarray:
    """Normalised sum of basis vectors, plus a little noise (a 'sentence' about those topics)."""
    rng = rng or np.random.default_rng(sum(components) + 7 * len(components))
    v = np.zeros(DIM, dtype=np.float32)
    for c in components:
        v[c] += 1.0
    v += noise * rng.standard_normal(DIM).astype(np.float32)
    return v / np.linalg.norm(v)


def side(*sentences: tuple[int, ...] | int) -> np.ndarray:
    return np.stack([unit(*(s if isinstance(s, tuple) else (s,))) for s in sentences])


def pairs(result: Alignment) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    return {(link.a, link.b) for link in result.links}


def assert_covers(result: Alignment, n: int, m: int) -> None:
    seen_a = [i for link in result.links for i in link.a] + list(result.additions_a)
    seen_b = [j for link in result.links for j in link.b] + list(result.additions_b)
    assert sorted(seen_a) == list(range(n))
    assert sorted(seen_b) == list(range(m))
    for link in result.links:
        for group in (link.a, link.b):
            assert list(group) == sorted(set(group))
            if link.kind == "match":
                # The DP's groups: consecutive, at most max_group. A partial link may also
                # hold a far-away sentence sharing part of its content (step 5).
                assert 1 <= len(group) <= result.parameters.max_group
                assert list(group) == list(range(group[0], group[0] + len(group)))
        assert link.kind in {"match", "partial"}
        assert -1.0 - 1e-6 <= link.score <= 1.0 + 1e-6
    starts = [link.a[0] for link in result.links]
    assert starts == sorted(starts)


def test_one_to_one():
    a = side(0, 1, 2, 3, 4)
    b = side(0, 1, 2, 3, 4)
    result = align(a, b)
    assert pairs(result) == {((i,), (i,)) for i in range(5)}
    assert result.additions_a == () and result.additions_b == ()
    assert all(link.kind == "match" and not link.moved for link in result.links)


def test_one_to_two_and_two_to_one():
    a = side(0, (1, 2), 3, 4, 5)  # A1 is split in two in B; A3, A4 are merged in B
    b = side(
        0,
        1,
        2,
        3,
        (4, 5),
    )
    result = align(a, b)
    assert ((1,), (1, 2)) in pairs(result)
    assert ((3, 4), (4,)) in pairs(result) or ((3,), (3,)) in pairs(result)
    assert_covers(result, 5, 5)


def test_two_to_one():
    a = side(0, 1, 2, 3, 4)
    b = side(0, (1, 2), 3, 4)
    result = align(a, b)
    assert pairs(result) == {((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), (3,))}


def test_one_to_three():
    a = side(0, (1, 2, 3), 4, 5)
    b = side(0, 1, 2, 3, 4, 5)
    result = align(a, b)
    assert pairs(result) == {((0,), (0,)), ((1,), (1, 2, 3)), ((2,), (4,)), ((3,), (5,))}


def test_moved_content_crosses_the_order():
    a = side(0, 1, 2, 3, 4, 5)
    b = side(0, 4, 1, 2, 3, 5)  # B tells A's sentence 4 early
    result = align(a, b)
    assert pairs(result) == {
        ((i,), (j,)) for i, j in [(0, 0), (1, 2), (2, 3), (3, 4), (4, 1), (5, 5)]
    }
    moved = [link for link in result.links if link.moved]
    assert [(link.a, link.b) for link in moved] in (
        [((4,), (1,))],
        [((1,), (2,)), ((2,), (3,)), ((3,), (4,))],
    )


def test_additions_on_both_sides():
    a = side(0, 1, 20, 21, 2, 3, 4)  # A adds two sentences (topics 20, 21) in the middle
    b = side(30, 0, 1, 2, 3, 4, 31, 32)  # B adds a title and two at the end
    result = align(a, b)
    assert pairs(result) == {((0,), (1,)), ((1,), (2,)), ((4,), (3,)), ((5,), (4,)), ((6,), (5,))}
    assert result.additions_a == (2, 3)
    assert result.additions_b == (0, 6, 7)


def test_unrelated_passages_stay_additions():
    # The press case: a shared core, then each side continues with unrelated material.
    a = side(0, 1, 2, 3, 10, 11, 12, 13)
    b = side(0, 1, 2, 3, 40, 41, 42, 43, 44)
    rng = np.random.default_rng(3)
    a[4:] = (a[4:] + 0.25 * rng.standard_normal(a[4:].shape)).astype(
        np.float32
    )  # blurry, weakly related
    result = align(a, b)
    assert pairs(result) == {((i,), (i,)) for i in range(4)}


def test_a_faint_link_at_an_end_of_the_path_needs_more_than_its_neighbour():
    # Two openings that share one topic of four (cosine about 0.25), then the shared text: a
    # weak link with a neighbour on one side only is not shown below `edge_similarity` ...
    faint_a, faint_b = unit(10, 11, 12, 13), unit(10, 14, 15, 16)
    shared = side(0, 1, 2, 3)
    result = align(np.vstack([faint_a, shared]), np.vstack([faint_b, shared]))
    assert pairs(result) == {((i,), (i,)) for i in range(1, 5)}
    assert result.additions_a == (0,) and result.additions_b == (0,)
    # ... nor at the end; between two links of the shared text it is.
    result = align(np.vstack([shared, faint_a]), np.vstack([shared, faint_b]))
    assert ((4,), (4,)) not in pairs(result)
    middle_a = np.vstack([shared[:2], faint_a, shared[2:]])
    middle_b = np.vstack([shared[:2], faint_b, shared[2:]])
    assert ((2,), (2,)) in pairs(align(middle_a, middle_b))
    # A clearer opening (one topic of two against one of three, cosine about 0.41) stays.
    result = align(np.vstack([unit(10, 11), shared]), np.vstack([unit(10, 12, 13), shared]))
    assert ((0,), (0,)) in pairs(result)


def test_the_two_headlines_link_when_each_is_the_other_s_best_title():
    # Headline, byline, then the shared text: the byline keeps the headlines (one topic of two
    # against one of three, cosine about 0.41) from touching the first link on the path.
    shared = side(0, 1, 2, 3)
    kinds = ["title", "picture", "text", "text", "text", "text"]

    def aligned(head_a: np.ndarray, head_b: np.ndarray, **kinds_given) -> set:
        ea = np.vstack([head_a, unit(20), shared])
        eb = np.vstack([head_b, unit(21), shared])
        return pairs(align(ea, eb, **kinds_given))

    assert ((0,), (0,)) in aligned(unit(10, 11), unit(10, 12, 13), kinds_a=kinds, kinds_b=kinds)
    # Not known as titles, they are a faint link at the start of the path with no neighbour.
    assert ((0,), (0,)) not in aligned(unit(10, 11), unit(10, 12, 13))
    # Titles sharing one topic of four (cosine about 0.25) stay apart.
    faint_a, faint_b = unit(10, 11, 12, 13), unit(10, 14, 15, 16)
    assert ((0,), (0,)) not in aligned(faint_a, faint_b, kinds_a=kinds, kinds_b=kinds)
    # A first title under running text is a sub-heading: that page has no headline.
    ea = np.vstack([shared[0], unit(10, 11), shared[1:]])
    eb = np.vstack([unit(10, 12, 13), unit(21), shared])
    result = align(ea, eb, kinds_a=["text", "title", "text", "text", "text"], kinds_b=kinds)
    assert ((1,), (0,)) not in pairs(result)


def test_empty_side():
    a = side(0, 1, 2)
    empty = np.zeros((0, DIM), dtype=np.float32)
    result = align(a, empty)
    assert result.links == () and result.additions_a == (0, 1, 2) and result.additions_b == ()
    result = align(empty, a)
    assert result.links == () and result.additions_a == () and result.additions_b == (0, 1, 2)
    result = align(empty, empty)
    assert result.links == () and result.additions_a == () and result.additions_b == ()
    assert align(np.array([]), a).additions_b == (0, 1, 2)


def test_identical_inputs_are_all_one_to_one_matches():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((40, DIM)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    result = align(x, x.copy())
    assert pairs(result) == {((i,), (i,)) for i in range(40)}
    assert all(link.kind == "match" and not link.moved for link in result.links)


def test_one_against_two_thousand():
    rng = np.random.default_rng(1)
    b = rng.standard_normal((2000, DIM)).astype(np.float32)
    b /= np.linalg.norm(b, axis=1, keepdims=True)
    a = b[1234:1235] + 0.05 * rng.standard_normal((1, DIM)).astype(np.float32)
    result = align(a, b)
    assert pairs(result) == {((0,), (1234,))}
    assert len(result.additions_b) == 1999
    reverse = align(b, a)
    assert pairs(reverse) == {((1234,), (0,))}


def test_mismatched_dimensions_raise_value_error():
    with pytest.raises(ValueError, match="dimensions differ"):
        align(np.ones((3, 8), dtype=np.float32), np.ones((2, 16), dtype=np.float32))


def test_groups_do_not_cross_paragraphs():
    a = side(0, (1, 2), 3)
    b = side(0, 1, 2, 3)
    assert ((1,), (1, 2)) in pairs(align(a, b, paragraphs_b=[0, 0, 0, 0]))
    no_parts = AlignmentParameters(part_similarity=1.0)
    result = align(a, b, paragraphs_b=[0, 0, 1, 1], parameters=no_parts)
    assert ((1,), (1, 2)) not in pairs(result)  # B1 and B2 in different paragraphs: no 1:2
    assert_covers(result, 3, 4)


def test_a_sentence_sharing_part_of_a_far_away_link_joins_it_as_partial():
    # A1 says what B1 says and what B4 says; B4 stands far from B1, across other content.
    a = side(0, (1, 4), 2, 3)
    b = side(0, 1, 2, 3, 4)
    result = align(a, b, paragraphs_b=[0, 0, 1, 2, 3])
    link = next(link for link in result.links if 1 in link.a)
    assert link.b == (1, 4) and link.kind == "partial"
    assert_covers(result, 4, 5)
    off = align(
        a, b, paragraphs_b=[0, 0, 1, 2, 3], parameters=AlignmentParameters(part_similarity=1.0)
    )
    assert 4 in off.additions_b


def test_a_line_that_is_only_a_handle_links_only_the_same_handle():
    # Press corpus (gv-japan-quake-independent, fr-en): each side introduces its quoted
    # tweets by a line with the account alone. The encoder puts such lines close together
    # (0.75), but "@asahi_chousa:" and "@tsuyoshi_ide:" share nothing: no link.
    fr = [
        "Vendredi 11 mars, à 14h46 (heure locale) un séisme d'une magnitude de 8,9 a frappé "
        "le Japon.",
        "@asahi_chousa:",
        "Conseil des électriciens : si vous vous trouvez dans une zone où le courant à été "
        "coupé, désactivez le disjoncteur.",
        "@take23asn:",
    ]
    en = [
        "On Friday, March 11, 2011 at 2:46:23 p.m. local time, an 8.9-magnitude earthquake "
        "struck Japan, the largest in recorded history.",
        "The sun has gone down and hotels, schools, restaurants, and more are opening up their "
        "doors.",
        "@tsuyoshi_ide:",
        "Bunka Fashion College near Shinjuku South Exit has food and is preparing to accept "
        "people for the night.",
    ]
    ea, eb = encode(fr), encode(en)
    blind = align(ea, eb)  # without the texts, the similarity of the two lines links them
    assert any(1 in link.a and 2 in link.b for link in blind.links)
    result = align(ea, eb, texts_a=fr, texts_b=en)
    assert_covers(result, len(fr), len(en))
    assert pairs(result) == {((0,), (0,))}
    # The same account's line does link, and so does the tweet it is quoted with.
    same = align(ea[[0, 1]], eb[[0, 2]], texts_a=fr[:2], texts_b=[en[0], "@ASAHI_chousa:"])
    assert ((1,), (1,)) in pairs(same)
    assert _handles("@asahi_chousa:") == {"@asahi_chousa"}
    assert _handles("@Jst5ald [7]: العرب يتحسرون على عدم بلوغهم الفضاء") is None
    assert _handles("Tinystar323 schreibt:") is None  # says who, and that they write
    assert _handles("(David Morel @photomorel)") is None


def test_parameters_are_json_serialisable():
    params = AlignmentParameters()
    data = json.loads(json.dumps(params.as_dict()))
    assert data["max_group"] == 3
    assert AlignmentParameters(**data) == params
    assert align(side(0), side(0), parameters=params).parameters is params


finite = st.floats(min_value=-1, max_value=1, allow_nan=False, width=32)


@st.composite
def random_pair(draw):
    n = draw(st.integers(0, 12))
    m = draw(st.integers(0, 12))
    d = draw(st.integers(2, 6))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((n, d)).astype(np.float32)
    b = rng.standard_normal((m, d)).astype(np.float32)
    if n and m and draw(st.booleans()):  # make some sentences translations of each other
        k = draw(st.integers(1, min(n, m)))
        b[:k] = a[rng.permutation(n)[:k]] + 0.1 * rng.standard_normal((k, d)).astype(np.float32)
    if draw(st.booleans()) and n:
        a[draw(st.integers(0, n - 1))] = 0.0  # a zero vector must not break anything
    pa = sorted(draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)))
    pb = sorted(draw(st.lists(st.integers(0, 3), min_size=m, max_size=m)))
    texts = draw(st.booleans())
    ta = ["x" * draw(st.integers(0, 200)) for _ in range(n)] if texts else None
    tb = ["y" * draw(st.integers(0, 200)) for _ in range(m)] if texts else None
    return a, b, pa, pb, ta, tb


@settings(max_examples=300, deadline=None)
@given(random_pair())
def test_every_sentence_is_covered_exactly_once(case):
    a, b, pa, pb, ta, tb = case
    result = align(a, b, paragraphs_a=pa, paragraphs_b=pb, texts_a=ta, texts_b=tb)
    assert_covers(result, len(a), len(b))
    assert all(isinstance(link, Link) for link in result.links)


@settings(max_examples=100, deadline=None)
@given(random_pair())
def test_the_result_does_not_depend_on_how_many_rows_are_computed_at_once(case):
    a, b, pa, pb, ta, tb = case
    whole = align(a, b, paragraphs_a=pa, paragraphs_b=pb, texts_a=ta, texts_b=tb)
    with mock.patch.object(alignment, "_BLOCK_CELLS", 1):  # one DP row a block
        by_row = align(a, b, paragraphs_a=pa, paragraphs_b=pb, texts_a=ta, texts_b=tb)
    assert by_row.links == whole.links
    assert (by_row.additions_a, by_row.additions_b) == (whole.additions_a, whole.additions_b)


def long_translation(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, list, list]:
    """A translated article of `n` sentences: most one to one, some split in two, some left
    out on either side; with each side's texts (their lengths count)."""
    a = rng.standard_normal((n, DIM)).astype(np.float32)
    b, texts_b = [], []
    for i in range(n):
        if i % 17 == 5:
            continue  # left out by B
        if i % 31 == 9:
            b.append(rng.standard_normal(DIM).astype(np.float32))  # B's own sentence
            texts_b.append("y" * 60)
        if i % 23 == 7:  # split in two
            for half in (a[i] + rng.standard_normal(DIM), a[i] + rng.standard_normal(DIM)):
                b.append(half.astype(np.float32))
                texts_b.append("y" * 50)
        else:
            b.append((a[i] + 0.3 * rng.standard_normal(DIM)).astype(np.float32))
            texts_b.append("y" * 90)
    return a, np.stack(b), ["x" * 90] * n, texts_b


def test_a_long_pair_is_aligned_piece_by_piece_with_the_links_of_the_whole():
    a, b, texts_a, texts_b = long_translation(np.random.default_rng(11), 300)
    whole = align(
        a, b, texts_a=texts_a, texts_b=texts_b,
        parameters=AlignmentParameters(anchor_cells=10**12),
    )  # fmt: skip
    with mock.patch.object(alignment, "_monotone_dp", wraps=alignment._monotone_dp) as one_dp:
        pieces = align(
            a, b, texts_a=texts_a, texts_b=texts_b,
            parameters=AlignmentParameters(anchor_cells=0, anchor_spacing=10),
        )  # fmt: skip
    assert one_dp.call_count == 0  # cut at anchors, the pieces' DPs run together
    assert [(link.a, link.b, link.kind) for link in pieces.links] == [
        (link.a, link.b, link.kind) for link in whole.links
    ]
    assert [link.score for link in pieces.links] == pytest.approx(
        [link.score for link in whole.links]
    )
    assert pieces.additions_a == whole.additions_a and pieces.additions_b == whole.additions_b


def test_pieces_done_together_or_one_by_one_give_the_same_links():
    a, b, texts_a, texts_b = long_translation(np.random.default_rng(5), 120)
    ea, eb = alignment._normalise(a), alignment._normalise(b)
    s = ea @ eb.T
    la = np.array([len(t) for t in texts_a], dtype=float)
    lb = np.array([len(t) for t in texts_b], dtype=float)
    wa, wb = np.sqrt(la + 1) / np.sqrt(la + 1).mean(), np.sqrt(lb + 1) / np.sqrt(lb + 1).mean()
    pa, pb = np.zeros(len(a), dtype=int), np.arange(len(b)) // 7
    p = AlignmentParameters()
    ratio = alignment._doc_ratio(la, lb)
    pieces = [(0, 30, 0, 28), (31, 58, 29, 60), (60, 90, 61, 88), (91, 120, 89, len(b))]
    pair = alignment._Pair(s, ea, eb, wa, wb, pa, pb, la, lb)
    together = alignment._pieces_dp(pair, p, pieces, ratio)
    with mock.patch.object(alignment, "_BATCH_CELLS", 1):  # too many cells to hold at once
        assert alignment._pieces_dp(pair, p, pieces, ratio) == together
    for (i0, i1, j0, j1), links in zip(pieces, together, strict=True):
        alone = alignment._monotone_dp(pair.piece(i0, i1, j0, j1), p, ratio)
        assert links, "each piece holds links"
        assert [(x, y) for x, y, _, _ in links] == [
            (tuple(i + i0 for i in x), tuple(j + j0 for j in y)) for x, y, _, _ in alone
        ]


def test_a_passage_told_elsewhere_does_not_cut_a_long_pair():
    # B tells A's sentences 0-2 last: the longest chain in reading order is the rest.
    pairs_found = [(0, 50), (1, 51), (2, 52), (3, 0), (4, 1), (5, 2), (6, 3)]
    assert alignment._longest_chain(pairs_found) == [(3, 0), (4, 1), (5, 2), (6, 3)]
    assert alignment._longest_chain([]) == []


# ------------------------------------------------------------------------------------------ seed
# pair


def _segment(path: Path, language: str) -> tuple[list[str], list[int]]:
    """Sentences and their paragraph numbers, as the app cuts them (`compare.text.segment`)."""
    sentences, paragraphs = [], []
    for number, paragraph in enumerate(segment(path.read_text(encoding="utf-8"), language)):
        for span in paragraph.sentences:
            sentences.append(span.text)
            paragraphs.append(number)
    return sentences, paragraphs


def test_seed_press_pair():
    it, par_it = _segment(SEEDS / "it-roscosmos-cnsa-ilrs.txt", "it")
    fr, par_fr = _segment(SEEDS / "fr-roscosmos-cnsa-ilrs.txt", "fr")
    assert len(it) == 14
    result = align(
        encode(it), encode(fr), paragraphs_a=par_it, paragraphs_b=par_fr, texts_a=it, texts_b=fr
    )
    assert_covers(result, len(it), len(fr))

    def i(prefix: str) -> int:
        return next(k for k, s in enumerate(it) if s.startswith(prefix))

    def f(prefix: str) -> list[int]:
        return [k for k, s in enumerate(fr) if s.startswith(prefix)]

    required = {
        (i("Dmitry Rogozin, direttore"), f("Dmitry Rogozine, directeur")[0]),
        (i("La Roscosmos e CNSA"), f("La société d'État de Roscosmos")[0]),
        (i("La Stazione Lunare"), f("La Station lunaire")[0]),
        (i("Nell'ambito del progetto"), f("Dans le cadre du projet")[0]),
        (i("La Russia e la Cina tradizionalmente"), f("La Russie et la Chine s'efforcent")[0]),
        (i("Ad oggi"), f("À ce jour")[0]),
    }
    got = {(link.a, link.b) for link in result.links}
    for a_index, b_index in required:
        assert ((a_index,), (b_index,)) in got
    optional = {(i("Nelle immagini"), j) for j in f("Les différentes parties prenantes")}
    optional |= {(i("Credit"), j) for j in f("Source et crédits")}
    title = f("La Russie et la Chine ont signé")[0]
    for link in result.links:
        pair = (link.a, link.b)
        if pair in {((x,), (y,)) for x, y in required | optional}:
            continue
        # anything else may only be the French title, and never linked to "Ecco il comunicato"
        assert link.b == (title,) and link.a != (i("Ecco il comunicato"),), (
            link,
            it[link.a[0]],
            fr[link.b[0]],
        )

    must_a = [
        i("Ecco il comunicato"),
        i("La Russia, con questo accordo"),
        i("La Cina ha proposto"),
        i("Ne la Cina ne la Russia"),
        i("A questo punto"),
    ]
    assert set(must_a) <= set(result.additions_a)
    must_b = (
        f("Cette signature")
        + f("Ou bien cet accord")
        + f("Dmitry Rogozine lors")
        + f("Youri Ourlichich")
    )
    must_b += f("Mikhail Khailov") + f("Participait également")
    assert len(must_b) == 10
    assert set(must_b) <= set(result.additions_b)


def test_a_credit_is_not_linked_to_a_caption_that_names_the_same_agency():
    # A BBC-style page against a Spanish daily's (see tests/test_structure.py): the encoder puts
    # "Image source, Roscosmos" as close to the Spanish caption (0.50) as the English caption
    # is; the caption's own kind decides.
    a = [
        ("Russia and China plan joint Moon base", "title"),
        ("Image source, Roscosmos", "credit"),
        ("Roscosmos head Dmitry Rogozin took part in the signing by video link", "picture"),
        ("Russia and China have signed a deal to build a research station on the Moon.", "text"),
    ]
    b = [
        ("Rusia y China se alían para construir una base en la Luna", "title"),
        ("Dmitri Rogozin, director de Roscosmos, en una imagen de archivo.", "picture"),
        ("SERGEI ILNITSKY (EFE)", "credit"),
        ("Rusia y China construirán juntas una estación científica en la Luna.", "text"),
    ]
    result = align(
        encode([t for t, _ in a]),
        encode([t for t, _ in b]),
        kinds_a=[k for _, k in a],
        kinds_b=[k for _, k in b],
        texts_a=[t for t, _ in a],
        texts_b=[t for t, _ in b],
        paragraphs_a=range(len(a)),  # each its own paragraph, as on the pages
        paragraphs_b=range(len(b)),
    )
    assert ((2,), (1,)) in pairs(result)
    assert not any(1 in link.a for link in result.links)
