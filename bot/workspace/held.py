"""``/held``: the IRO records a meeting as held, and how the child took part.

The IRO picks one of their meetings from today back (not yet recorded), then
taps through: the format (face-to-face, virtual, hybrid), whether the child
attended, whether they chaired it (all, part, no), and the DfE participation
code PN0-PN7, with each code's meaning shown:

* PN0 is set automatically for a child under 4 at the meeting;
* only the codes that fit the attendance are offered (PN1-PN4 if the child
  attended, PN5-PN7 if not), so the record cannot contradict itself;
* PN6 comes first, marked as suggested, when the child sent My Review but did
  not attend.

The answers so far are a ``HeldDraft`` row (never memory), so a restart between
taps loses nothing. Every tap re-checks that the person is the review's IRO.
The last tap stores the record on the review, marks it held (the reminders'
``record_held``, which plans the decisions and record reminders, 5 and 20
working days), and plans the feedback questions for the next day.

Callback data: ``held:pick:<review>``, ``held:fmt:<review>:<f|v|h>``,
``held:att:<review>:<y|n>``, ``held:chair:<review>:<all|part|no>``,
``held:pn:<review>:<PNx>``.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.calendar import deadlines as timing
from bot.calendar.reviews import record_held
from bot.calendar.workdays import at_local, local_date
from bot.people.records import age_on, first_name
from bot.people.turns import StaffTurn
from bot.platform.buttons import (
    HeldAttended,
    HeldChaired,
    HeldCode,
    HeldFormat,
    HeldPick,
    SummaryNew,
)
from bot.platform.replies import Button, Reply, rows
from bot.reminders.status import noon
from bot.workspace import feedback
from messages import iro as words
from messages import layout
from messages.render import Html, Renderer
from models import Consultation, HeldDraft, Person, Review
from models.workspace import CHAIRED

log = logging.getLogger(__name__)

RECORD_WITHIN = timedelta(days=60)
"""How far back a meeting can be recorded (as the reminders' "It was held")."""
FORMATS = {"f": "face-to-face", "v": "virtual", "h": "hybrid"}
ATTENDED_CODES = ("PN1", "PN2", "PN3", "PN4")
ABSENT_CODES = ("PN5", "PN6", "PN7")
UNDER_FOUR = "PN0"


def _end_of_today(now: datetime, zone: ZoneInfo) -> datetime:
    return at_local(local_date(now, zone) + timedelta(days=1), datetime.min.time(), zone)


def recordable(
    session: Session, iro: Person, now: datetime, zone: ZoneInfo
) -> list[tuple[Review, Person]]:
    """The IRO's meetings from today back (60 days) with no participation code yet."""
    rows_found = session.exec(
        select(Review, Person)
        .join(Person, col(Person.id) == Review.child_id)
        .where(Review.iro_id == iro.id)
        .where(col(Review.status).in_((timing.SCHEDULED, timing.HELD)))
        .where(col(Review.participation_code).is_(None))
        .where(Review.scheduled_at < _end_of_today(now, zone))
        .where(Review.scheduled_at >= now - RECORD_WITHIN)
        .where(col(Person.active).is_(True))
        .order_by(col(Review.scheduled_at))
    )
    return [(review, child) for review, child in rows_found]


def start(turn: StaffTurn) -> list[Reply]:
    """``/held``: which meeting to record."""
    render, zone = turn.render, turn.zone
    if turn.person.role != "iro":
        return [Reply(turn.chat_id, render(words.HELD_ONLY_IRO))]
    found = recordable(turn.session, turn.person, turn.now, zone)
    if not found:
        return [Reply(turn.chat_id, render(words.HELD_NONE))]
    buttons = [
        Button(
            render.plain(words.HELD_PICK_BUTTON, child=child.name, date=_day(render, review, zone)),
            HeldPick(review.id or 0),
        )
        for review, child in found
    ]
    return [Reply(turn.chat_id, render(words.HELD_PICK), rows(buttons, 1))]


def _day(render: Renderer, review: Review, zone: ZoneInfo) -> str:
    return render.day(noon(local_date(review.scheduled_at, zone), zone))


def _under_four(child: Person, review: Review, zone: ZoneInfo) -> bool:
    age = age_on(child.dob, local_date(review.scheduled_at, zone))
    return age is not None and age < 4


def _review_for(
    session: Session, person: Person, review_id: int, now: datetime, zone: ZoneInfo
) -> tuple[Review, Person] | None:
    """The review, if this person is its IRO and it can be recorded now."""
    review = session.get(Review, review_id)
    child = session.get(Person, review.child_id) if review else None
    if review is None or child is None or not person.active or not child.active:
        return None
    if person.role != "iro" or review.iro_id != person.id:
        return None
    if review.status not in (timing.SCHEDULED, timing.HELD):
        return None
    if review.scheduled_at < now - RECORD_WITHIN:
        return None
    return review, child


HeldTap = HeldPick | HeldFormat | HeldAttended | HeldChaired | HeldCode
"""The buttons of ``/held``, one per step."""


def on_button(turn: StaffTurn, tap: HeldTap) -> list[Reply]:
    """A tap on one of ``/held``'s buttons."""
    session, now, render, zone = turn.session, turn.now, turn.render, turn.zone
    found = _review_for(session, turn.person, tap.review, now, zone)
    if found is None:
        return [Reply(turn.chat_id, toast=render.plain(words.HELD_GONE))]
    review, child = found
    if review.scheduled_at >= _end_of_today(now, zone):
        when = render.when(review.scheduled_at)
        return [Reply(turn.chat_id, render(words.HELD_NOT_YET, child=child.name, date=when))]
    draft = session.get(HeldDraft, review.id)
    if isinstance(tap, HeldPick) or draft is None:
        draft = _fresh_draft(session, now, turn.person, review, draft)
        # A new message: the tapped one may be a list with other children on it.
        return _ask(turn, review, child, draft, None)
    if isinstance(tap, HeldFormat):
        draft.format = FORMATS[tap.format]
        draft.attended = draft.chaired = None
    elif isinstance(tap, HeldAttended) and draft.format:
        draft.attended = tap.attended == "y"
        draft.chaired = None if draft.attended else "no"
        if _under_four(child, review, zone):
            draft.chaired = "no"
            _touch(session, now, draft)
            return _save(turn, review, child, draft, UNDER_FOUR)
    elif isinstance(tap, HeldChaired) and draft.attended:
        draft.chaired = tap.chaired
    elif (
        isinstance(tap, HeldCode)
        and _complete(draft)
        and tap.code in _codes(session, review, child, draft, zone)
    ):
        return _save(turn, review, child, draft, tap.code)
    _touch(session, now, draft)
    return _ask(turn, review, child, draft, turn.message_id)


def _fresh_draft(
    session: Session, now: datetime, iro: Person, review: Review, draft: HeldDraft | None
) -> HeldDraft:
    if draft is None:
        draft = HeldDraft(review_id=review.id, iro_id=iro.id, updated_at=now)  # type: ignore[arg-type]
    draft.iro_id = iro.id  # type: ignore[assignment]
    draft.format = draft.attended = draft.chaired = None
    _touch(session, now, draft)
    return draft


def _touch(session: Session, now: datetime, draft: HeldDraft) -> None:
    draft.updated_at = now
    session.add(draft)


def _complete(draft: HeldDraft) -> bool:
    return draft.format is not None and draft.attended is not None and draft.chaired is not None


def _sent(session: Session, review: Review) -> Consultation | None:
    consultation = session.exec(
        select(Consultation).where(Consultation.review_id == review.id)
    ).first()
    if consultation is None or consultation.status != "sent":
        return None
    return consultation


def _codes(
    session: Session, review: Review, child: Person, draft: HeldDraft, zone: ZoneInfo
) -> tuple[str, ...]:
    """The codes that fit what the IRO said, the suggested one first."""
    if _under_four(child, review, zone):
        return (UNDER_FOUR,)
    if draft.attended:
        return ATTENDED_CODES
    if _sent(session, review) is not None:
        return ("PN6", "PN5", "PN7")
    return ABSENT_CODES


def _header(render: Renderer, review: Review, child: Person, zone: ZoneInfo) -> str:
    return render(words.HELD_HEADER, child=child.name, date=render.when(review.scheduled_at))


def _ask(
    turn: StaffTurn, review: Review, child: Person, draft: HeldDraft, message_id: int | None
) -> list[Reply]:
    """The next question the draft needs, on the tapped message (or a new one)."""
    session, render, zone = turn.session, turn.render, turn.zone
    rid = review.id or 0
    name = first_name(child)
    again = [Button(render.plain(words.HELD_START_AGAIN), HeldPick(rid))]
    if draft.format is None:
        question = render(words.HELD_ASK_FORMAT)
        buttons = [
            Button(render.plain(words.FORMAT_LABELS[full]), HeldFormat(rid, short))
            for short, full in FORMATS.items()
        ]
        keyboard = rows(buttons, 3)
    elif draft.attended is None:
        question = render(words.HELD_ASK_ATTENDED, child=name)
        keyboard = [
            [
                Button(render.plain(words.HELD_YES), HeldAttended(rid, "y")),
                Button(render.plain(words.HELD_NO), HeldAttended(rid, "n")),
            ],
            again,
        ]
    elif draft.chaired is None:
        question = render(words.HELD_ASK_CHAIRED, child=name)
        buttons = [
            Button(render.plain(words.CHAIRED_LABELS[key]), HeldChaired(rid, key))
            for key in CHAIRED
        ]
        keyboard = [*rows(buttons, 3), again]
    else:
        codes = _codes(session, review, child, draft, zone)
        listed = "\n".join(
            render.markup(
                layout.CODE_MEANING,
                code=code,
                meaning=Html(render(words.PARTICIPATION_MEANINGS[code])),
            )
            for code in codes
        )
        question = render(words.HELD_ASK_CODE, codes=Html(listed))
        sent = _sent(session, review)
        suggested = not draft.attended and sent is not None and sent.sent_at is not None
        if suggested:
            assert sent is not None and sent.sent_at is not None
            question += "\n\n" + render(
                words.HELD_CODE_SUGGESTED, child=name, sent=render.day(sent.sent_at)
            )
        buttons = []
        for index, code in enumerate(codes):
            msgid = (
                words.HELD_CODE_BUTTON_SUGGESTED
                if suggested and index == 0
                else words.HELD_CODE_BUTTON
            )
            short = render.translate(words.PARTICIPATION_SHORT[code])
            buttons.append(Button(render.plain(msgid, code=code, short=short), HeldCode(rid, code)))
        keyboard = [*rows(buttons, 1), again]
    body = _header(render, review, child, zone) + "\n\n" + question
    return [Reply(turn.chat_id, body, keyboard, edit_message_id=message_id)]


def _save(
    turn: StaffTurn, review: Review, child: Person, draft: HeldDraft, code: str
) -> list[Reply]:
    """Store the record on the review, mark it held, and plan the feedback."""
    session, now, render, zone = turn.session, turn.now, turn.render, turn.zone
    review.format = draft.format or review.format
    review.child_attended = draft.attended
    review.child_chaired = draft.chaired
    review.participation_code = code
    review.held_recorded_at = now
    review.updated_at = now
    session.add(review)
    if review.status == timing.SCHEDULED:
        # the reminders' rule: held at its time (or now, if recorded before that time today).
        record_held(session, now, review, zone, held_at=min(review.scheduled_at, now))
    session.delete(draft)
    feedback.plan(session, now, review, child, zone)
    log.info("review %s: recorded as held with %s", review.id, code)
    day = timing.held_day(review, zone)
    name = first_name(child)
    body = render(
        words.HELD_SAVED,
        child=name,
        day=render.day(noon(day, zone)),
        format=render.translate(words.FORMAT_LABELS.get(review.format, review.format)),
        attended=render.translate(words.HELD_YES if review.child_attended else words.HELD_NO),
        chaired=render.translate(words.CHAIRED_LABELS.get(review.child_chaired or "no", "")),
        code=code,
        meaning=render.translate(words.PARTICIPATION_MEANINGS[code]),
        decisions=render.day(noon(timing.decisions_due_date(day), zone)),
        record=render.day(noon(timing.record_due_date(day), zone)),
    )
    if code == UNDER_FOUR:
        body = render(words.HELD_PN0_AUTO, child=name) + "\n\n" + body
    keyboard = [
        [Button(render.plain(words.WRITE_TO_CHILD, child=name), SummaryNew(review.id or 0))],
        [Button(render.plain(words.HELD_CHANGE), HeldPick(review.id or 0))],
    ]
    return [Reply(turn.chat_id, body, keyboard, edit_message_id=turn.message_id)]
