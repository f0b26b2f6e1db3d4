"""Updates handled side by side, each person's in the order they sent them.

python-telegram-bot handles updates one at a time unless told otherwise; then a
burst (a class answering together, a Monday's replies) waits in one line. This
processor overlaps different people's updates and keeps each person's in order:
their second answer is never saved before their first. The core also locks the
person's row (``bot.people.addresses.hold``), so the order holds across processes
too; this keeps it within one process without tying up a database connection.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MOST_AT_ONCE = 32
"""Updates in hand at once: more than the worker threads and database connections,
so both stay busy, few enough that a flood cannot take every connection."""


def person_of(update: object) -> int | None:
    """Whose update this is: the person, else the chat (a channel post); None if neither."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    if update.effective_chat is not None:
        return update.effective_chat.id
    return None


class PerPersonOrder(BaseUpdateProcessor):
    """Different people's updates at once, up to ``MOST_AT_ONCE``; one person's in order."""

    def __init__(self, max_concurrent_updates: int = MOST_AT_ONCE) -> None:
        super().__init__(max_concurrent_updates)
        self._lines: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        who = person_of(update)
        if who is None:
            await super().process_update(update, coroutine)
            return
        # The person's line is joined before anything else is awaited: the Application
        # starts one task per update in the order they came, and an asyncio.Lock lets
        # its waiters in first come, first served, so the order is kept.
        line = self._lines.setdefault(who, asyncio.Lock())
        self._waiting[who] = self._waiting.get(who, 0) + 1
        try:
            async with line:
                await super().process_update(update, coroutine)
        finally:
            self._waiting[who] -= 1
            if not self._waiting[who]:
                del self._waiting[who], self._lines[who]

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        await coroutine

    async def initialize(self) -> None:
        """Nothing to set up: the lines are made as people write."""

    async def shutdown(self) -> None:
        """Nothing to let go of: a line ends with its last update."""

    @property
    def people_waiting(self) -> int:
        """People with an update in hand or waiting (for tests and metrics)."""
        return len(self._lines)
