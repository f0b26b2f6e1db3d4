"""Benchmark: the reminders planner and dispatcher at national scale, on SQLite.

    .venv/bin/python bench/bench_reminders.py [--reviews 100000] [--full] [--keep]

Builds a fresh SQLite database with 100,000 children, each with one review
spread over the next half year (about half a year of a national deployment),
their IROs and social workers, then prints:

* planning every review's notifications (``planner.sweep``, everything) on an
  empty table: time, rows written, peak memory (target: under 10 s);
* planning them again (idempotent: nothing changes), and the daily sweep;
* one dispatcher pass that finds nothing due (target: under 100 ms), median of
  repeated passes, against the table the planning left;
* with ``--full``, for comparison: every notification of every review written
  as a row at once (no rolling horizon), which is why the planner keeps one.

It prints figures and asserts nothing: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography.fernet import Fernet  # noqa: E402
from sqlalchemy import func, insert  # noqa: E402
from sqlmodel import SQLModel, select  # noqa: E402

from bot.calendar import planner  # noqa: E402
from bot.calendar.workdays import LONDON  # noqa: E402
from bot.outbox.dispatcher import run_pass  # noqa: E402
from bot.platform.clock import FrozenClock  # noqa: E402
from bot.platform.db import refresh_statistics  # noqa: E402
from bot.platform.runtime import open_runtime  # noqa: E402
from bot.platform.settings import load_settings  # noqa: E402
from models import Consultation, Notification, Person, Review  # noqa: E402

# Monday 11 January 2027, 08:00 in London: before the Monday digest, so a pass finds
# nothing due. Reviews start three weeks on, so no reminder is due yet either.
NOW = datetime(2027, 1, 11, 8, 0, tzinfo=UTC)
MEETING_TIMES = ((10, 0), (11, 0), (14, 0), (15, 30))
# One key for the run: the database is built with it and every runtime opens it again
# (names are sealed, and the key is checked against them).
DATA_KEY = os.environ.get("BENCH_DATA_KEY") or Fernet.generate_key().decode()


class NullSender:
    async def send(self, chat_id: int, text: str, buttons: list, *, urgent: bool = False) -> int:
        raise AssertionError("nothing should be due")


def build(url: str, reviews: int, seed: int = 7) -> None:
    """People, reviews and consultations, written in bulk (not timed)."""
    settings = load_settings(DATABASE_URL=url, MYREVIEW_DATA_KEY=DATA_KEY)
    rt = open_runtime(settings, FrozenClock(NOW))
    SQLModel.metadata.create_all(rt.db.engine)
    rng = random.Random(seed)
    iros = max(1, reviews // 70)
    social_workers = max(1, reviews // 20)
    created = NOW - timedelta(days=1)
    people: list[dict[str, Any]] = []
    for i in range(iros):
        people.append(_person(i + 1, "iro", f"Iro{i} Example", created, telegram=10_000_000 + i))
    for i in range(social_workers):
        people.append(
            _person(iros + i + 1, "social_worker", f"Sw{i} Sample", created, 20_000_000 + i)
        )
    first_child = iros + social_workers + 1
    review_rows, consultation_rows = [], []
    for i in range(reviews):
        child_id = first_child + i
        iro_id = 1 + i % iros
        person = _person(child_id, "child", f"Child{i} Test", created, 30_000_000 + i)
        person.update(
            iro_id=iro_id,
            social_worker_id=iros + 1 + rng.randrange(social_workers),
            dob=date(2010 + rng.randrange(8), 1 + rng.randrange(12), 1 + rng.randrange(28)),
        )
        people.append(person)
        hour, minute = rng.choice(MEETING_TIMES)
        day = (NOW + timedelta(days=21 + rng.randrange(26 * 7))).astimezone(LONDON).date()
        at = datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)
        review_rows.append(
            {
                "id": i + 1,
                "child_id": child_id,
                "iro_id": iro_id,
                "scheduled_at": at,
                "format": "face-to-face",
                "status": "scheduled",
                "created_at": created,
                "updated_at": created,
            }
        )
        consultation_rows.append(
            {
                "review_id": i + 1,
                "child_id": child_id,
                "status": "not_started",
                "band": "13+",
                "draft_choices": [],
                "awaiting_addition": False,
                "updated_at": created,
            }
        )
    with rt.session() as session:
        for table, rows in (
            (Person, people),
            (Review, review_rows),
            (Consultation, consultation_rows),
        ):
            for start in range(0, len(rows), 20_000):
                session.exec(insert(table), params=rows[start : start + 20_000])  # type: ignore[call-overload]
        # As `myreview db upgrade` and each day's sweep leave a real database.
        refresh_statistics(session)
    rt.db.dispose()


def _person(person_id: int, role: str, name: str, created: datetime, telegram: int) -> dict:
    return {
        "id": person_id,
        "role": role,
        "name": name,
        "locale": "en",
        "telegram_user_id": telegram,
        "active": True,
        "unreachable": False,
        "created_at": created,
        "iro_id": None,
        "social_worker_id": None,
        "dob": None,
    }


def runtime(where: Path | str):
    """The runtime on a database: a SQLite file's path, or any database's URL."""
    url = where if isinstance(where, str) else f"sqlite:///{where}"
    settings = load_settings(DATABASE_URL=url, MYREVIEW_DATA_KEY=DATA_KEY)
    return open_runtime(settings, FrozenClock(NOW))


def timed(label: str, work: Callable[[], Any], *, memory: bool = False) -> Any:
    gc.collect()
    if memory:
        tracemalloc.start()
    started = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    peak = ""
    if memory:
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peak = f", peak {top / 2**20:.0f} MiB allocated"
    print(f"  {label:<52} {elapsed:8.2f} s{peak}")
    return result


def count_rows(rt: Any) -> int:
    with rt.session() as session:
        return session.exec(select(func.count()).select_from(Notification)).one()


def plan(rt, **options: Any) -> planner.Reconciled:
    """Every review's reminders planned, and the statistics refreshed after, as the
    dispatcher's daily sweep does."""
    with rt.session() as session:
        planned = planner.sweep(session, NOW, LONDON, everything=True, **options)
        refresh_statistics(session)
        return planned


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the database folder")
    parser.add_argument("--passes", type=int, default=30, help="dispatcher passes to time")
    parser.add_argument(
        "--full", action="store_true", help="also time writing every row with no horizon (slow)"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-reminders-"))
    fresh = folder / "fresh.db"
    print(f"My Review reminders benchmark: {args.reviews:,} reviews, SQLite, in {folder}")
    started = time.perf_counter()
    build(f"sqlite:///{fresh}", args.reviews)
    print(f"  (built the database in {time.perf_counter() - started:.1f} s)")

    print("planning (planner.sweep over every review)")
    rt = runtime(fresh)
    done = timed("plan all, empty table, 8-day horizon (target < 10 s)", lambda: plan(rt))
    rows = count_rows(rt)
    print(f"  {'':52} {done.reviews:,} reviews derived, {rows:,} rows written")
    again = timed("plan all again (idempotent)", lambda: plan(rt))
    changed = again.inserted + again.updated + again.cancelled + again.superseded
    print(f"  {'':52} {changed} rows changed")

    def daily() -> planner.Reconciled:
        with rt.session() as session:
            return planner.sweep(session, NOW, LONDON)

    swept = timed("the daily sweep (reviews near their dates only)", daily)
    print(f"  {'':52} {swept.reviews:,} reviews read")

    copy = folder / "memory.db"
    shutil.copy(fresh.with_name("fresh.db"), copy)
    rt_copy = runtime(copy)
    with rt_copy.session() as session:
        session.exec(Notification.__table__.delete())  # type: ignore[attr-defined, call-overload]
    timed("plan all again on a copy, measuring memory", lambda: plan(rt_copy), memory=True)
    rt_copy.db.dispose()

    print("dispatching (one pass of the every-minute job)")
    report = asyncio.run(run_pass(rt, NullSender()))
    assert not report.outcomes, "something was due: the benchmark's dates are wrong"
    times = []
    for _ in range(args.passes):
        began = time.perf_counter()
        asyncio.run(run_pass(rt, NullSender()))
        times.append(time.perf_counter() - began)
    print(
        f"  {'a pass that finds nothing due (target < 100 ms)':<52} "
        f"{statistics.median(times) * 1000:8.1f} ms median, {max(times) * 1000:.1f} ms worst "
        f"of {args.passes}, over {rows:,} rows"
    )
    tracemalloc.start()
    asyncio.run(run_pass(rt, NullSender()))
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  {'':52} peak {top / 2**10:.0f} KiB allocated in one pass")

    if args.full:
        compare_full(folder, copy)
    rt.db.dispose()

    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak resident memory: {maxrss:.0f} MiB")
    if args.keep:
        print(f"kept {folder}")
    else:
        shutil.rmtree(folder)


def compare_full(folder: Path, copy: Path) -> None:
    print("for comparison: every review's notifications as rows at once (no 8-day horizon)")
    full = folder / "full.db"
    shutil.copy(copy, full)
    rt_full = runtime(full)
    with rt_full.session() as session:
        session.exec(Notification.__table__.delete())  # type: ignore[attr-defined, call-overload]
    timed("plan all with a 30-week horizon", lambda: plan(rt_full, horizon=timedelta(weeks=30)))
    with rt_full.session() as session:
        digests = session.exec(
            select(func.count())
            .select_from(Notification)
            .where(Notification.kind == "staff_digest")
        ).one()
    total = count_rows(rt_full)
    print(f"  {'':52} {total - digests:,} review rows and {digests:,} Monday digests written")
    rt_full.db.dispose()


if __name__ == "__main__":
    main()
