"""What a comparison of two articles found, in one immutable shape for the page, the exports,
the listing and the CLI.

Pure: dataclasses, no ORM and no model. A `ComparisonResult` is only ever made by `assemble()`,
the one place where each sentence's status, link, type and fact marks are derived from the
links and the typed additions. Everything that changes a result (aligning in `analyse()`,
editors' decisions in `curation.merge_curation`, the reader's threshold in
`display.apply_threshold`) builds new links and additions and assembles a new result; nothing
is modified in place. `selectors.read_comparison` builds the same shape from stored rows.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from compare.additions import SentenceInfo, classify_additions
from compare.alignment import AlignmentParameters, align
from compare.facts import compare_groups
from compare.text import announces, language_of
from compare.vocabulary import ROLE_LINK_KINDS, AdditionType, Relatedness, Role, Status

SIDES = ("a", "b")

# `ComparisonResult.relatedness`: a near-translation links at least this share of both
# articles' running text; reports of one event link this share of one of them, or make
# several links of at least this cosine (a clear shared sentence; see alignment's
# `strong_similarity`).
NEAR_TRANSLATION_SHARE = 0.6
SAME_EVENT_SHARE = 0.15
RELATED_LINK_SCORE = 0.45
# Independent reports of one event share little text but appear within days of each other: one
# clear link between articles published at most this many days apart makes them reports of the
# same event. On the press corpus, 9 of its 10 pairs of independent reports came out 0-6 days
# apart (the other 12 days, a post translated later); the 55 pairs of articles on different
# events that share a clear link (an earthquake in Haiti and one in Chile or Japan: the same
# words) came out 45 days apart or more.
SAME_EVENT_DAYS = 7
# `quote_translations`: a paragraph of running text right under a quotation, whose summed
# embedding is closer to the quotation's than to any other paragraph's of the article, with at
# least this cosine, is its translation unless it ends by announcing the next quotation. On the
# press corpus, the 9 paragraphs that translate the quoted post above them score 0.35-0.90,
# each closest to its post; of the 55 other paragraphs under a quotation (the narrative going on
# under a quotation left untranslated, the next post's "X wrote:") none is both closest to the
# quotation above and 0.35 or more from it, except two that announce the next quotation.
TRANSLATION_SIMILARITY = 0.35

# Indices of at most 6 digits (see forms._ANCHOR).
_LINK_KEY = re.compile(r"^a(\d{1,6}(?:\.\d{1,6})*)-b(\d{1,6}(?:\.\d{1,6})*)$")

# A spreadsheet opening the CSV runs a cell that starts with one of these as a
# formula (=HYPERLINK(…), +cmd|…); the sentences come from outside.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """A text cell made inert for spreadsheets: OWASP's rule, a leading single quote before a
    character that would start a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def other_side(side: str) -> str:
    return "b" if side == "a" else "a"


@dataclass(frozen=True)
class ResultSentence:
    index: int  # 0..n-1 in the article's reading order
    paragraph: int  # the paragraph's position in the article
    text: str
    id: int | None = None  # the database id, when the sentence is stored
    role: str = Role.BODY  # the paragraph's role on the page
    # Derived by `assemble` from the links and additions; never set by hand.
    status: str = Status.ADDITION
    link: int | None = None  # index into ComparisonResult.links
    addition_type: str | None = None
    best_score: float | None = None  # additions: cosine of the closest other sentence
    curated: bool = False  # an editor linked or typed it
    facts: tuple[dict, ...] = ()  # fact differences inside this sentence


@dataclass(frozen=True)
class ResultLink:
    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float  # cosine in [-1, 1]; an editor's new link scores 1.0
    kind: str  # LinkKind
    moved: bool = False
    # Fact differences by side, each {"kind", "text", "sentence", "start", "end"}; offsets are
    # relative to the sentence named by "sentence".
    facts: Mapping[str, Sequence[dict]] = field(default_factory=lambda: {"a": (), "b": ()})
    curated: bool = False

    @property
    def key(self) -> str:
        return link_key(self.a, self.b)


@dataclass(frozen=True)
class Addition:
    """What is known of a sentence with no counterpart."""

    type: str  # AdditionType
    best_score: float | None = None
    curated: bool = False


@dataclass(frozen=True)
class Side:
    language: str
    sentences: tuple[ResultSentence, ...]
    title: str = ""
    outlet: str = ""
    published_on: datetime.date | None = None


@dataclass(frozen=True)
class SideFigures:
    """The figures the listing and the page show for one side."""

    shared_percent: int  # share of the side's characters in a link, 0-100
    addition_count: int  # its sentences with no counterpart
    left_out_count: int  # the other side's sentences with no counterpart here


@dataclass(frozen=True)
class ComparisonResult:
    model: str
    a: Side
    b: Side
    links: tuple[ResultLink, ...]
    parameters: Mapping = field(default_factory=dict)

    def side(self, name: str) -> Side:
        return self.a if name == "a" else self.b

    def additions(self, side: str) -> list[int]:
        return [s.index for s in self.side(side).sentences if s.link is None]

    def addition_map(self) -> dict[tuple[str, int], Addition]:
        """The typed additions, in the form `assemble` takes them."""
        return {
            (side, s.index): Addition(
                s.addition_type or AdditionType.OTHER, s.best_score, s.curated
            )
            for side in SIDES
            for s in self.side(side).sentences
            if s.link is None
        }

    def shared_share(self, side: str) -> float:
        """Share of the side's characters that are in a link, in [0, 1]."""
        sentences = self.side(side).sentences
        total = sum(len(s.text) for s in sentences)
        if not total:
            return 0.0
        return sum(len(s.text) for s in sentences if s.link is not None) / total

    def text_share(self, side: str) -> float:
        """Share of the side's running text (no titles, pictures or furniture) in a link."""
        sentences = [s for s in self.side(side).sentences if ROLE_LINK_KINDS.get(s.role) == "text"]
        total = sum(len(s.text) for s in sentences)
        if not total:
            return 0.0
        return sum(len(s.text) for s in sentences if s.link is not None) / total

    def relatedness(self) -> str:
        """How related the two articles are, from the alignment itself (`Relatedness`).

        A near-translation shares most of both articles' running text; two reports of the same
        event share a real part of one of them, or several clear links, or one clear link when
        they were published within `SAME_EVENT_DAYS` of each other; anything less is loosely
        related. Titles, pictures and page furniture do not count in the shares: two pages of
        one site share those whatever they report; nor do datelines among the clear links: two
        dates resemble each other whatever happened on them.
        """
        shares = sorted((self.text_share("a"), self.text_share("b")))
        clear_links = self._clear_links()
        if shares[0] >= NEAR_TRANSLATION_SHARE:
            return Relatedness.NEAR_TRANSLATION
        if shares[1] >= SAME_EVENT_SHARE or clear_links >= 2:
            return Relatedness.SAME_EVENT
        days = self._days_apart()
        if clear_links and days is not None and days <= SAME_EVENT_DAYS:
            return Relatedness.SAME_EVENT
        return Relatedness.LOOSELY_RELATED

    def undated_clear_link(self) -> bool:
        """Would the publication dates decide between "loosely related" and "same event"? True
        when the articles read as loosely related with one clear link and a date is missing:
        the page then says which date it lacks."""
        return (
            self.relatedness() == Relatedness.LOOSELY_RELATED
            and self._clear_links() > 0
            and self._days_apart() is None
        )

    def _clear_links(self) -> int:
        """Links of `RELATED_LINK_SCORE` or more, but for those of two datelines."""
        return sum(
            link.score >= RELATED_LINK_SCORE
            and not (
                {self.a.sentences[i].role for i in link.a} == {Role.DATELINE}
                or {self.b.sentences[j].role for j in link.b} == {Role.DATELINE}
            )
            for link in self.links
        )

    def _days_apart(self) -> int | None:
        """Days between the two articles' publication, when both dates are known."""
        if self.a.published_on is None or self.b.published_on is None:
            return None
        return abs((self.a.published_on - self.b.published_on).days)

    def figures(self, side: str) -> SideFigures:
        return SideFigures(
            shared_percent=round(100 * self.shared_share(side)),
            addition_count=len(self.additions(side)),
            left_out_count=len(self.additions(other_side(side))),
        )

    def swapped(self) -> ComparisonResult:
        """The same comparison read from the other article: B becomes A, A becomes B.

        How a story whose pivot is a comparison's B reads it: a pair compared in either order
        is one comparison. Built by `assemble` like every result; `swapped()` twice gives the
        result back.
        """
        return assemble(
            model=self.model,
            a=self.b,
            b=self.a,
            links=[
                replace(
                    link,
                    a=link.b,
                    b=link.a,
                    facts={"a": link.facts.get("b", ()), "b": link.facts.get("a", ())},
                )
                for link in self.links
            ],
            additions={
                (other_side(side), index): addition
                for (side, index), addition in self.addition_map().items()
            },
            parameters=self.parameters,
        )

    def to_document(self) -> dict:
        """The JSON shape of `manage.py align --json` and of the JSON export."""

        def side_document(side: Side) -> dict:
            return {
                "language": side.language,
                "title": side.title,
                "outlet": side.outlet,
                "sentences": [
                    {"index": s.index, "paragraph": s.paragraph, "role": s.role, "text": s.text}
                    for s in side.sentences
                ],
            }

        additions = {side: self.additions(side) for side in SIDES}
        return {
            "model": self.model,
            "relatedness": str(self.relatedness()),
            "parameters": dict(self.parameters),
            "a": side_document(self.a),
            "b": side_document(self.b),
            "links": [
                {
                    "id": link.key,
                    "a": list(link.a),
                    "b": list(link.b),
                    "score": round(float(link.score), 4),
                    "kind": link.kind,
                    "moved": link.moved,
                    "curated": link.curated,
                    "facts": {side: list(link.facts.get(side, ())) for side in SIDES},
                }
                for link in self.links
            ],
            "additions": additions,
            "addition_types": {
                side: {
                    str(index): self.side(side).sentences[index].addition_type
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
                "a_role",
                "b_role",
            ]
        )

        def roles(side: str, indices: Sequence[int]) -> str:
            found = dict.fromkeys(self.side(side).sentences[i].role for i in indices)
            return " ".join(found)

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
                    csv_text("; ".join(f["text"] for f in link.facts.get("a", ()))),
                    csv_text("; ".join(f["text"] for f in link.facts.get("b", ()))),
                    roles("a", link.a),
                    roles("b", link.b),
                ]
            )
        for side in SIDES:
            for index in self.additions(side):
                sentence = self.side(side).sentences[index]
                row = ["addition", "addition", "", False, sentence.curated, "", "", "", ""]
                row[5 if side == "a" else 7] = str(index)
                row[6 if side == "a" else 8] = csv_text(sentence.text)
                placed = [sentence.role, ""] if side == "a" else ["", sentence.role]
                writer.writerow([*row, sentence.addition_type, "", "", *placed])
        return buffer.getvalue()


def link_key(a: Sequence[int], b: Sequence[int]) -> str:
    """A link's name on the page and in the exports: "a3-b5", "a3.4-b5" (its sentence indices).

    Made from the sentences alone, so that a page's key names the same sentences after any
    re-alignment and is turned back into them without rebuilding the result.
    """
    return f"a{'.'.join(map(str, a))}-b{'.'.join(map(str, b))}"


def parse_link_key(key: str) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """The (A indices, B indices) a `link_key` names, or None for anything else."""
    match = _LINK_KEY.match(key.strip())
    if not match:
        return None
    return tuple(map(int, match[1].split("."))), tuple(map(int, match[2].split(".")))


def assemble(
    *,
    model: str,
    a: Side,
    b: Side,
    links: Collection[ResultLink],
    additions: Mapping[tuple[str, int], Addition],
    parameters: Mapping | None = None,
) -> ComparisonResult:
    """The result of these links, with every sentence's status, link, type and facts derived.

    `additions` types the sentences no link holds, by (side, index); one missing is typed
    "other". A sentence is `curated` when it is in an editor's link or an editor typed it.
    The sides' sentences may come from another result: their derived fields are recomputed.
    """
    ordered = tuple(sorted(links, key=lambda link: (link.a[:1] or (-1,), link.b[:1] or (-1,))))
    owner: dict[tuple[str, int], int] = {}
    for position, link in enumerate(ordered):
        for side in SIDES:
            for index in getattr(link, side):
                owner[(side, index)] = position
    sides = {}
    for name, side in (("a", a), ("b", b)):
        sentences = []
        for sentence in side.sentences:
            position = owner.get((name, sentence.index))
            if position is None:
                addition = additions.get((name, sentence.index)) or Addition(AdditionType.OTHER)
                sentences.append(
                    replace(
                        sentence,
                        status=Status.ADDITION,
                        link=None,
                        addition_type=addition.type,
                        best_score=addition.best_score,
                        curated=addition.curated,
                        facts=(),
                    )
                )
                continue
            link = ordered[position]
            sentences.append(
                replace(
                    sentence,
                    status=Status.MOVED if link.moved else link.kind,
                    link=position,
                    addition_type=None,
                    best_score=None,
                    curated=link.curated,
                    facts=tuple(
                        fact
                        for fact in link.facts.get(name, ())
                        if fact.get("sentence") == sentence.index
                    ),
                )
            )
        sides[name] = replace(side, sentences=tuple(sentences))
    return ComparisonResult(
        model=model, a=sides["a"], b=sides["b"], links=ordered, parameters=parameters or {}
    )


def with_changes(
    result: ComparisonResult,
    *,
    links: Collection[ResultLink],
    additions: Mapping[tuple[str, int], Addition],
) -> ComparisonResult:
    """The same articles with other links and additions; sentences left untyped are typed."""
    return assemble(
        model=result.model,
        a=result.a,
        b=result.b,
        links=links,
        additions=type_additions(result.a, result.b, links, additions),
        parameters=result.parameters,
    )


def quote_translations(side: Side, embeddings: np.ndarray) -> frozenset[int]:
    """The sentences of `side` that translate the quotation right above them.

    A post quotes a tweet in its original language, then gives it in the article's own
    ("@name:", the tweet in Japanese, then its French translation): the translation is a quote
    too, though nothing in its text says so. It is a paragraph of running text right after a
    quote paragraph that says the same thing: by the multilingual encoder's cosine of the
    paragraphs' summed embeddings, the quotation is its closest paragraph in the article, at
    `TRANSLATION_SIMILARITY` or more, and the quotation reads as another language than the
    article's (lingua). A paragraph that ends with a colon announces the next quotation
    instead; one under a quotation in the article's own language goes on with its subject.
    """
    paragraphs: dict[int, list[ResultSentence]] = {}
    for sentence in side.sentences:
        paragraphs.setdefault(sentence.paragraph, []).append(sentence)
    order = sorted(paragraphs)
    if len(order) < 2:
        return frozenset()
    vectors = np.stack(
        [embeddings[[s.index for s in paragraphs[number]]].sum(axis=0) for number in order]
    )
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, -np.inf)
    found: set[int] = set()
    for k in range(1, len(order)):
        quoted, own = paragraphs[order[k - 1]], paragraphs[order[k]]
        if (
            quoted[0].role == Role.QUOTE
            and own[0].role == Role.BODY
            and not announces(own[-1].text)
            and similarity[k, k - 1] >= TRANSLATION_SIMILARITY
            and similarity[k].argmax() == k - 1
            and language_of(" ".join(s.text for s in quoted)) not in (side.language, None)
        ):
            found.update(s.index for s in own)
    return frozenset(found)


def type_additions(
    a: Side,
    b: Side,
    links: Collection[ResultLink],
    additions: Mapping[tuple[str, int], Addition],
    *,
    best_scores: Mapping[str, np.ndarray] | None = None,
    translations: Mapping[str, Collection[int]] | None = None,
) -> dict[tuple[str, int], Addition]:
    """`additions` plus a type (`additions.classify_additions`) for every sentence no link
    holds and `additions` does not type; `best_scores` gives their closest cosines,
    `translations` the sentences that translate a quotation (`quote_translations`)."""
    typed = dict(additions)
    for name, side in (("a", a), ("b", b)):
        linked = {index for link in links for index in getattr(link, name)}
        untyped = [
            s for s in side.sentences if s.index not in linked and (name, s.index) not in typed
        ]
        if not untyped:
            continue
        translating = translations.get(name, ()) if translations else ()
        types = classify_additions(
            [
                SentenceInfo(
                    s.index,
                    s.paragraph,
                    s.text,
                    is_addition=s.index not in linked,
                    role=s.role,
                    translates_quote=s.index in translating,
                )
                for s in side.sentences
            ],
            language=side.language,
            published_on=side.published_on,
        )
        best = best_scores.get(name) if best_scores else None
        for sentence in untyped:
            score = float(best[sentence.index]) if best is not None else math.nan
            typed[(name, sentence.index)] = Addition(
                types.get(sentence.index, AdditionType.OTHER),
                None if math.isnan(score) else score,
            )
    return typed


def link_facts(
    link_a: Sequence[int], link_b: Sequence[int], a: Side, b: Side
) -> dict[str, list[dict]]:
    """Fact differences of one link, each tagged with the sentence it lies in.

    Facts are extracted once per sentence (cached) and matched across the link's two
    groups of sentences; offsets are within the sentence.
    """
    differences = compare_groups(
        [a.sentences[i].text for i in link_a],
        [b.sentences[i].text for i in link_b],
        language_a=a.language,
        language_b=b.language,
    )
    return {
        side: [{**fact.as_dict(), "sentence": indices[fact.sentence]} for fact in facts]
        for side, indices, facts in (("a", link_a, differences.a), ("b", link_b, differences.b))
    }


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
        kinds_a=[ROLE_LINK_KINDS.get(s.role, "text") for s in a.sentences],
        kinds_b=[ROLE_LINK_KINDS.get(s.role, "text") for s in b.sentences],
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
    additions = type_additions(
        a,
        b,
        links,
        {},
        best_scores={"a": alignment.best_a, "b": alignment.best_b},
        translations={
            "a": quote_translations(a, embeddings_a),
            "b": quote_translations(b, embeddings_b),
        },
    )
    return assemble(
        model=model,
        a=a,
        b=b,
        links=links,
        additions=additions,
        parameters=alignment.parameters.as_dict(),
    )
