"""``myreview reminders``: the review calendar's reminders.

* ``reminders run [--now ISO] [--dry-run] [--json]``: one dispatcher pass;
  ``--dry-run`` is the operator's window: what would go to whom, and why, at
  that moment, changing nothing;
* ``reminders plan [--all] [--json]``: (re)plan every review's rows.

``reviews next`` and ``reviews held`` are review commands: ``bot/cli/reviews.py``.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from bot.outbox.dispatcher import PassReport
    from bot.platform.settings import Settings
from bot.cli.common import (
    CliError,
    Subparsers,
    add_command,
    add_group,
    emit,
    open_cli_runtime,
    parse_moment,
)


def cmd_reminders_run(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview reminders run``: sends through Telegram unless ``--dry-run``."""
    from bot.outbox.dispatcher import run_pass

    rt = open_cli_runtime(args, settings)
    if args.dry_run:
        report = asyncio.run(run_pass(rt, None, dry_run=True))
    else:
        if settings.telegram_bot_token is None:
            raise CliError("TELEGRAM_BOT_TOKEN is not set (use --dry-run to look without sending)")
        # Imported here, and looked up on the module when called: the bot is only
        # loaded to send, and tests replace ``handlers.app.one_reminders_pass``.
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
    """``myreview reminders plan [--all]``."""
    from bot.calendar import planner

    rt = open_cli_runtime(args, settings)
    with rt.session() as session:
        done = planner.sweep(session, rt.clock.now(), settings.zone, everything=args.all)
    payload = done.as_dict()
    emit(args, payload, " ".join(f"{k}={v}" for k, v in payload.items()))


def add_commands(subparsers: Subparsers) -> None:
    """``reminders run|plan``."""
    actions = add_group(subparsers, "reminders", "the review calendar's reminders")
    run = add_command(actions, "run", cmd_reminders_run, "one pass: send what is due now")
    run.add_argument(
        "--now",
        type=parse_moment,
        # Left out of the namespace when not given, so the top-level --now stands.
        default=argparse.SUPPRESS,
        help="run as of this moment, e.g. 2026-12-22T09:00+00:00",
    )
    run.add_argument(
        "--dry-run", action="store_true", help="show what would go to whom, and why; send nothing"
    )
    plan = add_command(actions, "plan", cmd_reminders_plan, "plan every review's reminders now")
    plan.add_argument("--all", action="store_true", help="every review, however far away")
