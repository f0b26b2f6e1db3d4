"""The rate limiter's waits are counted for /metrics (the limiting is PTB's)."""

from __future__ import annotations

from bot.platform import metrics
from handlers.rate_limiter import CountingRateLimiter


def waits_counted() -> float:
    return metrics.REGISTRY.get_sample_value("myreview_rate_limiter_wait_seconds_count") or 0.0


async def test_each_call_through_the_limiter_is_timed_and_a_held_one_waits():
    limiter = CountingRateLimiter(overall_max_rate=1, overall_time_period=1)
    await limiter.initialize()
    before = waits_counted()

    async def call(*args, **kwargs):
        return True

    for _ in range(2):
        assert await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 1}, None)
    await limiter.shutdown()
    assert waits_counted() == before + 2
    slowest = metrics.REGISTRY.get_sample_value(
        "myreview_rate_limiter_wait_seconds_bucket", {"le": "0.1"}
    )
    # One of the two was held back by the one-a-second limit.
    assert slowest is not None and slowest < waits_counted()
