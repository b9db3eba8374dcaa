"""The analysis after encoding (`results.analyse`) against the encoding time, at about
1,000 x 1,000 and 5,000 x 5,000 sentences, with its parts.

Run from the repo root:
    .venv/bin/python -m benchmarks.analysis [--data DIR] [--sizes 1000,5000] [--repeat 3]

The German and French sides of the Text+Berg documents (dev and test0-6, about 1,500
sentences a side) are extended up to each size with sentences made of halves of two real
ones, so that every sentence is distinct while the words stay those of real text. Both
sides are encoded (timed, the model loaded beforehand), then `analyse` runs, and its parts are
timed by wrapping them: the aligner (`alignment.align`), the typing of additions
(`additions.classify_additions`, duplicate detection included) and the fact differences
(`facts.compare_groups`); "other" is the rest (assembling the result). Encoding and analysis
each run `--repeat` times (default 3) and the medians are printed, the ratio being the median
analysis over the median encoding: the machines are shared, and one run can be a third off.
Before each analysis the caches kept per sentence text or word (fact extraction, folding,
an article's repeats) are emptied, so every run reads its sentences as new ones do. The process
first analyses a small pair, untimed, as a worker has after its first task: what a process
computes once (compiled patterns, locale data) is not counted at each size. Peak memory is
measured in one more run under tracemalloc. Prints figures; no assertion.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from benchmarks.textberg import DEFAULT_DATA, TEST_DOCS, get_encoder, read_lines

DOCS = ["dev", *TEST_DOCS]


def repeated(lines: list[str], size: int) -> list[str]:
    """`size` sentences: the lines, then new ones made of the first half of a line and the
    second half of another (a different other for each round), so that no two are repeats."""
    out = list(lines)
    round_ = 1
    while len(out) < size:
        for i, line in enumerate(lines):
            head, tail = line.split(), lines[(i + 37 * round_) % len(lines)].split()
            out.append(" ".join(head[: len(head) // 2] + tail[len(tail) // 2 :]))
        round_ += 1
    return out[:size]


def side(texts: list[str], language: str):
    from compare.results import ResultSentence, Side

    return Side(
        language=language,
        sentences=tuple(
            ResultSentence(index=i, paragraph=i // 5, text=text, id=i)
            for i, text in enumerate(texts)
        ),
    )


def timed_parts() -> dict[str, float]:
    """Wrap the parts of `analyse` where `results` calls them; returns the running totals."""
    from compare import results

    totals: dict[str, float] = defaultdict(float)

    def wrap(name: str, function: Callable) -> Callable:
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                totals[name] += time.perf_counter() - started

        return timed

    results.align = wrap("aligner", results.align)
    results.classify_additions = wrap("additions", results.classify_additions)
    results.compare_groups = wrap("facts", results.compare_groups)
    return totals


def forget_texts() -> None:
    """Empty every bounded cache of the app's modules (`functools.lru_cache` with a maxsize: per
    sentence text or word, such as fact extraction, folding, an article's repeats), as if every
    sentence were new. The unbounded ones hold per-process data (compiled patterns, locale
    tables) that a worker keeps from its first task, and stay."""
    for name, module in list(sys.modules.items()):
        if name.startswith("compare."):
            for value in vars(module).values():
                if getattr(value, "cache_parameters", lambda: {})().get("maxsize") is not None:
                    value.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, medians printed")
    options = parser.parse_args()

    de = [line for doc in DOCS for line in read_lines(options.data / f"{doc}.de")]
    fr = [line for doc in DOCS for line in read_lines(options.data / f"{doc}.fr")]
    encode, encoder_name = get_encoder()
    from compare.results import analyse

    # A worker's first task pays once for what the process keeps (compiled patterns, locale
    # data, the folding table): paid here, untimed, on a small pair.
    analyse(side(de[:50], "de"), side(fr[:50], "fr"), encode(de[:50]), encode(fr[:50]), model="-")
    totals = timed_parts()
    print(f"encoder: {encoder_name}; Text+Berg de-fr, {len(de)} x {len(fr)} sentences, extended")
    header = f"{'size':>11} {'encode s':>9} {'analysis s':>11} {'ratio':>6}"
    print(f"{header} {'aligner':>8} {'additions':>10} {'facts':>7} {'other':>7} {'peak MiB':>9}")
    for size in (int(n) for n in options.sizes.split(",")):
        texts_a, texts_b = repeated(de, size), repeated(fr, size)
        encodings = []
        for _ in range(options.repeat):
            started = time.perf_counter()
            vectors_a, vectors_b = encode(texts_a), encode(texts_b)
            encodings.append(time.perf_counter() - started)
        a, b = side(texts_a, "de"), side(texts_b, "fr")
        runs: list[dict[str, float]] = []
        for _ in range(options.repeat):
            forget_texts()
            totals.clear()
            started = time.perf_counter()
            analyse(a, b, vectors_a, vectors_b, model="benchmark")
            runs.append({"analysis": time.perf_counter() - started, **totals})
            runs[-1]["other"] = runs[-1]["analysis"] - sum(totals.values())
        # Peak memory in one more run: tracemalloc slows Python code several times over.
        forget_texts()
        tracemalloc.start()
        analyse(a, b, vectors_a, vectors_b, model="benchmark")
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        encoding = statistics.median(encodings)
        median = {part: statistics.median(run[part] for run in runs) for part in runs[0]}
        print(
            f"{f'{size}x{size}':>11} {encoding:>9.2f} {median['analysis']:>11.2f} "
            f"{median['analysis'] / encoding:>6.3f} {median['aligner']:>8.2f} "
            f"{median['additions']:>10.2f} {median['facts']:>7.2f} {median['other']:>7.2f} "
            f"{peak / 2**20:>9.0f}"
        )
        each = "; ".join(
            f"{label} " + ", ".join(f"{t:.2f}" for t in times)
            for label, times in (("encode", encodings), ("analysis", [r["analysis"] for r in runs]))
        )
        print(f"{'':>11} each run, s: {each}")
    print(
        f"medians of {options.repeat} runs; ratio = analysis / encoding; "
        "peak = memory allocated during the analysis (tracemalloc)"
    )


if __name__ == "__main__":
    main()
