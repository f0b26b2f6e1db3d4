"""The people on the other side: :class:`FakeUser` builds the updates a Telegram user causes.

A fake user registers with the double, builds real Bot API update dicts (text with command
entities, button taps, photos, voice notes, stickers, contacts, polls, documents, edits,
group messages) and runs each through the application, returning the bot's
:class:`~telegram_double.records.Replies`. The ``*_update`` builders are for polling apps.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.ext import Application

from telegram_double.api import BotAPIDouble
from telegram_double.html import utf16_len
from telegram_double.records import Button, Replies, SentMessage
from telegram_double.wire import JSONDict, now

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
        info = self.double.register_file(file_id, content or b"OggS-fake-voice", seconds=duration)
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
