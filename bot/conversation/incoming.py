"""What a person did, as plain values: the channel's half of an update.

A channel (Telegram, the web chat) turns each update into one ``Incoming`` and
hands it to :func:`bot.conversation.handle.handle`; nothing here knows which
channel it came from, except the key it is de-duplicated by.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "command",  # /start, /myreview… (``command`` and ``argument``)
    "text",  # words typed (``text``)
    "photo",  # a photo (``file_id``, ``text`` its caption)
    "voice",  # a voice note (``file_id``, ``text`` its caption)
    "other",  # a sticker, location, contact, poll, file…
    "edited",  # an edited message: screened, never taken as an answer
    "button",  # a tapped button (``data``, ``message_id``)
    "blocked",  # the person blocked the bot
    "unblocked",  # …or unblocked it
]

SCREENED_SOURCES = ("message", "caption", "edited", "command", "poll", "group")
"""Where screened words were written, as the alert tells the adults."""


@dataclass(frozen=True)
class Incoming:
    """One update, as the core needs it."""

    user_id: int
    """Who: the account the channel knows them by (a Telegram user id)."""
    kind: Kind
    key: str | None = None
    """The channel's id of this update (``tg:<bot>:<update id>``), to act on it once."""
    private: bool = True
    """False in a group chat: children's data never goes to a group."""
    chat_id: int | None = None
    """Where it was written, when that is not the person's own chat (a group)."""
    command: str | None = None
    argument: str | None = None
    """What follows a command: an invite token after /start."""
    text: str | None = None
    file_id: str | None = None
    file_kind: str | None = None
    """photo, voice, document, video, audio, video_note, animation: for the size check."""
    file_size: int | None = None
    seconds: int | None = None
    data: object = None
    """A button's data, exactly as the channel received it (never trusted)."""
    message_id: int | None = None
    """The message a tapped button is on."""
    words: tuple[str, ...] = ()
    """Every word in the update, to be screened: the text, a caption, a poll's options."""
    source: str = "message"
    """Where the words were written (one of :data:`SCREENED_SOURCES`)."""
    language_hint: str | None = None
    """The app's language, as the channel reports it (Telegram's ``language_code``):
    only a hint, to offer that language first. A Dari speaker's phone often says ``fa``."""
