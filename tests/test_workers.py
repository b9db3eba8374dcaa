"""Real worker processes (`manage.py run_worker`) on the configured backend: the database's
on the embedded default, RQ on Redis when REDIS_URL is set (`.ci/run` runs both).

The workers are separate processes on the test database, with the real model (each loads it
once, about 10 s), so these tests commit their data (`transaction=True`) and wait for the
workers with a generous bound rather than a timing: nothing here asserts how long anything took.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_tasks import TaskResultStatus

from compare import selectors, services, tasks
from compare.models import Addition, Comparison, Link, LinkSentence, Sentence

pytestmark = pytest.mark.django_db(transaction=True)

# Long enough for a worker to start, load the model and align the seed pair on a busy machine;
# only reached when something is broken.
PATIENCE = 180.0


def database_url() -> str:
    """The test database, as a DATABASE_URL for the worker processes."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def worker(log: Path) -> Iterator[subprocess.Popen]:
    """A `manage.py run_worker` process on the test database, stopped on the way out."""
    env = {**os.environ, "DATABASE_URL": database_url(), "PYTHONUNBUFFERED": "1"}
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.2"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for(condition: Callable[[], bool], what: str, log: Path) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Gave up waiting for {what}. Worker log:\n{log.read_text()[-3000:]}")
        time.sleep(0.1)


def status_of(comparison: Comparison) -> str:
    return Comparison.objects.values_list("status", flat=True).get(pk=comparison.pk)


def finished(task_id: str) -> bool:
    return tasks.align_comparison.get_result(task_id).status in {
        TaskResultStatus.SUCCESSFUL,
        TaskResultStatus.FAILED,
    }


def links_of(comparison: Comparison) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    result = selectors.get_comparison_result(selectors.get_comparison(comparison.pk))
    return sorted((link.a, link.b) for link in result.links)


def assert_whole(comparison: Comparison) -> None:
    """Every sentence is in exactly one machine link or addition: nothing lost or doubled."""
    linked = LinkSentence.objects.filter(link__comparison=comparison)
    added = Addition.objects.filter(comparison=comparison)
    ids = list(linked.values_list("sentence_id", flat=True))
    ids += added.values_list("sentence_id", flat=True)
    sentences = Sentence.objects.filter(article__in=comparison.ordered_articles)
    assert sorted(ids) == sorted(sentences.values_list("pk", flat=True))


@pytest.fixture
def seed_comparison(tmp_path) -> Comparison:
    """The seed pair, aligned once here: its links are what any later alignment must give."""
    call_command("loaddata", "seed", verbosity=0)
    comparison = selectors.get_comparison(Comparison.objects.get().pk)
    services.align_comparison(comparison=comparison)
    return selectors.get_comparison(comparison.pk)


def test_a_worker_killed_mid_alignment_is_replaced_and_the_result_is_whole(
    seed_comparison, tmp_path
):
    log = tmp_path / "workers.log"
    expected = links_of(seed_comparison)
    aligned_before = seed_comparison.aligned_at
    task_id = services.request_alignment(comparison=seed_comparison).task_id

    with worker(log) as first:
        wait_for(lambda: status_of(seed_comparison) == "running", "the task to start", log)
        # The task has started (the worker loads the model inside it): kill the worker.
        first.send_signal(signal.SIGKILL)
        first.wait()
    stranded = Comparison.objects.get(pk=seed_comparison.pk)
    assert stranded.status == Comparison.Status.RUNNING
    assert stranded.aligned_at == aligned_before  # killed before it stored anything

    with worker(log):  # a new worker gives the dead one's task back to the queue and runs it
        wait_for(lambda: finished(task_id), "the task to be retried", log)

    result = tasks.align_comparison.get_result(task_id)
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == "aligned"
    comparison = Comparison.objects.get(pk=seed_comparison.pk)
    assert comparison.status == Comparison.Status.ALIGNED
    assert comparison.aligned_at > aligned_before
    assert links_of(comparison) == expected
    assert Link.objects.filter(comparison=comparison).count() == len(expected)
    assert_whole(comparison)


def test_two_realignments_on_two_workers_end_in_one_result(seed_comparison, tmp_path):
    log = tmp_path / "workers.log"
    expected = links_of(seed_comparison)
    with worker(log), worker(log):
        first = services.request_alignment(comparison=seed_comparison).task_id
        wait_for(lambda: status_of(seed_comparison) == "running", "the first task to start", log)
        # Asked again while the first runs: the second worker takes it at once.
        second = services.request_alignment(comparison=seed_comparison).task_id
        wait_for(lambda: finished(first) and finished(second), "both tasks to end", log)

    assert tasks.align_comparison.get_result(first).return_value == "superseded"
    assert tasks.align_comparison.get_result(second).return_value == "aligned"
    comparison = Comparison.objects.get(pk=seed_comparison.pk)
    assert comparison.status == Comparison.Status.ALIGNED and comparison.generation == 2
    assert links_of(comparison) == expected
    assert_whole(comparison)
