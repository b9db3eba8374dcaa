"""What a comparison of two articles found, in one shape for the page, the exports and the CLI.

Pure: dataclasses and dictionaries, no ORM and no model. `analyse()` turns the
two sides' sentences and embeddings into a `ComparisonResult`; the views, the
JSON/CSV exports, `manage.py align` and `manage.py export_comparison` all read
that one shape, so they cannot disagree.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from compare.additions import SentenceInfo, classify_additions
from compare.alignment import AlignmentParameters, align
from compare.facts import compare_facts

SIDES = ("a", "b")

# A spreadsheet opening the CSV runs a cell that starts with one of these as a
# formula (=HYPERLINK(…), +cmd|…); the sentences come from outside.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """A text cell made inert for spreadsheets: OWASP's rule, a leading single quote before a
    character that would start a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


@dataclass
class ResultSentence:
    index: int  # 0..n-1 in the article's reading order
    paragraph: int  # the paragraph's position in the article
    text: str
    id: int | None = None  # the database id, when the sentence is stored
    status: str = "addition"  # match | partial | moved | addition
    link: int | None = None  # index into ComparisonResult.links
    addition_type: str | None = None
    best_score: float | None = None  # additions: similarity of the closest other sentence
    curated: bool = False
    facts: list[dict] = field(default_factory=list)  # fact differences inside this sentence


@dataclass
class ResultLink:
    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float
    kind: str  # match | partial
    moved: bool = False
    facts: dict = field(default_factory=lambda: {"a": [], "b": []})
    curated: bool = False
    id: int | None = None  # the database id of the machine link, when stored


@dataclass
class Side:
    language: str
    sentences: list[ResultSentence]
    title: str = ""
    outlet: str = ""


@dataclass
class ComparisonResult:
    model: str
    a: Side
    b: Side
    links: list[ResultLink]
    parameters: dict = field(default_factory=dict)

    def side(self, name: str) -> Side:
        return self.a if name == "a" else self.b

    def additions(self, side: str) -> list[int]:
        return [s.index for s in self.side(side).sentences if s.link is None]

    def link_key(self, link: ResultLink) -> str:
        """A stable identifier of a link within this result, for the page and the exports."""
        return f"L{link.id}" if link.id is not None else f"a{'-'.join(map(str, link.a))}"

    def shared_share(self, side: str) -> float:
        """Share of the side's characters that are in a link, in [0, 1]."""
        sentences = self.side(side).sentences
        total = sum(len(s.text) for s in sentences)
        if not total:
            return 0.0
        return sum(len(s.text) for s in sentences if s.link is not None) / total

    def finish(self) -> ComparisonResult:
        """Set each sentence's status, link and facts from the links."""
        for side in SIDES:
            for sentence in self.side(side).sentences:
                sentence.link = None
                sentence.status = "addition"
                sentence.facts = []
        for position, link in enumerate(self.links):
            for side in SIDES:
                for index in getattr(link, side):
                    sentence = self.side(side).sentences[index]
                    sentence.link = position
                    sentence.addition_type = None
                    sentence.status = "moved" if link.moved else link.kind
                    sentence.facts = [
                        fact for fact in link.facts.get(side, []) if fact.get("sentence") == index
                    ]
        return self

    def to_document(self) -> dict:
        """The JSON shape of `manage.py align --json` and of the JSON export."""

        def side_document(side: Side) -> dict:
            return {
                "language": side.language,
                "title": side.title,
                "outlet": side.outlet,
                "sentences": [
                    {"index": s.index, "paragraph": s.paragraph, "text": s.text}
                    for s in side.sentences
                ],
            }

        additions = {side: self.additions(side) for side in SIDES}
        return {
            "model": self.model,
            "parameters": self.parameters,
            "a": side_document(self.a),
            "b": side_document(self.b),
            "links": [
                {
                    "id": self.link_key(link),
                    "a": list(link.a),
                    "b": list(link.b),
                    "score": round(float(link.score), 4),
                    "kind": link.kind,
                    "moved": link.moved,
                    "curated": link.curated,
                    "facts": link.facts,
                }
                for link in self.links
            ],
            "additions": additions,
            "addition_types": {
                side: {
                    str(index): self.side(side).sentences[index].addition_type or "other"
                    for index in additions[side]
                }
                for side in SIDES
            },
            "curated_additions": {
                side: [i for i in additions[side] if self.side(side).sentences[i].curated]
                for side in SIDES
            },
        }

    def to_csv(self) -> str:
        """One row per link or addition, in the order of article A then B."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            [
                "row",
                "kind",
                "score",
                "moved",
                "curated",
                "a_indices",
                "a_text",
                "b_indices",
                "b_text",
                "addition_type",
                "facts_a",
                "facts_b",
            ]
        )

        def texts(side: str, indices: Sequence[int]) -> str:
            return csv_text(" ".join(self.side(side).sentences[i].text for i in indices))

        for link in self.links:
            writer.writerow(
                [
                    "link",
                    link.kind,
                    f"{link.score:.4f}",
                    link.moved,
                    link.curated,
                    " ".join(map(str, link.a)),
                    texts("a", link.a),
                    " ".join(map(str, link.b)),
                    texts("b", link.b),
                    "",
                    csv_text("; ".join(f["text"] for f in link.facts.get("a", []))),
                    csv_text("; ".join(f["text"] for f in link.facts.get("b", []))),
                ]
            )
        for side in SIDES:
            for index in self.additions(side):
                sentence = self.side(side).sentences[index]
                row = ["addition", "addition", "", False, sentence.curated, "", "", "", ""]
                row[5 if side == "a" else 7] = str(index)
                row[6 if side == "a" else 8] = csv_text(sentence.text)
                writer.writerow([*row, sentence.addition_type or "other", "", ""])
        return buffer.getvalue()


def link_facts(
    link_a: Sequence[int], link_b: Sequence[int], a: Side, b: Side
) -> dict[str, list[dict]]:
    """Fact differences of one link, each tagged with the sentence it lies in.

    The linked sentences of a side are compared as one text joined by spaces;
    offsets are brought back to the sentence each fact lies in.
    """
    texts_a = [a.sentences[i].text for i in link_a]
    texts_b = [b.sentences[i].text for i in link_b]
    differences = compare_facts(
        " ".join(texts_a), " ".join(texts_b), language_a=a.language, language_b=b.language
    )
    found: dict[str, list[dict]] = {}
    for side, indices, texts, facts in (
        ("a", link_a, texts_a, differences.a),
        ("b", link_b, texts_b, differences.b),
    ):
        starts = np.cumsum([0] + [len(t) + 1 for t in texts])
        entries = []
        for fact in facts:
            position = int(np.searchsorted(starts, fact.start, side="right") - 1)
            offset = int(starts[position])
            entries.append(
                {
                    "kind": fact.kind,
                    "text": fact.text,
                    "sentence": indices[position],
                    "start": fact.start - offset,
                    "end": fact.end - offset,
                }
            )
        found[side] = entries
    return found


def analyse(
    a: Side,
    b: Side,
    embeddings_a: np.ndarray,
    embeddings_b: np.ndarray,
    *,
    model: str,
    parameters: AlignmentParameters | None = None,
) -> ComparisonResult:
    """Align two sides, type their additions and find fact differences in their links.

    `embeddings_*` are float32 L2-normalised rows, one per sentence of the side.
    """
    alignment = align(
        embeddings_a,
        embeddings_b,
        paragraphs_a=[s.paragraph for s in a.sentences],
        paragraphs_b=[s.paragraph for s in b.sentences],
        texts_a=[s.text for s in a.sentences],
        texts_b=[s.text for s in b.sentences],
        parameters=parameters,
    )
    links = [
        ResultLink(
            a=tuple(link.a),
            b=tuple(link.b),
            score=float(link.score),
            kind=link.kind,
            moved=link.moved,
            facts=link_facts(link.a, link.b, a, b),
        )
        for link in alignment.links
    ]
    result = ComparisonResult(
        model=model, a=a, b=b, links=links, parameters=alignment.parameters.as_dict()
    ).finish()

    similarities = embeddings_a @ embeddings_b.T if len(a.sentences) and len(b.sentences) else None
    for side, axis in (("a", 1), ("b", 0)):
        sentences = result.side(side).sentences
        types = classify_additions(
            [
                SentenceInfo(s.index, s.paragraph, s.text, is_addition=s.link is None)
                for s in sentences
            ],
            language=result.side(side).language,
        )
        best = similarities.max(axis=axis) if similarities is not None else None
        for index, addition_type in types.items():
            sentences[index].addition_type = addition_type
            if best is not None:
                sentences[index].best_score = float(best[index])
    return result
