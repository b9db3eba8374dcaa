"""Encoding sentences, aligning a comparison, and storing its result and figures."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from django.db import DatabaseError, transaction
from django.utils import timezone

from compare import embeddings, selectors
from compare.models import (
    Addition,
    Article,
    Comparison,
    ComparisonArticle,
    Link,
    LinkSentence,
    Sentence,
    SentenceEmbedding,
)
from compare.results import SIDES, ComparisonResult, ResultSentence, Side, analyse


class AlignmentError(RuntimeError):
    """An alignment that could not be made (the model would not load, the machine ran out of
    memory, the database refused); the message says why. The previous result is kept."""


class AlignmentSupersededError(RuntimeError):
    """The alignment was asked for again (or the comparison deleted) while this one ran: its
    result is not stored, the later request's is."""


def encode_and_store(*, sentences: Sequence[Sentence], model_name: str) -> np.ndarray:
    """The sentences' embeddings under `model_name`, one row each, in order.

    Stored rows are read back; the missing ones are encoded in one call and stored, so a
    sentence is never encoded twice for one model. float32, rows L2-normalised.
    """
    stored = {
        row.sentence_id: row.as_array()
        for row in SentenceEmbedding.objects.filter(
            sentence__in=[s.pk for s in sentences], model_name=model_name
        )
    }
    missing = [s for s in sentences if s.pk not in stored]
    if missing:
        vectors = embeddings.encode([s.text for s in missing], name=model_name)
        SentenceEmbedding.objects.bulk_create(
            [
                SentenceEmbedding(
                    sentence=s,
                    model_name=model_name,
                    dimensions=vector.shape[0],
                    vector=vector.astype(np.float32).tobytes(),
                )
                for s, vector in zip(missing, vectors, strict=True)
            ],
            ignore_conflicts=True,
        )
        stored.update((s.pk, vector) for s, vector in zip(missing, vectors, strict=True))
    if not sentences:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([stored[s.pk] for s in sentences]).astype(np.float32)


def side_of(article: Article, sentences: Sequence[Sentence]) -> Side:
    """An article's sentences as one side of a result (2 queries: its paragraphs, its outlet
    unless selected)."""
    paragraphs = {p.pk: (p.position, p.role) for p in article.paragraphs.all()}
    return Side(
        language=article.language,
        title=article.title,
        outlet=article.outlet.name,
        published_on=article.published_on,
        sentences=tuple(
            ResultSentence(
                index=s.position,
                paragraph=paragraphs[s.paragraph_id][0],
                text=s.text,
                id=s.pk,
                role=paragraphs[s.paragraph_id][1],
            )
            for s in sentences
        ),
    )


def align_comparison(*, comparison: Comparison, generation: int | None = None) -> ComparisonResult:
    """Align a comparison and replace the machine's previous result in one transaction.

    Editors' decisions are stored apart and not touched; the listing's figures are refreshed
    from the merged result. On failure the comparison is marked failed with the reason and the
    previous result is kept; `AlignmentError` says why, and any other exception (a bug) is
    raised as it is.

    `generation` is the alignment request this run answers (`services.request_alignment`):
    the result is stored only while it is still the comparison's latest, else
    `AlignmentSupersededError` is raised and nothing is stored. None (a run asked for here and
    now, as by `align_all --inline`) always stores.
    """
    model_name = embeddings.model_name()
    article_a, article_b = comparison.ordered_articles
    sentences_a = list(article_a.sentences.order_by("position"))
    sentences_b = list(article_b.sentences.order_by("position"))
    try:
        # Encoding happens outside the transaction: it is the slow part and
        # its rows are valid whatever happens to the alignment.
        vectors_a = encode_and_store(sentences=sentences_a, model_name=model_name)
        vectors_b = encode_and_store(sentences=sentences_b, model_name=model_name)
        result = analyse(
            side_of(article_a, sentences_a),
            side_of(article_b, sentences_b),
            vectors_a,
            vectors_b,
            model=model_name,
        )
        with transaction.atomic():
            # The row lock makes concurrent runs for one comparison store one after the
            # other, each replacing the whole result (SQLite has one writer anyway).
            current = (
                Comparison.objects.select_for_update()
                .filter(pk=comparison.pk)
                .values_list("generation", flat=True)
                .first()
            )
            if current is None or (generation is not None and current != generation):
                raise AlignmentSupersededError(f"Comparison {comparison.pk}: a later request")
            store_result(comparison=comparison, result=result)
            store_figures(comparison=comparison)
    except AlignmentSupersededError:
        raise
    except (embeddings.EncoderError, MemoryError, DatabaseError) as error:
        mark_failed(comparison.pk, str(error) or error.__class__.__name__, generation=generation)
        raise AlignmentError(str(error) or error.__class__.__name__) from error
    except Exception as error:
        mark_failed(comparison.pk, f"{error.__class__.__name__}: {error}", generation=generation)
        raise
    except BaseException:
        # The worker is stopping (a second Ctrl-C, SystemExit): say so rather than leave the
        # comparison "running" for ever.
        reason = "The worker stopped during the alignment."
        mark_failed(comparison.pk, reason, generation=generation)
        raise
    return result


def mark_failed(comparison_id: int, reason: str, *, generation: int | None = None) -> None:
    """Mark a comparison's alignment failed with the reason; with `generation`, only while that
    request is still the latest (a later request is queued and will speak for itself)."""
    rows = Comparison.objects.filter(pk=comparison_id)
    if generation is not None:
        rows = rows.filter(generation=generation)
    rows.update(status=Comparison.Status.FAILED, error=reason[:2000], updated=timezone.now())


def store_result(*, comparison: Comparison, result: ComparisonResult) -> None:
    """Replace the comparison's machine links and additions by `result`.

    The result's sentences carry their database ids (`side_of` sets them).
    """
    comparison.links.all().delete()
    comparison.additions.all().delete()
    ids = {side: [s.id for s in result.side(side).sentences] for side in SIDES}
    links = Link.objects.bulk_create(
        Link(
            comparison=comparison,
            kind=link.kind,
            score=link.score,
            moved=link.moved,
            facts={side: list(link.facts.get(side, ())) for side in SIDES},
        )
        for link in result.links
    )
    LinkSentence.objects.bulk_create(
        LinkSentence(link=stored, sentence_id=ids[side][index])
        for stored, link in zip(links, result.links, strict=True)
        for side in SIDES
        for index in getattr(link, side)
    )
    Addition.objects.bulk_create(
        Addition(
            comparison=comparison,
            sentence_id=ids[side][sentence.index],
            addition_type=sentence.addition_type,
            best_score=sentence.best_score,
        )
        for side in SIDES
        for sentence in result.side(side).sentences
        if sentence.link is None
    )
    comparison.status = Comparison.Status.ALIGNED
    comparison.model_name = result.model
    comparison.parameters = dict(result.parameters)
    comparison.aligned_at = timezone.now()
    comparison.error = ""
    comparison.save(
        update_fields=["status", "model_name", "parameters", "aligned_at", "error", "updated"]
    )


def store_figures(*, comparison: Comparison) -> None:
    """Store each side's figures (`ComparisonResult.figures`) from the merged result, so the
    listing shows what the comparison page shows without building every result."""
    comparison = selectors.get_comparison(comparison.pk)
    if comparison.aligned_at is None:
        return  # nothing to count yet: the listing says "not aligned"
    merged = selectors.read_comparison(comparison).merged
    members = sorted(comparison.members.all(), key=lambda member: member.position)
    for side, member in zip(SIDES, members, strict=True):
        figures = merged.figures(side)
        member.shared_percent = figures.shared_percent
        member.addition_count = figures.addition_count
        member.left_out_count = figures.left_out_count
    ComparisonArticle.objects.bulk_update(
        members, ["shared_percent", "addition_count", "left_out_count"]
    )
    # What the page shows changed with the figures (a result or an editor's decision):
    # `updated` is part of the key of the page's cached rendering.
    Comparison.objects.filter(pk=comparison.pk).update(updated=timezone.now())
