from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import make_article, make_comparison, make_story

pytestmark = pytest.mark.django_db


def test_home_lists_articles_and_comparisons(client):
    article = make_article(title="Un <b>titre</b>", outlet="Le Monde")
    make_comparison(articles=[article, make_article()])
    response = client.get(reverse("compare:home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Un &lt;b&gt;titre&lt;/b&gt;" in content
    assert "Le Monde" in content
    assert "<b>titre</b>" not in content


def test_home_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    """Guards an N+1 on outlets, sentence counts and comparison members."""
    for number in range(2):
        make_comparison(
            articles=[
                make_article(raw=f"One {number}. " + "More. " * (5 * number)),
                make_article(raw=f"Two {number}."),
            ]
        )
    # articles (1) + comparisons (1) + their members with articles (1)
    with django_assert_num_queries(3):
        client.get(reverse("compare:home"))
    make_comparison()
    with django_assert_num_queries(3):
        client.get(reverse("compare:home"))


def test_article_page_shows_paragraphs_escaped(client):
    article = make_article(raw='First <script>alert("x")</script>.\n\nSecond paragraph.')
    response = client.get(article.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content
    assert "<script>alert" not in content
    assert content.count('<p id="p') == 2


def test_article_page_shows_each_paragraphs_role_and_markdown_links_as_labels(client):
    article = make_article(
        raw=(
            "# Tunisian President Flees Country Amid Unrest\n\nBy Jane Doe\n\n"
            "The president left, [the agency said](https://example.org/a).\n\n"
            "Share this\n"
        ),
        language="en",
    )
    content = client.get(article.get_absolute_url()).content.decode()
    roles = re.findall(r'<p id="p\d+" class="paragraph" data-role="(\w+)">', content)
    assert roles == ["headline", "byline", "body", "promo"]
    assert '<span class="meta role" lang="en">byline</span>' in content
    assert "The president left, the agency said.</span>" in content
    assert "](https://" not in content


def test_article_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    """Guards a query per paragraph or per story."""
    short = make_article(raw="One.")
    long = make_article(raw="\n\n".join(f"Paragraph {n}. Sentence." for n in range(50)))
    make_story(articles=[long])
    make_story(articles=[long])
    # article with outlet (1) + its stories (1) + paragraphs (1)
    with django_assert_num_queries(3):
        client.get(short.get_absolute_url())
    with django_assert_num_queries(3):
        client.get(long.get_absolute_url())


def test_unknown_article_is_404(client):
    assert client.get(reverse("compare:article-detail", args=[999])).status_code == 404


def test_pages_load_htmx_from_our_own_static_files(client):
    content = client.get(reverse("compare:home")).content.decode()
    assert "/static/django_htmx/htmx" in content
    assert "unpkg" not in content and "cdn" not in content.lower()


def test_static_files_are_served_with_debug_off(client, settings):
    # `make run` serves with DEBUG off: the page must not lose its CSS, JS and htmx.
    assert settings.DEBUG is False
    for path in ("compare/app.css", "compare/compare.js", "django_htmx/htmx-2.min.js"):
        response = client.get(f"/static/{path}")
        assert response.status_code == 200, path
        b"".join(response.streaming_content)
