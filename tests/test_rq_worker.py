"""The app's own RQ classes (`compare.queue.Worker`, `WorkerJob`, `RetryingQueue`), in this
process, on a real Redis. They run in `.ci/run`'s second run (REDIS_URL set), which fails when
Redis is missing; on the embedded default there is no Redis to run them on, and they say so.
"""

from __future__ import annotations

from unittest import mock

import django_rq
import pytest
from django.conf import settings
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished, task_started
from redis.client import Pipeline
from redis.commands.core import HashCommands, StreamCommands

from compare import queue, selectors, tasks

pytestmark = [
    pytest.mark.skipif(
        not queue.uses_redis(), reason="needs Redis: set REDIS_URL (.ci/run's second run)"
    ),
    pytest.mark.django_db,
]


def run_queued_tasks_here() -> None:
    queue.run_worker(burst=True, verbosity=0)


def test_a_task_s_signals_carry_its_status_without_reading_it_from_redis():
    seen = []

    def record(sender, task_result, **kwargs):
        seen.append((task_result.id, task_result.status, list(task_result.worker_ids)))

    task_started.connect(record)
    task_finished.connect(record)
    result = tasks.align_all.enqueue()
    hget, xrevrange = HashCommands.hget, StreamCommands.xrevrange
    try:
        with (
            mock.patch.object(HashCommands, "hget", autospec=True, side_effect=hget) as reads,
            mock.patch.object(
                StreamCommands, "xrevrange", autospec=True, side_effect=xrevrange
            ) as result_reads,
        ):
            run_queued_tasks_here()
    finally:
        task_started.disconnect(record)
        task_finished.disconnect(record)

    assert [(task_id, status) for task_id, status, _ in seen] == [
        (result.id, TaskResultStatus.RUNNING),
        (result.id, TaskResultStatus.SUCCESSFUL),
    ]
    assert seen[0][2] and seen[0][2] == seen[1][2]  # the worker running it, named in both
    # Its status is the one the worker set, and its earlier runs' results are read once.
    assert not [call for call in reads.call_args_list if call.args[2:] == ("status",)]
    assert result_reads.call_count == 1
    stored = tasks.align_all.get_result(result.id)
    assert stored.status == TaskResultStatus.SUCCESSFUL and stored.return_value == [0, 0]


def test_a_failing_task_s_signal_says_failed():
    seen = []

    def record(sender, task_result, **kwargs):
        seen.append(task_result.status)

    task_finished.connect(record)
    result = tasks.align_all.enqueue()
    try:
        with mock.patch.object(selectors, "needing_alignment", side_effect=RuntimeError("down")):
            run_queued_tasks_here()
    finally:
        task_finished.disconnect(record)
    # RQ runs it again while it has retries left; each run says it failed.
    runs = settings.COMPARE_TASK_RETRIES + 1
    assert seen == [TaskResultStatus.FAILED] * runs
    stored = tasks.align_all.get_result(result.id)
    assert stored.status == TaskResultStatus.FAILED
    assert "RuntimeError: down" in stored.errors[-1].traceback


@pytest.fixture
def worker():
    connection = django_rq.get_connection(queue.QUEUE_NAME)
    worker = queue.Worker([queue.QUEUE_NAME], connection=connection, name="test/1/worker")
    worker.register_birth()
    yield worker
    connection.delete(worker.key)


def test_the_worker_does_not_write_again_what_redis_holds(worker):
    hset = HashCommands.hset
    with mock.patch.object(HashCommands, "hset", autospec=True, side_effect=hset) as writes:
        worker.set_state("idle")
        worker.set_state("idle")
        worker.heartbeat()
        worker.heartbeat()
    assert [call.args[2] for call in writes.call_args_list] == ["state", "last_heartbeat"]
    assert worker.connection.hget(worker.key, "state") == b"idle"
    assert 0 < worker.connection.ttl(worker.key) <= worker.worker_ttl + 60


def test_a_longer_lease_or_a_new_state_is_always_written(worker):
    worker.heartbeat()
    worker.heartbeat(timeout=worker.worker_ttl + 600)
    assert worker.connection.ttl(worker.key) > worker.worker_ttl + 60
    worker.set_state("idle")
    worker.set_state("busy")
    assert worker.connection.hget(worker.key, "state") == b"busy"


def test_a_task_is_queued_in_one_round_trip():
    execute = Pipeline.execute
    with mock.patch.object(Pipeline, "execute", autospec=True, side_effect=execute) as trips:
        result = tasks.align_all.enqueue()
    assert trips.call_count == 1
    rq_queue = django_rq.get_queue(queue.QUEUE_NAME)
    assert rq_queue.job_ids == [result.id]
    assert rq_queue.name in {q.name for q in type(rq_queue).all(connection=rq_queue.connection)}
    assert tasks.align_all.get_result(result.id).status == TaskResultStatus.READY
