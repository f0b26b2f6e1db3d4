"""The update queue behind ``getUpdates``, for apps that poll the double.

Telegram keeps a user's updates until the bot confirms them with a higher ``offset``, lets a
``getUpdates`` call wait (long polling) until something arrives, and refuses a second poll
while one is waiting (409 Conflict: two bot instances). :class:`UpdateQueue` does the same;
updates may be pushed from another thread, e.g. a demo reading stdin.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools

from telegram_double.errors import DEFAULT_ERROR_DESCRIPTIONS, ApiError
from telegram_double.wire import JSONDict


class UpdateQueue:
    """Updates waiting for ``getUpdates``, and the update ids they are numbered with."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self.last_id = 0
        self._queue: list[JSONDict] = []
        self._event: asyncio.Event | None = None
        self._event_loop: asyncio.AbstractEventLoop | None = None
        self._long_polls = 0

    def __len__(self) -> int:
        return len(self._queue)

    def next_id(self) -> int:
        """A fresh update id; ids increase across all users, like Telegram's."""
        self.last_id = next(self._ids)
        return self.last_id

    def put(self, update: JSONDict) -> None:
        """Queue ``update`` (which has its ``update_id``) and wake a waiting long poll."""
        self._queue.append(update)
        self._wake_long_poll()

    def pending(self) -> list[JSONDict]:
        """Updates not yet confirmed by an offset, oldest first."""
        return list(self._queue)

    def drop_pending(self) -> None:
        """Forget every queued update (``deleteWebhook(drop_pending_updates=True)``)."""
        self._queue.clear()

    async def get_updates(self, params: JSONDict, *, long_poll_cap: float) -> list[JSONDict]:
        """Answer ``getUpdates``, waiting at most ``long_poll_cap`` seconds for an update."""
        offset = params.get("offset")
        if isinstance(offset, int) and offset < 0:
            self._queue = self._queue[offset:]
        elif isinstance(offset, int) and offset > 0:
            self._queue = [u for u in self._queue if u["update_id"] >= offset]
        allowed = params.get("allowed_updates") or []
        if allowed:
            self._queue = [u for u in self._queue if (set(u) - {"update_id"}) & set(allowed)]
        limit = int(params.get("limit") or 100)
        wait = min(float(params.get("timeout") or 0), long_poll_cap)
        if self._long_polls:
            # Telegram allows one getUpdates at a time: two pollers mean two bot instances.
            raise ApiError(409, DEFAULT_ERROR_DESCRIPTIONS[409])
        if not self._queue and wait > 0:
            event = self._updates_event()
            event.clear()
            self._long_polls += 1
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), wait)
            finally:
                self._long_polls -= 1
        return [copy.deepcopy(u) for u in self._queue[:limit]]

    def _updates_event(self) -> asyncio.Event:
        loop = asyncio.get_running_loop()
        if self._event is None or self._event_loop is not loop:
            self._event = asyncio.Event()
            self._event_loop = loop
        return self._event

    def _wake_long_poll(self) -> None:
        event, loop = self._event, self._event_loop
        if event is None or loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            event.set()
        else:  # pushed from another thread (e.g. a demo reading stdin)
            loop.call_soon_threadsafe(event.set)
