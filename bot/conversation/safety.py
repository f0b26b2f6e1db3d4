"""Every word a child sends, checked for signs they are not safe, before anything
else handles it; and files too big to keep, refused kindly before anything is saved.

``bot.conversation.handle`` calls :func:`screen` first for every update with
words (a message, a caption, an edit, a poll, a command's words); the channel
sends the child's reply at once, then each adult's alert, and reports each
alert's outcome (:func:`alert_sent`, :func:`alert_not_sent`) so the outbox
re-sends only what did not go.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlmodel import Session

from bot.consultation import answers, file_limits, flow, onboarding, prompts
from bot.conversation.incoming import Incoming
from bot.people.records import first_name
from bot.people.turns import StaffTurn, Turn
from bot.platform.replies import Reply
from bot.platform.runtime import Runtime
from bot.safeguarding import alerts, detector, screening, written_in
from bot.workspace import summaries
from messages import safety
from messages.render import Renderer
from models import Summary

log = logging.getLogger(__name__)


def prepare() -> None:
    """Compile the disclosure patterns and load the language identifier, both off the
    start-up path: words that arrive before they are ready wait for them."""
    detector.compile_in_background()
    written_in.prepare_in_background()


@dataclass
class Told:
    """What the screening says at once: to the child (or their helper), and to each adult."""

    mine: list[Reply] = field(default_factory=list)
    theirs: list[Reply] = field(default_factory=list)
    alert_id: int | None = None
    """The alert the words raised, if any."""


def screen(rt: Runtime, session: Session, incoming: Incoming, turn: StaffTurn | None) -> Told:
    """Every word a child (or a helper typing for one) sends, checked for signs they are
    not safe, before anything else handles it, in the update's own transaction.

    A failure here never stops the update: it is logged, and a child whose words look
    worrying still gets the numbers to call (nobody could be told: it never says so).
    """
    said = "\n".join(w for w in incoming.words if w and w.strip())
    if not said:
        return Told()
    try:
        return _screen(rt, session, incoming, turn, said)
    except Exception:
        log.exception("safeguarding check failed for telegram user %s", incoming.user_id)
        return Told(numbers_only(incoming))


def numbers_only(incoming: Incoming) -> list[Reply]:
    """Childline and 999, for words that look worrying when nobody could be told."""
    said = "\n".join(w for w in incoming.words if w and w.strip())
    if said and (screening.screen_words(said) or screening.says_no(said)):
        return [Reply(incoming.user_id, Renderer("en")(safety.CHILD_SAFETY_ONLY))]
    return []


def _screen(
    rt: Runtime, session: Session, incoming: Incoming, turn: StaffTurn | None, said: str
) -> Told:
    source = incoming.source if incoming.private else "group"
    if turn is None:
        if source != "group" and screening.screen_words(said):
            log.info("worrying words from telegram user %s, who is not linked", incoming.user_id)
            return Told([Reply(incoming.user_id, Renderer("en")(safety.STRANGER_SAFETY))])
        return Told()
    child = turn.child_turn()
    if child is None:
        return Told()  # a worker's own words, not a child's
    where, review_id = _source(child, source)
    answering = where.removeprefix("answer:") if where.startswith("answer:") else None
    screened = screening.screen_words(said, answering=answering, name=first_name(child.child))
    if not screened:
        return Told()
    # A savepoint only here: if raising the alert fails, the update still goes on.
    with session.begin_nested():
        raised = alerts.raise_alert(
            session,
            turn.now,
            child=child.child,
            actor=turn.person,
            concerns=screened.concerns,
            rules=screened.rules,
            source=where,
            words=said,
            review_id=review_id,
            zone=turn.zone,
            chat_id=turn.chat_id,
        )
    return Told(list(raised.to_actor), list(raised.to_staff), raised.alert.id)


def _source(turn: Turn, kind: str) -> tuple[str, int | None]:
    """Where the words were written (for the adults), and the open review if any."""
    found = flow.open_for(turn)
    review_id = found[0].id if found else None
    if kind not in ("message", "caption"):
        return kind, review_id
    awaiting = turn.child.awaiting_input or ""
    if not turn.helping and awaiting.startswith(summaries.AWAIT_REPLY):
        # Writing back to their IRO about the summary of their meeting.
        number = awaiting.removeprefix(summaries.AWAIT_REPLY)
        summary = turn.session.get(Summary, int(number)) if number.isdigit() else None
        return "reply", summary.review_id if summary is not None else review_id
    if onboarding.in_setup(turn.child):
        return "words", review_id
    if found is None:
        return kind, None
    record = found[1]
    if record.status == "in_progress" and record.current_key == answers.SUMMARY:
        return "summary", review_id
    if record.status == "in_progress" and record.current_key:
        return f"answer:{record.current_key}", review_id
    if record.status == "sent":
        return "addition", review_id
    return kind, review_id


def too_big(
    rt: Runtime, session: Session, turn: StaffTurn | None, incoming: Incoming
) -> list[Reply]:
    """A file over its limit: a kind reply (and the question again); empty if it is fine."""
    kind = incoming.file_kind or "document"
    limit = file_limits.too_big(kind, incoming.file_size, incoming.seconds)
    if limit is None or turn is None:
        return []  # a stranger hears who we are from the usual handler
    child = turn.child_turn()
    render = child.render if child else turn.render
    what = render.translate(safety.WHAT_FILE.get(kind, safety.WHAT_FILE["document"]))
    log.info(
        "a %s of %s bytes from person %s is over the limit",
        kind,
        incoming.file_size,
        turn.person.id,
    )
    if limit[0] == "bytes":
        most = render.phrase(safety.MEGABYTES, number=limit[1] // file_limits.MB)
        notice = render(safety.TOO_BIG, what=what, limit=most)
    else:
        notice = render(safety.TOO_LONG_VOICE, minutes=limit[1] // 60)
    if child is not None:
        found = flow.open_for(child)
        if found is not None and found[1].status == "in_progress":
            return prompts.prompt(child, found[1], notice)
    return [Reply(turn.chat_id, notice)]


def alert_sent(rt: Runtime, notification_id: int, message_id: int | None) -> None:
    """The channel delivered an alert with the update: the outbox must not send it again."""
    alerts.immediate_send_done(rt, notification_id, message_id)


def alert_not_sent(rt: Runtime, notification_id: int, cause: str) -> None:
    """The channel could not deliver an alert: the outbox retries it on its next pass."""
    alerts.immediate_send_failed(rt, notification_id, cause)
