"""Fetching a web page and extracting its article as plain text for `services.import_article`.

No ORM. Two steps, each usable alone:

- `fetch_page(url)`: an HTTP(S) GET with the standard library's `http.client`, a
  clear User-Agent, one deadline for the whole fetch (`COMPARE_FETCH_TIMEOUT`:
  name resolution, connection, TLS, headers and body, redirects included) and a
  size cap (`COMPARE_FETCH_MAX_BYTES`: the body is streamed and reading stops
  past the cap). Only `text/html` and `application/xhtml+xml` responses are
  accepted, and a page with far more text than an article may have
  (`COMPARE_MAX_TEXT_CHARS`) is refused before the slow extraction.
  The host is resolved once per request, every address it resolves to must be
  public (not loopback, private, link-local, multicast, reserved or
  unspecified; IPv4 addresses written as IPv6 count as IPv4), and the
  connection goes to the address that was checked, never to the name again, so
  a DNS answer that changes in between (rebinding) is never used. Redirects are
  followed by hand, each checked the same way. `COMPARE_FETCH_ALLOW_PRIVATE`
  lifts the address check, for the tests' local servers. Proxies from the
  environment are not used: a proxy would resolve the name itself.
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
cause, with a message for the user. Every network failure (unknown host,
connection refused, reset or unreachable, TLS failure, a broken HTTP answer)
and every refused address gives the same message, so that the answer does not
tell an open port from a closed one or an internal name from an unknown one;
the cause is logged.
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import logging
import socket
import ssl
import threading
import time
import urllib.parse
from dataclasses import dataclass

from django.conf import settings

from compare import text

logger = logging.getLogger(__name__)

USER_AGENT = "PressCompare/0.1 (article import for cross-lingual press comparison)"
HTML_TYPES = {"text/html", "application/xhtml+xml"}
MAX_REDIRECTS = 10  # as urllib and most HTTP clients
_REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# Small reads: the deadline is checked before each one.
_CHUNK = 16 * 1024
# NAT64's well-known prefix carries an IPv4 address in its last 32 bits (RFC 6052).
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class FetchError(text.TextError):
    """A page that cannot be imported; the message says why."""


class InvalidURLError(FetchError):
    pass


class FetchFailedError(FetchError):
    """The server could not be reached or gave no valid HTTP answer (unknown host, connection
    refused, reset or unreachable, TLS failure), one message for all of these; or it redirects
    without end."""


class ForbiddenAddressError(FetchFailedError):
    """The host is, or resolves to, an address that is not on the public internet.

    Its message is `FetchFailedError`'s: which internal names exist is not for the user to learn.
    """


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


def check_url(url: str) -> str:
    """The URL stripped, or `InvalidURLError` unless it is an absolute http(s) URL."""
    url = url.strip()
    invalid = InvalidURLError(f"“{url}” is not a web address: give a full http:// or https:// URL.")
    try:
        parts = urllib.parse.urlsplit(url)  # ValueError for a broken [IPv6] host
        parts.port  # noqa: B018 -- ValueError for a port that is not a number in range
    except ValueError as error:
        raise invalid from error
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise invalid
    try:
        _ascii_host(parts.hostname)
    except ValueError as error:
        raise invalid from error
    return url


def _ascii_host(host: str) -> str:
    """The host as sent on the wire: an internationalised name in its IDNA (xn--) form."""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise ValueError(f"invalid host name {host!r}") from error


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an address is on the public internet, so that fetching it reaches no internal
    service: not loopback, private, shared (carrier NAT), link-local, site-local, multicast,
    reserved, documentation or unspecified. An IPv6 address carrying an IPv4 one (mapped
    ::ffff:a.b.c.d, 6to4, NAT64) is judged by the IPv4 address."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            address = embedded
    # is_global alone lets multicast through, and on Python 3.11 some reserved IPv6 ranges.
    return address.is_global and not (
        address.is_multicast
        or address.is_reserved
        or address.is_loopback
        or address.is_link_local
        or address.is_unspecified
        or getattr(address, "is_site_local", False)
    )


def _remaining(deadline: float) -> float:
    """Seconds left before `deadline` (a `time.monotonic()` value); `TimeoutError` when none."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the fetch took longer than its deadline")
    return left


def _resolve(host: str, port: int, *, deadline: float, allow_private: bool) -> list[tuple]:
    """Every address of `host` as `getaddrinfo` gives it; `ForbiddenAddressError` if any is not
    public (a name that also resolves to an internal address is refused, rather than trusting
    the order the addresses are tried in)."""
    found: dict[str, object] = {}

    def resolve() -> None:
        try:
            found["addresses"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            found["error"] = error

    # getaddrinfo has no time-out of its own: wait for it in a thread, at most until the
    # deadline. A resolver that hangs longer leaves a daemon thread that ends with it.
    resolver = threading.Thread(target=resolve, name=f"resolve {host}", daemon=True)
    resolver.start()
    resolver.join(_remaining(deadline))
    if resolver.is_alive():
        raise TimeoutError(f"resolving {host} took longer than the deadline")
    if "error" in found:
        raise found["error"]
    addresses = found["addresses"]
    if not addresses:
        raise OSError(f"no address for {host}")
    if not allow_private:
        for *_, sockaddr in addresses:
            address = ipaddress.ip_address(sockaddr[0])
            if not is_public_address(address):
                raise ForbiddenAddressError(_unreachable_message(host)) from OSError(
                    f"{host} resolves to {address}, not a public address"
                )
    return addresses


class _DeadlineSocket(socket.socket):
    """A TCP socket whose every receive waits at most until the fetch's deadline.

    A per-operation time-out alone lets a server that sends one byte a second hold the
    fetch for as long as it likes; http.client reads headers and body through
    `recv_into`, so setting the time-out there bounds the whole answer.
    """

    deadline = float("inf")

    def recv_into(self, buffer, nbytes=0, flags=0):
        self.settimeout(_remaining(self.deadline))
        return super().recv_into(buffer, nbytes, flags)


class _DeadlineSSLSocket(ssl.SSLSocket):
    """`_DeadlineSocket` for TLS: `wrap_socket` makes a new socket object of this class."""

    deadline = float("inf")

    def recv_into(self, buffer, nbytes=None, flags=0):
        self.settimeout(_remaining(self.deadline))
        return super().recv_into(buffer, nbytes, flags)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    # The system's trusted certificates, host name checking on; one context per process.
    context = ssl.create_default_context()
    context.sslsocket_class = _DeadlineSSLSocket
    return context


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to addresses resolved and checked beforehand.

    `connect` never resolves the name again: the socket goes to a checked address,
    while the Host header (and, for HTTPS, the TLS server name and the certificate
    check) still use the name.
    """

    def __init__(self, host: str, port: int, *, addresses: list[tuple], deadline: float) -> None:
        super().__init__(host, port, timeout=_remaining(deadline))
        self.addresses = addresses
        self.deadline = deadline

    def connect(self) -> None:
        self.sock = self._connect_tcp()

    def _connect_tcp(self) -> _DeadlineSocket:
        error: OSError = OSError(f"no address to connect to for {self.host}")
        for family, kind, proto, _, sockaddr in self.addresses:
            sock = _DeadlineSocket(family, kind, proto)
            sock.deadline = self.deadline
            try:
                sock.settimeout(_remaining(self.deadline))
                sock.connect(sockaddr)
            except OSError as failure:
                sock.close()
                if isinstance(failure, TimeoutError):
                    raise
                error = failure
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock
        raise error


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = http.client.HTTPS_PORT

    def connect(self) -> None:
        sock = self._connect_tcp()
        try:
            # The handshake as a whole is bounded by the socket's time-out.
            sock.settimeout(_remaining(self.deadline))
            tls = _tls_context().wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise
        tls.deadline = self.deadline
        self.sock = tls


def _request_target(parts: urllib.parse.SplitResult) -> str:
    """Path and query as sent in the request line, with what is not allowed there %-encoded."""
    safe = "/%:@!$&'()*+,;=~"
    target = urllib.parse.quote(parts.path or "/", safe=safe)
    if parts.query:
        target += "?" + urllib.parse.quote(parts.query, safe=safe + "?")
    return target


def _get(
    url: str, *, deadline: float, allow_private: bool
) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
    """GET one URL, no redirect followed: the open connection and its response's headers."""
    parts = urllib.parse.urlsplit(url)
    https = parts.scheme.lower() == "https"
    host = _ascii_host(parts.hostname)
    port = parts.port or (http.client.HTTPS_PORT if https else http.client.HTTP_PORT)
    addresses = _resolve(host, port, deadline=deadline, allow_private=allow_private)
    connection_class = _PinnedHTTPSConnection if https else _PinnedHTTPConnection
    connection = connection_class(host, port, addresses=addresses, deadline=deadline)
    try:
        connection.request(
            "GET",
            _request_target(parts),
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                "Connection": "close",
            },
        )
        response = connection.getresponse()
    except BaseException:
        connection.close()
        raise
    return connection, response


def fetch_page(
    url: str, *, timeout: float | None = None, max_bytes: int | None = None
) -> FetchedPage:
    """GET an HTML page; raises a `FetchError` subclass for anything but an HTML page in size.

    `timeout` (seconds, for the whole fetch) and `max_bytes` default to
    `COMPARE_FETCH_TIMEOUT` and `COMPARE_FETCH_MAX_BYTES`; whether internal
    addresses may be fetched, to `COMPARE_FETCH_ALLOW_PRIVATE`. All are read at
    call time.
    """
    url = check_url(url)
    timeout = settings.COMPARE_FETCH_TIMEOUT if timeout is None else timeout
    max_bytes = settings.COMPARE_FETCH_MAX_BYTES if max_bytes is None else max_bytes
    allow_private = settings.COMPARE_FETCH_ALLOW_PRIVATE
    deadline = time.monotonic() + timeout
    requested = url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            connection, response = _get(url, deadline=deadline, allow_private=allow_private)
            try:
                location = response.getheader("Location")
                if response.status in _REDIRECT_STATUSES and location:
                    url = check_url(urllib.parse.urljoin(url, location))
                    continue
                html, content_type = _read_page(response, url, max_bytes, deadline)
            finally:
                connection.close()
            break
        else:
            raise FetchFailedError(
                f"The page at {requested} redirects more than {MAX_REDIRECTS} times: "
                "give the address it finally shows in a browser."
            )
    except TimeoutError as error:  # before OSError, of which it is a kind
        raise _timed_out(requested, timeout) from error
    except ForbiddenAddressError as error:
        logger.warning("Refused to fetch %s: %s", url, error.__cause__)
        raise
    except (OSError, http.client.HTTPException) as error:
        # ssl.SSLError, socket.gaierror and ConnectionError are all OSErrors.
        logger.info("Fetching %s failed: %r", url, error)
        raise FetchFailedError(_unreachable_message(urllib.parse.urlsplit(url).hostname)) from error
    return FetchedPage(url=url, html=html, content_type=content_type)


def _read_page(
    response: http.client.HTTPResponse, url: str, max_bytes: int, deadline: float
) -> tuple[str, str]:
    """The decoded body of a final (not redirecting) answer, and its content type."""
    if not 200 <= response.status < 300:
        raise HTTPStatusError(
            f"The server answered {response.status} ({response.reason}) for {url}: "
            "check the address.",
            status=response.status,
        )
    headers = response.msg
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
        _remaining(deadline)
    return decode_html(bytes(body), headers.get_content_charset()), content_type


def _unreachable_message(host: str | None) -> str:
    return (
        f"Could not reach {host}: check the address (only public web sites can be "
        "imported), or try again later."
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
