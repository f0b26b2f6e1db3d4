"""What a notification says, whatever its kind, decided at the moment it is sent.

The dispatcher asks :func:`render_notification` for each row it claims. Each
kind's words live with the room that owns it: the review calendar's reminders in
``bot.reminders.texts``, safeguarding alerts in ``bot.safeguarding.alerts``, and
the IRO's workspace notices in ``bot.workspace.notices``. This is the one place
that knows all of them, which is why it sits above them all.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.calendar import notification_kinds as kinds
from bot.calendar.workdays import LONDON
from bot.reminders import texts
from bot.reminders.message import Message, Subject
from bot.safeguarding import alerts
from bot.workspace import notices, profile
from models import Notification, Person


def render_notification(
    session: Session,
    row: Notification,
    recipient: Person,
    subject: Subject,
    now: datetime,
    zone: ZoneInfo = LONDON,
) -> Message | None:
    """The message for ``row``, or None when there is nothing to say (the row is then
    cancelled: an empty digest, an alert someone is already on, a review now gone)."""
    if row.kind in kinds.SAFEGUARDING:
        alert = alerts.notification_message(session, row, recipient, now, zone)
        return Message(*alert) if alert is not None else None
    if row.kind in kinds.WORKSPACE:
        return notices.render(session, row, recipient, subject, now, zone)
    message = texts.reminder_message(session, row, recipient, subject, now, zone)
    review, child = subject.review, subject.child
    if message is not None and row.kind == kinds.CHILD_OPEN and review and child:
        # The IRO's profile goes with "My Review is open", the first time only.
        profile.attach_to_open(session, row, message, review, child, now, zone)
    return message
