"""Throughput of 1, 2 and 4 worker processes aligning 200 stored article pairs through the queue,
on PostgreSQL and Redis (RQ), and the queue's overhead against the work.

Run from the repo root:  .venv/bin/python -m benchmarks.queue [--pairs 200] [--workers 1,2,4]

Uses its own database and Redis database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/press_compare_bench, created when missing; BENCH_REDIS_URL,
default redis://127.0.0.1:6379/10, emptied), never the project's. Stores `--pairs` comparisons
of two articles of about 25 sentences each (halves of the Text+Berg German and French
documents), then for each number of workers: forgets every stored embedding and result (so
each run encodes, as new articles do), queues one alignment per comparison, starts the workers
(`manage.py run_worker`, each with cores/N encoder threads) and waits for all of them.

Figures, per run:
- throughput in steady state: the first task of each worker (which loads the model, about
  10 s) is left out; article pairs, sentences and sentence pairs (n_a x n_b) per hour;
- queue overhead against compute: enqueue (median, timed here per request before the workers
  start: the comparison's request number and status, the job into Redis, its id back on the
  comparison, one commit) and fetch + store (on each worker, the gap between the end of a job
  and the start of the next while the queue was not empty: RQ storing the job's outcome and
  handing out the next), against the time inside
  the jobs (encoding, aligning, and storing the alignment in the database, which an alignment
  run without a queue does too; that store alone is timed here on the same rows and shown).
Prints figures; no assertion. Stops, saying why, when PostgreSQL or Redis cannot be reached.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/press_compare_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/10"


def reachable(database_url: str, redis_url: str) -> str:
    """ "" when both services answer, else what is missing. Creates the database if needed."""
    import dj_database_url
    import psycopg
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        return f"Redis at {redis_url}: {error}"
    db = dj_database_url.parse(database_url)
    try:
        with psycopg.connect(
            host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname="postgres",
            password=db["PASSWORD"] or None, autocommit=True, connect_timeout=3,
        ) as server:  # fmt: skip
            exists = server.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
            ).fetchone()
            if not exists:
                server.execute(f'CREATE DATABASE "{db["NAME"]}"')
    except psycopg.Error as error:
        return f"PostgreSQL at {database_url}: {error}"
    return ""


def store_pairs(count: int) -> None:
    from benchmarks.analysis import DOCS
    from benchmarks.textberg import DEFAULT_DATA, read_lines
    from compare import services
    from compare.models import Comparison

    if Comparison.objects.count() >= count:
        return
    de = [line for doc in DOCS for line in read_lines(DEFAULT_DATA / f"{doc}.de")]
    fr = [line for doc in DOCS for line in read_lines(DEFAULT_DATA / f"{doc}.fr")]

    def text(lines: list[str], start: int) -> str:
        window = [lines[(start + i) % len(lines)] for i in range(25)]
        return "\n\n".join(" ".join(window[i : i + 5]) for i in range(0, 25, 5))

    for k in range(Comparison.objects.count(), count):
        a = services.import_article(raw=text(de, 7 * k), title=f"A{k}", outlet="A", language="de")
        b = services.import_article(raw=text(fr, 7 * k), title=f"B{k}", outlet="B", language="fr")
        services.create_comparison(articles=[a, b])


def reset() -> None:
    """Forget every embedding and result: the next run encodes as for new articles."""
    import django_rq

    from compare.models import Addition, Comparison, Link, SentenceEmbedding

    SentenceEmbedding.objects.all().delete()
    Link.objects.all().delete()
    Addition.objects.all().delete()
    Comparison.objects.update(status=Comparison.Status.PENDING, aligned_at=None, task_id="")
    django_rq.get_connection("default").flushdb()


def time_store(repeats: int = 20) -> float:
    """Seconds to store one result (the transaction `align_comparison` runs), on stored rows."""
    from django.db import transaction

    from compare import selectors, services
    from compare.models import Comparison

    # An aligned comparison: its own result is stored again.
    comparison = selectors.get_comparison(
        Comparison.objects.filter(status=Comparison.Status.ALIGNED).values_list("pk", flat=True)[0]
    )
    result = selectors.get_comparison_result(comparison)
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        with transaction.atomic():
            services.store_result(comparison=comparison, result=result)
            services.store_figures(comparison=comparison)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def run(workers: int, env: dict, cores: int) -> dict:
    import django_rq
    from django_tasks_rq import Job

    from compare import services
    from compare.models import Comparison

    reset()
    # Enqueued before the workers start (a backlog, as `align_all` leaves one): the enqueue is
    # timed on its own, not slowed by workers loading the model on the same cores.
    ids, timings = [], []
    for comparison in Comparison.objects.with_articles().order_by("pk"):
        started = time.perf_counter()
        ids.append(services.request_alignment(comparison=comparison).task_id)
        timings.append(time.perf_counter() - started)
    enqueue = statistics.median(timings)
    threads = max(1, cores // workers)
    worker_env = {**env, "COMPARE_EMBEDDING_THREADS": str(threads)}
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--verbosity", "0"],
            cwd=REPO,
            env=worker_env,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    try:
        # Two counts a second, not every job fetched: watching must not load Redis or the cores.
        queue = django_rq.get_queue("default")
        ended = (queue.finished_job_registry, queue.failed_job_registry)
        while sum(registry.count for registry in ended) < len(ids):
            time.sleep(1)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait()
    jobs = Job.fetch_many(ids, connection=queue.connection)
    by_worker: dict[str, list] = {}
    for job in jobs:
        by_worker.setdefault(job.worker_name, []).append(job)
    steady, gaps = [], []
    for runs in by_worker.values():
        runs.sort(key=lambda job: job.started_at)
        steady.extend(runs[1:])  # the first loads the model
        gaps.extend(
            (later.started_at - earlier.ended_at).total_seconds()
            for earlier, later in zip(runs, runs[1:], strict=False)
        )
    first_end = min(runs[0].ended_at for runs in by_worker.values())
    last_end = max(job.ended_at for job in jobs)
    window = (last_end - first_end).total_seconds()
    sentences = sentence_pairs = 0
    sizes = {c.task_id: c for c in Comparison.objects.with_articles()}
    for job in steady:
        a, b = (
            m.sentence_count for m in sorted(sizes[job.id].members.all(), key=lambda m: m.position)
        )
        sentences += a + b
        sentence_pairs += a * b
    inside = [(job.ended_at - job.started_at).total_seconds() for job in steady]
    return {
        "workers": workers,
        "threads": threads,
        "jobs": len(steady),
        "window": window,
        "pairs_per_hour": len(steady) / window * 3600,
        "sentences_per_hour": sentences / window * 3600,
        "sentence_pairs_per_hour": sentence_pairs / window * 3600,
        "inside": statistics.mean(inside),
        "enqueue": enqueue,
        "fetch": statistics.median(gaps) if gaps else 0.0,
        "worker_sets": len(by_worker),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--workers", default="1,2,4")
    options = parser.parse_args()

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    if missing := reachable(database_url, redis_url):
        print(f"queue benchmark skipped: cannot reach {missing}")
        return
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url}
    os.environ.update(DATABASE_URL=database_url, REDIS_URL=redis_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=REPO, env=env, check=True
    )
    import django

    django.setup()
    store_pairs(options.pairs)
    cores = os.cpu_count() or 1
    print(f"{options.pairs} pairs of ~25 + ~25 sentences; PostgreSQL + Redis (RQ); {cores} cores")
    print(
        f"{'workers':>7} {'threads':>7} {'pairs/h':>8} {'sentences/h':>12} {'sent.pairs/h':>13} "
        f"{'job s':>6} {'db store ms':>11} {'enqueue ms':>10} {'fetch+store ms':>14} "
        f"{'overhead':>9}"
    )
    store = None
    for workers in (int(n) for n in options.workers.split(",")):
        figures = run(workers, env, cores)
        if store is None:
            store = time_store()
        overhead = (figures["enqueue"] + figures["fetch"]) / figures["inside"]
        print(
            f"{workers:>7} {figures['threads']:>7} {figures['pairs_per_hour']:>8.0f} "
            f"{figures['sentences_per_hour']:>12.0f} {figures['sentence_pairs_per_hour']:>13.0f} "
            f"{figures['inside']:>6.2f} {store * 1000:>11.1f} {figures['enqueue'] * 1000:>10.1f} "
            f"{figures['fetch'] * 1000:>14.1f} {overhead:>9.1%}"
        )
    print(
        "job s: mean time inside a job (encode, align, store the alignment); overhead: "
        "(enqueue + fetch+store) / job; steady state, the first job of each worker left out"
    )


if __name__ == "__main__":
    main()
