"""Extracting an article from an HTML page: its text, the role of each paragraph from the
markup, and its metadata, for `services.import_article`.

Pure but for settings: HTML in, an `ExtractedArticle` out; no ORM, no network (see
`compare.fetch` for the download).

- trafilatura finds the main text and the metadata (title, author, date, description, site
  name, language) and gives them as XML (`output_format="xml"`), keeping each block's kind:
  `head` (h2-h6), `p`, `item` (li), `quote` (blockquote), `cell` (table), `graphic` (img).
- trafilatura keeps `<img alt>` but drops `<figcaption>`; the captions are taken back from the
  HTML with lxml and placed after the picture they belong to, or else after the last
  extracted paragraph that comes before them in the page. Only figures inside the part of
  the page the article was extracted from are kept, so a "related articles" box's are not.
- Each block's role comes from its markup (`_TAG_ROLES`: the title is the headline, h2-h6
  intertitles, li list items, blockquote quotes, figcaption and alt text captions, table
  cells tables) and from the page's metadata (the block naming the declared author is the
  byline, the block equal to the declared description the standfirst). A plain paragraph's
  role is left to the text (`structure.read_article`).

The text comes back as paragraphs separated by blank lines, one per block, the shape
`structure.read_article` expects, with `roles` giving one role (or None) per paragraph.
"""

from __future__ import annotations

import datetime
import re
import urllib.parse
from dataclasses import dataclass

import lxml.etree
import lxml.html
from django.conf import settings

from compare import text
from compare.fetch import NoArticleError, PageTooLargeError
from compare.folding import normalise_words
from compare.vocabulary import Role

_SPACES = re.compile(r"[^\S\n]+")


@dataclass(frozen=True)
class ExtractedArticle:
    text: str  # paragraphs separated by blank lines
    roles: tuple[str | None, ...] = ()  # one per paragraph of `text`; None: read from the text
    title: str = ""
    author: str = ""
    published_on: datetime.date | None = None
    site_name: str = ""
    language: str = ""  # as the page declares it (`<html lang>`), unchecked


# How much more text than COMPARE_MAX_TEXT_CHARS a page may hold before it is
# refused unextracted. The extractor takes about 1 s per 200,000 characters of
# paragraphs and gets slower on many short blocks (4 s for 500,000 characters,
# 67 s for 2.5 million), and an article longer than the limit is refused after
# extraction anyway. The page's text includes its menus and footers, so it only
# bounds the article's from above: the margin leaves room for them. Issue 11.
PAGE_TEXT_MARGIN = 2


def check_page_text(html: str, *, url: str = "", max_chars: int) -> None:
    """`PageTooLargeError` for a page whose visible text is far longer than an article may be.

    Cheap (lxml parses a few MB in a tenth of a second), so it runs before the
    extractor, whose time grows with the text; see `PAGE_TEXT_MARGIN`.
    """
    try:
        tree = lxml.html.document_fromstring(
            html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
    except (lxml.etree.ParserError, ValueError):
        return  # nothing to measure: the extractor will say what is wrong
    lxml.etree.strip_elements(tree, "script", "style", "noscript", "template", with_tail=False)
    # Characters once runs of white space count as one, as in the extracted text.
    length = sum(len(word) + 1 for word in tree.text_content().split())
    if length > PAGE_TEXT_MARGIN * max_chars:
        where = f"The page at {url}" if url else "The page"
        raise PageTooLargeError(
            f"{where} holds about {length:,} characters of text, far more than the "
            f"{max_chars:,} an article may have: import one article at a time."
        )


def _clean(value: str) -> str:
    """One line per line break, single spaces inside lines, no blank lines."""
    lines = (_SPACES.sub(" ", line).strip() for line in value.split("\n"))
    return "\n".join(line for line in lines if line)


def _raw_text(element) -> str:
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "lb" else _raw_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _element_text(element) -> str:
    """The text of an element of trafilatura's XML, each `<lb/>` a line break."""
    return _clean(_raw_text(element))


def _blocks(document) -> list[tuple[str, str]]:
    """(kind, text) of each block of trafilatura's XML body, in order.

    kind is "graphic:<src>" for a picture's alt text, else the tag.
    """
    blocks = []
    main = document.find("main")
    if main is None:
        return blocks
    for element in main.iter("head", "p", "item", "quote", "graphic", "cell"):
        # Blocks nested in another block (a <p> in a <quote>) come with their parent.
        if any(parent.tag in {"p", "item", "quote", "head"} for parent in element.iterancestors()):
            continue
        if element.tag == "graphic":
            alt = _clean(element.get("alt", "") or element.get("title", ""))
            if alt:
                blocks.append((f"graphic:{_path_of(element.get('src', ''))}", alt))
            continue
        if content := _element_text(element):
            blocks.append((element.tag, content))
    return blocks


def _is_picture(kind: str) -> bool:
    """A picture's alt text ("graphic:<src>") rather than the article's text."""
    return kind.startswith("graphic:")


_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption")


def _container(tree, extracted: list[str]):
    """The page's article container: the lowest element holding every extracted block found
    in the page; None when none is found."""
    wanted = {text.normalise(block) for block in extracted}
    found = [e for e in tree.iter(*_BLOCK_TAGS) if text.normalise(e.text_content()) in wanted]
    if not found:
        return None
    container = found[0]
    for element in found[1:]:
        while container is not None and not _contains(container, element):
            container = container.getparent()
    return container


def _byline(container) -> str:
    """The author line the page marks as such (schema.org `itemprop="author"`, `rel="author"`,
    a `byline` or `author` class) inside the article container, which trafilatura drops."""
    if container is None:
        return ""
    for element in container.iter():
        if not isinstance(element.tag, str):
            continue
        marks = " ".join(
            (element.get("class", ""), element.get("itemprop", ""), element.get("rel", ""))
        ).lower()
        if re.search(r"\b(?:byline|author)\b", marks):
            line = _clean(element.text_content())
            if line and len(line.split()) <= 12:
                return line.replace("\n", " ")
    return ""


def _captions(container, extracted: list[str]) -> list[tuple[str, str, str | None]]:
    """(image src, caption, text of the extracted block just before it) for each figcaption
    inside the article container (so a "related articles" box's are left out)."""
    wanted = {text.normalise(block) for block in extracted}
    block_tags = _BLOCK_TAGS
    if container is None:
        return []
    captions = []
    previous = None
    for element in container.iter(*block_tags):
        content = _clean(element.text_content())
        if element.tag != "figcaption":
            if text.normalise(content) in wanted:
                previous = content
            continue
        if not content or text.normalise(content) in wanted:
            continue
        figure = next((a for a in element.iterancestors("figure")), None)
        image = figure.find(".//img") if figure is not None else None
        src = image.get("src", "") if image is not None else ""
        captions.append((_path_of(src), content, previous))
    return captions


def _path_of(src: str) -> str:
    """An image address reduced to its path: trafilatura makes it absolute when given the URL."""
    return urllib.parse.urlsplit(src.strip()).path if src.strip() else ""


def _contains(ancestor, element) -> bool:
    return ancestor is element or any(a is ancestor for a in element.iterancestors())


def extract_article(html: str, *, url: str = "") -> ExtractedArticle:
    """The article of an HTML page as text, roles and metadata; `NoArticleError` when there is
    none, `PageTooLargeError` when the page holds far more text than an article may."""
    import trafilatura
    from trafilatura.utils import load_html

    check_page_text(html, url=url, max_chars=settings.COMPARE_MAX_TEXT_CHARS)
    tree = load_html(html)
    if tree is None:
        raise NoArticleError("The page holds no article text that could be extracted.")
    extracted = trafilatura.extract(
        html,
        url=url or None,
        output_format="xml",
        include_images=True,
        include_comments=False,
        include_tables=True,
        include_links=False,
        with_metadata=True,
    )
    if not extracted:
        raise NoArticleError("The page holds no article text that could be extracted.")
    document = lxml.etree.fromstring(extracted.encode("utf-8"))
    blocks = _blocks(document)
    if not any(not _is_picture(kind) for kind, _ in blocks):
        raise NoArticleError("The page holds no article text that could be extracted.")

    # Put the figcaptions trafilatura dropped back where they stand.
    texts = [content for _, content in blocks]
    article_text = [t for k, t in blocks if not _is_picture(k)]
    container = _container(tree, article_text)
    for src, caption, previous in _captions(container, article_text):
        position = None
        if src:
            position = next(
                (i + 1 for i, (kind, _) in enumerate(blocks) if kind == f"graphic:{src}"), None
            )
        if position is None and previous is not None:
            position = next((i + 1 for i, t in enumerate(texts) if t == previous), None)
        if position is None:
            position = 0
        blocks.insert(position, ("figcaption", caption))
        texts.insert(position, caption)

    # A picture's alt text identical to its caption would only repeat it.
    kept: list[tuple[str, str]] = []
    for kind, content in blocks:
        if kept and kind == "figcaption" and text.normalise(kept[-1][1]) == text.normalise(content):
            kept[-1] = ("figcaption", content)
            continue
        kept.append((kind, content))

    title = _clean(document.get("title", ""))
    if title and kept and text.normalise(kept[0][1]) == text.normalise(title):
        kept[0] = ("title", kept[0][1])  # the page's <h1>, as trafilatura kept it
    elif title:
        kept.insert(0, ("title", title))
    author = _clean(document.get("author", ""))
    byline = _byline(container)
    if byline and not any(text.normalise(byline) == text.normalise(c) for _, c in kept):
        kept.insert(1 if kept and kept[0][0] == "title" else 0, ("byline", byline))
    description = _clean(document.get("description", ""))
    roles = [
        _role(kind, content, author=author, description=description, first=position <= 2)
        for position, (kind, content) in enumerate(kept)
    ]
    date = None
    if raw_date := document.get("date"):
        try:
            date = datetime.date.fromisoformat(raw_date[:10])
        except ValueError:
            date = None
    root = tree.getroottree().getroot()
    return ExtractedArticle(
        text="\n\n".join(content for _, content in kept) + "\n",
        roles=tuple(roles),
        title=title,
        author=author,
        published_on=date,
        site_name=_clean(document.get("sitename", "")),
        language=(root.get("lang") or root.get("xml:lang") or "").strip(),
    )


# The role each block of trafilatura's XML has on the page; None leaves it to the text.
_TAG_ROLES = {
    "title": Role.HEADLINE,
    "byline": Role.BYLINE,
    "head": Role.INTERTITLE,
    "item": Role.LIST_ITEM,
    "quote": Role.QUOTE,
    "figcaption": Role.CAPTION,
    "cell": Role.TABLE,
}


def _role(kind: str, content: str, *, author: str, description: str, first: bool) -> str | None:
    """A block's role from its markup and the page's metadata (the byline is the block naming
    the author the page declares; the standfirst, the block the page gives as its summary)."""
    if kind.startswith("graphic:"):
        return Role.CAPTION  # a picture's alt text
    if kind in _TAG_ROLES:
        return _TAG_ROLES[kind]
    folded = normalise_words(content)
    if author and len(folded.split()) <= 12 and normalise_words(author) in folded:
        return Role.BYLINE
    if description and first and folded == normalise_words(description):
        return Role.STANDFIRST
    return None
