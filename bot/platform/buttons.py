"""What a tapped button says: one small typed value per kind of button.

A button carries at most 64 bytes of data, and Telegram hands them back as a
string that anyone can forge. So every kind of button is a frozen dataclass
here, with a short prefix that never changes (buttons already sent keep
working), ``encode()`` to write it and :func:`parse` to read it back strictly:

* ids are ASCII digits, without leading zeros, within the database's range;
* fixed choices (``Literal`` fields) must be one of their values;
* other words are short and plain (letters, digits and ``_ . + -``).

Anything else, from a stale button to ``r:²`` or a thirty-digit id, parses to
``None``, which every channel answers with "that button doesn't work any more".
Parsing proves only that the data is well formed: who may tap it, and whether it
is still current, is checked by the room that handles it, every time.

The wire format is ``prefix[:verb]:field:field…``. The prefixes are listed in
:data:`KINDS`; ``docs/architecture.md`` says which room handles each.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar, Literal, get_args, get_origin, get_type_hints

MAX_BYTES = 64
"""Telegram's limit on a button's callback data."""
MAX_ID = 2**31 - 1
"""The largest id a row can have: ids are INTEGER columns (signed 32-bit on
PostgreSQL), so a larger number in a button is forged and never reaches a query."""
_DIGITS = re.compile(r"0|[1-9][0-9]{0,9}")
_WORD = re.compile(r"[A-Za-z0-9_.+-]{1,32}")

KINDS: dict[tuple[str, ...], type[ButtonData]] = {}
"""Every kind of button, by the fixed parts its data starts with."""


@dataclass(frozen=True)
class ButtonData:
    """A kind of button. Subclasses set ``KEY`` (the prefix, and a verb if any)."""

    KEY: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.KEY:
            raise TypeError(f"{cls.__name__} needs a KEY")
        if cls.KEY in KINDS:
            raise TypeError(f"two kinds of button share the prefix {':'.join(cls.KEY)}")
        KINDS[cls.KEY] = cls

    def encode(self) -> str:
        """The callback data for this button."""
        parts = [*self.KEY, *(str(getattr(self, f.name)) for f in dataclasses.fields(self))]
        data = ":".join(parts)
        if len(data.encode("utf-8")) > MAX_BYTES:
            raise ValueError(f"button data over {MAX_BYTES} bytes: {data!r}")
        if parse(data) != self:
            raise ValueError(f"button data that would not read back: {data!r}")
        return data


def parse(data: object) -> ButtonData | None:
    """The button a callback's data stands for, or None if it is not one we made."""
    if not isinstance(data, str) or not data.isascii() or len(data) > MAX_BYTES:
        return None
    parts = data.split(":")
    # The longest fixed start wins: "n:done:d:5" is a Done tap, "n:shared:5" a reminder tap.
    for size in range(min(len(parts), 2), 0, -1):
        kind = KINDS.get(tuple(parts[:size]))
        if kind is not None:
            return _build(kind, parts[size:])
    return None


def _build(kind: type[ButtonData], values: list[str]) -> ButtonData | None:
    specs = _fields(kind)
    if len(values) != len(specs):
        return None
    parsed: dict[str, object] = {}
    for (name, read), value in zip(specs, values, strict=True):
        result = read(value)
        if result is None:
            return None
        parsed[name] = result
    try:
        return kind(**parsed)
    except ValueError:  # a kind's own check (an unknown consultation action)
        return None


@cache
def _fields(kind: type[ButtonData]) -> tuple[tuple[str, Any], ...]:
    hints = get_type_hints(kind)
    return tuple((f.name, _reader(hints[f.name])) for f in dataclasses.fields(kind))


def _reader(annotation: object) -> Any:
    if annotation is int:
        return _read_id
    if get_origin(annotation) is Literal:
        choices = {str(choice) for choice in get_args(annotation)}
        return lambda value: value if value in choices else None
    if annotation is str:
        return lambda value: value if _WORD.fullmatch(value) else None
    raise TypeError(f"button fields are int, str or Literal, not {annotation!r}")


def _read_id(value: str) -> int | None:
    if not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if number <= MAX_ID else None


# --- the child's side ---------------------------------------------------------------

ConsultationAction = Literal["skip", "back", "pause", "done", "send", "start", "add"]
_CHOICE_ACTION = re.compile(r"([ots])(0|[1-9][0-9]?)")


@dataclass(frozen=True)
class ConsultationTap(ButtonData):
    """A tap in My Review: ``c:<consultation>:<question index>:<action>``.

    ``action`` is one of :data:`ConsultationAction`, or ``o<n>`` (the n-th option of
    a single choice), ``t<n>`` (tick an option of a multiple choice), ``s<n>`` (the
    feelings scale, 1 to 5)."""

    KEY: ClassVar[tuple[str, ...]] = ("c",)
    consultation: int
    question: int
    action: str

    def __post_init__(self) -> None:
        if self.action not in get_args(ConsultationAction) and not _CHOICE_ACTION.fullmatch(
            self.action
        ):
            raise ValueError(f"not a consultation action: {self.action!r}")

    @property
    def choice(self) -> tuple[str, int] | None:
        """("o", 2) for the third option, ("s", 4) for the fourth face; None otherwise."""
        match = _CHOICE_ACTION.fullmatch(self.action)
        return (match.group(1), int(match.group(2))) if match else None


@dataclass(frozen=True)
class Word(ButtonData):
    """A suggested word in the child's first conversation: ``w:<word>:<n|keep>``."""

    KEY: ClassVar[tuple[str, ...]] = ("w",)
    word: str
    choice: str


@dataclass(frozen=True)
class Language(ButtonData):
    """A language in the picker: ``l:<locale>``."""

    KEY: ClassVar[tuple[str, ...]] = ("l",)
    code: str


@dataclass(frozen=True)
class Later(ButtonData):
    """ "Later", instead of starting My Review now: ``go:later``."""

    KEY: ClassVar[tuple[str, ...]] = ("go", "later")


@dataclass(frozen=True)
class NotSafe(ButtonData):
    """ "🆘 I don't feel safe": ``sos:<child>``."""

    KEY: ClassVar[tuple[str, ...]] = ("sos",)
    child: int


@dataclass(frozen=True)
class WriteBack(ButtonData):
    """The child writes back to their IRO about a summary: ``reply:<summary>``."""

    KEY: ClassVar[tuple[str, ...]] = ("reply",)
    summary: int


@dataclass(frozen=True)
class StopWritingBack(ButtonData):
    """The child changes their mind about writing back: ``reply:stop``."""

    KEY: ClassVar[tuple[str, ...]] = ("reply", "stop")


# --- helping mode and reading ---------------------------------------------------------


@dataclass(frozen=True)
class HelpChild(ButtonData):
    """A carer or social worker picks the child they sit with: ``h:<child>``."""

    KEY: ClassVar[tuple[str, ...]] = ("h",)
    child: int


@dataclass(frozen=True)
class OpenReview(ButtonData):
    """Open a child's My Review from ``/reviews``: ``r:<review>``."""

    KEY: ClassVar[tuple[str, ...]] = ("r",)
    review: int


@dataclass(frozen=True)
class ReviewsPage(ButtonData):
    """``/reviews`` in one view, one page: ``rv:<view>:<page>`` (bot/workspace/caseload.py)."""

    KEY: ClassVar[tuple[str, ...]] = ("rv",)
    view: Literal["all", "week", "act"]
    page: int


@dataclass(frozen=True)
class OpenReviewInFull(ButtonData):
    """The same My Review, every question in order: ``r:all:<review>``."""

    KEY: ClassVar[tuple[str, ...]] = ("r", "all")
    review: int


@dataclass(frozen=True)
class ExportTap(ButtonData):
    """Export a child's My Review for the case record: ``exp:<format>:<review>``."""

    KEY: ClassVar[tuple[str, ...]] = ("exp",)
    format: Literal["pdf", "docx", "md"]
    review: int


# --- reminders ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportAction(ButtonData):
    """A worker's reminder button: ``n:<action>:<review>``. ``shared`` is "Report
    shared" on a reminder, ``share`` the same in the ``/reviews`` list; ``held`` is
    the IRO's "It was held"."""

    KEY: ClassVar[tuple[str, ...]] = ("n",)
    action: Literal["shared", "share", "snooze", "problem", "held"]
    review: int


@dataclass(frozen=True)
class Done(ButtonData):
    """The IRO's "Done" after a meeting: ``n:done:<d|r>:<review>`` (decisions, record)."""

    KEY: ClassVar[tuple[str, ...]] = ("n", "done")
    part: Literal["d", "r"]
    review: int


@dataclass(frozen=True)
class NeverMind(ButtonData):
    """Cancel "There's a problem" before writing it: ``n:nevermind``."""

    KEY: ClassVar[tuple[str, ...]] = ("n", "nevermind")


# --- safeguarding ------------------------------------------------------------------------


@dataclass(frozen=True)
class AfterAlert(ButtonData):
    """What the child wants next, after telling the bot they may not be safe:
    ``aa:<alert>:<go|pause|talk>`` (carry on, have a break, talk to someone)."""

    KEY: ClassVar[tuple[str, ...]] = ("aa",)
    alert: int
    choice: Literal["go", "pause", "talk"]


@dataclass(frozen=True)
class OnIt(ButtonData):
    """ "I'm on it", under a safeguarding alert: ``ack:<alert>``."""

    KEY: ClassVar[tuple[str, ...]] = ("ack",)
    alert: int


# --- the IRO's workspace ----------------------------------------------------------------


@dataclass(frozen=True)
class HeldPick(ButtonData):
    """``/held``: the meeting to record, ``held:pick:<review>``."""

    KEY: ClassVar[tuple[str, ...]] = ("held", "pick")
    review: int


@dataclass(frozen=True)
class HeldFormat(ButtonData):
    """``/held``: face-to-face, virtual or hybrid, ``held:fmt:<review>:<f|v|h>``."""

    KEY: ClassVar[tuple[str, ...]] = ("held", "fmt")
    review: int
    format: Literal["f", "v", "h"]


@dataclass(frozen=True)
class HeldAttended(ButtonData):
    """``/held``: whether the child attended, ``held:att:<review>:<y|n>``."""

    KEY: ClassVar[tuple[str, ...]] = ("held", "att")
    review: int
    attended: Literal["y", "n"]


@dataclass(frozen=True)
class HeldChaired(ButtonData):
    """``/held``: whether the child chaired it, ``held:chair:<review>:<all|part|no>``."""

    KEY: ClassVar[tuple[str, ...]] = ("held", "chair")
    review: int
    chaired: Literal["all", "part", "no"]


@dataclass(frozen=True)
class HeldCode(ButtonData):
    """``/held``: the participation code, ``held:pn:<review>:<PN0…PN7>``."""

    KEY: ClassVar[tuple[str, ...]] = ("held", "pn")
    review: int
    code: Literal["PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"]


@dataclass(frozen=True)
class SummaryNew(ButtonData):
    """ "✍️ Write to the child" about a review: ``sum:new:<review>``."""

    KEY: ClassVar[tuple[str, ...]] = ("sum", "new")
    review: int


@dataclass(frozen=True)
class SummaryAction(ButtonData):
    """A draft summary: use the child's words, send it, or cancel, ``sum:<action>:<summary>``."""

    KEY: ClassVar[tuple[str, ...]] = ("sum",)
    action: Literal["use", "send", "cancel"]
    summary: int


@dataclass(frozen=True)
class SummaryStop(ButtonData):
    """Stop writing a summary before there is a draft: ``sum:stop``."""

    KEY: ClassVar[tuple[str, ...]] = ("sum", "stop")


@dataclass(frozen=True)
class ProfileTap(ButtonData):
    """The IRO's ``/profile`` buttons: ``prof:<action>``."""

    KEY: ClassVar[tuple[str, ...]] = ("prof",)
    action: Literal["write", "photo", "cancel", "nophoto", "preview"]


@dataclass(frozen=True)
class FeedbackTap(ButtonData):
    """An answer to the day-after feedback: ``fb:<feedback>:<question index>:<value>``."""

    KEY: ClassVar[tuple[str, ...]] = ("fb",)
    feedback: int
    question: int
    value: str
