"""Reading stored articles again with today's rules (services.reread_article, reread_articles).

An "older reading" is written here as a release before this one stored it: the same text, cut
into other sentences or given other roles. Today's reading of these texts leaves Markdown's
"# " out of the headline's sentence and reads the line as the headline.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from compare import selectors, services, structure, text
from compare.models import (
    Article,
    ArticleEmbedding,
    Comparison,
    CuratedAddition,
    CuratedLink,
    Link,
    Paragraph,
    Sentence,
    SentenceEmbedding,
)
from compare.services.articles import store_paragraphs
from compare.vocabulary import AdditionType, Role, Verdict
from tests.factories import links_of, make_article, make_comparison, store_alignment

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).resolve().parent / "pages"

TEXT = (
    "# Haiti: Getting the Word Out\n\n"
    "Bloggers in Port-au-Prince wrote through the night. Their posts reached the world.\n\n"
    "Relief workers asked for doctors. Hospitals were full.\n"
)


def store_older_reading(article: Article, paragraphs: list[tuple[str, list[tuple[int, int]]]]):
    """Replace the article's stored reading by an older one: (role, sentence spans) per
    paragraph, as a release before this one would have stored it."""
    raw = article.original_text
    article.sentences.all().delete()
    article.paragraphs.all().delete()
    store_paragraphs(
        article,
        [
            structure.Paragraph(
                spans[0][0],
                spans[-1][1],
                raw[spans[0][0] : spans[-1][1]],
                role,
                tuple(text.Span(start, end, raw[start:end]) for start, end in spans),
            )
            for role, spans in paragraphs
        ],
    )


def spans_of(raw: str, *sentences: str) -> list[tuple[int, int]]:
    return [(raw.index(s), raw.index(s) + len(s)) for s in sentences]


def older_article() -> Article:
    """An article stored as a reading that kept the heading's hashes in its first sentence and
    read the heading as body."""
    article = make_article(raw=TEXT, language="en")
    store_older_reading(
        article,
        [
            (Role.BODY, spans_of(TEXT, "# Haiti: Getting the Word Out")),
            (
                Role.BODY,
                spans_of(
                    TEXT,
                    "Bloggers in Port-au-Prince wrote through the night.",
                    "Their posts reached the world.",
                ),
            ),
            (Role.BODY, spans_of(TEXT, "Relief workers asked for doctors. Hospitals were full.")),
        ],
    )
    return article


def reading(article: Article) -> list[tuple[str, list[str]]]:
    """The stored reading: (role, sentence texts) per paragraph."""
    return [
        (p.role, [s.text for s in p.sentences.order_by("position")])
        for p in article.paragraphs.order_by("position")
    ]


def todays_reading(article: Article) -> list[tuple[str, list[str]]]:
    return [
        (p.role, [s.text for s in p.sentences])
        for p in structure.read_article(article.original_text, article.language)
    ]


def test_an_article_read_as_today_is_left_as_it_is():
    article = make_article(raw=TEXT, language="en")
    sentences = list(article.sentences.values_list("pk", "paragraph_id"))
    updated = article.updated
    reread = services.reread_article(article=article)
    assert not reread.changed
    assert list(article.sentences.values_list("pk", "paragraph_id")) == sentences
    article.refresh_from_db()
    assert article.updated == updated
    assert "unchanged" in str(reread)


def test_an_older_reading_is_replaced_by_todays():
    article = older_article()
    before = {s.text: s.pk for s in article.sentences.all()}
    reread = services.reread_article(article=article)
    assert reread.changed
    assert reading(article) == todays_reading(article)
    assert reading(article)[0] == (Role.HEADLINE, ["Haiti: Getting the Word Out"])
    # Unchanged spans keep their rows; the cut-again ones are new.
    after = {s.text: s.pk for s in article.sentences.all()}
    assert after["Their posts reached the world."] == before["Their posts reached the world."]
    assert "Relief workers asked for doctors." in after
    assert (reread.sentences_kept, reread.sentences_new, reread.sentences_gone) == (2, 3, 2)
    assert reread.roles_changed == 0  # the kept ones are body as before
    positions = list(article.sentences.order_by("position").values_list("position", flat=True))
    assert positions == list(range(len(positions)))
    for sentence in Sentence.objects.filter(article=article).select_related("paragraph"):
        assert article.original_text[sentence.start : sentence.end] == sentence.text
        assert sentence.paragraph.start <= sentence.start < sentence.end <= sentence.paragraph.end
    # Read again, it is as today's: nothing more to do.
    assert not services.reread_article(article=article).changed


def test_kept_sentences_keep_their_embeddings_and_the_document_vector_goes():
    article = older_article()
    kept = article.sentences.get(text="Their posts reached the world.")
    gone = article.sentences.get(text="# Haiti: Getting the Word Out")
    for sentence in (kept, gone):
        SentenceEmbedding.objects.create(
            sentence=sentence, model_name="m", dimensions=1, vector=b"\0\0\0\0"
        )
    ArticleEmbedding.objects.create(article=article, model_name="m", dimensions=1, vector=b"")
    services.reread_article(article=article)
    assert list(SentenceEmbedding.objects.values_list("sentence_id", flat=True)) == [kept.pk]
    assert not ArticleEmbedding.objects.filter(article=article).exists()


def test_editors_decisions_pass_to_the_sentences_that_now_hold_their_text():
    article, other = older_article(), make_article()
    comparison = make_comparison(articles=[article, other])
    heading = article.sentences.get(text="# Haiti: Getting the Word Out")
    relief = article.sentences.get(text__startswith="Relief workers")
    their_first = other.sentences.order_by("position").first()
    services.curate_link(comparison=comparison, sentence_ids=[heading.pk, their_first.pk])
    services.curate_addition(
        comparison=comparison, sentence_id=relief.pk, addition_type=AdditionType.BACKGROUND
    )

    reread = services.reread_article(article=article)

    assert (reread.decisions_moved, reread.decisions_lost) == (2, 0)
    decision = CuratedLink.objects.get(comparison=comparison)
    assert decision.verdict == Verdict.LINK
    assert sorted(s.text for s in decision.sentences.all()) == sorted(
        ["Haiti: Getting the Word Out", their_first.text]
    )
    # The addition's sentence was cut in two: the type goes to the one holding most of it.
    curated = CuratedAddition.objects.get(comparison=comparison)
    assert (curated.sentence.text, curated.addition_type) == (
        "Relief workers asked for doctors.",
        AdditionType.BACKGROUND,
    )


def test_a_decision_about_text_no_sentence_holds_any_more_is_deleted_and_counted():
    article, other = make_article(raw=TEXT, language="en"), make_article()
    # A reading that made the heading's hash a sentence of its own.
    store_older_reading(
        article,
        [
            (Role.BODY, spans_of(TEXT, "#", "Haiti: Getting the Word Out")),
            *[
                (p.role, [(s.start, s.end) for s in p.sentences])
                for p in structure.read_article(TEXT, "en")[1:]
            ],
        ],
    )
    comparison = make_comparison(articles=[article, other])
    marks = article.sentences.get(text="#")
    services.curate_addition(
        comparison=comparison, sentence_id=marks.pk, addition_type=AdditionType.BOILERPLATE
    )
    reread = services.reread_article(article=article)
    assert (reread.decisions_moved, reread.decisions_lost) == (0, 1)
    assert not CuratedAddition.objects.exists()
    assert "1 lost with their text" in str(reread)


def test_the_comparisons_lose_their_result_and_wait_to_be_aligned_again():
    article, other = older_article(), make_article()
    comparison = make_comparison(articles=[article, other])
    comparison = store_alignment(comparison, links_of([((1,), (0,))]))
    generation = comparison.generation
    assert comparison.status == Comparison.Status.ALIGNED

    reread = services.reread_article(article=article)

    assert reread.comparisons == (comparison.pk,)
    comparison = selectors.get_comparison(comparison.pk)
    assert comparison.status == Comparison.Status.PENDING
    assert comparison.aligned_at is None
    assert comparison.generation == generation + 1  # an alignment under way stores nothing
    assert not Link.objects.filter(comparison=comparison).exists()
    assert [m.shared_percent for m in comparison.members.all()] == [None, None]
    assert comparison in selectors.needing_alignment()
    # Aligned again, on the sentences of today's reading.
    comparison = store_alignment(comparison, links_of([((1,), (0,))]))
    assert comparison.status == Comparison.Status.ALIGNED


def test_the_roles_a_page_gave_are_kept_and_read_again_with_its_text():
    article = services.import_article_from_html(
        html=(PAGES / "press_structure.html").read_bytes(), url="https://www.voanews.com/a/1"
    )
    assert article.markup_roles[:3] == [Role.HEADLINE, Role.BYLINE, Role.STANDFIRST]
    assert len(article.markup_roles) == len(text.split_paragraphs(article.original_text))
    stored = reading(article)
    assert not services.reread_article(article=article).changed
    # Stored before the markup's roles were kept: the stored roles stand in for them.
    Article.objects.filter(pk=article.pk).update(markup_roles=None)
    article.refresh_from_db()
    assert not services.reread_article(article=article).changed
    assert reading(article) == stored
    # From the text alone: what only the markup said (a standfirst, an alt text, list items)
    # is read as body.
    reread = services.reread_article(article=article, from_text=True)
    assert (reread.changed, reread.sentences_new, reread.roles_changed) == (True, 0, 4)
    roles = [role for role, _ in reading(article)]
    assert roles.count(Role.STANDFIRST) == roles.count(Role.LIST_ITEM) == 0


def test_a_plain_text_import_stores_that_no_markup_spoke():
    assert make_article(raw=TEXT, language="en").markup_roles == []


def test_markup_roles_that_no_longer_fit_the_text_are_refused_and_nothing_changes():
    article = older_article()
    Article.objects.filter(pk=article.pk).update(markup_roles=[Role.HEADLINE])
    article.refresh_from_db()
    stored = reading(article)
    with pytest.raises(services.RereadError, match="Read it from its text alone"):
        services.reread_article(article=article)
    assert reading(article) == stored
    assert services.reread_article(article=article, from_text=True).changed


def test_the_command_says_what_it_would_change_then_changes_it_and_queues_alignments():
    article, current = older_article(), make_article(raw=TEXT.replace("Haiti", "Chile"))
    comparison = make_comparison(articles=[article, current])
    stored = reading(article)

    out = StringIO()
    call_command("reread_articles", "--dry-run", stdout=out, stderr=StringIO())
    assert f"Article {article.pk} “{article.title}”: 2 sentences kept, 3 new, 2 gone" in (
        out.getvalue()
    )
    assert "1 article(s) would change; 0 could not be read again" in out.getvalue()
    assert reading(article) == stored
    assert selectors.get_comparison(comparison.pk).status == Comparison.Status.PENDING

    out = StringIO()
    call_command("reread_articles", str(article.pk), stdout=out, stderr=StringIO())
    assert "1 article(s) changed" in out.getvalue()
    assert "Queued 1 alignment(s); 0 could not be queued." in out.getvalue()
    assert reading(article) == todays_reading(article)
    assert selectors.get_comparison(comparison.pk).status == Comparison.Status.QUEUED

    with pytest.raises(CommandError, match="No article with id 999999"):
        call_command("reread_articles", "999999", stdout=StringIO())


def test_a_stored_reading_is_never_half_replaced(monkeypatch):
    article = older_article()
    stored = reading(article)
    paragraphs = Paragraph.objects.filter(article=article).count()

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("compare.services.rereading._clear_results", fail)
    with pytest.raises(RuntimeError):
        services.reread_article(article=article)
    assert reading(article) == stored
    assert Paragraph.objects.filter(article=article).count() == paragraphs


def test_the_admin_reads_the_selected_articles_again_and_queues_their_comparisons(admin_client):
    article, other = older_article(), make_article()
    comparison = make_comparison(articles=[article, other])
    response = admin_client.post(
        reverse("admin:compare_article_changelist"),
        {"action": "reread", "_selected_action": [article.pk, other.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert f"Article {article.pk} “{article.title}”: 2 sentences kept, 3 new, 2 gone" in page
    assert "1 of 2 articles read differently today" in page
    assert "1 comparison queued for alignment." in page
    assert reading(article) == todays_reading(article)
    assert selectors.get_comparison(comparison.pk).status == Comparison.Status.QUEUED


def test_the_seed_fixture_holds_todays_reading_and_its_decisions_stay(admin_client):
    call_command("loaddata", "seed", "curated_seed", verbosity=0)
    decisions = CuratedLink.objects.count(), CuratedAddition.objects.count()
    for article in Article.objects.all():
        assert not services.reread_article(article=article).changed
    assert (CuratedLink.objects.count(), CuratedAddition.objects.count()) == decisions


def test_a_reading_stored_by_someone_else_meanwhile_is_not_overwritten(monkeypatch):
    article = older_article()
    read_article = structure.read_article

    def slow_reading(*args, **kwargs):  # another process reads the article again meanwhile
        monkeypatch.setattr(structure, "read_article", read_article)
        services.reread_article(article=Article.objects.get(pk=article.pk))
        return read_article(*args, **kwargs)

    monkeypatch.setattr(structure, "read_article", slow_reading)
    with pytest.raises(services.RereadError, match="read again by someone else meanwhile"):
        services.reread_article(article=article)
    assert reading(article) == todays_reading(article)
