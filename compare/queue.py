"""The glue between the app's tasks and the two task backends: workers, retries, reaping.

`settings.TASKS` chooses the backend: the database (django-tasks-db, the embedded default) or
Redis with RQ (django-tasks-rq, when `REDIS_URL` is set). `run_worker` runs one worker process
of whichever is configured, so `manage.py run_worker` is the one command on any machine.

A worker that is killed (SIGKILL, out of memory, a machine lost) leaves its task marked as
running. Neither backend gives such a task back by itself soon enough:

- django-tasks-db never does: the row stays RUNNING for ever;
- RQ does, through the job's retries, but only once the dead worker's heartbeat has expired
  (the job's timeout plus a minute) and a worker next cleans its registries (every few minutes).

So every worker reaps, when it starts and then every `REAP_INTERVAL` seconds: a task whose
worker ran on this machine and whose process is gone goes back to the queue at once; a task
whose worker ran elsewhere goes back once it has been running for `COMPARE_TASK_STALE_AFTER`
seconds (database) or when RQ's own heartbeat expires (Redis). A task is given back at most
`COMPARE_TASK_RETRIES` times; then it is failed, and the page says so. Running a task twice is
harmless: every task here is idempotent (see `services.queue`).
"""

from __future__ import annotations

import functools
import logging
import os
import socket
import threading
import time
from datetime import timedelta

import django_rq
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.functional import cached_property
from django_rq.queues import DjangoRQ
from django_tasks import (
    DEFAULT_TASK_BACKEND_ALIAS,
    TaskResultStatus,
    default_task_backend,
    task_backends,
)
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_rq import Job, RQBackend
from redis import Redis
from rq import Retry
from rq.executions import Execution
from rq.job import JobStatus
from rq.worker import SimpleWorker

logger = logging.getLogger(__name__)

# Seconds between two reaping rounds of a running worker.
REAP_INTERVAL = 30.0
QUEUE_NAME = "default"


class WorkerLostError(RuntimeError):
    """The workers running a task stopped without a word, more times than it is retried."""


@functools.cache
def _redis(url: str) -> Redis:
    return Redis.from_url(url)


class RetryingQueue(DjangoRQ):
    """An RQ queue whose jobs are retried when they fail or when their worker dies under them,
    on one Redis connection pool per process.

    django-tasks-rq creates its jobs without a `Retry`, and RQ moves an abandoned job (its
    worker died) to the failed registry unless it has retries left. django-rq gives every
    queue it makes, that is every enqueue, a new client and so new connections: three
    connection handshakes per task, more than the enqueue itself.
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs["connection"] = _redis(settings.RQ_QUEUES[QUEUE_NAME]["URL"])
        super().__init__(*args, **kwargs)

    def create_job(self, *args, **kwargs):
        if kwargs.get("retry") is None:
            kwargs["retry"] = Retry(max=settings.COMPARE_TASK_RETRIES)
        return super().create_job(*args, **kwargs)

    def enqueue_job(self, job, pipeline=None, at_front=False, unique=False):
        """RQ's, in one round trip to Redis: it registers the queue and then stores and queues
        the job in two. A job that depends on another (none here) goes RQ's way."""
        if pipeline is not None or unique or job._dependency_ids:
            return super().enqueue_job(job, pipeline=pipeline, at_front=at_front, unique=unique)
        with self.connection.pipeline() as pipe:
            job = super().enqueue_job(job, pipeline=pipe, at_front=at_front)
            pipe.execute()
        return job


class WorkerJob(Job):
    """django-tasks-rq's job as an RQ worker runs it, reading from Redis only what it lacks.

    The job sends Django's `task_started` and `task_finished` signals with a `TaskResult` that
    it builds by asking Redis for the job's status, twice, and for the results of its earlier
    runs, each time. The worker sends both while it runs the job, before RQ stores how the run
    ended: the status is always the "started" the worker itself stored, and the earlier runs'
    results are the same for both signals. So the status is taken as such and those results
    are read once: five Redis round trips fewer per task, of about 25. The signals carry what
    they carried before.
    """

    _building_task_result = False
    _earlier_results = None

    @cached_property
    def task_result(self):
        self._building_task_result = True
        try:
            return Job.task_result.real_func(self)
        finally:
            self._building_task_result = False

    def get_status(self, refresh: bool = True) -> JobStatus:
        if self._building_task_result:
            return JobStatus.STARTED
        return super().get_status(refresh=refresh)

    def results(self):
        if not self._building_task_result:
            return super().results()
        if self._earlier_results is None:
            self._earlier_results = super().results()
        return self._earlier_results


class Worker(SimpleWorker):
    """RQ's `SimpleWorker` (see `_run_rq_worker`) without the writes that repeat themselves.

    Between two tasks, RQ sets the worker's state to "idle" twice and renews its heartbeat four
    times, each a round trip to Redis, all within a few milliseconds: six of its round trips
    per task are repeats. A state already set is not set again, and a heartbeat is not renewed
    within `HEARTBEAT_EVERY` seconds of the last one unless it asks for a longer lease. The
    worker's record then lives at most that long less than it would have (its lease is minutes).
    """

    HEARTBEAT_EVERY = 1.0
    _last_heartbeat = (float("-inf"), 0)  # (time.monotonic(), lease in seconds)

    def set_state(self, state: str, pipeline=None) -> None:
        if pipeline is None and state == self._state:
            return
        super().set_state(state, pipeline=pipeline)

    def heartbeat(self, timeout: int | None = None, pipeline=None) -> None:
        timeout = timeout or self.worker_ttl + 60
        sent_at, lease = self._last_heartbeat
        now = time.monotonic()
        if pipeline is None and now - sent_at < self.HEARTBEAT_EVERY and timeout <= lease:
            return
        super().heartbeat(timeout, pipeline=pipeline)
        self._last_heartbeat = (now, timeout)


def uses_redis() -> bool:
    """Whether the configured backend is RQ's (else it is the database's)."""
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], RQBackend)


def backend_label() -> str:
    return "Redis (RQ)" if uses_redis() else "the database"


# --- Worker names: host, process, and a random part -------------------------------------


def new_worker_name() -> str:
    """`host/pid/random`: unique across machines, and tells a reaper on the same host which
    process to look for (both backends keep it with the task they run)."""
    host = socket.gethostname()[:32].replace("/", "-") or "localhost"
    return f"{host}/{os.getpid()}/{get_random_string(12)}"


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    # A killed child its parent has not waited for yet is a zombie: gone all the same.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def is_dead_local_worker(name: str) -> bool:
    """The worker `name` (see `new_worker_name`) ran on this machine and its process is gone.

    A name from another machine, or in another shape, is never judged dead here.
    """
    parts = name.rsplit("/", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return False
    host = socket.gethostname()[:32].replace("/", "-") or "localhost"
    return parts[0] == host and int(parts[1]) != os.getpid() and _process_gone(int(parts[1]))


# --- Reaping ------------------------------------------------------------------------------


def requeue_abandoned_tasks(*, own_worker: str = "") -> int:
    """Give back to the queue the tasks whose worker died (see the module docstring); returns
    how many went back. `own_worker` (the caller's name) is never reaped."""
    if uses_redis():
        return _requeue_abandoned_rq_jobs()
    return _requeue_abandoned_db_tasks(own_worker=own_worker)


def _requeue_abandoned_db_tasks(*, own_worker: str) -> int:
    stale_before = timezone.now() - timedelta(seconds=settings.COMPARE_TASK_STALE_AFTER)
    running = DBTaskResult.objects.running().filter(backend_name=default_task_backend.alias)
    again, lost = [], []
    for row in running.only("id", "worker_ids", "started_at"):
        worker = row.worker_ids[-1] if row.worker_ids else ""
        if worker == own_worker:
            continue
        stale = row.started_at is None or row.started_at < stale_before
        if not (is_dead_local_worker(worker) or stale):
            continue
        # Every claim adds the worker's name: the number of names is the number of runs.
        (again if len(row.worker_ids) <= settings.COMPARE_TASK_RETRIES else lost).append(row.id)
    # Only rows still RUNNING: a task that finished meanwhile keeps its outcome.
    requeued = running.filter(id__in=again).update(status=TaskResultStatus.READY)
    for row in running.filter(id__in=lost):
        row.set_failed(WorkerLostError(f"Its workers stopped {len(row.worker_ids)} times."))
    if requeued or lost:
        logger.warning("Reaped %d task(s) of dead workers; %d failed for good", requeued, len(lost))
    return requeued


def _requeue_abandoned_rq_jobs() -> int:
    queue = django_rq.get_queue(QUEUE_NAME, job_class=Job)
    registry = queue.started_job_registry
    dead = []
    for job_id, execution_id in registry.get_job_and_execution_ids(cleanup=False):
        try:
            execution = Execution.fetch(id=execution_id, job_id=job_id, connection=queue.connection)
        except ValueError:
            continue  # the execution ended meanwhile
        if is_dead_local_worker(execution.worker_name):
            dead.append(execution.composite_key)
    if dead:
        # Mark the dead workers' executions as expired and let RQ's own clean-up handle them:
        # it retries the job while it has retries left, and fails it after.
        queue.connection.zadd(registry.key, dict.fromkeys(dead, 0), xx=True)
        registry.cleanup()
        logger.warning("Reaped %d job(s) of dead workers", len(dead))
    return len(dead)


def _reap_forever(own_worker: str, stop: threading.Event) -> None:
    while not stop.wait(REAP_INTERVAL):
        try:
            requeue_abandoned_tasks(own_worker=own_worker)
        except Exception:  # a reaping round must never stop the worker
            logger.exception("Reaping abandoned tasks failed")
        finally:
            connection.close()


# --- Running a worker ----------------------------------------------------------------------


def run_worker(*, burst: bool = False, interval: float = 1.0, verbosity: int = 1) -> None:
    """Run one worker of the configured backend in this process until it is stopped (SIGINT or
    SIGTERM: the current task is finished first), or, with `burst`, until the queue is empty.

    The worker runs tasks in its own process, one at a time, so the encoder is loaded once per
    worker; run several workers for several tasks at once.
    """
    name = new_worker_name()
    requeue_abandoned_tasks(own_worker=name)
    stop = threading.Event()
    if not burst:
        threading.Thread(target=_reap_forever, args=(name, stop), daemon=True).start()
    try:
        if uses_redis():
            _run_rq_worker(name=name, burst=burst, verbosity=verbosity)
        else:
            _run_db_worker(name=name, burst=burst, interval=interval, verbosity=verbosity)
    finally:
        stop.set()


def _run_db_worker(*, name: str, burst: bool, interval: float, verbosity: int) -> None:

    logging.getLogger("django_tasks_db").setLevel(logging.INFO if verbosity else logging.WARNING)
    worker = DatabaseWorker(
        queue_names=[QUEUE_NAME],
        interval=interval,
        batch=burst,
        backend_name=default_task_backend.alias,
        startup_delay=False,
        max_tasks=None,
        worker_id=name,
        excluded_queue_names=[],
    )
    if not burst:
        # Ctrl-C finishes the current task; a burst run (and the tests') keeps the caller's.
        worker.configure_signals()
    worker.run()


def _run_rq_worker(*, name: str, burst: bool, verbosity: int) -> None:

    # A SimpleWorker (`Worker`) runs each job in the worker's own process instead of a fork per
    # job: the encoder stays loaded from one task to the next, and killing the worker kills its
    # task.
    worker = django_rq.get_worker(
        QUEUE_NAME,
        job_class=WorkerJob,
        queue_class=RetryingQueue,
        worker_class=Worker,
        name=name,
        maintenance_interval=int(REAP_INTERVAL) * 4,
    )
    worker.work(burst=burst, logging_level="INFO" if verbosity else "WARNING")
