"""Speed and memory of compare.alignment at about 1,000 x 1,000 sentences.

Run from the repo root:  .venv/bin/python -m benchmarks.speed [--data DIR] [--repeats 5]

Concatenates the seven Text+Berg test documents per side, encodes them (timed), aligns them
several times (median printed), and prints the aligner's time, the encoding time, their ratio,
the peak memory allocated during one alignment (tracemalloc; numpy reports its buffers to it),
and a scaling line at 250/500/1000/2000 sentences per side (time grows ~4x per doubling for
O(n*m), ~8x for O(n*m*(n+m))).
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from pathlib import Path

import numpy as np

from benchmarks.textberg import DEFAULT_DATA, TEST_DOCS, get_encoder, read_lines
from compare.alignment import align


def timed_align(
    ea: np.ndarray, eb: np.ndarray, ta: list[str], tb: list[str], repeats: int
) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        align(ea, eb, texts_a=ta, texts_b=tb)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    de = [line for doc in TEST_DOCS for line in read_lines(args.data / f"{doc}.de")]
    fr = [line for doc in TEST_DOCS for line in read_lines(args.data / f"{doc}.fr")]
    encode, encoder_name = get_encoder()
    t0 = time.perf_counter()
    ea, eb = encode(de), encode(fr)
    t_encode = time.perf_counter() - t0

    align(ea, eb, texts_a=de, texts_b=fr)  # warm-up
    t_align = timed_align(ea, eb, de, fr, args.repeats)

    tracemalloc.start()
    align(ea, eb, texts_a=de, texts_b=fr)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"encoder: {encoder_name}")
    print(f"sizes {len(de)} x {len(fr)} sentences")
    print(f"encoding  {t_encode:.2f} s ({(len(de) + len(fr)) / t_encode:.0f} sentences/s)")
    print(f"aligning  {t_align:.3f} s (median of {args.repeats})")
    print(f"ratio align/encode {t_align / t_encode:.3f}")
    print(f"peak memory of one alignment (tracemalloc) {peak / 2**20:.1f} MiB")

    # Scaling: tile the embeddings to reach 2,000 per side; time at each size.
    big_a, big_b = np.concatenate([ea, ea]), np.concatenate([eb, eb])
    big_ta, big_tb = de + de, fr + fr
    line = []
    previous = None
    for size in (250, 500, 1000, 2000):
        t = timed_align(
            big_a[:size], big_b[:size], big_ta[:size], big_tb[:size], max(1, args.repeats // 2 + 1)
        )
        growth = f" (x{t / previous:.1f})" if previous else ""
        line.append(f"{size}x{size}: {t:.3f} s{growth}")
        previous = t
    print("scaling   " + "; ".join(line))


if __name__ == "__main__":
    main()
