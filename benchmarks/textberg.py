"""Text+Berg German-French benchmark of compare.alignment.

Run from the repo root:
    .venv/bin/python -m benchmarks.textberg [--data DIR] [--docs test0,...,test6]

Prints strict and lax precision/recall/F1 pooled over the documents, as the data set's README
defines them (strict: a predicted bead counts only if it equals a gold bead, beads with an empty
side are left out of both counts; lax: a bead counts if it shares at least one source and one
target sentence with a gold bead), then precision/recall/F1 of the sentences predicted to have no
counterpart against the gold `[]` beads, and the seconds spent encoding and aligning.  No
paragraph information (paragraphs=None); the sentence texts are passed for their lengths only.
"""

from __future__ import annotations

import argparse
import ast
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from compare.alignment import align

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/benchmarks/textberg-defr"
TEST_DOCS = [f"test{i}" for i in range(7)]

Bead = tuple[tuple[int, ...], tuple[int, ...]]


def get_encoder() -> tuple[Callable[[Sequence[str]], np.ndarray], str]:
    """The project's encoder (`compare.embeddings`, configured by Django's settings)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from compare.embeddings import encode, model_name

    encode(["warm-up"])  # load the model outside the timed part
    return (lambda texts: encode(list(texts))), f"compare.embeddings ({model_name()})"


def read_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_gold(path: Path) -> list[Bead]:
    beads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            left, right = line.split(":")
            beads.append((tuple(ast.literal_eval(left)), tuple(ast.literal_eval(right))))
    return beads


def prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> tuple[float, float, float]:
    precision = tp_p / n_pred if n_pred else 0.0
    recall = tp_g / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def fmt(label: str, values: tuple[float, float, float]) -> str:
    precision, recall, f1 = values
    return f"{label} P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--docs", default=",".join(TEST_DOCS))
    args = parser.parse_args(argv)
    docs = [d.strip() for d in args.docs.split(",") if d.strip()]

    encode, encoder_name = get_encoder()
    strict_tp = lax_tp_pred = lax_tp_gold = n_pred = n_gold = 0
    one_tp = one_pred = one_gold = 0
    t_encode = t_align = 0.0
    n_sentences = 0
    for doc in docs:
        de = read_lines(args.data / f"{doc}.de")
        fr = read_lines(args.data / f"{doc}.fr")
        gold = read_gold(args.data / f"{doc}.defr")
        t0 = time.perf_counter()
        ea, eb = encode(de), encode(fr)
        t1 = time.perf_counter()
        result = align(ea, eb, texts_a=de, texts_b=fr)
        t2 = time.perf_counter()
        t_encode += t1 - t0
        t_align += t2 - t1
        n_sentences += len(de) + len(fr)

        pred: list[Bead] = [(link.a, link.b) for link in result.links]
        gold_links = [bead for bead in gold if bead[0] and bead[1]]
        gold_set = set(gold_links)
        strict_tp += sum(bead in gold_set for bead in pred)

        def overlaps(x: Bead, y: Bead) -> bool:
            return bool(set(x[0]) & set(y[0])) and bool(set(x[1]) & set(y[1]))

        lax_tp_pred += sum(any(overlaps(x, y) for y in gold_links) for x in pred)
        lax_tp_gold += sum(any(overlaps(x, y) for x in pred) for y in gold_links)
        n_pred += len(pred)
        n_gold += len(gold_links)

        gold_one = {("a", i) for bead in gold if not bead[1] for i in bead[0]}
        gold_one |= {("b", j) for bead in gold if not bead[0] for j in bead[1]}
        pred_one = {("a", i) for i in result.additions_a} | {("b", j) for j in result.additions_b}
        one_tp += len(gold_one & pred_one)
        one_pred += len(pred_one)
        one_gold += len(gold_one)

    print(f"Text+Berg de-fr, docs: {','.join(docs)}; encoder: {encoder_name}")
    print(fmt("strict   ", prf(strict_tp, n_pred, strict_tp, n_gold)))
    print(fmt("lax      ", prf(lax_tp_pred, n_pred, lax_tp_gold, n_gold)))
    print(
        fmt("one-sided", prf(one_tp, one_pred, one_tp, one_gold))
        + f"  (predicted {one_pred}, gold {one_gold})"
    )
    print(f"sentences {n_sentences}; encoding {t_encode:.2f} s; aligning {t_align:.3f} s")


if __name__ == "__main__":
    main()
