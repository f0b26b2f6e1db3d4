"""How the dispatcher sends: a small interface, so one pass runs the same from the
JobQueue inside ``myreview run``, from ``myreview reminders run`` and from tests.

``bot/app.py`` adapts python-telegram-bot (and its rate limiter) to it; the
errors below are what the dispatcher needs to know of Telegram's, and nothing
more, so ``bot/reminders`` never imports ``telegram``.
"""

from __future__ import annotations

from typing import Protocol

from bot.platform.replies import Button


class Sender(Protocol):
    async def send(
        self, chat_id: int, text: str, buttons: list[list[Button]], *, urgent: bool = False
    ) -> int:
        """Send one Telegram HTML message; return its message id, or raise a ``SendError``.
        ``urgent``: a safeguarding alert, which goes before any reminder waiting."""
        ...


class SendError(Exception):
    """Telegram did not take the message. ``str()`` is the cause, never the message."""


class Blocked(SendError):
    """403: the person blocked the bot (or deleted their account)."""


class RateLimited(SendError):
    """429, still, after the rate limiter waited and retried as told."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"flood control: retry after {retry_after:g}s")
        self.retry_after = retry_after


class Temporary(SendError):
    """A network error, a time-out or a 5xx: worth trying again later."""


class Rejected(SendError):
    """Telegram refused the message itself (400): trying again would not help."""
