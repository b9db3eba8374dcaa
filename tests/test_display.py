"""compare.display: re-classifying links by a threshold and laying a result out, no database."""

from __future__ import annotations

from compare.display import apply_threshold, build_page
from compare.results import ComparisonResult, ResultLink, ResultSentence, Side


def make_result(*, curated_link: bool = False) -> ComparisonResult:
    a = Side(
        language="it",
        title="A",
        outlet="Outlet A",
        sentences=[
            ResultSentence(i, 0, text)
            for i, text in enumerate(["Uno.", "Due.", "Tre.", "Quattro lunga."])
        ],
    )
    b = Side(
        language="fr",
        title="B",
        outlet="Outlet B",
        sentences=[
            ResultSentence(i, i // 2, text)
            for i, text in enumerate(["Un.", "Deux.", "Trois.", "Légende."])
        ],
    )
    links = [
        ResultLink(a=(0,), b=(0,), score=0.9, kind="match", id=1),
        ResultLink(a=(1,), b=(1,), score=0.45, kind="partial", id=2),
        ResultLink(
            a=(2,), b=(2,), score=0.3, kind="partial", moved=True, curated=curated_link, id=3
        ),
    ]
    result = ComparisonResult(
        model="fake", a=a, b=b, links=links, parameters={"match_similarity": 0.5}
    ).finish()
    result.a.sentences[3].addition_type = "commentary"
    result.b.sentences[3].addition_type = "caption"
    return result


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
    assert shown.a.sentences[2].addition_type == "other"
    assert shown.a.sentences[3].addition_type == "commentary"  # types of additions are kept
    assert shown.b.sentences[3].addition_type == "caption"
    assert [link.id for link in shown.links] == [1, 2]


def test_links_between_threshold_and_cut_off_are_partial_above_are_matches():
    shown = apply_threshold(make_result(), 0.2)
    assert [link.kind for link in shown.links] == ["match", "partial", "partial"]
    # A threshold above the cut-off leaves no partial link: everything kept is a match.
    shown = apply_threshold(make_result(), 0.85)
    assert [(link.id, link.kind) for link in shown.links] == [(1, "match")]


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
    assert [link.id for link in shown.links] == [3]
    assert shown.a.sentences[2].status == "moved"


def test_build_page_lays_out_columns_summary_and_strip():
    page = build_page(make_result())
    column_a, column_b = page.columns
    (paragraph,) = column_a.paragraphs
    assert [item.anchor for item in paragraph.items] == ["a-0", "a-1", "a-2", "a-3"]
    assert [p.position for p in column_b.paragraphs] == [0, 1]
    first = paragraph.items[0]
    assert first.link_key == "L1" and first.counterparts[0].anchor == "b-0"
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


def test_hiding_captions_and_duplicates():
    page = build_page(make_result(), hide_captions=True)
    anchors = [
        i.anchor for p in page.columns[1].paragraphs for i in p.items if i.kind == "sentence"
    ]
    assert "b-3" not in anchors
    assert page.summaries[1].passages  # the summary still counts it


def test_fact_differences_are_cut_out_of_the_sentence_text():
    result = make_result()
    sentence = result.a.sentences[3]
    sentence.facts = [
        {"kind": "number", "text": "lunga", "start": 8, "end": 13},
        {"kind": "name", "text": "bad", "start": 40, "end": 50},  # out of range: ignored
    ]
    segments = build_page(result).columns[0].paragraphs[0].items[3].segments
    assert [(s.text, s.fact_kind) for s in segments] == [
        ("Quattro ", ""),
        ("lunga", "number"),
        (".", ""),
    ]
    assert segments[1].fact_title == "only in this article: number “lunga”"


def test_duplicates_inside_a_run_of_captions_do_not_break_it():
    result = make_result()
    for index, kind in enumerate(["caption", "duplicate", "caption", "duplicate"]):
        result.b.sentences[index].link = None
        result.b.sentences[index].status = "addition"
        result.b.sentences[index].addition_type = kind
    passages = build_page(result).summaries[1].passages
    assert [(p.description, p.anchors) for p in passages] == [
        ("adds captions (2 sentences)", ["b-0", "b-2"]),
        ("adds duplicates (2 sentences)", ["b-1", "b-3"]),
    ]
