"""Logging for every process: one set-up, and nothing secret or personal in a log line.

``configure`` is called once by ``myreview`` (``bot.cli.main``) for every command,
``myreview run`` included. ``MYREVIEW_LOG_LEVEL`` is the level of the product's own
loggers (``bot``, ``handlers``, ``models``, ``messages``, ``myreview``); libraries are
held at a floor whatever it says, because at DEBUG python-telegram-bot logs the bot's
token (in the API URL) and every Bot API call with its parameters, the text of every
message sent included, and every update received (a child's words):

=================  ==========================================================
``telegram``       INFO or above (never its DEBUG dumps of calls and updates)
``apscheduler``    INFO or above
``httpx``          WARNING or above (its INFO line is the URL, with the token)
``httpcore``       WARNING or above
everything else    WARNING or above (SQLAlchemy's SQL, Alembic's steps, ...)
=================  ==========================================================

And whatever reaches the handler passes ``RedactingFilter`` first, which blanks bot
tokens (any ``digits:secret`` shape and the token as configured) and message text
(``text``, ``caption``, names, button data, the parameters and return values of Bot API
calls, whole updates) in the message, its arguments and its exception text. The floor
is the first wall; the filter is the second, for the day a library logs something new
at a level we let through.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.platform.settings import LOG_LEVELS

#: The product's own loggers: these follow MYREVIEW_LOG_LEVEL.
PRODUCT_LOGGERS = ("bot", "handlers", "models", "messages", "myreview", "telegram_double")
#: Libraries never log below these, whatever MYREVIEW_LOG_LEVEL says.
FLOORS = {
    "telegram": logging.INFO,
    "apscheduler": logging.INFO,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
}
#: Every other logger (the root): SQLAlchemy, Alembic, asyncio, PIL, ...
OTHERS = logging.WARNING
LEVELS = LOG_LEVELS
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
HIDDEN = "<hidden>"

# A Telegram bot token: the bot's id, a colon, and a secret of 35 url-safe characters.
TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}")
# python-telegram-bot's DEBUG lines that carry a whole call, reply or update: everything
# after the lead-in is someone's words (the tail may itself hold backticks or newlines).
_WHOLE_DUMPS = re.compile(
    r"(?P<lead>with parameters |with return value |Processing update |Dropping pending update:? )"
    r".*",
    re.S,
)
# A field that holds a person's words or names, in a repr (``text='...'``), a dict
# (``'text': '...'``) or JSON (``"text": "..."``), followed by a quoted string.
_FIELDS = (
    "text",
    "caption",
    "first_name",
    "last_name",
    "full_name",
    "username",
    "name",
    "title",
    "description",
    "bio",
    "data",
    "callback_data",
    "query",
    "quote",
    "question",
    "explanation",
    "words",
    "note",
    "about",
    "original",
    "value",
)
_QUOTED = r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""
_FIELD_VALUES = re.compile(
    r"(?P<key>(?<![\w])['\"]?(?:" + "|".join(_FIELDS) + r")['\"]?\s*[:=]\s*)"
    r"(?P<value>" + _QUOTED + r")"
)
# A whole parameters dict handed to a Bot API call, in any other wording.
_PARAMETERS = re.compile(r"(?P<key>\bparameters\b['\"]?\s*[:=]\s*)\{.*?\}(?=[,)\s`]|$)", re.S)

_secrets: set[str] = set()


def hide(secret: str | None) -> None:
    """Blank this exact string (a bot token) in every log line from now on."""
    if secret and len(secret) >= 6:
        _secrets.add(secret)


def redact(value: str, secrets: Iterable[str] = ()) -> str:
    """``value`` with tokens, secrets and message text blanked."""
    for secret in sorted({*_secrets, *secrets}, key=len, reverse=True):
        if secret:
            value = value.replace(secret, HIDDEN)
    value = TOKEN.sub(HIDDEN, value)
    value = _WHOLE_DUMPS.sub(lambda m: m.group("lead") + "`" + HIDDEN + "`", value)
    value = _PARAMETERS.sub(lambda m: m.group("key") + HIDDEN, value)
    return _FIELD_VALUES.sub(lambda m: m.group("key") + f"'{HIDDEN}'", value)


class RedactingFilter(logging.Filter):
    """Blanks tokens and people's words in a record before any handler writes it.

    It rewrites the record itself (message, arguments, exception and stack text), so
    every handler after it sees the blanked record too.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = {s for s in secrets if s and len(s) >= 6}

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep what there is, blanked
            message = f"{record.msg} {record.args}"
        cleaned = redact(message, self.secrets)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a record comes (tests swap it)."""

    _myreview = True

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


class JsonFormatter(logging.Formatter):
    """One JSON object per line (``MYREVIEW_LOG_FORMAT=json``), for a log shipper.

    The message is the same text as in the readable format (already redacted, and
    never holding a child's words); ``extra={"update": ..., "ms": ...}`` values are
    fields of their own."""

    FIELDS = ("update", "person", "notification", "alert", "ms", "worker")

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in self.FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__  # never the traceback's values
        return json.dumps(entry, ensure_ascii=False)


def parse_level(name: str) -> int:
    """``"debug"`` → ``logging.DEBUG``; a ValueError names the levels there are."""
    upper = name.strip().upper()
    if upper not in LEVELS:
        raise ValueError(f"unknown log level {name!r}: use one of {', '.join(LEVELS)}")
    return int(logging.getLevelName(upper))


def configure(
    level: int | str, *, secrets: Iterable[str | None] = (), fmt: str = "text"
) -> logging.Handler:
    """Set up logging for this process (again, if called again): one handler on stderr,
    behind a ``RedactingFilter``, as readable text or JSON lines; returns the handler."""
    if isinstance(level, str):
        level = parse_level(level)
    for secret in secrets:
        hide(secret)
    root = logging.getLogger()
    handler = next((h for h in root.handlers if getattr(h, "_myreview", False)), None)
    if handler is None:
        handler = _StderrHandler()
        handler.addFilter(RedactingFilter())
        root.addHandler(handler)
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(FORMAT))
    handler.setLevel(level)
    root.setLevel(max(level, OTHERS))
    for name in PRODUCT_LOGGERS:
        logging.getLogger(name).setLevel(level)
    for name, floor in FLOORS.items():
        logging.getLogger(name).setLevel(max(level, floor))
    return handler


def to_file(path: Path) -> None:
    """From now on, this process's log lines go to ``path`` instead of stderr, through the
    same filter and format (the demo: its transcript is the output; its logs a file)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_myreview", False)]:
        to = logging.FileHandler(path, encoding="utf-8")
        to._myreview = True  # type: ignore[attr-defined]
        to.setFormatter(handler.formatter)
        to.setLevel(handler.level)
        for kept in handler.filters:
            to.addFilter(kept)
        root.removeHandler(handler)
        root.addHandler(to)


@contextmanager
def configured(
    level: int | str, *, secrets: Iterable[str | None] = (), fmt: str = "text"
) -> Iterator[None]:
    """``configure`` for the length of a block, then logging as it was: ``myreview``
    runs each command inside one, so a command run in-process (by the demo, or a
    test) leaves no handler or level behind."""
    root = logging.getLogger()
    names = (*PRODUCT_LOGGERS, *FLOORS)
    handlers = list(root.handlers)
    levels = {name: logging.getLogger(name).level for name in names}
    root_level = root.level
    configure(level, secrets=secrets, fmt=fmt)
    try:
        yield
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(root_level)
        for name, value in levels.items():
            logging.getLogger(name).setLevel(value)
