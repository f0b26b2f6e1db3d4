"""The dispatcher: quiet hours, downtime and catch-up, Telegram's errors, and
"exactly once" under a second pass, a crash mid-pass and two dispatchers at once.

The reminders job of `myreview run` is run at chosen moments (the `reminders`
fixture); Telegram is the in-process Bot API double, failing when told to.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select as sa_select
from sqlmodel import SQLModel, select

from bot.outbox import dispatcher
from bot.outbox.dispatcher import LEASE, run_pass
from bot.platform.runtime import open_runtime
from handlers.app import REMINDERS_EVERY, REMINDERS_JOB, TelegramSender
from messages import reminders as words
from models import Notification, Person
from tests.journeys.steps import join_child, member_update
from tests.support import CHRISTMAS_MEETING, london, said


def notifications(world, **where) -> list[Notification]:
    with world.rt.session() as session:
        query = select(Notification).order_by(Notification.id)
        for name, value in where.items():
            query = query.where(getattr(Notification, name) == value)
        return list(session.exec(query))


def sends_to(world, user, since: int = 0) -> int:
    """How many times the bot tried to send a message to this person (failed tries too),
    counting Bot API calls from number ``since`` on."""
    return sum(
        1
        for call in world.double.calls[since:]
        if call.method == "sendMessage" and str(call.params.get("chat_id")) == str(user.chat_id)
    )


async def test_the_job_runs_every_minute_inside_myreview_run(world):
    (job,) = world.app.job_queue.get_jobs_by_name(REMINDERS_JOB)
    assert REMINDERS_EVERY == 60
    assert job.job.trigger.interval == timedelta(seconds=60)


async def test_a_second_pass_sends_nothing_again(world, team, reminders):
    _, sw, _ = team
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)
    await reminders.run_until(london(2026, 12, 15, 8, 59))

    first = await reminders.run(london(2026, 12, 15, 9, 0))
    again = await reminders.run(london(2026, 12, 15, 9, 0))
    later = await reminders.run(london(2026, 12, 15, 9, 1))

    assert [m.chat_id for m in first] == [sw.chat_id]
    assert list(again) == []
    assert list(later) == []


# --- quiet hours ------------------------------------------------------------------


async def test_a_child_is_never_messaged_in_the_evening_it_waits_for_nine(
    world, team, reminders, clock
):
    child = await join_child(world, team)
    clock.set(london(2026, 11, 23, 20, 30))
    # Six working days ahead: My Review opens at once, which means 09:00 tomorrow.
    world.schedule(child.person_id, london(2026, 12, 1, 10, 0))

    timeline = await reminders.run_until(london(2026, 12, 2))

    assert timeline.when(child) == [
        "Tue 24 Nov 09:00",  # opens (the 5-day nudge, also due that day, gives way)
        "Fri 27 Nov 16:00",  # 2 working days before
        "Mon 30 Nov 16:00",  # tomorrow
    ]


async def test_staff_are_not_messaged_at_weekends_a_late_reminder_waits_for_monday(
    world, team, reminders, clock
):
    _, sw, _ = team
    child = await join_child(world, team)
    clock.set(london(2026, 11, 27, 18, 0))  # Friday evening
    # Report due Thu 3 Dec: the "5 working days before" moment (Thu 26 Nov) has passed.
    world.schedule(child.person_id, london(2026, 12, 8, 10, 0))

    timeline = await reminders.run_until(london(2026, 12, 3, 12))

    assert timeline.when(sw, "care plan") == [
        "Mon 30 Nov 09:00",
        "Wed 02 Dec 09:00",
        "Thu 03 Dec 09:00",
    ]
    assert "due by Thursday 3 December" in timeline.texts(sw, "care plan")[0]


async def test_nine_oclock_is_nine_oclock_in_london_in_summer_too(world, team, reminders, clock):
    _, sw, _ = team
    child = await join_child(world, team)
    clock.set(london(2027, 6, 1, 10))
    world.schedule(child.person_id, london(2027, 7, 13, 10, 0))

    timeline = await reminders.run_until(london(2027, 7, 2))

    (at, _), *_ = timeline.of(sw, "care plan")
    assert timeline.when(sw, "care plan") == ["Thu 01 Jul 09:00"]  # due Thu 8 July
    assert at.astimezone(UTC).hour == 8  # 09:00 BST


# --- downtime and catch-up ------------------------------------------------------------


async def test_after_three_days_down_only_the_current_reminder_goes_none_overtaken(
    world, team, reminders
):
    iro, sw, _ = team
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)
    await reminders.run_until(london(2026, 12, 19, 10))  # Saturday: then the bot is down

    back = await reminders.run(london(2026, 12, 22, 10, 0))  # Tuesday, the due day

    report = [m.plain for m in back.to(sw.chat_id) if "care plan" in m.plain]
    assert len(report) == 1
    assert report[0].startswith("📄 Report due today")
    assert "Your reviews" in back.to(sw.chat_id)[0].plain  # Monday's digest, caught up
    assert back.to(child.chat_id) == []
    (missed,) = notifications(world, kind="sw_report_1_day")
    assert missed.status == "superseded"
    assert missed.last_error == "overtaken by a later reminder"
    noon = await reminders.run(london(2026, 12, 22, 12, 0))
    assert [m.chat_id for m in noon] == [iro.chat_id]


async def test_catch_up_after_downtime_waits_for_the_next_allowed_hour(world, team, reminders):
    _iro, sw, _ = team
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)
    await reminders.run_until(london(2026, 12, 18, 8))  # Friday morning: then down

    evening = await reminders.run(london(2026, 12, 21, 20, 0))  # back on Monday evening
    morning = await reminders.run_until(london(2026, 12, 22, 9, 30))

    assert list(evening) == []
    # The child's Friday nudge is still current: it goes when a child may be messaged.
    assert morning.when(child) == ["Tue 22 Dec 09:00"]
    assert "There's still time" in morning.texts(child)[0]
    # Monday's "due next working day" is overtaken by Tuesday's "due today".
    assert morning.when(sw, "care plan") == ["Tue 22 Dec 09:00"]
    assert morning.texts(sw, "care plan")[0].startswith("📄 Report due today")


# --- Telegram's errors ---------------------------------------------------------------


async def test_a_child_who_blocked_the_bot_is_marked_unreachable_and_the_iro_is_told(
    world, team, reminders
):
    iro, _, _ = team
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)
    world.double.block(child.user_id)
    mark = len(world.double.calls)

    timeline = await reminders.run_until(london(2026, 12, 30))

    assert timeline.of(child) == []
    assert sends_to(world, child, mark) == 1  # tried once (403), never again
    assert timeline.when(iro, "can't reach") == ["Fri 11 Dec 16:00"]
    assert timeline.texts(iro, "can't reach") == [
        said(words.IRO_UNREACHABLE_CHILD, child="Sky Test", meeting="Tuesday 29 December, 10:00")
    ]
    with world.rt.session() as session:
        assert session.get(Person, child.person_id).unreachable
    (opened,) = notifications(world, kind="child_open")
    assert (opened.status, opened.last_error) == ("failed", "403: blocked the bot")
    assert {n.status for n in notifications(world, recipient_id=child.person_id)} == {
        "failed",
        "cancelled",
    }


async def test_a_social_worker_who_blocks_the_bot_is_reported_at_once_and_back_on_unblocking(
    world, team, reminders
):
    iro, sw, _ = team
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)
    await reminders.run()

    mark = len(world.double.calls)
    await sw.deliver(member_update(world, sw, "kicked"))
    told = await reminders.run_until(london(2026, 12, 16))

    assert told.when(iro, "can't reach") == ["Mon 23 Nov 10:00"]
    assert "I can't reach Pat Sample (social worker for Sky Test)" in told.texts(iro)[0]
    assert told.of(sw) == []
    assert sends_to(world, sw, mark) == 0  # nothing is even tried while they have blocked us

    await sw.deliver(member_update(world, sw, "member"))  # they pressed "Restart"
    back = await reminders.run_until(london(2026, 12, 22, 10))

    assert back.when(sw, "care plan") == [
        "Wed 16 Dec 09:00",  # the reminder they missed is still current: it goes now
        "Mon 21 Dec 09:00",
        "Tue 22 Dec 09:00",
    ]


# PTB's own RetryAfter warns that its retry_after will become a timedelta one day.
PTB_RETRY_AFTER_NOTICE = pytest.mark.filterwarnings(
    "ignore::telegram.warnings.PTBDeprecationWarning"
)


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    """The rate limiter's waits after a 429, recorded instead of slept."""
    real_sleep = asyncio.sleep
    recorded: list[float] = []

    async def sleep(delay: float, result=None):
        if delay > 0:
            recorded.append(delay)
        return await real_sleep(0, result)

    monkeypatch.setattr(asyncio, "sleep", sleep)
    return recorded


@PTB_RETRY_AFTER_NOTICE
async def test_a_429_is_waited_out_as_telegram_says_then_sent_once(world, team, reminders, waits):
    _, sw, _ = team
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)
    await reminders.run_until(london(2026, 12, 15, 8, 59))
    mark = len(world.double.calls)
    world.double.fail("sendMessage", 429, retry_after=7, chat_id=sw.chat_id)

    sent = await reminders.run(london(2026, 12, 15, 9, 0))

    assert waits == [pytest.approx(7.1)]  # PTB's rate limiter: retry_after + 0.1 s
    assert [m.chat_id for m in sent] == [sw.chat_id]
    assert sends_to(world, sw, mark) == 2
    (row,) = notifications(world, kind="sw_report_5_days")
    assert (row.status, row.attempts) == ("sent", 1)


@PTB_RETRY_AFTER_NOTICE
async def test_a_429_that_persists_holds_the_pass_and_the_reminder_goes_once_later(
    world, team, reminders, waits
):
    _, sw, _ = team
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)
    await reminders.run_until(london(2026, 12, 15, 8, 59))
    world.double.fail("sendMessage", 429, retry_after=30, times=4, chat_id=sw.chat_id)

    held = await reminders.run(london(2026, 12, 15, 9, 0))

    assert list(held) == []
    assert len(waits) == 3  # the rate limiter's own three retries
    (row,) = notifications(world, kind="sw_report_5_days")
    assert row.status == "pending"
    assert row.due_at == london(2026, 12, 15, 9, 0) + timedelta(seconds=30)
    assert reminders.reports[-1].stopped_for == 30
    later = await reminders.run(london(2026, 12, 15, 9, 1))
    assert [m.chat_id for m in later] == [sw.chat_id]
    assert notifications(world, kind="sw_report_5_days")[0].attempts == 1


async def test_a_claim_stops_at_its_limit_of_rows_and_the_pass_goes_on_to_the_rest(
    world, team, reminders, monkeypatch
):
    """Rows cancelled or deferred are decided in the claiming transaction too; it stops
    after EXAMINED of them (the write lock is held meanwhile), and the pass carries on."""
    children = await children_due_together(world, team, reminders)
    with world.rt.session() as session:
        for child in children[:2]:
            session.get(Person, child.person_id).active = False
    monkeypatch.setattr(dispatcher, "EXAMINED", 1)

    await reminders.run(london(2026, 12, 11, 16, 0))

    actions = [o.action for o in reminders.reports[-1].outcomes if o.kind == "child_open"]
    assert sorted(actions) == ["cancelled", "cancelled", "sent"]
    assert opened(world, children[2]) == 1


async def test_a_fault_recording_one_row_leaves_only_that_row_in_doubt(
    world, team, reminders, monkeypatch
):
    """A batch is recorded in one transaction; if that fails, each row is recorded
    alone, so the other messages that went are still known to have gone."""
    children = await children_due_together(world, team, reminders)
    rows = sorted(notifications(world, kind="child_open"), key=lambda n: (n.due_at, n.id))
    faulty = rows[1].id
    real = dispatcher._record_one

    def record_one(rt, session, now, claim, result, report):
        if claim.row_id == faulty:
            raise RuntimeError("a fault of ours")
        return real(rt, session, now, claim, result, report)

    monkeypatch.setattr(dispatcher, "_record_one", record_one)
    await reminders.run(london(2026, 12, 11, 16, 0))

    status = {n.id: n.status for n in notifications(world, kind="child_open")}
    assert [status[r.id] for r in rows] == ["sent", "sending", "sent"]
    assert [opened(world, c) for c in children] == [1, 1, 1]  # each sent once


@PTB_RETRY_AFTER_NOTICE
async def test_a_429_in_the_middle_of_a_batch_puts_back_what_was_not_tried(
    world, team, reminders, waits
):
    """Rows are claimed twenty at a time; when Telegram says wait, the ones after the
    refused message go back as they were (no try counted, not in the report), and the
    next pass sends each of them once."""
    children = await children_due_together(world, team, reminders)
    rows = sorted(notifications(world, kind="child_open"), key=lambda n: (n.due_at, n.id))
    refused = next(c for c in children if c.person_id == rows[0].recipient_id)
    world.double.fail("sendMessage", 429, retry_after=30, times=4, chat_id=refused.chat_id)

    await reminders.run(london(2026, 12, 11, 16, 0))

    report = reminders.reports[-1]
    assert report.stopped_for == 30
    assert [(o.notification_id, o.action) for o in report.outcomes] == [(rows[0].id, "retry")]
    untried = [n for n in notifications(world, kind="child_open") if n.id != rows[0].id]
    assert [(n.status, n.attempts, n.claimed_at) for n in untried] == [("pending", 0, None)] * 2
    await reminders.run(london(2026, 12, 11, 16, 1))
    assert [opened(world, c) for c in children] == [1, 1, 1]


async def test_a_network_error_is_retried_with_backoff_and_then_the_iro_is_told(
    world, team, reminders
):
    iro, sw, _ = team
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)
    await reminders.run_until(london(2026, 12, 15, 8, 59))
    world.double.fail("sendMessage", network="error", times=None, chat_id=sw.chat_id)

    timeline = await reminders.run_until(london(2026, 12, 15, 12))

    tries = [call for call in world.double.calls_to("sendMessage") if call.status == 0]
    assert len(tries) == 5  # 09:00, 09:01, 09:06, 09:21, 10:21
    assert timeline.when(iro, "couldn't send") == ["Tue 15 Dec 10:21"]
    assert timeline.texts(iro, "couldn't send") == [
        said(
            words.IRO_UNDELIVERED,
            person="Pat Sample",
            role="social worker",
            child="Sky Test",
            meeting="Tuesday 29 December, 10:00",
        )
    ]
    (row,) = notifications(world, kind="sw_report_5_days")
    assert (row.status, row.attempts) == ("failed", 5)
    assert row.last_error.startswith("Temporary: NetworkError")


async def test_a_502_is_tried_again_a_minute_later_and_sent_once(world, team, reminders):
    _, sw, _ = team
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)
    await reminders.run_until(london(2026, 12, 15, 8, 59))
    world.double.fail("sendMessage", 502, chat_id=sw.chat_id)

    timeline = await reminders.run_until(london(2026, 12, 15, 10))

    assert timeline.when(sw, "care plan") == ["Tue 15 Dec 09:01"]


# --- exactly once ----------------------------------------------------------------------


class Crash(BaseException):
    """The process dies (a deploy, the OOM killer): nothing after this line runs."""


class CrashingSender:
    """Telegram takes the message, then the process dies before it can write that down."""

    def __init__(self, inner, after: int) -> None:
        self.inner, self.after, self.sent = inner, after, 0

    async def send(self, chat_id, text, buttons, *, urgent=False):
        message_id = await self.inner.send(chat_id, text, buttons, urgent=urgent)
        self.sent += 1
        if self.sent == self.after:
            raise Crash
        return message_id


async def children_due_together(world, team, reminders, count: int = 3):
    children = [await join_child(world, team, name=f"Child{i} Test") for i in range(count)]
    for child in children:
        world.schedule(child.person_id, CHRISTMAS_MEETING)
    await reminders.run(london(2026, 12, 11, 15, 59))  # all sent so far; the rows are planned
    world.rt.clock.set(london(2026, 12, 11, 16, 0))  # My Review opens for all of them
    return children


def opened(world, child) -> int:
    """How many "My Review is ready" messages the child has had."""
    return sum("My Review is ready" in m.plain for m in world.double.messages_to(child.chat_id))


async def test_a_crash_in_the_middle_of_a_pass_sends_nothing_twice_and_loses_nothing_unsent(
    world, team, reminders
):
    children = await children_due_together(world, team, reminders)

    with pytest.raises(Crash):
        await run_pass(world.rt, CrashingSender(TelegramSender(world.app.bot), after=2))
    await world.restart_app()
    await reminders.run(london(2026, 12, 11, 16, 1))

    assert [opened(world, c) for c in children] == [1, 1, 1]
    in_flight = [n for n in notifications(world, kind="child_open") if n.status != "sent"]
    assert [n.status for n in in_flight] == ["sending"]  # Telegram got it; we never knew
    await reminders.run(london(2026, 12, 11, 16, 0) + LEASE + timedelta(minutes=1))
    (given_up,) = [n for n in notifications(world, kind="child_open") if n.status != "sent"]
    assert given_up.status == "failed"
    assert "not sent again" in given_up.last_error


async def test_two_dispatchers_on_postgresql_send_each_reminder_once(
    world, team, reminders, monkeypatch
):
    if world.rt.db.engine.dialect.name != "postgresql":
        pytest.skip(
            "FOR UPDATE SKIP LOCKED is PostgreSQL's; SQLite has one writer at a time and "
            "claims with a compare-and-set UPDATE (see the next test)"
        )
    children = await children_due_together(world, team, reminders, count=12)
    # Twelve rows would be one batch: claimed in threes, both dispatchers get some.
    monkeypatch.setattr(dispatcher, "BATCH", 3)
    other = open_runtime(world.rt.settings, world.rt.clock)  # a second process: its own pool

    class Yielding(TelegramSender):
        async def send(self, chat_id, text, buttons, *, urgent=False):
            await asyncio.sleep(0)
            return await super().send(chat_id, text, buttons, urgent=urgent)

    try:
        first, second = await asyncio.gather(
            run_pass(world.rt, Yielding(world.app.bot), worker="one"),
            run_pass(other, Yielding(world.app.bot), worker="two"),
        )
    finally:
        other.db.dispose()

    sent = [o.notification_id for r in (first, second) for o in r.outcomes if o.action == "sent"]
    assert len(sent) == len(set(sent)) == 12
    # Both really worked at once: each sent some of the twelve.
    assert all(any(o.action == "sent" for o in r.outcomes) for r in (first, second))
    assert [opened(world, c) for c in children] == [1] * 12
    assert {n.claimed_by for n in notifications(world, kind="child_open")} <= {"one", "two"}


async def test_a_row_locked_by_another_dispatcher_is_skipped_not_waited_for(world, team, reminders):
    if world.rt.db.engine.dialect.name != "postgresql":
        pytest.skip("row locks (FOR UPDATE SKIP LOCKED) are PostgreSQL's")
    children = await children_due_together(world, team, reminders)
    locked = notifications(world, kind="child_open")[0]

    with world.rt.db.engine.connect() as connection, connection.begin():
        table = SQLModel.metadata.tables["notification"]
        connection.execute(sa_select(table.c.id).where(table.c.id == locked.id).with_for_update())
        report = await asyncio.wait_for(run_pass(world.rt, TelegramSender(world.app.bot)), 30)

    assert sorted(o.notification_id for o in report.outcomes) == sorted(
        n.id for n in notifications(world, kind="child_open") if n.id != locked.id
    )
    await reminders.run()
    assert [opened(world, c) for c in children] == [1, 1, 1]


async def test_two_dispatchers_never_claim_the_same_row_on_either_database(world, team, reminders):
    children = await children_due_together(world, team, reminders)
    other = open_runtime(world.rt.settings, world.rt.clock)
    try:
        reports = await asyncio.gather(
            *(
                run_pass(rt, TelegramSender(world.app.bot), worker=name)
                for rt, name in ((world.rt, "one"), (other, "two"), (world.rt, "three"))
            )
        )
    finally:
        other.db.dispose()

    sent = [o.notification_id for r in reports for o in r.outcomes if o.action == "sent"]
    assert len(sent) == len(set(sent)) == 3
    assert [opened(world, c) for c in children] == [1, 1, 1]


async def test_a_child_gets_at_most_one_message_a_day_even_from_two_reviews(world, team, reminders):
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)
    world.schedule(child.person_id, datetime(2026, 12, 29, 15, 0, tzinfo=UTC))

    timeline = await reminders.run_until(london(2026, 12, 30))

    days = [when[:10] for when in timeline.when(child)]
    assert len(days) == len(set(days))
    assert timeline.when(child)[:2] == ["Fri 11 Dec 16:00", "Sat 12 Dec 09:00"]


async def test_a_dry_run_decides_each_digest_as_the_pass_then_does(world, team, reminders):
    # The dry run only asks whether a digest has anything in it; the pass writes it.
    _, sw, _ = team
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)
    await reminders.run_until(london(2026, 12, 19, 10))
    moment = london(2026, 12, 21, 10, 0)  # Monday: every worker's digest is due
    world.rt.clock.set(moment)
    dry = await run_pass(world.rt, None, dry_run=True)
    foreseen = {(o.recipient_id, o.action) for o in dry.outcomes if o.kind == "staff_digest"}
    await reminders.run(moment)
    # (The pass says what it did, "sent"; the dry run what it would do, "send".)
    done = {
        (o.recipient_id, "send" if o.action == "sent" else o.action)
        for o in reminders.reports[-1].outcomes
        if o.kind == "staff_digest"
    }
    assert foreseen == done
    assert (sw.person_id, "send") in done  # Pat has Sky's review to list
