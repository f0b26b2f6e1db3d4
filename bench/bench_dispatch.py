"""Benchmark: the dispatcher handing over a Monday's reminders, and the memory it takes.

    .venv/bin/python bench/bench_dispatch.py [--reviews 100000] [--at 2027-01-19T10:00]

Builds 100,000 children with a review each (``bench_reminders.build``), plans their
reminders, then, in a fresh process so the figures are the bot's own:

* resident memory (RSS) with the database open and the Application built, idle;
* a dry run (``reminders run --dry-run``) the Tuesday after the first Monday, when
  that Monday's 6,428 digests are due (the issue's figure; target: under 5 s), and
  again at ``--at``, when every planned row is due: rows, seconds;
* a real pass at the same moment through a sender that takes each message at once
  (Telegram's 30 messages/s is the limit this is measured against): messages handed
  over per second (target: at least 300/s), SQL statements per message sent, and
  the peak RSS during the pass (target: under 150 MiB, idle and during a pass).

On SQLite and PostgreSQL (``--db``; PostgreSQL as ``bench/schemas.py`` says). It
prints figures and asserts nothing: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TELEGRAM_RATE = 30
# Tuesday of the first week: only that Monday's digests are due (one a worker: 6,428).
DIGESTS_ONLY = datetime.fromisoformat("2027-01-12T10:00+00:00")


def rss_mib(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


class InstantSender:
    """Takes every message at once, as a Telegram with no limits would."""

    def __init__(self) -> None:
        self.sent = 0

    async def send(self, chat_id: int, text: str, buttons: list, *, urgent: bool = False) -> int:
        self.sent += 1
        return self.sent


def measure(url: str, at: datetime, phase: str) -> None:
    """One phase in a process of its own, so each peak is its own."""
    from bench_reminders import runtime
    from sqlalchemy import event

    from bot.outbox.dispatcher import run_pass
    from handlers.app import build_application

    rt = runtime(url)
    if phase == "dry":
        application = build_application(rt, token="123456:BENCH", reminders=False)
        print(f"  {'RSS, 100k children, idle (target < 150 MiB)':52} {rss_mib():8.0f} MiB")
        del application
        # The week's first Monday digests alone (the 6,428), then the pass's moment.
        for moment in (DIGESTS_ONLY, at):
            rt.clock.set(moment)
            started = time.perf_counter()
            dry = asyncio.run(run_pass(rt, None, dry_run=True))
            took = time.perf_counter() - started
            print(f"  {f'dry run at {moment:%a %d %b %H:%M}: rows due':52} {len(dry.outcomes):8,}")
            print(f"  {'dry run: seconds (target: 6,428 in < 5 s)':52} {took:8.2f} s")
        print(f"  {'RSS peak during the dry runs':52} {rss_mib('VmHWM'):8.0f} MiB")
        return
    rt.clock.set(at)

    statements = [0]

    def count(*_: object) -> None:
        statements[0] += 1

    event.listen(rt.db.engine, "before_cursor_execute", count)
    sender = InstantSender()
    started = time.perf_counter()
    report = asyncio.run(run_pass(rt, sender))
    took = time.perf_counter() - started
    actions = collections.Counter(o.action for o in report.outcomes)
    print(f"  {'real pass: outcomes':52} {dict(actions)}")
    rate = sender.sent / took if took else 0.0
    label = "hand-over, messages/s (target >= 300)"
    print(f"  {label:52} {rate:8.0f}   (Telegram allows {TELEGRAM_RATE}/s)")
    per_send = statements[0] / max(sender.sent, 1)
    print(f"  {'SQL statements per message sent':52} {per_send:8.1f}")
    print(f"  {'RSS peak during the pass (target < 150 MiB)':52} {rss_mib('VmHWM'):8.0f} MiB")
    rt.db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--at", default="2027-01-19T10:00+00:00", help="the pass's moment")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--phase", choices=("dry", "pass"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    at = datetime.fromisoformat(args.at)
    if args.measure is not None:
        measure(args.measure, at, args.phase)
        return
    from bench_reminders import DATA_KEY, build, plan, runtime
    from schemas import database, drop_schema, kinds_of

    for kind in kinds_of(args.db):
        with tempfile.TemporaryDirectory(prefix="bench-dispatch-") as folder:
            print(f"My Review dispatcher: {args.reviews:,} reviews, {kind}, pass at {at}")
            url = database(kind, Path(folder))
            build(url, args.reviews)
            rt = runtime(url)
            plan(rt)
            rt.db.dispose()
            env = {**os.environ, "BENCH_DATA_KEY": DATA_KEY}  # the key it was built with
            for phase in ("dry", "pass"):
                command = [sys.executable, __file__, "--measure", url, "--at", args.at]
                subprocess.run([*command, "--phase", phase], check=True, env=env)
        if kind == "postgresql":
            drop_schema()


if __name__ == "__main__":
    main()
