"""The calendar and reminders at the command line (registered by ``bot.cli``):

* ``myreview reminders run [--now ISO] [--dry-run] [--json]``: one dispatcher
  pass; ``--dry-run`` is the operator's window: what would go to whom, and why,
  at that moment, changing nothing;
* ``myreview reminders plan [--all] [--json]``: (re)plan every review's rows;
* ``myreview reviews next --child ID``: the latest date still in timescale;
* ``myreview reviews held ID [--at YYYY-MM-DDTHH:MM]``: the meeting took place.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from bot.calendar import deadlines as timing
from bot.calendar import planner
from bot.calendar.reviews import get_review, parse_local
from bot.cli.common import CliError, emit, open_cli_runtime, parse_moment
from bot.outbox.dispatcher import PassReport, run_pass
from bot.people.records import get_person
from bot.platform.settings import Settings
from bot.workspace.reminder_buttons import record_held

Command = Callable[..., argparse.ArgumentParser]


def cmd_reminders_run(args: argparse.Namespace, settings: Settings) -> None:
    rt = open_cli_runtime(args, settings)
    if args.dry_run:
        report = asyncio.run(run_pass(rt, None, dry_run=True))
    else:
        if settings.telegram_bot_token is None:
            raise CliError("TELEGRAM_BOT_TOKEN is not set (use --dry-run to look without sending)")
        from handlers import app

        report = asyncio.run(app.one_reminders_pass(rt))
    emit(args, report.as_json(), report_text(report, settings.zone))


def report_text(report: PassReport, zone: ZoneInfo) -> str:
    """One line per notification: when, what happens, what, to whom, and why."""
    when = report.now.astimezone(zone).strftime("%a %d %b %Y %H:%M %Z")
    head = f"{'dry run' if report.dry_run else 'pass'} at {when}"
    if report.planned:
        planned = report.planned
        head += (
            f" (planned {planned['reviews']} reviews: {planned['inserted']} new rows, "
            f"{planned['digests']} digests)"
        )
    if not report.outcomes:
        return f"{head}: nothing due"
    counts = ", ".join(f"{count} {action}" for action, count in sorted(report.counts().items()))
    lines = [f"{head}: {counts}"]
    for o in report.outcomes:
        about = o.child_id is not None and o.child_id != o.recipient_id
        child = f" · child {o.child_id} {o.child_name}" if about else ""
        detail = f" [{o.detail}]" if o.detail else ""
        lines.append(
            f"{o.due_at.astimezone(zone):%Y-%m-%d %H:%M}  {o.action:<10} {o.what}"
            f" → {o.recipient_role} {o.recipient_id} {o.recipient_name}{child}"
            f"\n{'':18}why: {o.why}{detail}"
        )
    return "\n".join(lines)


def cmd_reminders_plan(args: argparse.Namespace, settings: Settings) -> None:
    rt = open_cli_runtime(args, settings)
    with rt.session() as session:
        done = planner.sweep(session, rt.clock.now(), settings.zone, everything=args.all)
    payload = done.as_dict()
    emit(args, payload, " ".join(f"{k}={v}" for k, v in payload.items()))


def cmd_reviews_next(args: argparse.Namespace, settings: Settings) -> None:
    rt = open_cli_runtime(args, settings)
    with rt.session() as session:
        child = get_person(session, args.child, "child")
        try:
            found = timing.next_review(session, child, settings.zone)
        except ValueError as exc:
            raise CliError(str(exc)) from exc
    payload = {
        "child": args.child,
        "review_number": found.review_number,
        "latest": found.latest.isoformat(),
        "proposed": found.proposed.isoformat(),
        "rule": found.rule,
    }
    human = (
        f"review {found.review_number} for child {args.child}: hold it by "
        f"{found.proposed:%a %d %b %Y} (in timescale until {found.latest:%a %d %b %Y}: "
        f"{found.rule})"
    )
    emit(args, payload, human)


def cmd_reviews_held(args: argparse.Namespace, settings: Settings) -> None:
    rt = open_cli_runtime(args, settings)
    now = rt.clock.now()
    held_at = parse_local(args.at, settings.zone) if args.at else None
    with rt.session() as session:
        review = get_review(session, args.id)
        if review.status != timing.SCHEDULED:
            raise CliError(f"review {args.id} is {review.status}")
        if (held_at or review.scheduled_at) > now:
            raise CliError(f"review {args.id} has not happened yet")
        record_held(session, now, review, settings.zone, held_at)
        day = timing.held_day(review, settings.zone)
    decisions, record = timing.decisions_due_date(day), timing.record_due_date(day)
    payload = {
        "id": review.id,
        "status": review.status,
        "held_on": day.isoformat(),
        "decisions_due": decisions.isoformat(),
        "record_due": record.isoformat(),
    }
    human = (
        f"review {review.id} held on {day:%a %d %b %Y}; decisions due {decisions:%a %d %b %Y}, "
        f"full record due {record:%a %d %b %Y}"
    )
    emit(args, payload, human)


def add_reminder_commands(sub: Any, reviews: Any, command: Command) -> None:
    """``reminders run|plan`` and ``reviews next|held``."""
    reminders = sub.add_parser("reminders", help="the review calendar's reminders")
    actions = reminders.add_subparsers(dest="action", required=True)
    run = command(actions, "run", cmd_reminders_run, "one pass: send what is due now")
    run.add_argument(
        "--now",
        type=parse_moment,
        default=argparse.SUPPRESS,
        help="run as of this moment, e.g. 2026-12-22T09:00+00:00",
    )
    run.add_argument(
        "--dry-run", action="store_true", help="show what would go to whom, and why; send nothing"
    )
    plan = command(actions, "plan", cmd_reminders_plan, "plan every review's reminders now")
    plan.add_argument("--all", action="store_true", help="every review, however far away")

    nxt = command(reviews, "next", cmd_reviews_next, "the latest date still in timescale")
    nxt.add_argument("--child", type=int, required=True)
    held = command(reviews, "held", cmd_reviews_held, "record that a meeting took place")
    held.add_argument("id", type=int)
    held.add_argument("--at", help="when it was held, if not as scheduled (YYYY-MM-DDTHH:MM)")
