"""Concurrent imports and re-alignments on SQLite wait for each other; none fails, none doubles.

Before WAL, the busy time-out and IMMEDIATE transactions, four simultaneous imports
gave "database is locked" in half the requests, and one of two simultaneous
re-alignments failed the same way (issue 11).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]


def test_concurrent_imports_and_alignments_all_land_exactly_once(tmp_path):
    """The threads run in a process of their own, on a database file (see concurrent_writes)."""
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    finished = subprocess.run(
        [sys.executable, "-m", "tests.concurrent_writes"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finished.returncode == 0, finished.stderr
    report = json.loads(finished.stdout.strip().splitlines()[-1])

    assert report["errors"] == []
    # Every text stored once, with all its sentences; the text sent twice, once.
    assert report["duplicates"] == 1
    assert report["articles"] == {
        title: [count] for title, count in report["expected_sentences"].items()
    }
    for comparison in report["comparisons"].values():
        assert comparison["status"] == "aligned"
        # Both alignments of a comparison succeeded, and the stored result is one of them,
        # not a mix: as many links and additions as one alignment makes.
        assert len(comparison["link_counts_returned"]) == 2
        assert {comparison["links_stored"]} == set(comparison["link_counts_returned"])
        assert comparison["additions_stored"] == comparison["expected_additions"]
    # Each sentence was encoded and stored once, however many threads asked for it.
    assert report["embeddings"]["stored"] == report["embeddings"]["distinct"]
