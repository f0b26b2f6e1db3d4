"""Who is speaking: the person behind an update, or a stranger.

``bot.conversation.handle`` finds the active person behind the account once per
update and hands every function their ``StaffTurn``; a stranger hears who we
are (:func:`stranger`), and nothing else.
"""

from __future__ import annotations

from sqlmodel import Session

from bot.conversation.sender import update_now
from bot.people.records import HELPER_ROLES
from bot.people.turns import StaffTurn, Turn, make_turn, staff_turn
from bot.platform.replies import Reply
from bot.platform.runtime import Runtime
from messages import text
from messages.languages import SOURCE, hinted_by
from messages.render import Renderer
from models import Person


def stranger(chat_id: int, hint: str | None = None) -> list[Reply]:
    """What someone the bot does not know hears: what this is, and how to get a link,
    in their app's language if we speak it (``hint``)."""
    return [Reply(chat_id, Renderer(hinted_by(hint) or SOURCE)(text.HELLO_STRANGER))]


def turn_for(
    rt: Runtime,
    session: Session,
    person: Person,
    message_id: int | None = None,
    chat_id: int | None = None,
) -> StaffTurn:
    """The person's own turn, now, in their language, answered where they wrote."""
    return staff_turn(
        session, update_now(rt, session), person, rt.settings.zone, message_id, chat_id
    )


def child_turn(
    rt: Runtime, session: Session, person: Person, chat_id: int | None = None
) -> Turn | None:
    """The child's-side turn: a child, or a helper sitting with one (else None)."""
    return make_turn(session, update_now(rt, session), person, rt.settings.zone, chat_id)


def not_helping(turn: StaffTurn) -> list[Reply]:
    """A worker with no child to help: helpers are told how; anyone else may not."""
    msgid = text.NOT_HELPING if turn.person.role in HELPER_ROLES else text.NOT_ALLOWED
    return [Reply(turn.chat_id, turn.render(msgid))]
