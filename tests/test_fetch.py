"""Importing articles from the web: a local HTTP server serves tests/pages/, never the internet."""

from __future__ import annotations

import contextlib
import datetime
import http.server
import socket
import threading
import time
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from compare import fetch, services, tasks, text
from compare.models import Article, Outlet, Sentence, SentenceEmbedding
from tests.factories import run_queued_tasks

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).resolve().parent / "pages"
SLOW_SECONDS = 2.0


class PageHandler(http.server.BaseHTTPRequestHandler):
    """Serves tests/pages/*.html, plus a few paths that fail on purpose."""

    def do_GET(self) -> None:
        if self.path == "/slow.html":
            time.sleep(SLOW_SECONDS)
            self.send_page((PAGES / "article_with_figure.html").read_bytes())
        elif self.path == "/report.pdf":
            self.send_page(b"%PDF-1.7\n...", content_type="application/pdf")
        elif self.path == "/streamed.html":
            # No Content-Length: the size is only known by reading.
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(64):
                self.wfile.write(b"<p>" + b"x" * 1000 + b"</p>\n")
        elif (PAGES / self.path.lstrip("/")).is_file() and ".." not in self.path:
            self.send_page((PAGES / self.path.lstrip("/")).read_bytes())
        else:
            self.send_error(404, "Not Found")

    def send_page(self, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may give up first (time-out, size cap): fine.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The base URL of a local HTTP server on 127.0.0.1, a free port."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PageHandler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def allow_local_servers(settings):
    """These tests fetch from 127.0.0.1, which the import refuses otherwise (test_security.py)."""
    settings.COMPARE_FETCH_ALLOW_PRIVATE = True


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on: bound, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nothing_stored() -> bool:
    return not Article.objects.exists() and not Outlet.objects.exists()


def test_import_from_url_keeps_caption_and_credit_and_drops_navigation_and_footer(server):
    article = services.import_article_from_url(url=f"{server}/article_with_figure.html")
    sentences = [s.text for s in article.sentences.order_by("position")]
    assert sentences == [
        "Russia and China sign a lunar station memorandum",
        "By Jane Doe",  # the byline trafilatura drops, put back, and its date after it
        "10 March 2021",
        "Dmitry Rogozin, director general of Roscosmos, and Zhang Kejian, head of the China "
        "National Space Administration, signed a memorandum of understanding on the creation "
        "of an International Lunar Research Station on 9 March 2021.",
        "Officials at the remote signing ceremony",
        "The signing ceremony was held by video link between Moscow and Beijing.",
        "Credit: Roscosmos",
        "The station is a complex of experimental research facilities to be built on the "
        "surface or in the orbit of the Moon.",
        "It is meant for multidisciplinary research, including lunar observation and "
        "technology tests.",
        "Both countries will draw up a road map for the station together and present it to "
        "the international space community.",
    ]
    # The alt text, the caption and the credit are each their own paragraph, with its role.
    paragraphs = {p.text: p.role for p in article.paragraphs.all()}
    assert paragraphs["Russia and China sign a lunar station memorandum"] == "headline"
    assert paragraphs["By Jane Doe"] == "byline"
    assert paragraphs["10 March 2021"] == "dateline"
    assert paragraphs["Officials at the remote signing ceremony"] == "caption"
    caption = "The signing ceremony was held by video link between Moscow and Beijing."
    assert paragraphs[caption] == "caption"
    assert paragraphs["Credit: Roscosmos"] == "credit"
    for boilerplate in ("Subscribe", "Space section", "Privacy", "rights reserved", "Contact"):
        assert boilerplate not in article.original_text
    assert article.title == "Russia and China sign a lunar station memorandum"
    assert article.author == "Jane Doe"
    assert str(article.published_on) == "2021-03-10"
    assert article.outlet.name == "Orbit Daily"
    assert article.language == "en"
    assert article.url == f"{server}/article_with_figure.html"


def test_a_caption_without_picture_stays_where_it_stands_and_related_boxes_are_left_out(server):
    article = services.import_article_from_url(url=f"{server}/article_fr_caption.html")
    texts = [s.text for s in article.sentences.order_by("position")]
    caption = "Dmitry Rogozine lors de la vidéo-conférence avec l'Agence spatiale chinoise."
    assert texts.index(caption) == 2  # after the first paragraph, before the second
    assert "Source et crédits photographiques : Roscosmos" in texts
    assert "Mars" not in article.original_text
    assert "Abonnez-vous" not in article.original_text
    assert "Mentions légales" not in article.original_text
    assert article.language == "fr"
    assert article.outlet.name == "Journal de l'espace"


def test_options_override_what_the_page_says(server):
    article = services.import_article_from_url(
        url=f"{server}/article_with_figure.html", title="My title", outlet="My outlet"
    )
    assert (article.title, article.outlet.name) == ("My title", "My outlet")


@pytest.mark.parametrize(
    ("path", "error", "message"),
    [
        ("/missing.html", fetch.HTTPStatusError, "answered 404"),
        ("/report.pdf", fetch.NotHTMLError, "“application/pdf”, not a web page"),
        ("/empty.html", fetch.NoArticleError, "no article text"),
    ],
)
def test_failures_say_why_and_store_nothing(server, path, error, message):
    with pytest.raises(error, match=message):
        services.import_article_from_url(url=server + path)
    assert nothing_stored()


def test_connection_refused_is_a_fetch_failure(closed_port):
    with pytest.raises(fetch.FetchFailedError, match="Could not reach 127.0.0.1"):
        services.import_article_from_url(url=f"http://127.0.0.1:{closed_port}/article.html")
    assert nothing_stored()


def test_a_slow_server_times_out(server, settings):
    settings.COMPARE_FETCH_TIMEOUT = 0.3
    started = time.monotonic()
    with pytest.raises(fetch.FetchTimeoutError, match="within 0.3 seconds"):
        services.import_article_from_url(url=f"{server}/slow.html")
    assert time.monotonic() - started < SLOW_SECONDS
    assert nothing_stored()


@pytest.mark.parametrize("path", ["/article_with_figure.html", "/streamed.html"])
def test_a_page_over_the_size_cap_is_refused(server, settings, path):
    """With a Content-Length the page is refused at once; without one, reading stops at the cap."""
    settings.COMPARE_FETCH_MAX_BYTES = 1000
    with pytest.raises(fetch.PageTooLargeError, match="larger than 1,000 bytes"):
        services.import_article_from_url(url=server + path)
    assert nothing_stored()


@pytest.mark.parametrize("url", ["ftp://example.org/a.html", "file:///etc/passwd", "example.org"])
def test_only_http_and_https_addresses_are_fetched(url):
    with pytest.raises(fetch.InvalidURLError, match="not a web address"):
        services.import_article_from_url(url=url)


def test_every_fetch_error_is_a_text_error():
    for error in (
        fetch.InvalidURLError,
        fetch.FetchFailedError,
        fetch.HTTPStatusError,
        fetch.FetchTimeoutError,
        fetch.NotHTMLError,
        fetch.PageTooLargeError,
        fetch.NoArticleError,
    ):
        assert issubclass(error, fetch.FetchError)
        assert issubclass(error, text.TextError)


def test_the_same_page_twice_is_a_duplicate(server):
    services.import_article_from_url(url=f"{server}/article_with_figure.html")
    with pytest.raises(services.DuplicateArticleError):
        services.import_article_from_url(url=f"{server}/article_with_figure.html")
    assert Article.objects.count() == 1


# --- the command ---------------------------------------------------------------------


def test_import_article_command_takes_a_url(server):
    out = StringIO()
    call_command("import_article", f"{server}/article_with_figure.html", stdout=out)
    article = Article.objects.get()
    assert out.getvalue() == (
        f"Imported article {article.pk} “Russia and China sign a lunar station memorandum” "
        "(en, Orbit Daily): 9 paragraphs, 10 sentences.\n"
    )


def test_import_article_command_extracts_a_saved_html_file():
    out = StringIO()
    call_command(
        "import_article", str(PAGES / "article_fr_caption.html"), "--date", "2021-03-10", stdout=out
    )
    article = Article.objects.get()
    assert article.outlet.name == "Journal de l'espace"
    assert str(article.published_on) == "2021-03-10"
    assert "<figure" not in article.original_text


def test_import_article_command_reports_fetch_errors(server):
    with pytest.raises(CommandError, match="answered 404"):
        call_command("import_article", f"{server}/missing.html", stdout=StringIO())
    assert nothing_stored()


# --- the import page -----------------------------------------------------------------


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(user)
    return client


def test_import_page_queues_a_url_and_shows_what_became_of_it(staff_client, server):
    page_url = reverse("compare:article-import")
    response = staff_client.post(
        page_url,
        {"url": f"{server}/article_with_figure.html", "published_on": "2021-03-09"},
    )
    assert response.status_code == 302 and response.url == page_url
    waiting = staff_client.get(page_url).content.decode()
    assert "waiting for a worker" in waiting and 'hx-trigger="every 2s"' in waiting
    run_queued_tasks()  # the import, then the encoding it queued
    article = Article.objects.get()
    assert article.published_on == datetime.date(2021, 3, 9)  # the date given, through the queue
    assert Sentence.objects.filter(text="Credit: Roscosmos").exists()
    assert SentenceEmbedding.objects.filter(sentence__article=article).count() == (
        article.sentences.count()
    )
    # The list polls itself (htmx): once nothing is pending it stops asking.
    fragment = staff_client.get(page_url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section id="imports"') and "<html" not in fragment
    assert f'href="{article.get_absolute_url()}"' in fragment and "hx-trigger" not in fragment


def test_an_import_queued_before_the_date_existed_still_runs(server):
    # Four arguments, as tasks were queued before the publication date was added.
    result = tasks.import_article_from_url.call(f"{server}/article_with_figure.html", "", "", None)
    assert result["article"] == Article.objects.get().pk


def test_import_page_shows_why_a_url_failed(staff_client, server):
    page_url = reverse("compare:article-import")
    staff_client.post(page_url, {"url": f"{server}/report.pdf"})
    run_queued_tasks()
    assert "not a web page" in staff_client.get(page_url).content.decode()
    assert nothing_stored()


def test_import_page_imports_an_uploaded_html_file(staff_client):
    upload = SimpleUploadedFile(
        "page.html", (PAGES / "article_fr_caption.html").read_bytes(), content_type="text/html"
    )
    response = staff_client.post(
        reverse("compare:article-import"), {"file": upload, "outlet": "Autre site"}
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.outlet.name == "Autre site"
    assert article.language == "fr"


def test_import_page_imports_an_uploaded_text_file(staff_client):
    upload = SimpleUploadedFile(
        "a.txt", b"Un titre\n\nUne phrase. Une autre phrase.\n", content_type="text/plain"
    )
    response = staff_client.post(
        reverse("compare:article-import"),
        {"file": upload, "language": "fr", "published_on": "2021-03-10"},
    )
    assert response.status_code == 302
    assert Article.objects.get().sentences.count() == 3
    assert Article.objects.get().published_on == datetime.date(2021, 3, 10)


def test_import_page_needs_a_url_or_a_file(staff_client):
    response = staff_client.post(reverse("compare:article-import"), {"title": "Nothing"})
    assert "Give either a web address or a file" in response.content.decode()
    assert nothing_stored()


def test_import_page_form_is_shown_to_staff(staff_client):
    response = staff_client.get(reverse("compare:article-import"))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in content
    assert "csrfmiddlewaretoken" in content
