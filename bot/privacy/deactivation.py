"""Ending a person's access at once (``myreview people deactivate ID``).

Their Telegram account is unlinked, their invites revoked, the child they were
helping let go, and nothing more is sent to them. Audited.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import Session, col

from bot.calendar.planner import replan_reviews_of
from bot.calendar.workdays import LONDON
from bot.people.records import get_person
from bot.platform import audit
from bot.webchat import access
from messages import reminders as reminder_words
from models import (
    Invite,
    Notification,
    Person,
    WebAccount,
)
from models.reminders import CANCELLED, PENDING

log = logging.getLogger(__name__)


@dataclass
class Deactivated:
    person_id: int
    role: str
    already: bool
    notifications_cancelled: int = 0
    invites_revoked: int = 0
    helpers_stopped: int = 0
    reviews_replanned: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.person_id,
            "role": self.role,
            "already_inactive": self.already,
            "notifications_cancelled": self.notifications_cancelled,
            "invites_revoked": self.invites_revoked,
            "helpers_stopped": self.helpers_stopped,
            "reviews_replanned": self.reviews_replanned,
        }


def _cancel_pending_to(session: Session, now: datetime, person_id: int, reason: str) -> int:
    return int(
        session.exec(  # type: ignore[call-overload]
            update(Notification)
            .where(col(Notification.recipient_id) == person_id)
            .where(col(Notification.status) == PENDING)
            .values(status=CANCELLED, last_error=reason)
        ).rowcount
    )


def stop_access(session: Session, now: datetime, person: Person, reason: str) -> Deactivated:
    """Shared by deactivation and anonymisation: nothing more reaches or comes from them."""
    result = Deactivated(person.id or 0, person.role, already=not person.active)
    person.active = False
    # The account is unlinked too, so it could be linked again (to a new record) later.
    person.telegram_user_id = None
    # ... and their web chat: every session ends, and no secret word opens it again.
    person.web_since = None
    access.end_all(session, person.id or 0, now)
    session.exec(  # type: ignore[call-overload]
        update(WebAccount)
        .where(col(WebAccount.person_id) == person.id)
        .values(secret_hash=None, device_hash=None)
    )
    person.helping_child_id = None
    person.awaiting_input = None
    session.add(person)
    result.invites_revoked = int(
        session.exec(  # type: ignore[call-overload]
            update(Invite)
            .where(col(Invite.person_id) == person.id)
            .where(col(Invite.used_at).is_(None))
            .where(col(Invite.revoked_at).is_(None))
            .values(revoked_at=now)
        ).rowcount
    )
    # Anyone sitting with this child in helping mode is cut off at once.
    result.helpers_stopped = int(
        session.exec(  # type: ignore[call-overload]
            update(Person)
            .where(col(Person.helping_child_id) == person.id)
            .values(helping_child_id=None)
        ).rowcount
    )
    session.flush()
    result.notifications_cancelled = _cancel_pending_to(session, now, person.id or 0, reason)
    return result


def deactivate(
    session: Session, now: datetime, person_id: int, zone: ZoneInfo = LONDON
) -> Deactivated:
    """Remove a person's access at once: their next update is a stranger's."""
    person = get_person(session, person_id)
    result = stop_access(session, now, person, reminder_words.DEACTIVATED)
    # Their reviews' reminders are planned again without them (the planner skips the
    # inactive): a social worker's report reminders stop, a child's nudges stop.
    result.reviews_replanned = replan_reviews_of(session, now, person_id, zone).reviews
    audit.record(
        session,
        now,
        "person_deactivated",
        actor_label="operator (cli)",
        child_id=person.id if person.role == "child" else None,
        detail=f"{person.role}:{person.id}",
    )
    log.warning("person %s (%s) deactivated", person.id, person.role)
    return result
