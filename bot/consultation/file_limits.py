"""Files a child can send, and how big they may be.

A photo, voice note or file over its limit is refused kindly before anything is
saved (``file_size`` on the update: the bot never downloads it). The limits are
what the product can use: the Bot API lets a bot download at most 20 MB, and
Telegram compresses photos to well under 10 MB.
"""

from __future__ import annotations

from typing import Final

MB: Final = 1024 * 1024
MAX_BYTES: Final = {
    "photo": 10 * MB,
    "voice": 20 * MB,
    "document": 20 * MB,
    "video": 20 * MB,
    "audio": 20 * MB,
    "video_note": 20 * MB,
    "animation": 20 * MB,
}
MAX_VOICE_SECONDS: Final = 10 * 60


def too_big(kind: str, size: int | None, seconds: int | None = None) -> tuple[str, int] | None:
    """("bytes", limit) or ("seconds", limit) when a file is over its limit; else None."""
    limit = MAX_BYTES.get(kind)
    if limit is not None and size is not None and size > limit:
        return "bytes", limit
    if kind == "voice" and seconds is not None and seconds > MAX_VOICE_SECONDS:
        return "seconds", MAX_VOICE_SECONDS
    return None
