from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from compare.models import Article, Comparison
from tests.factories import SEEDS

pytestmark = pytest.mark.django_db

SEED_IT = str(SEEDS / "it-roscosmos-cnsa-ilrs.txt")
SEED_FR = str(SEEDS / "fr-roscosmos-cnsa-ilrs.txt")


def run(*args, **kwargs) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO(), **kwargs)
    return out.getvalue()


def test_import_article_from_a_file_detects_the_language():
    output = run("import_article", SEED_FR, "--outlet", "Un site", "--title", "Titre")
    article = Article.objects.get()
    assert article.language == "fr"
    assert article.outlet.name == "Un site"
    assert "18 paragraphs, 20 sentences" in output


def test_import_article_errors_are_command_errors(tmp_path: Path):
    with pytest.raises(CommandError, match="No such file"):
        run("import_article", str(tmp_path / "missing.txt"))
    latin = tmp_path / "latin.txt"
    latin.write_bytes("perché".encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        run("import_article", str(latin), "--language", "it")
    run("import_article", SEED_IT, "--language", "it")
    with pytest.raises(CommandError, match="already stored"):
        run("import_article", SEED_IT, "--language", "it")
    assert Article.objects.count() == 1


def check_document(document: dict) -> None:
    assert set(document) >= {"model", "a", "b", "links", "additions", "addition_types"}
    for side in ("a", "b"):
        sentences = document[side]["sentences"]
        assert [s["index"] for s in sentences] == list(range(len(sentences)))
        assert all(set(s) >= {"index", "paragraph", "text"} for s in sentences)
        covered = [i for link in document["links"] for i in link[side]]
        covered += document["additions"][side]
        # every index is in exactly one link or in its side's additions
        assert sorted(covered) == list(range(len(sentences)))
        assert set(document["addition_types"][side]) == {
            str(i) for i in document["additions"][side]
        }
    for link in document["links"]:
        assert link["a"] and link["b"]
        assert link["kind"] in {"match", "partial"}
        assert isinstance(link["score"], float)


def test_align_prints_the_documented_json_shape():
    document = json.loads(
        run("align", SEED_IT, SEED_FR, "--lang-a", "it", "--lang-b", "fr", "--json")
    )
    check_document(document)
    assert document["model"] == "usem3"
    assert (document["a"]["language"], document["b"]["language"]) == ("it", "fr")
    assert len(document["a"]["sentences"]) == 14
    assert len(document["b"]["sentences"]) == 20
    # The files are read as an import reads them, roles included: "Credit: Roscosmos", cut
    # off the caption it is glued to, is a credit paragraph, and the caption a caption.
    roles = {s["text"][:17]: s["role"] for s in document["a"]["sentences"]}
    assert roles["Credit: Roscosmos"] == "credit"
    assert roles["Nelle immagini la"] == "caption"
    assert Article.objects.count() == 0  # no database rows


def test_align_presegmented_keeps_each_line_as_one_sentence(tmp_path: Path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(
        "The cat sleeps. On the sofa.\nIt is raining.\n\nA new paragraph.\n", encoding="utf-8"
    )
    b.write_text("Il gatto dorme sul divano.\nPiove.\n\nUn nuovo paragrafo.\n", encoding="utf-8")
    document = json.loads(run("align", str(a), str(b), "--presegmented", "--json"))
    check_document(document)
    assert [s["text"] for s in document["a"]["sentences"]] == [
        "The cat sleeps. On the sofa.",
        "It is raining.",
        "A new paragraph.",
    ]
    assert [s["paragraph"] for s in document["a"]["sentences"]] == [0, 0, 1]


def test_align_summary_has_two_columns():
    output = run("align", SEED_IT, SEED_FR)
    assert "A (it)" in output and "B (fr)" in output
    assert "Dmitry Rogozine" in output
    assert "commentary" in output


def test_align_reports_bad_files_clearly(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    with pytest.raises(CommandError, match="empty"):
        run("align", str(empty), SEED_FR)
    with pytest.raises(CommandError, match="not supported"):
        run("align", SEED_IT, SEED_FR, "--lang-b", "xx")


def test_export_comparison_prints_the_same_shape():
    call_command("loaddata", "seed", verbosity=0)
    comparison = Comparison.objects.get()
    with pytest.raises(CommandError, match="not aligned"):
        run("export_comparison", str(comparison.pk))
    run("align_all", "--inline")
    document = json.loads(run("export_comparison", str(comparison.pk), "--json"))
    check_document(document)
    fresh = json.loads(run("align", SEED_IT, SEED_FR, "--lang-a", "it", "--lang-b", "fr", "--json"))
    assert [(link["a"], link["b"]) for link in document["links"]] == [
        (link["a"], link["b"]) for link in fresh["links"]
    ]
    assert document["additions"] == fresh["additions"]
    csv_text = run("export_comparison", str(comparison.pk), "--csv")
    assert csv_text.splitlines()[0].startswith("row,kind,score")
    assert len(csv_text.splitlines()) == 1 + len(document["links"]) + sum(
        len(v) for v in document["additions"].values()
    )
    with pytest.raises(CommandError, match="no comparison 999"):
        run("export_comparison", "999")


def test_align_identical_texts_in_one_language_links_everything_one_to_one():
    document = json.loads(run("align", SEED_IT, SEED_IT, "--json"))
    check_document(document)
    assert [(link["a"], link["b"]) for link in document["links"]] == [([i], [i]) for i in range(14)]
    assert all(link["kind"] == "match" for link in document["links"])
    assert document["additions"] == {"a": [], "b": []}
