"""``myreview``: the command line for operators and scripts.

Every command that changes data runs in one transaction: an error prints one
line to stderr, exits non-zero and writes nothing. ``--json`` prints exactly
one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from bot.calendar.deadlines import timescale_warnings
from bot.calendar.reviews import add_review, all_reviews, cancel_review, move_review, parse_local
from bot.cli import export, importing, stats
from bot.cli.common import (
    CliError,
    emit,
    invite_link,
    open_cli_runtime,
    parse_date,
    parse_moment,
)
from bot.consultation.view import terminal_text
from bot.people.records import add_person, get_person, issue_invite
from bot.platform import db as database
from bot.platform.encryption import new_key
from bot.platform.errors import UserError
from bot.platform.settings import Settings, SettingsError, load_settings

log = logging.getLogger("myreview")


# --- commands ---------------------------------------------------------------------


def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> None:
    rt = open_cli_runtime(args, settings, need_schema=False)
    database.upgrade(rt.db)
    revision = database.current_revision(rt.db)
    emit(args, {"revision": revision}, f"database is at revision {revision}")


def cmd_people_add(args: argparse.Namespace, settings: Settings) -> None:
    rt = open_cli_runtime(args, settings)
    now = rt.clock.now()
    with rt.session() as session:
        person = add_person(
            session,
            now,
            role=args.role,
            name=args.name,
            dob=args.dob,
            iro_id=args.iro,
            social_worker_id=args.social_worker,
            carer_id=args.carer,
            locale=args.locale,
            entered_care=args.entered_care,
        )
        invite = issue_invite(session, person, now, settings.invite_days)
    link = invite_link(rt, invite.token)
    payload = {
        "id": person.id,
        "role": person.role,
        "invite_token": invite.token,
        "invite_link": link,
        "invite_expires_at": invite.expires_at.isoformat(),
    }
    emit(args, payload, _invite_lines(person.id, invite.token, link, invite.expires_at))


def _invite_lines(person_id: int | None, token: str, link: str | None, expires: datetime) -> str:
    how = link or f"send /start {token} to the bot"
    return f"person {person_id}\ninvite: {how}\nexpires: {expires:%Y-%m-%d %H:%M} UTC"


def cmd_people_invite(args: argparse.Namespace, settings: Settings) -> None:
    rt = open_cli_runtime(args, settings)
    now = rt.clock.now()
    with rt.session() as session:
        person = get_person(session, args.id)
        invite = issue_invite(session, person, now, settings.invite_days)
    link = invite_link(rt, invite.token)
    payload = {
        "id": person.id,
        "invite_token": invite.token,
        "invite_link": link,
        "invite_expires_at": invite.expires_at.isoformat(),
    }
    emit(args, payload, _invite_lines(person.id, invite.token, link, invite.expires_at))


def cmd_reviews_add(args: argparse.Namespace, settings: Settings) -> None:
    rt = open_cli_runtime(args, settings)
    at = parse_local(args.at, settings.zone)
    with rt.session() as session:
        review = add_review(
            session,
            rt.clock.now(),
            child_id=args.child,
            at=at,
            meeting_format=args.format,
            venue=args.venue,
            zone=settings.zone,
        )
        warnings = timescale_warnings(
            session, review, get_person(session, args.child), settings.zone
        )
    for warning in warnings:
        print(f"myreview: warning: {warning}", file=sys.stderr)
    payload = {
        "id": review.id,
        "child": review.child_id,
        "at": review.scheduled_at.isoformat(),
        "warnings": warnings,
    }
    emit(args, payload, f"review {review.id} for child {review.child_id} at {args.at}")


def cmd_reviews_list(args: argparse.Namespace, settings: Settings) -> None:
    rt = open_cli_runtime(args, settings)
    with rt.session() as session:
        found = all_reviews(session, include_past=args.all, now=rt.clock.now())
        rows = [
            {
                "id": row.review.id,
                "child": row.child.id,
                "child_name": row.child.name,
                "iro": row.review.iro_id,
                "at": row.review.scheduled_at.astimezone(settings.zone).isoformat(),
                "format": row.review.format,
                "status": row.review.status,
                "my_review": row.consultation.status if row.consultation else None,
            }
            for row in found
        ]
    lines = [
        f"{r['id']:>5}  {r['at'][:16]}  {r['status']:<10} {r['my_review'] or '-':<14} "
        f"child {r['child']} {r['child_name']}"
        for r in rows
    ]
    emit(args, {"reviews": rows}, "\n".join(lines) or "no reviews")


def cmd_reviews_move(args: argparse.Namespace, settings: Settings) -> None:
    rt = open_cli_runtime(args, settings)
    at = parse_local(args.at, settings.zone)
    with rt.session() as session:
        review = move_review(session, rt.clock.now(), args.id, at, settings.zone)
    emit(
        args, {"id": review.id, "at": review.scheduled_at.isoformat()}, f"review {review.id} moved"
    )


def cmd_reviews_cancel(args: argparse.Namespace, settings: Settings) -> None:
    rt = open_cli_runtime(args, settings)
    with rt.session() as session:
        review = cancel_review(session, rt.clock.now(), args.id, settings.zone)
    emit(args, {"id": review.id, "status": review.status}, f"review {review.id} cancelled")


def cmd_consultations_show(args: argparse.Namespace, settings: Settings) -> None:
    rt = open_cli_runtime(args, settings)
    with rt.session() as session:
        shown = terminal_text(session, rt.clock.now(), args.review, settings.zone)
    emit(args, {"review": args.review, "text": shown}, shown)


def cmd_keys_new(args: argparse.Namespace, settings: Settings) -> None:
    key = new_key()
    emit(args, {"key": key}, key)


def cmd_run(args: argparse.Namespace, settings: Settings) -> None:
    from handlers.app import build_application

    if settings.telegram_bot_token is None:
        raise CliError("TELEGRAM_BOT_TOKEN is not set: get one from @BotFather")
    rt = open_cli_runtime(args, settings)
    application = build_application(rt)
    log.info("starting long polling")
    application.run_polling(allowed_updates=None, drop_pending_updates=False)


def cmd_demo(args: argparse.Namespace, settings: Settings) -> None:
    from bot.cli.demo import run_demo

    run_demo()


# --- the parser ---------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="myreview", description="My Review: a child's voice at their own review meeting."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def command(
        parent: Any, name: str, handler: Callable[..., None], help_text: str, json_flag: bool = True
    ) -> argparse.ArgumentParser:
        cmd = parent.add_parser(name, help=help_text, description=help_text)
        cmd.set_defaults(handler=handler)
        if json_flag:
            cmd.add_argument("--json", action="store_true", help="print one JSON object")
        return cmd

    db_cmd = sub.add_parser("db", help="the database schema").add_subparsers(
        dest="action", required=True
    )
    command(db_cmd, "upgrade", cmd_db_upgrade, "create or upgrade the schema")

    people = sub.add_parser("people", help="children, workers, carers").add_subparsers(
        dest="action", required=True
    )
    add = command(people, "add", cmd_people_add, "add a person and print their invite")
    add.add_argument("--role", required=True, help="iro, social-worker, child, carer or manager")
    add.add_argument("--name", required=True)
    add.add_argument("--dob", type=parse_date, help="date of birth, YYYY-MM-DD (children)")
    add.add_argument("--iro", type=int, help="the child's IRO (person id)")
    add.add_argument("--social-worker", type=int, help="the child's social worker (person id)")
    add.add_argument("--carer", type=int, help="the child's carer (person id)")
    add.add_argument("--locale", default="en", help="language code, e.g. en")
    add.add_argument(
        "--entered-care",
        type=parse_date,
        help="when a child came into care, YYYY-MM-DD (timescales)",
    )
    invite = command(people, "invite", cmd_people_invite, "a fresh invite; older ones stop working")
    invite.add_argument("id", type=int)

    reviews = sub.add_parser("reviews", help="review meetings").add_subparsers(
        dest="action", required=True
    )
    radd = command(reviews, "add", cmd_reviews_add, "schedule a review (opens My Review)")
    radd.add_argument("--child", type=int, required=True)
    radd.add_argument("--at", required=True, help="local time, YYYY-MM-DDTHH:MM")
    radd.add_argument("--format", default="face-to-face", help="face-to-face, virtual or hybrid")
    radd.add_argument("--venue")
    rlist = command(reviews, "list", cmd_reviews_list, "upcoming reviews")
    rlist.add_argument("--all", action="store_true", help="include past reviews")
    rmove = command(reviews, "move", cmd_reviews_move, "move a review to a new time")
    rmove.add_argument("id", type=int)
    rmove.add_argument("--at", required=True, help="local time, YYYY-MM-DDTHH:MM")
    rcancel = command(reviews, "cancel", cmd_reviews_cancel, "cancel a review")
    rcancel.add_argument("id", type=int)

    from bot.cli.reminders import add_reminder_commands

    add_reminder_commands(sub, reviews, command)

    consultations = sub.add_parser("consultations", help="children's My Review").add_subparsers(
        dest="action", required=True
    )
    show = command(consultations, "show", cmd_consultations_show, "what the IRO would read")
    show.add_argument("--review", type=int, required=True)

    export.add_commands(sub)
    # loading a caseload from a CSV file, and the annual report's figures.
    importing.add_commands(sub)
    stats.add_commands(sub)

    keys = sub.add_parser("keys", help="the data key").add_subparsers(dest="action", required=True)
    command(keys, "new", cmd_keys_new, "print a new key for MYREVIEW_DATA_KEY")

    from bot.cli.privacy import add_safety_commands

    add_safety_commands(sub, people, keys, command)

    command(sub, "run", cmd_run, "run the bot (long polling)", json_flag=False)
    command(sub, "demo", cmd_demo, "play a review cycle with no Telegram", json_flag=False)

    parser.add_argument("--now", type=parse_moment, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.command in ("run", "demo") else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # httpx logs every request URL, and the URL holds the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        settings = load_settings()
        args.handler(args, settings)
    except SettingsError as exc:
        for line in str(exc).splitlines():
            print(f"myreview: {line}", file=sys.stderr)
        return 1
    except (UserError, CliError) as exc:
        print(f"myreview: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
