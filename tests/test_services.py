from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from compare import services, text
from compare.models import (
    Article,
    Comparison,
    ComparisonArticle,
    Outlet,
    Paragraph,
    Sentence,
)
from tests.factories import corpus_text, make_article, make_comparison, seed_text

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Outlet, Article, Paragraph, Sentence, Comparison, ComparisonArticle)
    }


def test_import_stores_paragraphs_and_sentences_with_exact_offsets():
    raw = seed_text("it")
    article = make_article(raw=raw, language="it", outlet="Some outlet")
    assert article.original_text == raw
    assert article.outlet.name == "Some outlet"
    # Six paragraphs in the text; the credit glued to the photo caption is cut off into one
    # of its own: "Nelle immagini la firma, …" (caption) then "Credit: Roscosmos" (credit).
    paragraphs = list(article.paragraphs.order_by("position"))
    assert len(paragraphs) == 7
    assert [p.role for p in paragraphs][2:5] == ["caption", "caption", "credit"]
    for paragraph in paragraphs:
        assert raw[paragraph.start : paragraph.end] == paragraph.text
    sentences = list(article.sentences.order_by("position"))
    assert len(sentences) == 14
    assert [s.position for s in sentences] == list(range(14))
    for sentence in sentences:
        assert raw[sentence.start : sentence.end] == sentence.text
        paragraph = sentence.paragraph
        assert paragraph.start <= sentence.start and sentence.end <= paragraph.end


def test_import_keeps_windows_line_ends_in_the_original():
    raw = "Titolo\r\n\r\nPrima frase. Seconda frase.\r\n"
    article = make_article(raw=raw.encode(), language="it")
    assert article.original_text == raw
    assert [s.text for s in article.sentences.all()] == ["Titolo", "Prima frase.", "Seconda frase."]


def test_import_detects_the_language_when_not_given():
    article = make_article(raw=seed_text("fr"), language=None)
    assert article.language == "fr"


def test_title_defaults_to_the_headline_else_the_first_sentence():
    article = make_article(raw="Un titre\n\nUne phrase.", language="fr", title="  ")
    assert article.title == "Un titre"
    # German Wikinews (a distractor page of the press corpus): the site's chrome and the
    # date stand above the headline.
    raw = (
        "WikiNews de\n\nDecember 9, 2012\n\nRumänien: Parlamentswahlen haben begonnen\n\n"
        "Bukarest (Rumänien), 09.12.2012 – Heute hat in Rumänien die Parlamentswahl begonnen. "
        "Etwa 18,3 Millionen Staatsbürger sind aufgerufen, ihre Stimme abzugeben."
    )
    article = make_article(raw=raw, language="de", title="")
    assert article.title == "Rumänien: Parlamentswahlen haben begonnen"
    article = make_article(raw="Une phrase. Une autre phrase.", language="fr", title="")
    assert article.title == "Une phrase."
    article = make_article(raw="# Un titre en Markdown\n\nUne phrase.", language="fr", title="")
    assert article.title == "Un titre en Markdown"


def test_publication_date_defaults_to_the_dateline_s():
    # German Wikinews (a distractor page of the press corpus): the date above the headline.
    raw = (
        "WikiNews de\n\nDecember 9, 2012\n\nRumänien: Parlamentswahlen haben begonnen\n\n"
        "Bukarest (Rumänien), 09.12.2012 – Heute hat in Rumänien die Parlamentswahl begonnen. "
        "Etwa 18,3 Millionen Staatsbürger sind aufgerufen, ihre Stimme abzugeben."
    )
    assert make_article(raw=raw, language="de").published_on == datetime.date(2012, 12, 9)
    # A date given wins; a text without a dateline has none.
    given = datetime.date(2012, 12, 10)
    article = make_article(raw=raw + " Morgen.", language="de", published_on=given)
    assert article.published_on == given
    assert make_article(raw="Un titre\n\nUne phrase.", language="fr").published_on is None
    # The date of a byline line ("Name | Place date", Voice of America).
    raw = corpus_text("voa-gv-chile-quake-en-ja", "a")
    assert make_article(raw=raw, language="en").published_on == datetime.date(2010, 2, 27)


def test_author_defaults_to_the_name_the_byline_gives():
    text = "The minister said on Monday that taxes would fall next year, as he had promised."
    assert make_article(raw=f"Taxes fall\n\nBy Jane Doe\n\n{text}").author == "Jane Doe"
    raw = f"Taxes fall again\n\nBy Jane Doe\n\n{text}"
    assert make_article(raw=raw, author="J. Doe").author == "J. Doe"  # given wins
    assert make_article(raw=f"Taxes fall, once more\n\n{text}").author == ""
    # Voice of America's "Name | Place date" line; Global Voices' "Written by Name On date".
    raw = corpus_text("voa-gv-chile-quake-en-ja", "a")
    assert make_article(raw=raw, language="en").author == "Michael Bowman"
    raw = corpus_text("gv-ukraine-1942-photos-en-ru", "a")
    assert make_article(raw=raw, language="en").author == "Danica Radisic"


def test_duplicate_import_is_refused_and_stores_nothing():
    first = make_article(raw="Same text. Twice.", language="en")
    before = row_counts()
    with pytest.raises(services.DuplicateArticleError, match=str(first.pk)):
        make_article(raw="Same  text.\r\nTwice.", language="en", title="Again")
    assert row_counts() == before


@pytest.mark.parametrize(
    ("raw", "language", "error", "message"),
    [
        ("", "en", text.EmptyTextError, "empty"),
        ("\n \u00a0\n\t", "en", text.EmptyTextError, "empty"),
        ("caffè".encode("latin-1"), "it", text.EncodingError, "UTF-8"),
        ("Una frase.", "xx", text.UnsupportedLanguageError, "not supported"),
    ],
)
def test_bad_input_gets_its_own_error_and_stores_nothing(raw, language, error, message):
    before = row_counts()
    with pytest.raises(error, match=message):
        make_article(raw=raw, language=language)
    assert row_counts() == before


def test_text_over_the_limit_is_refused(settings):
    settings.COMPARE_MAX_TEXT_CHARS = 50
    before = row_counts()
    with pytest.raises(text.TextTooLongError, match="limit is 50"):
        make_article(raw="A sentence. " * 10, language="en")
    assert row_counts() == before


def test_a_comparison_is_named_after_its_articles_titles_cut_at_a_word():
    lead = (
        "L'ex président tunisien Zine El Abidine Ben Ali a quitté la Tunisie vendredi 14 "
        "janvier après quatre semaines de soulèvement populaire."
    )
    a = make_article(raw="Tunisian President Flees. More text.", language="en", title="")
    b = make_article(raw=lead, language="fr", title="")
    comparison = services.create_comparison(articles=[a, b])
    assert comparison.title == (
        "Tunisian President Flees. ↔ "
        "L'ex président tunisien Zine El Abidine Ben Ali a quitté la Tunisie vendredi 14…"
    )


def test_comparison_of_an_article_with_itself_is_refused():
    article = make_article()
    with pytest.raises(services.ComparisonError, match="itself"):
        services.create_comparison(articles=[article, article])
    assert Comparison.objects.count() == 0


def test_the_database_refuses_an_article_twice_in_one_comparison():
    comparison = make_comparison()
    article = comparison.ordered_articles[0]
    with pytest.raises(IntegrityError):
        ComparisonArticle.objects.create(comparison=comparison, article=article, position=5)


def test_seed_fixture_loads_twice_without_duplicates():
    call_command("loaddata", "seed", verbosity=0)
    once = row_counts()
    call_command("loaddata", "seed", verbosity=0)
    assert row_counts() == once
    assert once["Article"] == 2
    assert once["Comparison"] == 1
    italian, french = Comparison.objects.get().ordered_articles
    assert (italian.language, french.language) == ("it", "fr")
    assert (italian.sentences.count(), french.sentences.count()) == (14, 20)
    for article in (italian, french):
        for sentence in article.sentences.all():
            assert article.original_text[sentence.start : sentence.end] == sentence.text


def test_seed_fixture_matches_what_the_importer_makes_of_the_seed_files():
    call_command("loaddata", "seed", verbosity=0)
    stored = {a.language: a for a in Article.objects.all()}
    for language in ("it", "fr"):
        assert stored[language].original_text == seed_text(language)
        assert stored[language].content_hash == text.content_hash(seed_text(language))
        segmented = [
            (s.start, s.end)
            for p in text.segment(seed_text(language), language)
            for s in p.sentences
        ]
        assert list(stored[language].sentences.values_list("start", "end")) == segmented
