"""What the IRO's workspace's notifications say, rendered when they are sent.

Called by ``bot.outbox.compose.render_notification`` for the kinds in
``bot.reminders.kinds.WORKSPACE``; each returns a ``Message`` (or None when there
is nothing to say any more, and the dispatcher cancels the row):

* ``child_read``: "Jo has read your My Review" (``bot.readmarks``);
* ``child_summary``: the IRO's message to the child (``bot.summaries``);
* ``iro_child_reply``: the child wrote back (``bot.summaries``);
* ``feedback``: the first question of the day-after feedback (``bot.feedback``).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.calendar import notification_kinds as kinds
from bot.reminders.message import Message, Subject
from bot.workspace import feedback, summaries
from bot.workspace import reading as readmarks
from models import Notification, Person


def render(
    session: Session,
    row: Notification,
    recipient: Person,
    subject: Subject,
    now: datetime,
    zone: ZoneInfo,
) -> Message | None:
    review, child = subject.review, subject.child
    if review is None or child is None:
        return None
    if row.kind == kinds.CHILD_READ:
        consultation = subject.consultation
        if consultation is None or not readmarks.iro_has_read(session, review, consultation):
            return None
        return Message([readmarks.child_notice(session, child, review, zone)], [])
    if row.kind == kinds.CHILD_SUMMARY:
        summary = summaries.summary_of(session, row.key)
        if summary is None or summary.status != "sent" or summary.child_id != recipient.id:
            return None
        bodies, buttons = summaries.for_child(session, summary, child, review, zone)
        return Message(bodies, buttons)
    if row.kind == kinds.IRO_CHILD_REPLY:
        reply = summaries.reply_of(session, row.key)
        if reply is None:
            return None
        bodies, buttons = summaries.for_iro(session, reply, recipient, child, review, zone)
        return Message(bodies, buttons)
    if row.kind == kinds.FEEDBACK:
        found = feedback.first_message(session, recipient, review, child, zone)
        if found is None:
            return None
        return Message(*found)
    return None
