from __future__ import annotations

import pytest

from compare import text
from tests.factories import corpus_text, seed_text


def sentences(raw: str, language: str) -> list[str]:
    return [s.text for p in text.segment(raw, language) for s in p.sentences]


def test_italian_seed_paragraphs_and_sentences():
    paragraphs = text.segment(seed_text("it"), "it")
    # Read off the text: the opening line, the five-sentence communiqué
    # paragraph, the slug-like alt text, caption + credit, "Ad oggi…", and the
    # four-sentence Artemis commentary.
    assert [len(p.sentences) for p in paragraphs] == [1, 5, 1, 2, 1, 4]
    communique = [s.text for s in paragraphs[1].sentences]
    assert communique[0].startswith("Dmitry Rogozin, direttore generale")
    assert communique[1].startswith("La Roscosmos e CNSA")
    assert communique[4].startswith("La Russia e la Cina tradizionalmente")
    assert [s.text for s in paragraphs[3].sentences][1] == "Credit: Roscosmos"


def test_french_seed_paragraphs_and_sentences():
    paragraphs = text.segment(seed_text("fr"), "fr")
    assert len(paragraphs) == 18
    # The title has no full stop and stays one sentence.
    assert paragraphs[0].sentences[0].text.startswith("La Russie et la Chine ont signé")
    # The rhetorical opening is two questions.
    questions = [s.text for s in paragraphs[3].sentences]
    assert len(questions) == 2
    assert all(q.endswith("?") for q in questions)
    # "…extra-atmosphérique.\u00a0À ce jour…": a non-breaking space between
    # two sentences still separates them.
    last = [s.text for s in paragraphs[8].sentences]
    assert len(last) == 2
    assert last[1].startswith("À ce jour")
    assert sum(len(p.sentences) for p in paragraphs) == 20


@pytest.mark.parametrize("language", ["it", "fr"])
def test_offsets_rebuild_every_sentence_and_paragraph(language):
    raw = seed_text(language)
    for paragraph in text.segment(raw, language):
        assert raw[paragraph.start : paragraph.end] == paragraph.text
        for sentence in paragraph.sentences:
            assert raw[sentence.start : sentence.end] == sentence.text
            assert paragraph.start <= sentence.start < sentence.end <= paragraph.end


def test_scraped_text_quirks():
    raw = (
        "\ufeffA title without a full stop\r\n"
        "\r\n"
        "\u00a0\r\n"  # a blank line made of a non-breaking space
        "\r\n"
        "“Quoted,” he said. L’Italia c’è.\r\n"
        "\r\n"
        "Photo caption\r\n"
        "\r\n"
        "Photo caption\r\n"
    )
    paragraphs = text.segment(raw, "en")
    assert [p.text for p in paragraphs] == [
        "\ufeffA title without a full stop".strip(),
        "“Quoted,” he said. L’Italia c’è.",
        "Photo caption",
        "Photo caption",
    ]
    assert sentences(raw, "en")[1:3] == ["“Quoted,” he said.", "L’Italia c’è."]


def test_line_break_inside_a_paragraph_ends_a_sentence():
    assert sentences("Headline\nBody sentence one. Body two.", "en") == [
        "Headline",
        "Body sentence one.",
        "Body two.",
    ]


def test_a_line_break_that_wraps_a_sentence_does_not_end_it():
    # Text copied from an e-mail or a PDF, wrapped at a fixed width (the first lines of
    # Global Voices' German post on its first ten years, as a page store kept them).
    raw = (
        "Alle Links in diesem Artikel führen, soweit nicht anders ersichtlich, zu\n"
        "englischsprachigen Webseiten.\n"
        "Um 22:03 Uhr setzt Rebecca MacKinnon, ehemalige CNN-Journalistin, die letzten Zeichen\r\n"
        "ihres Blogeintrags und klickt auf „Veröffentlichen“. Ihr Kollege hatte den\r\n"
        "WordPress-Blog wenige Tage zuvor aufgesetzt."
    )
    assert sentences(raw, "de") == [
        "Alle Links in diesem Artikel führen, soweit nicht anders ersichtlich, zu\n"
        "englischsprachigen Webseiten.",
        "Um 22:03 Uhr setzt Rebecca MacKinnon, ehemalige CNN-Journalistin, die letzten Zeichen\r\n"
        "ihres Blogeintrags und klickt auf „Veröffentlichen“.",
        # Wrapped before a capital after an article (`lexicon.OPEN_WORDS`).
        "Ihr Kollege hatte den\r\nWordPress-Blog wenige Tage zuvor aufgesetzt.",
    ]
    assert len(text.segment(raw, "de")) == 1  # a Windows line end is no blank line
    # gv-rising-voices-microgrants-en-es a, wrapped at 72 columns.
    wrapped = (
        "Once again, we will provide up to five microgrants in the amount of\n"
        "$USD 2,500-4,000 to successful applicants."
    )
    assert sentences(wrapped, "en") == [wrapped]
    # A line that ends a sentence, a title, a list item and a web address each end at the
    # line break.
    assert sentences("These are the\n• first item", "en") == ["These are the", "• first item"]
    assert sentences("Apple launches a new phone\niPhone 15 goes on sale.", "en") == [
        "Apple launches a new phone",
        "iPhone 15 goes on sale.",
    ]
    assert sentences("Ende.\nneuer Satz", "de") == ["Ende.", "neuer Satz"]
    assert sentences("Haiti: Earthquake!\nupdates from the ground", "en")[0] == "Haiti: Earthquake!"
    assert sentences("Watch it here: http://www.youtube.com/watch?v=r\nlater today", "en") == [
        "Watch it here: http://www.youtube.com/watch?v=r",
        "later today",
    ]


def test_italian_and_french_abbreviations_and_quotes_do_not_split():
    assert sentences("Il dott. Bianchi e il prof. Verdi sono arrivati. Poi è partito.", "it") == [
        "Il dott. Bianchi e il prof. Verdi sono arrivati.",
        "Poi è partito.",
    ]
    assert sentences("Le prix est de 3 env. selon M. Durand. Fin.", "fr") == [
        "Le prix est de 3 env. selon M. Durand.",
        "Fin.",
    ]
    # A full stop inside guillemets does not end the sentence mid-quote.
    assert len(sentences("Ha detto: «Andiamo.» Poi è partito.", "it")) == 1


def test_decode_refuses_bytes_that_are_not_utf8():
    with pytest.raises(text.EncodingError, match="not valid UTF-8"):
        text.decode_text("caffè".encode("latin-1"))
    assert text.decode_text("\ufeffcaffè".encode()) == "caffè"


def test_check_text_refuses_empty_and_too_long():
    with pytest.raises(text.EmptyTextError):
        text.check_text(" \n\u00a0\n", max_chars=10)
    with pytest.raises(text.TextTooLongError, match="limit is 10"):
        text.check_text("x" * 11, max_chars=10)


def test_check_language():
    assert text.check_language("IT") == "it"
    assert text.check_language("fr-CH") == "fr"
    with pytest.raises(text.UnsupportedLanguageError, match="not supported"):
        text.check_language("xx")


def test_detect_language():
    assert text.detect_language(seed_text("it")) == "it"
    assert text.detect_language(seed_text("fr")) == "fr"
    assert text.detect_language("Der Hund läuft schnell über die Straße.") == "de"


def test_content_hash_ignores_line_ends_and_spacing():
    assert text.content_hash("A b.\r\n\r\nC d.") == text.content_hash("A  b.\n\nC d. ")
    assert text.content_hash("A b.") != text.content_hash("A c.")


def test_punctuation_glued_to_a_sentence_stays_with_it():
    # Press corpus (gv-haiti-one-week): tweets run together without spaces. pysbd cut
    # "vivants..”Vous" into "vivants." and ".”Vous", and left the closing ” of a quotation on
    # the next sentence; each mark belongs to the sentence it ends.
    assert sentences(
        "On recherche des corps vivants..”Vous avez amené de quoi manger?”Peut-on blâmer "
        "qqu'un qui a faim de piller ?",
        "fr",
    ) == [
        "On recherche des corps vivants..",
        "”Vous avez amené de quoi manger?”",
        "Peut-on blâmer qqu'un qui a faim de piller ?",
    ]
    assert sentences(
        "Siamo alla ricerca di superstiti..”Hai portato del cibo??” Puoi incolpare un affamato "
        "di saccheggio?",
        "it",
    ) == [
        "Siamo alla ricerca di superstiti..",
        "”Hai portato del cibo??”",
        "Puoi incolpare un affamato di saccheggio?",
    ]
    # A quotation mark that opens the next sentence stays with it.
    assert sentences('He left. "Why?" she asked.', "en") == ["He left.", '"Why?" she asked.']


def test_an_ellipsis_ends_a_sentence_as_three_full_stops_do():
    # Press corpus (gv-haiti-one-week): pysbd never ends a sentence at the character "…";
    # it is read as "...", and an ellipsis run into a capital letter (tweets quoted one
    # after the other) ends a sentence too.
    assert sentences(
        "Ich habe nicht das Gefühl, dass es einen Plan gibt… Ich hoffe, „das "
        "Planungskomitee“ besteht nicht aus den „gleichen alten Leuten“.",
        "de",
    ) == [
        "Ich habe nicht das Gefühl, dass es einen Plan gibt…",
        "Ich hoffe, „das Planungskomitee“ besteht nicht aus den „gleichen alten Leuten“.",
    ]
    assert sentences(
        "J'ai l'impression qu'il n'y a pas de plan…J'espère que le “COMITÉ DE PLANIFICATION” "
        "n'est pas composé des habituels vieux schnocks…j'ai déjà vécu ça",
        "fr",
    ) == [
        "J'ai l'impression qu'il n'y a pas de plan…",
        "J'espère que le “COMITÉ DE PLANIFICATION” n'est pas composé des habituels vieux "
        "schnocks…j'ai déjà vécu ça",
    ]
    # Inside a sentence it stays: before a small letter, or inside a quotation.
    assert sentences("Il y a des… choses.", "fr") == ["Il y a des… choses."]
    assert sentences("„Die Straßen sind nicht sicher… Diebe“", "de") == [
        "„Die Straßen sind nicht sicher… Diebe“"
    ]


@pytest.mark.parametrize(
    ("sentence", "open_quote", "expected"),
    [
        # Wikinews, "Apple Inc. co-founder Steve Jobs dies aged 56".
        ('President Barack Obama said "Steve was among the greatest"', None, (5, None)),
        # Each tradition's marks: German „…“, French « … », Japanese 「…」.
        ("Er sagte: „Wir bleiben hier“ und ging.", None, (3, None)),
        ("Il a dit : « Nous restons » avant de partir.", None, (2, None)),
        ("彼は「ここに残る」と言った。", None, (2, None)),
        # VOA Cantonese: a blogger's post over three sentences, opened in the first ...
        ("他在最後一條博文中說:“終有一天,人們不再使用iphone、ipad、Mac。", None, (8, "”")),
        # ... going on through the second and closed in the third.
        ("甚至有一天,蘋果也失去它的光彩。", "”", (7, "”")),
        ("但是,喬布斯的理念和智慧,將永遠流傳於世間。”", "”", (9, None)),
        # An apostrophe is not a quotation mark.
        ("L’info circule, dit l’animateur.", None, (0, None)),
    ],
)  # fmt: skip
def test_quoted_words_counts_the_words_inside_quotation_marks(sentence, open_quote, expected):
    assert text.quoted_words(sentence, open_quote=open_quote) == expected


def test_a_web_address_is_never_cut():
    assert sentences("http://www.youtube.com/watch?v=rWgvX1FGK4I", "it") == [
        "http://www.youtube.com/watch?v=rWgvX1FGK4I"
    ]
    assert sentences("Vedi http://x.org/p?q=1 ora. Poi basta.", "it") == [
        "Vedi http://x.org/p?q=1 ora.",
        "Poi basta.",
    ]
    # Nor one without a scheme, nor an e-mail address (the segmenter alone cuts both).
    assert sentences("The report is at x.org/news/report.html?id=4. It names firms.", "en") == [
        "The report is at x.org/news/report.html?id=4.",
        "It names firms.",
    ]
    assert sentences("Write to dr.j.smith@example.org. He answers.", "en") == [
        "Write to dr.j.smith@example.org.",
        "He answers.",
    ]


def test_shorten_cuts_after_a_whole_word_with_an_ellipsis():
    # The lead of voa-gv-tunisia-ben-ali-flees-en-fr b0, standing for a title.
    lead = (
        "L'ex président tunisien Zine El Abidine Ben Ali a quitté la Tunisie vendredi 14 "
        "janvier après quatre semaines de soulèvement populaire."
    )
    assert text.shorten(lead, 80) == (
        "L'ex président tunisien Zine El Abidine Ben Ali a quitté la Tunisie vendredi 14…"
    )
    assert len(text.shorten(lead, 40)) <= 40
    assert text.shorten("Ben Ali flees", 80) == "Ben Ali flees"
    assert text.shorten("x" * 50, 10) == "x" * 9 + "…"


@pytest.mark.parametrize(
    ("case", "letter", "language"),
    [
        ("voa-gv-chile-quake-en-ja", "a", "en"),  # "U.S." and "… Survey says …" quoted
        ("gv-haiti-one-week-de-fr", "a", "de"),  # „…“ and "z.B."-like stops
        ("gv-haiti-one-week-it-fr", "b", "fr"),  # « … » and tweets run together
    ],
)
def test_a_long_line_read_in_parts_gives_the_sentences_of_the_whole_line(
    monkeypatch, case, letter, language
):
    # pysbd's time grows with the square of a line's length, so a long line is read in parts
    # cut where a sentence surely ends; the sentences must be those of the whole line.
    line = " ".join(corpus_text(case, letter).split())
    monkeypatch.setattr(text, "_PART_CHARS", 10**9)
    whole = [s.text for p in text.segment(line, language) for s in p.sentences]
    monkeypatch.setattr(text, "_PART_CHARS", 150)
    assert [s.text for p in text.segment(line, language) for s in p.sentences] == whole
    assert len(line) > 4 * 150
