"""What a posted form means to the core: one ``Incoming``, exactly as Telegram's
adapters in ``handlers/updates.py`` make one.

Each form carries a random ``key`` (rendered with the page): the update is
de-duplicated by it, so a double tap on "Send", or a browser re-posting a form,
is handled once.
"""

from __future__ import annotations

import re
from typing import Final

from bot.conversation.incoming import Incoming
from bot.people.addresses import web_address

LONGEST_TEXT: Final = 4096
"""Telegram's limit for one message: the same words fit either channel."""
_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_COMMAND = re.compile(r"^/([a-z]{1,32})(?:@\w+)?(?:\s+(.*))?$", re.DOTALL | re.IGNORECASE)


def update_key(person_id: int, key: object) -> str | None:
    """``web:<person>:<form key>``; None for a key that is not one of ours."""
    if not isinstance(key, str) or not _KEY.match(key):
        return None
    return f"web:{person_id}:{key}"


def typed(person_id: int, key: str | None, words: str, hint: str | None) -> Incoming:
    """Words typed in the box: a command if they start with one, as in Telegram."""
    address = web_address(person_id)
    command = _COMMAND.match(words.strip())
    if command:
        name, rest = command.group(1).lower(), command.group(2) or ""
        return Incoming(
            user_id=address,
            kind="command",
            key=key,
            command=name,
            argument=None,  # an invite token is never typed on the web
            text=words,
            words=(rest,) if rest and name != "start" else (),
            source="command",
            language_hint=hint,
        )
    return Incoming(
        user_id=address,
        kind="text",
        key=key,
        text=words,
        words=(words,),
        source="message",
        language_hint=hint,
    )


def tapped(person_id: int, key: str | None, data: object, message_id: object) -> Incoming:
    """A button: its data exactly as posted (the core never trusts it)."""
    number = message_id if isinstance(message_id, str) and message_id.isdigit() else None
    return Incoming(
        user_id=web_address(person_id),
        kind="button",
        key=key,
        data=data if isinstance(data, str) else None,
        message_id=int(number) if number and len(number) < 12 else None,
    )


def sent_file(
    person_id: int,
    key: str | None,
    kind: str,
    file_id: str,
    size: int,
    caption: str,
    seconds: int | None,
) -> Incoming:
    """A photo or voice note, already kept as ``web:<id>``."""
    return Incoming(
        user_id=web_address(person_id),
        kind="photo" if kind == "photo" else "voice",
        key=key,
        text=caption or None,
        file_id=file_id,
        file_kind=kind,
        file_size=size,
        seconds=seconds,
        words=(caption,) if caption else (),
        source="caption",
    )


def started(person_id: int, key: str, hint: str | None) -> Incoming:
    """The chat's first message, once the child has chosen their secret word: as if
    they had opened the bot in Telegram."""
    return Incoming(
        user_id=web_address(person_id),
        kind="command",
        key=key,
        command="start",
        language_hint=hint,
    )
