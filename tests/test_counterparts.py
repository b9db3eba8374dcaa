"""Counterpart finding: document vectors, shared sentences and facts, the search and its command."""

from __future__ import annotations

import datetime
import io

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from compare import counterparts, embeddings, services, vectors
from compare.facts import Fact
from compare.facts.names import countries
from compare.models import Article, ArticleEmbedding, SentenceEmbedding
from compare.services import counterparts as counterpart_service
from tests.factories import make_article, make_seed_articles, run_queued_tasks, seed_text
from tests.test_comparison_views import fake_encode

# --- Pure -------------------------------------------------------------------------------------


def test_the_document_vector_is_the_length_weighted_mean_normalised():
    vectors = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    vector = counterparts.document_vector(vectors, [300, 100])
    assert vector == pytest.approx(np.array([3.0, 1.0]) / np.sqrt(10))
    assert np.linalg.norm(vector) == pytest.approx(1.0)
    assert vector.dtype == np.float32
    with pytest.raises(ValueError, match="at least one sentence"):
        counterparts.document_vector(np.zeros((0, 2)), [])


def test_shared_sentences_are_mutual_best_matches_above_the_threshold():
    query = np.eye(3, dtype=np.float32)
    candidate = np.array([[0.0, 0.9, 0.1], [0.95, 0.0, 0.0], [0.5, 0.0, 0.0]], dtype=np.float32)
    shared = counterparts.shared_sentences(query, candidate, threshold=0.6)
    assert [(s.query, s.candidate) for s in shared] == [(0, 1), (1, 0)]
    assert shared[0].score == pytest.approx(0.95)
    assert counterparts.shared_sentences(query, np.zeros((0, 3))) == []


def fact(kind: str, text: str, key: str) -> Fact:
    return Fact(kind, text, 0, len(text), key)


def test_shared_facts_match_names_across_spellings_and_numbers_by_value():
    italian = [
        fact("name", "Dmitry Rogozin", "dmitry rogozin"),
        fact("date", "9 marzo 2021", "2021-03-09"),
        fact("number", "1.000", "1000"),
        fact("number", "due", "2"),
        fact("name", "Artemis", "artemis"),
        fact("name", "Rogozin", "rogozin"),
    ]
    french = [
        fact("name", "Rogozine", "rogozine"),
        fact("date", "9 mars 2021", "2021-03-09"),
        fact("number", "1 000", "1000"),
        fact("number", "deux", "2"),
    ]
    assert counterparts.shared_facts(italian, french) == ["Dmitry Rogozin", "9 marzo 2021", "1.000"]


def test_the_rank_score_weighs_the_document_and_the_shared_sentences():
    score = counterparts.rank_score(0.8, 5, query_sentences=10, candidate_sentences=20)
    assert score == pytest.approx(0.7 * 0.8 + 0.3 * 0.5)
    assert counterparts.rank_score(0.8, 0, query_sentences=10, candidate_sentences=0) == (
        pytest.approx(0.56)
    )
    assert counterparts.rank_score(0.5, 40, query_sentences=10, candidate_sentences=12) == (
        pytest.approx(0.65)  # the share is at most 1
    )


# Real openings from the press corpus (benchmarks/press/cases): two earthquakes, one in Japan
# (Italian) and one in Haiti (German, French), which the document vectors find alike.
JAPAN_IT = (
    "A seguito del più grande terremoto mai registrato nella storia del Paese, il Giappone è "
    "stato colpito da un devastante tsunami."
)
HAITI_DE = (
    "Im Süden Haitis dauern die Hilfsaktionen, genau eine Woche nachdem das Land durch ein "
    "Erbeben der Stärke 7,0 erschüttert wurde, an."
)
HAITI_FR = (
    "Les secours sont au travail dans la partie sud de Haïti, exactement une semaine après le "
    "tremblement de terre (magnitude de 7 degrés Richter) qui a dévasté Haïti."
)


def test_countries_are_named_in_any_language():
    assert countries(JAPAN_IT) == {"T:JP"}
    assert countries(HAITI_FR) == {"T:HT"}
    assert countries("Haiti: Eine Woche nach dem Beben") == {"T:HT"}
    assert countries("Le gouvernement a démissionné hier soir.") == frozenset()


def test_other_countries_only_when_both_name_countries_and_none_is_shared():
    japan, haiti = countries(JAPAN_IT), countries(HAITI_FR)
    assert counterparts.other_countries(japan, haiti)
    assert not counterparts.other_countries(haiti, countries("Haiti: " + HAITI_DE))
    assert not counterparts.other_countries(japan | haiti, haiti)
    assert not counterparts.other_countries(japan, frozenset())  # says nothing: no penalty


def test_other_countries_cost_the_penalty():
    alike = counterparts.rank_score(0.6, 0, query_sentences=10, candidate_sentences=10)
    apart = counterparts.rank_score(
        0.6, 0, query_sentences=10, candidate_sentences=10, other_countries=True
    )
    assert alike - apart == pytest.approx(counterparts.OTHER_COUNTRIES_PENALTY)


# --- Services (database) ----------------------------------------------------------------------


@pytest.fixture
def counting_encoder(monkeypatch, settings):
    settings.COMPARE_EMBEDDING_MODEL = "fake"
    calls: list[int] = []

    def encode(texts, *, name=None):
        calls.append(len(texts))
        return fake_encode(texts)

    monkeypatch.setattr(embeddings, "encode", encode)
    return calls


@pytest.mark.django_db
def test_a_document_vector_is_stored_once_per_model_and_never_recomputed(counting_encoder):
    article = make_article(raw="Uno due tre. Quattro cinque.", language="it")
    first = services.embed_articles(articles=[article])
    assert counting_encoder == [2]  # the two sentences, in one call
    again = services.embed_articles(articles=[article])
    assert counting_encoder == [2]
    assert np.array_equal(first[article.pk], again[article.pk])
    stored = ArticleEmbedding.objects.get(article=article)
    assert (stored.model_name, stored.dimensions) == ("fake", 16)
    assert np.array_equal(stored.as_array(), first[article.pk])
    SentenceEmbedding.objects.all().delete()
    services.embed_articles(articles=[article])
    assert counting_encoder == [2]  # the document vector is kept: nothing is encoded again
    services.embed_articles(articles=[article], model_name="other")
    assert ArticleEmbedding.objects.filter(article=article).count() == 2


@pytest.mark.django_db
def test_the_date_window_and_the_same_outlet_rule(counting_encoder):
    day = datetime.date(2021, 3, 9)
    article = make_article(raw="Alpha beta. Gamma.", outlet="A", language="it", published_on=day)
    near = make_article(raw="Delta. Epsilon.", outlet="B", published_on=day + datetime.timedelta(5))
    far = make_article(raw="Zeta. Eta.", outlet="C", published_on=day + datetime.timedelta(90))
    undated = make_article(raw="Theta. Iota.", outlet="D")
    same_outlet = make_article(raw="Kappa. Lambda.", outlet="A", language="it")
    other_language = make_article(raw="Mu. Nu.", outlet="A", language="fr")
    found = {c.article for c in services.find_counterparts(article=article, days=30)}
    assert found == {near, undated, other_language}
    found = {c.article for c in services.find_counterparts(article=article, days=-1)}
    assert found == {near, far, undated, other_language}
    assert same_outlet not in found


@pytest.mark.django_db
def test_above_the_limit_the_approximate_index_answers(counting_encoder, settings, monkeypatch):
    monkeypatch.setattr(counterpart_service, "_approximate", {})
    settings.COMPARE_EXACT_SEARCH_LIMIT = 1
    article = make_article(raw="Alpha beta. Gamma.", outlet="A")
    others = [make_article(raw=f"Other {n}. Text {n}.", outlet=f"O{n}") for n in range(4)]
    found = services.find_counterparts(article=article, limit=3, days=-1)
    assert len(found) == 3 and {c.article for c in found} <= set(others)
    assert "fake" in counterpart_service._approximate
    exact = services.find_counterparts(article=article, limit=3, days=-1)
    assert [c.article for c in exact] == [c.article for c in found]  # the cached index, reused


@pytest.mark.django_db
def test_the_seed_articles_find_each_other_first_with_their_reasons(settings):
    settings.COMPARE_EMBEDDING_MODEL = embeddings.USE_MULTILINGUAL_V3
    italian, french = make_seed_articles()
    english = make_article(raw=seed_text("en"), language="en", outlet="Fixture", title="English")
    for number, raw in enumerate(
        [
            "Il Comune ha approvato il bilancio. Le tasse sui rifiuti scendono del due per cento.",
            "La squadra ha vinto la finale ai rigori. I tifosi hanno festeggiato in piazza.",
            "Le gouvernement présente sa réforme. Les syndicats appellent à la grève.",
            "The central bank raised interest rates again. Inflation remains above target.",
        ]
    ):
        make_article(raw=raw, outlet=f"Distractor {number}", language=None)
    found = services.find_counterparts(article=italian, limit=3, days=-1)
    assert {found[0].article, found[1].article} == {french, english}
    best = {c.article: c for c in found}
    assert best[french].shared_sentences >= 3
    assert "Zhang Kejian" in best[french].shared_facts
    assert best[english].examples and best[english].examples[0][0] in italian.original_text
    assert found[2].score < min(best[french].score, best[english].score) - 0.15


@pytest.mark.django_db
def test_a_report_of_the_same_country_outranks_a_closer_document_about_another(
    counting_encoder,
):
    haiti = make_article(raw=HAITI_DE, language="de", outlet="A")
    japan = make_article(raw=JAPAN_IT, language="it", outlet="B")
    also_haiti = make_article(raw=HAITI_FR, language="fr", outlet="C")
    services.embed_articles(articles=[haiti, japan, also_haiti])
    # The Japanese earthquake reads closer to the document vectors (as in the press corpus).
    hits = [vectors.Hit(japan.pk, 0.61), vectors.Hit(also_haiti.pk, 0.55)]
    found = counterpart_service.rank_candidates(
        article=haiti, hits=hits, limit=2, model_name=embeddings.model_name()
    )
    assert [c.article for c in found] == [also_haiti, japan]
    assert found[1].other_countries and not found[0].other_countries
    out = io.StringIO()
    call_command("find_counterparts", str(haiti.pk), "--any-date", stdout=out)
    assert "they name no country in common" in out.getvalue()


@pytest.mark.django_db
def test_the_command_lists_candidates_with_their_reasons(counting_encoder):
    article = make_article(raw="Il direttore Rogozin firma. Accordo.", language="it", outlet="A")
    make_article(raw="Le directeur Rogozin signe. Accord.", language="fr", outlet="B", title="Un")
    out = io.StringIO()
    call_command("find_counterparts", str(article.pk), "--limit", "5", "--any-date", stdout=out)
    text = out.getvalue()
    assert f"Counterparts of article {article.pk} (it, A)" in text
    assert "[fr] B: Un" in text and "both name: Rogozin" in text
    with pytest.raises(CommandError, match="no article 999999"):
        call_command("find_counterparts", "999999", stdout=out)
    with pytest.raises(CommandError, match="--limit"):
        call_command("find_counterparts", str(article.pk), "--limit", "0", stdout=out)


@pytest.mark.django_db
def test_an_imported_file_is_encoded_in_the_background_document_vector_included(
    counting_encoder, admin_client
):
    upload = io.BytesIO(b"Uno due tre quattro. Cinque sei sette otto.")
    upload.name = "articolo.txt"
    admin_client.post(
        "/articles/import/", {"file": upload, "language": "it", "title": "", "outlet": ""}
    )
    [article] = Article.objects.all()
    assert not SentenceEmbedding.objects.exists()  # queued, not done in the request
    run_queued_tasks()
    assert SentenceEmbedding.objects.filter(sentence__article=article).count() == 2
    assert ArticleEmbedding.objects.filter(article=article, model_name="fake").exists()
    assert counting_encoder == [2]  # the document vector reuses the sentences' vectors
