"""Steps many journeys share, written the way a person would do them, and a look at
what the bot kept afterwards.

The people are those of ``tests/journeys/conftest.py``: ``team`` is Jo Example (the
IRO), Pat Sample (the social worker) and Lee Sample (the carer).
"""

from __future__ import annotations

import json

from sqlmodel import select

from messages.languages import LANGUAGES
from models import Alert, Answer
from telegram_double import FakeUser
from tests.support import CHILD_DOB

WORDS = ["Nan's", "Nan", "Family time", "My meeting", "My social worker"]
SEND_PREFIX = "📨 Send to"
# Buttons on every question that are not answers: back, skip, pause, and help.
NAVIGATION = ("⬅️", "Skip", "⏸", "🆘", "✅ Done")
NOT_SAFE = "🆘 I don't feel safe"


# --- a child joins and chooses their words ------------------------------------------------


async def join_child(world, team, name: str = "Sky Test", dob=CHILD_DOB, **fields) -> FakeUser:
    """A child opens their invite link; the team are their IRO, social worker and carer.
    No review is scheduled and no word chosen yet: they are asked for their first word."""
    iro, sw, carer = team
    return await world.join(
        "child",
        name,
        dob=dob,
        iro_id=iro.person_id,
        social_worker_id=sw.person_id,
        carer_id=carer.person_id,
        **fields,
    )


async def choose_words(
    child: FakeUser, words: list[str] = WORDS, language: str = "English"
) -> None:
    """Tap a suggestion for each Language that Cares word (after the language, if the
    picker is showing: a helper starting with a child who never opened their link)."""
    picker = child.last_with_buttons()
    if picker is not None and picker.button(f"l:{language_code(language)}") is not None:
        await child.tap(language)
    for label in words:
        await child.tap(label)


def language_code(name: str) -> str:
    """ "العربية" -> "ar": the picker's button for a language's own name."""
    return next(language.code for language in LANGUAGES if language.name == name)


# --- My Review --------------------------------------------------------------------------


def question_of(child: FakeUser) -> str:
    """The question text the child is looking at now."""
    message = child.last_with_buttons()
    assert message is not None
    return message.plain


async def answer_everything(child: FakeUser, words: str = "It's calm here") -> int:
    """Answer every question: first option, 🙂, or typed words. Returns how many."""
    for answered in range(60):
        # "🆘 I don't feel safe" is under every question: it is never an answer here.
        labels = [b for b in child.last_with_buttons().button_labels if b != NOT_SAFE]
        if any(label.startswith(SEND_PREFIX) for label in labels):
            return answered
        happy = next((label for label in labels if label.startswith("🙂")), None)
        if happy is not None:
            await child.tap(happy)
        elif "✅ Done" in labels:
            await child.tap(labels[0])
            await child.tap("✅ Done")
        elif len(labels) > 3:
            await child.tap(labels[0])
        else:
            await child.send(words)
    raise AssertionError("the consultation never reached its summary")


async def send_to_iro(child: FakeUser):
    label = next(b for b in child.last_with_buttons().button_labels if b.startswith(SEND_PREFIX))
    return await child.tap(label)


async def skip_to_send(child: FakeUser) -> None:
    """Skip every question left, and send My Review to the IRO from the summary."""
    for _ in range(80):
        labels = child.last_with_buttons().button_labels
        sending = [label for label in labels if label.startswith(SEND_PREFIX)]
        if sending:
            await child.tap(sending[0])
            return
        await child.tap("Skip ➡️")
    raise AssertionError("the consultation never reached its summary")


async def say_and_send(child: FakeUser, first_answer: str | None = None) -> None:
    """Start My Review, answer the first question in words (or skip it), skip the
    rest, and send it to the IRO."""
    await child.send("/myreview")
    if first_answer is not None:
        await child.send(first_answer)
    await skip_to_send(child)


# --- the IRO after the meeting -----------------------------------------------------------


async def record_held(iro: FakeUser, attended: bool = True, chaired: str = "No") -> None:
    """With /held, Jo records Sky's meeting of Tuesday 8 December as held face to face:
    Sky came (chairing as ``chaired`` says) and spoke for herself (PN1), or she did not
    come and her views were not conveyed (PN7)."""
    await iro.send("/held")
    await iro.tap("🗓 Sky Test · Tuesday 8 December")
    await iro.tap("Face to face")
    if attended:
        await iro.tap("Yes")
        await iro.tap(chaired)
        await iro.tap("PN1 · speaks for self")
    else:
        await iro.tap("No")
        await iro.tap("PN7 · views not conveyed")


# --- what the bot kept --------------------------------------------------------------------


def rows(world, model, *where) -> list:
    """Every row of ``model`` (matching ``where``), oldest first."""
    with world.rt.session() as session:
        query = select(model).order_by(*model.__table__.primary_key.columns)
        for condition in where:
            query = query.where(condition)
        return list(session.exec(query))


def answers(world) -> list[Answer]:
    """Every answer kept, oldest first."""
    return rows(world, Answer)


def alerts(world) -> list[Alert]:
    """Every safeguarding alert raised, oldest first."""
    return rows(world, Alert)


def member_update(world, user, status: str) -> dict:
    """Telegram's my_chat_member update when a person blocks ("kicked") or unblocks."""
    bot = world.double.bot_user()
    old = {"status": "member", "user": bot}
    new = {"status": status, "user": bot}
    if status == "kicked":
        new["until_date"] = 0
    else:
        old = {"status": "kicked", "user": bot, "until_date": 0}
    return {
        "update_id": world.double.next_update_id(),
        "my_chat_member": {
            "chat": world.double.chat_dict(user.chat_id),
            "from": dict(user.user),
            "date": 0,
            "old_chat_member": old,
            "new_chat_member": new,
        },
    }


async def blocks_the_bot(world, user) -> None:
    """The person blocks the bot (Telegram tells it with ``my_chat_member``)."""
    await user.deliver(member_update(world, user, "kicked"))


# --- Telegram's command menus -------------------------------------------------------


def menu_of(world, chat_id: int | None = None) -> list[str]:
    """The commands a chat's menu lists (``None``: everyone's default menu)."""
    wanted = {"type": "default"} if chat_id is None else {"type": "chat", "chat_id": chat_id}
    for key, commands in world.double.commands.items():
        scope, language = json.loads(key)
        scope = json.loads(scope) if isinstance(scope, str) else scope
        if scope == wanted and not language:
            return [c["command"] for c in commands]
    return []
