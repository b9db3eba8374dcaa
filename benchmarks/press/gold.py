"""The press corpus's gold annotations: reading, checking and expanding them.

Pure: standard library only. Each case is a folder of `benchmarks/press/cases/` holding the
articles as retrieved (`a.txt`, `b.txt`, optionally `c.txt`: UTF-8, blocks separated by blank
lines) and `gold.txt`, written by reading both sides (never by running our aligner):

    case: gv-lunar-station-it-fr
    kind: translation            # or: independent
    note: free text (optional)

    article a: a.txt
    language: it
    outlet: Global Voices in Italiano
    url: https://it.globalvoices.org/...
    date: 2021-03-09
    licence: CC BY 3.0
    structure: yes               # real page structure: captions, credits, bylines, ...

    article b: b.txt
    ...

    sentences a:
    @headline
    a0 | Titolo dell'articolo
    @body
    a1 | Prima frase.
    a2 [background] | Seconda frase, che l'altro articolo non ha.
    @caption
    a3 [caption] | Didascalia della foto.
    @credit
    a4 [credit] | Foto: Mario Rossi (CC BY 2.0)

    sentences b:
    ...

    links:
    a0 = b0                      # sure link
    a1 = b1 b2                   # sure, one-to-two (every pair a1-b1, a1-b2 is sure)
    a2 ~ b3                      # possible: neither rewarded nor penalised

    facts:
    a1 b1 | 10 marzo | 9 mars | the date differs
    a1 b2 | Zhang Kejian | - | only in A

Rules (`check_case` enforces them):
- `@role` starts a paragraph with that role (`ROLES`); every sentence line belongs to the
  paragraph above it.
- A sentence line is `<id> [<type>]? | <text>`; ids are the article letter and 0, 1, 2, ... in
  reading order; each text is found in the article file, in order (white space compared loosely),
  and together they cover every word of the file.
- `[type]` (`ADDITION_TYPES`) is required on a sentence that has no sure or possible link to some
  other article of the case, and not allowed on any other sentence.
- Links join sentences of two different articles; `=` sure, `~` possible.
- A fact line names a sure-linked pair of sentences and the fact as written on each side (`-`
  when a side has none); each text must occur in its sentence.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

CASES = Path(__file__).resolve().parent / "cases"

ROLES = (
    "headline",
    "standfirst",
    "byline",
    "dateline",
    "intertitle",
    "body",
    "caption",
    "credit",
    "quote",
    "list_item",
    "poll",
    "promo",
    "table",
)
ADDITION_TYPES = (
    "caption",
    "credit",
    "heading",
    "summary",
    "boilerplate",
    "duplicate",
    "commentary",
    "background",
    "quote",
    "other",
)
KINDS = ("translation", "independent")
ARTICLE_FIELDS = ("language", "outlet", "url", "date", "licence", "structure")

_SENTENCE = re.compile(r"^(?P<id>[a-z]\d+)\s*(?:\[(?P<type>[a-z_]+)\])?\s*\|\s?(?P<text>.*)$")
_LINK = re.compile(
    r"^(?P<left>[a-z]\d+(?:\s+[a-z]\d+)*)\s*(?P<op>[=~])\s*(?P<right>[a-z]\d+(?:\s+[a-z]\d+)*)$"
)
_SPACE = re.compile(r"\s+")


class GoldError(ValueError):
    """A gold file that breaks a rule; the message names the file and the line."""


@dataclass
class GoldSentence:
    id: str
    index: int
    text: str
    paragraph: int
    role: str
    type: str | None = None
    start: int = -1  # offsets in the article file, set by `check_case`
    end: int = -1


@dataclass
class GoldArticle:
    letter: str
    file: str
    language: str = ""
    outlet: str = ""
    url: str = ""
    date: str = ""
    licence: str = ""
    structure: bool = False
    text: str = ""
    sentences: list[GoldSentence] = field(default_factory=list)


@dataclass(frozen=True)
class GoldLink:
    left: tuple[str, ...]
    right: tuple[str, ...]
    sure: bool

    def pairs(self) -> set[tuple[str, str]]:
        """Sentence-id pairs, each ordered by article letter ("a3", "b5")."""
        return {tuple(sorted((x, y))) for x in self.left for y in self.right}


@dataclass(frozen=True)
class GoldFact:
    left: str  # sentence ids, ordered by article letter
    right: str
    left_text: str | None  # as written in the sentence; None when that side has no such fact
    right_text: str | None
    note: str = ""


@dataclass
class Case:
    name: str
    folder: Path
    kind: str = ""
    note: str = ""
    articles: dict[str, GoldArticle] = field(default_factory=dict)
    links: list[GoldLink] = field(default_factory=list)
    facts: list[GoldFact] = field(default_factory=list)

    def sentence(self, sentence_id: str) -> GoldSentence:
        article = self.articles[sentence_id[0]]
        return article.sentences[int(sentence_id[1:])]

    def pairs(self) -> list[tuple[str, str]]:
        """The article pairs of the case: ("a", "b"), and ("a", "c"), ("b", "c") for a triple."""
        letters = sorted(self.articles)
        return [(x, y) for i, x in enumerate(letters) for y in letters[i + 1 :]]

    def link_pairs(self, x: str, y: str, *, sure: bool) -> set[tuple[str, str]]:
        """Sure (or possible) sentence pairs between articles x and y."""
        found = set()
        for link in self.links:
            if link.sure == sure:
                found |= {p for p in link.pairs() if p[0][0] == x and p[1][0] == y}
        return found

    def one_sided(self, x: str, y: str) -> dict[str, set[str]]:
        """Sentences of x and of y with no sure or possible link in that pair, by letter."""
        linked = self.link_pairs(x, y, sure=True) | self.link_pairs(x, y, sure=False)
        touched = {s for pair in linked for s in pair}
        return {
            letter: {s.id for s in self.articles[letter].sentences if s.id not in touched}
            for letter in (x, y)
        }


def _loose(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def read_case(folder: Path) -> Case:
    """Parse `folder/gold.txt` and read the article files (no checks beyond the syntax)."""
    path = folder / "gold.txt"
    case = Case(name=folder.name, folder=folder)
    section = "header"
    article: GoldArticle | None = None
    sentences: GoldArticle | None = None
    role = "body"
    paragraph = -1

    def fail(number: int, message: str) -> GoldError:
        return GoldError(f"{path}:{number}: {message}")

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.rstrip()
        if section in ("header", "article", "links", "facts"):
            line = re.sub(r"\s+#.*$", "", line)
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if m := re.match(r"^article ([a-z]):\s*(\S+)$", line):
            section, article = "article", GoldArticle(letter=m[1], file=m[2])
            case.articles[m[1]] = article
            continue
        if m := re.match(r"^sentences ([a-z]):$", line):
            if m[1] not in case.articles:
                raise fail(number, f"sentences of article {m[1]} before its 'article {m[1]}:' line")
            section, sentences, role, paragraph = "sentences", case.articles[m[1]], "body", -1
            continue
        if line in ("links:", "facts:"):
            section = line[:-1]
            continue
        if section in ("header", "article"):
            key, _, value = line.partition(":")
            key, value = key.strip(), value.strip()
            if section == "header" and key in ("case", "kind", "note"):
                if key == "kind" and value not in KINDS:
                    raise fail(number, f"kind must be one of {', '.join(KINDS)}")
                if key != "case":
                    setattr(case, key, value)
                continue
            if section == "article" and key in ARTICLE_FIELDS:
                if key == "structure":
                    if value not in ("yes", "no"):
                        raise fail(number, "structure: yes or no")
                    article.structure = value == "yes"
                else:
                    setattr(article, key, value)
                continue
            raise fail(number, f"unknown field {key!r}")
        if section == "sentences":
            if line.startswith("@"):
                role = line[1:].strip()
                if role not in ROLES:
                    raise fail(number, f"unknown role {role!r}; roles: {', '.join(ROLES)}")
                paragraph += 1
                continue
            m = _SENTENCE.match(line)
            if not m:
                raise fail(number, "a sentence line is '<id> [type] | <text>'")
            expected = f"{sentences.letter}{len(sentences.sentences)}"
            if m["id"] != expected:
                raise fail(number, f"expected sentence id {expected}, found {m['id']}")
            if m["type"] and m["type"] not in ADDITION_TYPES:
                raise fail(
                    number, f"unknown type {m['type']!r}; types: {', '.join(ADDITION_TYPES)}"
                )
            if paragraph < 0:
                raise fail(number, "a sentence before any '@role' line")
            sentences.sentences.append(
                GoldSentence(
                    id=m["id"],
                    index=len(sentences.sentences),
                    text=m["text"].strip(),
                    paragraph=paragraph,
                    role=role,
                    type=m["type"],
                )
            )
            continue
        if section == "links":
            m = _LINK.match(line.strip())
            if not m:
                raise fail(number, "a link line is 'a1 a2 = b3' (sure) or 'a1 ~ b3' (possible)")
            case.links.append(
                GoldLink(tuple(m["left"].split()), tuple(m["right"].split()), m["op"] == "=")
            )
            continue
        if section == "facts":
            parts = [p.strip() for p in line.split("|")]
            ids = parts[0].split()
            if len(parts) < 3 or len(ids) != 2:
                raise fail(number, "a fact line is 'a1 b1 | text in a1 | text in b1 | note'")
            (left, left_text), (right, right_text) = sorted(
                [(ids[0], parts[1]), (ids[1], parts[2])]
            )
            case.facts.append(
                GoldFact(
                    left,
                    right,
                    None if left_text == "-" else left_text,
                    None if right_text == "-" else right_text,
                    parts[3] if len(parts) > 3 else "",
                )
            )
            continue
        raise fail(number, "line outside any section")
    for letter, article in case.articles.items():
        file = folder / article.file
        if not file.exists():
            raise GoldError(f"{path}: article {letter}: no file {article.file}")
        article.text = file.read_text(encoding="utf-8")
    return case


def check_case(case: Case) -> list[str]:
    """Every rule of the module docstring; returns the problems found (empty when the case is good).

    Also sets each sentence's offsets in its article file.
    """
    problems: list[str] = []
    where = f"{case.folder.name}"
    if case.kind not in KINDS:
        problems.append(f"{where}: 'kind:' missing")
    if len(case.articles) < 2:
        problems.append(f"{where}: a case needs at least two articles")
    for letter, article in case.articles.items():
        for name in ARTICLE_FIELDS:
            if name != "structure" and not getattr(article, name):
                problems.append(f"{where}: article {letter} has no '{name}:'")
        if not article.sentences:
            problems.append(f"{where}: article {letter} has no sentences")
            continue
        problems += _locate(where, article)
    ids = {s.id for article in case.articles.values() for s in article.sentences}
    for link in case.links:
        for sentence_id in (*link.left, *link.right):
            if sentence_id not in ids:
                problems.append(f"{where}: link names unknown sentence {sentence_id}")
        letters = {s[0] for s in link.left} | {s[0] for s in link.right}
        if len({s[0] for s in link.left}) != 1 or len({s[0] for s in link.right}) != 1:
            problems.append(f"{where}: each side of a link is one article: {link}")
        elif len(letters) != 2:
            problems.append(f"{where}: a link joins two different articles: {link}")
    if any(p.startswith(where + ": link") for p in problems):
        return problems
    needs_type = set()
    for x, y in case.pairs():
        for found in case.one_sided(x, y).values():
            needs_type |= found
    for article in case.articles.values():
        for sentence in article.sentences:
            if sentence.id in needs_type and not sentence.type:
                problems.append(f"{where}: {sentence.id} has no link: give it a [type]")
            if sentence.id not in needs_type and sentence.type:
                problems.append(f"{where}: {sentence.id} is linked everywhere: drop its [type]")
    sure = set()
    for x, y in case.pairs():
        sure |= case.link_pairs(x, y, sure=True)
    for fact in case.facts:
        if (fact.left, fact.right) not in sure:
            problems.append(f"{where}: fact on {fact.left} {fact.right}, not a sure-linked pair")
            continue
        for sentence_id, written in ((fact.left, fact.left_text), (fact.right, fact.right_text)):
            if written is not None and written not in case.sentence(sentence_id).text:
                problems.append(f"{where}: fact text {written!r} is not in {sentence_id}")
        if fact.left_text is None and fact.right_text is None:
            problems.append(f"{where}: fact on {fact.left} {fact.right} names no text")
    return problems


def _locate(where: str, article: GoldArticle) -> list[str]:
    """Find each sentence in the file, in order; report text the sentences do not cover."""
    problems = []
    # Compare with runs of white space collapsed: map loose offsets back to the file.
    loose_chars, origin = [], []
    previous_space = True
    for position, char in enumerate(article.text):
        if char.isspace():
            if not previous_space:
                loose_chars.append(" ")
                origin.append(position)
            previous_space = True
            continue
        loose_chars.append(char)
        origin.append(position)
        previous_space = False
    loose = "".join(loose_chars)
    cursor = 0
    for sentence in article.sentences:
        wanted = _loose(sentence.text)
        if not wanted:
            problems.append(f"{where}: {sentence.id} is empty")
            continue
        found = loose.find(wanted, cursor)
        if found < 0:
            problems.append(
                f"{where}: {sentence.id} not found in {article.file} after the sentence before it: "
                f"{wanted[:60]!r}"
            )
            continue
        skipped = loose[cursor:found].strip()
        if skipped:
            problems.append(f"{where}: text of {article.file} in no sentence: {skipped[:80]!r}")
        sentence.start = origin[found]
        sentence.end = origin[found + len(wanted) - 1] + 1
        cursor = found + len(wanted)
    if rest := loose[cursor:].strip():
        problems.append(f"{where}: text at the end of {article.file} in no sentence: {rest[:80]!r}")
    return problems


def load_cases(root: Path = CASES) -> list[Case]:
    """Every case under `root`, checked; raises GoldError listing the problems of any bad one."""
    cases, problems = [], []
    for folder in sorted(p for p in root.iterdir() if (p / "gold.txt").exists()):
        case = read_case(folder)
        problems += check_case(case)
        cases.append(case)
    if problems:
        raise GoldError("\n".join(problems))
    return cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check the press corpus's gold files.")
    parser.add_argument("cases", nargs="*", type=Path, help="case folders (default: all)")
    args = parser.parse_args(argv)
    folders = args.cases or sorted(p for p in CASES.iterdir() if (p / "gold.txt").exists())
    bad = 0
    for folder in folders:
        try:
            case = read_case(folder)
            problems = check_case(case)
        except GoldError as error:
            problems = [str(error)]
        if problems:
            bad += 1
            print("\n".join(problems))
            continue
        sizes = " ".join(f"{k}:{len(a.sentences)}" for k, a in sorted(case.articles.items()))
        sure = sum(len(case.link_pairs(x, y, sure=True)) for x, y in case.pairs())
        print(
            f"ok {folder.name}: {case.kind}, sentences {sizes}, sure pairs {sure}, "
            f"facts {len(case.facts)}"
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
