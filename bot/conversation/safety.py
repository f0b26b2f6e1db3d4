"""Every word a child sends, checked for signs they are not safe, before anything
else handles it; and files too big to keep, refused kindly before anything is saved.

The channel calls :func:`screen` first for every message, caption, edit and poll,
and sends the child's reply at once, then each adult's alert; it then reports
each alert's outcome (:func:`alert_sent`, :func:`alert_not_sent`) so the outbox
re-sends only what did not go.
"""

from __future__ import annotations

import logging

from sqlmodel import Session

from bot.consultation import answers, file_limits, flow, onboarding, prompts
from bot.conversation.speaker import child_turn
from bot.people.records import by_telegram_id, first_name
from bot.people.turns import Turn
from bot.platform.replies import Reply
from bot.platform.runtime import Runtime
from bot.safeguarding import alerts, detector, screening
from bot.workspace import summaries
from messages import safety
from messages.render import Renderer
from models import Summary

log = logging.getLogger(__name__)


def prepare() -> None:
    """Compile the disclosure patterns at start-up, before the first child writes."""
    detector.languages()


SCREENED_KINDS = ("message", "caption", "edited", "command", "poll", "group")
"""Where screened words were written (``kind`` of :func:`screen`)."""


def screen(rt: Runtime, user_id: int, words: list[str], kind: str) -> list[Reply]:
    """Every word a child (or a helper typing for one) sends, checked for signs they are
    not safe, before anything else handles it: ``kind`` is one of ``SCREENED_KINDS``.

    Its own transaction, so the alert is committed whatever happens to the rest of
    the update; the answer itself is saved by the usual handler, exactly as always.
    """
    said = "\n".join(w for w in words if w and w.strip())
    if not said:
        return []
    try:
        with rt.session() as session:
            return _screen(rt, session, user_id, said, kind)
    except Exception:
        # The operator's log has the cause; a child who may not be safe still gets the
        # numbers to call (the adults could not be told: never say they were).
        log.exception("safeguarding check failed for telegram user %s", user_id)
        if screening.screen_words(said) or screening.says_no(said):
            return [Reply(user_id, Renderer("en")(safety.CHILD_SAFETY_ONLY))]
        return []


def _screen(rt: Runtime, session: Session, user_id: int, said: str, kind: str) -> list[Reply]:
    person = by_telegram_id(session, user_id)
    if person is None:
        if kind != "group" and screening.screen_words(said):
            log.info("worrying words from telegram user %s, who is not linked", user_id)
            return [Reply(user_id, Renderer("en")(safety.STRANGER_SAFETY))]
        return []
    turn = child_turn(rt, session, person)
    if turn is None:
        return []  # a worker's own words, not a child's
    source, review_id = _source(turn, kind)
    answering = source.removeprefix("answer:") if source.startswith("answer:") else None
    screened = screening.screen_words(said, answering=answering, name=first_name(turn.child))
    if not screened:
        return []
    raised = alerts.raise_alert(
        session,
        rt.clock.now(),
        child=turn.child,
        actor=person,
        concerns=screened.concerns,
        rules=screened.rules,
        source=source,
        words=said,
        review_id=review_id,
        zone=rt.settings.zone,
    )
    return raised.replies


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
    rt: Runtime, user_id: int, kind: str, size: int | None, seconds: int | None
) -> list[Reply]:
    """A file over its limit: a kind reply (and the question again); empty if it is fine."""
    limit = file_limits.too_big(kind, size, seconds)
    if limit is None:
        return []
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return []  # a stranger hears who we are from the usual handler
        turn = child_turn(rt, session, person)
        render = turn.render if turn else Renderer(person.locale, zone=rt.settings.zone)
        what = render.translate(safety.WHAT_FILE.get(kind, safety.WHAT_FILE["document"]))
        log.info("a %s of %s bytes from person %s is over the limit", kind, size, person.id)
        if limit[0] == "bytes":
            most = render.plain(safety.MEGABYTES, number=limit[1] // file_limits.MB)
            notice = render(safety.TOO_BIG, what=what, limit=most)
        else:
            notice = render(safety.TOO_LONG_VOICE, minutes=limit[1] // 60)
        if turn is not None:
            found = flow.open_for(turn)
            if found is not None and found[1].status == "in_progress":
                return prompts.prompt(turn, found[1], notice)
        return [Reply(user_id, notice)]


def alert_sent(rt: Runtime, notification_id: int, message_id: int | None) -> None:
    """The channel delivered an alert with the update: the outbox must not send it again."""
    alerts.immediate_send_done(rt, notification_id, message_id)


def alert_not_sent(rt: Runtime, notification_id: int, cause: str) -> None:
    """The channel could not deliver an alert: the outbox retries it on its next pass."""
    alerts.immediate_send_failed(rt, notification_id, cause)
