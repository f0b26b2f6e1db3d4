"""The Bot API methods that change what a chat shows: send*, copyMessage, edit*, delete.

Each handler checks the call as Telegram would (:mod:`telegram_double.validation`), keeps
:class:`~telegram_double.records.SentMessage` records current, adds the bot's side of the
transcript, and returns the Bot API result PTB expects.
"""

from __future__ import annotations

import copy
from typing import Any

from telegram_double.errors import ApiError
from telegram_double.files import FileStore
from telegram_double.html import plain_text
from telegram_double.records import MessageEdit, SentMessage, TranscriptEvent, UploadedFile
from telegram_double.transcript import KIND_LABELS, describe_message, human_size
from telegram_double.validation import (
    MAX_TEXT_LENGTH,
    parse_caption,
    parse_reply_markup,
    parse_text,
)
from telegram_double.wire import MEDIA_KINDS, JSONDict, as_chat_id, now

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


class MessageMethods:
    """The message handlers of :class:`~telegram_double.api.BotAPIDouble`, as a mixin.

    The double owns the state declared here and provides the chat lookups these methods
    use: ``_resolve_chat``, ``message``, ``next_message_id``, ``bot_user`` and ``chat_dict``.
    """

    messages: list[SentMessage]
    user_messages: dict[tuple[int, int], JSONDict]
    events: list[TranscriptEvent]
    _files: FileStore
    _edited_log: list[SentMessage]
    _deleted_log: list[SentMessage]

    def _new_message(self, chat_id: int, content: JSONDict) -> JSONDict:
        return {
            "message_id": self.next_message_id(chat_id),
            "from": self.bot_user(),
            "chat": self.chat_dict(chat_id),
            "date": now(),
            **content,
        }

    def _store(
        self,
        method: str,
        kind: str,
        message: JSONDict,
        params: JSONDict,
        *,
        text: str | None,
        markup: object,
        **extra: Any,
    ) -> SentMessage:
        buttons, inline, keyboard, removes = parse_reply_markup(markup)
        if inline is not None:
            message["reply_markup"] = inline
        sent = SentMessage(
            chat_id=message["chat"]["id"],
            message_id=message["message_id"],
            method=method,
            kind=kind,
            text=text,
            parse_mode=params.get("parse_mode"),
            buttons=buttons,
            reply_keyboard=keyboard,
            removes_keyboard=removes,
            raw=message,
            params=params,
            **extra,
        )
        self.messages.append(sent)
        return sent

    def _send_message(self, params: JSONDict) -> JSONDict:
        chat_id = self._resolve_chat(params)
        text = str(params.get("text", ""))
        plain, entities = parse_text(text, params.get("parse_mode"), params.get("entities"))
        if not plain.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(plain) > MAX_TEXT_LENGTH:
            raise ApiError(400, "Bad Request: message is too long")
        parse_reply_markup(params.get("reply_markup"))  # validate before a message id is spent
        content: JSONDict = {"text": plain}
        if entities:
            content["entities"] = entities
        message = self._new_message(chat_id, content)
        sent = self._store(
            "sendMessage", "text", message, params, text=text, markup=params.get("reply_markup")
        )
        self.events.append(
            TranscriptEvent(
                "bot",
                "text",
                chat_id,
                text=plain,
                buttons=sent.buttons,
                message_id=sent.message_id,
            )
        )
        return copy.deepcopy(message)

    def _send_media(
        self, method: str, params: JSONDict, files: dict[str, UploadedFile]
    ) -> JSONDict:
        kind = method.removeprefix("send").lower()
        chat_id = self._resolve_chat(params)
        text, content = parse_caption(params)
        parse_reply_markup(params.get("reply_markup"))
        info, upload = self._files.for_media(kind, params, files)
        detail = ""
        if kind == "photo":
            small = {**info, "file_id": info["file_id"] + "-s", "width": 90, "height": 67}
            content["photo"] = [small, {**info, "width": 1280, "height": 960}]
        elif kind == "voice":
            duration = int(params.get("duration") or info.get("duration") or 1)
            content["voice"] = {**info, "duration": duration, "mime_type": "audio/ogg"}
            detail = f"({duration // 60}:{duration % 60:02d})"
        elif kind == "document":
            name = upload.filename if upload else info["file_id"]
            mime = upload.mime_type if upload else "application/octet-stream"
            content["document"] = {**info, "file_name": name, "mime_type": mime}
            detail = f"{name} ({human_size(info.get('file_size', 0))})"
        elif kind == "sticker":
            content["sticker"] = {
                **info,
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            }
        elif kind in ("video", "animation"):
            content[kind] = {**info, "width": 640, "height": 480, "duration": 1}
        else:
            content[kind] = {**info, "duration": int(params.get("duration") or 1)}
        message = self._new_message(chat_id, content)
        sent = self._store(
            method,
            kind,
            message,
            params,
            text=text,
            markup=params.get("reply_markup"),
            file_id=info["file_id"],
            document_name=upload.filename if upload else None,
            document_bytes=upload.content if upload else None,
        )
        self.events.append(
            TranscriptEvent(
                "bot",
                kind,
                chat_id,
                text=content.get("caption", ""),
                detail=detail,
                buttons=sent.buttons,
                message_id=sent.message_id,
            )
        )
        return copy.deepcopy(message)

    def _find_any_message(self, chat_id: int, message_id: int) -> JSONDict | None:
        sent = self.message(chat_id, message_id)
        if sent is not None:
            return None if sent.deleted else sent.raw
        return self.user_messages.get((chat_id, message_id))

    def _copy_message(self, params: JSONDict) -> JSONDict:
        chat_id = self._resolve_chat(params)
        from_chat = as_chat_id(params.get("from_chat_id"))
        source = (
            self._find_any_message(from_chat, int(params.get("message_id") or 0))
            if isinstance(from_chat, int)
            else None
        )
        if source is None or not isinstance(from_chat, int):
            raise ApiError(400, "Bad Request: message to copy not found")
        kind, source_text, detail = describe_message(source)
        content = {
            k: copy.deepcopy(v)
            for k, v in source.items()
            if k in (*MEDIA_KINDS, "text", "entities", "caption", "caption_entities")
        }
        text: str | None = source_text or None
        if "caption" in params:
            text, caption_content = parse_caption(params)
            content.pop("caption_entities", None)
            content.update(caption_content)
        message = self._new_message(chat_id, content)
        file_id = _file_id_of(source)
        sent = self._store(
            "copyMessage",
            kind,
            message,
            params,
            text=text,
            markup=params.get("reply_markup"),
            file_id=file_id,
        )
        described = KIND_LABELS.get(kind, "message") + (f" {detail}" if detail else "")
        self.events.append(
            TranscriptEvent(
                "bot",
                "copy",
                chat_id,
                text=plain_text(text or "", params.get("parse_mode")) if text else "",
                detail=described.strip(),
                buttons=sent.buttons,
                message_id=sent.message_id,
                source_chat_id=from_chat,
            )
        )
        return {"message_id": sent.message_id}

    def _edit_message(self, method: str, params: JSONDict) -> JSONDict | bool:
        if params.get("inline_message_id"):
            return True
        chat_id = self._resolve_chat(params)
        message_id = int(params.get("message_id") or 0)
        sent = self.message(chat_id, message_id)
        if sent is None or sent.deleted:
            if (chat_id, message_id) in self.user_messages:
                raise ApiError(400, "Bad Request: message can't be edited")
            raise ApiError(400, "Bad Request: message to edit not found")
        raw = sent.raw
        new = dict(raw)
        text = sent.text
        parse_mode = sent.parse_mode
        if method == "editMessageText":
            if sent.kind != "text":
                raise ApiError(400, "Bad Request: there is no text in the message to edit")
            text = str(params.get("text", ""))
            parse_mode = params.get("parse_mode")
            plain, entities = parse_text(text, parse_mode, params.get("entities"))
            if not plain.strip():
                raise ApiError(400, "Bad Request: message text is empty")
            if len(plain) > MAX_TEXT_LENGTH:
                raise ApiError(400, "Bad Request: message is too long")
            new["text"] = plain
            new.pop("entities", None)
            if entities:
                new["entities"] = entities
        elif method == "editMessageCaption":
            if sent.kind == "text":
                raise ApiError(400, "Bad Request: there is no caption in the message to edit")
            parse_mode = params.get("parse_mode")
            text, caption_content = parse_caption(params)
            new.pop("caption", None)
            new.pop("caption_entities", None)
            new.update(caption_content)
        buttons, inline, _, _ = parse_reply_markup(params.get("reply_markup"))
        new.pop("reply_markup", None)
        if inline is not None:
            new["reply_markup"] = inline
        unchanged = all(
            new.get(k) == raw.get(k)
            for k in ("text", "entities", "caption", "caption_entities", "reply_markup")
        )
        if unchanged:
            raise ApiError(400, NOT_MODIFIED)
        new["edit_date"] = now()
        sent.raw = new
        sent.text = text
        sent.parse_mode = parse_mode
        sent.buttons = buttons
        sent.edits.append(MessageEdit(method, text, parse_mode, buttons, new["edit_date"]))
        self._edited_log.append(sent)
        shown = "" if method == "editMessageReplyMarkup" else plain_text(text or "", parse_mode)
        self.events.append(
            TranscriptEvent(
                "bot",
                "edit",
                chat_id,
                text=shown,
                detail=f"#{message_id}",
                buttons=buttons,
                message_id=message_id,
            )
        )
        return copy.deepcopy(new)

    def _delete_message(self, params: JSONDict) -> bool:
        chat_id = self._resolve_chat(params)
        message_id = int(params.get("message_id") or 0)
        sent = self.message(chat_id, message_id)
        if sent is not None and not sent.deleted:
            sent.deleted = True
            self._deleted_log.append(sent)
        elif (chat_id, message_id) in self.user_messages:
            self.user_messages.pop((chat_id, message_id))
        else:
            raise ApiError(400, "Bad Request: message to delete not found")
        self.events.append(TranscriptEvent("bot", "delete", chat_id, message_id=message_id))
        return True


def _file_id_of(message: JSONDict) -> str | None:
    for kind in MEDIA_KINDS:
        media = message.get(kind)
        if isinstance(media, list) and media:
            return media[-1].get("file_id")
        if isinstance(media, dict) and "file_id" in media:
            return media["file_id"]
    return None
