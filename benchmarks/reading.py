"""Reading time of odd-shaped texts, at a quarter of the size limit and at the limit.

Run from the repo root:  .venv/bin/python -m benchmarks.reading [--chars 200000]

An import reads its text (`structure.read_article`: segmenting, then the role of each line)
and the alignment reads the facts of every sentence (`facts.extract_facts`). Text nobody
tuned for can take any shape: a run of spaces, one long line of dotted words, thousands of
one-word lines. For each shape this prints the median time of three readings at a quarter of
`--chars` and at `--chars`, and their ratio: about 4 when reading is linear in the length of
the text, about 16 when it is quadratic (one regular expression that rescans a run from each
of its characters is enough for that).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

SHAPES = {
    "prose": "The minister spoke in Berlin on Monday, 3 March 2021, about 1,5 million people. ",
    "spaces": "*a" + " " * 999 + "b",
    "tabs": "a\t" + "\t" * 998 + " (via @x)",
    "dotted word": "a.",
    "no punctuation": "a",
    "short lines": "Ab\n",
    "lines of text": "The minister spoke in Berlin today about the taxes.\n",
    "short paragraphs": "A b c d\n\n",
    "parentheses": "x (",
    "colons": "a: ",
    "quotation marks": '"a ',
    "hashes": "#",
    "bars": "a | ",
    "digits": "1 ",
    "addresses": "http://a.b/c ",
    "ideographs": "蘋果",
    "related links": "Related\n\nA link\n\n",
    "signed captions": "A man, 9 March 2021. AFP\n\n",
}


def read(raw: str) -> None:
    from compare.facts import extract_facts
    from compare.structure import read_article

    for paragraph in read_article(raw, "en"):
        for sentence in paragraph.sentences:
            extract_facts(sentence.text, "en")


def timed(raw: str, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        read(raw)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=200_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    read(SHAPES["prose"])  # warm-up: data tables, the segmenter's rules
    print(f"{'shape':16s} {'chars/4':>9s} {'chars':>9s} {'ratio':>6s}")
    for name, unit in SHAPES.items():
        small = (unit * (args.chars // 4 // len(unit) + 1))[: args.chars // 4]
        large = (unit * (args.chars // len(unit) + 1))[: args.chars]
        t_small, t_large = timed(small), timed(large)
        print(f"{name:16s} {t_small:8.2f}s {t_large:8.2f}s {t_large / t_small:6.1f}")


if __name__ == "__main__":
    main()
