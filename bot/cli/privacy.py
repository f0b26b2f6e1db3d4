"""Privacy and security at the command line (registered by ``bot.cli``):

* ``myreview people deactivate ID``: the person's access ends at once;
* ``myreview people left-care ID --on DATE``: the day retention counts from;
* ``myreview retention run [--dry-run] [--json]``: delete and anonymise what is due
  (``MYREVIEW_RETENTION_DAYS`` after a child left care; 365 by default);
* ``myreview audit --child ID [--json]``: who read or exported what, and when;
* ``myreview keys rotate [--new-key]``: re-encrypt every sealed value with the
  first key (see ``bot/keys.py`` for the steps without downtime).

Each runs in one transaction: an error prints one line and writes nothing.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.cli.common import CliError, emit, open_cli_runtime, parse_date
from bot.platform.encryption import key_file_for, load_cipher, new_key
from bot.platform.settings import Settings
from bot.privacy import my_data as privacy
from bot.privacy.key_rotation import rotate
from models import set_cipher

Command = Callable[..., argparse.ArgumentParser]


def cmd_people_deactivate(args: argparse.Namespace, settings: Settings) -> None:
    rt = open_cli_runtime(args, settings)
    with rt.session() as session:
        done = privacy.deactivate(session, rt.clock.now(), args.id, settings.zone)
    role = done.role.replace("_", " ")
    already = " (was already inactive)" if done.already else ""
    human = (
        f"person {done.person_id} ({role}) deactivated{already}: "
        f"{done.notifications_cancelled} reminders cancelled, "
        f"{done.invites_revoked} invites revoked, {done.helpers_stopped} helpers stopped"
    )
    emit(args, done.as_json(), human)


def cmd_people_left_care(args: argparse.Namespace, settings: Settings) -> None:
    rt = open_cli_runtime(args, settings)
    with rt.session() as session:
        row = privacy.record_left_care(session, rt.clock.now(), args.id, args.on)
    days = settings.retention_days
    payload = {"child": row.child_id, "left_care": row.left_on.isoformat(), "retention_days": days}
    human = (
        f"child {row.child_id} left care on {row.left_on.isoformat()}; `myreview retention run` "
        f"removes their words {days} days after that (MYREVIEW_RETENTION_DAYS)"
    )
    emit(args, payload, human)


def cmd_retention_run(args: argparse.Namespace, settings: Settings) -> None:
    rt = open_cli_runtime(args, settings)
    with rt.session() as session:
        report = privacy.run_retention(
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
    rt = open_cli_runtime(args, settings)
    with rt.session() as session:
        rows = privacy.audit_trail(session, rt.clock.now(), args.child)
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


def _prepend_key(path: Path) -> None:
    """Put a fresh key first in the embedded key file (comma-separated, like
    MYREVIEW_DATA_KEY; mode 0600; replaced atomically, so it is never half written)."""
    old = [part.strip() for part in path.read_text().split(",")] if path.exists() else []
    fresh = path.with_name(path.name + ".new")
    descriptor = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(",".join([new_key(), *(key for key in old if key)]) + "\n")
    os.replace(fresh, path)


def cmd_keys_rotate(args: argparse.Namespace, settings: Settings) -> None:
    rt = open_cli_runtime(args, settings)
    if args.new_key:
        database = settings.sqlite_path
        if settings.data_key is not None or database is None:
            raise CliError(
                "--new-key works with the embedded key file only. With MYREVIEW_DATA_KEY: "
                "make a key with `myreview keys new`, put it first (NEW,OLD), restart, then "
                "run `myreview keys rotate`"
            )
        _prepend_key(key_file_for(database))
    cipher = load_cipher(settings)
    set_cipher(cipher)
    report = rotate(rt.db, cipher)
    payload = {"values": report.values, "columns": list(report.columns), "new_key": args.new_key}
    human = f"re-encrypted {report.values} values in {', '.join(report.columns)} with the first key"
    if args.new_key:
        human += (
            "\nthe new key is first in the key file; restart the bot so it writes with it, "
            "then run `myreview keys rotate` once more"
        )
    emit(args, payload, human)


def add_safety_commands(sub: Any, people: Any, keys: Any, command: Command) -> None:
    """``people deactivate|left-care``, ``retention run``, ``audit`` and ``keys rotate``."""
    deactivate = command(
        people, "deactivate", cmd_people_deactivate, "remove a person's access at once"
    )
    deactivate.add_argument("id", type=int)
    left = command(people, "left-care", cmd_people_left_care, "record that a child left care")
    left.add_argument("id", type=int)
    left.add_argument("--on", type=parse_date, required=True, help="the day they left, YYYY-MM-DD")

    retention = sub.add_parser("retention", help="delete what is no longer needed")
    actions = retention.add_subparsers(dest="action", required=True)
    run = command(
        actions, "run", cmd_retention_run, "remove children's words a set time after leaving care"
    )
    run.add_argument("--dry-run", action="store_true", help="show what would go; change nothing")

    trail = command(sub, "audit", cmd_audit, "who read or exported a child's data, and when")
    trail.add_argument("--child", type=int, required=True, help="the child's person id")

    rotation = command(keys, "rotate", cmd_keys_rotate, "re-encrypt every answer with the new key")
    rotation.add_argument(
        "--new-key", action="store_true", help="embedded key file: add a fresh key first"
    )
