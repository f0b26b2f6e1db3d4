"""Roles are checked on every command and every button.

The tables below are the policy: every command the bot registers and every kind of
button data it acts on, tried as every role (a child, their IRO, social worker and
carer, a manager, and someone the bot does not know), with the outcome each should
get. A new command or button prefix fails the coverage tests until it is added here.

"refused" means the person is told no (or that the button no longer works) and sees
nothing of the child's; "ok" means the bot did what was asked.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlmodel import select

import handlers
from bot.platform.buttons import KINDS
from messages import iro as iro_words
from messages import safety, text
from models import Alert, Consultation
from tests.support import said

ROLES = ("child", "iro", "social_worker", "carer", "manager", "stranger")
OK, NO = "ok", "refused"


def _row(child: str, iro: str, sw: str, carer: str, manager: str, stranger: str) -> dict:
    return dict(zip(ROLES, (child, iro, sw, carer, manager, stranger), strict=True))


# The social worker and the carer are helping the child (helping mode) when they act.
COMMANDS = {
    "start": _row(OK, OK, OK, OK, OK, NO),
    "help": _row(OK, OK, OK, OK, OK, OK),
    "myreview": _row(OK, NO, OK, OK, NO, NO),
    "mywords": _row(OK, NO, OK, OK, NO, NO),
    # Staff are told their messages are in English; a helper changes the child's.
    "language": _row(OK, OK, OK, OK, OK, NO),
    "reviews": _row(NO, OK, OK, OK, OK, NO),
    "helpchild": _row(NO, NO, OK, OK, NO, NO),
    "stophelping": _row(NO, NO, OK, OK, NO, NO),
    "mydata": _row(OK, NO, NO, NO, NO, NO),
    "profile": _row(NO, OK, NO, NO, NO, NO),
    "held": _row(NO, OK, NO, NO, NO, NO),
    "stats": _row(NO, NO, NO, NO, OK, NO),
    # Pause My Review, or stop the bot waiting for words: anyone it knows.
    "stop": _row(OK, OK, OK, OK, OK, NO),
    "cancel": _row(OK, OK, OK, OK, OK, NO),
}

# Button data, built for the world below: {sky} the child, {review} their review,
# {consultation} their My Review, {alert} an alert about them.
BUTTONS = {
    "c:": ("c:{consultation}:0:skip", _row(OK, NO, OK, OK, NO, NO)),
    "w:": ("w:home:0", _row(OK, NO, OK, OK, NO, NO)),
    # With one language there is no language step: a language button never works.
    "l:": ("l:en", _row(NO, NO, NO, NO, NO, NO)),
    "h:": ("h:{sky}", _row(NO, NO, OK, OK, NO, NO)),
    "r:": ("r:{review}", _row(NO, OK, OK, OK, NO, NO)),
    # /reviews in a view, at a page: what /reviews itself allows (managers see theirs).
    "rv:": ("rv:act:1", _row(NO, OK, OK, OK, OK, NO)),
    "go:": ("go:later", _row(OK, NO, OK, OK, NO, NO)),
    "n:": ("n:shared:{review}", _row(NO, NO, OK, NO, NO, NO)),
    "sos:": ("sos:{sky}", _row(OK, NO, OK, OK, NO, NO)),
    "ack:": ("ack:{alert}", _row(NO, OK, OK, NO, NO, NO)),
    "held:": ("held:pick:{review}", _row(NO, OK, NO, NO, NO, NO)),
    "sum:": ("sum:new:{review}", _row(NO, OK, NO, NO, NO, NO)),
    "prof:": ("prof:write", _row(NO, OK, NO, NO, NO, NO)),
    "fb:": ("fb:999999:0:x", _row(NO, NO, NO, NO, NO, NO)),
    "reply:": ("reply:{review}", _row(NO, NO, NO, NO, NO, NO)),
    "exp:": ("exp:md:{review}", _row(NO, OK, OK, NO, NO, NO)),
    # After an alert: the child (or the adult helping them) chooses what happens next.
    "aa:": ("aa:{alert}:pause", _row(OK, NO, OK, OK, NO, NO)),
}

REFUSALS = {
    said(msgid)
    for msgid in (
        text.NOT_ALLOWED,
        text.BUTTON_GONE,
        text.HELLO_STRANGER,
        safety.ONLY_FOR_CHILDREN,
        iro_words.PROFILE_ONLY_IRO,
        iro_words.HELD_ONLY_IRO,
        iro_words.HELD_GONE,
        iro_words.STATS_ONLY_MANAGERS,
        iro_words.EXPORT_NOT_ALLOWED,
    )
}


def test_every_command_is_in_the_table():
    assert set(COMMANDS) == set(handlers.COMMANDS)


def test_every_kind_of_button_is_in_the_table():
    assert set(BUTTONS) == {key[0] + ":" for key in KINDS}


@pytest.fixture
async def cast(world, team, manager, started_child):
    """Sky, with an open review and an alert; the social worker and carer helping her;
    Max Example, a manager (who joined before Sky); and a stranger."""
    iro, sw, carer = team
    sky = started_child
    review = sky.review_id
    await sky.send("i want to die")
    for helper in (sw, carer):
        await helper.send("/helpchild")
        await helper.tap("Sky Test")
    with world.rt.session() as session:
        consultation = session.exec(select(Consultation)).one().id
        alert = session.exec(select(Alert)).one().id
    people = {
        "child": sky,
        "iro": iro,
        "social_worker": sw,
        "carer": carer,
        "manager": manager,
        "stranger": world.user("Stranger"),
    }
    ids = {"sky": sky.person_id, "review": review, "consultation": consultation, "alert": alert}
    return SimpleNamespace(people=people, ids=ids, sky=sky)


def outcome(replies, person) -> str:
    """ "refused" when everything the person was told is a refusal; otherwise "ok"."""
    said = [m.plain for m in replies.to(person.chat_id) if m.plain]
    toast = replies.answer.text if replies.answer is not None else None
    if not said and toast is None:
        return OK  # done quietly (a message's buttons changed): a refusal always says so
    if all(s in REFUSALS for s in said) and (toast is None or toast in REFUSALS):
        return NO
    return OK


def leaks(replies, person) -> bool:
    """A refused person must see nothing of the child's."""
    return any("Sky" in m.plain for m in replies.to(person.chat_id))


@pytest.mark.parametrize("role", ROLES)
async def test_every_command_as_every_role(world, cast, role):
    person = cast.people[role]
    wrong = []
    for name, expected in COMMANDS.items():
        replies = await person.send(f"/{name}")
        got = outcome(replies, person)
        if got != expected[role]:
            wrong.append(f"/{name}: expected {expected[role]}, got {got}: {replies.texts[:1]}")
        elif got == NO and leaks(replies, person):
            wrong.append(f"/{name}: refused but showed the child's name")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
async def test_every_button_as_every_role(world, cast, role):
    person = cast.people[role]
    await cast.sky.send("/mywords")  # so a word button is one the child can tap now
    wrong = []
    for prefix, (template, expected) in BUTTONS.items():
        data = template.format(**cast.ids)
        replies = await person.tap_data(data, person.last.message_id if person.last else 1)
        got = outcome(replies, person)
        if got != expected[role]:
            shown = replies.texts[:1] or [replies.answer.text if replies.answer else None]
            wrong.append(f"{prefix} ({data}): expected {expected[role]}, got {got}: {shown}")
        elif got == NO and leaks(replies, person):
            wrong.append(f"{prefix} ({data}): refused but showed the child's name")
        assert world.double.unanswered_callback_queries == set()
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
