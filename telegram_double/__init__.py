"""An in-process stand-in for the Telegram Bot API, for tests and the offline demo.

Why this exists: the machines this project is built and tested on cannot reach Telegram,
yet the bot must be exercised end to end through the real ``python-telegram-bot`` stack
(handlers, filters, ``ExtBot``, the rate limiter, polling). So instead of mocking PTB, we
replace only the HTTP layer: :class:`BotAPIDouble` is a :class:`telegram.request.BaseRequest`
that answers Bot API calls the way Telegram would, with JSON that PTB de-serialises into its
normal objects, and raises PTB's normal exceptions when told to fail.

Typical use in a test::

    double = BotAPIDouble()
    app = application_builder(double).build()      # or Application.builder()...request(double)
    app.add_handler(...)
    await app.initialize()                         # calls getMe on the double
    sky = FakeUser(double, app, user_id=1001, first_name="Sky")
    replies = await sky.send("/start 3f9a7c")      # runs the update through the real app
    assert "Hello" in replies[0].plain
    await sky.tap("Yes")                           # taps an inline button on the last message
    double.fail(method="sendMessage", status=403)  # next send raises telegram.error.Forbidden
    print(double.format_transcript({1001: "Sky (child)"}))
    await app.shutdown()

The test suite builds the real application on a double (``tests/journeys/conftest.py``), and
``myreview demo`` (``bot/cli/demo.py``) plays a whole review cycle against one and prints
:meth:`BotAPIDouble.format_transcript`.

For polling (``updater.start_polling()``), feed updates with ``double.push_update(...)``; the
``FakeUser.*_update`` builders make the dicts.

What it checks like Telegram does (so bugs surface here, not in production): HTML
``parse_mode`` is parsed with Telegram's rules (unsupported tags, e.g. ``<br>``, and unclosed
tags are a ``BadRequest``), text/caption length limits, ``callback_data`` of at most 64 bytes,
"message is not modified" on no-op edits, unknown messages on edit/delete, unknown or already
answered callback queries. Markdown parse modes are passed through unchecked.

What it records: ``calls`` (every request), ``messages`` (what the bot sent, kept up to date
with edits), ``callback_answers`` and ``events`` (a transcript of both sides, rendered by
:meth:`BotAPIDouble.format_transcript`).

The parts, each importing only those listed before it:

- :mod:`~telegram_double.wire` — Bot API JSON: ``JSONDict``, dates, chat ids, media kinds;
- :mod:`~telegram_double.html` — Telegram's HTML parse mode, ``plain_text``, ``utf16_len``;
- :mod:`~telegram_double.errors` — ``ok: false`` responses (``ApiError``);
- :mod:`~telegram_double.records` — what is recorded: ``SentMessage``, ``Button``,
  ``Replies``, ``FailureRule``...;
- :mod:`~telegram_double.validation` — Telegram's checks on text, captions and keyboards;
- :mod:`~telegram_double.files` — the bytes behind file ids, uploads and downloads;
- :mod:`~telegram_double.updates` — the ``getUpdates`` queue and its long poll;
- :mod:`~telegram_double.transcript` — rendering the conversation for people;
- :mod:`~telegram_double.message_methods` — send*, copyMessage, edit*, deleteMessage;
- :mod:`~telegram_double.api` — :class:`BotAPIDouble` itself and :func:`application_builder`;
- :mod:`~telegram_double.users` — :class:`FakeUser`, the people talking to the bot.

Import from the package itself: the names below are its public surface.
"""

from __future__ import annotations

from telegram_double.api import DEFAULT_TOKEN, BotAPIDouble, application_builder
from telegram_double.html import HTMLParseError, parse_html, plain_text, utf16_len
from telegram_double.records import (
    ApiCall,
    Button,
    CallbackAnswer,
    FailureRule,
    MessageEdit,
    Replies,
    SentMessage,
    TranscriptEvent,
    UploadedFile,
)
from telegram_double.users import FakeUser, command_entities
from telegram_double.validation import (
    MAX_CALLBACK_DATA_BYTES,
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
)
from telegram_double.wire import JSONDict

__all__ = [
    "DEFAULT_TOKEN",
    "MAX_CALLBACK_DATA_BYTES",
    "MAX_CAPTION_LENGTH",
    "MAX_TEXT_LENGTH",
    "ApiCall",
    "BotAPIDouble",
    "Button",
    "CallbackAnswer",
    "FailureRule",
    "FakeUser",
    "HTMLParseError",
    "JSONDict",
    "MessageEdit",
    "Replies",
    "SentMessage",
    "TranscriptEvent",
    "UploadedFile",
    "application_builder",
    "command_entities",
    "parse_html",
    "plain_text",
    "utf16_len",
]
