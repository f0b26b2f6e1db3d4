"""Steps the IRO's workspace tests share, written as a person does them."""

from __future__ import annotations

from telegram_double import FakeUser

SEND_PREFIX = "📨 Send to"


async def say_and_send(child: FakeUser, first_answer: str | None = None) -> None:
    """Start My Review, answer the first question in words (or skip it), skip the
    rest, and send it to the IRO."""
    await child.send("/myreview")
    if first_answer is not None:
        await child.send(first_answer)
    for _ in range(80):
        labels = child.last_with_buttons().button_labels
        sending = [label for label in labels if label.startswith(SEND_PREFIX)]
        if sending:
            await child.tap(sending[0])
            return
        await child.tap("Skip ➡️")
    raise AssertionError("the consultation never reached its summary")
