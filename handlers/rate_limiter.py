"""python-telegram-bot's AIORateLimiter, with reminders behind people, and the time
each call waited counted for ``/metrics`` (``myreview_rate_limiter_wait_seconds``).

Telegram allows a bot about 30 messages a second. A Monday's 10,000 reminders
would fill that for five minutes; if every call waited in one line, a child's
reply, and a safeguarding alert, would wait behind them. So a call marked
``BACKGROUND`` (a reminder; ``TelegramSender`` marks them) is let in only

* at most ``REMINDERS_PER_SECOND``, so the rest of the 30 is always free for people;
* at most one a second to any one chat, as Telegram asks;
* and only while no call for a person (a reply, an alert) is waiting.

Everything else goes straight to PTB's limiter, which keeps the overall and
per-group limits and retries after a 429 as Telegram says.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter

from bot.platform import metrics

Result = bool | dict[str, Any] | list[dict[str, Any]]

REMINDERS_PER_SECOND = 24
"""Of Telegram's 30 a second: the other 6 are kept for replies and alerts."""


class Background:
    """``rate_limit_args`` for a call that can wait for people's: a reminder."""

    def __repr__(self) -> str:
        return "BACKGROUND"


BACKGROUND = Background()


class CountingRateLimiter(AIORateLimiter):
    """PTB's limiter, people first; the time each call waited, counted."""

    def __init__(self, *, reminders_per_second: float = REMINDERS_PER_SECOND, **kwargs: Any):
        super().__init__(**kwargs)
        self._reminders = AsyncLimiter(reminders_per_second, 1)
        self._per_chat: dict[object, AsyncLimiter] = {}
        self._people_waiting = 0
        self._nobody_waiting = asyncio.Event()
        self._nobody_waiting.set()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Any,
    ) -> Result:
        asked = time.perf_counter()
        sent: list[float] = []

        async def timed(*a: Any, **k: Any) -> Result:
            sent.append(time.perf_counter())
            return await callback(*a, **k)

        try:
            if isinstance(rate_limit_args, Background):
                return await self._background(timed, args, kwargs, endpoint, data)
            return await self._for_a_person(timed, args, kwargs, endpoint, data, rate_limit_args)
        finally:
            if sent:
                metrics.RATE_LIMITER_WAIT.observe(sent[0] - asked)

    async def _for_a_person(self, *request: Any) -> Result:
        self._people_waiting += 1
        self._nobody_waiting.clear()
        try:
            return await super().process_request(*request)
        finally:
            self._people_waiting -= 1
            if not self._people_waiting:
                self._nobody_waiting.set()

    async def _background(
        self, callback: Any, args: Any, kwargs: Any, endpoint: str, data: Any
    ) -> Result:
        chat = data.get("chat_id")
        per_chat = self._per_chat.setdefault(chat, AsyncLimiter(1, 1))
        async with self._reminders, per_chat:
            await self._nobody_waiting.wait()
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, None)
            finally:
                if len(self._per_chat) > 10_000:
                    self._per_chat.clear()  # a chat's one-a-second needs no long memory
