"""What every test needs of the services the suite runs on.

The suite runs on whatever the settings choose: SQLite and the database task backend by
default, or PostgreSQL (`DATABASE_URL`) and Redis with RQ (`REDIS_URL`), as `.ci/run`'s second
run does. A configured service that cannot be reached stops the session at once with a message:
a run that was asked to test PostgreSQL and Redis must not pass without them.
"""

from __future__ import annotations

import django_rq
import pytest
from redis.exceptions import RedisError

from compare import queue


@pytest.fixture(scope="session", autouse=True)
def task_services():
    if queue.uses_redis():
        try:
            django_rq.get_connection(queue.QUEUE_NAME).ping()
        except RedisError as error:
            pytest.exit(f"REDIS_URL is set but Redis cannot be reached: {error}", returncode=3)


@pytest.fixture(autouse=True)
def empty_task_queue():
    """Each test starts with an empty queue. Database tasks go with each test's transaction;
    Redis keeps its jobs, so the test database of Redis (see `.ci/run`) is emptied."""
    if queue.uses_redis():
        django_rq.get_connection(queue.QUEUE_NAME).flushdb()
