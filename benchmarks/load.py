"""The comparison page under load: requests/s, p50 and p99 at 20 concurrent clients, on the
production server (and the other servers considered), on loopback.

Run from the repo root:  .venv/bin/python -m benchmarks.load [--seconds 10] [--connections 20]

Stores the seed pair and a generated 200 x 200 pair in a throwaway SQLite database (never
db.sqlite3; the seed aligned with the fake encoder of `benchmarks.render`: the page's cost does
not depend on how it was aligned), then, for each server, starts it on a free port of 127.0.0.1
with DJANGO_DEBUG off, warms it up and drives one comparison page with Debian's `wrk` (one
thread, `--connections` open connections, `--seconds` long; `make bench` installs it), as an
anonymous reader. Servers: gunicorn with 2 and 4 sync workers and with 2 workers x 4 threads
(`make serve` runs gunicorn), granian (WSGI, 2 workers) when installed, and Django's
development server for reference. Prints figures; no assertion. The load stays on loopback and
each run stops by itself.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.render import fake_encoder, generated_comparison, seed_comparison, setup_django

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def servers(port: int) -> dict[str, list[str]]:
    address = f"127.0.0.1:{port}"
    gunicorn = [str(BIN / "gunicorn"), "config.wsgi", "--bind", address, "--no-control-socket"]
    found = {
        "gunicorn, 2 workers": [*gunicorn, "--workers", "2"],
        "gunicorn, 4 workers": [*gunicorn, "--workers", "4"],
        "gunicorn, 2 x 4 threads": [*gunicorn, "--workers", "2", "--threads", "4"],
    }
    if (BIN / "granian").exists():
        found["granian, 2 workers"] = [
            str(BIN / "granian"), "--interface", "wsgi", "config.wsgi:application",
            "--host", "127.0.0.1", "--port", str(port), "--workers", "2",
        ]  # fmt: skip
    found["runserver (development)"] = [sys.executable, "manage.py", "runserver", address]
    return found


def wait_until_up(url: str, process: subprocess.Popen) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise RuntimeError("the server stopped")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not answer within a minute")


def drive(url: str, seconds: int, connections: int) -> dict[str, str]:
    output = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.MULTILINE))
    errors = re.search(r"Socket errors: (.*)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": re.search(r"Requests/sec:\s+(\S+)", output)[1],
        "p50": latency.get("50", "?"),
        "p99": latency.get("99", "?"),
        "errors": ", ".join(
            filter(None, [errors and errors[1], non_2xx and f"{non_2xx[1]} non-2xx"])
        )
        or "none",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=20)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        print("load benchmark skipped: wrk is missing (`make wrk` installs Debian's package)")
        return

    with tempfile.TemporaryDirectory(prefix="load-bench-") as folder:
        setup_django(Path(folder))
        fake_encoder()
        pages = {"seed pair": seed_comparison(), "200 x 200": generated_comparison(200)}
        env = {
            **os.environ,
            "DATABASE_URL": os.environ["DATABASE_URL"],
            "DJANGO_DEBUG": "0",
            "DJANGO_LOG_LEVEL": "ERROR",
        }
        print(
            f"\nwrk, 1 thread, {options.connections} connections, {options.seconds} s, "
            f"anonymous reader, {os.cpu_count()} cores shared with wrk"
        )
        print(f"{'server':<26} {'page':<10} {'req/s':>8} {'p50':>9} {'p99':>9}  errors")
        for name in servers(0):
            # A fresh port per server, in its command and in the address wrk drives.
            port = free_port()
            command = servers(port)[name]
            process = subprocess.Popen(
                command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            try:
                for label, comparison in pages.items():
                    url = f"http://127.0.0.1:{port}{comparison.get_absolute_url()}"
                    try:
                        wait_until_up(url, process)
                    except RuntimeError as error:
                        print(f"{name:<26} {label:<10} not measured: {error}")
                        break
                    drive(url, 2, options.connections)  # warm-up: every worker renders once
                    figures = drive(url, options.seconds, options.connections)
                    print(
                        f"{name:<26} {label:<10} {figures['rps']:>8} {figures['p50']:>9} "
                        f"{figures['p99']:>9}  {figures['errors']}"
                    )
            finally:
                process.terminate()
                process.wait()


if __name__ == "__main__":
    main()
