"""Score the app on the press corpus: links, one-sided sentences, addition types, fact differences.

Run from the repository root (it is part of `make bench`):

    .venv/bin/python -m benchmarks.press.evaluate [--cases DIR] [--errors]

Every article goes through the app's own reading of a plain-text import
(`compare.structure.read_article`: paragraphs, sentences, roles) and its own analysis
(`compare.results.analyse` with the configured encoder), pair by pair for a triple. The app's
sentences are then mapped to the gold sentences by their character offsets in the article file,
so a segmentation that differs from the gold's costs what it really costs and no more.

Scores (printed per language pair, for independently written and translated pairs, pooled, and
for the seed pair on its own):

- links: over sentence pairs, as in word-alignment evaluation with sure and possible links. A
  predicted pair counts right when the gold has it as sure, is ignored when the gold has it as
  possible only, and is wrong otherwise; recall is over the sure pairs.
- one-sided: the sentences the app leaves without a counterpart against those the gold does
  (a sentence with only a possible link is left out of both).
- types: per addition type, precision and recall of the app's type on the sentences that are
  one-sided in the gold or in the app ("linked" is the label of the others).
- facts: on the gold's own sure links (so link errors do not count twice), the app's fact
  marks against the gold's fact differences; a mark is right when it lies in the same sentence
  as a gold fact and overlaps its text.
- roles: per paragraph role, precision and recall of the app's role for every gold sentence.
- distractor titles: on the 214 distractor articles (no gold), how often the headline the app
  reads is the article's title.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.press.gold import CASES, Case, GoldError, check_case, read_case

SEED = Path(__file__).resolve().parent / "seed"
DISTRACTORS = Path(__file__).resolve().parent / "distractors.jsonl"


@dataclass
class Tally:
    """Counts behind precision and recall."""

    right: int = 0  # predictions that are right
    predicted: int = 0  # predictions that count
    found: int = 0  # gold items found
    gold: int = 0  # gold items

    def add(self, other: Tally) -> None:
        self.right += other.right
        self.predicted += other.predicted
        self.found += other.found
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (
            f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
            f"({self.right}/{self.predicted} right, {self.found}/{self.gold} found)"
        )


@dataclass
class Scores:
    links: Tally = field(default_factory=Tally)
    one_sided: Tally = field(default_factory=Tally)
    facts: Tally = field(default_factory=Tally)
    types: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    roles: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    relatedness: Counter = field(default_factory=Counter)  # (case kind, app's verdict)
    pairs: int = 0

    def add(self, other: Scores) -> None:
        self.links.add(other.links)
        self.one_sided.add(other.one_sided)
        self.facts.add(other.facts)
        for name, tally in other.types.items():
            self.types[name].add(tally)
        for name, tally in other.roles.items():
            self.roles[name].add(tally)
        self.relatedness.update(other.relatedness)
        self.pairs += other.pairs


@dataclass(frozen=True)
class ReadArticle:
    """An article as the app reads it, with each of its sentences' gold sentence ids."""

    side: object  # compare.results.Side
    gold_ids: tuple[tuple[str, ...], ...]  # per app sentence, the gold sentences it overlaps
    vectors: object  # numpy array, one row per app sentence


def read(case: Case, letter: str, encode) -> ReadArticle:
    from compare.results import ResultSentence, Side
    from compare.structure import read_article

    article = case.articles[letter]
    paragraphs = read_article(article.text, article.language)
    sentences, gold_ids = [], []
    for number, paragraph in enumerate(paragraphs):
        for span in paragraph.sentences:
            sentences.append(
                ResultSentence(
                    index=len(sentences), paragraph=number, text=span.text, role=paragraph.role
                )
            )
            gold_ids.append(
                tuple(g.id for g in article.sentences if g.start < span.end and span.start < g.end)
            )
    side = Side(
        language=article.language,
        sentences=tuple(sentences),
        outlet=article.outlet,
        published_on=_published_on(article.date),
    )
    return ReadArticle(side, tuple(gold_ids), encode([s.text for s in sentences]))


def _published_on(date: str) -> datetime.date | None:
    """The gold's date ("2011-10-06", or "2010-01" when the page gives only its month: the
    month's first day, the earliest it can be)."""
    parts = [int(part) for part in date.split("-")] if date else []
    return datetime.date(*parts, *[1] * (3 - len(parts))) if parts else None


def score_pair(case: Case, x: str, y: str, read_x: ReadArticle, read_y: ReadArticle, errors: list):
    from compare.results import analyse

    result = analyse(read_x.side, read_y.side, read_x.vectors, read_y.vectors, model="evaluation")
    scores = Scores(pairs=1)
    sure = case.link_pairs(x, y, sure=True)
    possible = case.link_pairs(x, y, sure=False) - sure

    predicted = set()
    for link in result.links:
        for i in link.a:
            for j in link.b:
                predicted |= {(g, h) for g in read_x.gold_ids[i] for h in read_y.gold_ids[j]}
    counted = predicted - possible
    scores.links = Tally(
        right=len(counted & sure),
        predicted=len(counted),
        found=len(predicted & sure),
        gold=len(sure),
    )
    for pair in sorted(counted - sure):
        errors.append(f"  wrong link {pair[0]} ~ {pair[1]}: {_texts(case, pair)}")
    for pair in sorted(sure - predicted):
        errors.append(f"  missed link {pair[0]} = {pair[1]}: {_texts(case, pair)}")

    # One-sided sentences and their types, at the gold's sentences.
    gold_one_sided = case.one_sided(x, y)
    possible_only = {s for pair in possible for s in pair} - {s for pair in sure for s in pair}
    for letter, read_article, result_side in ((x, read_x, result.a), (y, read_y, result.b)):
        app_type: dict[str, Counter] = defaultdict(Counter)  # gold id -> app labels by length
        app_role: dict[str, Counter] = defaultdict(Counter)
        for sentence, ids in zip(result_side.sentences, read_article.gold_ids, strict=True):
            label = "linked" if sentence.link is not None else sentence.addition_type
            for gold_id in ids:
                app_type[gold_id][label] += len(sentence.text)
                app_role[gold_id][sentence.role] += len(sentence.text)
        for gold in case.articles[letter].sentences:
            app = app_type[gold.id].most_common(1)[0][0] if app_type[gold.id] else "linked"
            role = app_role[gold.id].most_common(1)[0][0] if app_role[gold.id] else "body"
            _count(scores.roles, role, gold.role)
            if gold.role != role:
                errors.append(f"  role {gold.id}: {gold.role} read as {role}: {gold.text[:70]!r}")
            if gold.id in possible_only:
                continue
            expected = gold.type if gold.id in gold_one_sided[letter] else "linked"
            _count(scores.types, app, expected)
            scores.one_sided.add(
                Tally(
                    right=int(app != "linked" and expected != "linked"),
                    predicted=int(app != "linked"),
                    found=int(app != "linked" and expected != "linked"),
                    gold=int(expected != "linked"),
                )
            )
            if app != expected:
                errors.append(f"  type {gold.id}: {expected} typed {app}: {gold.text[:70]!r}")
    scores.facts = score_facts(case, x, y, errors)
    scores.relatedness[(case.kind, str(result.relatedness()))] += 1
    return scores


def score_facts(case: Case, x: str, y: str, errors: list) -> Tally:
    """The app's fact marks on the gold's sure links between x and y."""
    from compare.results import ResultSentence, Side, link_facts

    tally = Tally()
    sides = {}
    for letter in (x, y):
        article = case.articles[letter]
        sides[letter] = Side(
            language=article.language,
            sentences=tuple(
                ResultSentence(index=s.index, paragraph=s.paragraph, text=s.text)
                for s in article.sentences
            ),
        )
    for link in case.links:
        if not link.sure or {link.left[0][0], link.right[0][0]} != {x, y}:
            continue
        ids = {*link.left, *link.right}
        a_ids = sorted((i for i in ids if i[0] == x), key=lambda i: int(i[1:]))
        b_ids = sorted((i for i in ids if i[0] == y), key=lambda i: int(i[1:]))
        found = link_facts(
            [int(i[1:]) for i in a_ids], [int(i[1:]) for i in b_ids], sides[x], sides[y]
        )
        marks = [(f"{x}{f['sentence']}", f["start"], f["end"]) for f in found["a"]]
        marks += [(f"{y}{f['sentence']}", f["start"], f["end"]) for f in found["b"]]
        expected = []
        for fact in case.facts:
            if fact.left in ids and fact.right in ids:
                for sentence_id, written in (
                    (fact.left, fact.left_text),
                    (fact.right, fact.right_text),
                ):
                    if written is not None:
                        start = case.sentence(sentence_id).text.find(written)
                        expected.append((sentence_id, start, start + len(written)))
        hits = {
            mark: [e for e in expected if e[0] == mark[0] and e[1] < mark[2] and mark[1] < e[2]]
            for mark in marks
        }
        tally.add(
            Tally(
                right=sum(bool(h) for h in hits.values()),
                predicted=len(marks),
                found=sum(any(e in h for h in hits.values()) for e in expected),
                gold=len(expected),
            )
        )
        for mark, matched in hits.items():
            if not matched:
                text = case.sentence(mark[0]).text[mark[1] : mark[2]]
                errors.append(f"  wrong fact {mark[0]} {text!r}")
        for e in expected:
            if not any(e in h for h in hits.values()):
                text = case.sentence(e[0]).text[e[1] : e[2]]
                errors.append(f"  missed fact {e[0]} {text!r}")
    return tally


def _count(table: dict[str, Tally], predicted: str, expected: str) -> None:
    table[predicted].predicted += 1
    table[expected].gold += 1
    if predicted == expected:
        table[predicted].right += 1
        table[expected].found += 1


def _texts(case: Case, pair: tuple[str, str]) -> str:
    return " | ".join(repr(case.sentence(s).text[:50]) for s in pair)


def load(root: Path) -> list[Case]:
    """The cases under `root`, checked; a case in a language the app refuses is left out
    (and said so), as the app would not import it."""
    from compare.text import SUPPORTED_LANGUAGES

    cases = []
    for folder in sorted(p for p in root.iterdir() if (p / "gold.txt").exists()):
        case = read_case(folder)
        if problems := check_case(case):
            raise GoldError("\n".join(problems))
        unsupported = {a.language for a in case.articles.values()} - set(SUPPORTED_LANGUAGES)
        if unsupported:
            print(f"left out {case.name}: {', '.join(sorted(unsupported))} not supported")
            continue
        cases.append(case)
    return cases


def evaluate(cases: Iterable[Case], encode, *, show_errors: bool) -> dict[str, Scores]:
    groups: dict[str, Scores] = defaultdict(Scores)
    for case in cases:
        read_articles = {letter: read(case, letter, encode) for letter in case.articles}
        for x, y in case.pairs():
            errors: list[str] = []
            scores = score_pair(case, x, y, read_articles[x], read_articles[y], errors)
            languages = "-".join(sorted((case.articles[x].language, case.articles[y].language)))
            for group in (f"pair {languages}", f"kind {case.kind}", "pooled"):
                groups[group].add(scores)
            if show_errors and errors:
                print(f"{case.name} ({x}-{y}):")
                print("\n".join(errors))
    return groups


def report(title: str, groups: dict[str, Scores], *, detail: bool) -> None:
    print(f"\n== {title}")
    print(f"{'group':<22} {'pairs':>5}  {'links P/R/F1':<22} {'one-sided P/R/F1':<22} facts P/R")
    for name in sorted(groups, key=lambda n: (n == "pooled", n)):
        s = groups[name]
        print(
            f"{name:<22} {s.pairs:>5}  "
            f"{s.links.precision:.3f}/{s.links.recall:.3f}/{s.links.f1:.3f}    "
            f"{s.one_sided.precision:.3f}/{s.one_sided.recall:.3f}/{s.one_sided.f1:.3f}    "
            f"{s.facts.precision:.3f}/{s.facts.recall:.3f}"
        )
    if not detail:
        return
    pooled = groups["pooled"]
    print(f"\nlinks:     {pooled.links}\none-sided: {pooled.one_sided}\nfacts:     {pooled.facts}")
    print("\naddition types (pooled; 'linked' = not one-sided):")
    for name, tally in sorted(pooled.types.items()):
        print(f"  {name:<12} {tally}")
    print("\nrelatedness the page shows, by the case's kind (pairs):")
    for (kind, verdict), count in sorted(pooled.relatedness.items()):
        print(f"  {kind:<12} -> {verdict:<17} {count}")
    print("\nparagraph roles (pooled, per gold sentence):")
    for name, tally in sorted(pooled.roles.items()):
        print(f"  {name:<12} {tally}")


def distractor_titles() -> tuple[int, int]:
    """(articles whose first headline paragraph is their title, articles) over the
    distractors (`distractors.jsonl`, with each article's title as its page gives it): a
    check of the headline cue on pages the gold does not cover."""
    import json

    from compare.structure import read_article
    from compare.vocabulary import Role

    right = total = 0
    with DISTRACTORS.open(encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            total += 1
            paragraphs = read_article(article["text"], article["language"])
            headline = next((p.text for p in paragraphs if p.role == Role.HEADLINE), "")
            headline, title = " ".join(headline.split()), " ".join(article["title"].split())
            right += bool(headline) and (headline.startswith(title) or title.startswith(headline))
    return right, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--errors", action="store_true", help="list every error, by case")
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from compare.embeddings import encode, model_name

    started = time.perf_counter()
    corpus = load(options.cases)
    seed = load(SEED)
    print(
        f"press corpus: {len(corpus)} cases, "
        f"{sum(len(c.pairs()) for c in corpus)} article pairs; model {model_name()}"
    )
    report("press corpus", evaluate(corpus, encode, show_errors=options.errors), detail=True)
    report("seed pair", evaluate(seed, encode, show_errors=options.errors), detail=True)
    right, total = distractor_titles()
    print(f"\n== distractors: the headline read is the article's title for {right} of {total}")
    print(f"\n{time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
