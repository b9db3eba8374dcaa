"""Typing of the sentences the aligner left without a counterpart (compare.additions)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.additions import (
    SentenceInfo,
    _near_identical,
    _Prepared,
    classify_additions,
    find_duplicates,
)
from compare.text import segment
from compare.vocabulary import AdditionType
from tests.factories import SEEDS

ADDITION_TYPES = AdditionType.values


def build(text: str, language: str, is_addition) -> list[SentenceInfo]:
    """Sentences as the app builds them (`compare.text.segment`)."""
    out: list[SentenceInfo] = []
    for p, paragraph in enumerate(segment(text, language)):
        for span in paragraph.sentences:
            out.append(SentenceInfo(len(out), p, span.text, is_addition(span.text)))
    return out


def by_text(infos: list[SentenceInfo], language: str) -> list[tuple[str, str]]:
    types = classify_additions(infos, language=language)
    assert set(types) == {s.index for s in infos if s.is_addition}
    assert set(types.values()) <= set(ADDITION_TYPES)
    return [(s.text, types[s.index]) for s in infos if s.is_addition]


# --- seed pair -----------------------------------------------------------------------

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
        ("Ecco il comunicato che la", "commentary"),
        ("russia cina lunar aggreme", "caption"),
        ("Nelle immagini la firma, ", "caption"),
        ("Credit: Roscosmos", "credit"),
        ("La Russia, con questo acc", "commentary"),
        ("La Cina ha proposto la pr", "commentary"),
        ("Ne la Cina ne la Russia i", "commentary"),
        ("A questo punto potrebbe s", "commentary"),
    ]


def test_french_seed_additions():
    text = (SEEDS / "fr-roscosmos-cnsa-ilrs.txt").read_text(encoding="utf-8")
    infos = build(
        text, "fr", lambda s: not s.startswith(("Dmitry Rogozine,", "La ", "Dans ", "À "))
    )
    # The title starts with "La " too; it is an addition.
    infos = [
        SentenceInfo(s.index, s.paragraph, s.text, s.is_addition or s.index == 0) for s in infos
    ]
    got = [(t[:40], kind) for t, kind in by_text(infos, "fr")]
    assert got == [
        ("La Russie et la Chine ont signé un mémor", "other"),
        ("Les différentes parties prenantes à la s", "duplicate"),
        ("Les différentes parties prenantes à la s", "caption"),
        ("Cette signature consistera-t-elle un évè", "commentary"),
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
    # The one with "(par vidéo-conférence)" is the fuller: it is kept.
    types = classify_additions(infos, language="fr")
    assert "(par vidéo-conférence)" in infos[2].text and types[2] == "caption"


# --- small hand-made cases ------------------------------------------------------------


def infos_of(paragraphs: list[list[tuple[str, bool]]]) -> list[SentenceInfo]:
    out: list[SentenceInfo] = []
    for p, sentences in enumerate(paragraphs):
        for text, added in sentences:
            out.append(SentenceInfo(len(out), p, text, added))
    return out


def test_english_cases():
    infos = infos_of(
        [
            [("Russia and China sign lunar station deal", True)],
            [("Roscosmos and CNSA signed a memorandum on Tuesday.", False)],
            [("Pictured: Dmitry Rogozin at the signing ceremony.", True)],
            [("Photo: AFP", True)],
            [("Dmitry Rogozin, head of Roscosmos, during the video call.", True)],
            [
                ("The station will be built near the lunar south pole.", False),
                ("It is not clear who will pay for it.", True),
            ],
            [
                ("Analysts say the deal could push Europe to choose between partners.", True),
                ("Washington has not commented on the agreement so far.", True),
            ],
            [("Will this agreement change the balance of power in space?", True)],
            [("Here is the statement Roscosmos published after the signing.", True)],
            [("© 2021 Roscosmos", True)],
        ]
    )
    assert [t for _, t in by_text(infos, "en")] == [
        "other",  # title
        "caption",  # "Pictured"
        "credit",
        "caption",  # name, job title
        "other",  # a short extra sentence inside a linked paragraph
        "commentary",  # "could", "analysts"
        "commentary",  # prose paragraph of additions
        "commentary",  # question
        "commentary",  # framing
        "credit",
    ]


def test_german_cases():
    infos = infos_of(
        [
            [("Russland und China unterzeichnen Abkommen über eine Mondstation", True)],
            [("Roskosmos und CNSA haben ein Memorandum unterzeichnet.", False)],
            [("Im Bild: Dmitri Rogosin bei der Videokonferenz.", True)],
            [("Bildquelle: Roskosmos", True)],
            [("Dmitri Rogosin bei der Videokonferenz mit der chinesischen Agentur.", True)],
            [("Dmitri Rogosin bei der Videokonferenz mit der chinesischen Agentur.", True)],
            [
                (
                    "Die Station könnte allerdings erst in den dreißiger Jahren fertig "
                    "werden, wenn überhaupt.",
                    True,
                )
            ],
            [("Quelle: dpa", True)],
        ]
    )
    assert [t for _, t in by_text(infos, "de")] == [
        "other",
        "caption",
        "credit",
        "caption",
        "duplicate",
        "commentary",
        "credit",
    ]


def test_linked_repeat_makes_the_addition_a_duplicate():
    infos = infos_of(
        [
            [("Roscosmos and CNSA signed a memorandum on the lunar station.", False)],
            [("Roscosmos and CNSA signed a memorandum on the lunar station!", True)],
        ]
    )
    assert classify_additions(infos, language="en") == {1: "duplicate"}


def test_only_additions_are_typed():
    infos = infos_of([[("Credit: NASA", False)], [("Credit: NASA", True)]])
    assert classify_additions(infos, language="en") == {1: "credit"}
    assert classify_additions([], language="en") == {}


def test_credit_lines():
    for line in (
        "Credit: Roscosmos",
        "Credits: NASA/JPL",
        "Source et crédits photographiques: Roscosmos",
        "Foto: ANSA",
        "Photo : AFP",
        "Crédit photo Roscosmos",
        "Bildquelle: dpa",
        "(Photo: AFP)",
        "Fonte: Roscosmos",
        "Quelle: Reuters",
        "Fuente: EFE",
        "© Roscosmos 2021",
        "AFP/Getty Images",
        "Photo by Jane Doe",
    ):
        infos = infos_of([[("Linked sentence here.", False)], [(line, True)]])
        assert classify_additions(infos, language="en") == {1: "credit"}, line
    # A caption that happens to start with "Photo:" is not a credit.
    infos = infos_of(
        [[("Photo: Dmitry Rogozin speaking at the conference in Moscow last year.", True)]]
    )
    assert classify_additions(infos, language="en")[0] != "credit"


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
