"""Privacy at the command line:

* ``myreview retention run [--dry-run] [--json]``: delete and anonymise what is due
  (``MYREVIEW_RETENTION_DAYS`` after a child left care; 365 by default);
* ``myreview audit --child ID [--json]``: who read or exported what, and when.

``people deactivate`` and ``people left-care`` are in ``bot/cli/people.py`` (the
whole ``people`` group is there), and ``keys rotate`` is in ``bot/cli/keys.py``.
The work is done by ``bot.privacy.retention`` and ``bot.privacy.audit_trail``.
Each command runs in one transaction: an error prints one line and writes nothing.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bot.cli.common import Subparsers, add_command, add_group, emit, open_cli_runtime

if TYPE_CHECKING:
    from bot.platform.settings import Settings


def cmd_retention_run(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview retention run [--dry-run]``."""
    from bot.privacy import retention

    rt = open_cli_runtime(args, settings)
    with rt.session() as session:
        report = retention.run_retention(
            session, rt.clock.now(), settings.retention_days, settings.zone, dry_run=args.dry_run
        )
    verb = "would remove" if report.dry_run else "removed"
    lines = []
    for child in report.children:
        counts = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(child.removed.items()))
        lines.append(
            f"child {child.child_id} (left care {child.left_on.isoformat()}): {verb} {counts}; "
            "anonymised"
        )
    if not lines:
        lines.append(f"nothing is due (retention: {report.days} days after leaving care)")
    emit(args, report.as_json(), "\n".join(lines))


def cmd_audit(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview audit --child ID``: the child's audit trail, oldest first."""
    from bot.privacy import audit_trail

    rt = open_cli_runtime(args, settings)
    with rt.session() as session:
        rows = audit_trail.audit_trail(session, rt.clock.now(), args.child)
    zone = settings.zone
    lines = []
    for row in rows:
        who = row.actor
        if row.role:
            who += f" ({row.role.replace('_', ' ')} {row.actor_id})"
        review = f"  review {row.review_id}" if row.review_id else ""
        detail = f"  {row.detail}" if row.detail else ""
        at = row.at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        lines.append(f"{at}  {who}  {row.action}{review}{detail}")
    payload = {"child": args.child, "events": [row.as_json() for row in rows]}
    emit(args, payload, "\n".join(lines) or f"nothing recorded about child {args.child}")


def add_commands(subparsers: Subparsers) -> None:
    """``retention run`` and ``audit``."""
    actions = add_group(subparsers, "retention", "delete what is no longer needed")
    run = add_command(
        actions, "run", cmd_retention_run, "remove children's words a set time after leaving care"
    )
    run.add_argument("--dry-run", action="store_true", help="show what would go; change nothing")

    trail = add_command(
        subparsers, "audit", cmd_audit, "who read or exported a child's data, and when"
    )
    trail.add_argument("--child", type=int, required=True, help="the child's person id")
