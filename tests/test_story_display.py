"""A result read from the other side, and the story page's layout and exports (pure)."""

from __future__ import annotations

import csv
import io

from compare.results import ResultLink
from compare.story_display import (
    ABSENT,
    PENDING,
    StoryPair,
    build_story_page,
    neutralise,
    orient,
    story_csv,
    story_document,
)
from tests.factories import make_result, make_side

PIVOT = ["Firmato il 9 marzo.", "Secondo fatto.", "Terzo fatto.", "Foto: Roscosmos."]


def pair_result(texts: list[str], links: list[ResultLink], language: str = "fr"):
    pivot = make_side(PIVOT, language="it", paragraphs=[0, 0, 1, 2])
    return make_result(links, a=pivot, b=make_side(texts, language=language))


def test_swapped_reads_the_comparison_from_the_other_article():
    date = {"kind": "date", "text": "9 marzo", "sentence": 0, "start": 11, "end": 18}
    result = pair_result(
        ["Deuxième fait.", "Signé.", "Légende."],
        [
            ResultLink(a=(0,), b=(1,), score=0.7, kind="match", facts={"a": [date], "b": []}),
            ResultLink(a=(1,), b=(0,), score=0.5, kind="partial", moved=True),
        ],
        language="fr",
    )
    swapped = result.swapped()
    assert (swapped.a.language, swapped.b.language) == ("fr", "it")
    assert [s.text for s in swapped.a.sentences] == ["Deuxième fait.", "Signé.", "Légende."]
    assert [(link.a, link.b) for link in swapped.links] == [((0,), (1,)), ((1,), (0,))]
    assert swapped.b.sentences[0].facts == (date,)  # the fact stays with its sentence
    assert swapped.a.sentences[0].status == "moved"
    assert swapped.a.sentences[2].status == "addition"
    assert swapped.figures("a") == result.figures("b")
    assert swapped.swapped() == result


def test_orient_turns_only_results_whose_pivot_is_b():
    result = pair_result(["Un."], [ResultLink(a=(0,), b=(0,), score=0.9, kind="match")])
    assert orient(result, "a") is result
    assert orient(result, "b") == result.swapped()


def story_pairs() -> list[StoryPair]:
    french = pair_result(
        ["Signé le 9 mars.", "Deuxième fait.", "Légende de la photo."],
        [
            ResultLink(a=(0,), b=(0,), score=0.9, kind="match"),
            ResultLink(a=(1,), b=(1,), score=0.55, kind="partial"),
        ],
    )
    german = pair_result(
        ["Unterzeichnet.", "Dritte Tatsache."],
        [
            ResultLink(a=(0,), b=(0,), score=0.8, kind="match"),
            ResultLink(a=(2,), b=(1,), score=0.7, kind="match", moved=True),
        ],
        language="de",
    )
    return [
        # The French pair is stored with the pivot as B: its links point to "a-…".
        StoryPair(2, "Un", "Le Monde", "fr", 10, "/comparisons/10/", "b", french),
        StoryPair(3, "Ein", "Die Zeit", "de", 11, "/comparisons/11/", "a", german),
        StoryPair(4, "Uno", "Altro", "it"),  # no comparison yet
    ]


def test_each_pivot_sentence_says_which_articles_carry_it():
    pivot = make_side(PIVOT, language="it", paragraphs=[0, 0, 1, 2])
    page = build_story_page(pivot, story_pairs())
    first = page.matrix[0]
    assert [cell.status for cell in first.cells] == ["match", "match", PENDING]
    assert first.coverage == 2
    # Linked to the counterpart on the pair's page, in that page's orientation.
    assert first.cells[0].href == "/comparisons/10/#a-0"
    assert first.cells[0].matrix_href == "/comparisons/10/#b-0"
    assert first.cells[1].href == "/comparisons/11/#b-0"
    assert first.cells[0].counterpart == "Signé le 9 mars."
    assert [cell.status for cell in page.matrix[2].cells] == [ABSENT, "moved", PENDING]
    assert page.matrix[3].coverage == 0
    assert page.pending_count == 1
    assert [column.carried_percent for column in page.columns] == [50, 50, None]
    assert page.columns[0].cells == [row.cells[0] for row in page.matrix]


def test_a_markdown_link_shows_as_its_label_and_the_export_keeps_it_whole():
    stored = "Firmato il [9 marzo](https://x.org/a)."
    pivot = make_side([stored, *PIVOT[1:]], language="it", paragraphs=[0, 0, 1, 2])
    french = make_result(
        [ResultLink(a=(0,), b=(0,), score=0.9, kind="match")],
        a=pivot,
        b=make_side(["Signé le [9 mars](https://x.org/b)."], language="fr"),
    )
    pair = StoryPair(2, "Un", "Le Monde", "fr", 10, "/comparisons/10/", "a", french)
    page = build_story_page(pivot, [pair])
    assert page.matrix[0].shown_text == "Firmato il 9 marzo."
    assert page.matrix[0].cells[0].counterpart == "Signé le 9 mars."
    assert page.matrix[0].text == stored


def test_additions_are_grouped_by_outlet_with_their_types():
    pivot = make_side(PIVOT, language="it")
    pairs = story_pairs()
    pairs.append(StoryPair(5, "Deux", "Le Monde", "fr", 12, "/comparisons/12/", "a", None))
    page = build_story_page(pivot, pairs)
    assert [group.outlet for group in page.additions] == ["Le Monde", "Die Zeit", "Altro"]
    le_monde = page.additions[0].articles
    assert [article.column for article in le_monde] == [1, 4]
    [item] = le_monde[0].items
    assert (item.text, item.addition_type, item.href) == (
        "Légende de la photo.",
        "other",
        "/comparisons/10/#a-2",
    )


def test_filters_hide_rows_and_additions_and_the_threshold_reclassifies():
    pivot = make_side(PIVOT, language="it", paragraphs=[0, 0, 1, 2])
    pairs = story_pairs()[:2]
    only = build_story_page(pivot, pairs, only_differences=True)
    shown = [row.number for row in only.rows if row.kind == "sentence"]
    assert 1 not in shown and only.hidden_count == 1  # carried as a plain match by both
    assert len(only.matrix) == 4  # the matrix always shows every sentence
    strict = build_story_page(pivot, pairs, threshold=0.6)
    assert strict.matrix[1].cells[0].status == ABSENT  # the partial link at 0.55 is dropped
    assert strict.filters_active
    hidden = build_story_page(pivot, pairs, hidden_types=frozenset({"other"}))
    assert hidden.additions[0].articles[0].items == []


def test_csv_export_neutralises_formulas():
    assert neutralise("=SUM(A1)") == "'=SUM(A1)"
    assert neutralise("-1") == "'-1"
    assert neutralise("\tx") == "'\tx"
    assert neutralise("@cmd") == "'@cmd"
    assert neutralise("+1") == "'+1"
    assert neutralise("\rx") == "'\rx"
    assert neutralise("plain") == "plain"
    assert neutralise(3) == "3"
    assert neutralise(None) == ""
    pivot = make_side(['=HYPERLINK("http://x")', "Due."], language="it")
    french = make_result(
        [ResultLink(a=(0,), b=(0,), score=0.9, kind="match")],
        a=pivot,
        b=make_side(["+33 1 23", "@mention"], language="fr"),
    )
    rows = list(
        csv.DictReader(
            io.StringIO(
                story_csv(
                    pivot=pivot, pairs=[StoryPair(2, "Un", "L", "fr", 1, "/c/1/", "a", french)]
                )
            )
        )
    )
    assert rows[0]["pivot_text"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["text"] == "'+33 1 23"
    assert rows[-1]["row"] == "addition" and rows[-1]["text"] == "'@mention"
    assert not any(value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())


def test_json_export_holds_the_story_its_coverage_and_every_comparison():
    pivot = make_side(PIVOT, language="it")
    pairs = story_pairs()
    document = story_document(
        story={"id": 1, "title": "T", "description": ""},
        pivot_id=1,
        pivot=pivot,
        pairs=pairs,
        comparisons=[(10, (2, 1), pairs[0].result.swapped())],
    )
    assert [a["id"] for a in document["articles"]] == [1, 2, 3, 4]
    first = document["pivot_sentences"][0]
    assert first["carried_by"] == {"2": "match", "3": "match", "4": PENDING}
    assert first["counterparts"] == {"2": [0], "3": [0], "4": []}
    assert document["additions"]["2"] == [
        {"index": 2, "text": "Légende de la photo.", "type": "other"}
    ]
    assert document["comparisons"][0]["articles"] == [2, 1]
    assert document["comparisons"][0]["a"]["language"] == "fr"
