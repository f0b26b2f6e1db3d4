"""What the IRO's workspace's notifications say, rendered when they are sent.

Called by ``bot.outbox.compose.render_notification`` for the kinds in
``bot.reminders.kinds.WORKSPACE``; each returns a ``Message`` (or None when there
is nothing to say any more, and the dispatcher cancels the row):

* ``child_read``: "Jo has read your My Review" (``bot.readmarks``);
* ``child_summary``: the IRO's message to the child (``bot.summaries``);
* ``iro_child_reply``: the child wrote back (``bot.summaries``);
* ``feedback``: the first question of the day-after feedback (``bot.feedback``);
* ``unchecked_words``: the child wrote in a language the safety check cannot read
  (``bot.safeguarding.unchecked_words``): the IRO should have it read today.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.calendar import notification_kinds as kinds
from bot.platform.buttons import OpenReview
from bot.platform.replies import Button
from bot.reminders.message import Message, Subject
from bot.safeguarding import unchecked_words
from bot.workspace import feedback, summaries
from bot.workspace import reading as readmarks
from bot.workspace.dashboard import language_names
from messages import iro as words
from messages import text
from messages.render import Renderer
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
    if row.kind == kinds.UNCHECKED_WORDS:
        return _unchecked(session, recipient, subject, zone)
    if row.kind == kinds.FEEDBACK:
        found = feedback.first_message(session, recipient, review, child, zone)
        if found is None:
            return None
        return Message(*found)
    return None


def _unchecked(
    session: Session, recipient: Person, subject: Subject, zone: ZoneInfo
) -> Message | None:
    """The IRO's notice: words written in a language the safety check cannot read."""
    review, child, consultation = subject.review, subject.child, subject.consultation
    if review is None or child is None or consultation is None:
        return None
    found = unchecked_words.unchecked_answers(session, consultation)
    if not found:
        return None  # changed since: nothing unread is left
    render = Renderer(recipient.locale, zone=zone)
    body = render(
        words.UNCHECKED_NOTICE,
        child=child.name,
        language=language_names(unchecked_words.languages_of(found)),
        date=render.when(review.scheduled_at),
    )
    label = render.plain(text.OPEN_CONSULTATION, child=child.name)
    return Message([body], [[Button(label, OpenReview(review.id or 0))]])
