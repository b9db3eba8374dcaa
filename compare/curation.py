"""Editors' decisions over the machine's alignment: merging them in, and scoring the machine.

Pure: `ComparisonResult` and small dataclasses in and out; no ORM, no model.
Decisions are given by sentence index (`a`/`b` positions in each article), the
way `selectors` reads them from `CuratedLink` and `CuratedAddition`.

Merge rules (`merge_curation`): an editor's decision always beats the machine,
and a later decision beats an earlier one.

1. Link decisions are applied in the order they were made.
   - A rejection ("these sentences do not correspond") removes every link that
     contains all of the rejected sentences: the exact link, or a larger one
     that still pairs them (A3 ↔ B4+B5 when A3 ↔ B4 was rejected). A smaller
     link that pairs only some of them (A3 ↔ B5 after A3 ↔ B4+B5 was rejected)
     is kept: rejecting a 1:2 link says the pair as a whole is wrong, not that
     each of its sentences is unrelated.
   - An editor's link removes every link (the machine's or an earlier editor's)
     that shares any of its sentences, then takes its place. When the machine
     had proposed exactly that link it is a confirmation: the machine's score,
     "moved" flag and facts are kept. Otherwise the link scores 1.0 (an
     editor's certainty, not a similarity), is not marked moved, and its fact
     differences are computed afresh.
2. An addition decision sets the sentence's type and takes the sentence out of
   any machine link (the rest of the link stays, or the link goes when one of
   its sides is left empty). A sentence an editor linked is never an addition:
   an addition decision about it is ignored.
3. Sentences the merge leaves without a link and without a type (their machine
   link was rejected) are typed by `additions.classify_additions`.

Curated links and additions come out with `curated = True` (links and
sentences), which the page and the exports show.

Evaluation (`evaluate`): the curated decisions are the gold standard, scored
like the Text+Berg strict metric — a machine link is right only when its
(A sentences, B sentences) are exactly those of an editor's link. Only what
editors decided about is scored: see `evaluate`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from compare.results import (
    SIDES,
    Addition,
    ComparisonResult,
    ResultLink,
    link_facts,
    with_changes,
)
from compare.vocabulary import LinkKind, Verdict

CURATED_LINK_SCORE = 1.0


@dataclass(frozen=True)
class LinkDecision:
    """An editor's verdict on a set of sentences: `link` (they correspond) or `reject`."""

    verdict: str  # Verdict
    a: tuple[int, ...]
    b: tuple[int, ...]
    kind: str = LinkKind.MATCH
    note: str = ""
    id: int | None = None  # the CuratedLink's database id, when stored


@dataclass(frozen=True)
class AdditionDecision:
    """An editor's verdict that a sentence has no counterpart, with its type."""

    side: str
    index: int
    addition_type: str
    note: str = ""
    id: int | None = None  # the CuratedAddition's database id, when stored


@dataclass(frozen=True)
class Curation:
    links: tuple[LinkDecision, ...] = ()  # in the order they were made
    additions: tuple[AdditionDecision, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.links or self.additions)


def _pairs(link: ResultLink | LinkDecision) -> tuple[frozenset[int], frozenset[int]]:
    return frozenset(link.a), frozenset(link.b)


def _shares_sentences(link: ResultLink, decision: LinkDecision) -> bool:
    a, b = _pairs(decision)
    return bool(a & set(link.a) or b & set(link.b))


def _contains(link: ResultLink, decision: LinkDecision) -> bool:
    a, b = _pairs(decision)
    return a <= set(link.a) and b <= set(link.b)


def _without_sentence(link: ResultLink, side: str, index: int) -> ResultLink | None:
    """The link with one sentence taken out, or None when that empties one of its sides."""
    remaining = tuple(i for i in getattr(link, side) if i != index)
    if not remaining:
        return None
    facts = dict(link.facts)
    facts[side] = [f for f in link.facts.get(side, ()) if f.get("sentence") != index]
    return dataclasses.replace(link, **{side: remaining}, facts=facts)


def merge_curation(machine: ComparisonResult, curation: Curation) -> ComparisonResult:
    """The machine's result with the editors' decisions applied (see the module docstring).

    Returns a new result; `machine` is immutable and stays as it was.
    """
    if not curation:
        return machine
    links = list(machine.links)
    for decision in curation.links:
        if not (decision.a and decision.b):
            continue  # not a link between the articles; refused when stored
        if decision.verdict == Verdict.REJECT:
            links = [link for link in links if not _contains(link, decision)]
            continue
        confirmed = next(
            (link for link in links if not link.curated and _pairs(link) == _pairs(decision)),
            None,
        )
        links = [link for link in links if not _shares_sentences(link, decision)]
        a, b = tuple(sorted(decision.a)), tuple(sorted(decision.b))
        if confirmed is not None:
            links.append(dataclasses.replace(confirmed, kind=decision.kind, curated=True))
        else:
            links.append(
                ResultLink(
                    a=a,
                    b=b,
                    score=CURATED_LINK_SCORE,
                    kind=decision.kind,
                    facts=link_facts(a, b, machine.a, machine.b),
                    curated=True,
                )
            )

    editor_linked = {
        (side, index)
        for link in links
        if link.curated
        for side in SIDES
        for index in getattr(link, side)
    }
    additions = {
        key: addition
        for key, addition in machine.addition_map().items()
        if not addition.curated  # the machine's own typing only
    }
    for decision in curation.additions:
        key = (decision.side, decision.index)
        if key in editor_linked:
            continue  # an editor linked it (later or earlier): never an addition
        trimmed = []
        for link in links:
            if not link.curated and decision.index in getattr(link, decision.side):
                link = _without_sentence(link, decision.side, decision.index)
            if link is not None:
                trimmed.append(link)
        links = trimmed
        additions[key] = Addition(decision.addition_type, curated=True)
    # A sentence the machine linked and a decision unlinked is typed afresh by `with_changes`.
    return with_changes(machine, links=links, additions=additions)


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of `predicted` items against `expected` ones.

    With nothing predicted precision is 1.0 (no wrong prediction); with nothing
    expected recall is 1.0 (nothing missed).
    """

    correct: int
    predicted: int
    expected: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @classmethod
    def of(cls, predicted: Iterable, expected: Iterable) -> Score:
        predicted, expected = set(predicted), set(expected)
        return cls(len(predicted & expected), len(predicted), len(expected))


@dataclass(frozen=True)
class Evaluation:
    links: Score
    additions: Score
    typed_additions: Score  # an addition is right only with the editor's type
    curated_sentences: int  # sentences an editor linked or typed
    total_sentences: int
    rejections: int

    @property
    def complete(self) -> bool:
        """Every sentence of both articles has an editor's decision: a full gold set."""
        return self.curated_sentences == self.total_sentences


def evaluate(machine: ComparisonResult, curation: Curation) -> Evaluation:
    """Score the machine's result against the editors' decisions.

    Gold links are the editors' links as they stand after merging (a later
    decision replaces an earlier one); gold additions are the editors'
    additions. Only decided sentences are scored — the sentences an editor
    linked or typed ("curated"); the others are unknown, not wrong:

    - links: a machine link is scored when it touches a curated sentence, or
      contains a set an editor rejected; it is right when its (A set, B set)
      equals a gold link exactly. Recall is over all gold links.
    - additions: the machine's additions among curated sentences against the
      editors' additions; `typed_additions` also requires the same type.
    """
    gold = merge_curation(machine, curation)
    gold_links = {_pairs(link) for link in gold.links if link.curated}
    curated = {(side, s.index) for side in SIDES for s in gold.side(side).sentences if s.curated}
    gold_additions = {
        (side, s.index): s.addition_type
        for side in SIDES
        for s in gold.side(side).sentences
        if s.curated and s.link is None
    }
    rejections = [d for d in curation.links if d.verdict == Verdict.REJECT]

    def scored(link: ResultLink) -> bool:
        touches = any((side, i) in curated for side in SIDES for i in getattr(link, side))
        return touches or any(_contains(link, decision) for decision in rejections)

    machine_links = {_pairs(link) for link in machine.links if scored(link)}
    machine_additions = {
        (side, s.index): s.addition_type or "other"
        for side in SIDES
        for s in machine.side(side).sentences
        if s.link is None and (side, s.index) in curated
    }
    return Evaluation(
        links=Score.of(machine_links, gold_links),
        additions=Score.of(machine_additions, gold_additions),
        typed_additions=Score.of(machine_additions.items(), gold_additions.items()),
        curated_sentences=len(curated),
        total_sentences=len(machine.a.sentences) + len(machine.b.sentences),
        rejections=len(rejections),
    )
