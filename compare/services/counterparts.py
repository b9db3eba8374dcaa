"""Document vectors and counterpart finding: which stored articles are likely versions of the
same event as a given one, with the evidence (see `compare.counterparts`)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db.models import Count, Max, Q

from compare import counterparts, embeddings, vectors
from compare.facts import extract_facts
from compare.facts.names import countries
from compare.models import Article, ArticleEmbedding, Sentence, SentenceEmbedding
from compare.services.alignment import encode_and_store

# Articles whose missing document vectors are derived in one encoder call.
_EMBED_BATCH = 100


def embed_articles(
    *, articles: Sequence[Article], model_name: str | None = None
) -> dict[int, np.ndarray]:
    """The articles' document vectors under `model_name` (the configured model by default), by
    article id.

    Stored vectors are read back and never recomputed; a missing one is derived from the
    article's sentence embeddings (`counterparts.document_vector`), encoding only the sentences
    that have none (`encode_and_store`), and stored.
    """
    model_name = model_name or embeddings.model_name()
    found = {
        row.article_id: row.as_array()
        for row in ArticleEmbedding.objects.filter(
            article__in=[a.pk for a in articles], model_name=model_name
        )
    }
    missing = [a.pk for a in articles if a.pk not in found]
    for start in range(0, len(missing), _EMBED_BATCH):
        batch = missing[start : start + _EMBED_BATCH]
        sentences = list(Sentence.objects.filter(article__in=batch).order_by("article", "position"))
        if not sentences:
            continue
        matrix = encode_and_store(sentences=sentences, model_name=model_name)
        rows: dict[int, list[int]] = {}
        for row, sentence in enumerate(sentences):
            rows.setdefault(sentence.article_id, []).append(row)
        derived = {
            article_id: counterparts.document_vector(
                matrix[positions], [len(sentences[i].text) for i in positions]
            )
            for article_id, positions in rows.items()
        }
        ArticleEmbedding.objects.bulk_create(
            [
                ArticleEmbedding(
                    article_id=article_id,
                    model_name=model_name,
                    dimensions=vector.shape[0],
                    vector=vector.tobytes(),
                )
                for article_id, vector in derived.items()
            ],
            ignore_conflicts=True,  # another process derived the same: it is the same vector
        )
        found.update(derived)
    return found


@dataclass(frozen=True)
class Counterpart:
    """A stored article that is likely another version of the same event, and why."""

    article: Article
    score: float  # `counterparts.rank_score`, in [-0.85, 1]
    document_score: float  # cosine of the document vectors, in [-1, 1]
    shared_sentences: int  # mutual best sentence matches from the threshold up
    examples: tuple[tuple[str, str], ...]  # (this article's sentence, the candidate's), best first
    shared_facts: tuple[str, ...]  # names, numbers and dates both mention, as this one writes them
    other_countries: bool = False  # both name countries, none the same (`counterparts`)


# One approximate index per model and process: building it takes minutes at the sizes where it is
# used. Rebuilt when the stored vectors change (their count or newest id).
_approximate: dict[str, tuple[tuple[int, int | None], vectors.ApproximateIndex]] = {}


def _document_index(model_name: str) -> vectors.ApproximateIndex:
    rows = ArticleEmbedding.objects.filter(model_name=model_name)
    state = rows.aggregate(count=Count("id"), last=Max("id"))
    version = (state["count"], state["last"])
    cached = _approximate.get(model_name)
    if cached is None or cached[0] != version:
        ids, matrix = _load_vectors(rows)
        cached = (version, vectors.ApproximateIndex(ids, matrix))
        _approximate[model_name] = cached
    return cached[1]


def _load_vectors(rows) -> tuple[np.ndarray, np.ndarray]:
    ids, found = [], []
    for article_id, vector, dimensions in rows.values_list("article_id", "vector", "dimensions"):
        ids.append(article_id)
        found.append(np.frombuffer(bytes(vector), dtype=np.float32, count=dimensions))
    if not found:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 1), dtype=np.float32)
    return np.asarray(ids, dtype=np.int64), np.stack(found)


def candidate_articles(*, article: Article, days: int | None) -> Q:
    """Which stored articles may be counterparts of `article`: any other article, except the
    same outlet's in the same language (its own other pieces), published within `days` of it
    when both dates are known."""
    condition = ~Q(pk=article.pk) & ~Q(outlet_id=article.outlet_id, language=article.language)
    if days is not None and article.published_on is not None:
        window = datetime.timedelta(days=days)
        condition &= Q(published_on__isnull=True) | Q(
            published_on__range=(article.published_on - window, article.published_on + window)
        )
    return condition


def find_counterparts(
    *,
    article: Article,
    limit: int = 10,
    days: int | None = None,
    model_name: str | None = None,
) -> list[Counterpart]:
    """The `limit` stored articles most likely to be other versions of the same event, best
    first, with their evidence.

    `days`: the publication-date window (`settings.COMPARE_COUNTERPART_DAYS` when None; pass a
    negative number for no window). Candidates without a document vector get one first (see
    `embed_articles`). The nearest documents by cosine (exact search up to
    `settings.COMPARE_EXACT_SEARCH_LIMIT` candidates, the approximate index above) are ranked
    again by `counterparts.rank_score`, which counts the sentences the two articles share.
    """
    model_name = model_name or embeddings.model_name()
    if days is None:
        days = settings.COMPARE_COUNTERPART_DAYS
    condition = candidate_articles(article=article, days=None if days < 0 else days)
    candidates = Article.objects.filter(condition)
    query = embed_articles(articles=[article], model_name=model_name)[article.pk]
    embed_articles(
        articles=list(candidates.exclude(embeddings__model_name=model_name).only("pk")),
        model_name=model_name,
    )
    pool_size = max(3 * limit, 20)
    allowed = ArticleEmbedding.objects.filter(
        model_name=model_name, article__in=candidates.values("pk")
    )
    if allowed.count() <= settings.COMPARE_EXACT_SEARCH_LIMIT:
        hits = vectors.ExactIndex(*_load_vectors(allowed)).search(query, pool_size)
    else:
        allowed_ids = set(allowed.values_list("article_id", flat=True))
        hits = _document_index(model_name).search(query, pool_size, allowed=allowed_ids)
    return rank_candidates(article=article, hits=hits, limit=limit, model_name=model_name)


def rank_candidates(
    *, article: Article, hits: Sequence[vectors.Hit], limit: int, model_name: str
) -> list[Counterpart]:
    """Rank the nearest documents by `counterparts.rank_score` (3 queries: the candidates with
    their outlets, the sentences' texts, their stored vectors)."""
    pool = Article.objects.select_related("outlet").in_bulk([hit.id for hit in hits])
    ids = [article.pk, *pool]
    texts: dict[int, list[str]] = {pk: [] for pk in ids}
    for article_id, text in (
        Sentence.objects.filter(article__in=ids)
        .order_by("article", "position")
        .values_list("article_id", "text")
    ):
        texts[article_id].append(text)
    rows: dict[int, list[np.ndarray]] = {pk: [] for pk in ids}
    for article_id, vector, dimensions in (
        SentenceEmbedding.objects.filter(sentence__article__in=ids, model_name=model_name)
        .order_by("sentence__article", "sentence__position")
        .values_list("sentence__article_id", "vector", "dimensions")
    ):
        rows[article_id].append(np.frombuffer(bytes(vector), dtype=np.float32, count=dimensions))
    matrices = {pk: np.stack(found) if found else np.zeros((0, 1)) for pk, found in rows.items()}
    own_facts = extract_facts(article.original_text, article.language)
    own_countries = countries(article.original_text)
    found = []
    for hit in hits:
        candidate = pool.get(hit.id)
        if candidate is None:
            continue
        shared = counterparts.shared_sentences(matrices[article.pk], matrices[hit.id])
        elsewhere = counterparts.other_countries(own_countries, countries(candidate.original_text))
        score = counterparts.rank_score(
            hit.score,
            len(shared),
            query_sentences=len(texts[article.pk]),
            candidate_sentences=len(texts[hit.id]),
            other_countries=elsewhere,
        )
        found.append((score, hit, candidate, shared, elsewhere))
    found.sort(key=lambda item: (-item[0], item[2].pk))
    return [
        Counterpart(
            article=candidate,
            score=score,
            document_score=hit.score,
            shared_sentences=len(shared),
            examples=tuple(
                (texts[article.pk][s.query], texts[hit.id][s.candidate]) for s in shared[:2]
            ),
            shared_facts=tuple(
                counterparts.shared_facts(
                    own_facts, extract_facts(candidate.original_text, candidate.language)
                )
            ),
            other_countries=elsewhere,
        )
        for score, hit, candidate, shared, elsewhere in found[:limit]
    ]
