"""Paragraph roles: from a page's markup, and from clear cues in plain text (compare.structure).

The plain-text cases are real press text: snippets of the development corpus
(benchmarks/press/cases, each case's a.txt/b.txt) and of the seed articles.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compare import services
from compare.structure import infer_roles, read_article
from compare.vocabulary import Role
from tests.factories import corpus_text as corpus
from tests.factories import seed_text

PAGES = Path(__file__).resolve().parent / "pages"


def roles_of(raw: str, language: str) -> list[tuple[str, str]]:
    return [(p.role, p.text) for p in read_article(raw, language)]


def role_of(raw: str, language: str, start: str) -> str:
    return next(role for role, text in roles_of(raw, language) if text.startswith(start))


# --- from the markup ------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_html_page_gives_its_roles_through_its_markup():
    article = services.import_article_from_html(
        html=(PAGES / "press_structure.html").read_bytes(), url="https://www.voanews.com/a/1"
    )
    roles = [(p.role, p.text[:40]) for p in article.paragraphs.order_by("position")]
    assert roles == [
        ("headline", "Tunisian President Flees Country Amid Un"),  # <h1> / <title>
        ("byline", "Written by Danica Radisic"),  # class="byline", dropped by trafilatura
        ("standfirst", "Tunisia's President has fled the country"),  # the declared description
        ("caption", "Smoke rises from fire left after clashes"),  # <img alt>
        ("caption", "Smoke rises from fire left after clashes"),  # <figcaption>
        ("credit", "Photo courtesy of www.vintage.es, used u"),  # glued to it, cut off
        ("body", "Tunisian Prime Minister Mohammed Ghannou"),
        ("body", "Earlier President Ben Ali announced a st"),
        ("intertitle", "The protests in the capital"),  # <h2>
        ("body", "Earlier in the day, thousands of protest"),
        ("body", "Amira Al Hussaini from Bahrain writes on"),
        ("quote", "My Twitterfeed is going crazy – thanks t"),  # <blockquote>
        ("list_item", "The government announced a curfew, seali"),  # <li>
        ("list_item", "Tunis hospital officials reported 13 dea"),
        ("body", "The unrest began several weeks ago, touc"),
    ]
    for paragraph in article.paragraphs.all():
        assert article.original_text[paragraph.start : paragraph.end] == paragraph.text


def test_markup_roles_win_and_leave_the_rest_to_the_text():
    raw = "Haiti: Getting the Word Out\n\nA plain paragraph of running text, as a page gives it.\n"
    paragraphs = read_article(raw, "en", roles=[None, Role.QUOTE])
    assert [p.role for p in paragraphs] == [Role.HEADLINE, Role.QUOTE]
    with pytest.raises(ValueError, match="1 roles for 2 paragraphs"):
        read_article(raw, "en", roles=[None])


# --- from the text ----------------------------------------------------------------------------


def test_site_chrome_above_the_headline_is_furniture():
    # Global Voices in Russian: a donation box and archive links, then the headline.
    raw = corpus("gv-ukraine-1942-photos-en-ru", "b")
    roles = roles_of(raw, "ru")
    headline = next(i for i, (role, _) in enumerate(roles) if role == Role.HEADLINE)
    assert roles[headline][1].startswith("50 цветных фотографий")
    assert {role for role, _ in roles[:headline]} == {Role.PROMO}


def test_labels_and_notices_are_furniture():
    raw = corpus("gv-tunisia-celebrations-vs-euphoria-en-es", "a")
    assert role_of(raw, "en", "- Global Voices - https://") == Role.PROMO  # a site line
    assert role_of(raw, "en", "Categories: Middle East") == Role.PROMO  # a label and a list
    assert role_of(raw, "en", "This post is part of our special") == Role.PROMO  # a notice
    assert role_of(raw, "en", "Tunisia: Celebrations Welcome") == Role.HEADLINE


@pytest.mark.parametrize(
    ("case", "letter", "language", "line"),
    [
        # MediaWiki's tagline under the title (English Wikinews).
        ("wn-voa-steve-jobs-dies-en-zh", "a", "en", "From Wikinews, the free news source"),
        # A note on the links' language (French Global Voices).
        ("gv-japan-quake-independent-de-fr-en", "b", "fr", "[liens en japonais]"),
        # Links to the story in another medium (Voice of America).
        ("voa-gv-egypt-curfew-fifth-day-en-it", "a", "en", "View the slide show of anti-"),
        ("voa-gv-tunisia-ben-ali-flees-en-fr", "a", "en", "Watch Ravi Khanna's Companion TV"),
    ],
)
def test_taglines_link_notes_and_media_links_are_furniture(case, letter, language, line):
    assert role_of(corpus(case, letter), language, line) == Role.PROMO


def test_what_only_opens_like_a_tagline_or_a_media_link_stays_body():
    # Portuguese Wikinews' tagline, on a distractor page, is furniture; sentences that open
    # alike are not.
    assert infer_roles([["Origem: Wikinotícias, a fonte de notícias livre."]], "pt") == [Role.PROMO]
    assert infer_roles([["Da Wikipedia è emerso che il ministro ha mentito."]], "it") == [Role.BODY]
    assert infer_roles([["Watch how the crowd reacted."]], "en") == [Role.BODY]
    assert infer_roles([["Veja o que disse o ministro:"]], "pt") == [Role.BODY]
    assert infer_roles([["(David Morel @photomorel)"]], "fr") != [Role.PROMO]


def test_a_short_note_that_names_the_links_language_is_furniture_without_brackets():
    # French Global Voices (a distractor page) and the German edition's wording of it.
    assert infer_roles([["Tous les liens sont en anglais."]], "fr") == [Role.PROMO]
    note = "Alle Links in diesem Artikel führen zu englischsprachigen Seiten."
    assert infer_roles([[note]], "de") == [Role.PROMO]
    # "links" is also German for "left"; without a language named, or in running text, no note.
    assert infer_roles([["Die Partei rückt nach links, sagt der Minister."]], "de") == [Role.BODY]
    running = (
        "Die Links in dem Bericht führen zu englischsprachigen Quellen, die der Minister "
        "selbst ausgewählt hat, wie er am Montag in Berlin sagte."
    )
    assert infer_roles([[running]], "de") == [Role.BODY]


def test_markdown_marks_give_their_roles():
    # The VOA report of voa-gv-tunisia-ben-ali-flees-en-fr a, as a Markdown export sets it.
    raw = (
        "# Tunisian President Flees Country Amid Unrest\n\n"
        "Tunisia's President has fled the country and the prime minister has announced he is "
        "in charge Friday after protests and riots rocked the capital.\n\n"
        "![Smoke rises from fire left after clashes](https://gdb.voanews.com/smoke.jpg)\n\n"
        "## Protests in Tunis\n\n"
        "> They want someone who can serve the country, serve its people.\n"
        "> Many other protesters voiced similar sentiments.\n\n"
        "#Sidibouzid and #Jasminrevolt are trending on Twitter.\n\n"
        "# A second level-one heading\n\n"
        "The unrest began several weeks ago, touched off by the death of a man who set himself "
        "on fire."
    )
    assert [role for role, _ in roles_of(raw, "en")] == [
        Role.HEADLINE,
        Role.BODY,
        Role.CAPTION,
        Role.INTERTITLE,
        Role.QUOTE,  # both lines: one quotation
        Role.BODY,  # hashtags are no heading
        Role.INTERTITLE,
        Role.BODY,
    ]


def test_the_marks_that_set_a_block_out_are_left_out_of_its_sentences():
    # The page sets a heading, a quotation, a picture and a list item out its own way; its
    # sentences, which the page shows and the encoder reads, keep only the words. Offsets
    # still point into the raw text.
    raw = (
        "# Tunisian President Flees Country Amid Unrest\n\n"
        "![Smoke rises from fire left after clashes](https://gdb.voanews.com/smoke.jpg)\n\n"
        "## **Protests in Tunis** ##\n\n"
        "> They want someone who can serve the country, serve its people.\n"
        "> Many other protesters voiced similar sentiments.\n\n"
        "The unrest began several weeks ago, touched off by the death of a man who set himself "
        "on fire.\n\n"
        "*Reactions online*\n\n"
        "  • Tunisians celebrate on Twitter.\n"
        "  • Others fear what comes next.\n"
        "3) Numbered items keep their number."
    )
    paragraphs = read_article(raw, "en")
    assert [(p.role, [s.text for s in p.sentences]) for p in paragraphs] == [
        (Role.HEADLINE, ["Tunisian President Flees Country Amid Unrest"]),
        (Role.CAPTION, ["Smoke rises from fire left after clashes"]),
        (Role.INTERTITLE, ["Protests in Tunis"]),
        (
            Role.QUOTE,
            [
                "They want someone who can serve the country, serve its people.",
                "Many other protesters voiced similar sentiments.",
            ],
        ),
        (Role.BODY, [paragraphs[4].sentences[0].text]),
        (Role.INTERTITLE, ["Reactions online"]),
        (Role.LIST_ITEM, ["Tunisians celebrate on Twitter."]),
        (Role.LIST_ITEM, ["Others fear what comes next."]),
        (Role.LIST_ITEM, ["3) Numbered items keep their number."]),
    ]
    assert all(raw[s.start : s.end] == s.text for p in paragraphs for s in p.sentences)
    # A picture without alt text keeps its address: the caption says where it is.
    (picture,) = read_article("![](https://example.org/a.jpg)", "en")
    assert picture.role == Role.CAPTION and picture.text == "![](https://example.org/a.jpg)"


def test_a_lone_name_in_a_list_under_the_headline_is_the_byline():
    # VOA Chinese (wn-voa-steve-jobs-dies-en-zh b) sets its author as a list of one.
    roles = roles_of(corpus("wn-voa-steve-jobs-dies-en-zh", "b"), "zh")
    assert roles[:2] == [(Role.HEADLINE, "蘋果前CEO喬布斯離世"), (Role.BYLINE, "蕭雨")]
    article = "The minister said on Monday that taxes would fall next year, as he had promised."
    roles = roles_of(f"Taxes to fall next year\n\n• Jane Doe\n\n{article}", "en")
    assert roles[1] == (Role.BYLINE, "Jane Doe")
    # A list of names, or one item that is not a name, stays a list.
    raw = f"Taxes to fall next year\n\n• Jane Doe\n• John Roe\n\n{article}"
    assert [role for role, _ in roles_of(raw, "en")][1:3] == [Role.LIST_ITEM, Role.LIST_ITEM]
    raw = f"Taxes to fall next year\n\n• Taxes fall\n\n{article}"
    assert roles_of(raw, "en")[1][0] == Role.LIST_ITEM


def test_a_byline_may_name_the_papers_own_reporter_and_be_set_in_italics():
    # The VOA Tunisia report (voa-gv-tunisia-ben-ali-flees-en-fr a) as a Markdown export.
    body = corpus("voa-gv-tunisia-ben-ali-flees-en-fr", "a").split("\n\n")[4]
    title = "Tunisian President Flees Country Amid Unrest"
    for byline, read in [
        ("By a staff reporter", "By a staff reporter"),
        ("*By Ravi Khanna*", "By Ravi Khanna"),  # not "By Ravi Khanna*": "*" is no bullet
        ("_By our correspondent_", "By our correspondent"),
    ]:
        roles = roles_of(f"# {title}\n\n{byline}\n\n{body}", "en")
        assert roles[:2] == [(Role.HEADLINE, title), (Role.BYLINE, read)]
    french = "Le président a quitté le pays vendredi après quatre semaines de manifestations."
    roles = roles_of(f"La Tunisie en fête\n\nPar notre envoyé spécial\n\n{french}", "fr")
    assert roles[1] == (Role.BYLINE, "Par notre envoyé spécial")
    # An opener and one word is no byline ("Di più", "more"); nor a sentence.
    italian = "Il presidente ha lasciato il paese venerdì dopo quattro settimane di proteste."
    assert roles_of(f"Titolo\n\nDi più\n\n{italian}", "it")[1][0] != Role.BYLINE
    assert (
        roles_of(f"Title\n\nBy the end of the week, calm returned.\n\n{body}", "en")[1][0]
        != Role.BYLINE
    )


@pytest.mark.parametrize(
    ("caption", "credit", "language"),
    [
        # Wire photos are signed agency/photographer, or photographer/agency.
        ("U.S. President Joe Biden speaks at the White House, March 9, 2021.",
         "REUTERS/Kevin Lamarque", "en"),
        ("President Joe Biden speaks in the East Room of the White House.",
         "(AP Photo/Evan Vucci)", "en"),
        ("El director de Roscosmos, Dmitri Rogozin, durante la firma del acuerdo.",
         "EFE/Archivo", "es"),
        ("Bundeskanzlerin Angela Merkel im Bundestag.", "Kay Nietfeld/dpa", "de"),
        ("Le directeur de Roscosmos lors de la signature.", "Mandel Ngan/AFP via Getty Images",
         "fr"),
    ],
)  # fmt: skip
def test_a_wire_photos_agency_credit_is_cut_off_its_caption(caption, credit, language):
    body = corpus("voa-gv-tunisia-ben-ali-flees-en-fr", "a").split("\n\n")[4]
    roles = roles_of(f"A title\n\n{body}\n\n{caption} {credit}\n\n{body}\n", language)
    assert roles[2:4] == [(Role.CAPTION, caption), (Role.CREDIT, credit)]


def test_an_agencys_name_closing_a_caption_is_its_credit_and_signs_a_dispatch():
    body = corpus("voa-gv-tunisia-ben-ali-flees-en-fr", "b").splitlines()[7]
    caption = "Dmitri Rogozine, le patron de Roscosmos, le 9 mars 2021."
    roles = roles_of(f"Un titre\n\n{body}\n\n{caption} AFP\n\n{body}\n", "fr")
    assert roles[2:4] == [(Role.CAPTION, caption), (Role.CREDIT, "AFP")]
    # A dispatch signed by its agency says no date at its end: it stays running text.
    dispatch = "Le président tunisien a quitté le pays vendredi soir."
    roles = roles_of(f"Un titre\n\n{body}\n\n{dispatch} AFP\n\n{body}\n", "fr")
    assert roles[2:4] == [(Role.BODY, dispatch), (Role.CREDIT, "AFP")]
    # In parentheses, where a caption ends without a stop; not a dispatch's sign-off.
    caption = "Il direttore di Roscosmos Dmitry Rogozin durante la firma"
    roles = roles_of(f"Un titolo\n\n{body}\n\n{caption} (ANSA)\n\n{body}\n", "it")
    assert roles[2:4] == [(Role.CAPTION, caption), (Role.CREDIT, "(ANSA)")]
    signed = "Il ministro ha parlato a lungo del progetto con i giornalisti (ANSA)."
    assert roles_of(f"Un titolo\n\n{body}\n\n{signed}\n\n{body}\n", "it")[2] == (
        Role.BODY,
        signed,
    )


def test_the_rights_notice_closing_an_article_makes_no_caption_of_its_last_paragraph():
    paragraphs = corpus("voa-gv-tunisia-ben-ali-flees-en-fr", "b").splitlines()[6:8]
    for notice in (
        "© AFP",
        "Riproduzione riservata ©",
        "Copyright 2021 The Associated Press. All rights reserved.",
    ):
        raw = f"Un titre\n\n{paragraphs[0]}\n\n{paragraphs[1]}\n\n{notice}\n"
        assert [role for role, _ in roles_of(raw, "fr")] == [
            Role.HEADLINE,
            Role.BODY,
            Role.BODY,
            Role.CREDIT,
        ]
    # A picture's credit that names its licence still makes a caption of what it is about.
    raw = (
        f"Un titre\n\n{paragraphs[0]}\n\nLe port de Tunis, en 2010.\n\n"
        "Photo : Jane Doe, CC BY 2.0\n"
    )
    assert [role for role, _ in roles_of(raw, "fr")][2:] == [Role.CAPTION, Role.CREDIT]


def test_a_publication_and_an_update_date_side_by_side_are_a_dateline():
    body = corpus("voa-gv-tunisia-ben-ali-flees-en-fr", "b").splitlines()[7]
    meta = "Publié le 09/03/2021 à 18h02 - Mis à jour le 10/03/2021 à 08h15"
    roles = roles_of(f"Un titre\n\nPar Jean Dupont\n{meta}\n\n{body}\n", "fr")
    assert roles[1:3] == [(Role.BYLINE, "Par Jean Dupont"), (Role.DATELINE, meta)]


def test_a_news_sites_labels_around_the_text():
    # The VOA Tunisia report's paragraphs, set as news sites set their pages.
    paragraphs = corpus("voa-gv-tunisia-ben-ali-flees-en-fr", "a").split("\n\n")[4:7]
    raw = "\n\n".join(
        [
            "Tunisian President Flees Country Amid Unrest",
            "Published",
            "14 January 2011",
            "3 minute read",
            "Image source, Getty Images",
            "Image caption,",
            "Protesters gather in front of the interior ministry in central Tunis on Friday",
            paragraphs[0],
            "Story continues below advertisement",
            paragraphs[1],
            "Reporting by Jane Doe; Editing by John Roe",
            "Related Topics",
            "Tunisia",
            "Arab Spring",
        ]
    )
    assert [role for role, _ in roles_of(raw, "en")] == [
        Role.HEADLINE,
        Role.DATELINE,  # the date's label, on a line of its own
        Role.DATELINE,
        Role.PROMO,  # the reading time
        Role.CREDIT,  # "Image source, …", as the BBC writes it
        Role.PROMO,  # the caption's label …
        Role.CAPTION,  # … and the caption
        Role.BODY,  # not furniture between two marks of places in the text
        Role.PROMO,
        Role.BODY,
        Role.BYLINE,  # the wire's reporting and editing credits
        Role.PROMO,  # a label of related links …
        Role.PROMO,  # … and the links
        Role.PROMO,
    ]


def test_the_last_short_line_before_running_text_under_related_links_is_no_link():
    paragraphs = corpus("voa-gv-tunisia-ben-ali-flees-en-fr", "a").split("\n\n")[4:6]
    raw = "\n\n".join(
        ["A title", paragraphs[0], "See also", "Egypt braces for protests", "The army",
         paragraphs[1]]
    )  # fmt: skip
    assert [role for role, _ in roles_of(raw, "en")][2:5] == [Role.PROMO, Role.PROMO, Role.BODY]


def test_a_spanish_papers_byline_credit_and_tags():
    # The Spanish Global Voices post (gv-rising-voices-microgrants-en-es b), set as a daily sets
    # its page: the author in capitals above the place and date, a photographer's name and
    # the agency under the picture, the tags below.
    body = corpus("gv-rising-voices-microgrants-en-es", "b").split("\n\n")
    body = next(p for p in body if len(p.split()) > 30)
    raw = "\n\n".join(
        [
            "Rusia y China se alían para construir una base en la Luna",
            "MARÍA R. SAHUQUILLO",
            "Moscú - 09 mar 2021 - 18:02 CET",
            "Dmitri Rogozin, director de Roscosmos, en una imagen de archivo. "
            "SERGEI ILNITSKY (EFE)",
            body,
            "Suscríbete aquí a la newsletter de EL PAÍS",
            "Etiquetas",
            "Roscosmos",
            "China",
        ]
    )
    assert roles_of(raw, "es")[1:] == [
        (Role.BYLINE, "MARÍA R. SAHUQUILLO"),
        (Role.DATELINE, "Moscú - 09 mar 2021 - 18:02 CET"),
        (Role.CAPTION, "Dmitri Rogozin, director de Roscosmos, en una imagen de archivo."),
        (Role.CREDIT, "SERGEI ILNITSKY (EFE)"),
        (Role.BODY, body),
        (Role.PROMO, "Suscríbete aquí a la newsletter de EL PAÍS"),
        (Role.PROMO, "Etiquetas"),
        (Role.PROMO, "Roscosmos"),
        (Role.PROMO, "China"),
    ]


def test_chinese_and_arabic_papers_date_source_editor_and_agency_credits():
    # Paragraphs of the Chinese VOA report and of the Arabic Global Voices post, set as
    # Chinese and Arabic news sites set their pages.
    zh = next(p for p in corpus("wn-voa-steve-jobs-dies-en-zh", "b").splitlines() if len(p) > 60)
    raw = f"蘋果前CEO喬布斯離世\n\n2011-10-06 18:02 来源：新华网\n\n{zh}\n\n责任编辑：王明\n"
    assert roles_of(raw, "zh")[1:] == [
        (Role.DATELINE, "2011-10-06 18:02"),
        (Role.CREDIT, "来源：新华网"),
        (Role.BODY, zh),
        (Role.BYLINE, "责任编辑：王明"),  # the editor in charge: a name without capitals
    ]
    # Japanese: the agency closes a caption in full-width brackets, with no space before them.
    ja = corpus("gv-tsimanouskaya-asylum-en-ja", "b").splitlines()[6]
    raw = f"見出し\n\n{ja}\n\n署名式に参加したロゴジン社長（ロスコスモス提供・共同）\n\n{ja}\n"
    assert roles_of(raw, "ja")[2:4] == [
        (Role.CAPTION, "署名式に参加したロゴジン社長"),
        (Role.CREDIT, "（ロスコスモス提供・共同）"),
    ]
    # A foreign name's middle dot outside brackets joins no credit.
    raw = f"見出し\n\n{ja}\n\nドナルド・トランプ大統領が共同声明に署名した。\n\n{ja}\n"
    assert roles_of(raw, "ja")[2][0] == Role.BODY
    ar = next(
        p for p in corpus("gv-curiosity-arab-science-en-ar", "b").splitlines() if len(p) > 150
    )
    raw = (
        f"العنوان\n\nموسكو - الثلاثاء 9 مارس 2021\n\n{ar}\n\n"
        f"رئيس روسكوسموس دميتري روغوزين (أرشيف - رويترز)\n\n{ar}\n"
    )
    assert roles_of(raw, "ar")[1:5] == [
        (Role.DATELINE, "موسكو - الثلاثاء 9 مارس 2021"),  # a place, then the date
        (Role.BODY, ar),
        (Role.CAPTION, "رئيس روسكوسموس دميتري روغوزين"),
        (Role.CREDIT, "(أرشيف - رويترز)"),  # "(archive - Reuters)"
    ]


def test_slashes_without_an_agency_are_no_credit():
    body = corpus("voa-gv-tunisia-ben-ali-flees-en-fr", "a").split("\n\n")[4]
    for line in ("The hotline runs 24/7. It is free.", "Read it at x.org/news/a. It is long."):
        assert roles_of(f"A title\n\n{body}\n\n{line}\n\n{body}\n", "en")[2][0] == Role.BODY


def test_a_teaser_set_into_the_text_does_not_hide_the_next_intertitle():
    body = corpus("voa-gv-tunisia-ben-ali-flees-en-fr", "a").split("\n\n")[4:6]
    raw = f"A title\n\n{body[0]}\n\nRead also: Egypt braces for protests\n\nThe army\n\n{body[1]}"
    assert roles_of(raw, "en")[2:4] == [
        (Role.PROMO, "Read also: Egypt braces for protests"),
        (Role.INTERTITLE, "The army"),
    ]


def test_a_short_line_of_two_furniture_labels_is_a_promo():
    french = "Le président a quitté le pays vendredi après quatre semaines de manifestations."
    for line, language in [
        ("Subscribe to our newsletter", "en"),
        ("Suscríbete a nuestro boletín", "es"),
        ("Noticias relacionadas", "es"),
        ("Abonnez-vous à notre newsletter", "fr"),
    ]:
        assert roles_of(f"Titre\n\n{french}\n\n{line}\n\n{french}", language)[2] == (
            Role.PROMO,
            line,
        )
    # A sentence that happens to start with a label and name another is running text.
    line = "Close to the menu of the summit, share prices fell."
    assert roles_of(f"Title\n\n{french}\n\n{line}\n\n{french}", "en")[2][0] == Role.BODY


def test_a_comment_section_is_furniture_to_the_end():
    roles = roles_of(corpus("gv-japan-quake-independent-de-fr-en", "c"), "en")
    start = next(i for i, (_, text) in enumerate(roles) if text == "8 comments")
    assert {role for role, _ in roles[start:]} == {Role.PROMO}


def test_a_picture_repeated_as_alt_text_and_caption_is_a_caption_twice():
    # VOA: the photo's text once for the picture, once under it.
    raw = corpus("voa-gv-tunisia-ben-ali-flees-en-fr", "a")
    smoke = [role for role, text in roles_of(raw, "en") if text.startswith("Smoke rises")]
    assert smoke == [Role.CAPTION, Role.CAPTION]
    # The seed's French captions differ by a word or an added parenthesis.
    french = roles_of(seed_text("fr"), "fr")
    assert [r for r, t in french if t.startswith("Youri Ourlichich")] == [Role.CAPTION] * 2
    assert [r for r, t in french if t.startswith("Participait")] == [Role.CAPTION] * 2


def test_a_credit_glued_to_a_caption_is_cut_off():
    # Global Voices: caption and credit in one line, as two sentences.
    raw = corpus("gv-ukraine-1942-photos-en-ru", "a")
    roles = roles_of(raw, "en")
    i = next(i for i, (_, text) in enumerate(roles) if text.startswith("Woman and child"))
    assert roles[i] == (Role.CAPTION, "Woman and child in rural Ukraine, 1942.")
    assert roles[i + 1][0] == Role.CREDIT and roles[i + 1][1].startswith("Photo courtesy")
    # … and inside one sentence: "Lines for the bus, by @durf".
    roles = roles_of(corpus("gv-japan-quake-independent-de-fr-en", "c"), "en")
    assert (Role.CAPTION, "Lines for the bus,") in roles and (Role.CREDIT, "by @durf") in roles
    # … and a name with its handle in parentheses closing the line; the intertitle after the
    # picture stays an intertitle.
    roles = roles_of(corpus("gv-haiti-quake-twitter-independent-it-fr", "b"), "fr")
    i = roles.index((Role.CREDIT, "(David Morel @photomorel)"))
    assert roles[i - 1] == (
        Role.CAPTION,
        "Photo de Port-au-Prince après le séisme du 12 janvier 2010",
    )
    assert roles[i + 1] == (Role.INTERTITLE, "La diaspora haïtienne se mobilise")
    # In Japanese the credit word comes last: "Reuters online video's screenshot".
    roles = roles_of(corpus("gv-tsimanouskaya-asylum-en-ja", "b"), "ja")
    i = roles.index((Role.CREDIT, "ロイター通信オンラインビデオのスクリーンショット"))
    assert roles[i - 1] == (
        Role.CAPTION,
        "羽田空港で警察に保護を求めるクリスツィナ・ツィマノウスカヤ選手 2021年8月1日",
    )
    # … or, in Japanese too, a credit word and a colon after a space ("photographed by:"),
    # which a space inside a Latin name in the caption does not open.
    roles = roles_of(corpus("voa-gv-chile-quake-en-ja", "b"), "ja")
    credit = "撮影:Julio Costa Zambelli クリエイティブ・コモンズ・ライセンスにもとづき使用"
    caption = "被害を受けたサンティアゴのNuestra Señora de la Divina Providencia教会"
    assert roles.count((Role.CREDIT, credit)) == 2 and roles.count((Role.CAPTION, caption)) == 2
    # A one-word label under the picture is no intertitle: none without running text after it.
    blocks = [
        ["Les secours fouillent les décombres depuis mardi soir, sans relâche, dans le quartier."],
        ["Des sauveteurs à Port-au-Prince (Jean Roy @jroy)"],
        ["Commenter"],
        ["Sources"],
    ]
    assert infer_roles(blocks, "fr")[1:3] == [Role.CAPTION, Role.BODY]
    # A sentence of running text that ends in one is not cut.
    running = "Le blogueur a publié des images du séisme. Ses amis les partagent (Jean Roy @jroy)."
    assert roles_of(running, "fr") == [(Role.BODY, running)]


@pytest.mark.parametrize(
    ("language", "line", "caption", "credit"),
    [
        # Global Voices pages (benchmarks/press/distractors.jsonl).
        (
            "fr",
            "Le chocolat Rakhat (Capture d'écran d'une vidéo Youtube chargée par l'utilisateur "
            "Maxim Bykov)",
            "Le chocolat Rakhat",
            "(Capture d'écran d'une vidéo Youtube chargée par l'utilisateur Maxim Bykov)",
        ),
        (
            "pt",
            "Jovens Angolanos em protesto na capital Luanda – reportagem Euro News YouTube [1] "
            "(captura de ecrã feita pelo autor)",
            "Jovens Angolanos em protesto na capital Luanda – reportagem Euro News YouTube [1]",
            "(captura de ecrã feita pelo autor)",
        ),
        (
            "es",
            "Ciudadana de la tercera edad emitiendo su voto en Lima, Perú (Foto: Isabel Guerra).",
            "Ciudadana de la tercera edad emitiendo su voto en Lima, Perú",
            "(Foto: Isabel Guerra).",
        ),
    ],
)
def test_a_credit_in_parentheses_closing_a_caption_is_cut_off(language, line, caption, credit):
    assert roles_of(line, language) == [(Role.CAPTION, caption), (Role.CREDIT, credit)]


def test_words_in_parentheses_that_credit_nobody_stay_in_the_sentence():
    line = "Il ministro ha parlato a lungo del ponte crollato (foto del ponte in basso)."
    assert roles_of(f"{line} Poi è partito.", "it") == [(Role.BODY, f"{line} Poi è partito.")]
    # A long paragraph that ends with its agency's credit is running text, not a caption.
    paragraph = " ".join(["Der Minister sprach lange über die Steuern und die Renten."] * 6)
    assert roles_of(f"{paragraph} (Foto: dpa)", "de")[0][0] == Role.BODY


@pytest.mark.parametrize(
    ("case", "letter", "language", "line"),
    [
        ("gv-tunisia-celebrations-vs-euphoria-en-es", "a", "en", "Image courtesy Nawaat.org"),
        ("gv-japan-tsunami-vs-tokyo-de-fr", "b", "fr", "via @durf"),
        ("gv-tsimanouskaya-asylum-en-ja", "a", "en", "Screenshot from video by Reuters"),
    ],
)
def test_credit_lines(case, letter, language, line):
    raw = corpus(case, letter)
    assert role_of(raw, language, line) == Role.CREDIT


def test_a_screenshot_s_file_name_is_its_credit_not_the_article_s_dateline():
    # Global Voices (a distractor page): a picture's default file name, dated, under its title.
    raw = "GVA Netizen Report 55\n\nScreen Shot 2013-03-01 at 12.17.29 AM\n\n" + (
        "Global Voices Advocacy's Netizen Report offers an international snapshot of "
        "challenges, victories, and emerging trends in Internet rights around the world."
    )
    assert roles_of(raw, "en")[1] == (Role.CREDIT, "Screen Shot 2013-03-01 at 12.17.29 AM")


def test_credit_words_need_a_colon_or_an_author():
    assert infer_roles([["Source et crédits photographiques: Roscosmos"]], "fr") == [Role.CREDIT]
    # "Photo de Port-au-Prince après le séisme" is a photo *of* a place: not a credit.
    photo_of = "Photo de Port-au-Prince après le séisme du 12 janvier 2010"
    assert infer_roles([["Il y a des morts."], [photo_of], ["Il pleut."]], "fr")[1] != Role.CREDIT


def test_a_picture_slug_and_an_opener_make_captions():
    roles = roles_of(seed_text("it"), "it")
    assert role_of(seed_text("it"), "it", "russia cina lunar aggrement") == Role.CAPTION
    assert role_of(seed_text("it"), "it", "Nelle immagini la firma") == Role.CAPTION
    assert (Role.CREDIT, "Credit: Roscosmos") in roles


def test_an_embedded_map_s_link_is_its_caption_in_any_language():
    # Japanese under a map in a French post: the map's caption, not a quotation in another script.
    raw = corpus("gv-japan-tsunami-vs-tokyo-de-fr", "b")
    assert role_of(raw, "fr", "より大きな地図で") == Role.CAPTION
    raw = "Where to sleep tonight\n\nView larger map\n\nThe shelters open at eight in the evening."
    assert role_of(raw, "en", "View larger map") == Role.CAPTION
    # Not a sentence that happens to start with the words.
    raw = "View larger map files to see how the coastline changed after the tsunami of March."
    assert role_of(raw, "en", "View larger") == Role.BODY


def test_what_follows_an_announcing_colon_or_stands_in_another_script_is_a_quote():
    raw = corpus("gv-tunisia-celebrations-vs-euphoria-en-es", "a")
    assert role_of(raw, "en", "My Twitterfeed is going crazy") == Role.QUOTE  # after "writes:"
    raw = corpus("gv-japan-tsunami-it-fr", "a")
    assert role_of(raw, "it", "津波は「波」じゃなくて") == Role.QUOTE  # Japanese in Italian


def test_a_paragraph_in_quotation_marks_that_names_its_speaker_is_running_text():
    # Voice of America quotes its sources paragraph after paragraph, "… ," he said. "…".
    raw = corpus("voa-gv-chile-quake-en-ja", "a")
    assert role_of(raw, "en", '"This particular earthquake is located') == Role.BODY
    assert role_of(raw, "en", '"Early indications are that hundreds') == Role.BODY
    # Russian Wikinews (a distractor page): «…», — сообщил Беленец «Известиям».
    said = "«Сегодня ночью он выступал в Ижевске», — сообщил Беленец «Известиям»."
    assert infer_roles([[said]], "ru") == [Role.BODY]
    # A quotation set apart says nothing but what is quoted.
    told = (
        "Директор артиста Беленец рассказал «Известиям» о последних часах жизни рэпера в "
        "Ижевске после концерта."
    )
    quoted = "«Сегодня ночью он выступал в Ижевске. Ему стало плохо.»"
    roles = infer_roles([["Умер рэпер Децл"], [told], [quoted]], "ru")
    assert roles == [Role.HEADLINE, Role.BODY, Role.QUOTE]


def test_the_lines_of_an_announced_quotation_are_one_quote_paragraph():
    # Global Voices, "Haiti: Earthquake!": a blogger's updates, one per line, under "…:".
    paragraphs = read_article(corpus("gv-haiti-caribbean-reactions-en-fr", "a"), "en")
    quoted = next(p for p in paragraphs if p.text.startswith("General Hospital"))
    assert quoted.role == Role.QUOTE
    assert quoted.text.endswith("Major aftershocks happening…")
    assert quoted.text.count("\n") == 7  # the eight lines of its blank-line paragraph
    # A tweet in Arabic and its translation on the next line, under "… es un día de orgullo:".
    raw = corpus("gv-tunisia-celebrations-vs-euphoria-en-es", "b")
    quoted = next(p for p in read_article(raw, "es") if "Gracias, gracias, gracias" in p.text)
    assert quoted.role == Role.QUOTE and quoted.text.startswith("شكرًا")
    # Where every line is a paragraph, a line break ends the quotation.
    lines = corpus("gv-haiti-quake-twitter-independent-it-fr", "a")
    assert role_of(lines, "it", "bhatiap scrive") == Role.QUOTE
    assert role_of(lines, "it", "Da Boston@PIH_org") == Role.BODY


def test_the_translation_after_an_announced_quotation_in_another_script_is_quoted_too():
    # Global Voices: "@name:", the tweet in Japanese, then its translation, each a paragraph.
    raw = corpus("gv-japan-quake-independent-de-fr-en", "b")
    assert role_of(raw, "fr", "【拡散希望】電気屋さんからの忠告") == Role.QUOTE
    assert role_of(raw, "fr", "Faites circuler l'info, SVP !") == Role.QUOTE
    raw = corpus("gv-japan-quake-independent-de-fr-en", "c")
    assert role_of(raw, "en", "Please spread the word!") == Role.QUOTE
    # Only the block after it: the author's text resumes. A block after the original that
    # announces something is the author's text too.
    original = ["【拡散希望】新宿南口の文化服装学院が、非常食と宿泊受け入れ準備中です!"]
    resumed = ["Hotels, schools and restaurants are opening their doors to stranded commuters."]
    blocks = [["@name:"], original, ["Bunka Fashion College has food."], resumed]
    assert infer_roles(blocks, "en")[1:] == [Role.QUOTE, Role.QUOTE, Role.BODY]
    blocks = [["@name:"], original, ["Others quickly shared the news:"], resumed]
    assert infer_roles(blocks, "en")[1:] == [Role.QUOTE, Role.BODY, Role.QUOTE]


def test_a_line_in_another_script_that_nothing_announced_does_not_quote_the_next_one():
    # A Russian Wikinews report (a distractor of the press corpus) with the rapper's Latin name
    # on a line of its own above the text of the same paragraph.
    raw = (
        "Важные перемены в жизни рэпера Jay Z: Он поменял псевдоним на JAY-Z\n\n"
        "Jay-Z\nАмериканский хип-хоп-исполнитель Шон Картер, известный как Джей Зи (Jay Z), "
        "изменил свой псевдоним. Теперь он выступает под именем ДЖЕЙ-ЗИ (JAY-Z).\n\n"
        "Отмечается, что это не первый раз, когда рэпер меняет своё прозвище.\n\n"
        "В нынешней версии псевдонима все буквы заглавные."
    )
    assert role_of(raw, "ru", "Американский хип-хоп") == Role.BODY


def test_a_block_that_opens_with_a_picture_s_credit_and_goes_on_is_a_caption():
    raw = corpus("gv-curiosity-arab-science-en-ar", "a")
    assert role_of(raw, "en", "Cartoon by Kuwait-based cartoonist") == Role.CAPTION
    # The credit alone is a credit; a picture *of* something is running text.
    assert infer_roles([["Cartoon by Hashimoto"]], "en") == [Role.CREDIT]
    text = "Cartoons by the dozen filled the walls of the museum as visitors queued outside."
    assert infer_roles([[text]], "en") == [Role.BODY]


def test_a_page_cut_after_a_sub_heading_ends_with_an_intertitle():
    roles = roles_of(corpus("gv-haiti-quake-twitter-independent-it-fr", "b"), "fr")
    assert roles[-1] == (Role.INTERTITLE, "À la recherche des proches")
    roles = roles_of(corpus("gv-rising-voices-microgrants-en-es", "b"), "es")
    assert roles[-1] == (Role.INTERTITLE, "BASES DE LA CONVOCATORIA")
    roles = roles_of(corpus("wn-voa-steve-jobs-dies-en-zh", "b"), "zh")
    assert roles[-1] == (Role.INTERTITLE, "蘋果店員:喬布斯像親人朋友")  # its asterisks left out
    # A name closing a complete article is not a title.
    text = "Die Feuerwehr war am Abend mit vierzig Leuten und zwölf Fahrzeugen im Einsatz."
    assert infer_roles([[text], [text], ["Michael Bowman"]], "de")[-1] != Role.INTERTITLE


def test_a_headline_set_twice_or_shortened_to_a_name_below_it_stays_the_headline():
    # German Wikinews pages (distractors of the press corpus): the title twice, the site's
    # tagline and skip links, then the text.
    raw = (
        "WikiNews de\n\nDecember 9, 2012\n\n"
        "Rumänien: Parlamentswahlen haben begonnen\n\n"
        "Rumänien: Parlamentswahlen haben begonnen\n\n"
        "aus Wikinews, einem freien Wiki für Nachrichten\nWechseln zu: Navigation, Suche\n\n"
        "Bukarest (Rumänien), 09.12.2012 – Heute hat in Rumänien die Parlamentswahl begonnen. "
        "Etwa 18,3 Millionen Staatsbürger sind aufgerufen, ihre Stimme abzugeben."
    )
    roles = roles_of(raw, "de")
    assert roles[2] == (Role.HEADLINE, "Rumänien: Parlamentswahlen haben begonnen")
    assert [role for role, _ in roles[3:6]] == [Role.PROMO] * 3
    assert roles[-1][0] == Role.BODY
    # French Global Voices (a distractor page): a long title ending in an ellipsis, then
    # the picture's caption saying it again with a credit.
    raw = (
        "Il y a 10 ans, le premier billet du site Global Voices était publié…\n\n"
        "Il y a 10 ans, le premier billet du site Global Voices était publié. "
        "Photo de Georgia Popplewell (CC BY-SA 3.0)\n\n"
        "À 22h03, le mardi 26 octobre 2004, quelque part à Cambridge, Rebecca MacKinnon "
        "appuyait sur le bouton “Publier”."
    )
    assert [role for role, _ in roles_of(raw, "fr")] == [
        Role.HEADLINE,
        Role.CAPTION,
        Role.CREDIT,
        Role.BODY,
    ]
    # Russian Wikinews: the title, then the name under the picture.
    raw = (
        "Умер бывший глава ООН Хавьер Перес де Куэльяр\nХавьер Перес де Куэльяр\n"
        "Бывший генеральный секретарь ООН Хавьер Перес де Куэльяр скончался в Лиме в возрасте "
        "100 лет, сообщили его родственники."
    )
    assert [role for role, _ in roles_of(raw, "ru")] == [Role.HEADLINE, Role.CAPTION, Role.BODY]


def test_under_a_headline_a_name_is_the_picture_s_caption_and_a_quoted_title_no_link():
    # Russian Wikinews: a short title ending in a quoted name, the photo's caption, the text.
    raw = (
        "Сэмюэл Л. Джексон вернется к образу Ника Фьюри в «Капитане Марвел»\n"
        "Сэмюэл Лерой Джексон\n"
        "Сэмюэл Лерой Джексон исполнит роль Ника Фьюри в «Капитане Марвел». Он сыграет в "
        "фильме вместе с Бри Ларсон в готовящемся проекте Marvel Studios."
    )
    assert [role for role, _ in roles_of(raw, "ru")] == [Role.HEADLINE, Role.CAPTION, Role.BODY]
    raw = "Умер Эдуард Лимонов\nЭдуард Лимонов\n" + raw.split("\n")[2]
    assert [role for role, _ in roles_of(raw, "ru")][:2] == [Role.HEADLINE, Role.CAPTION]
    # A link's arrow still makes a line page furniture.
    assert infer_roles([["Lire la suite »"]], "fr") == [Role.PROMO]
    # VOA: a deck is no caption.
    raw = (
        "NSC’s Johndroe: Government of Burma Does Not Want the World to Know What's Going on\n\n"
        'Spokesman also said "All Americans want to see freedom in Burma"\n\n'
        "Washington, D.C., Oct. 7, 2007 - National Security Council spokesman Gordon Johndroe "
        'has told the Voice of America that the "United States wants a peaceful transition."'
    )
    assert role_of(raw, "en", "Spokesman also said") == Role.BODY


def test_one_other_word_in_a_short_line_makes_another_line_not_a_repeat():
    # Spanish Global Voices: a march's slogans, one per line.
    blocks = [["No más Secuestros."], ["No más Mentiras."], ["No más Muertes."]]
    assert Role.CAPTION not in infer_roles(blocks, "es")


def test_a_title_that_starts_with_a_figure_is_no_picture_slug():
    raw = (
        "8 centrali nucleari francesi non superano test\n\n"
        "Su 19 impianti nucleari attivi in Francia 8 non hanno superato il test per i controlli "
        "fatto dall'ASN, dopo il disastro di Fukushima."
    )
    assert roles_of(raw, "it")[0][0] == Role.HEADLINE
    assert infer_roles([["4 de febrero de 2008"]], "es") == [Role.DATELINE]
    # The seed's alt text is one.
    assert infer_roles([["russia cina lunar aggrement 09032021"]], "it") == [Role.CAPTION]


def test_a_web_address_is_one_sentence_whole():
    raw = corpus("gv-japan-tsunami-it-fr", "a")
    assert role_of(raw, "it", "http://www.youtube.com/watch?v=rWgvX1FGK4I") == Role.CAPTION


def test_the_headline_is_the_first_title_shaped_line_before_the_text():
    # VOA copied by another site: its labels above the title, a byline without "By" below.
    roles = roles_of(corpus("voa-gv-chile-quake-en-ja", "a"), "en")
    assert roles[:6] == [
        (Role.PROMO, "UNITED24 - Make a charitable donation in support of Ukraine!"),
        (Role.PROMO, "Military"),
        (Role.PROMO, "voanews.com"),
        (Role.HEADLINE, "Death Toll Rises from Chilean Quake, Resulting Tsunami Appears Mild"),
        (Role.BYLINE, "Michael Bowman"),
        (Role.DATELINE, "Washington 27 February 2010"),
    ]
    # A photo between the title and the text: the agency's caption ends with its date.
    roles = roles_of(corpus("voa-gv-egypt-curfew-fifth-day-en-it", "a"), "en")
    assert roles[1] == (Role.HEADLINE, "Egyptians Defy Curfew in Fifth Day of Mass Protests")
    assert roles[2][0] == Role.CAPTION and roles[2][1].endswith("Cairo, Jan 29, 2011")
    # Wikinews: a tagline that exclaims above, a picture and its credit below.
    roles = roles_of(corpus("wn-voa-steve-jobs-dies-en-zh", "a"), "en")
    assert (Role.HEADLINE, "Apple Inc. co-founder Steve Jobs dies aged 56") in roles
    assert (Role.CAPTION, "Steve Jobs shows the iPhone 4") in roles
    # An archive's label that ends with its month is no title.
    roles = roles_of(corpus("gv-ukraine-1942-photos-en-ru", "b"), "ru")
    headline = next(text for role, text in roles if role == Role.HEADLINE)
    assert headline.startswith("50 цветных фотографий")


def test_a_site_s_menu_lines_stand_together_and_the_title_alone():
    # A Global Voices post on a feed reader's mirror (a distractor page): the mirror's menu,
    # then the title, then share counters with no word.
    raw = (
        "Quantcast\nChannel: Global Voices en Français\nViewing all 7147 articles\n"
        "Browse latest View live\n\n"
        "Une équipe de foot brésilienne lance une campagne contre le racisme\n\n$\n0\n0\n\n"
        "[Tous les liens mènent à des pages en portugais, sauf mention contraire]\n\n"
        "Les campagnes pour sensibiliser contre le racisme sur les terrains de foot se sont "
        "intensifiées en Europe ces dernières années."
    )
    roles = [role for role, _ in roles_of(raw, "fr")]
    assert roles == [Role.PROMO] * 4 + [Role.HEADLINE] + [Role.PROMO] * 4 + [Role.BODY]


def test_a_line_cut_by_a_line_break_is_no_dated_caption():
    blocks = [
        ["Tausende Studenten zogen am Dienstag durch die Innenstadt von Santiago de Chile."],
        ["Die Zeitung berichtete, dass die Demonstration am 28. August"],
        ["friedlich verlief, bis sie um 14 Uhr offiziell endete."],
    ]
    assert infer_roles(blocks, "de")[1] == Role.BODY


def test_a_meta_line_is_cut_into_byline_dateline_and_comment_count():
    roles = roles_of(corpus("gv-ukraine-1942-photos-en-ru", "a"), "en")
    i = next(i for i, (_, text) in enumerate(roles) if text.startswith("Written by"))
    assert roles[i : i + 3] == [
        (Role.BYLINE, "Written by Danica Radisic"),
        (Role.DATELINE, "On 31 January 2014 @ 1:01 am"),
        (Role.PROMO, "3 Comments"),
    ]
    french = roles_of("Titre\n\nPar Jean Dupont, le 3 mars 2021 à 10h15\n\nLe texte.", "fr")
    assert french[1:3] == [
        (Role.BYLINE, "Par Jean Dupont"),
        (Role.DATELINE, "le 3 mars 2021 à 10h15"),
    ]
    german = roles_of("Titel\n\nVon Anna Muster, veröffentlicht am 3. März 2021\n\nDer Text.", "de")
    assert german[1:3] == [
        (Role.BYLINE, "Von Anna Muster"),
        (Role.DATELINE, "veröffentlicht am 3. März 2021"),
    ]
    # A short surname before the date is no word that introduces it.
    english = roles_of("Title\n\nBy Jane Li 3 March 2021\n\nThe text.", "en")
    assert english[1:3] == [(Role.BYLINE, "By Jane Li"), (Role.DATELINE, "3 March 2021")]
    # Left whole when a part is none of the three (a section name).
    german = roles_of("Titel\n\nVon Anna Muster | Politik\n\nDer Text.", "de")
    assert german[1] == (Role.BYLINE, "Von Anna Muster | Politik")


def test_a_line_ending_in_a_comma_of_its_script_is_no_headline():
    # Global Voices in Japanese, stored without its title: lines cut after "、" are parts of
    # sentences, neither a headline nor, above one, site chrome.
    roles = roles_of(corpus("gv-tsimanouskaya-asylum-en-ja", "b"), "ja")
    assert Role.HEADLINE not in {role for role, _ in roles}
    body = " ".join(text for role, text in roles if role == Role.BODY)
    assert "(24歳)は、" in body and "数日前彼女は、" in body
    assert Role.PROMO not in {role for role, _ in roles[:3]}


def test_short_titles_between_paragraphs_are_intertitles():
    roles = roles_of(corpus("gv-haiti-quake-twitter-independent-it-fr", "b"), "fr")
    assert (Role.INTERTITLE, "La diaspora haïtienne se mobilise") in roles
    roles = roles_of(corpus("gv-rising-voices-microgrants-en-es", "a"), "en")
    assert (Role.INTERTITLE, "NEW PLATFORM") in roles
    # English Wikinews (a distractor page): a list's heading after the text.
    raw = (
        "The Quebec Liberal Party is federalist, meaning it supports Quebec being part of "
        "Canada, while the Parti Québécois supports sovereignty.\n\n"
        "Sister links\n\n"
        "• Wikipedia-logo-v2.svg 2012 Quebec student protests\n\n"
        "• Wikipedia-logo-v2.svg Quebec sovereignty movement"
    )
    assert [role for role, _ in roles_of(raw, "en")] == [
        Role.BODY,
        Role.INTERTITLE,
        Role.LIST_ITEM,
        Role.LIST_ITEM,
    ]


def test_a_date_with_the_word_that_introduces_it_is_a_dateline_not_a_caption():
    # German Wikinews (distractor pages): the publication line under the tagline.
    raw = (
        "Rumänien: Parlamentswahlen haben begonnen\n\n"
        "Veröffentlicht: 18:33, 9. Dez. 2012 (CET)\n\n"
        "Bukarest (Rumänien), 09.12.2012 – Heute hat in Rumänien die Parlamentswahl begonnen. "
        "Etwa 18,3 Millionen Staatsbürger sind aufgerufen, ihre Stimme abzugeben."
    )
    assert [role for role, _ in roles_of(raw, "de")] == [Role.HEADLINE, Role.DATELINE, Role.BODY]


def test_a_wiki_section_heading_with_its_edit_link_is_an_intertitle():
    # German Wikinews (distractor pages): the sections after the text.
    raw = (
        "Fernsehmoderator und Millionär Dan Diaconescu könnte mit seiner Partei den Einzug "
        "ins Parlament schaffen.\n"
        "Themenverwandte Artikel[Bearbeiten]\n"
        "• Portal:Rumänien\n"
        "Quellen[Bearbeiten]"
    )
    assert [role for role, _ in roles_of(raw, "de")] == [
        Role.BODY,
        Role.INTERTITLE,
        Role.LIST_ITEM,
        Role.INTERTITLE,
    ]
    assert infer_roles([["[Bearbeiten]"]], "de") != [Role.INTERTITLE]  # no heading before it


def test_a_line_in_bold_or_italics_between_paragraphs_is_an_intertitle_in_any_script():
    roles = roles_of(corpus("wn-voa-steve-jobs-dies-en-zh", "b"), "zh")
    assert (Role.INTERTITLE, "喬布斯去世消息席捲微博") in roles
    text = "Die Feuerwehr war am Abend mit vierzig Leuten und zwölf Fahrzeugen im Einsatz."
    blocks = [[text], ["**Die Lage am Morgen**"], [text], ["* ein Punkt einer Liste"]]
    assert infer_roles(blocks, "de")[1:] == [Role.INTERTITLE, Role.BODY, Role.LIST_ITEM]


def test_running_text_stays_body():
    raw = corpus("voa-gv-tunisia-ben-ali-flees-en-fr", "a")
    assert role_of(raw, "en", "Tunisia's President has fled") == Role.BODY
    assert role_of(raw, "en", "But the demonstrations took") == Role.BODY


def test_offsets_point_into_the_original_text():
    for case in ("gv-japan-tsunami-it-fr", "gv-ukraine-1942-photos-en-ru"):
        raw = corpus(case, "a")
        for paragraph in read_article(raw, "en"):
            assert raw[paragraph.start : paragraph.end] == paragraph.text
            for sentence in paragraph.sentences:
                assert raw[sentence.start : sentence.end] == sentence.text
                assert paragraph.start <= sentence.start < sentence.end <= paragraph.end
