"""The values the double records and hands to tests: what was sent, tapped, edited, called.

They are plain data with a few conveniences for assertions (``SentMessage.plain``,
``Replies.to``); :class:`~telegram_double.api.BotAPIDouble` creates and updates them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from telegram_double.html import plain_text
from telegram_double.wire import JSONDict, as_chat_id


@dataclass(frozen=True)
class Button:
    """One inline keyboard button as the user would see it."""

    text: str
    callback_data: str | None = None
    url: str | None = None

    def __str__(self) -> str:
        return f"[ {self.text}{' ↗' if self.url else ''} ]"


@dataclass(frozen=True)
class UploadedFile:
    """A file the bot uploaded with multipart/form-data (e.g. ``sendDocument``)."""

    field: str
    filename: str
    content: bytes
    mime_type: str


@dataclass
class ApiCall:
    """One request PTB made, with its decoded parameters, kept in order in ``calls``."""

    method: str
    params: JSONDict
    files: dict[str, UploadedFile] = field(default_factory=dict)
    status: int = 200


@dataclass(frozen=True)
class MessageEdit:
    """The state of a bot message right after one edit (kept in ``SentMessage.edits``)."""

    method: str
    text: str | None
    parse_mode: str | None
    buttons: list[list[Button]]
    date: int


@dataclass
class SentMessage:
    """A message the bot sent, kept current: edits change ``text``/``buttons`` in place.

    ``text`` is exactly what the bot sent (text or caption, HTML included); ``plain`` is what
    the user sees. ``raw`` is the Bot API message dict, reused when the user taps a button.
    """

    chat_id: int
    message_id: int
    method: str
    kind: str
    text: str | None
    parse_mode: str | None
    buttons: list[list[Button]] = field(default_factory=list)
    reply_keyboard: list[list[str]] | None = None
    removes_keyboard: bool = False
    file_id: str | None = None
    document_name: str | None = None
    document_bytes: bytes | None = None
    edits: list[MessageEdit] = field(default_factory=list)
    deleted: bool = False
    raw: JSONDict = field(default_factory=dict)
    params: JSONDict = field(default_factory=dict)

    @property
    def plain(self) -> str:
        """The text as displayed: HTML tags removed and entities unescaped."""
        return plain_text(self.text or "", self.parse_mode)

    @property
    def button_labels(self) -> list[str]:
        """All button texts, row by row, flattened: handy for ``assert "Yes" in ...``."""
        return [b.text for row in self.buttons for b in row]

    def button(self, label_or_data: str) -> Button | None:
        """The button whose text (or, failing that, callback_data) is exactly the argument."""
        flat = [b for row in self.buttons for b in row]
        for b in flat:
            if b.text == label_or_data:
                return b
        for b in flat:
            if b.callback_data == label_or_data:
                return b
        return None


@dataclass(frozen=True)
class CallbackAnswer:
    """What the bot answered to a button tap (the toast or alert the user sees)."""

    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None


@dataclass
class TranscriptEvent:
    """One line of the conversation, user or bot side, for :meth:`format_transcript`."""

    actor: Literal["user", "bot", "narrator"]
    """``narrator``: a line for the reader of a transcript ("three days later"), not
    anything sent (:meth:`BotAPIDouble.narrate`)."""
    kind: str
    chat_id: int
    user_id: int | None = None
    text: str = ""
    detail: str = ""
    buttons: list[list[Button]] = field(default_factory=list)
    message_id: int | None = None
    source_chat_id: int | None = None


@dataclass
class FailureRule:
    """A programmed failure; see :meth:`BotAPIDouble.fail`."""

    method: str | None
    status: int | None
    description: str
    retry_after: int | None = None
    times: int | None = 1
    chat_id: int | None = None
    network: Literal["error", "timeout"] | None = None
    hits: int = 0

    @property
    def exhausted(self) -> bool:
        """True once the rule has fired ``times`` times (never when ``times`` is None)."""
        return self.times is not None and self.hits >= self.times

    def matches(self, method: str, params: JSONDict) -> bool:
        """Whether this rule should fire for a call of ``method`` with ``params``."""
        if self.exhausted:
            return False
        if self.method is not None and self.method != method:
            return False
        return self.chat_id is None or as_chat_id(params.get("chat_id")) == self.chat_id


class Replies(list[SentMessage]):
    """The messages the bot sent (to any chat) while one update was processed.

    It is a plain list of :class:`SentMessage`, plus what else happened during the update:
    ``edited`` (messages edited, current state), ``deleted`` and ``answers`` (callback
    answers).
    """

    def __init__(
        self,
        sent: Iterable[SentMessage] = (),
        *,
        edited: Iterable[SentMessage] = (),
        deleted: Iterable[SentMessage] = (),
        answers: Iterable[CallbackAnswer] = (),
    ) -> None:
        super().__init__(sent)
        self.edited: list[SentMessage] = list(edited)
        self.deleted: list[SentMessage] = list(deleted)
        self.answers: list[CallbackAnswer] = list(answers)

    def to(self, chat_id: int) -> list[SentMessage]:
        """Only the messages sent to ``chat_id`` (e.g. the alert that went to a worker)."""
        return [m for m in self if m.chat_id == chat_id]

    @property
    def texts(self) -> list[str]:
        """The displayed text of each sent message, in order."""
        return [m.plain for m in self]

    @property
    def answer(self) -> CallbackAnswer | None:
        """The last callback answer given during this update, if any."""
        return self.answers[-1] if self.answers else None
