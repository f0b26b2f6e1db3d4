"""Writing to the child: the IRO's short summary after the meeting, and the child's reply.

1. "✍️ Write to {child}" (after ``/held``, or under the consultation view) asks the
   IRO for a few lines; which review they are writing about is kept on their row
   (``Person.awaiting_input = "summary:<review>"``), never in memory.
2. Their words become a draft ``Summary`` (sealed), and ``bot.jargon.check_summary``
   looks for care jargon and abbreviations, with the child's own Language that
   Cares words. The IRO sees the suggestions and taps "Use {child}'s words"
   (every suggestion applied), "Send as written" or "Cancel".
3. Sent, it goes to the child through the reminders machinery (a ``child_summary``
   notification): in the children's hours, retried, never twice. The child reads
   it under a heading in their own language and words, and can write back.
4. The child's reply is stored sealed (``SummaryReply``) and passed to the IRO as an
   ``iro_child_reply`` notification (staff hours). Like every word a child sends,
   it has already been through the safeguarding check (``bot.chat.screen``) before it
   gets here, so a disclosure in a reply raises an alert at once.
   Only ids are logged, never anyone's words.

Callback data: ``sum:new:<review>``, ``sum:use|send|cancel:<summary>``,
``sum:stop`` (the IRO's), ``reply:<summary>`` and ``reply:stop`` (the child's).
Every tap re-checks that the IRO chairs the review, or that the child is the one
the summary was written to.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.calendar import notification_kinds as kinds
from bot.calendar.planner import Planned, insert_rows
from bot.calendar.workdays import CHILD_MESSAGE_WINDOW
from bot.people.addresses import has_channel
from bot.people.own_words import words_for
from bot.people.records import first_name
from bot.people.turns import StaffTurn
from bot.platform.buttons import StopWritingBack, SummaryAction, SummaryNew, SummaryStop, WriteBack
from bot.platform.replies import Button, Reply
from bot.workspace import jargon
from messages import iro as words
from messages import text
from messages.clean import clean
from messages.render import Html, Renderer, pack, quote_long, sentence
from models import Person, Review, Summary, SummaryReply

log = logging.getLogger(__name__)

AWAIT_SUMMARY = "summary:"
AWAIT_REPLY = "reply:"
MAX_SUMMARY = 3000
MAX_REPLY = 2000


def _iro_review(session: Session, person: Person, review_id: int) -> tuple[Review, Person] | None:
    review = session.get(Review, review_id)
    child = session.get(Person, review.child_id) if review else None
    if review is None or child is None or not child.active or not person.active:
        return None
    if person.role != "iro" or review.iro_id != person.id or review.status == "cancelled":
        return None
    return review, child


def _owned_summary(
    session: Session, person: Person, summary_id: int
) -> tuple[Summary, Review, Person] | None:
    summary = session.get(Summary, summary_id)
    if summary is None or summary.iro_id != person.id:
        return None
    found = _iro_review(session, person, summary.review_id)
    if found is None:
        return None
    return summary, *found


def _cancel_button(render: Renderer) -> list[list[Button]]:
    return [[Button(render.plain(words.SUMMARY_CANCEL), SummaryStop())]]


# --- the IRO writes ------------------------------------------------------------------


def begin(turn: StaffTurn, review_id: int) -> list[Reply]:
    """ "✍️ Write to {child}": ask for the words."""
    person, render = turn.person, turn.render
    found = _iro_review(turn.session, person, review_id)
    if found is None:
        return [Reply(turn.chat_id, toast=render.plain(text.BUTTON_GONE))]
    _, child = found
    person.awaiting_input = f"{AWAIT_SUMMARY}{review_id}"
    turn.session.add(person)
    ask = render(words.SUMMARY_ASK, child=first_name(child), limit=MAX_SUMMARY)
    return [Reply(turn.chat_id, ask, _cancel_button(render))]


def on_text(turn: StaffTurn, message: str) -> list[Reply] | None:
    """The IRO's summary, when the bot asked for one (None if it did not)."""
    session, now, person, chat_id, render = (
        turn.session,
        turn.now,
        turn.person,
        turn.chat_id,
        turn.render,
    )
    awaiting = person.awaiting_input or ""
    if not awaiting.startswith(AWAIT_SUMMARY) or not awaiting[len(AWAIT_SUMMARY) :].isdigit():
        return None
    found = _iro_review(session, person, int(awaiting[len(AWAIT_SUMMARY) :]))
    if found is None:
        person.awaiting_input = None
        session.add(person)
        return None
    review, child = found
    name = first_name(child)
    written = clean(message).strip()
    if not written:
        return [Reply(chat_id, render(words.SUMMARY_TEXT_ONLY, child=name), _cancel_button(render))]
    if len(written) > MAX_SUMMARY:
        too_long = render(words.SUMMARY_TOO_LONG, limit=MAX_SUMMARY)
        return [Reply(chat_id, too_long, _cancel_button(render))]
    person.awaiting_input = None
    session.add(person)
    summary = Summary(
        review_id=review.id,  # type: ignore[arg-type]
        child_id=child.id,  # type: ignore[arg-type]
        iro_id=person.id,  # type: ignore[arg-type]
        text=written,
        original=written,
        created_at=now,
    )
    session.add(summary)
    session.flush()
    log.info("review %s: IRO %s wrote summary %s", review.id, person.id, summary.id)
    return _checked(session, render, summary, child, chat_id)


def _suggestions(session: Session, summary: Summary, child: Person) -> list[jargon.Suggestion]:
    return jargon.check_summary(summary.text, words_for(session, child), first_name(child))


def _items(render: Renderer, suggestions: list[jargon.Suggestion], child: Person) -> str:
    lines = []
    for s in suggestions:
        if s.replacement is not None and s.childs_own:
            msgid = words.SUMMARY_SUGGESTION_CHILDS
        elif s.replacement is not None:
            msgid = words.SUMMARY_SUGGESTION
        elif s.advice:
            msgid = words.SUMMARY_SUGGESTION_ADVICE
        else:
            msgid = words.SUMMARY_SUGGESTION_NO_ADVICE
        lines.append(
            render(
                msgid,
                found=s.found,
                instead=s.replacement or "",
                advice=s.advice or "",
                child=first_name(child),
            )
        )
    return "\n".join(lines)


def _checked(
    session: Session,
    render: Renderer,
    summary: Summary,
    child: Person,
    chat_id: int,
    edit: int | None = None,
) -> list[Reply]:
    """The suggestions (if any) and the buttons to go on."""
    name = first_name(child)
    suggestions = _suggestions(session, summary, child)
    sid = summary.id or 0
    cancel = Button(render.plain(words.SUMMARY_CANCEL), SummaryAction("cancel", sid))
    if summary.suggestions_accepted:
        head = render(words.SUMMARY_WITH_WORDS, child=name)
    elif suggestions:
        head = render(words.SUMMARY_AS_WRITTEN)
    else:
        head = render(words.SUMMARY_CHECKED_OK, child=name)
    blocks = []
    replaceable = [s for s in suggestions if s.replacement is not None]
    if suggestions:
        items = Html(_items(render, suggestions, child))
        blocks.append(render(words.SUMMARY_SUGGESTIONS, child=name, items=items))
    quotes = quote_long(summary.text)
    blocks += [head + "\n" + quotes[0], *quotes[1:]]
    if replaceable and not summary.suggestions_accepted:
        keyboard = [
            [Button(render.plain(words.SUMMARY_USE_WORDS, child=name), SummaryAction("use", sid))],
            [Button(render.plain(words.SUMMARY_SEND_AS_WRITTEN), SummaryAction("send", sid))],
            [cancel],
        ]
    else:
        send = Button(render.plain(words.SUMMARY_SEND, child=name), SummaryAction("send", sid))
        keyboard = [[send], [cancel]]
    bodies = pack(blocks)
    replies = [Reply(chat_id, body) for body in bodies[:-1]]
    replies.append(Reply(chat_id, bodies[-1], keyboard))
    if edit is not None:
        replies.insert(0, Reply(chat_id, edit_message_id=edit))
    return replies


def on_button(turn: StaffTurn, tap: SummaryNew | SummaryAction | SummaryStop) -> list[Reply]:
    """A tap on one of the IRO's summary buttons."""
    session, person, chat_id, render = turn.session, turn.person, turn.chat_id, turn.render
    message_id = turn.message_id
    gone = [Reply(chat_id, toast=render.plain(text.BUTTON_GONE))]
    strip = [Reply(chat_id, edit_message_id=message_id)] if message_id else []
    if isinstance(tap, SummaryStop):
        awaiting = person.awaiting_input or ""
        if not awaiting.startswith(AWAIT_SUMMARY):
            return gone
        found = _iro_review(session, person, int(awaiting[len(AWAIT_SUMMARY) :] or 0))
        person.awaiting_input = None
        session.add(person)
        name = first_name(found[1]) if found else ""
        return [*strip, Reply(chat_id, render(words.SUMMARY_CANCELLED, child=name))]
    if isinstance(tap, SummaryNew):
        return begin(turn, tap.review)
    action = tap.action
    owned = _owned_summary(session, person, tap.summary)
    if owned is None:
        return gone
    summary, review, child = owned
    name = first_name(child)
    if summary.status == "sent":
        return [*strip, Reply(chat_id, toast=render.plain(words.SUMMARY_ALREADY_SENT, child=name))]
    if summary.status != "draft":
        return [*strip, Reply(chat_id, render(words.SUMMARY_GONE, child=name))]
    if action == "cancel":
        summary.status = "cancelled"
        session.add(summary)
        return [*strip, Reply(chat_id, render(words.SUMMARY_CANCELLED, child=name))]
    if action == "use":
        suggestions = _suggestions(session, summary, child)
        summary.text = jargon.apply(summary.text, suggestions)
        summary.suggestions_accepted = True
        session.add(summary)
        log.info("summary %s: the child's words were used", summary.id)
        return _checked(session, render, summary, child, chat_id, edit=message_id)
    if action == "send":
        return [*strip, *_send(turn, summary, review, child)]
    return gone


def _send(turn: StaffTurn, summary: Summary, review: Review, child: Person) -> list[Reply]:
    session, now, chat_id, render = turn.session, turn.now, turn.chat_id, turn.render
    name = first_name(child)
    if not has_channel(child):
        summary.status = "kept"
        session.add(summary)
        return [Reply(chat_id, render(words.SUMMARY_NOT_LINKED, child=name))]
    summary.status = "sent"
    summary.sent_at = now
    session.add(summary)
    planned = Planned(
        f"summary:{summary.id}", kinds.CHILD_SUMMARY, review.id, child.id or 0, now, None
    )
    insert_rows(session, [planned], now)
    log.info("summary %s for review %s: queued for the child", summary.id, review.id)
    when = CHILD_MESSAGE_WINDOW.next_allowed(now, turn.zone)
    if when <= now:
        return [Reply(chat_id, render(words.SUMMARY_SENT, child=name))]
    return [Reply(chat_id, render(words.SUMMARY_SENT_LATER, child=name, when=render.when(when)))]


# --- the child reads, and writes back ---------------------------------------------------


def summary_of(session: Session, key: str) -> Summary | None:
    """The summary a ``child_summary`` notification carries (its key is "summary:<id>")."""
    number = key.removeprefix("summary:")
    return session.get(Summary, int(number)) if number.isdigit() else None


def child_render(session: Session, child: Person, review: Review, zone: ZoneInfo) -> Renderer:
    values = words_for(session, child)
    iro = session.get(Person, review.iro_id)
    if iro is not None:
        values["iro"] = first_name(iro)
    return Renderer(child.locale, values, zone)


def for_child(
    session: Session, summary: Summary, child: Person, review: Review, zone: ZoneInfo
) -> tuple[list[str], list[list[Button]]]:
    """The message the child reads: a heading in their words, then the IRO's words."""
    render = child_render(session, child, review, zone)
    quotes = quote_long(summary.text, limit=3500)
    first = sentence(render(words.CHILD_SUMMARY)) + "\n" + quotes[0]
    footer = sentence(render(words.CHILD_SUMMARY_FOOTER))
    bodies = pack([first, *quotes[1:], footer])
    button = Button(render.plain(words.CHILD_REPLY_BUTTON), WriteBack(summary.id or 0))
    return bodies, [[button]]


def on_child_button(turn: StaffTurn, tap: WriteBack | StopWritingBack) -> list[Reply]:
    """A tap on "↩️ Write back" under a summary, or on its "Cancel"."""
    session, person, chat_id, zone = turn.session, turn.person, turn.chat_id, turn.zone
    gone = [Reply(chat_id, toast=turn.render.plain(text.BUTTON_GONE))]
    if person.role != "child":
        return gone
    if isinstance(tap, StopWritingBack):
        person.awaiting_input = None
        session.add(person)
        render = Renderer(person.locale, words_for(session, person), zone)
        return [Reply(chat_id, render(words.CHILD_REPLY_CANCELLED))]
    summary = session.get(Summary, tap.summary)
    review = session.get(Review, summary.review_id) if summary else None
    if (
        summary is None
        or review is None
        or summary.child_id != person.id
        or summary.status != "sent"
    ):
        return gone
    person.awaiting_input = f"{AWAIT_REPLY}{summary.id}"
    session.add(person)
    render = child_render(session, person, review, zone)
    cancel = Button(render.plain(words.CHILD_REPLY_CANCEL), StopWritingBack())
    return [Reply(chat_id, sentence(render(words.CHILD_REPLY_ASK)), [[cancel]])]


def on_child_text(turn: StaffTurn, message: str) -> list[Reply] | None:
    """The child's words back to their IRO (None if the bot did not ask for any)."""
    session, now, person, zone = turn.session, turn.now, turn.person, turn.zone
    awaiting = person.awaiting_input or ""
    number = awaiting[len(AWAIT_REPLY) :]
    if person.role != "child" or not awaiting.startswith(AWAIT_REPLY) or not number.isdigit():
        return None
    summary = session.get(Summary, int(number))
    review = session.get(Review, summary.review_id) if summary else None
    if summary is None or review is None or summary.child_id != person.id:
        person.awaiting_input = None
        session.add(person)
        return None
    chat_id = turn.chat_id
    render = child_render(session, person, review, zone)
    cancel = [[Button(render.plain(words.CHILD_REPLY_CANCEL), StopWritingBack())]]
    message = clean(message)
    if not message.strip():
        return [Reply(chat_id, render(words.CHILD_REPLY_TEXT_ONLY), cancel)]
    if len(message) > MAX_REPLY:
        return [Reply(chat_id, render(words.CHILD_REPLY_TOO_LONG), cancel)]
    person.awaiting_input = None
    session.add(person)
    reply = SummaryReply(
        summary_id=summary.id,  # type: ignore[arg-type]
        child_id=person.id,  # type: ignore[arg-type]
        text=message,  # exactly as written
        created_at=now,
    )
    session.add(reply)
    session.flush()
    planned = Planned(
        f"reply:{reply.id}", kinds.IRO_CHILD_REPLY, review.id, review.iro_id, now, None
    )
    insert_rows(session, [planned], now)
    log.info("review %s: the child wrote back (reply %s)", review.id, reply.id)
    return [Reply(chat_id, sentence(render(words.CHILD_REPLY_THANKS)))]


def reply_of(session: Session, key: str) -> SummaryReply | None:
    number = key.removeprefix("reply:")
    return session.get(SummaryReply, int(number)) if number.isdigit() else None


def for_iro(
    session: Session,
    reply: SummaryReply,
    iro: Person,
    child: Person,
    review: Review,
    zone: ZoneInfo,
) -> tuple[list[str], list[list[Button]]]:
    """What the IRO reads when the child writes back: the child's words exactly."""
    render = Renderer(iro.locale, zone=zone)
    quotes = quote_long(reply.text, limit=3500)
    first = render(words.IRO_CHILD_REPLY, child=child.name, date=render.day(review.scheduled_at))
    bodies = pack([first + "\n" + quotes[0], *quotes[1:]])
    label = render.plain(words.WRITE_TO_CHILD, child=first_name(child))
    return bodies, [[Button(label, SummaryNew(review.id or 0))]]
