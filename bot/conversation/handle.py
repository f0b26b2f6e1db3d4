"""One update, one unit of work: de-duplicated, screened, answered.

:func:`handle` is the only door from a channel into the conversation. In one
transaction it

1. records the update's key, so a re-delivered update (a crash before Telegram
   heard back, a slow webhook) changes nothing and sends nothing;
2. reads every word for signs a child is not safe and raises the alert
   (``bot.conversation.safety``), before anything else can hide it;
3. refuses what must be refused (a group chat, a file too big to keep);
4. does what the person asked: a command, words, a photo, a button…

If step 4 fails, the alert and the record of the update are still committed, and
the person is told kindly that something went wrong: step 4 runs in a savepoint
when the words raised an alert; otherwise the transaction is rolled back and the
record of the update kept in one of its own (a savepoint costs two statements on
every update, and most updates raise nothing).
Nothing is sent until the transaction is committed; the channel then sends the
returned replies in order (the child's safety reply first, then each adult's
alert, then the rest).
"""

from __future__ import annotations

import logging
import time

from sqlmodel import Session

from bot.calendar.reviews import remember_open_reviews
from bot.conversation import buttons, commands, membership, safety, typed
from bot.conversation.incoming import Incoming
from bot.conversation.sender import sender, update_now
from bot.conversation.speaker import stranger, turn_for
from bot.people.addresses import hold
from bot.people.turns import StaffTurn
from bot.platform import handled, metrics
from bot.platform.replies import Reply
from bot.platform.runtime import Runtime
from messages import text
from messages.render import Renderer

log = logging.getLogger(__name__)


def handle(rt: Runtime, incoming: Incoming) -> list[Reply]:
    """Everything one update does, committed before anything is sent."""
    started = time.perf_counter()
    outcome = "handled"
    try:
        replies = _handle(rt, incoming)
    except BaseException:
        outcome = "failed"
        raise
    finally:
        seconds = time.perf_counter() - started
        metrics.record_update(incoming.kind, outcome, seconds)
        # Ids, the kind and the time: never the words (the JSON format gives each a field).
        log.info(
            "update %s (%s) %s in %.1f ms",
            incoming.key,
            incoming.kind,
            outcome,
            seconds * 1000,
            extra={"update": incoming.key, "ms": round(seconds * 1000, 1)},
        )
    return replies


class _Failed(Exception):
    """Step 4 failed with no alert to keep: undo the whole transaction."""


def _handle(rt: Runtime, incoming: Incoming) -> list[Reply]:
    try:
        try:
            return _in_one_transaction(rt, incoming)
        except _Failed as failed:
            log.error(
                "update %s failed: %s",
                incoming.key,
                type(failed.__cause__).__name__,
                exc_info=failed.__cause__,
            )
            if incoming.key is not None:
                with rt.session() as session:
                    handled.first_time(session, incoming.key, rt.clock.now())
            return [Reply(incoming.user_id, Renderer("en")(text.SOMETHING_WENT_WRONG))]
    except Exception:
        # Nothing could be kept (the database is away). A child who may not be safe
        # still gets the numbers to call; nobody could be told, so it never says so.
        log.exception("update %s could not be kept", incoming.key)
        return safety.numbers_only(incoming) or [
            Reply(incoming.user_id, Renderer("en")(text.SOMETHING_WENT_WRONG))
        ]


def _in_one_transaction(rt: Runtime, incoming: Incoming) -> list[Reply]:
    with rt.session() as session:
        remember_open_reviews(session)
        now = update_now(rt, session)
        if incoming.key is not None and not handled.first_time(session, incoming.key, now):
            log.info("update %s was handled already: nothing to do", incoming.key)
            return []
        # One person's updates one at a time, whichever process has them.
        person = sender(session, incoming.user_id, now, lock=True)
        if person is not None:
            hold(session, person)
        turn = (
            turn_for(rt, session, person, incoming.message_id, incoming.user_id) if person else None
        )
        told = safety.screen(rt, session, incoming, turn)
        if told.alert_id is None and not told.mine:
            try:
                replies = _answer(rt, session, incoming, turn, told)
            except Exception as exc:
                raise _Failed from exc
        else:
            try:
                with session.begin_nested():
                    replies = _answer(rt, session, incoming, turn, told)
            except Exception as exc:
                # The alert and the record of the update stay; the rest is undone.
                log.error("update %s failed: %s", incoming.key, type(exc).__name__, exc_info=exc)
                replies = [Reply(incoming.user_id, Renderer("en")(text.SOMETHING_WENT_WRONG))]
    return [*told.mine, *told.theirs, *replies]


def _answer(
    rt: Runtime,
    session: Session,
    incoming: Incoming,
    turn: StaffTurn | None,
    told: safety.Told,
) -> list[Reply]:
    """What the person asked for, once their words have been screened."""
    user_id = incoming.user_id
    if not incoming.private:
        if incoming.kind == "button":
            return [Reply(user_id, toast=Renderer("en").plain(text.PRIVATE_CHATS_ONLY))]
        if incoming.kind in ("blocked", "unblocked"):
            return []
        where = incoming.chat_id if incoming.chat_id is not None else user_id
        return [Reply(where, Renderer("en")(text.PRIVATE_CHATS_ONLY))]
    if incoming.kind == "edited":
        # Keep the first version (it may already be read), and say so.
        return [Reply(user_id, Renderer("en")(text.EDITED_MESSAGE))]
    if incoming.kind in ("blocked", "unblocked"):
        return membership.changed(turn, blocked=incoming.kind == "blocked")
    if incoming.file_kind is not None:
        refused = safety.too_big(rt, session, turn, incoming)
        if refused:
            return refused
    if incoming.kind == "command":
        return commands.run(rt, session, incoming, turn)
    if incoming.kind == "button":
        return buttons.button(turn, incoming)
    if turn is None:
        return stranger(user_id, incoming.language_hint)
    if incoming.kind == "text":
        return typed.words(
            turn, incoming.text or "", quiet_when_idle=bool(told.mine), after_alert=told.alert_id
        )
    if incoming.kind in ("photo", "voice") and incoming.file_id:
        return typed.media(
            turn, incoming.kind, incoming.file_id, incoming.text, after_alert=told.alert_id
        )
    return typed.other(turn)
