"""Cross-lingual sentence alignment of two articles: what they share, and what each one adds.

Pure module: numpy and `compare.folding` only, no Django, no model, no I/O.  Input: the two
sides' sentence embeddings (any multilingual sentence encoder; rows are re-normalised here),
optionally their paragraph indices and their texts (used for their *lengths* and to tell a
line with no word; nothing is encoded here).  Output: links (1:1, 1:2, 2:1, 1:3, 3:1, 2:2
groups of consecutive sentences, possibly crossing the reading order) plus the sentences of
each side that have no counterpart ("additions").

Method: four steps; every threshold is in `AlignmentParameters`, with its reason
---------------------------------------------------------------------------------

1. Similarities.  ``S = A @ B.T`` (cosines).  A group of consecutive sentences is represented by
   the re-normalised, length-weighted sum of its sentence embeddings (weight ``len(text) ** 0.5``
   when texts are given, else 1), so the cosine of any pair of groups comes from ``S`` and the
   group norms, without an encoder (Bertalign and Vecalign encode every concatenated window
   instead, about 3x the encoding work).  For each sentence we keep the mean of its ``k`` best
   cosines: the neighbourhood term of the margin score of Artetxe & Schwenk (2019),
   ``margin(i, j) = S[i, j] - (r_a[i] + r_b[j]) / 2``.  The margin tells "best match because it
   is the translation" from "best match of a sentence that vaguely resembles everything".

2. Monotone DP with m:n groups (translation behaviour).  One dynamic programme over the full
   n x m grid, in the spirit of Vecalign (Thompson & Koehn 2019) and of Bertalign's second step
   (Liu & Zhu 2022): maximise the sum of link gains, where a gain is the group cosine minus a
   small penalty per extra sentence and minus a length-ratio penalty (Gale & Church's
   observation, also used by Bertalign: a translation keeps about the document's length ratio);
   leaving a sentence out costs a constant.  The DP therefore links generously inside parallel
   passages, which Text+Berg needs (gold 1:1 pairs at cosine 0.25 exist, between clear pairs).
   Groups never span a paragraph boundary (a sentence split in translation stays in its
   paragraph).  The gains do not depend on the DP's state: they are computed in 2-D for blocks
   of rows at once.  The recurrence is vectorised per row: the only same-row dependency
   (skipping a B sentence) is a running maximum (``np.maximum.accumulate``), so it costs
   O(n * m * shapes) numpy work and one int8 back-pointer per cell, with no band approximation.
   A long pair (over ``anchor_cells`` sentence pairs; never a press article) is cut first at
   anchors, the middles of runs of five sentences translated one by one (each pair the other's
   best match over the whole article, cosine 0.55 or more), which the whole DP's path links one
   to one; the DP then runs on the pieces between them only, all pieces a row at a time.  Each
   gain is summed from its own sentences only, so a piece's gains are the whole's, number for
   number: on the benchmarks' long pairs (1,000 to 5,000 sentences a side, Text+Berg's 1,459 x
   1,565) the links are those of the whole DP, and at 1,000 x 1,000 `align` takes half the time.

3. Support filter (press behaviour).  SentAlign (Steingrimsson et al. 2023) leaves low-similarity
   pairs unaligned with a global cutoff; here the decision is made by context instead.  A link is
   *strong* when its cosine and its margin are both clearly high.  A weak link must be locally
   the best pair of its row or of its column (within ``local_window`` sentences): otherwise the
   DP is pairing two passages off by one.  A run of weak links then survives only when it is
   tightly chained to its neighbouring links on the DP path (every gap at most ``support_gap``
   sentences on each side, ``edge_support_gap`` at the start or end of the path) and has at
   least one neighbour.  In a translation, weak pairs sit between strong ones with no gap, so
   they stay; in a press pair, the DP's forced pairing of two unrelated passages (commentary
   against captions) gives runs of weak links far from any strong one, which are dropped:
   those sentences become additions.  A run at the start or end of the path, supported from one
   side only, also needs every cosine above ``edge_similarity``.

   Then the two headlines (each side's first title, above its text), if the filter left them
   apart: they stand in the same place on both pages, which supports them as a neighbour
   supports a faint link at the start of the path, so they link when each is the other's best
   title with a cosine of at least ``edge_similarity`` (a byline or a picture under a headline
   keeps it from touching the first link of the text).

4. Moved content.  An order-bound DP cannot link content that moved.  Among the sentences still
   unaligned, a pair that are each other's best match over the *whole* other article (mutual
   nearest neighbours, the anchors of Bertalign's first step) with a high cosine and margin are
   linked anyway, flagged ``moved=True`` when the link crosses a link of the monotone path.

5. Shared parts.  A sentence still alone whose best match over the whole other article is
   already linked elsewhere shares part of that sentence's content (one German sentence's
   figure inside a longer French sentence far away): it joins that link, which becomes
   ``partial``.  Such a link may hold sentences that are not consecutive.

A line with no word has no content to share: one that says only who speaks (``@asahi_chousa:``,
handles or web addresses and punctuation), or stray marks (``! ``, ``141``, OCR debris).
Encoders put such lines close together whatever they name (``@asahi_chousa:`` and
``@tsuyoshi_ide:`` score 0.75), so such a line links only a sentence that names the same handles
(the same account's line, or its tweet quoted with it) or, with no handle, the same text; never
by similarity alone.  This needs the texts (press corpus: two wrong links of independent reports
gone; Text+Berg: strict F1 unchanged, one-sided F1 0.556 -> 0.583).

What a sentence is on its page matters too (``kinds_a``/``kinds_b``, from the paragraph roles:
running text, a title, a picture's caption, a credit, page furniture): furniture never links,
and a pair of different kinds has ``cross_kind_penalty`` taken off its cosine, so a caption
links running text only when clearly similar, and a credit ("Image source, Roscosmos") a
caption that names the same agency only when it says more.

Why not one cutoff: on Text+Berg gold 1:1 pairs have a median cosine of 0.62, 6.6% below 0.4,
while half of the gold one-sided sentences have a best match at 0.4 or more; on the seed press
pair unrelated sentences reach 0.55.  Steps 2 and 3 separate them by context (neighbouring links,
order, margin) rather than by value alone.

Measured with USE multilingual v3 (``python -m benchmarks.textberg``, test0..6, texts given):
strict F1 0.913, lax F1 0.99, one-sided F1 0.57; on the press corpus
(``python -m benchmarks.press.evaluate``) see the README.  Seed pair: the six communique links
and the credit lines; everything else unlinked.  Time and memory are O(n * m).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass

import numpy as np

from compare.folding import ADDRESS


@dataclass(frozen=True)
class AlignmentParameters:
    """Every threshold of the aligner, with its reason.  Tuned on Text+Berg dev and the seed."""

    # Largest group on one side: a sentence split in two or three in the other language (1:3 is in
    # the gold).
    max_group: int = 3
    # Also allow 2:2 groups (two sentences re-cut differently); they are 3-5% of Text+Berg gold
    # beads and removing them costs ~1 point of strict F1.
    allow_two_two: bool = True
    # k of the margin's neighbourhood mean (Artetxe & Schwenk use k=4): small enough to stay local.
    neighbours: int = 4
    # Floor of any link's (group) cosine: two unrelated sentences left in the same one-sentence gap
    # between strong links would otherwise be paired by the generous DP.  Costs 0.001 strict F1 on
    # Text+Berg (0.921 at 0.0, 0.920 at 0.1, 0.918 at 0.2), protects press pairs from near-zero
    # pairings.
    min_similarity: float = 0.1
    # Cost of leaving one sentence without counterpart in the DP.  With gains equal to cosines, 0.15
    # means "link two sentences rather than skip both if their cosine beats -0.3 minus penalties":
    # generous on purpose, because step 3 (support filter) removes the weak links that have no
    # context.
    skip_cost: float = 0.15
    # Penalty per extra sentence in a group: a split is preferred over a 1:1 + skip only if it adds
    # content (the fragment's cosine contribution), otherwise 1:1 wins; 2 x 1:1 beats 2:2 unless
    # clearly better. 0.08 rather than 0.03: at 0.03 two runs of short quoted tweets paired as
    # 2:2 groups where each tweet has its own counterpart (press corpus link precision 0.85 ->
    # 0.88; Text+Berg strict F1 0.918 -> 0.913).
    group_penalty: float = 0.08
    # Length-ratio penalty: weight * |log((len_a + s) / (len_b + s)) - document log-ratio|. Only
    # with texts. With length_exponent, texts move strict F1 on Text+Berg from 0.87 to 0.92 (groups
    # of a long sentence with a short fragment).
    length_weight: float = 0.3
    # Smoothing (characters) of that ratio, so that very short lines (titles, "Credit: ...") are not
    # punished.
    length_smoothing: float = 20.0
    # Group embedding = sum of len(text) ** exponent * sentence embedding: a long sentence carries
    # more content than a 3-word fragment.  0.5 halves the dilution of a group by a short fragment.
    # Only with texts.
    length_exponent: float = 0.5
    # A link is "strong" (supports its neighbours, never filtered) from this cosine ...
    strong_similarity: float = 0.45
    # ... and this margin over the sentences' neighbourhoods (>= 0: it beats the average of their
    # top-k).
    strong_margin: float = 0.0
    # A weak link needs every gap to its neighbouring links <= this many sentences on each side (a
    # one-sided sentence or two may sit between links in a translation; a whole caption block may
    # not).
    support_gap: int = 2
    # Same, for a run of weak links at the start or end of the path: it has a neighbour on one side
    # only, so it must touch it (no cost on Text+Berg; keeps a press tail from latching on).
    edge_support_gap: int = 0
    # ... and each of its links needs at least this cosine: with a neighbour on one side only, a
    # faint pair (an editor's note above one translation, "UPDATE: the competition has ended",
    # against another above the other) is not supported enough. Text+Berg strict F1: 0.913
    # without it, at 0.3 and at 0.35, 0.914 at 0.4; press corpus link precision 0.926 -> 0.931.
    # The two headlines need as much (`_add_headlines`).
    edge_similarity: float = 0.35
    # Longest run of consecutive weak links kept between strong ones (a difficult translated
    # passage).
    max_weak_run: int = 8
    # Moved (crossing) links: mutual best match over the whole article with at least this cosine;
    # the seed's true links score 0.63-0.88 and unrelated sentences rarely pass 0.55.
    moved_similarity: float = 0.5
    # ... and this margin, so that a hub sentence that resembles everything is not "moved".
    moved_margin: float = 0.08
    # A pair of different kinds (`KINDS`: a caption against running text, a title against a
    # caption) has this much taken off its cosine: it links only when clearly similar.
    cross_kind_penalty: float = 0.2
    # A weak link must be the best pair of its row or of its column within this many sentences
    # (step 3): the DP otherwise pairs two passages off by one.
    local_window: int = 3
    # Step 5: a sentence left alone joins the link of its best match elsewhere, as a partial
    # link, from this cosine (and `moved_margin` over the neighbourhoods); 1.0 turns it off.
    part_similarity: float = 0.6
    # kind = "match" from this cosine, else "partial" (related, clearly reworded, abridged or
    # expanded); ~10% of Text+Berg gold 1:1 pairs (faithful translations) are below 0.5.
    match_similarity: float = 0.5
    # Step 2 on a long pair (more than this many sentence pairs; 500 x 500, never a press
    # article): the DP runs piece by piece between anchors, ...
    anchor_cells: int = 250_000
    # ... an anchor being the middle one of consecutive pairs that are each other's best match
    # over the whole other article with at least this cosine, ...
    anchor_similarity: float = 0.55
    # ... `anchor_run` of them before it and as many after (five sentences translated one by
    # one: the whole DP's path goes through it; with three in a row at 0.6, one anchor of 73 in
    # the benchmarks' pairs was off that path), ...
    anchor_run: int = 2
    # ... and the anchors that cut being at least this many sentences apart on each side.
    anchor_spacing: int = 40

    def as_dict(self) -> dict:
        """JSON-serialisable dict of all parameters (stored with each result)."""
        return asdict(self)


@dataclass(frozen=True)
class Link:
    """One link: sorted, consecutive sentence indices on each side."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float  # cosine of the two (length-weighted) group embeddings, in [-1, 1]
    kind: str  # "match" or "partial"
    moved: bool  # crosses the reading order of the other links


@dataclass(frozen=True)
class Alignment:
    """Links ordered by min(a); each sentence is in exactly one link or in the additions.

    `best_a[i]` is the highest cosine of A's sentence i with any sentence of B (and `best_b`
    the other way round): how close the nearest candidate of an addition came.
    """

    links: tuple[Link, ...]
    additions_a: tuple[int, ...]
    additions_b: tuple[int, ...]
    parameters: AlignmentParameters
    best_a: np.ndarray
    best_b: np.ndarray


# Internal link representation: (a indices, b indices, score, moved-candidate)
_RawLink = tuple[tuple[int, ...], tuple[int, ...], float, bool]


def align(
    embeddings_a: np.ndarray,
    embeddings_b: np.ndarray,
    *,
    paragraphs_a: Sequence[int] | None = None,
    paragraphs_b: Sequence[int] | None = None,
    parameters: AlignmentParameters | None = None,
    texts_a: Sequence[str] | None = None,
    texts_b: Sequence[str] | None = None,
    kinds_a: Sequence[str] | None = None,
    kinds_b: Sequence[str] | None = None,
) -> Alignment:
    """Align the sentences of two articles.

    Args:
        embeddings_a: (n, d) float array, one sentence embedding per row (L2-normalised or not).
        embeddings_b: (m, d) float array, same encoder as A.
        paragraphs_a / paragraphs_b: paragraph index of each sentence (n / m ints); groups never
        span two
            paragraphs.  None = one paragraph.
        parameters: thresholds; default :class:`AlignmentParameters`.
        texts_a / texts_b: optional sentence texts, used for their lengths in characters
            (length-ratio penalty and length-weighted group embeddings) and to tell the lines
            with no word (`_handles`).  Both must be given to have an effect.

    Returns:
        :class:`Alignment` whose links and additions cover each index of A and of B exactly once.

    Raises:
        ValueError: if the embeddings are not 2-D, their dimensions differ, or a paragraph/text
        sequence
            does not have one entry per sentence.  Empty sides are fine (all the other side are
            additions).
    """
    p = parameters or AlignmentParameters()
    ea = _as_matrix(embeddings_a, "embeddings_a")
    eb = _as_matrix(embeddings_b, "embeddings_b")
    n, m = ea.shape[0], eb.shape[0]
    if n and m and ea.shape[1] != eb.shape[1]:
        raise ValueError(
            f"embedding dimensions differ: side A has {ea.shape[1]}, side B has {eb.shape[1]} "
            "(both sides must be encoded with the same model)"
        )
    pa = _per_sentence(paragraphs_a, n, "paragraphs_a")
    pb = _per_sentence(paragraphs_b, m, "paragraphs_b")
    la = _lengths(texts_a, n, "texts_a")
    lb = _lengths(texts_b, m, "texts_b")
    if n == 0 or m == 0:
        return Alignment(
            (), tuple(range(n)), tuple(range(m)), p, np.full(n, np.nan), np.full(m, np.nan)
        )

    ea = _normalise(ea)
    eb = _normalise(eb)
    s = ea @ eb.T  # (n, m) float32 cosines, weighed in place below (no copy of n x m floats)
    best_a, best_b = s.max(axis=1), s.max(axis=0)  # of the plain cosines
    ka, kb = _kinds(kinds_a, n, "kinds_a"), _kinds(kinds_b, m, "kinds_b")
    _weigh_kinds(s, ka, kb, p)
    if texts_a is not None and texts_b is not None:
        _refuse_empty_pairs(s, texts_a, texts_b)
    ra = _top_k_mean(s, p.neighbours, axis=1)  # (n,) neighbourhood of each A sentence
    rb = _top_k_mean(s, p.neighbours, axis=0)  # (m,)

    use_lengths = la is not None and lb is not None
    wa = (la + 1.0) ** p.length_exponent if use_lengths else np.ones(n)
    wb = (lb + 1.0) ** p.length_exponent if use_lengths else np.ones(m)
    wa, wb = wa / wa.mean(), wb / wb.mean()

    # Each sentence's best match over the whole other article, for the anchors of a long pair
    # and for steps 4 and 5.
    nearest = _Nearest(of_a=s.argmax(axis=1), of_b=_argmax_down(s))
    pair = _Pair(
        s, ea, eb, wa, wb, pa, pb, la if use_lengths else None, lb if use_lengths else None
    )
    links = _anchored_dp(pair, nearest, p)
    links = _support_filter(links, s, ra, rb, p)
    links = _add_headlines(s, links, ka, kb, p)
    links = _add_moved(s, ra, rb, links, nearest, p)
    links, parts = _add_shared_parts(s, ra, rb, links, nearest, ea, eb, wa, wb, p)
    return _finish(links, n, m, p, parts=parts, best_a=best_a, best_b=best_b)


# ---------------------------------------------------------------------------------------------
# inputs


def _as_matrix(x: np.ndarray, name: str) -> np.ndarray:
    arr = np.asarray(x, dtype=np.float32)
    if arr.ndim == 1 and arr.size == 0:  # [] for an empty side
        return arr.reshape(0, 0)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (sentences, dims); got shape {arr.shape}")
    return arr


def _per_sentence(values: Sequence[int] | None, count: int, name: str) -> np.ndarray:
    if values is None:
        return np.zeros(count, dtype=np.int64)
    arr = np.asarray(list(values), dtype=np.int64)
    if arr.shape != (count,):
        raise ValueError(f"{name} must have one entry per sentence ({count}); got {arr.shape[0]}")
    return arr


def _lengths(texts: Sequence[str] | None, count: int, name: str) -> np.ndarray | None:
    if texts is None:
        return None
    if len(texts) != count:
        raise ValueError(f"{name} must have one entry per sentence ({count}); got {len(texts)}")
    return np.array([len(t) for t in texts], dtype=np.float64)


# What a sentence is on the page, as far as linking goes (`kinds_a`, `kinds_b`): running text,
# a title, a picture's caption, a credit (of a picture, or the author's), or page furniture
# (promos, polls).
KINDS = ("text", "title", "picture", "furniture", "credit")


def _kinds(values: Sequence[str] | None, count: int, name: str) -> np.ndarray | None:
    """The kinds as their positions in `KINDS` (small integers compare fast in numpy)."""
    if values is None:
        return None
    values = list(values)
    if len(values) != count:
        raise ValueError(f"{name} must have one entry per sentence ({count}); got {len(values)}")
    unknown = set(values) - set(KINDS)
    if unknown:
        raise ValueError(f"{name}: unknown kinds {sorted(unknown)}; known: {', '.join(KINDS)}")
    return np.array([KINDS.index(kind) for kind in values], dtype=np.int8)


def _weigh_kinds(
    s: np.ndarray, kinds_a: np.ndarray | None, kinds_b: np.ndarray | None, p: AlignmentParameters
) -> None:
    """Weigh the cosines `s` in place as the aligner weighs them: page furniture never links,
    and a pair of different kinds (a caption against running text) must be clearly similar to
    link."""
    if kinds_a is None or kinds_b is None:
        return
    s[kinds_a[:, None] != kinds_b[None, :]] -= np.float32(p.cross_kind_penalty)
    furniture = KINDS.index("furniture")
    s[kinds_a == furniture, :] = -1.0
    s[:, kinds_b == furniture] = -1.0


# A handle (@user) or a web address: it names who speaks or where, not what is said.
_HANDLE = re.compile(r"(?<!\w)@\w+")


def _handles(text: str) -> frozenset[str] | None:
    """The handles and addresses of a line that holds nothing else (no letter once they are
    taken out: "@asahi_chousa:", "@Kenji_Hall:"), lower-cased; None for a line with content."""
    if "@" not in text and "://" not in text and "www." not in text.casefold():
        return None if any(map(str.isalpha, text)) else frozenset()  # most lines: no handle at all
    names = [m.casefold() for m in (*_HANDLE.findall(text), *ADDRESS.findall(text))]
    rest = ADDRESS.sub(" ", _HANDLE.sub(" ", text))
    if any(map(str.isalpha, rest)):
        return None
    return frozenset(names)


def _refuse_empty_pairs(s: np.ndarray, texts_a: Sequence[str], texts_b: Sequence[str]) -> None:
    """Set to -1, in the cosines `s`, every pair of a content-free line (`_handles`) and a
    sentence that does not name all its handles (or, for a line with no handle, is not the same
    text): such a line never links by similarity alone (module docstring)."""
    empty_a = {i: h for i, text in enumerate(texts_a) if (h := _handles(text)) is not None}
    empty_b = {j: h for j, text in enumerate(texts_b) if (h := _handles(text)) is not None}
    for own, texts, others, on_rows in (
        (empty_a, texts_a, texts_b, True),
        (empty_b, texts_b, texts_a, False),
    ):
        if not own:
            continue
        stripped = [text.strip() for text in others]
        folded = [text.casefold() for text in others]
        for k, handles in own.items():
            mine = texts[k].strip()
            unlike = np.array(
                [
                    not all(h in named for h in handles) if handles else text != mine
                    for text, named in zip(stripped, folded, strict=True)
                ]
            )
            if on_rows:
                s[k, unlike] = -1.0
            else:
                s[unlike, k] = -1.0


def _normalise(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0  # a zero vector stays zero (cosine 0 with everything)
    return (x / norms).astype(np.float32)


def _argmax_down(s: np.ndarray) -> np.ndarray:
    """``s.argmax(axis=0)``, the same indices, a row at a time: numpy's argmax down the
    columns of a row-major array first copies all of it transposed (at 5000 x 5000, 100 MB
    and five times the time). A later row takes a column only with a greater value, so the
    first maximum wins, as with argmax. A NaN, which argmax takes for the maximum and the
    column maxima keep, is left to argmax, and so is an empty axis."""
    n, m = s.shape
    if n == 0 or np.isnan(s.max(axis=0)).any():
        return s.argmax(axis=0)
    best = s[0].copy()
    where = np.zeros(m, dtype=np.intp)
    better = np.empty(m, dtype=bool)
    for i in range(1, n):
        np.greater(s[i], best, out=better)
        np.copyto(best, s[i], where=better)
        np.copyto(where, i, where=better)
    return where


def _top_k_mean(s: np.ndarray, k: int, axis: int) -> np.ndarray:
    """Mean of the k largest cosines of each row (axis=1) or column (axis=0)."""
    size = s.shape[axis]
    k = max(1, min(k, size))
    part = np.partition(s, size - k, axis=axis)
    top = part[size - k :, :] if axis == 0 else part[:, size - k :]
    return top.mean(axis=axis).astype(np.float64)


# ------------------------------------------------------------------------------------- group
# geometry


def _group_norms(x: np.ndarray, w: np.ndarray, max_group: int) -> list[np.ndarray]:
    """norms[k][i] = |w[i-k] x[i-k] + ... + w[i-1] x[i-1]| for i >= k (i = sentences consumed),
    each group added first to last from its own sentences only (a piece of a long pair, see
    `_anchored_dp`, gets the norms of the whole)."""
    n, dim = x.shape
    weighted = x * w[:, None]
    group = np.empty((n, dim))  # group[q] = weighted[q] + ... + weighted[q + k - 1]
    squares = np.empty((n, dim))  # one buffer for every k
    out = [np.ones(n + 1)]
    for k in range(1, max_group + 1):
        nk = np.ones(n + 1)
        if n >= k:
            sums = group[: n + 1 - k]
            if k == 1:
                np.copyto(sums, weighted)
            else:
                sums += weighted[k - 1 :]
            # |group| reduced as np.linalg.norm(axis=1) reduces it
            d = squares[: n + 1 - k]
            np.multiply(sums, sums, out=d)
            np.sqrt(np.add.reduce(d, axis=1), out=nk[k:])
        out.append(np.maximum(nk, 1e-9))
    return out


def _same_paragraph(paragraphs: np.ndarray, k: int) -> np.ndarray:
    """ok[i] (i >= k): sentences i-k .. i-1 all belong to one paragraph."""
    n = len(paragraphs)
    ok = np.zeros(n + 1, dtype=bool)
    if n >= k:
        breaks = np.concatenate(
            [[0], np.cumsum(paragraphs[1:] != paragraphs[:-1])]
        )  # paragraph-break count
        ok[k:] = breaks[k - 1 :] == breaks[: n - k + 1]
    return ok


def _group_sim(
    ea: np.ndarray,
    eb: np.ndarray,
    a: Sequence[int],
    b: Sequence[int],
    wa: np.ndarray,
    wb: np.ndarray,
) -> float:
    # A sentence alone: the same numbers as the sum of one, without indexing by a list.
    va = wa[a[0]] * ea[a[0]] if len(a) == 1 else wa[list(a)] @ ea[list(a)]
    vb = wb[b[0]] * eb[b[0]] if len(b) == 1 else wb[list(b)] @ eb[list(b)]
    return float(va @ vb / (np.linalg.norm(va) * np.linalg.norm(vb) + 1e-12))


def _shapes(p: AlignmentParameters) -> list[tuple[int, int]]:
    shapes = [(1, 1)]
    for k in range(2, p.max_group + 1):
        shapes += [(1, k), (k, 1)]
    if p.allow_two_two and p.max_group >= 2:
        shapes.append((2, 2))
    return shapes


# ----------------------------------------------------------------------------------------------
# steps


@dataclass(frozen=True)
class _Pair:
    """What step 2 reads of a pair, or of a piece of one: the cosines `s`, both sides'
    normalised embeddings, length weights and paragraph indices, and their lengths in
    characters (None without texts)."""

    s: np.ndarray
    ea: np.ndarray
    eb: np.ndarray
    wa: np.ndarray
    wb: np.ndarray
    pa: np.ndarray
    pb: np.ndarray
    la: np.ndarray | None
    lb: np.ndarray | None

    def piece(self, i0: int, i1: int, j0: int, j1: int) -> _Pair:
        """A's sentences i0 .. i1 - 1 with B's j0 .. j1 - 1 (views, no copy)."""
        return _Pair(
            self.s[i0:i1, j0:j1], self.ea[i0:i1], self.eb[j0:j1], self.wa[i0:i1],
            self.wb[j0:j1], self.pa[i0:i1], self.pb[j0:j1],
            None if self.la is None else self.la[i0:i1],
            None if self.lb is None else self.lb[j0:j1],
        )  # fmt: skip


# DP rows whose link gains `_gain_blocks` computes together: about this many cells a block, so
# that each of its float64 arrays takes 1 MiB whatever the size of the articles.
_BLOCK_CELLS = 1 << 17


def _gain_blocks(
    pair: _Pair,
    shapes: list[tuple[int, int]],
    p: AlignmentParameters,
    doc_ratio: float | None = None,
) -> Iterator[tuple[int, np.ndarray, np.ndarray, list[list[bool]]]]:
    """Step 2's link gains, a block of DP rows at a time: a gain depends on where the link is,
    never on the DP's state, so it is computed in 2-D over many rows at once.

    Yields (start, gains, linkable, allowed) for the rows i = start + r.  gains[t, r, j] is the
    gain of the link of shape t = (ka, kb) that ends at (i, j), that is A's sentences
    i-ka .. i-1 with B's j-kb .. j-1; linkable[t, r, j] says whether its group cosine is above
    `min_similarity` and its B group within one paragraph; allowed[r][t] whether a link of
    shape t may end on row i at all (i >= ka, its A group within one paragraph, kb <= m).
    Elsewhere, and for j < kb, the arrays hold no meaningful value; they are reused from one
    block to the next.  Each gain is computed element by element from its own sentences only,
    its sums in a fixed order (A's rows first to last, then B's columns first to last), so the
    DP's result depends neither on the size of the blocks nor on where the rows and columns
    start: a piece of a long pair (`_anchored_dp`) gets the very gains of the whole.
    """
    s, ea, eb, wa, wb, pa, pb, la, lb = (
        pair.s, pair.ea, pair.eb, pair.wa, pair.wb, pair.pa, pair.pb, pair.la, pair.lb
    )  # fmt: skip
    n, m = s.shape
    g = max(1, p.max_group)
    na = _group_norms(ea, wa, g)
    nb = _group_norms(eb, wb, g)
    ok_a = [np.zeros(0)] + [_same_paragraph(pa, k) for k in range(1, g + 1)]
    # Per B group size k, the columns j - k (j >= k) whose group spans two paragraphs
    split_b = [np.zeros(0)] + [np.flatnonzero(~_same_paragraph(pb, k)[k:]) for k in range(1, g + 1)]
    lengths = la is not None and lb is not None
    if lengths:
        cla = np.concatenate([[0.0], np.cumsum(la)])
        clb = np.concatenate([[0.0], np.cumsum(lb)])
        if doc_ratio is None:  # e.g. French ~10% longer than German
            doc_ratio = _doc_ratio(la, lb)
        # Smoothed group lengths: A's by the row i that ends the group (0 where i < k) ...
        long_a = [np.zeros(0)] + [
            np.concatenate([np.zeros(k), cla[k:] - cla[: n + 1 - k]]) + p.length_smoothing
            for k in range(1, g + 1)
        ]
        # ... and B's as (distinct values, the index of column j's value), j = k .. m: lengths
        # are in characters and repeat, so the length penalty (a logarithm) is computed once per
        # distinct B length and spread over the columns with `np.take`.
        long_b = [(np.zeros(0), np.zeros(0, dtype=np.intp))] + [
            np.unique(clb[k:] - clb[: m + 1 - k] + p.length_smoothing, return_inverse=True)
            for k in range(1, g + 1)
        ]
    block = max(1, min(n, _BLOCK_CELLS // (m + 1)))
    gains = np.empty((len(shapes), block, m + 1))
    linkable = np.empty((len(shapes), block, m + 1), dtype=bool)
    weighted = np.empty((block + g - 1, m))
    grouped = np.empty((block + g - 1, m))
    products = np.empty((block, m))
    added = np.empty((block, m))
    for start in range(1, n + 1, block):
        stop = min(n + 1, start + block)
        size = stop - start
        # weighted[q] = wa[k] * s[k] for A's sentence k = start - g + q < stop - 1 (0 for k < 0)
        first = max(0, start - g)
        weighted[: first - start + g] = 0.0
        np.multiply(
            wa[first : stop - 1, None],
            s[first : stop - 1],
            out=weighted[first - start + g : size + g - 1],
        )
        sums = weighted[: size + g - 1]
        for ka in range(1, g + 1):
            if ka > 1:
                # sums[q] = the ka rows of `weighted` from q on, added first to last
                np.add(sums[:-1], weighted[ka - 1 : size + g - 1], out=grouped[: len(sums) - 1])
                sums = grouped[: len(sums) - 1]
            of_ka = [(t, kb) for t, (a, kb) in enumerate(shapes) if a == ka and kb <= m]
            if not of_ka:
                continue
            # x[r, j] = wb[j] * (A's ka rows ending at row i, column j); then, for each B group
            # size kb in turn, added[r, c] = x[r, c] + ... + x[r, c + kb - 1], first to last
            x = products[:size]
            np.multiply(sums[g - ka :], wb, out=x)
            built = 0
            for t, kb in sorted(of_ka, key=lambda shape: shape[1]):
                while built < kb:
                    if built:
                        np.add(
                            added[:size, : m - built], x[:, built:], out=added[:size, : m - built]
                        )
                    else:
                        np.copyto(added[:size], x)
                    built += 1
                gain = gains[t, :size, kb:]
                np.copyto(gain, added[:size, : m + 1 - kb])
                gain /= na[ka][start:stop, None] * nb[kb][kb:]  # group cosines
                ok = linkable[t, :size, kb:]
                np.greater(gain, p.min_similarity, out=ok)
                ok[:, split_b[kb]] = False
                gain -= p.group_penalty * (ka + kb - 2)
                if lengths:
                    distinct, column = long_b[kb]
                    ratio = np.log(long_a[ka][start:stop, None] / distinct) - doc_ratio
                    gain -= np.take(p.length_weight * np.abs(ratio), column, axis=1)
        allowed = [ok_a[ka][start:stop] & (kb <= m) for ka, kb in shapes]
        yield start, gains[:, :size], linkable[:, :size], np.transpose(allowed).tolist()


def _monotone_dp(
    pair: _Pair, p: AlignmentParameters, doc_ratio: float | None = None
) -> list[_RawLink]:
    """Step 2: best monotone path of links and skips (module docstring); links in order.

    The gains come from `_gain_blocks`, a block of rows at a time; what is left row by row is
    the recurrence itself (`_Recurrence`).
    """
    n, m = pair.s.shape
    shapes = _shapes(p)
    dp = _Recurrence(n, 1, m, shapes, p)
    for start, gains, linkable, allowed in _gain_blocks(pair, shapes, p, doc_ratio):
        dp.run(start, gains[:, :, None], linkable[:, :, None], allowed)
    return _backtrack(dp.back[:, 0], n, m, shapes, pair)


class _Recurrence:
    """Step 2's recurrence, a row at a time, on buffers allocated once, for `count` DPs of
    `width` + 1 columns side by side: one for a pair, or the pieces of a long pair
    (`_pieces_dp`), as a row costs a few numpy calls per shape whatever its length.

    Scores D[i, j] = best total gain having consumed i sentences of A and j of B.  Skipping a B
    sentence is a same-row move, so D[i, j] = max_k<=j (X[k] - skip * (j - k)) = -skip*j +
    cummax(X[k] + skip*k).  `back[i, k, j]` says how DP k reached (i, j): 0 = skip B (left),
    1 = skip A (up), 2 + t = a link of shapes[t].
    """

    def __init__(
        self,
        height: int,
        count: int,
        width: int,
        shapes: list[tuple[int, int]],
        p: AlignmentParameters,
    ) -> None:
        self.p, self.g = p, max(1, p.max_group)
        self.cb = p.skip_cost * np.arange(width + 1, dtype=np.float64)
        self.back = np.zeros((height + 1, count, width + 1), dtype=np.int8)
        self.rows = np.zeros((self.g + 1, count, width + 1))  # D[i] lives in rows[i % (g + 1)]
        self.rows[0] = -self.cb
        # X: the best move into (i, j) other than skipping B; then X + skip*j
        self.best = np.empty((count, width + 1))
        self.cummax = np.empty((count, width + 1))
        cand = np.empty((count, width + 1))
        self.better = np.empty((count, width + 1), dtype=bool)
        # per shape: its index, its size, and the parts of the buffers it updates (columns
        # kb .. width; a shape with kb > width never fits)
        self.moves = [
            (
                t,
                ka,
                kb,
                cand[:, : width + 1 - kb],
                self.best[:, kb:],
                self.better[:, : width + 1 - kb],
            )
            for t, (ka, kb) in enumerate(shapes)
            if kb <= width
        ]

    def run(self, start: int, gains: np.ndarray, usable: np.ndarray, allowed) -> None:
        """Rows start, start + 1, …: gains[t, r, k, j] is the gain of the link of shape t that
        ends at (start + r, j) in DP k, usable[t, r, k, j] whether it may end there (for j >= kb),
        allowed[r][t] whether it may in any DP on that row."""
        p, g, cb, rows = self.p, self.g, self.cb, self.rows
        best, cummax, better = self.best, self.cummax, self.better
        columns = rows.shape[2]
        for r, allowed_here in enumerate(allowed):
            i = start + r
            code = self.back[i]
            code.fill(1)
            np.subtract(rows[(i - 1) % (g + 1)], p.skip_cost, out=best)
            for t, ka, kb, cand_t, best_t, better_t in self.moves:
                if allowed_here[t]:
                    np.add(
                        rows[(i - ka) % (g + 1), :, : columns - kb], gains[t, r, :, kb:], out=cand_t
                    )
                    np.greater(cand_t, best_t, out=better_t)
                    better_t &= usable[t, r, :, kb:]
                    np.copyto(best_t, cand_t, where=better_t)
                    np.copyto(code[:, kb:], 2 + t, where=better_t)
            best += cb
            np.maximum.accumulate(best, axis=1, out=cummax)
            np.greater(cummax, best, out=better)
            np.copyto(code, 0, where=better)
            np.subtract(cummax, cb, out=rows[i % (g + 1)])


def _backtrack(
    back: np.ndarray,
    n: int,
    m: int,
    shapes: list[tuple[int, int]],
    pair: _Pair,
    offset: tuple[int, int] = (0, 0),
) -> list[_RawLink]:
    """The links of the DP's best path to (n, m), in order; `offset` is added to a piece's
    sentence indices to give the indices in `pair` (`_pieces_dp`)."""
    ea, eb, wa, wb = pair.ea, pair.eb, pair.wa, pair.wb
    links: list[_RawLink] = []
    i, j = n, m
    while i > 0 or j > 0:
        c = int(back[i, j]) if i > 0 else 0
        if c == 0:
            j -= 1
        elif c == 1:
            i -= 1
        else:
            ka, kb = shapes[c - 2]
            a = tuple(range(offset[0] + i - ka, offset[0] + i))
            b = tuple(range(offset[1] + j - kb, offset[1] + j))
            links.append((a, b, _group_sim(ea, eb, a, b, wa, wb), False))
            i, j = i - ka, j - kb
    links.reverse()
    return links


def _doc_ratio(la: np.ndarray, lb: np.ndarray) -> float:
    """The log-ratio of the two documents' lengths, which a translation keeps."""
    return float(np.log((la.sum() + 1.0) / (lb.sum() + 1.0)))


def _anchored_dp(pair: _Pair, nearest: _Nearest, p: AlignmentParameters) -> list[_RawLink]:
    """Step 2, on a long pair piece by piece: the DP's path goes through the anchors (see
    `_anchors`), so the best path is the best path up to each anchor, the anchor, and so on.
    Each piece is one DP with the pair's length ratio; only the pieces' cells are computed (at
    1,000 x 1,000 sentences of a translation, about a tenth of them)."""
    n, m = pair.s.shape
    anchors = _anchors(pair.s, nearest, p) if n * m > p.anchor_cells else []
    if not anchors:
        return _monotone_dp(pair, p)
    la, lb = pair.la, pair.lb
    doc_ratio = _doc_ratio(la, lb) if la is not None and lb is not None else None
    corners = [(-1, -1), *anchors, (n, m)]
    pieces = [
        (i0 + 1, i1, j0 + 1, j1)
        for (i0, j0), (i1, j1) in zip(corners, corners[1:], strict=False)
        if i1 > i0 + 1 and j1 > j0 + 1
    ]
    found = iter(_pieces_dp(pair, p, pieces, doc_ratio))
    links: list[_RawLink] = []
    for (i0, j0), (i1, j1) in zip(corners, corners[1:], strict=False):
        if i1 > i0 + 1 and j1 > j0 + 1:
            links += next(found)
        if i1 < n:
            score = _group_sim(pair.ea, pair.eb, (i1,), (j1,), pair.wa, pair.wb)
            links.append(((i1,), (j1,), score, False))
    return links


# Most cells `_pieces_dp` computes together (their gains take 8 bytes a shape each, 48 MiB).
_BATCH_CELLS = 1 << 20


def _pieces_dp(
    pair: _Pair,
    p: AlignmentParameters,
    pieces: list[tuple[int, int, int, int]],
    doc_ratio: float | None,
) -> list[list[_RawLink]]:
    """`_monotone_dp` on each piece (rows i0..i1 - 1, columns j0..j1 - 1), all pieces a row at a
    time: the recurrence costs a few numpy calls per row and shape, whatever the row's length,
    so the pieces are laid one under the other (padded to the largest) and each call serves
    them all. A piece's cells depend only on cells above and to the left of them, so the
    padding, right of and below each piece, changes nothing: every piece gets the links its
    own DP gives, number for number. Pieces of very unequal sizes, where padding would cost
    more than it saves, are done one by one."""
    if not pieces:
        return []
    heights = [i1 - i0 for i0, i1, _, _ in pieces]
    widths = [j1 - j0 for _, _, j0, j1 in pieces]
    height, width = max(heights), max(widths)
    # A numpy call costs about as much as a thousand numbers it goes through; together, every
    # piece's gains are held at once, so only up to `_BATCH_CELLS` cells.
    together = height * (1000 + len(pieces) * (width + 1))
    one_by_one = sum(h * (1000 + w + 1) for h, w in zip(heights, widths, strict=True))
    padded = len(pieces) * (height + 1) * (width + 1)
    inputs = [pair.piece(*piece) for piece in pieces]
    if len(pieces) == 1 or together >= one_by_one or padded > _BATCH_CELLS:
        return [
            [
                (tuple(x + i0 for x in a), tuple(y + j0 for y in b), score, moved)
                for a, b, score, moved in _monotone_dp(piece, p, doc_ratio)
            ]
            for (i0, _, j0, _), piece in zip(pieces, inputs, strict=True)
        ]
    shapes = _shapes(p)
    # Every piece's link gains, and where a link may end (linkable, and allowed on its row).
    gains = np.zeros((len(shapes), height + 1, len(pieces), width + 1))
    usable = np.zeros((len(shapes), height + 1, len(pieces), width + 1), dtype=bool)
    for k, piece in enumerate(inputs):
        for start, piece_gains, linkable, allowed in _gain_blocks(piece, shapes, p, doc_ratio):
            stop, columns = start + piece_gains.shape[1], piece_gains.shape[2]
            gains[:, start:stop, k, :columns] = piece_gains
            usable[:, start:stop, k, :columns] = linkable & np.transpose(allowed)[:, :, None]
        for t, (_, kb) in enumerate(shapes):
            usable[t, :, k, : min(kb, width + 1)] = False
    dp = _Recurrence(height, len(pieces), width, shapes, p)
    dp.run(1, gains[:, 1:], usable[:, 1:], usable[:, 1:].any(axis=(2, 3)).T.tolist())
    return [
        _backtrack(dp.back[:, k], i1 - i0, j1 - j0, shapes, pair, offset=(i0, j0))
        for k, (i0, i1, j0, j1) in enumerate(pieces)
    ]


def _anchors(s: np.ndarray, nearest: _Nearest, p: AlignmentParameters) -> list[tuple[int, int]]:
    """Where a long pair is cut: pairs (i, j) that are each other's best match over the whole
    other article with a cosine of `anchor_similarity` or more, and so are the `anchor_run`
    pairs before and after them ((i - 1, j - 1), (i + 1, j + 1), …): the middle of a run of
    sentences translated one by one, which the DP links one to one. Of those, the longest
    chain in reading order on both sides (a passage told elsewhere in the other article does
    not cut), thinned to one every `anchor_spacing` sentences on each side."""
    n = s.shape[0]
    rows = np.arange(n)
    columns = nearest.of_a
    mutual = (nearest.of_b[columns] == rows) & (s[rows, columns] >= p.anchor_similarity)
    pairs = set(zip(rows[mutual].tolist(), columns[mutual].tolist(), strict=True))
    around = [d for d in range(-p.anchor_run, p.anchor_run + 1) if d]
    middles = sorted((i, j) for i, j in pairs if all((i + d, j + d) in pairs for d in around))
    chain = _longest_chain(middles)
    cuts: list[tuple[int, int]] = []
    for i, j in chain:
        if not cuts or (
            i - cuts[-1][0] >= p.anchor_spacing and j - cuts[-1][1] >= p.anchor_spacing
        ):
            cuts.append((i, j))
    return cuts


def _longest_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of `pairs` (sorted by their first index, each first index once)
    whose second indices increase: patience sorting, O(k log k)."""
    tails: list[int] = []  # tails[length - 1]: index in `pairs` of the best chain's last pair
    previous = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if pairs[tails[middle]][1] < j:
                low = middle + 1
            else:
                high = middle
        previous[k] = tails[low - 1] if low else -1
        if low == len(tails):
            tails.append(k)
        else:
            tails[low] = k
    chain = []
    k = tails[-1] if tails else -1
    while k >= 0:
        chain.append(pairs[k])
        k = previous[k]
    return chain[::-1]


def _support_filter(
    links: list[_RawLink],
    s: np.ndarray,
    ra: np.ndarray,
    rb: np.ndarray,
    p: AlignmentParameters,
) -> list[_RawLink]:
    """Step 3: keep strong links, and runs of weak links only when tightly chained and each
    weak link is locally the best choice for one of its sentences."""
    strong = [
        sc >= p.strong_similarity
        and sc - (_mean_of(ra, a) + _mean_of(rb, b)) / 2 >= p.strong_margin
        for a, b, sc, _ in links
    ]
    # A weak link that is not locally best for any of its sentences (its best pair beaten in
    # its own row and column by a neighbour) is the DP pairing passages off by one or more:
    # it is dropped whatever its neighbours.
    kept = [
        (link, is_strong)
        for link, is_strong in zip(links, strong, strict=True)
        if is_strong or _locally_best(link, s, p)
    ]
    links = [link for link, _ in kept]
    strong = [is_strong for _, is_strong in kept]

    def tight(
        x: _RawLink, y: _RawLink, edge: bool = False
    ) -> bool:  # x before y on the monotone path
        limit = p.edge_support_gap if edge else p.support_gap
        return y[0][0] - x[0][-1] - 1 <= limit and y[1][0] - x[1][-1] - 1 <= limit

    keep: list[_RawLink] = []
    k = 0
    while k < len(links):
        if strong[k]:
            keep.append(links[k])
            k += 1
            continue
        e = k
        while e < len(links) and not strong[e]:
            e += 1
        run = links[
            k:e
        ]  # maximal run of weak links, bounded by strong links (or the document edges)
        left = links[k - 1] if k > 0 else None
        right = links[e] if e < len(links) else None
        ok = (
            len(run) <= p.max_weak_run
            and (left is not None or right is not None)
            and all(tight(run[t], run[t + 1]) for t in range(len(run) - 1))
            and (left is None or tight(left, run[0], right is None))
            and (right is None or tight(run[-1], right, left is None))
            and (
                (left is not None and right is not None)
                or all(score >= p.edge_similarity for _, _, score, _ in run)
            )
        )
        if ok:
            keep.extend(run)
        k = e
    return keep


def _mean_of(values: np.ndarray, group: Sequence[int]) -> float:
    """values[group].mean(); for one sentence, its value (the same number, a tenth the time)."""
    return values[group[0]] if len(group) == 1 else values[list(group)].mean()


def _locally_best(link: _RawLink, s: np.ndarray, p: AlignmentParameters) -> bool:
    """Does one of the link's sentence pairs beat its neighbours within `local_window`,
    along its row or along its column?"""
    w = p.local_window
    n, m = s.shape
    for i in link[0]:
        for j in link[1]:
            row = s[i, max(0, j - w) : min(m, j + w + 1)]
            column = s[max(0, i - w) : min(n, i + w + 1), j]
            if s[i, j] >= row.max() - 1e-6 or s[i, j] >= column.max() - 1e-6:
                return True
    return False


@dataclass(frozen=True)
class _Nearest:
    """Each sentence's best match over the whole other article: `of_a[i]` the B sentence of
    A's sentence i (``s.argmax(axis=1)``), `of_b[j]` the A sentence of B's sentence j."""

    of_a: np.ndarray
    of_b: np.ndarray


def _add_headlines(
    s: np.ndarray,
    links: list[_RawLink],
    kinds_a: np.ndarray | None,
    kinds_b: np.ndarray | None,
    p: AlignmentParameters,
) -> list[_RawLink]:
    """Step 3b: the two headlines (each side's first title, above its running text), when the
    filter left them apart.

    They stand in the same place on both pages and each sums up its article, so where they
    say the same thing ("Apple co-founder Steve Jobs dies aged 56", "蘋果前CEO喬布斯離世",
    cosine 0.40) their place supports them as a neighbouring link supports a faint link at
    the start of the path: they link when each is the other's best title and their cosine
    reaches `edge_similarity`, as that faint link's must.  A byline or a picture between a
    headline and the text keeps the headline from touching its neighbour on the path.
    """
    if kinds_a is None or kinds_b is None:
        return links
    title = KINDS.index("title")
    titles_a, titles_b = np.flatnonzero(kinds_a == title), np.flatnonzero(kinds_b == title)
    if not len(titles_a) or not len(titles_b):
        return links
    i, j = int(titles_a[0]), int(titles_b[0])
    if _text_before(kinds_a, i) or _text_before(kinds_b, j):
        return links  # a sub-heading: the page shows no headline
    if any(i in a or j in b for a, b, _, _ in links):
        return links
    among = s[np.ix_(titles_a, titles_b)]
    if among[0].argmax() != 0 or among[:, 0].argmax() != 0 or s[i, j] < p.edge_similarity:
        return links
    return [*links, ((i,), (j,), float(s[i, j]), True)]


def _text_before(kinds: np.ndarray, position: int) -> bool:
    return bool((kinds[:position] == KINDS.index("text")).any())


def _add_moved(
    s: np.ndarray,
    ra: np.ndarray,
    rb: np.ndarray,
    links: list[_RawLink],
    nearest: _Nearest,
    p: AlignmentParameters,
) -> list[_RawLink]:
    """Step 4: link unaligned sentences that are mutual best matches over both articles."""
    n, m = s.shape
    used_a = np.zeros(n, dtype=bool)
    used_b = np.zeros(m, dtype=bool)
    for a, b, _, _ in links:
        used_a[list(a)] = True
        used_b[list(b)] = True
    out = list(links)
    for i in np.flatnonzero(~used_a):
        j = int(nearest.of_a[i])
        if used_b[j] or nearest.of_b[j] != i:
            continue
        sim = float(s[i, j])
        if sim >= p.moved_similarity and sim - (ra[i] + rb[j]) / 2 >= p.moved_margin:
            out.append(((int(i),), (j,), sim, True))
            used_b[j] = True
    return out


def _add_shared_parts(
    s: np.ndarray,
    ra: np.ndarray,
    rb: np.ndarray,
    links: list[_RawLink],
    nearest: _Nearest,
    ea: np.ndarray,
    eb: np.ndarray,
    wa: np.ndarray,
    wb: np.ndarray,
    p: AlignmentParameters,
) -> tuple[list[_RawLink], set[tuple[tuple[int, ...], tuple[int, ...]]]]:
    """Step 5: a sentence left alone whose best match over the whole other article is already
    linked elsewhere shares part of that sentence's content (a figure of one sentence inside a
    longer one far away): it joins that link, which becomes partial."""
    if p.part_similarity >= 1.0:
        return links, set()
    owner_a = {i: k for k, link in enumerate(links) for i in link[0]}
    owner_b = {j: k for k, link in enumerate(links) for j in link[1]}
    extra: dict[int, tuple[set[int], set[int]]] = {}
    n, m = s.shape
    for j in range(m):
        if j in owner_b:
            continue
        i = int(nearest.of_b[j])
        if i in owner_a and _shares_part(s[i, j], ra[i], rb[j], p):
            extra.setdefault(owner_a[i], (set(), set()))[1].add(j)
    for i in range(n):
        if i in owner_a:
            continue
        j = int(nearest.of_a[i])
        if j in owner_b and _shares_part(s[i, j], ra[i], rb[j], p):
            extra.setdefault(owner_b[j], (set(), set()))[0].add(i)
    out = list(links)
    parts = set()
    for k, (more_a, more_b) in extra.items():
        a = tuple(sorted({*out[k][0], *more_a}))
        b = tuple(sorted({*out[k][1], *more_b}))
        out[k] = (a, b, _group_sim(ea, eb, a, b, wa, wb), out[k][3])
        parts.add((a, b))
    return out, parts


def _shares_part(cosine: float, neighbourhood_a: float, neighbourhood_b: float, p) -> bool:
    return cosine >= p.part_similarity and cosine - (neighbourhood_a + neighbourhood_b) / 2 >= (
        p.moved_margin
    )


def _finish(
    links: list[_RawLink],
    n: int,
    m: int,
    p: AlignmentParameters,
    *,
    parts: set[tuple[tuple[int, ...], tuple[int, ...]]],
    best_a: np.ndarray,
    best_b: np.ndarray,
) -> Alignment:
    ordered = [(a, b) for a, b, _, candidate in links if not candidate]
    result = []
    for a, b, sc, candidate in links:
        # moved: the link crosses at least one link of the monotone path (a before, b after or vice
        # versa)
        moved = candidate and any((a[0] < oa[0]) != (b[0] < ob[0]) for oa, ob in ordered)
        kind = "match" if sc >= p.match_similarity and (a, b) not in parts else "partial"
        result.append(
            Link(tuple(int(x) for x in a), tuple(int(x) for x in b), float(sc), kind, bool(moved))
        )
    result.sort(key=lambda link: link.a[0])
    used_a = {x for link in result for x in link.a}
    used_b = {x for link in result for x in link.b}
    return Alignment(
        tuple(result),
        tuple(i for i in range(n) if i not in used_a),
        tuple(j for j in range(m) if j not in used_b),
        p,
        best_a.astype(np.float64),
        best_b.astype(np.float64),
    )
