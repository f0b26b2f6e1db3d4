"""Steps many tests share, written the way a person would do them."""

from __future__ import annotations

from telegram_double import FakeUser

WORDS = ["Nan's", "Nan", "Family time", "My meeting", "My social worker"]
SEND_PREFIX = "📨 Send to"
# Buttons on every question that are not answers: back, skip, pause, and help.
NAVIGATION = ("⬅️", "Skip", "⏸", "🆘", "✅ Done")
NOT_SAFE = "🆘 I don't feel safe"


async def choose_words(child: FakeUser, words: list[str] = WORDS) -> None:
    """Tap a suggestion for each Language that Cares word."""
    for label in words:
        await child.tap(label)


def question_of(child: FakeUser) -> str:
    """The question text the child is looking at now."""
    message = child.last_with_buttons()
    assert message is not None
    return message.plain


async def answer_everything(child: FakeUser, words: str = "It's calm here") -> int:
    """Answer every question: first option, 🙂, or typed words. Returns how many."""
    for answered in range(60):
        # "🆘 I don't feel safe" is under every question: it is never an answer here.
        labels = [b for b in child.last_with_buttons().button_labels if b != NOT_SAFE]
        if any(label.startswith(SEND_PREFIX) for label in labels):
            return answered
        if "🙂" in labels:
            await child.tap("🙂")
        elif "✅ Done" in labels:
            await child.tap(labels[0])
            await child.tap("✅ Done")
        elif len(labels) > 3:
            await child.tap(labels[0])
        else:
            await child.send(words)
    raise AssertionError("the consultation never reached its summary")


async def send_to_iro(child: FakeUser):
    label = next(b for b in child.last_with_buttons().button_labels if b.startswith(SEND_PREFIX))
    return await child.tap(label)


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
