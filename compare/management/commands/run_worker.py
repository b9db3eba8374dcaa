from __future__ import annotations

from django.core.management.base import BaseCommand

from compare import queue


class Command(BaseCommand):
    help = (
        "Run one background worker of the configured task backend: the database by default, "
        "Redis (RQ) when REDIS_URL is set. It runs one task at a time and gives back the tasks "
        "of workers that died; run as many as there are cores to spare, on any machine that "
        "shares the database (and Redis). Ctrl-C finishes the current task, then stops."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--burst", action="store_true", help="Run the queued tasks, then stop.")
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Database backend: seconds between two looks at an empty queue (default 1).",
        )

    def handle(self, *args, burst: bool = False, interval: float = 1.0, **options) -> None:
        self.stdout.write(f"Worker on {queue.backend_label()}; Ctrl-C to stop.")
        queue.run_worker(burst=burst, interval=interval, verbosity=options["verbosity"])
