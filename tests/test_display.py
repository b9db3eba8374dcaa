"""compare.display: re-classifying links by a threshold and laying a result out, no database."""

from __future__ import annotations

import datetime
from dataclasses import replace

from compare.display import apply_threshold, build_page
from compare.results import ComparisonResult, ResultLink
from compare.vocabulary import AdditionType, Role
from tests.factories import make_result as assemble_result
from tests.factories import make_side


def make_result(*, curated_link: bool = False) -> ComparisonResult:
    a = make_side(["Uno.", "Due.", "Tre.", "Quattro lunga."], language="it", paragraphs=[0] * 4)
    b = make_side(["Un.", "Deux.", "Trois.", "Légende."], language="fr", paragraphs=[0, 0, 1, 1])
    links = [
        ResultLink(a=(0,), b=(0,), score=0.9, kind="match"),
        ResultLink(a=(1,), b=(1,), score=0.45, kind="partial"),
        ResultLink(a=(2,), b=(2,), score=0.3, kind="partial", moved=True, curated=curated_link),
    ]
    return assemble_result(links, a=a, b=b, types={("a", 3): "commentary", ("b", 3): "caption"})


def statuses(result: ComparisonResult, side: str) -> list[str]:
    return [s.status for s in result.side(side).sentences]


def test_a_threshold_of_zero_keeps_the_stored_classification():
    result = make_result()
    assert statuses(apply_threshold(result, 0.0), "a") == statuses(result, "a")
    assert statuses(result, "a") == ["match", "partial", "moved", "addition"]


def test_links_below_the_threshold_become_additions_on_both_sides():
    shown = apply_threshold(make_result(), 0.4)
    assert statuses(shown, "a") == ["match", "partial", "addition", "addition"]
    assert statuses(shown, "b") == ["match", "partial", "addition", "addition"]
    assert shown.a.sentences[2].addition_type in AdditionType.values  # typed like any addition
    assert shown.a.sentences[3].addition_type == "commentary"  # types of additions are kept
    assert shown.b.sentences[3].addition_type == "caption"
    assert [link.key for link in shown.links] == ["a0-b0", "a1-b1"]


def test_links_between_threshold_and_cut_off_are_partial_above_are_matches():
    shown = apply_threshold(make_result(), 0.2)
    assert [link.kind for link in shown.links] == ["match", "partial", "partial"]
    # A threshold above the cut-off leaves no partial link: everything kept is a match.
    shown = apply_threshold(make_result(), 0.85)
    assert [(link.key, link.kind) for link in shown.links] == [("a0-b0", "match")]


def test_apply_threshold_does_not_modify_its_input():
    result = make_result()
    before = (statuses(result, "a"), [link.kind for link in result.links], len(result.links))
    apply_threshold(result, 0.95)
    assert (
        statuses(result, "a"),
        [link.kind for link in result.links],
        len(result.links),
    ) == before


def test_a_curated_link_survives_any_threshold():
    shown = apply_threshold(make_result(curated_link=True), 0.95)
    assert [link.key for link in shown.links] == ["a2-b2"]
    assert shown.a.sentences[2].status == "moved"


def test_build_page_lays_out_columns_summary_and_strip():
    page = build_page(make_result())
    column_a, column_b = page.columns
    (paragraph,) = column_a.paragraphs
    assert [item.anchor for item in paragraph.items] == ["a-0", "a-1", "a-2", "a-3"]
    assert [p.position for p in column_b.paragraphs] == [0, 1]
    first = paragraph.items[0]
    assert first.link_key == "a0-b0" and first.counterparts[0].anchor == "b-0"
    assert first.counterparts[0].language == "fr"
    assert paragraph.items[3].label == "added: commentary"
    summary_a = page.summaries[0]
    assert [p.description for p in summary_a.passages] == ["adds commentary (1 sentence)"]
    assert [s.status for s in summary_a.segments] == ["match", "partial", "moved", "addition"]
    assert page.summaries[1].passages[0].description == "adds a caption (1 sentence)"


def test_only_differences_hides_plain_matches_behind_an_elision():
    page = build_page(make_result(), only_differences=True)
    items = page.columns[0].paragraphs[0].items
    assert items[0].kind == "elision" and items[0].count == 1
    assert [item.anchor for item in items[1:]] == ["a-1", "a-2", "a-3"]
    assert page.hidden_count == 2  # one match on each side


def test_hiding_an_addition_type_and_a_role():
    page = build_page(make_result(), hidden_types=frozenset({"caption"}))
    anchors = [
        i.anchor for p in page.columns[1].paragraphs for i in p.items if i.kind == "sentence"
    ]
    assert "b-3" not in anchors
    assert page.summaries[1].passages  # the summary still counts it
    result = make_result()
    captioned = replace(
        result.b,
        sentences=(
            *result.b.sentences[:2],
            *(replace(s, role=Role.CAPTION) for s in result.b.sentences[2:]),
        ),
    )
    page = build_page(replace(result, b=captioned), hidden_roles=frozenset({Role.CAPTION}))
    anchors = [
        i.anchor for p in page.columns[1].paragraphs for i in p.items if i.kind == "sentence"
    ]
    assert anchors == ["b-0", "b-1"]  # a linked caption is hidden as well as an added one
    assert page.columns[1].paragraphs[1].role == "caption"


def test_fact_differences_are_cut_out_of_the_sentence_text():
    a = make_side(["Uno.", "Quattro lunga."], language="it", paragraphs=[0, 0])
    b = make_side(["Un.", "Quattro."], language="fr", paragraphs=[0, 0])
    facts = [
        {"kind": "number", "text": "lunga", "sentence": 1, "start": 8, "end": 13},
        {"kind": "name", "text": "bad", "sentence": 1, "start": 40, "end": 50},  # out of range
    ]
    link = ResultLink(a=(1,), b=(1,), score=0.9, kind="match", facts={"a": facts, "b": []})
    result = assemble_result([link], a=a, b=b)
    segments = build_page(result).columns[0].paragraphs[0].items[1].segments
    assert [(s.text, s.fact_kind) for s in segments] == [
        ("Quattro ", ""),
        ("lunga", "number"),
        (".", ""),
    ]
    assert segments[1].fact_title == "only in this article: number “lunga”"


def test_markdown_links_are_cut_out_as_linked_labels_around_the_facts():
    text = "Il [rapporto](https://x.org/r) del 9 marzo cita [Mosca](http://y.org/m)."
    a = make_side(["Uno.", text], language="it", paragraphs=[0, 0])
    b = make_side(["Un.", "Le rapport du 10 mars."], language="fr", paragraphs=[0, 0])
    facts = [{"kind": "date", "text": "9 marzo", "sentence": 1, "start": 35, "end": 42}]
    link = ResultLink(a=(1,), b=(1,), score=0.9, kind="match", facts={"a": facts, "b": []})
    page = build_page(assemble_result([link], a=a, b=b))
    item = page.columns[0].paragraphs[0].items[1]
    assert [(s.text, s.fact_kind, s.href) for s in item.segments] == [
        ("Il ", "", ""),
        ("rapporto", "", "https://x.org/r"),
        (" del ", "", ""),
        ("9 marzo", "date", ""),
        (" cita ", "", ""),
        ("Mosca", "", "http://y.org/m"),
        (".", "", ""),
    ]
    assert item.text == "Il rapporto del 9 marzo cita Mosca."
    counterpart = page.columns[1].paragraphs[0].items[1].counterparts[0]
    assert counterpart.text == "Il rapporto del 9 marzo cita Mosca."


def test_duplicates_inside_a_run_of_captions_do_not_break_it():
    kinds = ["caption", "duplicate", "caption", "duplicate"]
    result = assemble_result(
        [],
        a=make_side(["Uno."], language="it"),
        b=make_side(["Un.", "Deux.", "Trois.", "Quatre."], language="fr"),
        types={("b", index): kind for index, kind in enumerate(kinds)},
    )
    passages = build_page(result).summaries[1].passages
    assert [(p.description, p.anchors) for p in passages] == [
        ("adds captions (2 sentences)", ["b-0", "b-2"]),
        ("adds duplicates (2 sentences)", ["b-1", "b-3"]),
    ]


def test_the_page_says_how_related_the_articles_are():
    texts = [f"Sentence number {i} of running text, long enough to count." for i in range(10)]
    a = make_side(texts, language="en")
    b = make_side(texts, language="fr")
    all_linked = [ResultLink(a=(i,), b=(i,), score=0.9, kind="match") for i in range(10)]
    assert build_page(assemble_result(all_linked, a=a, b=b)).relatedness == "near-translation"
    two_clear = all_linked[:2]  # a fifth of each article, clearly shared
    assert build_page(assemble_result(two_clear, a=a, b=b)).relatedness == "same event"
    weak = [ResultLink(a=(0,), b=(3,), score=0.3, kind="partial")]  # a tenth, weakly
    assert build_page(assemble_result(weak, a=a, b=b)).relatedness == "loosely related"
    assert build_page(assemble_result([], a=a, b=b)).relatedness == "loosely related"


def test_one_clear_link_makes_reports_of_one_event_when_they_came_out_within_days():
    # voa-gv-tunisia-ben-ali-flees-en-fr: VOA's report and Global Voices' post, a day apart,
    # share one sentence (Ghannouchi taking power) among twenty-odd each.
    texts = [f"Sentence number {i} of running text, long enough to count." for i in range(20)]
    a = replace(make_side(texts, language="en"), published_on=datetime.date(2011, 1, 14))
    b = replace(make_side(texts, language="fr"), published_on=datetime.date(2011, 1, 15))
    one_clear = [ResultLink(a=(5,), b=(1,), score=0.58, kind="match")]
    assert build_page(assemble_result(one_clear, a=a, b=b)).relatedness == "same event"
    # The same with no date on one side, or a month and a half apart (an earthquake in Haiti
    # and one in Chile: the same words, another event).
    undated = replace(b, published_on=None)
    page = build_page(assemble_result(one_clear, a=a, b=undated))
    assert page.relatedness == "loosely related" and page.undated  # the page says a date lacks
    later = replace(b, published_on=datetime.date(2011, 2, 28))
    page = build_page(assemble_result(one_clear, a=a, b=later))
    assert page.relatedness == "loosely related" and not page.undated
    faint = [ResultLink(a=(5,), b=(1,), score=0.40, kind="partial")]
    page = build_page(assemble_result(faint, a=a, b=undated))
    assert page.relatedness == "loosely related" and not page.undated  # no clear link
    assert not build_page(assemble_result(one_clear, a=a, b=b)).undated


def test_two_datelines_linked_are_no_sign_of_one_event():
    # "Friday, January 14, 2011" and "Publié le 15 janvier 2011" score 0.60 against each
    # other, as any two dates do, whatever happened on them.
    texts = ["Friday, January 14, 2011"] + [
        f"Sentence number {i} of running text, long enough to count." for i in range(20)
    ]
    side = make_side(texts, language="en")
    dated = replace(
        side,
        sentences=(replace(side.sentences[0], role=Role.DATELINE), *side.sentences[1:]),
    )
    links = [
        ResultLink(a=(0,), b=(0,), score=0.60, kind="match"),
        ResultLink(a=(5,), b=(1,), score=0.58, kind="match"),
    ]
    page = build_page(assemble_result(links, a=dated, b=dated))
    assert page.relatedness == "loosely related" and page.undated
    page = build_page(assemble_result(links[:1], a=dated, b=dated))
    assert page.relatedness == "loosely related" and not page.undated


def test_titles_pictures_and_furniture_do_not_make_articles_related():
    texts = ["Site name", "A shared headline", "A shared caption", "Running text one.", "Two."]
    roles = [Role.PROMO, Role.HEADLINE, Role.CAPTION, Role.BODY, Role.BODY]
    a = replace(
        make_side(texts, language="en"),
        sentences=tuple(
            replace(s, role=role)
            for s, role in zip(make_side(texts, language="en").sentences, roles, strict=True)
        ),
    )
    links = [ResultLink(a=(i,), b=(i,), score=0.9, kind="match") for i in (1, 2)]
    result = assemble_result(links, a=a, b=a)
    assert result.text_share("a") == 0.0
    assert build_page(result).relatedness == "same event"  # two clear links, nothing more
