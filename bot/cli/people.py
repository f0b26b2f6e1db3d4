"""``myreview people``: children, workers and carers.

* ``people add --role ROLE --name NAME [...]``: a new person and their invite;
* ``people invite ID``: a fresh invite (older ones stop working);
* ``people deactivate ID``: the person's access ends at once;
* ``people left-care ID --on DATE``: the day the retention period counts from;
* ``people language ID CODE``: the language a person is written to in.

``deactivate`` and ``left-care`` are here rather than in ``privacy.py``: this
module is the whole ``people`` group, so no module adds commands to another's.
Their work is done by ``bot.privacy.my_data``; this module only prints it.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import (
    CliError,
    Subparsers,
    add_command,
    add_group,
    emit,
    invite_link,
    open_cli_runtime,
    parse_date,
    web_link,
)

if TYPE_CHECKING:
    from bot.platform.runtime import Runtime
    from bot.platform.settings import Settings


def cmd_people_add(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview people add``: the person, and an invite for them to open."""
    from bot.people.invites import issue_invite
    from bot.people.records import add_person

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
    emit(args, payload, invite_lines(person.id, invite.token, link, invite.expires_at))


def invite_lines(person_id: int | None, token: str, link: str | None, expires: datetime) -> str:
    """What the operator passes on: the link, or the /start message until the
    bot's username is known."""
    how = link or f"send /start {token} to the bot"
    return f"person {person_id}\ninvite: {how}\nexpires: {expires:%Y-%m-%d %H:%M} UTC"


def cmd_people_invite(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview people invite ID [--web [--qr FILE]]``."""
    from bot.people.invites import issue_invite
    from bot.people.records import get_person

    rt = open_cli_runtime(args, settings)
    now = rt.clock.now()
    if args.web:
        _web_invite(args, rt, now)
        return
    if args.qr:
        raise CliError("--qr is for a web link: add --web")
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
    emit(args, payload, invite_lines(person.id, invite.token, link, invite.expires_at))


def _web_invite(args: argparse.Namespace, rt: Runtime, now: datetime) -> None:
    """A single-use web chat link (older unused web links stop working), and its QR code."""
    from bot.people.invites import issue_invite
    from bot.people.records import get_person

    if rt.settings.web_url is None:
        raise CliError("MYREVIEW_WEB_URL is not set: the address the web chat is served at")
    if args.qr is not None and args.qr.suffix.lower() not in (".png", ".svg"):
        raise CliError("--qr must name a .png or .svg file")
    with rt.session() as session:
        person = get_person(session, args.id)
        invite = issue_invite(session, person, now, rt.settings.invite_days, channel="web")
    link = web_link(rt, invite.token)
    assert link is not None
    if args.qr is not None:
        write_qr(link, args.qr)
    payload = {
        "id": args.id,
        "web_link": link,
        "invite_expires_at": invite.expires_at.isoformat(),
        "qr": str(args.qr) if args.qr is not None else None,
    }
    lines = [
        f"person {args.id}",
        f"web link: {link}",
        f"expires: {invite.expires_at:%Y-%m-%d %H:%M} UTC (it works once)",
    ]
    if args.qr is not None:
        lines.append(f"QR code: {args.qr}")
    emit(args, payload, "\n".join(lines))


def write_qr(link: str, path: Path) -> None:
    """A printable QR code of the link (segno): error correction M, a quiet zone of 4."""
    import segno

    code = segno.make(link, error="m", micro=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".svg":
        code.save(str(path), scale=8, border=4, title="My Review")
    else:
        code.save(str(path), scale=10, border=4)
    path.chmod(0o600)  # it signs a child in: as private as the link


def cmd_people_deactivate(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview people deactivate ID``."""
    from bot.privacy import deactivation

    rt = open_cli_runtime(args, settings)
    with rt.session() as session:
        done = deactivation.deactivate(session, rt.clock.now(), args.id, settings.zone)
    role = done.role.replace("_", " ")
    already = " (was already inactive)" if done.already else ""
    human = (
        f"person {done.person_id} ({role}) deactivated{already}: "
        f"{done.notifications_cancelled} reminders cancelled, "
        f"{done.invites_revoked} invites revoked, {done.helpers_stopped} helpers stopped"
    )
    emit(args, done.as_json(), human)


def cmd_people_left_care(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview people left-care ID --on DATE``."""
    from bot.privacy import retention

    rt = open_cli_runtime(args, settings)
    with rt.session() as session:
        row = retention.record_left_care(session, rt.clock.now(), args.id, args.on)
    days = settings.retention_days
    payload = {"child": row.child_id, "left_care": row.left_on.isoformat(), "retention_days": days}
    human = (
        f"child {row.child_id} left care on {row.left_on.isoformat()}; `myreview retention run` "
        f"removes their words {days} days after that (MYREVIEW_RETENTION_DAYS)"
    )
    emit(args, payload, human)


def cmd_people_language(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview people language ID CODE``."""
    from bot.people.records import set_language
    from messages.languages import english_name as language_name

    rt = open_cli_runtime(args, settings)
    with rt.session() as session:
        person = set_language(session, args.id, args.code)
        payload = {"id": person.id, "locale": person.locale}
    emit(args, payload, f"person {args.id} will be written to in {language_name(args.code)}")


def add_commands(subparsers: Subparsers) -> None:
    """``people add|invite|deactivate|left-care|language``."""
    from messages.languages import supported_list

    people = add_group(subparsers, "people", "children, workers, carers")
    add = add_command(people, "add", cmd_people_add, "add a person and print their invite")
    add.add_argument(
        "--role", required=True, help="iro, social-worker, child, carer, manager or duty"
    )
    add.add_argument("--name", required=True)
    add.add_argument("--dob", type=parse_date, help="date of birth, YYYY-MM-DD (children)")
    add.add_argument("--iro", type=int, help="the child's IRO (person id)")
    add.add_argument("--social-worker", type=int, help="the child's social worker (person id)")
    add.add_argument("--carer", type=int, help="the child's carer (person id)")
    add.add_argument("--locale", default="en", help=f"language code: {supported_list()}")
    add.add_argument(
        "--entered-care",
        type=parse_date,
        help="when a child came into care, YYYY-MM-DD (timescales)",
    )
    invite = add_command(
        people, "invite", cmd_people_invite, "a fresh invite; older ones stop working"
    )
    invite.add_argument("id", type=int)
    invite.add_argument(
        "--web", action="store_true", help="a link to the web chat (children without Telegram)"
    )
    invite.add_argument(
        "--qr", type=Path, help="with --web: also write the link as a QR code (.png or .svg)"
    )

    deactivate = add_command(
        people, "deactivate", cmd_people_deactivate, "remove a person's access at once"
    )
    deactivate.add_argument("id", type=int)
    left = add_command(people, "left-care", cmd_people_left_care, "record that a child left care")
    left.add_argument("id", type=int)
    left.add_argument("--on", type=parse_date, required=True, help="the day they left, YYYY-MM-DD")
    language = add_command(
        people, "language", cmd_people_language, "the language a person is written to in"
    )
    language.add_argument("id", type=int)
    language.add_argument("code", help=f"language code: {supported_list()}")
