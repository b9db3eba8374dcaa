"""Importing articles: from a text, an HTML page, an uploaded or local file, or a web address."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from compare import extract, fetch, structure, text
from compare.models import Article, Outlet, Paragraph, Sentence
from compare.vocabulary import Role


class DuplicateArticleError(text.TextError):
    """The same text (up to spacing and line ends) is already stored."""

    def __init__(self, existing: Article) -> None:
        self.existing = existing
        super().__init__(
            f"This text is already stored as the article “{existing.title}” (id {existing.pk})."
        )


def read_text(raw: str | bytes, *, language: str | None) -> tuple[str, str]:
    """Check a text and find its language: (decoded text, language code).

    Raises a `text.TextError` subclass, with a message for the user, for bytes
    that are not UTF-8, an empty or over-long text, or an unsupported language.
    """
    decoded = text.decode_text(raw) if isinstance(raw, bytes) else raw
    text.check_text(decoded, max_chars=settings.COMPARE_MAX_TEXT_CHARS)
    code = text.check_language(language) if language else text.detect_language(decoded)
    return decoded, code


def segment_text(
    raw: str | bytes, *, language: str | None, roles: Sequence[str | None] | None = None
) -> tuple[str, str, list[structure.Paragraph]]:
    """`read_text`, then the text's paragraphs with their roles and sentences:
    (text, language, paragraphs). `roles` come from a page's markup (`structure.read_article`)."""
    decoded, code = read_text(raw, language=language)
    return decoded, code, structure.read_article(decoded, code, roles=roles)


@dataclass(frozen=True)
class PreparedArticle:
    """An article read and segmented, ready to be stored (`store_article`)."""

    text: str
    language: str
    paragraphs: list[structure.Paragraph]
    title: str
    outlet: Outlet | str
    url: str = ""
    author: str = ""
    published_on: datetime.date | None = None
    markup_roles: tuple[str | None, ...] = ()  # one per blank-line paragraph; () for plain text


def prepare_article(
    *,
    raw: str | bytes,
    title: str,
    outlet: Outlet | str,
    language: str | None = None,
    url: str = "",
    author: str = "",
    published_on: datetime.date | None = None,
    roles: Sequence[str | None] | None = None,
) -> PreparedArticle:
    """Check, read and segment an article without writing anything (the slow part of an
    import). Without a `title`, the text's headline is the title; without an `author`, the
    name its byline gives; without a `published_on`, its dateline's date. Raises the
    `text.TextError` family."""
    decoded, code, paragraphs = segment_text(raw, language=language, roles=roles)
    return PreparedArticle(
        text=decoded,
        language=code,
        paragraphs=paragraphs,
        title=title.strip() or _default_title(paragraphs),
        outlet=outlet,
        url=url,
        author=author.strip() or structure.byline_name(paragraphs, code),
        published_on=published_on or structure.publication_date(paragraphs, code),
        markup_roles=tuple(roles or ()),
    )


def _default_title(paragraphs: Sequence[structure.Paragraph]) -> str:
    """The headline the text holds (without a Markdown heading's hashes, which reading left
    out), not the site's chrome above it ("WikiNews de"); else its first sentence."""
    headline = next((p for p in paragraphs if p.role == Role.HEADLINE), None)
    if headline is None:
        return text.shorten(paragraphs[0].sentences[0].text, 200)
    return text.shorten(headline.text, 200)


def import_article(**fields) -> Article:
    """Store an article with its paragraphs (and their roles) and sentences; nothing is stored
    on error.

    Takes `prepare_article`'s keyword arguments: `raw` is the text exactly as received (bytes
    are decoded as UTF-8); the language is detected when not given; `roles`, one per
    blank-line paragraph of the text, come from the page's markup (see
    `import_article_from_html`), and without them the roles are read from the text. Raises
    `text.TextError` subclasses and `DuplicateArticleError`.
    """
    # Reading and segmenting come first, outside the transaction: with SQLite's immediate
    # transactions a write lock is held from the first statement, and segmenting a long text
    # takes seconds other writers would wait for.
    prepared = prepare_article(**fields)
    with transaction.atomic():
        return store_article(prepared)


def store_article(prepared: PreparedArticle) -> Article:
    """Write a prepared article; call inside a transaction. Raises `DuplicateArticleError`."""
    digest = text.content_hash(prepared.text)
    if existing := Article.objects.filter(content_hash=digest).first():
        raise DuplicateArticleError(existing)
    outlet = prepared.outlet
    if isinstance(outlet, str):
        outlet, _ = Outlet.objects.get_or_create(
            name=outlet.strip() or "Unknown outlet", defaults={"language": prepared.language}
        )
    article = Article.objects.create(
        outlet=outlet,
        title=prepared.title[:500],
        url=prepared.url,
        language=prepared.language,
        published_on=prepared.published_on,
        author=prepared.author.strip(),
        original_text=prepared.text,
        content_hash=digest,
        markup_roles=list(prepared.markup_roles),
    )
    store_paragraphs(article, prepared.paragraphs)
    return article


def store_paragraphs(
    article: Article, paragraphs: Sequence[structure.Paragraph], *, kept: Sequence[Sentence] = ()
) -> tuple[list[Sentence], list[Sentence]]:
    """Write the article's paragraphs and their sentences, numbered from 0; call inside a
    transaction. A stored sentence of `kept` with a new sentence's exact span is moved into its
    new paragraph and place rather than created again (its embeddings and decisions stay with
    it). Returns (the sentences in reading order, those created)."""
    stored_paragraphs = Paragraph.objects.bulk_create(
        Paragraph(
            article=article,
            position=position,
            text=p.text,
            role=p.role,
            start=p.start,
            end=p.end,
        )
        for position, p in enumerate(paragraphs)
    )
    by_span = {(s.start, s.end): s for s in kept}
    sentences, created, moved = [], [], []
    spans = (
        (paragraph, span)
        for paragraph, segmented in zip(stored_paragraphs, paragraphs, strict=True)
        for span in segmented.sentences
    )
    for position, (paragraph, span) in enumerate(spans):
        sentence = by_span.get((span.start, span.end))
        if sentence is None:
            sentence = Sentence(article=article, text=span.text, start=span.start, end=span.end)
            created.append(sentence)
        else:
            moved.append(sentence)
        sentence.paragraph, sentence.position = paragraph, position
        sentences.append(sentence)
    Sentence.objects.bulk_update(moved, ["paragraph", "position"])
    Sentence.objects.bulk_create(created)
    return sentences, created


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
    """Extract the article of an HTML page (see `compare.extract`) and import it, each
    paragraph with the role its markup gives it.

    The page's own title, author, date, site name and declared language are
    used unless given; the outlet falls back to the URL's host name. Raises
    `fetch.NoArticleError`, the `text.TextError` family and `DuplicateArticleError`.
    """
    page = fetch.decode_html(html) if isinstance(html, bytes) else html
    extracted = extract.extract_article(page, url=url)
    if not language and extracted.language:
        try:
            language = text.check_language(extracted.language)
        except text.UnsupportedLanguageError:
            language = None  # a wrong or unsupported lang attribute: detect from the text
    if isinstance(outlet, str) and not outlet.strip():
        outlet = extracted.site_name or extract.site_name_from_url(url) or "Unknown outlet"
    return import_article(
        raw=extracted.text,
        title=title.strip() or extracted.title,
        outlet=outlet,
        language=language or None,
        url=url,
        author=author or extracted.author,
        published_on=published_on or extracted.published_on,
        roles=extracted.roles,
    )


def import_article_from_url(*, url: str, **details) -> Article:
    """Fetch a web page and import its article; nothing is stored on any error.

    `details` are `import_article_from_html`'s (title, outlet, language, author,
    published_on). Not atomic itself, on purpose: the download happens before any write, so
    no transaction is held open on the network; `import_article` is atomic. Raises the
    `fetch.FetchError` family (unreachable, HTTP error status, time-out, not HTML, too large,
    no article) and the `import_article` errors.
    """
    page = fetch.fetch_page(url)
    return import_article_from_html(html=page.html, url=page.url, **details)


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
