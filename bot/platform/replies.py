"""What the core asks Telegram to show: plain data, so handlers stay thin and the
same rules can run from the CLI, the dispatcher and the tests."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.platform.buttons import ButtonData


@dataclass(frozen=True)
class Button:
    """A button under a message: what it says, and what tapping it means."""

    label: str
    data: ButtonData


@dataclass
class Reply:
    """One thing to send (or edit) in one chat. Text is Telegram HTML."""

    chat_id: int
    text: str = ""
    buttons: list[list[Button]] = field(default_factory=list)
    photo: str | None = None
    voice: str | None = None
    # Edit this message's buttons (and text, when given) instead of sending a new one.
    edit_message_id: int | None = None
    # A short note shown on the tapped button (Telegram's callback answer).
    toast: str | None = None
    # A file to send: (file name, content); ``text`` is its caption (``/mydata``).
    document: tuple[str, bytes] | None = None
    # This reply delivers that ``Notification`` row at once (a safeguarding alert): the
    # sender records the outcome, so the dispatcher re-sends it only if this failed.
    notification_id: int | None = None
    # The command menu this chat shows from now on, as (command, description): set once
    # a person is known, so each sees only their own commands. Nothing is sent.
    menu: list[tuple[str, str]] | None = None


def rows(buttons: list[Button], per_row: int = 1) -> list[list[Button]]:
    """Lay buttons out in rows of ``per_row``."""
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
