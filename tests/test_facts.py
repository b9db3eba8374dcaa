"""Fact differences inside a linked pair of sentences (compare.facts). Pure: no DB."""

from __future__ import annotations

import json
import re

import pysbd
from hypothesis import given
from hypothesis import strategies as st

from compare.facts import Fact, FactDifferences, compare_facts, extract_facts
from tests.factories import SEEDS


def texts(diff: FactDifferences) -> tuple[list[str], list[str]]:
    return [f.text for f in diff.a], [f.text for f in diff.b]


def diff(a: str, b: str, la: str = "it", lb: str = "fr") -> tuple[list[str], list[str]]:
    return texts(compare_facts(a, b, language_a=la, language_b=lb))


def seed_sentences(name: str, language: str) -> list[str]:
    seg = pysbd.Segmenter(language=language, clean=False)
    text = (SEEDS / name).read_text(encoding="utf-8")
    return [s.strip() for p in re.split(r"\n\s*\n", text) for s in seg.segment(p) if s.strip()]


# --- names ---------------------------------------------------------------------------


def test_transliterated_name_is_not_a_difference():
    assert diff("Lo ha detto Dmitry Rogozin ieri.", "Dmitry Rogozine l'a dit hier.") == ([], [])
    assert diff("Ha parlato Rogozin.", "A parlé Rogozine.") == ([], [])
    assert diff("Con Sergei Saveliev.", "Avec Sergueï Saveliev.") == ([], [])
    assert diff("Vladimir Putin e Xi Jinping.", "Vladimir Poutine et Xi Jinping.") == ([], [])


def test_mission_with_number_is_one_name_token():
    assert diff("La sonda Luna-Resurs-1 partirà.", "La sonde Luna-Resours-1 partira.") == (
        [],
        [],
    )
    facts = extract_facts("La sonda Luna-Resurs-1 e Chang'e-7.", "it")
    assert [(f.kind, f.text) for f in facts] == [
        ("name", "Luna-Resurs-1"),
        ("name", "Chang'e-7"),
    ]
    # Same name, different number: both sides.
    assert diff("La missione Chang'e-7 partirà.", "La mission Chang'e-6 partira.") == (
        ["Chang'e-7"],
        ["Chang'e-6"],
    )
    # Number written apart on one side: still the same mission.
    assert diff("The Luna-Resurs 1 probe.", "La sonda Luna-Resurs-1.", "en", "it") == ([], [])


def test_different_person_is_reported_on_both_sides():
    assert diff("Anche Jeff Bezos era presente.", "Elon Musk était présent aussi.") == (
        ["Jeff Bezos"],
        ["Elon Musk"],
    )


def test_translated_common_words_are_not_names():
    # Countries, institutions, months, articles at the sentence start.
    assert diff(
        "La Cina e la Russia hanno firmato con l'Agenzia Spaziale Europea a Marzo.",
        "La Chine et la Russie ont signé avec l'Agence spatiale européenne en Mars.",
    ) == ([], [])


def test_acronyms_on_one_side_are_reported_but_translated_ones_match():
    assert diff("La Roscosmos e CNSA.", "La société d'État de Roscosmos et la KNKA.") == (
        ["CNSA"],
        ["KNKA"],
    )
    assert diff("Il vertice della NATO.", "Le sommet de l'OTAN.") == ([], [])
    assert diff("Roman numerals: XXI secolo.", "Le XXIe siècle.", "it", "fr") == ([], [])


def test_german_nouns_are_not_names():
    facts = extract_facts(
        "Die Raumfahrtbehörde Roskosmos und die Chinesische Nationale Raumfahrtbehörde "
        "haben am Dienstag einen Vertrag mit Dmitri Rogosin unterzeichnet.",
        "de",
    )
    assert [f.text for f in facts if f.kind == "name"] == ["Dmitri Rogosin"]


def test_title_case_and_shouting_only_keep_marked_names():
    facts = extract_facts("Russia And China Sign Lunar Station Memorandum With NASA", "en")
    assert [f.text for f in facts] == ["NASA"]
    assert extract_facts("BREAKING NEWS FROM THE MOON", "en") == []


# --- dates ---------------------------------------------------------------------------


def test_date_on_one_side_only():
    a, b = diff("La firma del 9 marzo 2021 è storica.", "La signature est historique.")
    assert (a, b) == (["9 marzo 2021"], [])


def test_same_date_in_two_languages():
    assert diff("La firma del 9 marzo 2021.", "La signature du 9 mars 2021.") == ([], [])
    assert diff("Am 9. März 2021 unterzeichnet.", "Signed on March 9, 2021.", "de", "en") == (
        [],
        [],
    )
    assert diff("Firmado el 9 de marzo de 2021.", "Firmato il 09/03/2021.", "es", "it") == (
        [],
        [],
    )
    assert diff("Signed on 2021-03-09.", "Firmato il 9 marzo 2021.", "en", "it") == ([], [])
    # Less precise but compatible: not a difference.
    assert diff("La firma del 9 marzo 2021.", "La signature du 9 mars.") == ([], [])
    assert diff("Nel marzo 2021.", "En 2021.") == ([], [])


def test_different_dates_on_both_sides():
    assert diff("La firma del 10 marzo.", "La signature du 9 mars.") == (
        ["10 marzo"],
        ["9 mars"],
    )
    assert diff("Nel 2020.", "En 2021.") == (["2020"], ["2021"])


def test_date_keys():
    keys = {
        f.text: f.key
        for f in extract_facts("Il 9 marzo 2021, il 1º maggio, marzo 2020, nel 2019.", "it")
    }
    assert keys == {
        "9 marzo 2021": "2021-03-09",
        "1º maggio": "*-05-01",
        "marzo 2020": "2020-03",
        "2019": "2019",
    }
    assert extract_facts("russia cina lunar aggrement 09032021", "it")[0].key == "2021-03-09"
    assert extract_facts("On 03/25/2021.", "en")[0].key == "2021-03-25"
    # "may" is a verb, "mai" is "never" in Italian.
    assert [f.kind for f in extract_facts("It may 2 times.", "en")] == ["number"]
    assert extract_facts("Non l'ha mai fatto.", "it") == []


# --- numbers -------------------------------------------------------------------------


def test_different_numbers():
    assert diff("Sono 3 missioni.", "Ce sont 4 missions.") == (["3"], ["4"])


def test_thousands_and_decimals_across_conventions():
    assert diff("Costa 1.000 euro.", "Coûte 1 000 euros.") == ([], [])
    assert diff("It costs 1,000 dollars.", "Es kostet 1.000 Dollar.", "en", "de") == ([], [])
    assert diff("Costa 1,5 milioni di euro.", "It costs 1.5 million euros.", "it", "en") == (
        [],
        [],
    )
    assert diff("Nel 2000 soldati.", "En 2 000 soldats.") == ([], [])
    assert diff("Alle 10:30.", "À 10h30.") == ([], [])
    assert diff("Il 25 % dei casi.", "25% of cases.", "it", "en") == ([], [])
    keys = [f.key for f in extract_facts("1.000.000 e 3,14 e 2,5 miliardi", "it")]
    assert keys == ["1000000", "3.14", "2500000000"]


def test_number_words():
    assert diff("deux missions automatiques", "2 missioni automatiche", "fr", "it") == ([], [])
    assert diff("deux missions automatiques", "3 missioni automatiche", "fr", "it") == (
        ["deux"],
        ["3"],
    )
    # A number word alone is no evidence of a fact ("the two countries").
    assert diff("les deux pays", "i paesi", "fr", "it") == ([], [])


# --- seed pair -----------------------------------------------------------------------


def test_seed_first_communique_sentence():
    it = seed_sentences("it-roscosmos-cnsa-ilrs.txt", "it")
    fr = seed_sentences("fr-roscosmos-cnsa-ilrs.txt", "fr")
    it_first = next(s for s in it if s.startswith("Dmitry Rogozin,"))
    fr_first = next(s for s in fr if s.startswith("Dmitry Rogozine,"))
    d = compare_facts(it_first, fr_first, language_a="it", language_b="fr")
    # Rogozin/Rogozine, Roscosmos, Zhang Kejian, the translated agency and station names,
    # the English glosses ("International Lunar Research Station", "Memorendum of
    # Understanding") are the same facts. What differs is the acronyms: the Italian uses
    # the English ILRS, the French the Russian KNKA (agency) and MNLS (station).
    assert texts(d) == (["ILRS"], ["KNKA", "MNLS"])
    for f in d.a:
        assert it_first[f.start : f.end] == f.text
    for f in d.b:
        assert fr_first[f.start : f.end] == f.text
    # The other linked communiqué sentences only differ by acronyms too.
    it_ad_oggi = next(s for s in it if s.startswith("Ad oggi"))
    fr_a_ce_jour = next(s for s in fr if s.startswith("À ce jour"))
    assert diff(it_ad_oggi, fr_a_ce_jour) == (["CNSA"], [])
    it_stazione = next(s for s in it if s.startswith("La Stazione Lunare"))
    fr_station = next(s for s in fr if s.startswith("La Station lunaire"))
    assert diff(it_stazione, fr_station) == ([], [])
    # The Italian editorial line has a date the French text does not.
    d = compare_facts(it[0], fr_first, language_a="it", language_b="fr")
    assert [f.text for f in d.a if f.kind == "date"] == ["9 marzo 2021"]


def test_one_to_two_link():
    fr = seed_sentences("fr-roscosmos-cnsa-ilrs.txt", "fr")
    it = seed_sentences("it-roscosmos-cnsa-ilrs.txt", "it")
    joined = " ".join(s for s in fr if s.startswith(("La Russie et la Chine s'", "À ce jour")))
    it_ad_oggi = next(s for s in it if s.startswith("Ad oggi"))
    assert diff(it_ad_oggi, joined) == (["CNSA"], [])


# --- API shape -----------------------------------------------------------------------


def test_as_dict_is_json_serialisable():
    d = compare_facts("Il 9 marzo 2021 Jeff Bezos.", "Rien.", language_a="it", language_b="fr")
    data = json.loads(json.dumps(d.as_dict()))
    assert data == {
        "a": [
            {"kind": "date", "text": "9 marzo 2021", "start": 3, "end": 15},
            {"kind": "name", "text": "Jeff Bezos", "start": 16, "end": 26},
        ],
        "b": [],
    }
    assert isinstance(d.a[0], Fact)


def test_offsets_on_seed_texts():
    for name, lang in (("it-roscosmos-cnsa-ilrs.txt", "it"), ("fr-roscosmos-cnsa-ilrs.txt", "fr")):
        text = (SEEDS / name).read_text(encoding="utf-8")
        facts = extract_facts(text, lang)
        assert facts
        for f in facts:
            assert text[f.start : f.end] == f.text
            assert f.kind in ("number", "date", "name")


@given(
    st.text(max_size=200),
    st.text(max_size=200),
    st.sampled_from(["it", "fr", "de", "en", "es", "xx"]),
)
def test_offsets_always_valid(a: str, b: str, lang: str):
    d = compare_facts(a, b, language_a=lang, language_b="en")
    for f in d.a:
        assert a[f.start : f.end] == f.text
    for f in d.b:
        assert b[f.start : f.end] == f.text


@given(
    st.lists(
        st.sampled_from(
            ["Rogozin", "9 marzo 2021", "1.000", "NASA", "Luna-Resurs-1", "tre", "il", "e", ","]
        ),
        max_size=12,
    )
)
def test_text_compared_with_itself_has_no_difference(words: list[str]):
    text = " ".join(words)
    assert diff(text, text, "it", "it") == ([], [])
