"""Benchmark: a child's reply and a safeguarding alert during a flood of reminders.

    .venv/bin/python bench/bench_priority.py [--reminders 600] [--at 3]

The real Application with its rate limiter at Telegram's limits (30 messages a
second overall), on the in-process Bot API double. ``--reminders`` reminders are
handed to the bot at once, as a dispatcher that claims in batches hands them over;
``--at`` seconds in, a child writes words that raise an alert. Prints, for PTB's
plain AIORateLimiter (one line for every call) and for My Review's (reminders
behind people):

* the time from the child's message to their reply, and to the last adult's alert
  (target: within 1 s);
* the reminders sent per second over the flood (Telegram's limit: 30/s overall).

On SQLite and PostgreSQL (``--db``; PostgreSQL as ``bench/schemas.py`` says). It
prints figures and asserts nothing: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_answers import DATA_KEY, NOW, TOKEN, children_on_question_one  # noqa: E402
from schemas import database, drop_schema, kinds_of  # noqa: E402
from sqlmodel import SQLModel  # noqa: E402
from telegram import Update  # noqa: E402
from telegram.ext import AIORateLimiter  # noqa: E402

import handlers.app  # noqa: E402
from bot.platform.clock import FrozenClock  # noqa: E402
from bot.platform.runtime import open_runtime  # noqa: E402
from bot.platform.settings import load_settings  # noqa: E402
from handlers.rate_limiter import BACKGROUND, CountingRateLimiter  # noqa: E402
from telegram_double import BotAPIDouble  # noqa: E402

WORRYING = "my carer hits me when I get home"


class OneLine(AIORateLimiter):
    """PTB's limiter as it comes: every call in one line, whatever its marker."""

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):  # type: ignore[no-untyped-def]
        return await super().process_request(callback, args, kwargs, endpoint, data, None)


async def flood(kind: str, limiter: type, reminders: int, at: float) -> dict[str, float]:
    handlers.app.CountingRateLimiter = limiter  # type: ignore[attr-defined,misc]
    with tempfile.TemporaryDirectory() as folder:
        url = database(kind, Path(folder))
        rt = open_runtime(
            load_settings(DATABASE_URL=url, MYREVIEW_DATA_KEY=DATA_KEY), FrozenClock(NOW)
        )
        SQLModel.metadata.create_all(rt.db.engine)
        double = BotAPIDouble()
        app = handlers.app.build_application(rt, token=TOKEN, request=double, reminders=False)
        await app.initialize()
        (child,) = await children_on_question_one(rt, double, app, 1)
        staff_chats = [5001, 5002, 5003]  # the team the bench's children share
        await app.start()
        started = time.perf_counter()
        sends = [
            asyncio.create_task(
                app.bot.send_message(
                    staff_chats[n % 3] + 10_000 + n,  # one reminder per chat, as on a Monday
                    f"reminder {n}",
                    rate_limit_args=BACKGROUND,
                )
            )
            for n in range(reminders)
        ]
        await asyncio.sleep(at)
        before = len(double.messages)
        update = child.text_update(WORRYING)
        double.record_incoming(update)
        written = time.perf_counter()
        await app.update_queue.put(Update.de_json(update, app.bot))
        reply = alerts = None
        while reply is None or alerts is None:
            new = double.messages[before:]
            if reply is None and any(m.chat_id == child.chat_id for m in new):
                reply = time.perf_counter() - written
            told = {m.chat_id for m in new if m.chat_id in (5001, 5002)}
            if alerts is None and len(told) == 2:  # Jo (IRO) and Pat (social worker)
                alerts = time.perf_counter() - written
            await asyncio.sleep(0.005)
        await asyncio.gather(*sends)
        took = time.perf_counter() - started
        await app.stop()
        await app.shutdown()
        rt.db.dispose()
    if kind == "postgresql":
        drop_schema()
    return {"reply": reply, "alerts": alerts, "per_s": reminders / took}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=600)
    parser.add_argument("--at", type=float, default=3.0)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    print(f"{args.reminders} reminders handed over at once; the child writes {args.at:g} s in")
    print(f"{'limiter':34} {'reply, s':>9} {'alerts, s':>10} {'reminders/s':>12}")
    for kind in kinds_of(args.db):
        print(f"-- {kind}")
        for name, limiter in (
            ("one line (PTB's as it comes)", OneLine),
            ("people first (My Review)", CountingRateLimiter),
        ):
            got = await flood(kind, limiter, args.reminders, args.at)
            print(f"{name:34} {got['reply']:9.2f} {got['alerts']:10.2f} {got['per_s']:12.1f}")
    print("targets: reply and alerts within 1 s; Telegram allows 30 messages/s overall")


if __name__ == "__main__":
    asyncio.run(main())
