"""Fact differences on the press corpus: precision and recall against the gold facts.

    python -m benchmarks.press_facts [--cases DIR] [--pairs 1000] [--show]

For every sure link of every case (the gold links, so alignment errors do not count),
runs `compare_groups` on the link's two groups of sentences and scores the predicted
differences against the gold `facts:` lines: a predicted fact is right when it lies in a
sentence where the gold names a fact of that link and overlaps the gold text there; a
gold fact text is found when some predicted fact overlaps it. Figures per language pair
and pooled. Then times the group comparison over `--pairs` linked sentence pairs with a
cold cache (extraction included) and a warm one, and extraction alone on growing texts
(it must grow linearly). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.press.gold import CASES, Case, GoldLink, read_case
from compare.facts import compare_groups, extract
from compare.facts.extraction import extract_facts

# The corpus lands in this repository's benchmarks/press/cases; while it is being written
# it lives in the main work tree beside this one.
DEFAULT_CASES = CASES if CASES.is_dir() else Path("/work/main/benchmarks/press/cases")


def sure_links(case: Case) -> list[tuple[str, str, GoldLink]]:
    """(letter x, letter y, link) for every sure link, oriented x before y."""
    found = []
    for link in case.links:
        if not link.sure:
            continue
        x, y = link.left[0][0], link.right[0][0]
        if x > y:
            link = GoldLink(link.right, link.left, True)
            x, y = y, x
        found.append((x, y, link))
    return found


def _spans(sentence: str, written: str) -> list[tuple[int, int]]:
    spans, start = [], sentence.find(written)
    while start >= 0:
        spans.append((start, start + len(written)))
        start = sentence.find(written, start + 1)
    return spans


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def score_case(case: Case, counts: dict, shown: list[str] | None) -> None:
    """Add the case's true/false positives and gold counts per language pair to `counts`."""
    for x, y, link in sure_links(case):
        languages = (case.articles[x].language, case.articles[y].language)
        pair = "-".join(languages)
        ids = {"a": list(link.left), "b": list(link.right)}
        texts = {side: [case.sentence(i).text for i in ids[side]] for side in ids}
        result = compare_groups(
            texts["a"], texts["b"], language_a=languages[0], language_b=languages[1]
        )
        in_link = set(link.pairs())
        gold: dict[str, list[tuple[int, int]]] = defaultdict(list)  # sentence id -> spans
        gold_items: list[tuple[str, list[tuple[int, int]]]] = []
        for fact in case.facts:
            if (fact.left, fact.right) not in in_link:
                continue
            for sentence_id, written in (
                (fact.left, fact.left_text),
                (fact.right, fact.right_text),
            ):
                if written is None:
                    continue
                spans = _spans(case.sentence(sentence_id).text, written)
                gold[sentence_id] += spans
                gold_items.append((sentence_id, spans))
        predicted = [
            (ids[side][fact.sentence], (fact.start, fact.end), fact.text)
            for side, facts in (("a", result.a), ("b", result.b))
            for fact in facts
        ]
        row = counts[pair]
        for sentence_id, span, text in predicted:
            right = _overlaps(span, gold.get(sentence_id, []))
            row["tp"] += right
            row["fp"] += not right
            if shown is not None and not right:
                shown.append(f"  FP {case.name} {sentence_id}: {text!r}")
        for sentence_id, spans in gold_items:
            found = any(s == sentence_id and _overlaps(span, spans) for s, span, _ in predicted)
            row["found"] += found
            row["gold"] += 1
            if shown is not None and not found:
                written = (
                    case.sentence(sentence_id).text[spans[0][0] : spans[0][1]] if spans else "?"
                )
                shown.append(f"  FN {case.name} {sentence_id}: {written!r}")
        row["links"] += 1


def _line(name: str, row: dict) -> str:
    predicted = row["tp"] + row["fp"]
    precision = row["tp"] / predicted if predicted else float("nan")
    recall = row["found"] / row["gold"] if row["gold"] else float("nan")
    return (
        f"{name:<8} links {row['links']:>4}  predicted {predicted:>4}  gold {row['gold']:>3}  "
        f"precision {precision:.3f}  recall {recall:.3f}"
    )


def time_pairs(pairs: list[tuple[list[str], list[str], str, str]], count: int) -> None:
    """Group comparison over `count` linked pairs, cold cache then warm."""
    if not pairs:
        return
    work = [pairs[i % len(pairs)] for i in range(count)]
    # Cold: the cache is cleared whenever the cycle through the corpus starts again, so
    # every pair pays for its extraction.
    elapsed = 0.0
    for start in range(0, count, len(pairs)):
        extract.cache_clear()
        began = time.perf_counter()
        for a, b, la, lb in work[start : start + len(pairs)]:
            compare_groups(a, b, language_a=la, language_b=lb)
        elapsed += time.perf_counter() - began
    began = time.perf_counter()
    for a, b, la, lb in work:
        compare_groups(a, b, language_a=la, language_b=lb)
    warm = time.perf_counter() - began
    print(
        f"group comparison, {count} linked pairs: cold cache {elapsed:.3f} s "
        f"({1e3 * elapsed / count:.2f} ms/pair), warm cache {warm:.3f} s"
    )


def time_growth(text: str, language: str) -> None:
    """Extraction time of a text repeated 1, 2, 4, 8 times: linear means a flat ms/kchar."""
    for times in (1, 2, 4, 8):
        long_text = " ".join([text] * times)
        began = time.perf_counter()
        extract_facts(long_text + " ", language)  # a new string: not cached
        elapsed = time.perf_counter() - began
        print(
            f"extraction of {len(long_text):>7} chars ({language}): {1e3 * elapsed:7.1f} ms, "
            f"{1e6 * elapsed / len(long_text):6.1f} µs/char"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES, help="folder of cases")
    parser.add_argument("--pairs", type=int, default=1000, help="linked pairs to time")
    parser.add_argument("--show", action="store_true", help="list false positives and misses")
    args = parser.parse_args(argv)

    folders = sorted(p for p in args.cases.iterdir() if (p / "gold.txt").exists())
    counts: dict = defaultdict(lambda: defaultdict(int))
    shown: list[str] | None = [] if args.show else None
    pairs = []
    skipped = []
    for folder in folders:
        try:
            case = read_case(folder)
        except ValueError as error:  # a case still being written
            skipped.append(f"{folder.name}: {error}")
            continue
        score_case(case, counts, shown)
        for x, y, link in sure_links(case):
            pairs.append(
                (
                    [case.sentence(i).text for i in link.left],
                    [case.sentence(i).text for i in link.right],
                    case.articles[x].language,
                    case.articles[y].language,
                )
            )
    print(f"cases: {len(folders) - len(skipped)} read from {args.cases}, {len(skipped)} skipped")
    for line in skipped:
        print(f"  skipped {line}")
    pooled: dict = defaultdict(int)
    for pair in sorted(counts):
        print(_line(pair, counts[pair]))
        for key, value in counts[pair].items():
            pooled[key] += value
    print(_line("pooled", pooled))
    if shown:
        print("\n".join(shown))
    time_pairs(pairs, args.pairs)
    sample = " ".join(" ".join(a + b) for a, b, _, _ in pairs[:40]) or "Il 9 marzo 2021 Rogozin."
    time_growth(sample, "en")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
