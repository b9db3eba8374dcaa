"""The whole pipeline on the seed pair with the real model, through the service that stores it."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from compare import embeddings, selectors, services, tasks
from compare.models import Addition, Comparison, Link, LinkSentence, SentenceEmbedding
from compare.services import alignment as alignment_services
from tests.factories import run_queued_tasks

pytestmark = pytest.mark.django_db

COMMUNIQUE = [
    ("Dmitry Rogozin, direttore generale", "Dmitry Rogozine, directeur général"),
    ("La Roscosmos e CNSA", "La société d'État de Roscosmos"),
    (
        "La Stazione Lunare Scientifica Internazionale è",
        "La Station lunaire scientifique internationale est",
    ),
    ("Nell'ambito del progetto", "Dans le cadre du projet"),
    ("La Russia e la Cina tradizionalmente", "La Russie et la Chine s'efforcent"),
    ("Ad oggi", "À ce jour"),
]
ARTEMIS = [
    "La Russia, con questo accordo",
    "La Cina ha proposto",
    "Ne la Cina ne la Russia",
    "A questo punto",
]
OFFICIAL_CAPTIONS = [
    "Dmitry Rogozine lors de",
    "Youri Ourlichich",
    "Mikhail Khailov",
    "Participait également",
]


@pytest.fixture
def seed_comparison() -> Comparison:
    call_command("loaddata", "seed", verbosity=0)
    return selectors.get_comparison(Comparison.objects.get().pk)


def index_of(sentences, prefix: str) -> int:
    (found,) = [s.index for s in sentences if s.text.startswith(prefix)]
    return found


def test_seed_pair_links_the_communique_and_types_the_additions(seed_comparison):
    services.align_comparison(comparison=seed_comparison)
    result = selectors.get_comparison_result(selectors.get_comparison(seed_comparison.pk))
    italian, french = result.a.sentences, result.b.sentences

    expected = {(index_of(italian, it),): (index_of(french, fr),) for it, fr in COMMUNIQUE}
    found = {link.a: link.b for link in result.links}
    for a, b in expected.items():
        assert found.get(a) == b, f"{italian[a[0]].text[:40]!r} not linked 1:1 to its counterpart"
    # No link between sentences that do not say the same thing: besides the
    # communiqué, only the title, the signing caption and the credit lines may
    # find a (partial) counterpart.
    allowed_extra_a = {index_of(italian, "Nelle immagini"), index_of(italian, "Credit:")}
    for link in result.links:
        if (link.a, link.b) in expected.items():
            continue
        assert set(link.a) <= allowed_extra_a, [italian[i].text for i in link.a]

    for prefix in ["Ecco il comunicato", *ARTEMIS]:
        sentence = italian[index_of(italian, prefix)]
        assert sentence.status == "addition", prefix
    for prefix in ARTEMIS:
        assert italian[index_of(italian, prefix)].addition_type == "commentary", prefix

    questions = [s for s in french if s.text.endswith("?")]
    assert len(questions) == 2
    assert all(s.status == "addition" and s.addition_type == "commentary" for s in questions)
    for prefix in OFFICIAL_CAPTIONS:
        for sentence in [s for s in french if s.text.startswith(prefix)]:
            assert sentence.status == "addition"
            assert sentence.addition_type in {"caption", "duplicate"}


def test_alignment_is_stored_with_model_and_parameters(seed_comparison):
    result = services.align_comparison(comparison=seed_comparison)
    seed_comparison.refresh_from_db()
    assert seed_comparison.status == Comparison.Status.ALIGNED
    assert seed_comparison.model_name == embeddings.model_name()
    assert seed_comparison.parameters == result.parameters
    assert seed_comparison.aligned_at is not None
    assert Link.objects.filter(comparison=seed_comparison).count() == len(result.links)
    covered = LinkSentence.objects.filter(link__comparison=seed_comparison).count()
    assert covered + Addition.objects.filter(comparison=seed_comparison).count() == 14 + 20


def test_realignment_replaces_the_previous_result_and_never_encodes_twice(
    seed_comparison, monkeypatch
):
    services.align_comparison(comparison=seed_comparison)
    first_links = set(Link.objects.values_list("pk", flat=True))
    assert SentenceEmbedding.objects.count() == 34

    def fail(*args, **kwargs):
        raise AssertionError("a stored sentence was encoded again")

    monkeypatch.setattr(embeddings, "encode", fail)
    result = services.align_comparison(comparison=seed_comparison)
    assert SentenceEmbedding.objects.count() == 34
    links = set(Link.objects.values_list("pk", flat=True))
    assert len(links) == len(result.links)
    assert not links & first_links  # the old machine links are gone


def test_a_failed_alignment_keeps_the_previous_result_and_says_why(seed_comparison, monkeypatch):
    services.align_comparison(comparison=seed_comparison)
    before = Link.objects.count()

    def broken(*args, **kwargs):
        raise MemoryError("out of memory while aligning")

    monkeypatch.setattr(alignment_services, "analyse", broken)
    with pytest.raises(services.AlignmentError, match="out of memory while aligning"):
        services.align_comparison(comparison=seed_comparison)
    seed_comparison.refresh_from_db()
    assert seed_comparison.status == Comparison.Status.FAILED
    assert "out of memory while aligning" in seed_comparison.error
    assert Link.objects.count() == before


def test_align_all_aligns_what_needs_it_once_inline(seed_comparison):
    assert "Aligned 1 comparison(s); 0 failed" in align_all("--inline")
    assert "Aligned 0 comparison(s); 0 failed; 1 already up to date" in align_all("--inline")


def test_align_all_queues_what_needs_it_once_for_the_workers(seed_comparison):
    assert "Queued 1 comparison(s); 0 failed" in align_all()
    # Queued already: not queued twice.
    assert "Queued 0 comparison(s); 0 failed; 1 already up to date or in progress" in align_all()
    run_queued_tasks()
    assert Comparison.objects.get().status == Comparison.Status.ALIGNED
    assert "Queued 0 comparison(s)" in align_all()
    assert "Queued 1 comparison(s)" in align_all("--force")


def test_the_align_all_task_queues_an_alignment_per_comparison(seed_comparison):
    result = tasks.align_all.enqueue(False)
    run_queued_tasks()  # the fan-out task, then the alignment it queued
    assert tasks.align_all.get_result(result.id).return_value == [1, 0]
    assert Comparison.objects.get().status == Comparison.Status.ALIGNED


def align_all(*args: str) -> str:
    out = StringIO()
    call_command("align_all", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_publication_date_lets_a_recalled_event_be_typed_background():
    from tests.factories import make_article, make_comparison

    italian = make_article(
        raw="La Cina e la Russia firmano un accordo per una stazione lunare.\n\n"
        "Nel 2019 la Cina è stata la prima a posarsi sul lato nascosto della Luna.",
        language="it",
        published_on=datetime.date(2021, 3, 9),
    )
    french = make_article(
        raw="La Chine et la Russie signent un accord pour une station lunaire.", language="fr"
    )
    comparison = make_comparison(articles=[italian, french])
    result = services.align_comparison(comparison=comparison)
    (recalled,) = [s for s in result.a.sentences if s.text.startswith("Nel 2019")]
    assert recalled.addition_type == "background"
