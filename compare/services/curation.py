"""Editors' decisions about a comparison: links, rejections and addition types.

Decisions are stored apart from the machine's output (`CuratedLink`, `CuratedAddition`) and
survive re-alignment; `curation.merge_curation` applies them. After each decision the
listing's figures are refreshed (`alignment.store_figures`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import transaction

from compare.models import Comparison, CuratedAddition, CuratedLink, Sentence
from compare.results import parse_link_key
from compare.services.alignment import store_figures
from compare.vocabulary import AdditionType, LinkKind, Verdict


class CurationError(ValueError):
    """An editor's decision that cannot be stored; the message says why."""


def comparison_article_ids(comparison: Comparison) -> list[int]:
    """The ids of the compared articles, A first (from prefetched members when present)."""
    return [article.pk for article in comparison.ordered_articles]


def check_link_sentences(
    *, comparison: Comparison, sentence_ids: Sequence[int], both_sides: bool = True
) -> dict[int, int]:
    """{sentence id: article id} for sentences of the comparison's articles, else `CurationError`.

    With `both_sides`, the sentences must include at least one of each article:
    a link joins the articles.
    """
    if not sentence_ids:
        raise CurationError("Choose at least one sentence.")
    articles = comparison_article_ids(comparison)
    found = dict(Sentence.objects.filter(pk__in=set(sentence_ids)).values_list("pk", "article_id"))
    if missing := set(sentence_ids) - set(found):
        raise CurationError(f"No such sentence: {', '.join(map(str, sorted(missing)))}.")
    if any(article not in articles for article in found.values()):
        raise CurationError("Those sentences are not all in the articles of this comparison.")
    if both_sides and len(set(found.values())) < len(articles):
        raise CurationError("A link needs sentences of both articles.")
    return found


def sentence_ids_at(*, comparison: Comparison, anchors: Sequence[tuple[str, int]]) -> list[int]:
    """Sentence ids from (side, index) pairs — the page's "a-3" anchors — in one query."""
    articles = dict(zip("ab", comparison_article_ids(comparison), strict=False))
    wanted = {(articles.get(side), index) for side, index in anchors}
    rows = Sentence.objects.filter(
        article__in=articles.values(), position__in={index for _, index in anchors}
    ).values_list("article_id", "position", "pk")
    ids = {(article, position): pk for article, position, pk in rows}
    if missing := wanted - set(ids):
        raise CurationError(f"No such sentence in this comparison ({len(missing)} not found).")
    return [ids[(articles[side], index)] for side, index in anchors]


def link_sentence_ids(*, comparison: Comparison, link_key: str) -> list[int]:
    """The sentence ids of the link the page names `link_key` ("a3.4-b5", `results.link_key`),
    in one query; the key names sentences, so it needs no result to be rebuilt."""
    parsed = parse_link_key(link_key)
    if parsed is None:
        raise CurationError(f"“{link_key}” does not name a link.")
    a, b = parsed
    return sentence_ids_at(
        comparison=comparison, anchors=[("a", i) for i in a] + [("b", i) for i in b]
    )


def _decisions_by_sentences(comparison: Comparison) -> list[tuple[CuratedLink, frozenset[int]]]:
    return [
        (curated, frozenset(s.pk for s in curated.sentences.all()))
        for curated in comparison.curated_links.prefetch_related("sentences")
    ]


def _delete_decisions(
    comparison: Comparison,
    same_set: Callable[[frozenset[int]], bool],
    overridden_link: Callable[[frozenset[int]], bool],
) -> None:
    """Delete the decisions a new one replaces: any on the same set of sentences, and the
    editors' links that `overridden_link` says the new decision overrides."""
    stale = [
        curated.pk
        for curated, members in _decisions_by_sentences(comparison)
        if same_set(members) or (curated.verdict == Verdict.LINK and overridden_link(members))
    ]
    CuratedLink.objects.filter(pk__in=stale).delete()


def _create_decision(
    comparison: Comparison, sentences: frozenset[int], *, verdict: str, kind: str, note: str, user
) -> CuratedLink:
    curated = CuratedLink.objects.create(
        comparison=comparison, verdict=verdict, kind=kind, note=note.strip(), created_by=user
    )
    curated.sentences.set(sentences)
    return curated


@transaction.atomic
def curate_link(
    *,
    comparison: Comparison,
    sentence_ids: Sequence[int],
    kind: str = LinkKind.MATCH,
    note: str = "",
    user=None,
) -> CuratedLink:
    """Record that these sentences correspond (confirming a machine link or making a new one).

    The latest decision wins, as in `curation.merge_curation`: earlier editor
    links sharing a sentence, a decision on exactly this set, and additions
    recorded for these sentences are deleted.
    """
    check_link_sentences(comparison=comparison, sentence_ids=sentence_ids)
    chosen = frozenset(sentence_ids)
    _delete_decisions(
        comparison, lambda members: members == chosen, lambda members: bool(members & chosen)
    )
    CuratedAddition.objects.filter(comparison=comparison, sentence__in=chosen).delete()
    decision = _create_decision(
        comparison, chosen, verdict=Verdict.LINK, kind=kind, note=note, user=user
    )
    store_figures(comparison=comparison)
    return decision


@transaction.atomic
def reject_link(
    *, comparison: Comparison, sentence_ids: Sequence[int], note: str = "", user=None
) -> CuratedLink:
    """Record that these sentences do not correspond: the link goes and the machine cannot
    bring it back. Also how an editor's own link is undone ("unlink").

    Deletes the decisions on exactly this set and the editors' links containing it.
    """
    check_link_sentences(comparison=comparison, sentence_ids=sentence_ids)
    chosen = frozenset(sentence_ids)
    _delete_decisions(
        comparison, lambda members: members == chosen, lambda members: chosen <= members
    )
    decision = _create_decision(
        comparison,
        chosen,
        verdict=Verdict.REJECT,
        kind=LinkKind.MATCH,
        note=note,
        user=user,
    )
    store_figures(comparison=comparison)
    return decision


@transaction.atomic
def curate_addition(
    *,
    comparison: Comparison,
    sentence_id: int,
    addition_type: str,
    note: str = "",
    user=None,
) -> CuratedAddition:
    """Record that a sentence has no counterpart, with its type.

    The sentence leaves any editor's link it was in (a link left with one
    side empty is deleted); the machine's links give way in the merge.
    """
    if addition_type not in AdditionType.values:
        raise CurationError(f"Unknown addition type: {addition_type!r}.")
    check_link_sentences(comparison=comparison, sentence_ids=[sentence_id], both_sides=False)
    for curated, members in _decisions_by_sentences(comparison):
        if curated.verdict != Verdict.LINK or sentence_id not in members:
            continue
        remaining = members - {sentence_id}
        articles = set(Sentence.objects.filter(pk__in=remaining).values_list("article", flat=True))
        if len(articles) < 2:
            curated.delete()
        else:
            curated.sentences.remove(sentence_id)
    curated_addition, _ = CuratedAddition.objects.update_or_create(
        comparison=comparison,
        sentence_id=sentence_id,
        defaults={"addition_type": addition_type, "note": note.strip(), "created_by": user},
    )
    store_figures(comparison=comparison)
    return curated_addition
