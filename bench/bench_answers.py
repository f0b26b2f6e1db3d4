"""Benchmark: what one child's answer costs, beside a bare python-telegram-bot echo bot.

    .venv/bin/python bench/bench_answers.py [--children 100] [--runs 3]
        [--db sqlite|postgresql|both]

Both bots run on the same in-process Bot API double, with PTB's rate limiter off,
on this machine, in one run. For each database:

* **cost per answer**: 100 children (``--children``) each take one step per round
  through a whole My Review (a tap or typed words, as ``answer_everything`` in the
  journeys does), each update parsed (``Update.de_json``) and run through
  ``Application.process_update``; the echo bot gets the same number of text
  updates and echoes each. Prints updates/s for both and their ratio, p50 and p99
  per update, and SQL statements per answer (counted on the engine: every
  statement the database is sent, BEGIN and savepoints too);
* **a burst**: every child answers at the same moment (all their updates put on the
  running Application's update queue at once): the time until the last reply reaches
  the double, and the same for the echo bot.

Median of ``--runs`` runs. PostgreSQL is ``BENCH_DATABASE_URL`` (default: the local
server's ``test`` database), in a schema of its own that is dropped afterwards.
It prints figures and asserts nothing: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import logging
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from answer_floor import (  # noqa: E402
    UnitOfWork,
    calls_by_chat,
    floor_url,
    measure,
    primed,
    refused,
    replay_application,
    unit_of_work_for,
    work_of,
)
from cryptography.fernet import Fernet  # noqa: E402
from schemas import database, drop_schema, kinds_of  # noqa: E402
from sqlalchemy import event  # noqa: E402
from sqlmodel import SQLModel  # noqa: E402
from telegram import Update  # noqa: E402
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters  # noqa: E402

from bot.calendar.reviews import add_review  # noqa: E402
from bot.people.invites import issue_invite  # noqa: E402
from bot.people.records import add_person  # noqa: E402
from bot.platform.clock import FrozenClock  # noqa: E402
from bot.platform.runtime import Runtime, open_runtime  # noqa: E402
from bot.platform.settings import load_settings  # noqa: E402
from bot.safeguarding.detector import compile_in_background  # noqa: E402
from handlers.app import build_application  # noqa: E402
from telegram_double import BotAPIDouble, FakeUser  # noqa: E402

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
MEETING = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)
DOB = date(2012, 3, 14)
DATA_KEY = Fernet.generate_key().decode()
TOKEN = "123456:BENCH"
NOT_SAFE = "🆘 I don't feel safe"
SEND_PREFIX = "📨"


# --- the two bots ------------------------------------------------------------------------


def echo_application(double: BotAPIDouble) -> Application:  # type: ignore[type-arg]
    """python-telegram-bot's echo bot, as its examples write it."""

    async def echo(update, context) -> None:  # type: ignore[no-untyped-def]
        await update.message.reply_text(update.message.text)

    async def button(update, context) -> None:  # type: ignore[no-untyped-def]
        await update.callback_query.answer()

    app = Application.builder().token(TOKEN).request(double).get_updates_request(double).build()
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(button))
    return app


class Statements:
    """Every statement the engine sends, counted."""

    def __init__(self, rt: Runtime | UnitOfWork) -> None:
        self.count = 0
        engine = rt.engine if isinstance(rt, UnitOfWork) else rt.db.engine
        event.listen(engine, "before_cursor_execute", self._one)

    def _one(self, *args: object) -> None:
        self.count += 1


# --- the children ------------------------------------------------------------------------


async def children_on_question_one(
    rt: Runtime, double: BotAPIDouble, app: Application, count: int
) -> list[FakeUser]:  # type: ignore[type-arg]
    """A team and ``count`` children who have chosen their words and started My Review."""
    ids = iter(range(5001, 5001 + count + 10))

    async def join(role: str, name: str, **fields: object) -> FakeUser:
        with rt.session() as session:
            person = add_person(session, rt.clock.now(), role=role, name=name, **fields)
            token = issue_invite(session, person, rt.clock.now(), 14).token
            person_id = person.id
        user = FakeUser(double, app, next(ids), name.split()[0], language_code="en")
        user.person_id = person_id  # type: ignore[attr-defined]
        await user.send(f"/start {token}")
        return user

    iro = await join("iro", "Jo Example")
    sw = await join("social_worker", "Pat Sample")
    carer = await join("carer", "Lee Sample")
    children = []
    for n in range(count):
        child = await join(
            "child",
            f"Child{n} Test",
            dob=DOB,
            iro_id=iro.person_id,  # type: ignore[attr-defined]
            social_worker_id=sw.person_id,  # type: ignore[attr-defined]
            carer_id=carer.person_id,  # type: ignore[attr-defined]
        )
        await child.tap("English")
        with rt.session() as session:
            add_review(session, rt.clock.now(), child_id=child.person_id, at=MEETING)  # type: ignore[attr-defined]
        for _ in range(6):  # the Language that Cares words: the first suggestion each time
            message = child.last_with_buttons()
            assert message is not None
            if message.button("▶️ Start now") is not None:
                break
            await child.tap(message.buttons[0][0].text)
        await child.tap("▶️ Start now")
        children.append(child)
    return children


def next_step(child: FakeUser) -> dict | None:  # type: ignore[type-arg]
    """The update this child sends next (as ``answer_everything`` answers), or None at the end."""
    message = child.last_with_buttons()
    assert message is not None
    labels = [b for b in message.button_labels if b != NOT_SAFE]
    if any(label.startswith(SEND_PREFIX) for label in labels):
        return None
    if "🙂 Happy" in labels:
        label = "🙂 Happy"
    elif "✅ Done" in labels:
        # a several-choice question: one choice was made already, or make it now
        chosen = getattr(child, "chose", None) == message.message_id
        label = "✅ Done" if chosen else labels[0]
        child.chose = None if chosen else message.message_id  # type: ignore[attr-defined]
    elif len(labels) > 3:
        label = labels[0]
    else:
        return child.text_update("It's calm here, I like my room")
    button = message.button(label)
    assert button is not None and button.callback_data is not None
    return child.callback_update(button.callback_data, message.raw)


def is_answer(update: dict) -> bool:  # type: ignore[type-arg]
    data = update.get("callback_query", {}).get("data", "")
    return "message" in update or not str(data).endswith(":done")


# --- the measures ------------------------------------------------------------------------


async def my_review(
    kind: str, folder: Path, count: int
) -> tuple[Runtime, BotAPIDouble, Application, list[FakeUser]]:  # type: ignore[type-arg]
    """My Review's real Application on a fresh database, rate limiter off, with
    ``count`` children on their first question."""
    settings = load_settings(DATABASE_URL=database(kind, folder), MYREVIEW_DATA_KEY=DATA_KEY)
    rt = open_runtime(settings, FrozenClock(NOW))
    SQLModel.metadata.create_all(rt.db.engine)
    double = BotAPIDouble()
    app = build_application(rt, token=TOKEN, request=double, rate_limiter=False, reminders=False)
    await app.initialize()
    # A running bot compiles the safety patterns in the background as it starts
    # (post_init); here they would land on the first typed answer, inside the figures.
    compile_in_background().join()
    return rt, double, app, await children_on_question_one(rt, double, app, count)


async def cost_per_answer(kind: str, count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        rt, double, app, children = await my_review(kind, Path(folder), count)
        statements = Statements(rt)
        times: list[float] = []
        answers = 0
        # The double as it was before the measure, and what My Review asked of Telegram
        # for each update, for the floor bots to replay.
        snapshot = copy.deepcopy(double)
        updates: list[dict] = []  # type: ignore[type-arg]
        calls_for: dict[int, list] = {}  # type: ignore[type-arg]
        pending = list(children)
        while pending:
            still = []
            for child in pending:
                update = next_step(child)
                if update is None:
                    continue
                answers += is_answer(update)
                double.record_incoming(update)
                mark = len(double.calls)
                started = time.perf_counter()
                await app.process_update(Update.de_json(update, app.bot))
                times.append(time.perf_counter() - started)
                calls_for[update["update_id"]] = [(c.method, c.params) for c in double.calls[mark:]]
                updates.append(update)
                still.append(child)
            pending = still
        sql_count = statements.count
        url = rt.settings.database_url
        await app.shutdown()
        rt.db.dispose()

        # The floor: My Review's Bot API calls replayed, alone and after a bare unit of work.
        floor = primed(snapshot)
        floor_times = await measure(replay_application(floor, calls_for), floor, updates)
        uow = unit_of_work_for(floor_url(kind, url, Path(folder)), updates)
        floor_statements = Statements(uow)
        floor = primed(snapshot)
        floor_db_times = await measure(
            replay_application(floor, calls_for, work_of(uow)), floor, updates
        )
        uow.close()

        # The echo bot: as many text updates, on a double of its own.
        echo_double = BotAPIDouble()
        echo = echo_application(echo_double)
        await echo.initialize()
        user = FakeUser(echo_double, echo, 9001, "Echo", language_code="en")
        echo_times = []
        for _ in range(len(times)):
            update = user.text_update("It's calm here, I like my room")
            started = time.perf_counter()
            await echo.process_update(Update.de_json(update, echo.bot))
            echo_times.append(time.perf_counter() - started)
        await echo.shutdown()
    if kind == "postgresql":
        drop_schema()
    return {
        "updates": len(times),
        "answers": answers,
        "mine_per_s": len(times) / sum(times),
        "echo_per_s": len(echo_times) / sum(echo_times),
        "p50": statistics.median(times) * 1000,
        "p99": statistics.quantiles(times, n=100)[98] * 1000,
        "echo_p50": statistics.median(echo_times) * 1000,
        "echo_p99": statistics.quantiles(echo_times, n=100)[98] * 1000,
        "sql_per_answer": sql_count / max(answers, 1),
        "api_calls_per_update": sum(map(len, calls_for.values())) / len(times),
        "floor_per_s": len(floor_times) / sum(floor_times),
        "floor_p50": statistics.median(floor_times) * 1000,
        "floor_p99": statistics.quantiles(floor_times, n=100)[98] * 1000,
        "floor_db_per_s": len(floor_db_times) / sum(floor_db_times),
        "floor_db_p50": statistics.median(floor_db_times) * 1000,
        "floor_db_p99": statistics.quantiles(floor_db_times, n=100)[98] * 1000,
        "floor_sql_per_update": floor_statements.count / len(floor_db_times),
    }


async def _until_replied(
    app: Application, double: BotAPIDouble, updates: list, replies: int
) -> float:  # type: ignore[type-arg]
    """Put every update on the running Application's queue at once; seconds until the
    double has seen ``replies`` more bot messages."""
    before = len(double.messages)
    started = time.perf_counter()
    for update in updates:
        await app.update_queue.put(Update.de_json(update, app.bot))
    while len(double.messages) - before < replies:
        await asyncio.sleep(0.001)
        if time.perf_counter() - started > 60:
            raise RuntimeError("the burst was never answered")
    return time.perf_counter() - started


async def burst(kind: str, count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        rt, double, app, children = await my_review(kind, Path(folder), count)
        await app.start()
        # Every child types an answer to their first question (words: a text reply each).
        updates = [child.text_update("I like it here") for child in children]
        snapshot, mark = copy.deepcopy(double), len(double.calls)
        mine = await _until_replied(app, double, updates, len(updates))
        await app.stop()
        calls_for = calls_by_chat(double.calls[mark:], updates)
        url = rt.settings.database_url
        await app.shutdown()
        rt.db.dispose()

        # The floor bots, handed the same burst.
        floors = {}
        uow = unit_of_work_for(floor_url(kind, url, Path(folder)), updates)
        for name, work in (("floor_s", None), ("floor_db_s", work_of(uow))):
            floor = primed(snapshot)
            replay = replay_application(floor, calls_for, work)
            await replay.initialize()
            await replay.start()
            floors[name] = await _until_replied(replay, floor, updates, len(updates))
            await replay.stop()
            await replay.shutdown()
            refused(floor)
        uow.close()

        echo_double = BotAPIDouble()
        echo = echo_application(echo_double)
        await echo.initialize()
        await echo.start()
        users = [FakeUser(echo_double, echo, 9001 + n, "Echo") for n in range(count)]
        echo_s = await _until_replied(
            echo, echo_double, [u.text_update("hi") for u in users], count
        )
        await echo.stop()
        await echo.shutdown()
    if kind == "postgresql":
        drop_schema()
    return {"mine_s": mine, "echo_s": echo_s, **floors}


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    logging.disable(logging.INFO)  # the per-update log line would be most of the output
    kinds = kinds_of(args.db)
    print(f"{args.children} children, median of {args.runs} runs, rate limiter off")
    row("measure", "My Review", "echo bot", "ratio")
    for kind in kinds:
        cost = median_of([await cost_per_answer(kind, args.children) for _ in range(args.runs)])
        print(f"-- {kind}: {int(cost['updates'])} updates, {int(cost['answers'])} answers")
        ratio = cost["mine_per_s"] / cost["echo_per_s"]
        row(
            "updates/s (target ratio >= 0.15 SQLite, 0.10 PG)",
            cost["mine_per_s"],
            cost["echo_per_s"],
            f"{ratio:.3f}",
        )
        row("p50 per update, ms", cost["p50"], cost["echo_p50"])
        row("p99 per update, ms (target < 10 on SQLite)", cost["p99"], cost["echo_p99"])
        row("SQL statements per answer (target <= 4)", cost["sql_per_answer"], 0.0)
        row("Bot API calls per update", cost["api_calls_per_update"], 1.0)
        print("   the floor: My Review's Bot API calls replayed (answer_floor.py)")
        for name, key in (
            ("same calls, no database", "floor"),
            (f"+ 4-statement unit of work ({cost['floor_sql_per_update']:.1f} SQL)", "floor_db"),
        ):
            per_s = cost[f"{key}_per_s"]
            row(f"   {name}: updates/s", per_s, cost["echo_per_s"], ratio_of(per_s, cost))
            row(
                "      p50 / p99 ms",
                f"{cost[f'{key}_p50']:.2f} / {cost[f'{key}_p99']:.2f}",
                f"{cost['echo_p50']:.2f} / {cost['echo_p99']:.2f}",
            )
        hit = median_of([await burst(kind, args.children) for _ in range(args.runs)])
        row(
            f"{args.children} at once: last reply, ms (PG target <= 300)",
            hit["mine_s"] * 1000,
            hit["echo_s"] * 1000,
        )
        row("   the floor, same calls, no database", hit["floor_s"] * 1000, hit["echo_s"] * 1000)
        row("   the floor, + 4-statement unit of work", hit["floor_db_s"] * 1000,
            hit["echo_s"] * 1000)  # fmt: skip


def ratio_of(per_s: float, cost: dict[str, float]) -> str:
    return f"{per_s / cost['echo_per_s']:.3f}"


def row(measure: str, mine: float | str, echo: float | str, ratio: str = "") -> None:
    def shown(value: float | str) -> str:
        return (
            value if isinstance(value, str) else f"{value:.2f}" if value < 100 else f"{value:.0f}"
        )

    print(f"{measure:50} {shown(mine):>10} {shown(echo):>10} {ratio:>7}")


if __name__ == "__main__":
    asyncio.run(main())
