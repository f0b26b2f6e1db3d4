"""The rate limiter: people's messages before reminders, and each wait counted for
/metrics (the overall and group limits are PTB's)."""

from __future__ import annotations

import asyncio

from bot.platform import metrics
from handlers.rate_limiter import BACKGROUND, CountingRateLimiter


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


async def test_a_reminder_waits_while_a_message_for_a_person_is_waiting_and_then_goes():
    limiter = CountingRateLimiter(overall_max_rate=0, reminders_per_second=100)
    await limiter.initialize()
    release = asyncio.Event()
    order: list[str] = []

    async def reply(*args, **kwargs):
        order.append("reply starts")
        await release.wait()
        order.append("reply sent")
        return True

    async def reminder(*args, **kwargs):
        order.append("reminder sent")
        return True

    to_child = asyncio.create_task(
        limiter.process_request(reply, (), {}, "sendMessage", {"chat_id": 1}, None)
    )
    await asyncio.sleep(0)
    later = asyncio.create_task(
        limiter.process_request(reminder, (), {}, "sendMessage", {"chat_id": 2}, BACKGROUND)
    )
    for _ in range(5):
        await asyncio.sleep(0)
    assert order == ["reply starts"]  # the reminder is held while the reply is in hand
    release.set()
    assert await to_child and await later
    assert order == ["reply starts", "reply sent", "reminder sent"]
    await limiter.shutdown()


async def test_a_message_for_a_person_never_waits_for_reminders():
    limiter = CountingRateLimiter(overall_max_rate=0, reminders_per_second=1)
    await limiter.initialize()

    async def call(*args, **kwargs):
        return True

    # A second reminder in the same second waits for the reminders' own limit...
    await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 2}, BACKGROUND)
    queued = asyncio.create_task(
        limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 3}, BACKGROUND)
    )
    await asyncio.sleep(0)
    # ...while a reply goes at once (it is done before the queued reminder is).
    assert await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 1}, None)
    assert not queued.done()
    assert await queued
    await limiter.shutdown()
