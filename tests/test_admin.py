"""The admin: every changelist in a fixed number of queries, derived data read-only, curation."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from django.contrib.admin.sites import site
from django.urls import reverse

from compare import services
from compare.models import (
    Addition,
    Article,
    ArticleEmbedding,
    Comparison,
    ComparisonArticle,
    CuratedAddition,
    CuratedLink,
    Link,
    LinkSentence,
    Outlet,
    Paragraph,
    Sentence,
    SentenceEmbedding,
    Story,
    StoryArticle,
)
from tests.factories import make_article, make_comparison, run_queued_tasks
from tests.test_curation import fake_result

pytestmark = pytest.mark.django_db
_numbers = itertools.count()

MODELS = [
    Outlet,
    Article,
    Paragraph,
    Sentence,
    SentenceEmbedding,
    Comparison,
    ComparisonArticle,
    Link,
    LinkSentence,
    Addition,
    CuratedLink,
    CuratedAddition,
    ArticleEmbedding,
    Story,
    StoryArticle,
]


def add_comparisons(count: int) -> None:
    """`count` aligned and curated comparisons, each of two new articles of new outlets, in a
    story of their own and with their document vectors."""
    for _ in range(count):
        number = next(_numbers)
        comparison = make_comparison(
            articles=[
                make_article(raw=f"Uno {number}. Due. Tre.", language="it", outlet=f"IT {number}"),
                make_article(
                    raw=f"Un {number}. Deux. Trois.", language="fr", outlet=f"FR {number}"
                ),
            ]
        )
        fake_result(comparison, [((0,), (0,)), ((1,), (1,))])
        sentences = {
            (s.article_id, s.position): s.pk
            for s in Sentence.objects.filter(article__in=comparison.articles.all())
        }
        article_a, article_b = comparison.ordered_articles
        services.curate_link(
            comparison=comparison,
            sentence_ids=[sentences[(article_a.pk, 2)], sentences[(article_b.pk, 2)]],
        )
        services.curate_addition(
            comparison=comparison,
            sentence_id=sentences[(article_a.pk, 1)],
            addition_type="caption",
        )
        SentenceEmbedding.objects.bulk_create(
            SentenceEmbedding(
                sentence_id=pk,
                model_name="test",
                dimensions=2,
                vector=np.ones(2, dtype=np.float32).tobytes(),
            )
            for pk in sentences.values()
        )
        services.create_story(title=f"Story {number}", articles=[article_a, article_b])
        ArticleEmbedding.objects.bulk_create(
            ArticleEmbedding(
                article=article,
                model_name="test",
                dimensions=2,
                vector=np.ones(2, dtype=np.float32).tobytes(),
            )
            for article in (article_a, article_b)
        )


def changelist(model) -> str:
    return reverse(f"admin:compare_{model._meta.model_name}_changelist")


# Queries per changelist, whatever the number of rows: session and user (2), the
# paginator's count (1), the unfiltered count for "n total" (1), the page of rows
# (1), each prefetch (1 each) and each list_filter that lists rows or values (1 each).
CHANGELIST_QUERIES = {
    Outlet: 6,
    Article: 9,
    Paragraph: 7,
    Sentence: 7,
    SentenceEmbedding: 7,
    Comparison: 9,
    ComparisonArticle: 6,
    Link: 6,
    LinkSentence: 5,
    Addition: 7,
    CuratedLink: 6,
    CuratedAddition: 6,
    ArticleEmbedding: 7,
    Story: 8,
    StoryArticle: 6,
}


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_changelists_run_a_fixed_number_of_queries(admin_client, django_assert_num_queries, model):
    """Guards an N+1 on the list columns: outlets, articles, sentence and link counts,
    comparison members, the sentences of each link and who curated what."""
    add_comparisons(1)
    with django_assert_num_queries(CHANGELIST_QUERIES[model]):
        assert admin_client.get(changelist(model)).status_code == 200
    add_comparisons(3)
    with django_assert_num_queries(CHANGELIST_QUERIES[model]):
        assert admin_client.get(changelist(model)).status_code == 200


def test_every_model_is_in_the_admin():
    assert all(site.is_registered(model) for model in MODELS)


def test_comparison_change_page_shows_articles_links_and_curation(admin_client):
    add_comparisons(1)
    comparison = Comparison.objects.get()
    response = admin_client.get(reverse("admin:compare_comparison_change", args=[comparison.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Due." in content and "Deux." in content  # the machine's links, read-only
    assert "curated_links-TOTAL_FORMS" in content
    assert "curated_additions-TOTAL_FORMS" in content


def test_derived_data_is_read_only(admin_client):
    add_comparisons(1)
    sentence = Sentence.objects.first()
    response = admin_client.get(reverse("admin:compare_sentence_change", args=[sentence.pk]))
    assert 'name="text"' not in response.content.decode()
    link = Link.objects.first()
    response = admin_client.get(reverse("admin:compare_link_change", args=[link.pk]))
    assert 'name="score"' not in response.content.decode()
    embedding = SentenceEmbedding.objects.first()
    response = admin_client.get(
        reverse("admin:compare_sentenceembedding_change", args=[embedding.pk])
    )
    assert "vector" not in response.content.decode()
    article = Article.objects.first()
    response = admin_client.get(reverse("admin:compare_article_change", args=[article.pk]))
    assert 'name="original_text"' not in response.content.decode()
    assert 'name="title"' in response.content.decode()


def test_article_changelist_links_to_the_import_page(admin_client):
    content = admin_client.get(changelist(Article)).content.decode()
    assert reverse("compare:article-import") in content
    assert reverse("admin:compare_article_add") not in content


def test_curated_link_form_refuses_a_one_sided_link(admin_client):
    add_comparisons(1)
    comparison = Comparison.objects.get()
    article_a = comparison.ordered_articles[0]
    one_side = list(article_a.sentences.values_list("pk", flat=True)[:2])
    response = admin_client.post(
        reverse("admin:compare_curatedlink_add"),
        {
            "comparison": comparison.pk,
            "verdict": "link",
            "kind": "match",
            "sentences": one_side,
            "note": "",
        },
    )
    assert "A link needs sentences of both articles." in response.content.decode()
    assert CuratedLink.objects.count() == 1  # the one add_comparisons made


def test_curated_link_form_saves_an_editors_link(admin_client, admin_user):
    add_comparisons(1)
    comparison = Comparison.objects.get()
    article_a, article_b = comparison.ordered_articles
    chosen = [article_a.sentences.get(position=0).pk, article_b.sentences.get(position=1).pk]
    response = admin_client.post(
        reverse("admin:compare_curatedlink_add"),
        {
            "comparison": comparison.pk,
            "verdict": "link",
            "kind": "partial",
            "sentences": chosen,
            "note": "Checked.",
        },
    )
    assert response.status_code == 302
    curated = CuratedLink.objects.get(note="Checked.")
    assert curated.created_by == admin_user
    assert sorted(s.pk for s in curated.sentences.all()) == sorted(chosen)


def test_realign_action_queues_the_selected_comparisons_and_keeps_curation(admin_client):
    """With the real model: the seed comparison is re-aligned from the admin, by a worker."""
    from django.core.management import call_command

    call_command("loaddata", "seed", verbosity=0)
    call_command("loaddata", "curated_seed", verbosity=0)
    response = admin_client.post(
        changelist(Comparison),
        {"action": "realign", "_selected_action": [1]},
        follow=True,
    )
    assert "Queued 1 comparison for re-alignment; curated decisions are kept." in (
        response.content.decode()
    )
    assert Comparison.objects.get(pk=1).status == Comparison.Status.QUEUED
    run_queued_tasks()
    comparison = Comparison.objects.get(pk=1)
    assert comparison.status == Comparison.Status.ALIGNED
    assert Link.objects.filter(comparison=comparison).exists()
    assert CuratedLink.objects.count() == 8 and CuratedAddition.objects.count() == 18


def story_form_data(story, *, delete: set[int] = frozenset(), add: list[int] = ()) -> dict:
    """The story change form as the admin posts it, deleting and adding articles."""
    members = list(story.members.order_by("pk"))
    data = {
        "title": story.title,
        "description": story.description,
        "members-TOTAL_FORMS": str(len(members) + len(add)),
        "members-INITIAL_FORMS": str(len(members)),
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }
    for number, member in enumerate(members):
        data[f"members-{number}-id"] = str(member.pk)
        data[f"members-{number}-story"] = str(story.pk)
        data[f"members-{number}-article"] = str(member.article_id)
        if member.article_id in delete:
            data[f"members-{number}-DELETE"] = "on"
    for number, article_id in enumerate(add, start=len(members)):
        data[f"members-{number}-story"] = str(story.pk)
        data[f"members-{number}-article"] = str(article_id)
    return data


def test_the_story_admin_keeps_articles_that_decisions_refer_to(admin_client):
    add_comparisons(1)
    story = Story.objects.get()
    url = reverse("admin:compare_story_change", args=[story.pk])
    assert admin_client.get(url).status_code == 200
    article = story.ordered_articles[0]
    response = admin_client.post(url, story_form_data(story, delete={article.pk}))
    assert response.status_code == 200  # the form again, with the reason
    assert "stays in the story: 2 editor" in response.content.decode()
    assert story.articles.count() == 2


def test_the_story_admin_refuses_an_unsupported_language(admin_client):
    add_comparisons(1)
    story = Story.objects.get()
    stray = make_article(raw="Text. More.", language="en")
    Article.objects.filter(pk=stray.pk).update(language="xx")
    url = reverse("admin:compare_story_change", args=[story.pk])
    response = admin_client.post(url, story_form_data(story, add=[stray.pk]))
    assert "not one the model supports" in response.content.decode()
    assert story.articles.count() == 2
    extra = make_article(raw="Texte. Encore.", language="fr")
    response = admin_client.post(url, story_form_data(story, add=[extra.pk]))
    assert response.status_code == 302
    assert StoryArticle.objects.get(article=extra).added_by.username == "admin"
