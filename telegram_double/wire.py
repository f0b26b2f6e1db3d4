"""The Bot API's wire format, as every part of the double shares it.

Bot API objects travel as JSON dicts (:data:`JSONDict`); chat ids arrive as ints or strings;
dates are Unix seconds. Nothing here knows about PTB or the double's state.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

JSONDict = dict[str, Any]

# Media a message can carry, in the order we look for them to name a message's kind.
MEDIA_KINDS = (
    "photo",
    "voice",
    "video",
    "video_note",
    "audio",
    "animation",
    "document",
    "sticker",
    "location",
    "contact",
    "poll",
)


def now() -> int:
    """The current time as a Bot API ``date`` (Unix seconds)."""
    return int(time.time())


def as_chat_id(value: object) -> int | str | None:
    """A ``chat_id`` parameter as Telegram reads it: an int if it is one, else the string."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    text = str(value)
    with contextlib.suppress(ValueError):
        return int(text)
    return text
