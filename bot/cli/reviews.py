"""``myreview reviews``: review meetings.

* ``reviews add --child ID --at YYYY-MM-DDTHH:MM``: schedule one (opens My Review);
* ``reviews list [--all]``: upcoming reviews (``--all``: past ones too);
* ``reviews move ID --at ...`` and ``reviews cancel ID``;
* ``reviews next --child ID``: the latest date still in timescale;
* ``reviews held ID [--at YYYY-MM-DDTHH:MM]``: the meeting took place.

Times are the service's local time (``MYREVIEW_TIMEZONE``).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.platform.settings import Settings
from bot.cli.common import CliError, Subparsers, add_command, add_group, emit, open_cli_runtime


def cmd_reviews_add(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview reviews add``; a review out of timescale is a warning on stderr."""
    from bot.calendar.deadlines import (
        meeting_day,
        meeting_time_warnings,
        report_due_date,
        timescale_warnings,
    )
    from bot.calendar.reviews import add_review, parse_local
    from bot.people.records import get_person

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
        warnings = meeting_time_warnings(at, settings.zone) + timescale_warnings(
            session, review, get_person(session, args.child), settings.zone
        )
    for warning in warnings:
        print(f"myreview: warning: {warning}", file=sys.stderr)
    payload = {
        "id": review.id,
        "child": review.child_id,
        "at": review.scheduled_at.isoformat(),
        "report_due": report_due_date(meeting_day(review, settings.zone)).isoformat(),
        "warnings": warnings,
    }
    emit(args, payload, f"review {review.id} for child {review.child_id} at {args.at}")


def cmd_reviews_list(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview reviews list [--all]``: one line a review."""
    from bot.calendar.deadlines import meeting_day, report_due_date
    from bot.calendar.reviews import all_reviews

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
                # The social worker's report is due three working days before.
                "report_due": report_due_date(meeting_day(row.review, settings.zone)).isoformat(),
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
    """``myreview reviews move ID --at ...``."""
    from bot.calendar.reviews import move_review, parse_local

    rt = open_cli_runtime(args, settings)
    at = parse_local(args.at, settings.zone)
    with rt.session() as session:
        review = move_review(session, rt.clock.now(), args.id, at, settings.zone)
    emit(
        args, {"id": review.id, "at": review.scheduled_at.isoformat()}, f"review {review.id} moved"
    )


def cmd_reviews_cancel(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview reviews cancel ID``."""
    from bot.calendar.reviews import cancel_review

    rt = open_cli_runtime(args, settings)
    with rt.session() as session:
        review = cancel_review(session, rt.clock.now(), args.id, settings.zone)
    emit(args, {"id": review.id, "status": review.status}, f"review {review.id} cancelled")


def cmd_reviews_next(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview reviews next --child ID``: when to hold the child's next review."""
    from bot.calendar import deadlines as timing
    from bot.people.records import get_person
    from messages import reminders as words

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
    human = words.NEXT_REVIEW.format(
        child=args.child,
        nth=words.nth(found.review_number),
        proposed=f"{found.proposed:%a %d %b %Y}",
        latest=f"{found.latest:%a %d %b %Y}",
        rule=found.rule,
    )
    emit(args, payload, human)


def cmd_reviews_held(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview reviews held ID [--at ...]``: only a scheduled meeting that has happened."""
    from bot.calendar import deadlines as timing
    from bot.calendar.reviews import get_review, parse_local, record_held

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


def add_commands(subparsers: Subparsers) -> None:
    """``reviews add|list|move|cancel|next|held``."""
    reviews = add_group(subparsers, "reviews", "review meetings")
    radd = add_command(reviews, "add", cmd_reviews_add, "schedule a review (opens My Review)")
    radd.add_argument("--child", type=int, required=True)
    radd.add_argument("--at", required=True, help="local time, YYYY-MM-DDTHH:MM")
    radd.add_argument("--format", default="face-to-face", help="face-to-face, virtual or hybrid")
    radd.add_argument("--venue")
    rlist = add_command(reviews, "list", cmd_reviews_list, "upcoming reviews")
    rlist.add_argument("--all", action="store_true", help="include past reviews")
    rmove = add_command(reviews, "move", cmd_reviews_move, "move a review to a new time")
    rmove.add_argument("id", type=int)
    rmove.add_argument("--at", required=True, help="local time, YYYY-MM-DDTHH:MM")
    rcancel = add_command(reviews, "cancel", cmd_reviews_cancel, "cancel a review")
    rcancel.add_argument("id", type=int)

    nxt = add_command(reviews, "next", cmd_reviews_next, "the latest date still in timescale")
    nxt.add_argument("--child", type=int, required=True)
    held = add_command(reviews, "held", cmd_reviews_held, "record that a meeting took place")
    held.add_argument("id", type=int)
    held.add_argument("--at", help="when it was held, if not as scheduled (YYYY-MM-DDTHH:MM)")
