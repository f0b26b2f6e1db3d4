"""Who is speaking in this update, and on whose behalf.

A ``Turn`` is one update's worth of context for the child's side: the person
who sent it (the child, or a carer or social worker in helping mode), the child
whose My Review it is, the time, the chat to answer in, and a renderer in the
child's language with the child's own words. Every function of the child's
conversation takes one, so none of them looks these up again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.people.own_words import words_for
from bot.platform.access import may_help
from messages.render import Renderer
from models import Person


@dataclass
class Turn:
    """One update's worth of context: who is speaking, and whose My Review it is."""

    session: Session
    now: datetime
    actor: Person
    child: Person
    chat_id: int
    render: Renderer

    @property
    def helping(self) -> bool:
        return self.actor.id != self.child.id


def make_turn(session: Session, now: datetime, actor: Person, zone: object) -> Turn | None:
    """The turn for a child, or for a helper with the child they are helping."""
    child = actor
    if actor.role != "child":
        if actor.helping_child_id is None:
            return None
        child = session.get(Person, actor.helping_child_id)  # type: ignore[assignment]
        if not may_help(actor, child):
            actor.helping_child_id = None
            session.add(actor)
            return None
    render = Renderer(child.locale, words_for(session, child), zone)  # type: ignore[arg-type]
    return Turn(session, now, actor, child, actor.telegram_user_id or 0, render)
