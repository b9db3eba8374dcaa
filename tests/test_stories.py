"""Stories: the services' rules, aligning what a story needs, the batch read, and the pages."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from compare import embeddings, selectors, services
from compare.models import Comparison, CuratedLink, Sentence, Story, StoryArticle
from tests.factories import (
    links_of,
    make_aligned_story,
    make_article,
    make_comparison,
    make_story,
    run_queued_tasks,
    store_alignment,
)
from tests.test_comparison_views import fake_encode

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_encoder(monkeypatch, settings):
    """The hand-made alignments' model is the configured one, and encoding needs no model."""
    settings.COMPARE_EMBEDDING_MODEL = "hand-made"
    monkeypatch.setattr(embeddings, "encode", fake_encode)


@pytest.fixture
def staff_client(client, django_user_model) -> Client:
    client.force_login(django_user_model.objects.create_user("editor", "", "pw", is_staff=True))
    return client


# --- Services ---------------------------------------------------------------------------------


def test_a_story_needs_a_title():
    with pytest.raises(services.StoryError, match="needs a title"):
        services.create_story(title="  ")
    assert not Story.objects.exists()


def test_adding_an_article_twice_is_refused_and_changes_nothing():
    article = make_article()
    story = make_story(articles=[article, make_article()])
    with pytest.raises(services.StoryError, match="already in the story"):
        services.add_article_to_story(story=story, article=article)
    assert StoryArticle.objects.filter(story=story).count() == 2


def test_an_article_in_an_unsupported_language_is_refused():
    story = make_story(articles=[make_article()])
    stray = make_article(raw="Ein Text. Noch einer.", language="de")
    type(stray).objects.filter(pk=stray.pk).update(language="xx")
    stray.refresh_from_db()
    with pytest.raises(services.StoryError, match=r"language \(xx\) is not one the model supports"):
        services.add_article_to_story(story=story, article=stray)
    assert list(story.articles.all()) == [story.members.get().article]


def test_removing_an_article_that_editors_decisions_refer_to_is_refused():
    story = make_aligned_story(2, sentences=3)
    italian, french = selectors.get_story(story.pk).ordered_articles
    comparison = selectors.pair_comparisons([italian, french])[frozenset((italian.pk, french.pk))]
    ids = dict(Sentence.objects.filter(position=2).values_list("article_id", "pk"))
    services.curate_link(comparison=comparison, sentence_ids=[ids[italian.pk], ids[french.pk]])
    assert services.decisions_about(story=story, article=french) == 1
    with pytest.raises(services.StoryError, match="1 editor's decision on its comparisons"):
        services.remove_article_from_story(story=story, article=french)
    assert story.articles.count() == 2
    assert CuratedLink.objects.count() == 1


def test_removing_an_article_keeps_its_comparisons():
    story = make_aligned_story(3, sentences=3)
    last = selectors.get_story(story.pk).ordered_articles[-1]
    services.remove_article_from_story(story=story, article=last)
    assert last not in story.articles.all()
    assert Comparison.objects.count() == 3
    with pytest.raises(services.StoryError, match="is not in the story"):
        services.remove_article_from_story(story=story, article=last)


def test_align_story_compares_every_pair_once_and_reuses_either_order(fake_encoder):
    a, b, c = (make_article(raw=f"Frase {n}. Altra frase.", language="it") for n in range(3))
    existing = make_comparison(articles=[b, a])  # compared B first, before the story
    store_alignment(existing, links_of([((0,), (0,))]))
    story = make_story(articles=[a, b, c])
    outcome = services.align_story(story=story)
    assert (outcome.pairs, outcome.created, outcome.aligned, outcome.reused) == (3, 2, 2, 1)
    assert Comparison.objects.count() == 3
    assert all(c.status == "aligned" for c in Comparison.objects.all())
    again = services.align_story(story=story)
    assert (again.created, again.aligned, again.reused) == (0, 0, 3)
    assert services.pairs_to_align(story) == ([], [])


def test_align_story_reports_a_failed_pair_and_goes_on(fake_encoder, monkeypatch):
    story = make_story(articles=[make_article(), make_article(), make_article()])
    real = services.alignment.analyse
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise MemoryError
        return real(*args, **kwargs)

    monkeypatch.setattr(services.alignment, "analyse", flaky)
    outcome = services.align_story(story=story)
    assert outcome.aligned == 2
    [(failed, reason)] = outcome.failed
    assert failed.pk in Comparison.objects.filter(status="failed").values_list("pk", flat=True)
    assert reason == "MemoryError"


def test_the_batch_read_gives_what_the_single_read_gives():
    story = make_aligned_story(3, sentences=3)
    comparisons = list(Comparison.objects.with_articles())
    batch = selectors.read_comparisons(comparisons)
    for comparison in comparisons:
        single = selectors.read_comparison(selectors.get_comparison(comparison.pk))
        assert batch[comparison.pk] == single
    assert story.articles.count() == 3


def test_read_comparisons_takes_six_queries_for_any_number(django_assert_num_queries):
    """Guards a query per comparison (sentences, links, additions, decisions)."""
    make_aligned_story(4, sentences=3)
    comparisons = list(Comparison.objects.with_articles())
    assert len(comparisons) == 6
    with django_assert_num_queries(6):
        selectors.read_comparisons(comparisons)
    with django_assert_num_queries(6):
        selectors.read_comparisons(comparisons[:1])


# --- The story page ---------------------------------------------------------------------------


def test_the_seed_story_shows_the_italian_and_the_french_article(client):
    call_command("loaddata", "seed", verbosity=0)
    story = Story.objects.get()
    comparison = selectors.get_comparison(Comparison.objects.get().pk)
    store_alignment(comparison, links_of([((1,), (4,)), ((2,), (5,))]))
    response = client.get(story.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Roscosmos–CNSA lunar station memorandum" in content
    assert "Italian space news site" in content and "French space news site" in content
    assert 'data-coverage="1"' in content
    assert f'href="{comparison.get_absolute_url()}#b-4"' in content  # the counterpart sentence
    assert f'href="{comparison.get_absolute_url()}#a-1"' in content  # the matrix cell
    # Read against the French article, the same comparison is read the other way round.
    french = story.ordered_articles[1]
    response = client.get(story.get_absolute_url(), {"pivot": french.pk})
    assert f'href="{comparison.get_absolute_url()}#a-1"' in response.content.decode()
    assert "read against French space news site" in response.content.decode()


@pytest.mark.parametrize("count", [2, 4])
def test_the_story_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    """Guards a query per article or per pair: their comparisons, results and decisions.

    story (1) + its articles (1) + the pairs' comparison ids (1) + the comparisons (1) + their
    articles (1) + sentences, links, link sentences, additions, curated links and additions (6)
    + the pivot's sentences (1)."""
    story = make_aligned_story(count, sentences=5)
    with django_assert_num_queries(12):
        response = client.get(story.get_absolute_url())
    assert response.content.decode().count('class="story-row"') == 5
    assert response.content.decode().count(f'data-coverage="{count - 1}"') == 4
    with django_assert_num_queries(12):
        client.get(story.get_absolute_url(), {"only_differences": "on", "threshold": "0.9"})


def test_htmx_gets_the_story_body_only(client):
    story = make_aligned_story(2, sentences=3)
    response = client.get(
        story.get_absolute_url(), {"only_differences": "on"}, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="story-body"')
    assert "site-header" not in content
    assert "sentences hidden" in content or "sentence hidden" in content
    assert response["Vary"] == "HX-Request, Cookie" or "HX-Request" in response["Vary"]


def test_a_story_of_one_article_says_so(client):
    story = make_story(articles=[make_article(title="Solo")])
    content = client.get(story.get_absolute_url()).content.decode()
    assert "This story has one article, “Solo”: add another version" in content
    assert "story-row" not in content


def test_story_titles_and_texts_are_escaped(client):
    story = make_aligned_story(2, sentences=2)
    Story.objects.filter(pk=story.pk).update(title="<script>x</script>")
    content = client.get(story.get_absolute_url()).content.decode()
    assert "<script>x</script>" not in content and "&lt;script&gt;x&lt;/script&gt;" in content


def test_exports_hold_the_whole_story(client):
    story = make_aligned_story(3, sentences=3)
    response = client.get(reverse("compare:story-export", args=[story.pk, "json"]))
    document = json.loads(response.content)
    assert response["Content-Disposition"] == f'attachment; filename="story-{story.pk}.json"'
    assert len(document["articles"]) == 3 and len(document["comparisons"]) == 3
    assert document["pivot_sentences"][0]["carried_by"] == {
        str(a.pk): "match" for a in story.ordered_articles[1:]
    }
    response = client.get(reverse("compare:story-export", args=[story.pk, "csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert sum(row["row"] == "coverage" for row in rows) == 3 * 2
    assert sum(row["row"] == "addition" for row in rows) == 2


# --- Writes: staff only, with CSRF -------------------------------------------------------------


def test_writes_need_a_staff_login(client, django_user_model):
    story = make_story(articles=[make_article()])
    article = make_article()
    url = reverse("compare:story-add-article")
    response = client.post(url, {"story": story.pk, "article": article.pk})
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(django_user_model.objects.create_user("reader", "", "pw"))
    assert client.post(url, {"story": story.pk, "article": article.pk}).status_code == 403
    assert client.post(reverse("compare:story-create"), {"title": "x"}).status_code == 403
    assert client.get(reverse("compare:story-edit", args=[story.pk])).status_code == 403
    assert story.articles.count() == 1 and Story.objects.count() == 1


def test_writes_need_the_csrf_token(django_user_model):
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_user("editor", "", "pw", is_staff=True))
    assert client.post(reverse("compare:story-create"), {"title": "x"}).status_code == 403
    assert not Story.objects.exists()


def test_staff_add_an_article_and_its_pairs_are_queued_then_aligned(staff_client, fake_encoder):
    story = make_aligned_story(2, sentences=3)
    article = make_article(raw="Frase 0 dell'articolo nuovo. Altro.", language="es")
    response = staff_client.post(
        reverse("compare:story-add-article"),
        {"story": story.pk, "article": article.pk},
        headers={"HX-Request": "true"},
    )
    assert response["HX-Redirect"] == story.get_absolute_url()
    assert story.articles.count() == 3
    assert Comparison.objects.filter(status="queued").count() == 2
    page = staff_client.get(story.get_absolute_url()).content.decode()
    assert "added to the story" in page and "2 pairs of articles queued" in page
    # The body follows the queued alignments, and nothing is offered to align twice.
    assert 'hx-trigger="every 2s"' in page and "Aligning 2 pairs" in page
    assert "Align 1 pair" not in page and "Align 2 pairs" not in page
    run_queued_tasks()
    assert Comparison.objects.filter(status="aligned").count() == 3
    body = staff_client.get(story.get_absolute_url(), headers={"HX-Request": "true"})
    assert 'id="story-body"' in body.content.decode()
    assert "every 2s" not in body.content.decode()  # the polling ends


def test_a_lost_alignment_is_said_and_can_be_queued_again(staff_client, fake_encoder):
    story = make_story(articles=[make_article(), make_article()])
    staff_client.post(reverse("compare:story-align", args=[story.pk]))
    comparison = Comparison.objects.get()
    assert comparison.status == "queued"
    # The task is gone from the queue (as after its workers kept dying, or a flushed Redis).
    Comparison.objects.update(task_id="00000000-0000-0000-0000-000000000000")
    page = staff_client.get(story.get_absolute_url()).content.decode()
    assert "The queued alignment was lost" in page and "every 2s" not in page
    assert "Align 1 pair" in page
    staff_client.post(reverse("compare:story-align", args=[story.pk]))
    run_queued_tasks()
    assert Comparison.objects.get().status == "aligned"


def test_adding_twice_says_so_and_loses_nothing(staff_client):
    story = make_aligned_story(2, sentences=3)
    article = story.ordered_articles[1]
    response = staff_client.post(
        reverse("compare:story-add-article"),
        {"story": story.pk, "article": article.pk, "next": article.get_absolute_url()},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == article.get_absolute_url()
    assert "is already in the story" in response.content.decode()
    assert story.articles.count() == 2


def test_the_next_address_must_be_on_this_site(staff_client):
    story = make_aligned_story(2, sentences=2)
    response = staff_client.post(
        reverse("compare:story-add-article"),
        {
            "story": story.pk,
            "article": story.ordered_articles[0].pk,
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == story.get_absolute_url()


def test_removing_an_article_with_decisions_says_why(staff_client):
    story = make_aligned_story(2, sentences=3)
    italian, french = story.ordered_articles
    comparison = selectors.pair_comparisons([italian, french])[frozenset((italian.pk, french.pk))]
    services.curate_addition(
        comparison=comparison,
        sentence_id=Sentence.objects.get(article=french, position=0).pk,
        addition_type="caption",
    )
    response = staff_client.post(
        reverse("compare:story-remove-article"),
        {"story": story.pk, "article": french.pk},
        follow=True,
    )
    assert "stays in the story: 1 editor&#x27;s decision" in response.content.decode()
    assert story.articles.count() == 2


def test_staff_create_a_story_of_two_articles_in_one_click(staff_client, fake_encoder):
    a, b = make_article(language="it"), make_article(language="fr")
    response = staff_client.post(
        reverse("compare:story-create"), {"title": "Un evento", "articles": [a.pk, b.pk]}
    )
    story = Story.objects.get()
    assert response["Location"] == story.get_absolute_url()
    assert story.ordered_articles == [a, b]
    assert Comparison.objects.get().status == "queued"
    run_queued_tasks()
    assert Comparison.objects.get().status == "aligned"


def test_creating_a_story_of_unknown_articles_is_refused(staff_client):
    response = staff_client.post(
        reverse("compare:story-create"), {"title": "x", "articles": [999999]}, follow=True
    )
    assert "No such article: 999999." in response.content.decode()
    assert not Story.objects.exists()


def test_staff_edit_a_story_and_align_it(staff_client, fake_encoder):
    story = make_story(articles=[make_article(), make_article()])
    url = reverse("compare:story-edit", args=[story.pk])
    assert staff_client.post(url, {"title": "", "description": ""}).status_code == 200
    staff_client.post(url, {"title": "Nuovo titolo", "description": "Che cosa"})
    story.refresh_from_db()
    assert (story.title, story.description) == ("Nuovo titolo", "Che cosa")
    page = staff_client.get(story.get_absolute_url()).content.decode()
    assert "Align 1 pair" in page and "hx-indicator" in page
    response = staff_client.post(reverse("compare:story-align", args=[story.pk]))
    assert response["Location"] == story.get_absolute_url()
    run_queued_tasks()
    assert Comparison.objects.get().status == "aligned"


def test_the_story_list_shows_stories_and_their_outlets(client):
    story = make_aligned_story(2, sentences=2)
    content = client.get(reverse("compare:story-list")).content.decode()
    assert story.title in content and "Outlet" in content


def test_align_stories_command_queues_or_aligns_inline(fake_encoder):
    story = make_story(articles=[make_article(), make_article()])
    out = io.StringIO()
    call_command("align_stories", stdout=out)
    assert f"Story {story.pk}" in out.getvalue()
    assert "1 queued, 0 already in progress, 0 reused" in out.getvalue()
    assert Comparison.objects.get().status == "queued"
    call_command("align_stories", "--inline", stdout=out)
    assert "1 aligned, 0 reused" in out.getvalue()
    assert Comparison.objects.get().status == "aligned"
    with pytest.raises(Exception, match="No such story: 999"):
        call_command("align_stories", "999", stdout=out)


def test_the_story_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    """Guards a query per story for its articles and outlets."""
    make_aligned_story(2, sentences=2)
    # stories (1) + their members with articles and outlets (1)
    with django_assert_num_queries(2):
        client.get(reverse("compare:story-list"))
    make_aligned_story(3, sentences=2)
    with django_assert_num_queries(2):
        client.get(reverse("compare:story-list"))


def test_the_article_page_lists_counterparts_for_htmx_with_one_click_actions(
    staff_client, fake_encoder
):
    client = Client()  # anonymous (the `client` fixture is the one staff_client logs in)
    italian = make_article(raw="Il direttore Rogozin firma. Accordo.", language="it", outlet="A")
    french = make_article(raw="Le directeur Rogozin signe. Accord.", language="fr", outlet="B")
    story = make_story(articles=[italian])
    url = italian.get_absolute_url()
    page = client.get(url).content.decode()
    assert 'hx-get="' + url + '?counterparts=1"' in page and story.title in page
    response = client.get(url, {"counterparts": "1"}, headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section id="counterparts"')
    assert f'data-article="{french.pk}"' in fragment and "Rogozin" in fragment
    assert "Add to" not in fragment  # reading is public, writing is not
    fragment = staff_client.get(
        url, {"counterparts": "1"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert f"Add to “{story.title}”" in fragment
    # Without JavaScript the same address gives the whole page with the list.
    page = client.get(url, {"counterparts": "1"}).content.decode()
    assert "site-header" in page and f'data-article="{french.pk}"' in page
