"""The comparison page, its filters and exports, re-alignment, and starting a comparison."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
import threading
from html.parser import HTMLParser

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.urls import reverse
from django_tasks import TaskResultStatus, task_backends

from compare import embeddings, selectors, services, tasks
from compare.models import Addition, Article, Comparison, LinkSentence, Sentence
from compare.results import ResultLink
from compare.services import queue as queue_services
from tests.factories import (
    make_article,
    make_comparison,
    run_queued_tasks,
    seed_text,
    store_alignment,
)

pytestmark = pytest.mark.django_db

ARTEMIS = [
    "La Russia, con questo accordo",
    "La Cina ha proposto",
    "Ne la Cina ne la Russia",
    "A questo punto",
]


# --- Helpers ------------------------------------------------------------------------


class SentenceParser(HTMLParser):
    """Collects the attributes of every `.sentence` element of a page, by id."""

    def __init__(self) -> None:
        super().__init__()
        self.sentences: dict[str, dict] = {}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if "sentence" in (attributes.get("class") or "").split():
            self.sentences[attributes["id"]] = attributes


def sentences_of(content: bytes) -> dict[str, dict]:
    parser = SentenceParser()
    parser.feed(content.decode())
    return parser.sentences


def align_by_hand(
    comparison: Comparison,
    *,
    links: list[ResultLink],
    types: dict[tuple[str, int], str] | None = None,
) -> Comparison:
    """Store a made-up alignment through the same services as the real one."""
    return store_alignment(comparison, links, types=types)


def small_comparison() -> Comparison:
    """A: 3 sentences, B: 4; a match, a partial with a date only in A, a moved link, a caption."""
    article_a = make_article(
        raw="Firmato il 9 marzo 2021. Secondo fatto.\n\nTerzo fatto.", language="it", title="Uno"
    )
    article_b = make_article(
        raw="Signé. Troisième fait.\n\nDeuxième fait.\n\nPhoto de la signature.",
        language="fr",
        title="Un",
    )
    comparison = make_comparison(articles=[article_a, article_b])
    date = {"kind": "date", "text": "9 marzo 2021", "sentence": 0, "start": 11, "end": 23}
    return align_by_hand(
        comparison,
        links=[
            ResultLink(a=(0,), b=(0,), score=0.42, kind="partial", facts={"a": [date], "b": []}),
            ResultLink(a=(1,), b=(2,), score=0.9, kind="match"),
            ResultLink(a=(2,), b=(1,), score=0.8, kind="match", moved=True),
        ],
        types={("b", 3): "caption"},
    )


def long_comparison(count: int) -> Comparison:
    article_a = make_article(
        raw="\n\n".join(f"Frase numero {n}. Altra frase {n}." for n in range(count)), language="it"
    )
    article_b = make_article(
        raw="\n\n".join(f"Phrase numéro {n}. Autre phrase {n}." for n in range(count)),
        language="fr",
    )
    comparison = make_comparison(articles=[article_a, article_b])
    return align_by_hand(
        comparison,
        links=[ResultLink(a=(i,), b=(i,), score=0.8, kind="match") for i in range(0, 2 * count, 2)],
    )


def fake_encode(texts, *, name=None) -> np.ndarray:
    """Deterministic unit vectors from the text's hash: no model, no meaning."""
    rows = []
    for text in texts:
        seed = int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)
        vector = np.random.default_rng(seed).standard_normal(16).astype(np.float32)
        rows.append(vector / np.linalg.norm(vector))
    return np.stack(rows) if rows else np.zeros((0, 16), dtype=np.float32)


@pytest.fixture
def fake_encoder(monkeypatch):
    monkeypatch.setattr(embeddings, "encode", fake_encode)


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_user("editor", password="secret", is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def reader_client(client):
    user = get_user_model().objects.create_user("reader", password="secret")
    client.force_login(user)
    return client


@pytest.fixture
def seed_comparison() -> Comparison:
    """The seed pair aligned with the real model (loaded once per process)."""
    call_command("loaddata", "seed", verbosity=0)
    comparison = selectors.get_comparison(Comparison.objects.get().pk)
    services.align_comparison(comparison=comparison)
    return selectors.get_comparison(comparison.pk)


def sentence_id(result, side: str, prefix: str) -> str:
    (index,) = [s.index for s in result.side(side).sentences if s.text.startswith(prefix)]
    return f"{side}-{index}"


# --- The page --------------------------------------------------------------------------


def test_every_sentence_carries_its_status_type_and_link(client):
    comparison = small_comparison()
    response = client.get(comparison.get_absolute_url())
    assert response.status_code == 200
    found = sentences_of(response.content)
    assert {key: value["data-status"] for key, value in found.items()} == {
        "a-0": "partial",
        "a-1": "match",
        "a-2": "moved",
        "b-0": "partial",
        "b-1": "moved",
        "b-2": "match",
        "b-3": "addition",
    }
    assert found["b-3"]["data-addition-type"] == "caption"
    assert "data-link" not in found["b-3"]
    assert all("data-addition-type" not in found[key] for key in ("a-0", "a-1", "b-2"))
    # Both ends of a link carry the same key, and each link has its own.
    assert found["a-0"]["data-link"] == found["b-0"]["data-link"]
    assert found["a-1"]["data-link"] == found["b-2"]["data-link"]
    assert found["a-2"]["data-link"] == found["b-1"]["data-link"]
    assert len({found[key]["data-link"] for key in ("a-0", "a-1", "a-2")}) == 3
    assert all(value["tabindex"] == "0" for value in found.values())
    # The status is written out, not only coloured.
    content = response.content.decode()
    assert "added: caption" in content and "shared, moved" in content and "partly shared" in content


def test_the_page_says_when_a_missing_date_leaves_two_reports_loosely_related(client):
    texts = [f"Sentence number {n} of running text, long enough to count." for n in range(20)]
    article_a = make_article(raw="\n\n".join(texts), language="en")
    article_b = make_article(raw="\n\n".join(texts[::-1]), language="en")
    comparison = make_comparison(articles=[article_a, article_b])
    align_by_hand(comparison, links=[ResultLink(a=(5,), b=(1,), score=0.58, kind="match")])
    content = client.get(comparison.get_absolute_url()).content.decode()
    assert "only <strong>loosely related</strong>. They share one clear sentence" in content
    # With both dates, a day apart (set in the admin), they are two reports of the same event.
    for article, day in ((article_a, 14), (article_b, 15)):
        article.published_on = datetime.date(2011, 1, day)
        article.save()
    content = client.get(comparison.get_absolute_url()).content.decode()
    assert "two reports of the <strong>same event</strong>" in content
    assert "They share one clear sentence" not in content


def test_fact_differences_are_marked_with_a_title(client):
    content = client.get(small_comparison().get_absolute_url()).content.decode()
    assert (
        '<mark class="fact" data-fact-kind="date" '
        'title="only in this article: date “9 marzo 2021”">9 marzo 2021' in content
    )


def test_linked_sentences_offer_their_counterpart_inline(client):
    content = client.get(small_comparison().get_absolute_url()).content.decode()
    assert '<a href="#b-2" lang="fr" data-counterpart="b-2">Deuxième fait.</a>' in content


def test_the_overview_strip_has_a_segment_per_sentence(client):
    content = client.get(small_comparison().get_absolute_url()).content.decode()
    assert content.count('class="seg"') == 7
    assert (
        '<a class="seg" href="#b-3" tabindex="-1" data-status="addition" '
        'data-addition-type="caption"' in content
    )


def test_the_seed_summary_says_what_each_outlet_added(client, seed_comparison):
    response = client.get(seed_comparison.get_absolute_url())
    content = response.content.decode()
    result = selectors.get_comparison_result(seed_comparison)
    found = sentences_of(response.content)
    for prefix in ARTEMIS:
        attributes = found[sentence_id(result, "a", prefix)]
        assert attributes["data-status"] == "addition", prefix
        assert attributes["data-addition-type"] == "commentary", prefix
    first = sentence_id(result, "a", ARTEMIS[0])
    assert (
        f'<a href="#{first}">Italian space news site adds commentary (4 sentences)</a>: '
        "<q>La Russia, con questo accordo" in content
    )
    assert "French space news site adds captions" in content
    rogozin_a = found[sentence_id(result, "a", "Dmitry Rogozin, direttore generale")]
    rogozin_b = found[sentence_id(result, "b", "Dmitry Rogozine, directeur général")]
    assert rogozin_a["data-link"] == rogozin_b["data-link"]
    assert f"<strong>{round(100 * result.shared_share('a'))}%</strong> of this article" in content


def test_the_filter_form_works_without_javascript(client):
    content = client.get(small_comparison().get_absolute_url()).content.decode()
    assert 'method="get" action="/comparisons/' in content
    assert 'hx-get="/comparisons/' in content and 'hx-push-url="true"' in content
    assert 'name="threshold"' in content and 'type="range"' in content


def test_only_differences_as_htmx_fragment_and_as_full_page(client):
    comparison = small_comparison()
    url = comparison.get_absolute_url()
    response = client.get(url, {"only_differences": "1"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="comparison-body"')
    assert "<html" not in content and "site-header" not in content and "display-form" not in content
    assert set(sentences_of(response.content)) == {"a-0", "a-2", "b-0", "b-1", "b-3"}
    assert "… 1 sentence hidden" in content
    assert "HX-Request" in response["Vary"]

    full = client.get(url, {"only_differences": "1"})
    assert "<html" in full.content.decode() and 'id="comparison-body"' in full.content.decode()
    assert set(sentences_of(full.content)) == {"a-0", "a-2", "b-0", "b-1", "b-3"}
    assert 'name="only_differences" id="id_only_differences" checked' in full.content.decode()


def test_hiding_captions_hides_sentences_typed_caption(client):
    url = small_comparison().get_absolute_url()
    response = client.get(url, {"hide": ["caption", "credit"], "hide_duplicates": "on"})
    assert "b-3" not in sentences_of(response.content)
    assert 'name="hide" value="caption" id="id_hide_5" checked' in response.content.decode()


def test_history_restore_gets_the_full_page(client):
    url = small_comparison().get_absolute_url()
    response = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


def test_the_threshold_reclassifies_links(client):
    url = small_comparison().get_absolute_url()
    found = sentences_of(client.get(url, {"threshold": "0.5"}).content)
    # 0.42 is below: both sides become additions, typed like any other
    assert found["a-0"]["data-status"] == "addition" and found["a-0"]["data-addition-type"]
    assert found["b-0"]["data-status"] == "addition"
    assert found["a-1"]["data-status"] == "match"
    found = sentences_of(client.get(url, {"threshold": "0.3"}).content)
    assert found["a-0"]["data-status"] == "partial"
    found = sentences_of(client.get(url, {"threshold": "0.85"}).content)
    assert [found[k]["data-status"] for k in ("a-0", "a-1", "a-2")] == [
        "addition",
        "match",
        "addition",
    ]
    # A threshold that is not a number is ignored.
    response = client.get(url, {"threshold": "lots"})
    assert response.status_code == 200
    assert sentences_of(response.content)["a-0"]["data-status"] == "partial"


def test_a_comparison_not_aligned_yet_says_so(client, staff_client):
    comparison = make_comparison()
    content = staff_client.get(comparison.get_absolute_url()).content.decode()
    assert "not aligned yet" in content and "Align now" in content
    assert 'class="sentence"' not in content


def test_unknown_comparison_is_404(client):
    assert client.get(reverse("compare:comparison-detail", args=[999])).status_code == 404


def test_reading_can_require_a_login(client, settings):
    settings.COMPARE_PUBLIC_READING = False
    url = small_comparison().get_absolute_url()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


# --- Queries ---------------------------------------------------------------------------


def test_comparison_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    """Guards an N+1 on sentences, on each link's members, and on additions."""
    short = small_comparison()
    long = long_comparison(150)
    # A first reading: version (1) + comparison (1) + members with articles (1) + sentences (1)
    # + links (1) + link members (1) + additions (1) + curated links (1) + curated additions (1)
    with django_assert_num_queries(9):
        client.get(short.get_absolute_url())
    with django_assert_num_queries(9):
        client.get(long.get_absolute_url(), {"only_differences": "1", "threshold": "0.5"})


def test_home_shows_shares_and_additions_in_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    """Guards building each comparison's result, or a query per comparison, for its counts."""
    small_comparison()
    long_comparison(20)
    make_comparison()
    # articles (1) + comparisons (1) + their members with counts (1)
    with django_assert_num_queries(3):
        response = client.get(reverse("compare:home"))
    content = response.content.decode()
    # Small comparison: A is all linked; B has 1 caption of 4 sentences.
    share_b = round(
        100
        * (
            1
            - len("Photo de la signature.")
            / len("Signé.Troisième fait.Deuxième fait.Photo de la signature.")
        )
    )
    shares = re.findall(r"data-shared-percent>([^<]*)<", content)
    additions = re.findall(r"data-addition-count>([^<]*)<", content)
    # Newest first: the long comparison, then the small one (the one never aligned has none).
    assert len(shares) == 4 and shares[2:] == ["100%", f"{share_b}%"]
    assert additions == ["20", "20", "0", "1"]


# --- Exports ---------------------------------------------------------------------------


def test_json_export_is_the_result_document(client):
    comparison = small_comparison()
    response = client.get(reverse("compare:comparison-export", args=[comparison.pk, "json"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert (
        response["Content-Disposition"] == f'attachment; filename="comparison-{comparison.pk}.json"'
    )
    document = json.loads(response.content)
    assert document == selectors.get_comparison_result(comparison).to_document()
    assert document["additions"] == {"a": [], "b": [3]}
    assert document["addition_types"]["b"] == {"3": "caption"}
    assert [link["a"] for link in document["links"]] == [[0], [1], [2]]


def test_csv_export_has_a_row_per_link_and_addition(client):
    comparison = small_comparison()
    response = client.get(reverse("compare:comparison-export", args=[comparison.pk, "csv"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"] == f'attachment; filename="comparison-{comparison.pk}.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["row"] for row in rows] == ["link", "link", "link", "addition"]
    assert rows[0]["facts_a"] == "9 marzo 2021"
    assert rows[3]["b_text"] == "Photo de la signature." and rows[3]["addition_type"] == "caption"


def test_exports_of_a_comparison_not_aligned_are_404(client):
    comparison = make_comparison()
    assert (
        client.get(reverse("compare:comparison-export", args=[comparison.pk, "json"])).status_code
        == 404
    )


def test_a_markdown_link_shows_as_its_label_linked_and_the_exports_keep_it_whole(client):
    linked = (
        'Le "chef" a parlé selon [le <b>rapport</b>](https://x.org/r?a=1&b="2") publié. '
        "Voir [ceci](javascript:alert(1))."
    )
    article_a = make_article(raw=linked, language="fr")
    article_b = make_article(raw="Il capo parla secondo il rapporto. Vedi questo.", language="it")
    comparison = align_by_hand(
        make_comparison(articles=[article_a, article_b]),
        links=[ResultLink(a=(0,), b=(0,), score=0.8, kind="match")],
    )
    content = client.get(comparison.get_absolute_url()).content.decode()
    assert (
        '<a class="source" href="https://x.org/r?a=1&amp;b=&quot;2&quot;" '
        'rel="nofollow noopener noreferrer" target="_blank">le &lt;b&gt;rapport&lt;/b&gt;</a>'
    ) in content
    assert "[ceci](javascript:alert(1))" in content  # only web pages are linked
    assert 'href="javascript' not in content
    # B's counterpart shows the label; the export keeps the text as stored.
    assert "selon le &lt;b&gt;rapport&lt;/b&gt; publié." in content
    document = json.loads(
        client.get(reverse("compare:comparison-export", args=[comparison.pk, "json"])).content
    )
    assert document["a"]["sentences"][0]["text"].endswith('(https://x.org/r?a=1&b="2") publié.')


def test_markup_in_titles_and_texts_is_shown_as_text_in_page_and_exports(client):
    hostile = 'Le "chef" <script>alert("x")</script> parle.'
    article_a = make_article(
        raw=hostile, title='<script>alert("t")</script> "Titre"', language="fr"
    )
    article_b = make_article(raw="Il capo parla.", language="it")
    comparison = align_by_hand(
        make_comparison(articles=[article_a, article_b]),
        links=[ResultLink(a=(0,), b=(0,), score=0.8, kind="match")],
    )
    content = client.get(comparison.get_absolute_url()).content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &quot;Titre&quot;" in content

    document = json.loads(
        client.get(reverse("compare:comparison-export", args=[comparison.pk, "json"])).content
    )
    assert document["a"]["sentences"][0]["text"] == hostile
    assert document["a"]["title"] == '<script>alert("t")</script> "Titre"'
    csv_text = client.get(reverse("compare:comparison-export", args=[comparison.pk, "csv"])).content
    (row,) = list(csv.DictReader(io.StringIO(csv_text.decode())))
    assert row["a_text"] == hostile


# --- Re-alignment, in the background ------------------------------------------------------


def test_realign_queues_an_alignment_that_a_worker_runs(staff_client, fake_encoder):
    comparison = make_comparison()
    url = reverse("compare:comparison-align", args=[comparison.pk])
    response = staff_client.post(url)
    assert response.status_code == 302 and response["Location"] == comparison.get_absolute_url()
    comparison.refresh_from_db()
    assert comparison.status == Comparison.Status.QUEUED and comparison.task_id
    page = staff_client.get(comparison.get_absolute_url()).content.decode()
    assert "Alignment queued" in page and "waiting for a worker" in page
    run_queued_tasks()
    comparison.refresh_from_db()
    assert comparison.status == Comparison.Status.ALIGNED and comparison.error == ""


def test_realign_through_htmx_swaps_in_the_queued_state(staff_client, fake_encoder):
    comparison = small_comparison()
    url = reverse("compare:comparison-align", args=[comparison.pk])
    response = staff_client.post(url, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="comparison-live">') and "<html" not in content
    assert 'id="alignment-status"' in content and 'hx-trigger="every 2s"' in content
    # The previous result stays on the page while the new one is computed.
    assert "The previous result is shown until the new one is ready." in content
    assert 'id="a-0"' in content


def test_the_status_poll_answers_with_the_state_then_the_result_and_stops(
    staff_client, fake_encoder
):
    comparison = make_comparison()
    services.request_alignment(comparison=comparison)
    url = reverse("compare:comparison-status", args=[comparison.pk])
    htmx = {"HX-Request": "true"}
    waiting = staff_client.get(url, headers=htmx)
    assert waiting.status_code == 200
    assert waiting.content.decode().lstrip().startswith('<div id="alignment-status"')
    assert "waiting for a worker" in waiting.content.decode()
    run_queued_tasks()
    done = staff_client.get(url, headers=htmx)
    content = done.content.decode()
    assert done.status_code == 286  # htmx stops polling
    assert done["HX-Retarget"] == "#comparison-live" and done["HX-Reswap"] == "outerHTML"
    assert content.lstrip().startswith('<div id="comparison-live">')
    assert 'id="alignment-status"' not in content and 'class="sentence"' in content
    # Without htmx, the status address is the page.
    assert staff_client.get(url)["Location"] == comparison.get_absolute_url()


def test_a_failed_alignment_keeps_the_previous_result_and_says_why(staff_client, monkeypatch):
    comparison = small_comparison()
    links_before = list(comparison.links.values_list("pk", flat=True))

    def broken(texts, *, name=None):
        raise embeddings.EncoderError("the encoder is out of memory")

    monkeypatch.setattr(embeddings, "encode", broken)
    services.request_alignment(comparison=comparison)
    run_queued_tasks()
    comparison.refresh_from_db()
    assert comparison.status == Comparison.Status.FAILED
    assert list(comparison.links.values_list("pk", flat=True)) == links_before
    content = staff_client.get(comparison.get_absolute_url()).content.decode()
    assert "The last alignment failed: the encoder is out of memory" in content
    assert "The previous result is shown below." in content and 'id="a-0"' in content
    assert "Align again" in content


def test_a_retry_after_a_failure_replaces_the_result_without_duplicating_links(
    staff_client, monkeypatch
):
    comparison = make_comparison()

    def broken(texts, *, name=None):
        raise embeddings.EncoderError("no model")

    monkeypatch.setattr(embeddings, "encode", broken)
    services.request_alignment(comparison=comparison)
    run_queued_tasks()
    monkeypatch.setattr(embeddings, "encode", fake_encode)
    for _ in range(2):  # the retry, then a retry of the retry
        staff_client.post(reverse("compare:comparison-align", args=[comparison.pk]))
        run_queued_tasks()
    comparison.refresh_from_db()
    assert comparison.status == Comparison.Status.ALIGNED and comparison.generation == 3
    assert_whole(comparison)


def assert_whole(comparison: Comparison) -> None:
    """Every sentence of the comparison is in exactly one machine link or addition."""
    members = LinkSentence.objects.filter(link__comparison=comparison)
    linked = list(members.values_list("sentence_id", flat=True))
    additions = Addition.objects.filter(comparison=comparison)
    added = list(additions.values_list("sentence_id", flat=True))
    sentences = Sentence.objects.filter(article__in=comparison.ordered_articles)
    assert sorted(linked + added) == sorted(sentences.values_list("pk", flat=True))


def test_two_queued_realignments_end_in_one_result_the_latest(staff_client, fake_encoder):
    comparison = make_comparison()
    first = services.request_alignment(comparison=comparison).task_id
    second = services.request_alignment(comparison=comparison).task_id
    run_queued_tasks()
    comparison.refresh_from_db()
    assert comparison.generation == 2 and comparison.status == Comparison.Status.ALIGNED
    assert tasks.align_comparison.get_result(first).return_value == "superseded"
    assert tasks.align_comparison.get_result(second).return_value == "aligned"
    assert_whole(comparison)


@pytest.mark.django_db(transaction=True)
def test_a_worker_that_takes_the_task_before_its_request_is_committed_waits_for_it(
    fake_encoder, monkeypatch
):
    # The task is enqueued inside the request's transaction (one commit a request). A Redis
    # worker may take it before that commit: it must wait for the request, then align, not
    # drop the task as superseded. Here it takes it at once, and the commit comes 1 s later.
    comparison = make_comparison()
    backend = type(task_backends["default"])
    enqueue = backend.enqueue
    outcome: dict = {}

    def work(comparison_id: int, generation: int) -> None:
        try:
            outcome["result"] = services.run_requested_alignment(
                comparison_id=comparison_id, generation=generation
            )
        finally:
            connections.close_all()

    def enqueue_and_take_at_once(self, task, args, kwargs):
        result = enqueue(self, task, args, kwargs)
        outcome["worker"] = worker = threading.Thread(target=work, args=args)
        worker.start()
        worker.join(1.0)
        outcome["waited"] = worker.is_alive()  # still waiting for the request
        return result

    monkeypatch.setattr(backend, "enqueue", enqueue_and_take_at_once)
    services.request_alignment(comparison=comparison)
    outcome["worker"].join(60)
    comparison.refresh_from_db()
    assert outcome["waited"] and outcome["result"] == "aligned"
    assert comparison.status == Comparison.Status.ALIGNED and comparison.generation == 1
    assert_whole(comparison)


def test_a_task_whose_request_was_never_committed_stores_nothing(fake_encoder, monkeypatch):
    # Enqueued, then the request's commit failed: the task waits for it, then gives up.
    monkeypatch.setattr(queue_services, "REQUEST_COMMIT_WAIT", 0.1)
    comparison = make_comparison()
    outcome = services.run_requested_alignment(
        comparison_id=comparison.pk, generation=comparison.generation + 1
    )
    comparison.refresh_from_db()
    assert outcome == "superseded" and comparison.status == Comparison.Status.PENDING
    assert not comparison.links.exists()


def test_an_alignment_asked_for_again_while_it_ran_stores_nothing(fake_encoder):
    comparison = make_comparison()
    services.request_alignment(comparison=comparison)
    with pytest.raises(services.AlignmentSupersededError):
        # Generation 1 finishes after a second request was made: its result is dropped.
        services.request_alignment(comparison=comparison)
        services.align_comparison(comparison=comparison, generation=1)
    assert not comparison.links.exists()


def test_a_bug_during_alignment_fails_the_task_and_the_page_says_so(staff_client, monkeypatch):
    def broken(texts, *, name=None):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(embeddings, "encode", broken)
    comparison = make_comparison()
    task_id = services.request_alignment(comparison=comparison).task_id
    run_queued_tasks()
    comparison.refresh_from_db()
    assert comparison.status == Comparison.Status.FAILED
    assert comparison.error == "ZeroDivisionError: a bug"
    result = tasks.align_comparison.get_result(task_id)
    assert result.status == TaskResultStatus.FAILED
    content = staff_client.get(comparison.get_absolute_url()).content.decode()
    assert "The last alignment failed: ZeroDivisionError: a bug" in content


def test_an_alignment_whose_task_ended_without_a_word_shows_as_failed(staff_client):
    comparison = make_comparison()
    services.request_alignment(comparison=comparison)
    # The task is gone from the queue (as after its workers kept dying, or a flushed Redis).
    Comparison.objects.filter(pk=comparison.pk).update(
        task_id="00000000-0000-0000-0000-000000000000"
    )
    content = staff_client.get(comparison.get_absolute_url()).content.decode()
    assert "The queued alignment was lost" in content and "Align again" in content
    assert 'id="alignment-status"' not in content


def test_a_queue_that_cannot_be_reached_fails_the_request_with_the_reason(
    staff_client, monkeypatch
):
    def unreachable(*args, **kwargs):
        raise ConnectionError("connection refused")

    monkeypatch.setattr(type(task_backends["default"]), "enqueue", unreachable)
    comparison = make_comparison()
    response = staff_client.post(
        reverse("compare:comparison-align", args=[comparison.pk]), follow=True
    )
    content = response.content.decode()
    assert "The alignment could not be queued: connection refused" in content
    assert Comparison.objects.get(pk=comparison.pk).status == Comparison.Status.FAILED


def test_realign_needs_staff_post_and_csrf(client, reader_client):
    comparison = make_comparison()
    url = reverse("compare:comparison-align", args=[comparison.pk])
    anonymous = Client().post(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")
    assert reader_client.post(url).status_code == 403
    staff = get_user_model().objects.create_user("boss", password="secret", is_staff=True)
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(staff)
    assert guarded.get(url).status_code == 405
    assert guarded.post(url).status_code == 403
    guarded.get(comparison.get_absolute_url())  # sets the CSRF cookie
    token = guarded.cookies["csrftoken"].value
    assert guarded.post(url, headers={"X-CSRFToken": token}).status_code == 302
    assert Comparison.objects.get(pk=comparison.pk).status == Comparison.Status.QUEUED


def test_the_realign_button_is_for_staff_only(client, staff_client):
    comparison = small_comparison()
    assert "Re-align" not in Client().get(comparison.get_absolute_url()).content.decode()
    content = staff_client.get(comparison.get_absolute_url()).content.decode()
    assert "Re-align" in content and "Queueing…" in content
    assert f'hx-post="/comparisons/{comparison.pk}/align/"' in content


def test_readers_share_one_rendering_until_the_comparison_changes(
    client, django_assert_num_queries
):
    """Guards the reader's page against rebuilding the result on every request: once rendered,
    a page costs one query (the comparison's version), whatever its size."""
    comparison = long_comparison(30)
    first = live_block(client.get(comparison.get_absolute_url()))
    with django_assert_num_queries(1):
        again = live_block(client.get(comparison.get_absolute_url()))
    assert again == first  # the page around it has each request's own CSRF token
    # An editor's decision changes the page: the next reader sees it.
    editor = get_user_model().objects.create_user("ed", password="secret", is_staff=True)
    services.curate_addition(
        comparison=comparison,
        sentence_id=comparison.ordered_articles[0].sentences.get(position=1).pk,
        addition_type="caption",
        note="",
        user=editor,
    )
    changed = live_block(client.get(comparison.get_absolute_url()))
    assert changed != first and "· editor" in changed and "· editor" not in first


def live_block(response) -> str:
    content = response.content.decode()
    return content[content.index('<div id="comparison-live">') : content.index("</main>")]


# --- Starting a comparison ---------------------------------------------------------------


def test_home_offers_the_forms_to_staff_only(client, staff_client):
    assert "Two pasted texts" not in Client().get(reverse("compare:home")).content.decode()
    content = staff_client.get(reverse("compare:home")).content.decode()
    assert "Two stored articles" in content and "Two pasted texts" in content


def test_compare_two_stored_articles(staff_client, fake_encoder):
    article_a, article_b = make_article(), make_article()
    response = staff_client.post(
        reverse("compare:comparison-create"),
        {"mode": "stored", "article_a": article_a.pk, "article_b": article_b.pk, "title": ""},
    )
    comparison = Comparison.objects.get()
    assert response.status_code == 302 and response["Location"] == comparison.get_absolute_url()
    assert comparison.ordered_articles == [article_a, article_b]
    assert comparison.status == Comparison.Status.QUEUED
    run_queued_tasks()
    comparison.refresh_from_db()
    assert comparison.status == Comparison.Status.ALIGNED


def test_the_same_article_twice_is_refused_and_the_choice_kept(staff_client):
    article = make_article()
    response = staff_client.post(
        reverse("compare:comparison-create"),
        {"mode": "stored", "article_a": article.pk, "article_b": article.pk, "title": "Mine"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Pick two different articles." in content
    assert f'<option value="{article.pk}" selected>' in content
    assert 'value="Mine"' in content
    assert not Comparison.objects.exists()


def test_compare_two_pasted_texts_detects_their_languages(staff_client, fake_encoder):
    response = staff_client.post(
        reverse("compare:comparison-create"),
        {
            "mode": "pasted",
            "text_a": seed_text("it"),
            "title_a": "Il comunicato",
            "outlet_a": "Astrospace",
            "language_a": "",
            "text_b": seed_text("fr"),
            "title_b": "Le mémorandum",
            "outlet_b": "Forum",
            "language_b": "",
            "published_on_b": "2021-03-10",
        },
        headers={"HX-Request": "true"},
    )
    comparison = Comparison.objects.get()
    assert response["HX-Redirect"] == comparison.get_absolute_url()
    italian, french = comparison.ordered_articles
    # A date given is kept (it tells reports of one event apart); none is needed.
    assert (italian.published_on, french.published_on) == (None, datetime.date(2021, 3, 10))
    assert (italian.language, italian.outlet.name, italian.title) == (
        "it",
        "Astrospace",
        "Il comunicato",
    )
    assert french.language == "fr"
    assert italian.original_text == seed_text("it")
    assert comparison.status == Comparison.Status.QUEUED
    # The home page says what is pending.
    home = staff_client.get(reverse("compare:home")).content.decode()
    assert "1 alignment waiting for a worker or running" in home


def test_bad_pasted_texts_show_the_errors_and_keep_the_input(staff_client):
    make_article(raw="Un texte déjà là. Deux phrases.", language="fr")
    data = {
        "mode": "pasted",
        "text_a": "Un texte déjà là. Deux phrases.",
        "title_a": 'Mon "titre"',
        "outlet_a": "Le Journal",
        "language_a": "fr",
        "text_b": "   \n ",
        "title_b": "Vide",
        "outlet_b": "",
        "language_b": "it",
    }
    response = staff_client.post(reverse("compare:comparison-create"), data)
    content = response.content.decode()
    assert "The text is empty: there is nothing to import." in content
    assert 'value="Mon &quot;titre&quot;"' in content and 'value="Le Journal"' in content
    assert '<option value="it" selected>' in content

    # Once B is fine, A is refused as a duplicate; nothing at all is stored.
    data["text_b"] = "Un testo nuovo. Due frasi."
    response = staff_client.post(
        reverse("compare:comparison-create"), data, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="create-forms"')
    assert "<html" not in content
    assert "already stored" in content and "Two stored articles" in content
    assert "Un testo nuovo. Due frasi.</textarea>" in content
    assert Article.objects.count() == 1 and not Comparison.objects.exists()


def test_creating_a_comparison_needs_staff(client, reader_client):
    url = reverse("compare:comparison-create")
    response = Client().post(url, {"mode": "stored"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert reader_client.post(url, {"mode": "stored"}).status_code == 403
    assert reader_client.get(url).status_code == 405


def test_pasting_a_text_fills_in_its_detected_language(staff_client):
    url = reverse("compare:language-detect")
    response = staff_client.post(
        url,
        {"side": "b", "text_b": seed_text("fr"), "language_b": ""},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert content.lstrip().startswith('<div class="field" id="language-b">')
    assert '<option value="fr" selected>' in content
    assert "Detected: French." in content and 'name="language_b"' in content
    # A language the editor chose is kept.
    response = staff_client.post(url, {"side": "a", "text_a": seed_text("fr"), "language_a": "it"})
    assert '<option value="it" selected>' in response.content.decode()
    assert "Detected:" not in response.content.decode()


def test_the_pasted_texts_ask_for_language_detection(staff_client):
    content = staff_client.get(reverse("compare:home")).content.decode()
    assert 'hx-post="/languages/detect/"' in content and 'hx-target="#language-a"' in content
    assert Client().post(reverse("compare:language-detect")).status_code == 302
