"""Counterpart retrieval on the development press corpus, among distractor articles.

Run from the repo root:  .venv/bin/python -m benchmarks.counterparts [--corpus PATH] [--days D]

Sets Django up on a throwaway SQLite database in a temporary folder (never db.sqlite3) and
imports, through the services and with the real encoder (`compare.embeddings`):

- every article of every case of the press corpus (`<corpus>/cases/*/gold.txt` and its article
  files; the same text in two cases is one article), and
- every distractor article of `<corpus>/distractors.jsonl` (openly licensed news in several
  languages, one JSON object a line: language, outlet, url, date, licence, title, text).

`--corpus` defaults to the repository's corpus (`benchmarks/press`); it is read where it lies,
never copied. Articles in a language the model does not
support are left out and counted.

Then, for every case article, `services.find_counterparts` ranks all other stored articles.
Its true counterparts are the other versions of the same event, with two readings of "same":

- *event* (what the app looks for): the articles of every case about the event. A case holds two
  or three versions of one event (translations of one post, or "independent" posts on it); cases
  sharing an article are one event, and so are the cases that `SAME_EVENT` names, which report
  one event without sharing an article (their notes say so: the Haiti earthquake of January 2010,
  the Tōhoku earthquake of March 2011, Ben Ali's flight from Tunisia in January 2011);
- *case* (stricter): only the articles of the cases it is in, and of cases sharing an article
  with them (two translations of one post in two cases).

Each (article, true counterpart) pair is scored by the counterpart's filtered rank: 1 + the
number of articles that are not true counterparts ranked above it (so that an event of three
versions can score 1 for both of the others). recall@k is the share of pairs whose filtered rank
is at most k, pooled and by language pair (pairs of one outlet in one language are left out:
the app never proposes an outlet's own other pieces), for the app's ranking (document cosine and
shared sentences, `counterparts.rank_score`) and, pooled, for the document cosine alone; and by
query, whether the first candidate is a true counterpart.

`--days`: the app's default date window (30 days; articles without a full date are always
candidates) unless given; `--days -1` for none (translations in the corpus follow their original
by up to a year, and the corpus has two earthquakes). `--explain` lists what outranks each
counterpart that is not first. Prints figures only; no assertion anywhere.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.render import setup_django

CORPUS = Path(__file__).resolve().parent / "press"
# Cases that report one event without sharing an article, by a part of their names (see above).
SAME_EVENT = {
    "Haiti earthquake, January 2010": "gv-haiti-",
    "Tōhoku earthquake and tsunami, March 2011": "gv-japan-",
    "Ben Ali's flight from Tunisia, January 2011": "tunisia",
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value: str) -> datetime.date | None:
    """A full YYYY-MM-DD date; a month alone ("2010-01") is no known date."""
    return datetime.date.fromisoformat(value) if _DATE.match(value or "") else None


def import_text(*, text: str, title: str, outlet: str, language: str, date: str, url: str):
    """The stored article for this text: imported, or the one already stored; None when its
    language is not supported (or the text is refused)."""
    from compare import services
    from compare import text as text_module

    try:
        return services.import_article(
            raw=text,
            title=title,
            outlet=outlet,
            language=language,
            url=url[:2000],
            published_on=parse_date(date),
        )
    except services.DuplicateArticleError as error:
        return error.existing
    except text_module.TextError:
        return None


def load(corpus: Path) -> tuple[list[tuple[str, list[int]]], dict[str, int]]:
    """Import the corpus; returns each case's name and stored articles, and some counts."""
    from benchmarks.press import gold

    cases: list[tuple[str, list[int]]] = []
    counts: dict[str, int] = defaultdict(int)
    for folder in sorted(p for p in (corpus / "cases").iterdir() if (p / "gold.txt").exists()):
        try:
            case = gold.read_case(folder)
        except gold.GoldError as error:
            print(f"skipped case {folder.name}: {error}")
            continue
        members = []
        for article in case.articles.values():
            headline = next((s.text for s in article.sentences if s.role == "headline"), "")
            first_line = next((line for line in article.text.splitlines() if line.strip()), "")
            stored = import_text(
                text=article.text,
                title=(headline or first_line).strip()[:200],
                outlet=article.outlet,
                language=article.language,
                date=article.date,
                url=article.url,
            )
            if stored is None:
                counts["case articles left out (language)"] += 1
                continue
            members.append(stored.pk)
        counts["cases"] += 1
        cases.append((folder.name, members))
    distractors = corpus / "distractors.jsonl"
    for line in distractors.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        stored = import_text(
            text=row["text"],
            title=row.get("title", ""),
            outlet=row.get("outlet", ""),
            language=row.get("language", ""),
            date=row.get("date", ""),
            url=row.get("url", ""),
        )
        counts["distractors" if stored else "distractors left out (language)"] += 1
    return cases, counts


def counterparts_of(groups: list[list[int]]) -> dict[int, set[int]]:
    """Each article's true counterparts: the other members of its group, groups that share an
    article being one (union-find)."""
    parent: dict[int, int] = {}

    def root(pk: int) -> int:
        parent.setdefault(pk, pk)
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    for group in groups:
        for pk in group:
            parent[root(pk)] = root(group[0])
    members: dict[int, set[int]] = defaultdict(set)
    for pk in parent:
        members[root(pk)].add(pk)
    return {pk: members[root(pk)] - {pk} for pk in parent if len(members[root(pk)]) > 1}


def filtered_rank(ranked: list[int], target: int, relevant: set[int]) -> int | None:
    above = 0
    for pk in ranked:
        if pk == target:
            return above + 1
        if pk not in relevant:
            above += 1
    return None


def recall(values: list[int | None], k: int) -> float:
    return sum(1 for r in values if r is not None and r <= k) / len(values)


def report(title: str, ranks: list[tuple[str, int | None]], document: list[int | None]) -> None:
    by_pair: dict[str, list[int | None]] = defaultdict(list)
    for pair, rank in ranks:
        by_pair[pair].append(rank)
    print(f"\n{title}")
    print(f"{'language pair':<26} {'pairs':>6} {'recall@1':>9} {'recall@5':>9}")
    for pair in sorted(by_pair):
        values = by_pair[pair]
        print(f"{pair:<26} {len(values):>6} {recall(values, 1):>9.3f} {recall(values, 5):>9.3f}")
    everything = [rank for _, rank in ranks]
    print(
        f"{'pooled':<26} {len(everything):>6} {recall(everything, 1):>9.3f} "
        f"{recall(everything, 5):>9.3f}"
    )
    print(
        f"{'pooled, document cosine':<26} {len(document):>6} {recall(document, 1):>9.3f} "
        f"{recall(document, 5):>9.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument(
        "--days",
        type=int,
        default=None,
        help="date window in days; -1 for none (default: the app's, COMPARE_COUNTERPART_DAYS)",
    )
    parser.add_argument(
        "--explain", action="store_true", help="list what outranks each counterpart not first"
    )
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="counterparts-bench-") as folder:
        setup_django(Path(folder))
        from compare import embeddings, services
        from compare.models import Article, Sentence

        started = time.perf_counter()
        cases, counts = load(options.corpus)
        articles = list(Article.objects.select_related("outlet"))
        services.embed_articles(articles=articles)
        print(
            f"{len(articles)} articles stored ({Sentence.objects.count():,} sentences), "
            f"{counts['cases']} cases, {counts['distractors']} distractors; left out for their "
            f"language: {counts['case articles left out (language)']} case article(s), "
            f"{counts['distractors left out (language)']} distractor(s); imported and embedded "
            f"with {embeddings.model_name()} in {time.perf_counter() - started:.0f} s"
        )
        by_id = {article.pk: article for article in articles}
        strict = counterparts_of([members for _, members in cases])
        events = counterparts_of(
            [members for _, members in cases]
            + [
                [pk for name, members in cases if part in name for pk in members]
                for part in SAME_EVENT.values()
            ]
        )
        rankings: dict[int, tuple[list[int], list[int]]] = {}
        started = time.perf_counter()
        for pk in sorted(events):
            # The whole re-ranked pool: `find_counterparts` re-ranks its 60 nearest documents.
            found = services.find_counterparts(article=by_id[pk], limit=20, days=options.days)
            rankings[pk] = (
                [c.article.pk for c in found],
                [c.article.pk for c in sorted(found, key=lambda c: -c.document_score)],
            )
        elapsed = time.perf_counter() - started
        from django.conf import settings

        days = settings.COMPARE_COUNTERPART_DAYS if options.days is None else options.days
        window = "no date window" if days < 0 else f"date window {days} days"
        print(
            f"{len(rankings)} queries, {window}; {1000 * elapsed / max(1, len(rankings)):.0f} ms "
            "per query (ranking, shared sentences and facts)"
        )

        def language(pk: int) -> str:
            return by_id[pk].language

        def same_outlet(pk: int, other: int) -> bool:
            a, b = by_id[pk], by_id[other]
            return (a.outlet_id, a.language) == (b.outlet_id, b.language)

        for title, truth in (
            ("true counterparts: every version of the same event", events),
            ("true counterparts: the same case (or cases sharing an article)", strict),
        ):
            app, document, misses, queries = [], [], [], 0
            for pk, relevant in sorted(truth.items()):
                ranked, by_document = rankings[pk]
                # The same outlet's articles in the same language are never candidates (they are
                # its own other pieces): such pairs are left out.
                targets = [t for t in sorted(relevant) if not same_outlet(pk, t)]
                if not targets:
                    continue
                queries += 1
                for target in targets:
                    pair = "-".join(sorted((language(pk), language(target))))
                    rank = filtered_rank(ranked, target, relevant)
                    app.append((pair, rank))
                    if options.explain and rank != 1:
                        end = ranked.index(target) if target in ranked else len(ranked)
                        above = [r for r in ranked[:end] if r not in relevant]
                        print(
                            f"  [{language(pk)}] {by_id[pk].title[:40]!r}: counterpart "
                            f"[{language(target)}] {by_id[target].title[:40]!r} after "
                            + "; ".join(f"[{language(r)}] {by_id[r].title[:40]!r}" for r in above)
                        )
                    document.append(filtered_rank(by_document, target, relevant))
                if ranked and ranked[0] not in relevant:
                    misses.append((pk, ranked[0]))
            report(f"{title} ({len(app)} article-counterpart pairs)", app, document)
            print(
                f"{'top 1 is a true counterpart':<26} {queries:>6} "
                f"{1 - len(misses) / max(1, queries):>9.3f}   (by query)"
            )
            for pk, top in misses:
                print(
                    f"  miss: [{language(pk)}] {by_id[pk].title[:55]!r} -> first "
                    f"[{language(top)}] {by_id[top].outlet.name}: {by_id[top].title[:45]!r}"
                )


if __name__ == "__main__":
    main()
