"""The Bot API double itself: a fake Telegram server inside PTB's request layer.

:class:`BotAPIDouble` answers each HTTP request PTB makes as api.telegram.org would. This
module holds the request plumbing, failure injection, the chats and users it knows, what
tests query (calls, messages, checkpoints), and the dispatch to the method handlers; the
handlers that send, copy, edit and delete messages live in
:mod:`telegram_double.message_methods`. :func:`application_builder` wires an app to it.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections.abc import Sequence
from typing import Literal

from telegram.error import NetworkError, TimedOut
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest, RequestData

from telegram_double.errors import DEFAULT_ERROR_DESCRIPTIONS, ApiError, error_body
from telegram_double.files import FileStore, read_uploads
from telegram_double.message_methods import MessageMethods
from telegram_double.records import (
    ApiCall,
    CallbackAnswer,
    FailureRule,
    Replies,
    SentMessage,
    TranscriptEvent,
    UploadedFile,
)
from telegram_double.transcript import describe_message, render_transcript
from telegram_double.updates import UpdateQueue
from telegram_double.wire import JSONDict, as_chat_id

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


class BotAPIDouble(MessageMethods, BaseRequest):
    """A fake Telegram server living inside PTB's request layer.

    Pass the same instance as ``request`` and ``get_updates_request`` (see
    :func:`application_builder`). Every call is answered synchronously from in-memory state;
    nothing leaves the process. The :mod:`telegram_double` docstring says what is checked
    and recorded.

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

    # ---- BaseRequest -----------------------------------------------------------------------

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
            return await self.download(file_match.group(1))

        api_method = url.rstrip("/").rsplit("/", 1)[-1]
        params: JSONDict = (
            json.loads(json.dumps(request_data.parameters)) if request_data is not None else {}
        )
        return await self.answer(api_method, params, read_uploads(request_data))

    async def download(self, path: str) -> tuple[int, bytes]:
        """A file download (``/file/bot<token>/<path>``), as ``(status, body)``."""
        return self._files.download(path)

    async def answer(
        self, api_method: str, params: JSONDict, files: dict[str, UploadedFile]
    ) -> tuple[int, bytes]:
        """One Bot API call with its parameters already read: ``(status, JSON body)``.

        The in-process request and the HTTP stand-in (``telegram_double.server``)
        both come here, so they behave the same."""
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

    # ---- programming the double ------------------------------------------------------------

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

    def register_file(
        self, file_id: str, content: bytes, *, path: str | None = None, seconds: int | None = None
    ) -> JSONDict:
        """Store bytes behind ``file_id`` so ``getFile`` and downloading it work (``seconds``:
        a voice note's length, which a re-send by file id keeps, as on Telegram)."""
        return self._files.register(file_id, content, path=path, seconds=seconds)

    def file_bytes(self, file_id: str) -> bytes | None:
        """The bytes stored behind ``file_id`` (uploaded by the bot or sent by a user)."""
        return self._files.content(file_id)

    def next_update_id(self) -> int:
        """A fresh update id; ids increase across all users, like Telegram's."""
        return self._updates.next_id()

    @property
    def last_update_id(self) -> int:
        """The newest update id handed out so far (0 before the first)."""
        return self._updates.last_id

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
            # A message made elsewhere still takes its id in the chat, as on Telegram.
            if self._message_ids.get(chat_id, 0) < message["message_id"]:
                self._message_ids[chat_id] = message["message_id"]
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

    # ---- queries for tests -----------------------------------------------------------------

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

    # ---- transcript ------------------------------------------------------------------------

    def narrate(self, text: str) -> None:
        """A line between the turns of a transcript, for its reader: time passing, a
        restart. Nothing is sent and no chat sees it."""
        self.events.append(TranscriptEvent(actor="narrator", kind="note", chat_id=0, text=text))

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

    # ---- internals: request plumbing -------------------------------------------------------

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

    # ---- chats and users -------------------------------------------------------------------

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

    # ---- callback queries ------------------------------------------------------------------

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


def application_builder(double: BotAPIDouble, token: str = DEFAULT_TOKEN) -> ApplicationBuilder:
    """An ``ApplicationBuilder`` whose every request goes to ``double``.

    Add ``.rate_limiter(...)``, ``.defaults(...)`` etc. as for production, then ``.build()``.
    """
    return Application.builder().token(token).request(double).get_updates_request(double)
