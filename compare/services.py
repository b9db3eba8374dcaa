"""Writes: importing articles, creating and aligning comparisons.

Every function that writes several rows, or calls the encoder, lives here;
views and management commands call these and nothing else writes.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from compare import embeddings, fetch, selectors, text
from compare.models import (
    Addition,
    AdditionType,
    Article,
    Comparison,
    ComparisonArticle,
    CuratedAddition,
    CuratedLink,
    Link,
    LinkKind,
    LinkSentence,
    Outlet,
    Paragraph,
    Sentence,
    SentenceEmbedding,
)
from compare.results import ComparisonResult, ResultSentence, Side, analyse


class DuplicateArticleError(text.TextError):
    """The same text (up to spacing and line ends) is already stored."""

    def __init__(self, existing: Article) -> None:
        self.existing = existing
        super().__init__(
            f"This text is already stored as the article “{existing.title}” (id {existing.pk})."
        )


class ComparisonError(ValueError):
    """Two articles that cannot be compared; the message says why."""


def segment_text(raw: str | bytes, *, language: str | None) -> tuple[str, str, list]:
    """Check and segment a text: (decoded text, language code, paragraphs).

    Raises a `text.TextError` subclass, with a message for the user, for bytes
    that are not UTF-8, an empty or over-long text, or an unsupported language.
    """
    decoded = text.decode_text(raw) if isinstance(raw, bytes) else raw
    text.check_text(decoded, max_chars=settings.COMPARE_MAX_TEXT_CHARS)
    code = text.check_language(language) if language else text.detect_language(decoded)
    return decoded, code, text.segment(decoded, code)


@transaction.atomic
def import_article(
    *,
    raw: str | bytes,
    title: str,
    outlet: Outlet | str,
    language: str | None = None,
    url: str = "",
    author: str = "",
    published_on: datetime.date | None = None,
) -> Article:
    """Store an article with its paragraphs and sentences; nothing is stored on error.

    `raw` is the text exactly as received (bytes are decoded as UTF-8). The
    language is detected when not given. Raises `text.TextError` subclasses
    and `DuplicateArticleError`.
    """
    decoded, code, paragraphs = segment_text(raw, language=language)
    if not title.strip():
        title = paragraphs[0].sentences[0].text[:200]
    digest = text.content_hash(decoded)
    if existing := Article.objects.filter(content_hash=digest).first():
        raise DuplicateArticleError(existing)
    if isinstance(outlet, str):
        outlet, _ = Outlet.objects.get_or_create(
            name=outlet.strip() or "Unknown outlet", defaults={"language": code}
        )
    article = Article.objects.create(
        outlet=outlet,
        title=title.strip()[:500],
        url=url,
        language=code,
        published_on=published_on,
        author=author.strip(),
        original_text=decoded,
        content_hash=digest,
    )
    stored_paragraphs = Paragraph.objects.bulk_create(
        Paragraph(article=article, position=position, text=p.text, start=p.start, end=p.end)
        for position, p in enumerate(paragraphs)
    )
    sentences = []
    for paragraph, segmented in zip(stored_paragraphs, paragraphs, strict=True):
        for span in segmented.sentences:
            sentences.append(
                Sentence(
                    article=article,
                    paragraph=paragraph,
                    position=len(sentences),
                    text=span.text,
                    start=span.start,
                    end=span.end,
                )
            )
    Sentence.objects.bulk_create(sentences)
    return article


@transaction.atomic
def create_comparison(*, articles: Sequence[Article], title: str = "") -> Comparison:
    """A comparison of the given articles, in that order (A, B, …); not aligned yet."""
    if len(articles) != 2:
        raise ComparisonError("A comparison needs exactly two articles.")
    if len({article.pk for article in articles}) != len(articles):
        raise ComparisonError("An article cannot be compared with itself.")
    comparison = Comparison.objects.create(
        title=title or " ↔ ".join(article.title[:80] for article in articles)
    )
    ComparisonArticle.objects.bulk_create(
        ComparisonArticle(comparison=comparison, article=article, position=position)
        for position, article in enumerate(articles)
    )
    return comparison


def get_embeddings(sentences: Sequence[Sentence], *, model_name: str) -> np.ndarray:
    """Rows for `sentences`, in order: stored ones read back, missing ones encoded in one call."""
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


def build_side(article: Article, sentences: Sequence[Sentence]) -> Side:
    paragraph_positions = {p.pk: p.position for p in article.paragraphs.all()}
    return Side(
        language=article.language,
        title=article.title,
        outlet=article.outlet.name,
        sentences=[
            ResultSentence(
                index=s.position,
                paragraph=paragraph_positions[s.paragraph_id],
                text=s.text,
                id=s.pk,
            )
            for s in sentences
        ],
    )


def align_comparison(comparison: Comparison) -> ComparisonResult:
    """Align a comparison and replace the machine's previous result in one transaction.

    Editors' decisions (curated links and additions) are stored apart and are
    not touched. On failure the comparison is marked failed with the reason,
    the previous result is kept, and the error is raised again.
    """
    model_name = embeddings.model_name()
    article_a, article_b = comparison.ordered_articles
    sentences_a = list(article_a.sentences.order_by("position"))
    sentences_b = list(article_b.sentences.order_by("position"))
    try:
        # Encoding happens outside the transaction: it is the slow part and
        # its rows are valid whatever happens to the alignment.
        vectors_a = get_embeddings(sentences_a, model_name=model_name)
        vectors_b = get_embeddings(sentences_b, model_name=model_name)
        result = analyse(
            build_side(article_a, sentences_a),
            build_side(article_b, sentences_b),
            vectors_a,
            vectors_b,
            model=model_name,
        )
    except Exception as error:
        Comparison.objects.filter(pk=comparison.pk).update(
            status=Comparison.Status.FAILED, error=str(error)[:2000], updated=timezone.now()
        )
        raise
    with transaction.atomic():
        store_result(comparison, result, sentences_a, sentences_b)
    return result


def store_result(
    comparison: Comparison,
    result: ComparisonResult,
    sentences_a: Sequence[Sentence],
    sentences_b: Sequence[Sentence],
) -> None:
    """Replace the comparison's machine links and additions by `result`."""
    comparison.links.all().delete()
    comparison.additions.all().delete()
    ids = {"a": [s.pk for s in sentences_a], "b": [s.pk for s in sentences_b]}
    links = Link.objects.bulk_create(
        Link(
            comparison=comparison,
            kind=link.kind,
            score=link.score,
            moved=link.moved,
            facts=link.facts,
        )
        for link in result.links
    )
    LinkSentence.objects.bulk_create(
        LinkSentence(link=stored, sentence_id=ids[side][index])
        for stored, link in zip(links, result.links, strict=True)
        for side in ("a", "b")
        for index in getattr(link, side)
    )
    Addition.objects.bulk_create(
        Addition(
            comparison=comparison,
            sentence_id=ids[side][sentence.index],
            addition_type=sentence.addition_type or "other",
            best_score=sentence.best_score,
        )
        for side in ("a", "b")
        for sentence in result.side(side).sentences
        if sentence.link is None
    )
    comparison.status = Comparison.Status.ALIGNED
    comparison.model_name = result.model
    comparison.parameters = result.parameters
    comparison.aligned_at = timezone.now()
    comparison.error = ""
    comparison.save(
        update_fields=["status", "model_name", "parameters", "aligned_at", "error", "updated"]
    )


# --- Curation and import ---------------------------------------------------------------
# Importing from the web or from saved HTML, and editors' curation decisions.


def import_article_from_html(
    *,
    html: str | bytes,
    url: str = "",
    title: str = "",
    outlet: Outlet | str = "",
    language: str | None = None,
    author: str = "",
    published_on: datetime.date | None = None,
) -> Article:
    """Extract the article of an HTML page (see `compare.fetch`) and import it.

    The page's own title, author, date, site name and declared language are
    used unless given; the outlet falls back to the URL's host name. Raises
    `fetch.NoArticleError`, the `text.TextError` family and `DuplicateArticleError`.
    """
    page = fetch.decode_html(html) if isinstance(html, bytes) else html
    extracted = fetch.extract_article(page, url=url)
    if not language and extracted.language:
        try:
            language = text.check_language(extracted.language)
        except text.UnsupportedLanguageError:
            language = None  # a wrong or unsupported lang attribute: detect from the text
    if isinstance(outlet, str) and not outlet.strip():
        outlet = extracted.site_name or fetch.site_name_from_url(url) or "Unknown outlet"
    return import_article(
        raw=extracted.text,
        title=title.strip() or extracted.title,
        outlet=outlet,
        language=language or None,
        url=url,
        author=author or extracted.author,
        published_on=published_on or extracted.published_on,
    )


def import_article_from_url(
    *,
    url: str,
    title: str = "",
    outlet: Outlet | str = "",
    language: str | None = None,
    author: str = "",
    published_on: datetime.date | None = None,
) -> Article:
    """Fetch a web page and import its article; nothing is stored on any error.

    Not atomic itself, on purpose: the download happens before any write, so
    no transaction is held open on the network; `import_article` is atomic.
    Raises the `fetch.FetchError` family (unreachable, HTTP error status,
    time-out, not HTML, too large, no article) and the `import_article` errors.
    """
    page = fetch.fetch_page(url)
    return import_article_from_html(
        html=page.html,
        url=page.url,
        title=title,
        outlet=outlet,
        language=language,
        author=author,
        published_on=published_on,
    )


def import_article_from_file(
    *,
    name: str,
    data: bytes,
    title: str = "",
    outlet: Outlet | str = "",
    language: str | None = None,
    url: str = "",
    author: str = "",
    published_on: datetime.date | None = None,
) -> Article:
    """Import an uploaded or local file: a saved web page (.html, .htm) goes through the
    extractor, anything else is read as UTF-8 text with paragraphs separated by blank lines."""
    options = {"title": title, "url": url, "author": author, "published_on": published_on}
    if name.lower().endswith((".html", ".htm")):
        return import_article_from_html(html=data, outlet=outlet, language=language, **options)
    if isinstance(outlet, str):
        outlet = outlet.strip() or "Unknown outlet"
    return import_article(raw=data, outlet=outlet, language=language or None, **options)


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
    """The sentence ids of the link the page shows under `link_key` (`result.link_key`).

    The key is looked up in the current result, editors' decisions included, so
    a page loaded before a re-alignment gets a clear error rather than acting on
    another link.
    """
    result = selectors.get_comparison_result(comparison)
    for link in result.links:
        if result.link_key(link) == link_key:
            return [
                result.side(side).sentences[index].id
                for side in ("a", "b")
                for index in getattr(link, side)
            ]
    raise CurationError("That link is not there any more: reload the page and try again.")


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
        if same_set(members)
        or (curated.verdict == CuratedLink.Verdict.LINK and overridden_link(members))
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
    return _create_decision(
        comparison, chosen, verdict=CuratedLink.Verdict.LINK, kind=kind, note=note, user=user
    )


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
    return _create_decision(
        comparison,
        chosen,
        verdict=CuratedLink.Verdict.REJECT,
        kind=LinkKind.MATCH,
        note=note,
        user=user,
    )


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
        if curated.verdict != CuratedLink.Verdict.LINK or sentence_id not in members:
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
    return curated_addition


# --- Comparisons from pasted texts ------------------------------------------------------


class PairImportError(text.TextError):
    """One text of a pair was refused; `side` ("a" or "b") says which, `error` why."""

    def __init__(self, side: str, error: text.TextError) -> None:
        self.side = side
        self.error = error
        super().__init__(str(error))


@transaction.atomic
def create_comparison_from_texts(*, articles: Sequence[dict], title: str = "") -> Comparison:
    """Import two texts and create their comparison (not aligned yet), all or nothing.

    Each item of `articles` holds `import_article`'s keyword arguments (`raw`,
    `title`, `outlet`, `language`, …), A first. Raises `PairImportError` naming
    the refused text; nothing is stored then.
    """
    stored = []
    for side, fields in zip(("a", "b"), articles, strict=True):
        try:
            stored.append(import_article(**fields))
        except text.TextError as error:
            raise PairImportError(side, error) from error
    return create_comparison(articles=stored, title=title)
