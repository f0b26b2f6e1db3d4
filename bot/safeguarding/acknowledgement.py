"""TODO docstring."""

from __future__ import annotations

import logging

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.people.addresses import address_of
from bot.people.turns import StaffTurn
from bot.platform import audit
from bot.platform.buttons import OnIt
from bot.platform.replies import Reply
from bot.safeguarding import alerts, duty
from messages import safety
from messages import text as common_text
from messages.render import Renderer
from models import Alert, Notification, Person
from models.reminders import CANCELLED, PENDING, SENT

log = logging.getLogger(__name__)


def may_acknowledge(session: Session, person: Person, child: Person | None, alert: Alert) -> bool:
    """The child's IRO or social worker; a duty worker the alert was sent to; a manager
    once the escalation reached managers, or when the alert reached nobody."""
    if child is None or not person.active:
        return False
    if person.role == "iro" and child.iro_id == person.id:
        return True
    if person.role == "social_worker" and child.social_worker_id == person.id:
        return True
    if person.role == duty.DUTY_ROLE:
        return any(told.id == person.id for told in alerts.sent_to(session, alert))
    if person.role == "manager":
        return alert.escalated_at is not None or alert.unreached_at is not None
    return False


def acknowledge(turn: StaffTurn, tap: OnIt) -> list[Reply]:
    """A tap on "I'm on it". Refused for anyone else; a replayed tap says who is
    already on it."""
    session, now, person, zone = turn.session, turn.now, turn.person, turn.zone
    chat_id, render, message_id = turn.chat_id, turn.render, turn.message_id
    alert = session.get(Alert, tap.alert)
    child = session.get(Person, alert.child_id) if alert is not None else None
    if alert is None or child is None or not may_acknowledge(session, person, child, alert):
        log.info("person %s refused 'I'm on it' for alert %s", person.id, tap.alert)
        return [Reply(chat_id, render(common_text.NOT_ALLOWED))]
    strip = [Reply(chat_id, edit_message_id=message_id)] if message_id else []
    if alert.acknowledged_at is not None:
        when = render.when(alert.acknowledged_at)
        if alert.acknowledged_by_id == person.id:
            return [*strip, Reply(chat_id, render(safety.ACK_ALREADY_YOU, when=when))]
        by = session.get(Person, alert.acknowledged_by_id) if alert.acknowledged_by_id else None
        name = by.name if by else ""
        role = render.translate(common_text.ROLE_WORDS.get(by.role, "")) if by else ""
        return [*strip, Reply(chat_id, render(safety.ACK_ALREADY, name=name, role=role, when=when))]
    alert.acknowledged_by_id = person.id
    alert.acknowledged_at = now
    session.add(alert)
    cancelled = session.exec(  # type: ignore[call-overload]
        update(Notification)
        .where(col(Notification.key).like(f"alert:{alert.id}:escalate:%"))
        .where(col(Notification.status) == PENDING)
        .values(status=CANCELLED, last_error=f"acknowledged by person {person.id}")
    ).rowcount
    audit.record(
        session,
        now,
        "alert_acknowledged",
        actor=person,
        child_id=child.id,
        review_id=alert.review_id,
        detail=f"alert {alert.id}",
    )
    log.info(
        "alert %s acknowledged by person %s (%s escalations cancelled)",
        alert.id,
        person.id,
        cancelled,
    )
    others = _others_told(session, alert, person)
    when = render.when(alert.created_at)
    thanks = render(safety.ACK_THANKS, name=person.name.split()[0], child=child.name, when=when)
    if others:
        thanks += " " + render(safety.ACK_THANKS_TOLD, others=alerts.names_of(render, others))
    replies = [*strip, Reply(chat_id, thanks)]
    for other in others:
        theirs = Renderer(other.locale, zone=zone)
        role = theirs.translate(common_text.ROLE_WORDS.get(person.role, ""))
        body = theirs(
            safety.ACK_FYI,
            name=person.name,
            role=role,
            child=child.name,
            when=theirs.when(alert.created_at),
        )
        replies.append(Reply(address_of(other) or 0, body))
    return replies


def _others_told(session: Session, alert: Alert, person: Person) -> list[Person]:
    """Everyone else who has this alert in their chat (to hear who is on it)."""
    ids = session.exec(
        select(Notification.recipient_id)
        .where(col(Notification.key).like(f"alert:{alert.id}:%"))
        .where(Notification.status == SENT)
        .where(Notification.recipient_id != person.id)
        .order_by(col(Notification.id))
    ).all()
    found: list[Person] = []
    for person_id in dict.fromkeys(ids):
        other = session.get(Person, person_id)
        if other is not None and alerts.reachable(other):
            found.append(other)
    return found
