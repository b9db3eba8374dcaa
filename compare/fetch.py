"""Fetching a web page and extracting its article as plain text for `services.import_article`.

No ORM. Two steps, each usable alone:

- `fetch_page(url)`: an HTTP(S) GET with the standard library, a clear
  User-Agent, a time-out (`COMPARE_FETCH_TIMEOUT`, both per socket operation and
  for the whole download) and a size cap (`COMPARE_FETCH_MAX_BYTES`: the body is
  streamed and reading stops past the cap). Only `text/html` and
  `application/xhtml+xml` responses are accepted.
- `extract_article(html)`: trafilatura finds the main text and the metadata
  (title, author, date, site name, language). The text comes back as
  paragraphs separated by blank lines, the shape `text.segment` expects, with
  the title first and every photo caption, alt text and credit line as its own
  paragraph, so that the comparison can line them up and type them.

trafilatura keeps `<img alt>` (as `<graphic>`) but drops `<figcaption>`; the
captions are taken back from the HTML with lxml and placed after the picture
they belong to, or else after the last extracted paragraph that comes before
them in the page. Only figures inside the part of the page the article was
extracted from are kept, so the captions of a "related articles" box are not.

Every failure raises a `FetchError` (a `text.TextError`), one subclass per
cause, with a message for the user.
"""

from __future__ import annotations

import datetime
import http.client
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message

from django.conf import settings

from compare import text

USER_AGENT = "PressCompare/0.1 (article import for cross-lingual press comparison)"
HTML_TYPES = {"text/html", "application/xhtml+xml"}
_CHUNK = 64 * 1024
_SPACES = re.compile(r"[^\S\n]+")


class FetchError(text.TextError):
    """A page that cannot be imported; the message says why."""


class InvalidURLError(FetchError):
    pass


class FetchFailedError(FetchError):
    """The server could not be reached (unknown host, connection refused or reset)."""


class HTTPStatusError(FetchError):
    def __init__(self, message: str, *, status: int) -> None:
        self.status = status
        super().__init__(message)


class FetchTimeoutError(FetchError):
    pass


class NotHTMLError(FetchError):
    pass


class PageTooLargeError(FetchError):
    pass


class NoArticleError(FetchError):
    pass


@dataclass(frozen=True)
class FetchedPage:
    url: str  # after redirects
    html: str
    content_type: str


@dataclass(frozen=True)
class ExtractedArticle:
    text: str  # paragraphs separated by blank lines
    title: str = ""
    author: str = ""
    published_on: datetime.date | None = None
    site_name: str = ""
    language: str = ""  # as the page declares it (`<html lang>`), unchecked


def check_url(url: str) -> str:
    """The URL stripped, or `InvalidURLError` unless it is an absolute http(s) URL."""
    url = url.strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise InvalidURLError(f"“{url}” is not a web address: give a full http:// or https:// URL.")
    return url


class _HTTPOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only (urllib would also follow one to ftp://)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_url(urllib.parse.urljoin(req.full_url, newurl))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_HTTPOnlyRedirects())


def fetch_page(
    url: str, *, timeout: float | None = None, max_bytes: int | None = None
) -> FetchedPage:
    """GET an HTML page; raises a `FetchError` subclass for anything but an HTML page in size.

    `timeout` (seconds) and `max_bytes` default to `COMPARE_FETCH_TIMEOUT` and
    `COMPARE_FETCH_MAX_BYTES`, read at call time.
    """
    url = check_url(url)
    timeout = settings.COMPARE_FETCH_TIMEOUT if timeout is None else timeout
    max_bytes = settings.COMPARE_FETCH_MAX_BYTES if max_bytes is None else max_bytes
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
        },
    )
    deadline = time.monotonic() + timeout
    try:
        with _opener().open(request, timeout=timeout) as response:
            final_url = response.geturl()
            headers: Message = response.headers
            content_type = headers.get_content_type() if headers.get("Content-Type") else ""
            if content_type not in HTML_TYPES:
                raise NotHTMLError(
                    f"The address {url} gives “{content_type or 'no content type'}”, not a "
                    "web page (HTML): download the article's text and import the file instead."
                )
            declared = headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise _too_large(url, max_bytes)
            body = bytearray()
            while chunk := response.read(_CHUNK):
                body += chunk
                if len(body) > max_bytes:
                    raise _too_large(url, max_bytes)
                if time.monotonic() > deadline:
                    raise _timed_out(url, timeout)
            charset = headers.get_content_charset()
    except urllib.error.HTTPError as error:
        raise HTTPStatusError(
            f"The server answered {error.code} ({error.reason}) for {url}: check the address.",
            status=error.code,
        ) from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError | socket.timeout):
            raise _timed_out(url, timeout) from error
        raise FetchFailedError(
            f"Could not reach {urllib.parse.urlsplit(url).hostname}: {error.reason}."
        ) from error
    except TimeoutError as error:  # a read timing out after the headers came
        raise _timed_out(url, timeout) from error
    except (ConnectionError, http.client.HTTPException) as error:
        raise FetchFailedError(f"The connection to {url} failed: {error}.") from error
    return FetchedPage(
        url=final_url, html=decode_html(bytes(body), charset), content_type=content_type
    )


def _too_large(url: str, max_bytes: int) -> PageTooLargeError:
    return PageTooLargeError(
        f"The page at {url} is larger than {max_bytes:,} bytes, the most this site reads."
    )


def _timed_out(url: str, timeout: float) -> FetchTimeoutError:
    return FetchTimeoutError(
        f"The page at {url} did not arrive within {timeout:g} seconds: try again later."
    )


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Bytes of an HTML page as text: the declared charset, else trafilatura's detection."""
    if charset:
        try:
            return data.decode(charset, errors="replace")
        except LookupError:
            pass  # an unknown charset name: detect it instead
    from trafilatura.utils import decode_file

    return decode_file(data)


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
    return kind.startswith("graphic:")


def _captions(tree, extracted: list[str]) -> list[tuple[str, str, str | None]]:
    """(image src, caption, text of the extracted block just before it) for each figcaption.

    Only figures inside the page's article container (the lowest element holding
    every extracted block found in the page) count.
    """
    wanted = {text.normalise(block) for block in extracted}
    found = []
    block_tags = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption")
    for element in tree.iter(*block_tags):
        if text.normalise(element.text_content()) in wanted:
            found.append(element)
    if not found:
        return []
    container = found[0]
    for element in found[1:]:
        while container is not None and not _contains(container, element):
            container = container.getparent()
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
    """The article of an HTML page as text plus metadata; `NoArticleError` when there is none."""
    import lxml.etree
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        raise NoArticleError("The page holds no article text that could be extracted.")
    extracted = trafilatura.extract(
        html,
        url=url or None,
        output_format="xml",
        include_images=True,
        include_comments=False,
        include_tables=False,
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
    for src, caption, previous in _captions(tree, [t for k, t in blocks if not _is_picture(k)]):
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
    paragraphs = []
    for kind, content in blocks:
        if (
            paragraphs
            and kind == "figcaption"
            and text.normalise(paragraphs[-1]) == text.normalise(content)
        ):
            continue
        paragraphs.append(content)

    title = _clean(document.get("title", ""))
    if title and (not paragraphs or text.normalise(paragraphs[0]) != text.normalise(title)):
        paragraphs.insert(0, title)
    date = None
    if raw_date := document.get("date"):
        try:
            date = datetime.date.fromisoformat(raw_date[:10])
        except ValueError:
            date = None
    root = tree.getroottree().getroot()
    return ExtractedArticle(
        text="\n\n".join(paragraphs) + "\n",
        title=title,
        author=_clean(document.get("author", "")),
        published_on=date,
        site_name=_clean(document.get("sitename", "")),
        language=(root.get("lang") or root.get("xml:lang") or "").strip(),
    )


def site_name_from_url(url: str) -> str:
    """The host name without "www.", as an outlet name of last resort."""
    host = urllib.parse.urlsplit(url).hostname or ""
    return host.removeprefix("www.")
