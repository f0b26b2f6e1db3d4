"""python-telegram-bot's AIORateLimiter, with the time each call waited counted for
``/metrics`` (``myreview_rate_limiter_wait_seconds``): the limiter itself is PTB's."""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

from bot.platform import metrics

Result = bool | dict[str, Any] | list[dict[str, Any]]


class CountingRateLimiter(AIORateLimiter):
    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        asked = time.perf_counter()
        sent: list[float] = []

        async def timed(*a: Any, **k: Any) -> Result:
            sent.append(time.perf_counter())
            return await callback(*a, **k)

        try:
            return await super().process_request(
                timed, args, kwargs, endpoint, data, rate_limit_args
            )
        finally:
            if sent:
                metrics.RATE_LIMITER_WAIT.observe(sent[0] - asked)
