"""The duty route: who else is told when a child may not be safe.

The child's own IRO and social worker are told of every alert. Duty staff (people
added with ``--role duty``: an emergency duty team, each with their own Telegram
account) are told as well out of hours (outside working days 09:00–17:00) and
whenever none of the child's own adults can be reached. If neither a child's
adult nor a duty worker can be reached, the managers are told at once instead of
after 30 minutes; if nobody at all can be reached, that is a CRITICAL line in the
operator's log and it stands at the top of every manager's ``/reviews``.

There is no shared "team chat" route on purpose: a child's words would go into a
group whose members the bot cannot check, and every read must be someone's.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.calendar.workdays import STAFF_MESSAGE_WINDOW
from bot.people.addresses import has_channel
from models import Person

DUTY_ROLE = "duty"


def reachable(person: Person) -> bool:
    """Someone the bot can message now: active, linked, and not blocking it."""
    return person.active and has_channel(person) and not person.unreachable


def out_of_hours(now: datetime, zone: ZoneInfo) -> bool:
    """Outside the hours the child's own workers can be expected to read Telegram."""
    return not STAFF_MESSAGE_WINDOW.contains(now, zone)


def duty_staff(session: Session) -> list[Person]:
    """Every active duty worker, linked or not."""
    return list(
        session.exec(
            select(Person)
            .where(Person.role == DUTY_ROLE)
            .where(col(Person.active).is_(True))
            .order_by(col(Person.id))
        )
    )


def duty_for(
    session: Session, now: datetime, zone: ZoneInfo, workers_reachable: list[Person]
) -> list[Person]:
    """The duty workers to tell of an alert now (reachable ones only)."""
    if workers_reachable and not out_of_hours(now, zone):
        return []
    return [person for person in duty_staff(session) if reachable(person)]


def route_problems(session: Session) -> list[str]:
    """What is wrong with the duty route, for the start-up warning and the health check."""
    staff = duty_staff(session)
    if not staff:
        return [
            "no duty route: add duty staff with `myreview people add --role duty` and send "
            "them their invites; out of hours, alerts reach only the child's own workers"
        ]
    if not any(reachable(person) for person in staff):
        return ["no duty worker can be reached: none has linked Telegram (or all blocked it)"]
    return []
