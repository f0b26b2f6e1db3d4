"""Who is speaking: the person behind an update, or a stranger.

Every entry point that needs a known person is wrapped in :func:`known`: it
opens the unit of work, finds the active person behind the account and hands
the handler their ``StaffTurn``; a stranger hears who we are, and nothing else.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec

from sqlmodel import Session

from bot.people.records import HELPER_ROLES, by_telegram_id
from bot.people.turns import StaffTurn, Turn, make_turn, staff_turn
from bot.platform.replies import Reply
from bot.platform.runtime import Runtime
from messages import text
from messages.render import Renderer
from models import Person

P = ParamSpec("P")


def stranger(chat_id: int) -> list[Reply]:
    """What someone the bot does not know hears: what this is, and how to get a link."""
    return [Reply(chat_id, Renderer("en")(text.HELLO_STRANGER))]


def turn_for(
    rt: Runtime, session: Session, person: Person, message_id: int | None = None
) -> StaffTurn:
    """The person's own turn, now, in their language."""
    return staff_turn(session, rt.clock.now(), person, rt.settings.zone, message_id)


def child_turn(rt: Runtime, session: Session, person: Person) -> Turn | None:
    """The child's-side turn: a child, or a helper sitting with one (else None)."""
    return make_turn(session, rt.clock.now(), person, rt.settings.zone)


def known(
    handle: Callable[Concatenate[Runtime, StaffTurn, P], list[Reply]],
) -> Callable[Concatenate[Runtime, int, P], list[Reply]]:
    """One unit of work for someone we know; a stranger hears who we are, and nothing else."""

    @functools.wraps(handle)
    def run(rt: Runtime, user_id: int, /, *args: P.args, **kwargs: P.kwargs) -> list[Reply]:
        with rt.session() as session:
            person = by_telegram_id(session, user_id)
            if person is None:
                return stranger(user_id)
            return handle(rt, turn_for(rt, session, person), *args, **kwargs)

    return run


def not_helping(turn: StaffTurn) -> list[Reply]:
    """A worker with no child to help: helpers are told how; anyone else may not."""
    msgid = text.NOT_HELPING if turn.person.role in HELPER_ROLES else text.NOT_ALLOWED
    return [Reply(turn.chat_id, turn.render(msgid))]
