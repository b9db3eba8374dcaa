"""Typing of the sentences the aligner left without a counterpart (compare.additions)."""

from __future__ import annotations

import datetime
import random
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.additions import (
    SentenceInfo,
    _near_identical,
    _Prepared,
    classify_additions,
    find_duplicates,
)
from compare.structure import read_article
from compare.vocabulary import AdditionType, Role
from tests.factories import SEEDS

CORPUS = Path(__file__).resolve().parents[1] / "benchmarks" / "press" / "cases"

ADDITION_TYPES = AdditionType.values


def build(text: str, language: str, is_addition) -> list[SentenceInfo]:
    """Sentences and paragraph roles as an import reads them (`compare.structure`)."""
    out: list[SentenceInfo] = []
    for p, paragraph in enumerate(read_article(text, language)):
        for span in paragraph.sentences:
            out.append(SentenceInfo(len(out), p, span.text, is_addition(span.text), paragraph.role))
    return out


def by_text(infos: list[SentenceInfo], language: str) -> list[tuple[str, str]]:
    types = classify_additions(infos, language=language)
    assert set(types) == {s.index for s in infos if s.is_addition}
    assert set(types.values()) <= set(ADDITION_TYPES)
    return [(s.text, types[s.index]) for s in infos if s.is_addition]


def case_text(case: str, letter: str) -> str:
    return (CORPUS / case / f"{letter}.txt").read_text(encoding="utf-8")


# --- the seed pair -------------------------------------------------------------------

IT_ADDITIONS = (
    "Ecco il comunicato",
    "La Russia, con questo accordo",
    "La Cina ha proposto",
    "Ne la Cina ne la Russia",
    "A questo punto potrebbe",
    "russia cina lunar aggrement",
    "Nelle immagini la firma",
    "Credit: Roscosmos",
)


def test_italian_seed_additions():
    text = (SEEDS / "it-roscosmos-cnsa-ilrs.txt").read_text(encoding="utf-8")
    infos = build(text, "it", lambda s: s.startswith(IT_ADDITIONS))
    got = [(t[:25], kind) for t, kind in by_text(infos, "it")]
    assert got == [
        ("Ecco il comunicato che la", "commentary"),  # the outlet presenting the text
        ("russia cina lunar aggreme", "caption"),  # a picture's slug
        ("Nelle immagini la firma, ", "caption"),
        ("Credit: Roscosmos", "credit"),  # glued to the caption, cut off
        ("La Russia, con questo acc", "commentary"),  # a paragraph of the outlet's own
        ("La Cina ha proposto la pr", "commentary"),
        ("Ne la Cina ne la Russia i", "commentary"),
        ("A questo punto potrebbe s", "commentary"),
    ]


def test_french_seed_additions():
    text = (SEEDS / "fr-roscosmos-cnsa-ilrs.txt").read_text(encoding="utf-8")
    infos = build(
        text, "fr", lambda s: not s.startswith(("Dmitry Rogozine,", "La ", "Dans ", "À "))
    )
    infos = [replace(s, is_addition=True) if s.index == 0 else s for s in infos]  # the title
    got = [(t[:40], kind) for t, kind in by_text(infos, "fr")]
    assert got == [
        ("La Russie et la Chine ont signé un mémor", "heading"),
        ("Les différentes parties prenantes à la s", "duplicate"),
        ("Les différentes parties prenantes à la s", "caption"),
        ("Cette signature consistera-t-elle un évè", "commentary"),  # questions it asks
        ("Ou bien cet accord, qui reste encore en ", "commentary"),
        ("Source et crédits photographiques: Rosco", "credit"),
        ("Dmitry Rogozine lors de la vidéo-confére", "caption"),
        ("Dmitry Rogozine lors de la vidéo-confére", "duplicate"),
        ("Youri Ourlichich, Premier Vice-DG de Ros", "duplicate"),
        ("Youri Ourlichich, Premier Vice-DG de Ros", "caption"),
        ("Mikhail Khailov, Vice DG pour les systèm", "duplicate"),
        ("Mikhail Khailov, Vice DG de Roscosmos po", "caption"),
        ("Participait également à la vidéo-confére", "duplicate"),
        ("Participait également à la vidéo-confére", "caption"),
    ]


# --- rule by rule, on press text ------------------------------------------------------------


def infos_of(paragraphs: list[tuple[str, list[tuple[str, bool]]]]) -> list[SentenceInfo]:
    out: list[SentenceInfo] = []
    for p, (role, sentences) in enumerate(paragraphs):
        for text, added in sentences:
            out.append(SentenceInfo(len(out), p, text, added, role))
    return out


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.HEADLINE, "heading"),
        (Role.INTERTITLE, "heading"),
        (Role.CAPTION, "caption"),
        (Role.CREDIT, "credit"),
        (Role.BYLINE, "credit"),
        (Role.PROMO, "boilerplate"),
        (Role.POLL, "boilerplate"),
        (Role.QUOTE, "quote"),
        (Role.DATELINE, "other"),
    ],
)
def test_the_paragraph_role_decides_structural_types(role, expected):
    # Whatever the sentence says: "Smoke rises from fire …" (a VOA caption) as each role.
    text = "Smoke rises from fire left after clashes in Tunis, Tunisia, 14 Jan 2011"
    infos = infos_of([(Role.BODY, [("Linked.", False)]), (role, [(text, True)])])
    assert classify_additions(infos, language="en") == {1: expected}


def test_a_standfirst_is_a_summary_only_when_the_body_says_it_too():
    lead = "Ben Ali quit Tunisia on Friday after four weeks of protests."
    body = "The Tunisian president Ben Ali quit his country on Friday following weeks of protests."
    infos = infos_of([(Role.STANDFIRST, [(lead, True)]), (Role.BODY, [(body, False)])])
    assert classify_additions(infos, language="en") == {0: "summary"}
    infos = infos_of(
        [(Role.STANDFIRST, [("A week of mourning was declared in Haiti.", True)]),
         (Role.BODY, [(body, False)])]
    )  # fmt: skip
    assert classify_additions(infos, language="en") == {0: "other"}


def test_an_address_standing_for_a_video_is_other_not_a_duplicate():
    infos = infos_of(
        [
            (Role.CAPTION, [("http://www.youtube.com/watch?v=rWgvX1FGK4I", True)]),
            (Role.CAPTION, [("http://www.youtube.com/watch?v=lSimeWFiuYc", True)]),
        ]
    )
    assert classify_additions(infos, language="it") == {0: "other", 1: "other"}


def test_a_quoted_posts_own_link_is_part_of_the_quote():
    # gv-tsimanouskaya-asylum-en-ja b10-b13: a tweet quoted in the Japanese post.
    infos = infos_of(
        [
            (Role.QUOTE, [("She is now with the police and volunteers.", True),
                          ("pic.twitter.com/LgqLjLrmU1", True)]),
            (Role.CAPTION, [("pic.twitter.com/LgqLjLrmU1", True)]),
        ]
    )  # fmt: skip
    assert classify_additions(infos, language="ja") == {0: "quote", 1: "quote", 2: "other"}


def test_repeated_furniture_is_boilerplate_not_duplicate():
    notice = "This post is part of our special coverage Japan Earthquake 2011."
    infos = infos_of([(Role.PROMO, [(notice, True)]), (Role.PROMO, [(notice, True)])])
    assert classify_additions(infos, language="en") == {0: "boilerplate", 1: "boilerplate"}


def test_running_text_is_other_unless_clearly_commentary_or_quote():
    infos = infos_of(
        [
            # Global Voices, "Bulgaria's First Crowdfunding Journalism Project" (en-ru case).
            (Role.BODY, [("Below is the group's promo video with English subtitles.", True)]),
            # VOA, "Tunisian President Flees Country Amid Unrest": an extra fact.
            (Role.BODY, [("The army has sealed off the airport and closed the airspace.", True)]),
            (Role.BODY, [("“Tunisians had lost confidence in their government.”", True)]),
            (Role.BODY, [("Will this agreement change the balance of power in space?", True)]),
        ]
    )  # fmt: skip
    assert [t for _, t in by_text(infos, "en")] == ["commentary", "other", "quote", "commentary"]


def test_a_presentative_that_announces_what_follows_with_a_colon_is_no_commentary():
    infos = infos_of(
        [
            # Global Voices in French and Italian (gv-japan-quake-independent-de-fr-en b4,
            # voa-gv-egypt-curfew-fifth-day-en-it b9): the text's own signposts.
            (Role.BODY, [("Voici certains outils en ligne que les citoyens utilisent :", True)]),
            (Role.BODY, [("Ecco gli ultimi tweet su e dall'Egitto pubblicati:", True)]),
        ]
    )  # fmt: skip
    assert [t for _, t in by_text(infos[:1], "fr")] == ["other"]
    assert [t for _, t in by_text(infos[1:], "it")] == ["other"]


def test_a_sentence_that_carries_a_quotation_is_a_quote():
    # Wikinews, "Apple Inc. co-founder Steve Jobs dies aged 56": a quotation inside a sentence.
    obama = (
        'United States President Barack Obama said "Steve was among the greatest of American '
        "innovators — brave enough to think differently, bold enough to believe he could change "
        'the world, and talented enough to do it".'
    )
    infos = infos_of([(Role.BODY, [(obama, True)])])
    assert by_text(infos, "en") == [(obama, "quote")]
    # VOA Cantonese, same day: a post quoted over three sentences, then the report goes on.
    sentences = [
        "截止到當天晚上8點,李開複總共在網上發佈了9條和喬布斯相關的博文。",
        "他在最後一條博文中說:“終有一天,人們不再使用iphone、ipad、Mac。",
        "甚至有一天,蘋果也失去它的光彩。",
        "但是,喬布斯的理念和智慧,將永遠流傳於世間。”",
    ]
    infos = infos_of([(Role.BODY, [(text, True) for text in sentences])])
    assert [t for _, t in by_text(infos, "zh")] == ["other", "quote", "quote", "quote"]
    # Global Voices en français: two quoted words are a citation, not a quotation.
    infos = infos_of([(Role.BODY, [("La “rue arabe” regarde, en effet.", True)])])
    assert by_text(infos, "fr") != [("La “rue arabe” regarde, en effet.", "quote")]


def test_the_translation_of_the_quotation_above_is_a_quote():
    # The embeddings tell it (`results.quote_translations`); the text alone does not.
    # Global Voices en español: a Bahraini's tweet in Arabic, translated under it.
    infos = [
        SentenceInfo(
            0, 0, "Los cobardes son aquellos que claman libertad y cambio.", True, Role.BODY,
            translates_quote=True,
        ),
        SentenceInfo(1, 1, "Desde Bahrain, Hashim Alawi tuitea el mismo día.", True, Role.BODY),
    ]  # fmt: skip
    assert classify_additions(infos, language="es") == {0: "quote", 1: "other"}


def test_a_sentence_dated_well_before_publication_is_background():
    # Wikinews, "Apple Inc. co-founder Steve Jobs dies aged 56", published 6 October 2011.
    history = [
        "He started Apple in 1976, and in 1984 the first Macintosh personal computer was released.",
        "On August 24, Jobs resigned from his post as CEO.",  # this year's August
    ]
    news = [
        "Apple announced the death of Steve Jobs on its website yesterday.",
        "Jobs died on October 5, surrounded by his family.",  # the day before: the news
    ]
    infos = infos_of([(Role.BODY, [(text, True) for text in history + news])])
    types = classify_additions(infos, language="en", published_on=datetime.date(2011, 10, 6))
    assert list(types.values()) == ["background", "background", "other", "other"]
    # Without the publication date nothing is history.
    assert set(classify_additions(infos, language="en").values()) == {"other"}


def side_of(raw: str, language: str):
    """The article as `results.analyse` gets it from an import."""
    from compare.results import ResultSentence, Side

    sentences = []
    for number, paragraph in enumerate(read_article(raw, language)):
        for span in paragraph.sentences:
            sentences.append(ResultSentence(len(sentences), number, span.text, role=paragraph.role))
    return Side(language=language, sentences=tuple(sentences))


def translations(case: str, letter: str, language: str, *, as_body=lambda text: False) -> set[str]:
    """The sentences `results.quote_translations` finds in a corpus article, with the encoder;
    those `as_body` picks are given the role body first (as a page's markup may)."""
    from compare.embeddings import encode
    from compare.results import quote_translations

    side = side_of(case_text(case, letter), language)
    side = replace(
        side,
        sentences=tuple(
            replace(s, role=Role.BODY) if as_body(s.text) else s for s in side.sentences
        ),
    )
    found = quote_translations(side, encode([s.text for s in side.sentences]))
    return {side.sentences[i].text for i in found}


def test_quote_translations_finds_the_translation_under_a_quoted_post():
    # Global Voices, "Tunisia: Celebrations Welcome the End of Ben Ali's Rule": a tweet in
    # French, then its English translation.
    assert translations("gv-tunisia-celebrations-vs-euphoria-en-es", "a", "en") == {
        "The French have their 14 July.",
        "We now have our 14 January!",
        "# Sidibouzid # Jasminrevolt #tunisia",
    }
    # Japanese tweets and their English translations. Reading the text sets each translation
    # as a quote already (it follows an announced quotation in another script); where a page's
    # markup says they are body, the encoder finds them, the weakest scoring 0.40 against its
    # tweet, which is still the translation's closest paragraph; "@gmsq:" announces the next.
    case = "gv-japan-quake-independent-de-fr-en"
    assert translations(case, "c", "en") == set()
    found = translations(case, "c", "en", as_body=str.isascii)
    assert {"Please spread the word!", "Anyone is free to stay over."} <= found
    assert not any(text.endswith(":") for text in found)


def test_quote_translations_leaves_what_translates_nothing():
    # Global Voices en français on Ben Ali's flight: a tweet left in Arabic, then the post
    # goes on in its own words.
    found = translations("voa-gv-tunisia-ben-ali-flees-en-fr", "b", "fr")
    assert "La “rue arabe” regarde, en effet." not in found
    # An English book quoted in an English post: what follows goes on with it.
    assert translations("gv-ukraine-1942-photos-en-ru", "a", "en") == set()


def test_one_hedge_does_not_make_a_paragraph_commentary():
    infos = infos_of(
        [
            (
                Role.BODY,
                [
                    ("Die Station könnte erst in den dreißiger Jahren fertig werden.", True),
                    ("Die Raumfahrtbehörden haben den Vertrag am Dienstag unterzeichnet.", True),
                ],
            )
        ]
    )
    assert set(classify_additions(infos, language="de").values()) == {"other"}


def test_linked_repeat_makes_the_addition_a_duplicate():
    infos = infos_of(
        [
            (Role.BODY, [("Roscosmos and CNSA signed a memorandum on the lunar station.", False)]),
            (Role.BODY, [("Roscosmos and CNSA signed a memorandum on the lunar station!", True)]),
        ]
    )
    assert classify_additions(infos, language="en") == {1: "duplicate"}


def test_only_additions_are_typed():
    infos = infos_of(
        [(Role.CREDIT, [("Credit: NASA", False)]), (Role.CREDIT, [("Credit: NASA", True)])]
    )
    assert classify_additions(infos, language="en") == {1: "duplicate"}
    assert classify_additions([], language="en") == {}


# --- find_duplicates -----------------------------------------------------------------


def test_find_duplicates_identical_later_one_repeats():
    assert find_duplicates(
        ["A first caption of a photo.", "Other.", "A first caption of a photo."]
    ) == {2: 0}


def test_find_duplicates_shorter_one_is_the_repeat():
    texts = [
        "Youri Ourlichich, Premier Vice-DG de Roscosmos pour le dévelopement des projets.",
        "Youri Ourlichich, Premier Vice-DG de Roscosmos pour le développement des projets.",
        "Mikhail Khailov, Vice DG pour les systèmes et complexes spatiaux.",
        "Mikhail Khailov, Vice DG de Roscosmos pour les systèmes et complexes spatiaux.",
        "Saveliev, Vice DG de Roscosmos pour la coopération internationale.",
        "Saveliev, Vice DG de Roscosmos pour la coopération internationale "
        "(à la gauche de Rogozine, masqué par un autre participant).",
    ]
    assert find_duplicates(texts) == {0: 1, 2: 3, 4: 5}


def test_find_duplicates_ignores_case_accents_and_spacing():
    assert find_duplicates(["Élan  VITAL pour la Lune.", "elan vital pour la lune"]) == {1: 0}


def test_find_duplicates_keeps_distinct_sentences_apart():
    texts = [
        "Dmitry Rogozin signed the memorandum on Tuesday.",
        "Zhang Kejian signed the memorandum on Wednesday.",
        "Foto 1",
        "Foto 2",
        "",
        "",
    ]
    assert find_duplicates(texts) == {}


def test_find_duplicates_groups_of_three():
    texts = [
        "The same caption here",
        "Different text entirely",
        "The same caption here.",
        "the same caption here",
    ]
    assert find_duplicates(texts) == {2: 0, 3: 0}


# --- find_duplicates against the all-pairs definition -----------------------------------

WORDS = ["la", "lune", "station", "Roscosmos", "accord", "(photo)", "signé", "Élan", "a", "b"]


def all_pairs_duplicates(texts: list[str]) -> dict[int, int]:
    """The definition `find_duplicates` must keep: every pair through `_near_identical`."""
    prepared = [_Prepared.of(t) for t in texts]
    groups = [{i} for i in range(len(texts))]
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if _near_identical(prepared[i], prepared[j]):
                merged = next(g for g in groups if i in g) | next(g for g in groups if j in g)
                groups = [g for g in groups if i not in g and j not in g] + [merged]
    result = {}
    for group in groups:
        keeper = max(group, key=lambda k: (len(prepared[k].norm), -k))
        result.update({k: keeper for k in group if k != keeper})
    return result


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(WORDS), min_size=0, max_size=9).map(" ".join),
        max_size=12,
    )
)
def test_find_duplicates_finds_what_comparing_every_pair_finds(texts):
    assert find_duplicates(texts) == all_pairs_duplicates(texts)


def test_find_duplicates_of_a_long_article_with_repeats():
    rng = random.Random(10)
    vocabulary = [f"word{n}" for n in range(300)]
    base = [" ".join(rng.choices(vocabulary, k=rng.randint(6, 16))) + "." for _ in range(250)]
    # 30 repeats with one word changed, and 10 exact ones.
    texts = base + [text.replace(" ", " changed ", 1) for text in base[:30]] + base[40:50]
    found = find_duplicates(texts)
    assert found == all_pairs_duplicates(texts)
    assert len(found) == 40
