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
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import re
from collections.abc import Sequence
from typing import Any, Literal

from telegram import Update
from telegram.error import NetworkError, TimedOut
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest, RequestData

from telegram_double.errors import DEFAULT_ERROR_DESCRIPTIONS, ApiError, error_body
from telegram_double.files import FileStore, read_uploads
from telegram_double.html import HTMLParseError, parse_html, plain_text, utf16_len
from telegram_double.message_methods import MessageMethods
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
from telegram_double.transcript import describe_message, render_transcript
from telegram_double.updates import UpdateQueue
from telegram_double.wire import JSONDict, as_chat_id, now

__all__ = [
    "ApiCall",
    "BotAPIDouble",
    "Button",
    "CallbackAnswer",
    "FailureRule",
    "FakeUser",
    "HTMLParseError",
    "MessageEdit",
    "Replies",
    "SentMessage",
    "TranscriptEvent",
    "UploadedFile",
    "application_builder",
    "parse_html",
    "plain_text",
    "utf16_len",
]

DEFAULT_TOKEN = "123456:TEST"

# Methods that only need a truthful "ok": the bot's own settings and housekeeping.
_TRUE_METHODS = frozenset(
    {
        "close",
        "logOut",
        "setWebhook",
        "deleteMyCommands",
        "setMyDescription",
        "setMyShortDescription",
        "setMyName",
        "setChatMenuButton",
        "setMyDefaultAdministratorRights",
        "pinChatMessage",
        "unpinChatMessage",
    }
)

_MEDIA_METHODS = frozenset(
    {
        "sendPhoto",
        "sendVoice",
        "sendDocument",
        "sendAudio",
        "sendVideo",
        "sendAnimation",
        "sendSticker",
    }
)


# --------------------------------------------------------------------------------------------
# The Bot API double
# --------------------------------------------------------------------------------------------


class BotAPIDouble(MessageMethods, BaseRequest):
    """A fake Telegram server living inside PTB's request layer.

    Pass the same instance as ``request`` and ``get_updates_request`` (see
    :func:`application_builder`). Every call is answered synchronously from in-memory state;
    nothing leaves the process. See the module docstring for what is checked and recorded.

    Args:
        bot_id: The bot's user id reported by ``getMe`` (defaults to match ``123456:TEST``).
        username: The bot's @username.
        first_name: The bot's display name.
        long_poll_cap: Upper bound in seconds for a long-polling ``getUpdates`` wait, so that
            polling tests stay fast whatever ``timeout`` PTB asks for.
        strict_chats: If True, sending to a chat no :class:`FakeUser` registered fails with
            "Bad Request: chat not found", as it would for someone who never opened the bot.
    """

    def __init__(
        self,
        *,
        bot_id: int = 123456,
        username: str = "myreview_demo_bot",
        first_name: str = "My Review",
        read_timeout: float | None = 5.0,
        long_poll_cap: float = 0.2,
        strict_chats: bool = False,
    ) -> None:
        self.bot_id = bot_id
        self.username = username
        self.first_name = first_name
        self.long_poll_cap = long_poll_cap
        self.strict_chats = strict_chats
        self._read_timeout = read_timeout

        self.calls: list[ApiCall] = []
        self.messages: list[SentMessage] = []
        self.callback_answers: list[CallbackAnswer] = []
        self.events: list[TranscriptEvent] = []
        self.commands: dict[str, list[JSONDict]] = {}
        self.users: dict[int, JSONDict] = {}
        self.chats: dict[int, JSONDict] = {}
        self.user_messages: dict[tuple[int, int], JSONDict] = {}
        self.blocked: set[int] = set()
        self.initialized = False
        self.shutdown_count = 0

        self._files = FileStore()
        self._failures: list[FailureRule] = []
        self._open_queries: dict[str, int] = {}
        self._message_ids: dict[int, int] = {}
        self._query_counter = itertools.count(1)
        self._updates = UpdateQueue()
        self._edited_log: list[SentMessage] = []
        self._deleted_log: list[SentMessage] = []

    # ---- BaseRequest ---------------------------------------------------------------------

    @property
    def read_timeout(self) -> float | None:
        """Default read timeout PTB adds to the long-poll ``timeout`` of getUpdates."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Nothing to connect to; PTB calls this once per request slot, so it is idempotent."""
        self.initialized = True

    async def shutdown(self) -> None:
        """Marks the double closed; state is kept so tests can inspect it afterwards."""
        self.initialized = False
        self.shutdown_count += 1

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Answer one HTTP request as api.telegram.org would: ``(status, JSON body)``.

        PTB's :meth:`BaseRequest._request_wrapper` turns non-2xx answers into ``BadRequest``,
        ``Forbidden``, ``RetryAfter`` (429 with ``parameters.retry_after``), ``NetworkError``
        (5xx) and so on, which is why failures are expressed as status codes here. Network
        faults are raised directly as ``NetworkError``/``TimedOut``, as HTTPXRequest does.
        """
        await asyncio.sleep(0)  # a real request always yields to the event loop
        file_match = re.search(r"/file/bot[^/]+/(.+)$", url)
        if file_match:
            return self._files.download(file_match.group(1))

        api_method = url.rstrip("/").rsplit("/", 1)[-1]
        params: JSONDict = (
            json.loads(json.dumps(request_data.parameters)) if request_data is not None else {}
        )
        files = read_uploads(request_data)
        call = ApiCall(api_method, params, files)
        self.calls.append(call)

        for rule in self._failures:
            if rule.matches(api_method, params):
                rule.hits += 1
                return self._programmed_failure(call, rule)

        try:
            result = await self._dispatch(api_method, params, files)
        except ApiError as err:
            call.status = err.status
            self._record_error(call, err.status, err.description)
            return error_body(err.status, err.description, err.parameters)
        return 200, json.dumps({"ok": True, "result": result}).encode("utf-8")

    # ---- programming the double ----------------------------------------------------------

    def fail(
        self,
        method: str | None = None,
        status: int | None = None,
        *,
        retry_after: int | None = None,
        times: int | None = 1,
        chat_id: int | None = None,
        description: str | None = None,
        network: Literal["error", "timeout"] | None = None,
    ) -> FailureRule:
        """Make the next ``times`` calls of ``method`` (any method if None) fail.

        Give either an HTTP ``status`` (429 → ``RetryAfter(retry_after)``, 403 → ``Forbidden``
        "bot was blocked by the user", 400 → ``BadRequest``, 500/502 → ``NetworkError``) or
        ``network="error"``/``"timeout"`` for a connection-level ``NetworkError``/``TimedOut``.
        ``chat_id`` limits the failure to calls addressed to that chat; ``times=None`` fails
        forever. Failures are checked in the order they were added. Returns the rule, whose
        ``hits`` tell how often it fired.
        """
        if (status is None) == (network is None):
            raise ValueError("give exactly one of status= or network=")
        if status == 429:
            retry_after = max(1, retry_after or 1)
        text = description or DEFAULT_ERROR_DESCRIPTIONS.get(status or 0, "Network failure")
        rule = FailureRule(
            method=method,
            status=status,
            description=text.format(retry_after=retry_after),
            retry_after=retry_after,
            times=times,
            chat_id=chat_id,
            network=network,
        )
        self._failures.append(rule)
        return rule

    def clear_failures(self) -> None:
        """Forget all programmed failures, fired or not."""
        self._failures.clear()

    def block(self, user_id: int) -> None:
        """Pretend ``user_id`` blocked the bot: anything sent to them fails with 403."""
        self.blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        """Undo :meth:`block` (the user pressed "Restart")."""
        self.blocked.discard(user_id)

    def register_user(
        self,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> JSONDict:
        """Make a user (and their private chat) known, so sends to them look right."""
        user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self.users[user_id] = user
        return user

    def register_group(self, chat_id: int, title: str, chat_type: str = "group") -> JSONDict:
        """Make a group chat known (``chat_type`` "group" or "supergroup")."""
        chat: JSONDict = {"id": chat_id, "type": chat_type, "title": title}
        self.chats[chat_id] = chat
        return chat

    def register_file(self, file_id: str, content: bytes, *, path: str | None = None) -> JSONDict:
        """Store bytes behind ``file_id`` so ``getFile`` and downloading it work."""
        return self._files.register(file_id, content, path=path)

    def file_bytes(self, file_id: str) -> bytes | None:
        """The bytes stored behind ``file_id`` (uploaded by the bot or sent by a user)."""
        return self._files.content(file_id)

    def next_update_id(self) -> int:
        """A fresh update id; ids increase across all users, like Telegram's."""
        return self._updates.next_id()

    def next_message_id(self, chat_id: int) -> int:
        """A fresh message id in ``chat_id``; user and bot messages share the counter."""
        self._message_ids[chat_id] = self._message_ids.get(chat_id, 0) + 1
        return self._message_ids[chat_id]

    def new_file_id(self, kind: str) -> str:
        """A fresh, unique file id such as ``voice-00042``."""
        return self._files.new_id(kind)

    def new_callback_query_id(self) -> str:
        """A fresh callback query id for a button tap."""
        return f"{next(self._query_counter):012d}"

    def push_update(self, update: JSONDict) -> JSONDict:
        """Queue an update for ``getUpdates`` (polling) and wake a waiting long poll.

        Adds an ``update_id`` if missing and records the user side in the transcript.
        """
        if "update_id" not in update:
            update = {"update_id": self.next_update_id(), **update}
        self.record_incoming(update)
        self._updates.put(update)
        return update

    @property
    def pending_updates(self) -> list[JSONDict]:
        """Updates queued for ``getUpdates`` that were not yet confirmed by an offset."""
        return self._updates.pending()

    def record_incoming(self, update: JSONDict) -> None:
        """Note what a user did (transcript, message store, open callback queries).

        :class:`FakeUser` calls this before processing; :meth:`push_update` does too.
        """
        if "callback_query" in update:
            query = update["callback_query"]
            message = query.get("message") or {}
            chat_id = message.get("chat", {}).get("id", query["from"]["id"])
            self._open_queries[query["id"]] = chat_id
            data = query.get("data")
            label = None
            sent = self.message(chat_id, message.get("message_id", 0))
            if sent is not None:
                label = next(
                    (b.text for row in sent.buttons for b in row if b.callback_data == data),
                    None,
                )
            text = f"taps [ {label} ]" if label else f"sends callback data {data!r}"
            if not label and message.get("message_id"):
                text += f" on #{message['message_id']}"
            self.events.append(
                TranscriptEvent(
                    "user",
                    "tap",
                    chat_id,
                    user_id=query["from"]["id"],
                    text=text,
                    message_id=message.get("message_id"),
                )
            )
            return
        for key in ("message", "edited_message"):
            if key not in update:
                continue
            message = update[key]
            chat_id = message["chat"]["id"]
            self.user_messages[(chat_id, message["message_id"])] = message
            kind, text, detail = describe_message(message)
            if key == "edited_message":
                kind, detail = "edit", f"#{message['message_id']}"
            self.events.append(
                TranscriptEvent(
                    "user",
                    kind,
                    chat_id,
                    user_id=message.get("from", {}).get("id"),
                    text=text,
                    detail=detail,
                    message_id=message["message_id"],
                )
            )
            return
        kinds = [k for k in update if k != "update_id"]
        self.events.append(TranscriptEvent("user", "other", 0, text=", ".join(kinds)))

    # ---- queries for tests ---------------------------------------------------------------

    def calls_to(self, method: str) -> list[ApiCall]:
        """All recorded calls of one Bot API method, in order."""
        return [c for c in self.calls if c.method == method]

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        """Everything the bot sent to ``chat_id``, deleted messages included."""
        return [m for m in self.messages if m.chat_id == chat_id]

    def message(self, chat_id: int, message_id: int) -> SentMessage | None:
        """The bot's message ``message_id`` in ``chat_id``, if the bot sent it."""
        for sent in reversed(self.messages):
            if sent.chat_id == chat_id and sent.message_id == message_id:
                return sent
        return None

    @property
    def unanswered_callback_queries(self) -> set[str]:
        """Taps the bot never answered (the user's button keeps spinning)."""
        return set(self._open_queries)

    def checkpoint(self) -> tuple[int, int, int, int]:
        """A marker for :meth:`since`: how much has been recorded so far."""
        return (
            len(self.messages),
            len(self._edited_log),
            len(self._deleted_log),
            len(self.callback_answers),
        )

    def since(self, mark: tuple[int, int, int, int]) -> Replies:
        """What the bot did after :meth:`checkpoint` returned ``mark``."""
        sent, edited, deleted, answers = mark
        unique_edits = list({id(m): m for m in self._edited_log[edited:]}.values())
        return Replies(
            self.messages[sent:],
            edited=unique_edits,
            deleted=self._deleted_log[deleted:],
            answers=self.callback_answers[answers:],
        )

    def clear_records(self) -> None:
        """Forget calls, answers and the transcript (message store and ids are kept)."""
        self.calls.clear()
        self.callback_answers.clear()
        self.events.clear()

    # ---- transcript ----------------------------------------------------------------------

    def format_transcript(
        self,
        names: dict[int, str] | None = None,
        *,
        width: int = 100,
        events: Sequence[TranscriptEvent] | None = None,
        shorten_start_tokens: bool = True,
    ) -> str:
        """Render the conversation so a person can read it, one speaker per line.

        ``names`` maps user or chat ids to labels such as ``"Sky (child)"``; when the bot
        writes *to* someone, a trailing "(role)" is dropped (``Bot → Sky``). Bot HTML is shown
        as plain text; buttons follow on their own lines; long lines wrap under the text
        column. ``/start`` payloads (secret deep-link tokens) are shortened to ``3f9…``.
        """
        names = names or {}
        return render_transcript(
            self.events if events is None else events,
            lambda chat_id: self._name_of(chat_id, names),
            width=width,
            shorten_start_tokens=shorten_start_tokens,
        )

    def _name_of(self, chat_id: int, names: dict[int, str]) -> str:
        if chat_id in names:
            return names[chat_id]
        if chat_id in self.users:
            return self.users[chat_id]["first_name"]
        if chat_id in self.chats:
            return self.chats[chat_id].get("title", str(chat_id))
        return str(chat_id)

    # ---- internals: request plumbing -----------------------------------------------------

    def _programmed_failure(self, call: ApiCall, rule: FailureRule) -> tuple[int, bytes]:
        if rule.network is not None:
            call.status = 0
            kind = "timed out" if rule.network == "timeout" else "network error"
            self._record_error(call, 0, kind)
            if rule.network == "timeout":
                raise TimedOut("Timed out (programmed by BotAPIDouble)")
            raise NetworkError("httpx.ConnectError: programmed by BotAPIDouble")
        status = rule.status or 500
        call.status = status
        self._record_error(call, status, rule.description)
        parameters = {"retry_after": rule.retry_after} if status == 429 else None
        return error_body(status, rule.description, parameters)

    def _record_error(self, call: ApiCall, status: int, description: str) -> None:
        chat_id = as_chat_id(call.params.get("chat_id"))
        if not isinstance(chat_id, int):
            return
        shown = f"{status} {description}" if status else description
        self.events.append(
            TranscriptEvent("bot", "error", chat_id, text=f"✗ {call.method} failed: {shown}")
        )

    async def _dispatch(
        self, method: str, params: JSONDict, files: dict[str, UploadedFile]
    ) -> object:
        if method == "getMe":
            return self.bot_user(full=True)
        if method == "getUpdates":
            return await self._updates.get_updates(params, long_poll_cap=self.long_poll_cap)
        if method == "deleteWebhook":
            if params.get("drop_pending_updates"):
                self._updates.drop_pending()
            return True
        if method == "getWebhookInfo":
            return {
                "url": "",
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            }
        if method in _TRUE_METHODS:
            return True
        if method == "setMyCommands":
            self.commands[self._commands_key(params)] = list(params.get("commands", []))
            return True
        if method == "getMyCommands":
            return self.commands.get(self._commands_key(params)) or []
        if method == "sendChatAction":
            self._resolve_chat(params)
            return True
        if method == "sendMessage":
            return self._send_message(params)
        if method in _MEDIA_METHODS:
            return self._send_media(method, params, files)
        if method == "copyMessage":
            return self._copy_message(params)
        if method in ("editMessageText", "editMessageCaption", "editMessageReplyMarkup"):
            return self._edit_message(method, params)
        if method == "deleteMessage":
            return self._delete_message(params)
        if method == "answerCallbackQuery":
            return self._answer_callback_query(params)
        if method == "getFile":
            return self._files.get_file(params)
        raise ApiError(404, "Not Found")

    @staticmethod
    def _commands_key(params: JSONDict) -> str:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps([scope, params.get("language_code") or ""], sort_keys=True)

    # ---- internals: chats and messages ---------------------------------------------------

    def bot_user(self, *, full: bool = False) -> JSONDict:
        """The bot as a Bot API ``User``; ``full`` adds the fields only ``getMe`` returns."""
        user: JSONDict = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }
        if full:
            user.update(
                can_join_groups=True,
                can_read_all_group_messages=False,
                supports_inline_queries=False,
                can_connect_to_business=False,
                has_main_web_app=False,
            )
        return user

    def chat_dict(self, chat_id: int) -> JSONDict:
        """The Bot API ``Chat`` for ``chat_id`` (private chat of a known user, or a group)."""
        if chat_id in self.chats:
            return dict(self.chats[chat_id])
        if chat_id in self.users:
            user = self.users[chat_id]
            chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
            for key in ("last_name", "username"):
                if key in user:
                    chat[key] = user[key]
            return chat
        if chat_id < 0:
            return {"id": chat_id, "type": "group", "title": f"Group {chat_id}"}
        return {"id": chat_id, "type": "private", "first_name": f"User {chat_id}"}

    def _resolve_chat(self, params: JSONDict, key: str = "chat_id") -> int:
        raw = as_chat_id(params.get(key))
        if isinstance(raw, str):
            wanted = raw.removeprefix("@").lower()
            for known in (*self.users.values(), *self.chats.values()):
                if str(known.get("username", "")).lower() == wanted:
                    raw = int(known["id"])
                    break
            else:
                raise ApiError(400, "Bad Request: chat not found")
        if raw is None:
            raise ApiError(400, "Bad Request: chat_id is empty")
        if self.strict_chats and raw not in self.users and raw not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")
        if raw in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return raw

    def _answer_callback_query(self, params: JSONDict) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if query_id not in self._open_queries:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        chat_id = self._open_queries.pop(query_id)
        answer = CallbackAnswer(
            query_id, params.get("text"), bool(params.get("show_alert")), params.get("url")
        )
        self.callback_answers.append(answer)
        if answer.text:
            head = "⚠️ alert" if answer.show_alert else "💬 toast"
            self.events.append(
                TranscriptEvent("bot", "answer", chat_id, text=answer.text, detail=head)
            )
        return True


# --------------------------------------------------------------------------------------------
# The user side
# --------------------------------------------------------------------------------------------

_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w@/])")


def command_entities(text: str) -> list[JSONDict]:
    """``bot_command`` entities for every ``/command`` in ``text``, as Telegram adds them.

    PTB's ``CommandHandler`` only matches messages whose first entity is a bot_command at
    offset 0, so user messages built without this would never reach command handlers.
    """
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: m.start()]),
            "length": utf16_len(m.group(0)),
        }
        for m in _COMMAND_RE.finditer(text)
    ]


class FakeUser:
    """A person talking to the bot: builds real Bot API updates and runs them through the app.

    Each async action processes one update with ``application.process_update`` (handlers run
    to completion before it returns; ``block=False`` handlers are not awaited) and returns the
    :class:`Replies` the bot produced, to this user *or anyone else*.

    The ``*_update`` methods only build the update dict, for ``double.push_update`` when the
    app is polling.
    """

    def __init__(
        self,
        double: BotAPIDouble,
        application: Application,
        user_id: int,
        first_name: str,
        language_code: str | None = "en",
        *,
        last_name: str | None = None,
        username: str | None = None,
    ) -> None:
        self.double = double
        self.application = application
        self.user_id = user_id
        self.first_name = first_name
        self.language_code = language_code
        self.user = double.register_user(
            user_id,
            first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )

    def __repr__(self) -> str:
        return f"FakeUser({self.user_id}, {self.first_name!r})"

    @property
    def chat_id(self) -> int:
        """The private chat with the bot; Telegram uses the user id for it."""
        return self.user_id

    # ---- what the bot showed this user --------------------------------------------------

    @property
    def history(self) -> list[SentMessage]:
        """Every bot message in this private chat, oldest first, deleted ones included."""
        return self.double.messages_to(self.chat_id)

    @property
    def last(self) -> SentMessage | None:
        """The most recent bot message in this chat that is not deleted."""
        return next((m for m in reversed(self.history) if not m.deleted), None)

    @property
    def keyboard(self) -> list[list[str]] | None:
        """The reply keyboard currently shown under the input field, if any."""
        for message in reversed(self.history):
            if message.removes_keyboard:
                return None
            if message.reply_keyboard is not None:
                return message.reply_keyboard
        return None

    def last_with_buttons(self) -> SentMessage | None:
        """The newest message in this chat that still has inline buttons."""
        return next((m for m in reversed(self.history) if m.buttons and not m.deleted), None)

    def buttons(self) -> list[list[Button]]:
        """The inline buttons of :meth:`last_with_buttons` (empty if none)."""
        message = self.last_with_buttons()
        return message.buttons if message else []

    # ---- update builders -----------------------------------------------------------------

    def _message(self, chat: JSONDict | None = None, **content: Any) -> JSONDict:
        chat = chat or self.double.chat_dict(self.chat_id)
        return {
            "message_id": self.double.next_message_id(chat["id"]),
            "from": dict(self.user),
            "chat": chat,
            "date": now(),
            **content,
        }

    def _update(self, kind: str, payload: JSONDict) -> JSONDict:
        return {"update_id": self.double.next_update_id(), kind: payload}

    def text_update(
        self, text: str, *, entities: list[JSONDict] | None = None, chat: JSONDict | None = None
    ) -> JSONDict:
        """A text message update; ``/commands`` get their ``bot_command`` entities."""
        content: JSONDict = {"text": text}
        found = command_entities(text) if entities is None else entities
        if found:
            content["entities"] = found
        return self._update("message", self._message(chat, **content))

    def callback_update(self, data: str, message: JSONDict) -> JSONDict:
        """A button tap (``callback_query``) on ``message`` (a Bot API message dict).

        Send it with :meth:`deliver` or ``double.push_update``: they register the query id,
        without which ``answerCallbackQuery`` fails as it would for an expired query.
        """
        query = {
            "id": self.double.new_callback_query_id(),
            "from": dict(self.user),
            "message": copy.deepcopy(message),
            "chat_instance": f"ci{message.get('chat', {}).get('id', self.chat_id)}",
            "data": data,
        }
        return self._update("callback_query", query)

    def photo_update(
        self, file_id: str, caption: str | None = None, content: bytes = b""
    ) -> JSONDict:
        """A photo message; the file is registered so the bot can ``getFile`` it."""
        info = self.double.register_file(file_id, content or b"\xff\xd8\xff\xe0fake-jpeg")
        small = {**info, "file_id": f"{file_id}-s", "width": 90, "height": 67}
        extra: JSONDict = {"caption": caption} if caption else {}
        photo = [small, {**info, "width": 1280, "height": 960}]
        return self._update("message", self._message(photo=photo, **extra))

    def voice_update(self, file_id: str, duration: int = 3, content: bytes = b"") -> JSONDict:
        """A voice note; the file is registered so the bot can ``getFile`` it."""
        info = self.double.register_file(file_id, content or b"OggS-fake-voice")
        voice = {**info, "duration": duration, "mime_type": "audio/ogg"}
        return self._update("message", self._message(voice=voice))

    def sticker_update(self, emoji: str = "😀", file_id: str | None = None) -> JSONDict:
        """A sticker message (a static 512×512 sticker with ``emoji``)."""
        file_id = file_id or self.double.new_file_id("sticker")
        info = self.double.register_file(file_id, b"RIFF-fake-webp")
        sticker = {
            **info,
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
            "emoji": emoji,
        }
        return self._update("message", self._message(sticker=sticker))

    # ---- actions -------------------------------------------------------------------------

    async def deliver(self, update: JSONDict) -> Replies:
        """Run one update dict through the application and return what the bot did."""
        mark = self.double.checkpoint()
        self.double.record_incoming(update)
        await self.application.process_update(Update.de_json(update, self.application.bot))
        return self.double.since(mark)

    async def send(self, text: str, *, entities: list[JSONDict] | None = None) -> Replies:
        """Send a text message (``/start TOKEN`` becomes a proper command)."""
        return await self.deliver(self.text_update(text, entities=entities))

    async def tap(self, label_or_data: str, message: SentMessage | None = None) -> Replies:
        """Tap the inline button with this exact text (or callback_data).

        Looks on ``message``, or on the newest message in this chat that still has buttons.
        Fails with the list of available buttons if there is no such button.
        """
        target = message or self.last_with_buttons()
        if target is None:
            recent = [m.plain[:60] for m in self.history[-3:]]
            raise AssertionError(
                f"{self.first_name} has no message with buttons to tap "
                f"(looking for {label_or_data!r}); last bot messages: {recent}"
            )
        if target.deleted:
            raise AssertionError(f"message #{target.message_id} was deleted; cannot tap it")
        button = target.button(label_or_data)
        if button is None:
            available = ", ".join(
                f"{b.text!r} (data={b.callback_data!r})" for row in target.buttons for b in row
            )
            raise AssertionError(
                f"no button {label_or_data!r} on message #{target.message_id} "
                f"({target.plain[:60]!r}); available: {available or 'none'}"
            )
        if button.callback_data is None:
            raise AssertionError(
                f"button {button.text!r} opens {button.url!r}; it sends nothing to the bot"
            )
        return await self.deliver(self.callback_update(button.callback_data, target.raw))

    async def tap_data(self, data: str, message_id: int) -> Replies:
        """Send arbitrary (possibly forged or stale) callback data "from" ``message_id``.

        If the bot never sent that message here, the update carries an inaccessible message
        (``date`` 0), as Telegram does for messages it no longer shows.
        """
        sent = self.double.message(self.chat_id, message_id)
        if sent is not None:
            message = sent.raw
        else:
            message = {
                "message_id": message_id,
                "chat": self.double.chat_dict(self.chat_id),
                "date": 0,
            }
        return await self.deliver(self.callback_update(data, message))

    async def send_photo(
        self, file_id: str = "photo-from-user", caption: str | None = None, content: bytes = b""
    ) -> Replies:
        """Send a photo (optionally with caption and the bytes a download should return)."""
        return await self.deliver(self.photo_update(file_id, caption, content))

    async def send_voice(
        self, file_id: str = "voice-from-user", duration: int = 3, content: bytes = b""
    ) -> Replies:
        """Send a voice note of ``duration`` seconds."""
        return await self.deliver(self.voice_update(file_id, duration, content))

    async def send_sticker(self, emoji: str = "😀", file_id: str | None = None) -> Replies:
        """Send a sticker."""
        return await self.deliver(self.sticker_update(emoji, file_id))

    async def send_location(self, latitude: float, longitude: float) -> Replies:
        """Send a location pin."""
        location = {"latitude": latitude, "longitude": longitude}
        return await self.deliver(self._update("message", self._message(location=location)))

    async def send_contact(
        self,
        phone_number: str = "+10000000000",
        first_name: str = "Jo",
        last_name: str | None = "Example",
        user_id: int | None = None,
    ) -> Replies:
        """Share a contact card (someone else's, or your own with ``user_id``)."""
        contact: JSONDict = {"phone_number": phone_number, "first_name": first_name}
        if last_name:
            contact["last_name"] = last_name
        if user_id is not None:
            contact["user_id"] = user_id
        return await self.deliver(self._update("message", self._message(contact=contact)))

    async def send_poll(
        self, question: str = "Which day?", options: Sequence[str] = ("Monday", "Tuesday")
    ) -> Replies:
        """Send a (regular, anonymous) poll."""
        poll = {
            "id": self.double.new_file_id("poll"),
            "question": question,
            "options": [
                {"text": o, "voter_count": 0, "persistent_id": str(i)}
                for i, o in enumerate(options)
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
            "allows_revoting": False,
            "members_only": False,
        }
        return await self.deliver(self._update("message", self._message(poll=poll)))

    async def send_document(
        self,
        file_name: str = "notes.txt",
        content: bytes = b"some notes",
        mime_type: str = "text/plain",
        caption: str | None = None,
        file_id: str | None = None,
    ) -> Replies:
        """Send a file as a document."""
        file_id = file_id or self.double.new_file_id("document")
        info = self.double.register_file(file_id, content, path=f"documents/{file_name}")
        document = {**info, "file_name": file_name, "mime_type": mime_type}
        extra: JSONDict = {"caption": caption} if caption else {}
        message = self._message(document=document, **extra)
        return await self.deliver(self._update("message", message))

    async def edit_message(self, message_id: int, new_text: str) -> Replies:
        """Edit one of this user's own earlier text messages (an ``edited_message`` update)."""
        original = self.double.user_messages.get((self.chat_id, message_id))
        if original is None:
            raise AssertionError(f"{self.first_name} sent no message #{message_id}")
        edited = {**copy.deepcopy(original), "text": new_text, "edit_date": now()}
        edited.pop("entities", None)
        found = command_entities(new_text)
        if found:
            edited["entities"] = found
        return await self.deliver(self._update("edited_message", edited))

    async def send_in_group(
        self, text: str, chat_id: int = -1000000000001, title: str = "Example group"
    ) -> Replies:
        """Say ``text`` in a group chat the bot is in (not the private chat)."""
        chat = self.double.chats.get(chat_id) or self.double.register_group(
            chat_id, title, "supergroup" if chat_id < -1000000000000 else "group"
        )
        return await self.deliver(self.text_update(text, chat=dict(chat)))

    @property
    def last_sent_id(self) -> int | None:
        """The message id of this user's own most recent message in the private chat."""
        ids = [mid for (chat, mid) in self.double.user_messages if chat == self.chat_id]
        return max(ids) if ids else None


def application_builder(double: BotAPIDouble, token: str = DEFAULT_TOKEN) -> ApplicationBuilder:
    """An ``ApplicationBuilder`` whose every request goes to ``double``.

    Add ``.rate_limiter(...)``, ``.defaults(...)`` etc. as for production, then ``.build()``.
    """
    return Application.builder().token(token).request(double).get_updates_request(double)
