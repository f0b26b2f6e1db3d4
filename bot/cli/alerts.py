"""Safeguarding alerts at the command line:

* ``myreview alerts list [--open] [--json]``: every alert (or those nobody is on
  yet), newest first: who was told and when, who is on it, what escalated;
* ``myreview alerts show ID [--json]``: one alert, with the child's words.

Both reads are audited (``myreview audit --child ID`` shows them).
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING

from bot.cli.common import Subparsers, add_command, add_group, emit, open_cli_runtime

if TYPE_CHECKING:
    from bot.platform.settings import Settings
    from bot.safeguarding.overview import AlertRecord


def _when(moment: datetime, settings: Settings) -> str:
    return moment.astimezone(settings.zone).strftime("%Y-%m-%d %H:%M")


def _lines(record: AlertRecord, settings: Settings) -> list[str]:
    state = "open" if record.open else f"on it: {record.acknowledged_by}"
    if record.open and record.reached_nobody:
        state = "OPEN AND REACHED NOBODY"
    lines = [
        f"alert {record.alert_id}  {_when(record.raised_at, settings)}  child {record.child_id} "
        f"({record.child})  {', '.join(record.concerns)}  [{state}]",
        f"  from: {record.source}" + (f"  review {record.review_id}" if record.review_id else ""),
    ]
    for d in record.deliveries:
        sent = f" at {_when(d.sent_at, settings)}" if d.sent_at else ""
        error = f" ({d.last_error})" if d.last_error and d.status != "sent" else ""
        role = d.role.replace("_", " ")
        lines.append(f"  {d.kind}: {d.name} ({role} {d.person_id}): {d.status}{sent}{error}")
    if not record.deliveries:
        lines.append("  told: nobody")
    if record.acknowledged_at:
        lines.append(
            f"  on it: {record.acknowledged_by} at {_when(record.acknowledged_at, settings)}"
        )
    if record.escalated_at:
        lines.append(f"  escalated to managers at {_when(record.escalated_at, settings)}")
    return lines


def cmd_alerts_list(args: argparse.Namespace, settings: Settings) -> None:
    from bot.safeguarding.overview import list_alerts

    rt = open_cli_runtime(args, settings)
    with rt.session() as session:
        found = list_alerts(session, rt.clock.now(), open_only=args.open)
    human = "\n".join(line for record in found for line in _lines(record, settings))
    emit(args, {"alerts": [r.as_json() for r in found]}, human or "no alerts")


def cmd_alerts_show(args: argparse.Namespace, settings: Settings) -> None:
    from bot.safeguarding.overview import show_alert

    rt = open_cli_runtime(args, settings)
    with rt.session() as session:
        record = show_alert(session, rt.clock.now(), args.id)
    lines = _lines(record, settings)
    if record.words:
        lines += ["  their words:", *(f"  > {line}" for line in record.words.splitlines())]
    emit(args, record.as_json(), "\n".join(lines))


def add_commands(subparsers: Subparsers) -> None:
    """``alerts list``, ``alerts show``."""
    group = add_group(subparsers, "alerts", "safeguarding alerts: who was told, who is on it")
    listed = add_command(group, "list", cmd_alerts_list, "every alert, newest first")
    listed.add_argument("--open", action="store_true", help="only alerts nobody is on yet")
    shown = add_command(group, "show", cmd_alerts_show, "one alert, with the child's words")
    shown.add_argument("id", type=int)
