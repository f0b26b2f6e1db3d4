"""How a review's report and its after-meeting work stand, in the reader's words:
for ``/reviews``, the Monday digest and the IRO's list of meetings to record."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.calendar import deadlines as timing
from bot.calendar.workdays import LONDON, at_local
from bot.platform.buttons import ReportAction
from bot.platform.replies import Button
from messages import reminders as words
from messages import text
from messages.render import Renderer
from models import Consultation, Person, Review

_STATES = {
    timing.SHARED_ON_TIME: words.REPORT_SHARED_ON_TIME,
    timing.SHARED_LATE: words.REPORT_SHARED_LATE,
    timing.NOT_YET: words.REPORT_NOT_YET,
    timing.LATE: words.REPORT_LATE,
}


def noon(day: date, zone: ZoneInfo = LONDON) -> datetime:
    """A date as a moment the renderer can format (midday, so no zone shifts the day)."""
    return at_local(day, time(12), zone)


def _phrase(render: Renderer, msgid: str, **values: str) -> str:
    """A fragment in the reader's language, unescaped (it goes into another message)."""
    return render.translate(msgid).format(**values)


def report_line(render: Renderer, review: Review, now: datetime, zone: ZoneInfo = LONDON) -> str:
    """ "Report: shared on time (Monday 21 December) · due Tuesday 22 December"."""
    state, due = timing.report_state(review, now, zone)
    shared = review.report_shared_at
    phrase = _phrase(render, _STATES[state], day=render.day(shared) if shared else "")
    return render(words.REPORT_LINE, state=phrase, due=render.day(noon(due, zone)))


def consultation_state(render: Renderer, consultation: Consultation | None) -> str:
    """The child's My Review, as staff see it in a list (plain, unescaped)."""
    if consultation is None or consultation.status == "not_applicable":
        return render.translate(text.STATE_NOT_APPLICABLE)
    if consultation.status == "sent" and consultation.sent_at:
        return _phrase(render, text.STATE_SENT, date=render.day(consultation.sent_at))
    if consultation.status == "in_progress":
        return render.translate(text.STATE_IN_PROGRESS)
    return render.translate(text.STATE_NOT_STARTED)


def after_meeting_part(
    render: Renderer, done_at: datetime | None, due: date, zone: ZoneInfo
) -> str:
    """ "due Tuesday 5 January" or "done ✓"."""
    if done_at is not None:
        return render.translate(words.DONE_ON)
    return _phrase(render, words.DUE_ON, day=render.day(noon(due, zone)))


def share_button(render: Renderer, review: Review, child: Person) -> Button:
    """ "📄 Report shared: Sky Test", under a social worker's ``/reviews`` list."""
    return Button(
        render.plain(words.SHARED_FOR, child=child.name), ReportAction("share", review.id or 0)
    )
