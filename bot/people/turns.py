"""Who is speaking in this update, and on whose behalf.

A ``Turn`` is one update's worth of context for the child's side: the person
who sent it (the child, or a carer or social worker in helping mode), the child
whose My Review it is, the time, the chat to answer in, and a renderer in the
child's language with the child's own words. Every function of the child's
conversation takes one, so none of them looks these up again.

A ``StaffTurn`` is the same for a person acting as themselves: an IRO recording
a meeting, a social worker sharing a report, a manager reading the figures (and
a child on the few buttons that are about them, not their My Review). Every
staff handler takes one instead of looking up the chat and the renderer again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.people.addresses import address_of
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


def make_turn(
    session: Session, now: datetime, actor: Person, zone: object, chat_id: int | None = None
) -> Turn | None:
    """The turn for a child, or for a helper with the child they are helping, answered in
    ``chat_id`` (the chat the update came from; by default where they are written to)."""
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
    here = chat_id if chat_id is not None else address_of(actor) or 0
    return Turn(session, now, actor, child, here, render)


@dataclass
class StaffTurn:
    """One update from a person acting as themselves: who, when, and where to answer."""

    session: Session
    now: datetime
    person: Person
    chat_id: int
    render: Renderer
    """In the person's own language (a child's words are not in it: see ``Turn``)."""
    zone: ZoneInfo
    message_id: int | None = None
    """The message whose button was tapped, if any (to edit it or take its buttons)."""
    _child: Turn | None = field(default=None, repr=False)
    _child_known: bool = field(default=False, repr=False)

    def child_turn(self) -> Turn | None:
        """The child's-side turn for this person, if they are a child or helping one
        (worked out once per update: every part of the update shares it)."""
        if not self._child_known:
            self._child = make_turn(self.session, self.now, self.person, self.zone, self.chat_id)
            self._child_known = True
        return self._child

    def forget_child_turn(self) -> None:
        """Work the child's turn out again (the person started or stopped helping)."""
        self._child_known = False


def staff_turn(
    session: Session,
    now: datetime,
    person: Person,
    zone: ZoneInfo,
    message_id: int | None = None,
    chat_id: int | None = None,
) -> StaffTurn:
    """The turn of a person acting as themselves, answered in ``chat_id`` (the chat the
    update came from; by default where they are written to)."""
    render = Renderer(person.locale, zone=zone)
    here = chat_id if chat_id is not None else address_of(person) or 0
    return StaffTurn(session, now, person, here, render, zone, message_id)
