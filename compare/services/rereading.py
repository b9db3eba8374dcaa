"""Reading stored articles again, with the reading rules of today.

An article's paragraphs, their roles and its sentences are read once, when it is imported
(`compare.structure.read_article`). When the reading improves, `reread_article` reads the
stored text again and replaces them, and loses nothing an editor decided:

- a sentence whose span is unchanged keeps its row, so its embeddings and the decisions about
  it stay as they are;
- a decision about a sentence that is now cut differently passes to the sentences that cover
  its text: a link's sentence to every one of them, an addition's type to the one that covers
  most of it. A decision about text that no sentence holds any more (a mark the reading now
  leaves out) is deleted and counted in the report;
- the comparisons the article is in lose their machine result, which named the old sentences,
  and wait to be aligned again (`selectors.needing_alignment` finds them); a running alignment
  of one of them is superseded and stores nothing;
- the article's document vectors are deleted, to be derived again from its sentences.

The page's markup is not read again: what it said is stored with the article
(`Article.markup_roles`) and read with the text as at import. An article stored before those
were kept is read with its stored paragraph roles standing in for them (a role other than
body that covers a whole blank-line paragraph), so that the roles an HTML page gave are kept;
`from_text` reads such an article as a plain text instead.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from compare import structure, text
from compare.models import (
    Addition,
    Article,
    ArticleEmbedding,
    Comparison,
    ComparisonArticle,
    CuratedAddition,
    CuratedLink,
    Link,
    Paragraph,
    Sentence,
)
from compare.services.articles import store_paragraphs
from compare.vocabulary import Role


class RereadError(ValueError):
    """The article cannot be read again as asked; the message says why. Nothing was changed."""


@dataclass(frozen=True)
class Reread:
    """What reading an article again changed."""

    article: Article
    changed: bool  # any paragraph, role or sentence differs from what was stored
    sentences_kept: int = 0
    sentences_new: int = 0
    sentences_gone: int = 0
    roles_changed: int = 0  # kept sentences whose paragraph's role is another now
    decisions_moved: int = 0  # editors' decisions passed on to the new sentences
    decisions_lost: int = 0  # editors' decisions about text no sentence holds any more
    comparisons: tuple[int, ...] = ()  # ids of the comparisons to align again

    def __str__(self) -> str:
        if not self.changed:
            return f"Article {self.article.pk} “{self.article.title}”: unchanged."
        parts = [
            f"{self.sentences_kept} sentences kept, {self.sentences_new} new, "
            f"{self.sentences_gone} gone",
            f"{self.roles_changed} kept sentences in a paragraph of another role",
        ]
        if self.decisions_moved or self.decisions_lost:
            parts.append(
                f"{self.decisions_moved} editors' decisions passed on to new sentences, "
                f"{self.decisions_lost} lost with their text"
            )
        count = len(self.comparisons)
        parts.append(f"{count} comparison{'' if count == 1 else 's'} to align again")
        return f"Article {self.article.pk} “{self.article.title}”: " + "; ".join(parts) + "."


def reread_article(*, article: Article, from_text: bool = False) -> Reread:
    """Read a stored article's text again and store what the reading gives, in one
    transaction; an article whose reading is unchanged is not written. With `from_text`, the
    roles are read from the text alone, whatever the markup said. Raises `RereadError`."""
    stored_paragraphs = list(article.paragraphs.order_by("position"))
    stored = list(article.sentences.order_by("position"))
    roles = None if from_text else _markup_roles(article, stored_paragraphs)
    try:
        paragraphs = structure.read_article(article.original_text, article.language, roles=roles)
    except ValueError as error:
        raise RereadError(
            f"Article {article.pk}: the roles its page's markup gave no longer fit its "
            f"paragraphs ({error}). Read it from its text alone to read it again."
        ) from error
    if _same(paragraphs, stored_paragraphs, stored):
        return Reread(article=article, changed=False)

    old_roles = {p.pk: p.role for p in stored_paragraphs}
    role_before = {s.pk: old_roles[s.paragraph_id] for s in stored}
    with transaction.atomic():
        # Reading took a while: the stored reading must still be the one read above.
        if not list(Article.objects.select_for_update().filter(pk=article.pk).values("pk")):
            raise RereadError(f"Article {article.pk} was deleted meanwhile.")
        if list(article.sentences.order_by("position").values_list("pk", "start", "end")) != [
            (s.pk, s.start, s.end) for s in stored
        ]:
            raise RereadError(
                f"Article {article.pk} was read again by someone else meanwhile; nothing changed."
            )
        # Out of the way of the (article, position) constraints, until they are deleted.
        Paragraph.objects.filter(article=article).update(position=F("position") + _AWAY)
        Sentence.objects.filter(article=article).update(position=F("position") + _AWAY)
        sentences, created = store_paragraphs(article, paragraphs, kept=stored)
        kept = [s for s in sentences if s.pk in role_before]
        kept_ids = {s.pk for s in kept}
        gone = [s for s in stored if s.pk not in kept_ids]
        moved, lost = _pass_decisions(gone, sentences, kept_ids)
        comparisons = _clear_results(article)
        Sentence.objects.filter(pk__in=[s.pk for s in gone]).delete()
        Paragraph.objects.filter(pk__in=old_roles).delete()
        ArticleEmbedding.objects.filter(article=article).delete()
        Article.objects.filter(pk=article.pk).update(updated=timezone.now())
    return Reread(
        article=article,
        changed=True,
        sentences_kept=len(kept),
        sentences_new=len(created),
        sentences_gone=len(gone),
        roles_changed=sum(s.paragraph.role != role_before[s.pk] for s in kept),
        decisions_moved=moved,
        decisions_lost=lost,
        comparisons=comparisons,
    )


# Added to the stored positions while the new ones are written (positions are unique per
# article); far above any article's count of paragraphs or sentences.
_AWAY = 1_000_000_000


def _markup_roles(article: Article, stored: Sequence[Paragraph]) -> list[str | None] | None:
    """The roles the page's markup gave the article's blank-line paragraphs, as `read_article`
    takes them; for an article stored before they were kept, its stored roles stand in: a
    role other than body that every stored paragraph inside a blank-line paragraph has."""
    if article.markup_roles is not None:
        return article.markup_roles or None
    blocks = text.split_paragraphs(article.original_text)
    starts = [block.start for block in blocks]
    inside: dict[int, set[str]] = defaultdict(set)  # blank-line paragraph -> stored roles
    for paragraph in stored:  # a paragraph never spans a blank line
        inside[bisect.bisect_right(starts, paragraph.start) - 1].add(paragraph.role)
    roles = []
    for number in range(len(blocks)):
        found = inside[number]
        roles.append(next(iter(found)) if len(found) == 1 and Role.BODY not in found else None)
    return roles if any(roles) else None


def _same(
    paragraphs: Sequence[structure.Paragraph],
    stored_paragraphs: Sequence[Paragraph],
    stored: Sequence[Sentence],
) -> bool:
    """Whether a reading gives exactly the stored paragraphs, roles and sentences."""
    return [(p.start, p.end, p.role) for p in paragraphs] == [
        (p.start, p.end, p.role) for p in stored_paragraphs
    ] and [(s.start, s.end) for p in paragraphs for s in p.sentences] == [
        (s.start, s.end) for s in stored
    ]


def _covering(span: Sentence, sentences: Sequence[Sentence], starts: Sequence[int]) -> list:
    """The sentences (in reading order, not overlapping) that share characters with `span`."""
    number = max(bisect.bisect_right(starts, span.start) - 1, 0)
    covering = []
    while number < len(sentences) and sentences[number].start < span.end:
        if sentences[number].end > span.start:
            covering.append(sentences[number])
        number += 1
    return covering


def _overlap(a: Sentence, b: Sentence) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def _pass_decisions(
    gone: Sequence[Sentence], sentences: Sequence[Sentence], kept_ids: set[int]
) -> tuple[int, int]:
    """Pass the editors' decisions about the `gone` sentences to the `sentences` now covering
    their text; returns (decisions passed on, decisions deleted as their text is gone)."""
    if not gone:
        return 0, 0
    starts = [s.start for s in sentences]
    heirs = {old.pk: _covering(old, sentences, starts) for old in gone}
    moved = lost = 0

    members = CuratedLink.sentences.through
    of_decision: dict[int, set[int]] = defaultdict(set)  # decision -> its sentences here
    touched = set(
        members.objects.filter(sentence_id__in=heirs).values_list("curatedlink_id", flat=True)
    )
    for decision, sentence in members.objects.filter(
        curatedlink_id__in=touched, sentence_id__in=kept_ids | heirs.keys()
    ).values_list("curatedlink_id", "sentence_id"):
        of_decision[decision].add(sentence)
    new_members, emptied = [], []
    for decision, old in of_decision.items():
        now = {s.pk for o in old for s in heirs.get(o, ())} | (old & kept_ids)
        if now:
            new_members += [members(curatedlink_id=decision, sentence_id=pk) for pk in now]
            moved += 1
        else:
            emptied.append(decision)
    members.objects.bulk_create(new_members, ignore_conflicts=True)
    CuratedLink.objects.filter(pk__in=emptied).delete()
    lost += len(emptied)

    by_pk = {old.pk: old for old in gone}
    taken = set(
        CuratedAddition.objects.filter(sentence_id__in=kept_ids).values_list(
            "comparison_id", "sentence_id"
        )
    )
    for curated in CuratedAddition.objects.filter(sentence_id__in=heirs):
        old = by_pk[curated.sentence_id]
        candidates = [s for s in heirs[old.pk] if (curated.comparison_id, s.pk) not in taken]
        if not candidates:  # its text is gone, or its heir has a decision of its own
            curated.delete()
            lost += 1
            continue
        heir = max(candidates, key=lambda s: _overlap(s, old))
        curated.sentence = heir
        curated.save(update_fields=["sentence"])
        taken.add((curated.comparison_id, heir.pk))
        moved += 1
    return moved, lost


def _clear_results(article: Article) -> tuple[int, ...]:
    """Delete the machine results of the comparisons the article is in (they name its old
    sentences) and leave them to be aligned again; returns their ids."""
    ids = tuple(
        ComparisonArticle.objects.filter(article=article)
        .order_by("comparison_id")
        .values_list("comparison_id", flat=True)
    )
    Link.objects.filter(comparison_id__in=ids).delete()
    Addition.objects.filter(comparison_id__in=ids).delete()
    # A later generation: an alignment queued or running now stores nothing.
    Comparison.objects.filter(pk__in=ids).update(
        status=Comparison.Status.PENDING,
        generation=F("generation") + 1,
        aligned_at=None,
        error="",
        task_id="",
        updated=timezone.now(),
    )
    ComparisonArticle.objects.filter(comparison_id__in=ids).update(
        shared_percent=None, addition_count=None, left_out_count=None
    )
    return ids
