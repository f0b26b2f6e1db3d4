"""The chat a child reads on the web: the bot's messages and their own, and their files.

The core's ``Reply`` values are kept as they are (Telegram HTML and buttons); the
web channel makes them safe for a browser when it shows them. A reply that edits a
message (a tapped button's buttons taken away) edits its row here. A photo or voice
note the child sends is a ``WebFile``; the answer refers to it as ``web:<id>``, where
a Telegram answer has Telegram's file id, and staff are sent the file itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlmodel import Session, col, select

from bot.people.addresses import person_of_web
from bot.platform.replies import Reply
from models import WebFile, WebMessage

FILE_PREFIX: Final = "web:"
SHOWN: Final = 200
"""The newest messages a page shows: a whole consultation, with room to spare."""


def is_web_file(file_id: str | None) -> bool:
    return bool(file_id) and str(file_id).startswith(FILE_PREFIX)


def post(session: Session, reply: Reply, now: datetime) -> int:
    """Keep one of the core's replies in the child's web chat; its message id."""
    if reply.menu is not None:
        return 0  # a Telegram command menu: the web chat has its own buttons
    person_id = person_of_web(reply.chat_id)
    buttons = (
        json.dumps([[[b.label, b.data.encode()] for b in row] for row in reply.buttons])
        if reply.buttons
        else None
    )
    if reply.edit_message_id is not None:
        row = session.get(WebMessage, reply.edit_message_id)
        if row is not None and row.person_id == person_id and not row.from_person:
            if reply.text:
                row.text = reply.text
            row.buttons = buttons
            session.add(row)
        return reply.edit_message_id
    file_id, file_kind = None, None
    if reply.document is not None:
        name, content = reply.document
        file_id = keep_file(
            session, person_id, "document", _media_type(name), content, now, name=name
        )
        file_kind = "document"
    elif reply.photo and is_web_file(reply.photo):
        file_id, file_kind = reply.photo, "photo"
    elif reply.voice and is_web_file(reply.voice):
        file_id, file_kind = reply.voice, "voice"
    if not (reply.text or file_id or buttons):
        return 0
    row = WebMessage(
        person_id=person_id,
        text=reply.text,
        buttons=buttons,
        file_id=file_id,
        file_kind=file_kind,
        created_at=now,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def _media_type(name: str) -> str:
    return {
        "pdf": "application/pdf",
        "json": "application/json",
        "zip": "application/zip",
        "txt": "text/plain",
    }.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def child_said(
    session: Session,
    person_id: int,
    now: datetime,
    text: str = "",
    file_id: str | None = None,
    file_kind: str | None = None,
) -> int:
    """The child's own bubble: what they typed, or the file they sent."""
    row = WebMessage(
        person_id=person_id,
        from_person=True,
        text=text,
        file_id=file_id,
        file_kind=file_kind,
        created_at=now,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


@dataclass(frozen=True)
class Bubble:
    id: int
    mine: bool
    text: str
    buttons: list[list[tuple[str, str]]]
    file_id: str | None
    file_kind: str | None
    at: datetime


def bubbles(session: Session, person_id: int, limit: int = SHOWN) -> list[Bubble]:
    """The newest messages of a child's chat, oldest first."""
    rows = session.exec(
        select(WebMessage)
        .where(WebMessage.person_id == person_id)
        .order_by(col(WebMessage.id).desc())
        .limit(limit)
    ).all()
    return [
        Bubble(
            id=row.id or 0,
            mine=row.from_person,
            text=row.text,
            buttons=[[(label, data) for label, data in r] for r in json.loads(row.buttons)]
            if row.buttons
            else [],
            file_id=row.file_id,
            file_kind=row.file_kind,
            at=row.created_at,
        )
        for row in reversed(rows)
    ]


def newest_id(session: Session, person_id: int) -> int:
    """The id of the newest message: a page asks whether anything new has come."""
    found = session.exec(
        select(WebMessage.id)
        .where(WebMessage.person_id == person_id)
        .order_by(col(WebMessage.id).desc())
        .limit(1)
    ).first()
    return found or 0


def keep_file(
    session: Session,
    person_id: int,
    kind: str,
    media_type: str,
    content: bytes,
    now: datetime,
    *,
    name: str = "",
    meta: dict[str, object] | None = None,
) -> str:
    """Keep a file (sealed); its id as answers and messages refer to it."""
    row = WebFile(
        person_id=person_id,
        kind=kind,
        media_type=media_type,
        name=name,
        content=content,
        size=len(content),
        created_at=now,
        meta=meta or {},
    )
    session.add(row)
    session.flush()
    return f"{FILE_PREFIX}{row.id}"


def file_row(session: Session, file_id: str) -> WebFile | None:
    """The file behind a ``web:<id>`` id, whoever may see it (callers check)."""
    if not is_web_file(file_id):
        return None
    number = file_id.removeprefix(FILE_PREFIX)
    if not number.isascii() or not number.isdigit() or len(number) > 12:
        return None
    return session.get(WebFile, int(number))


def own_file(session: Session, person_id: int, file_id: str) -> WebFile | None:
    """The file, if it is this child's own (the web chat shows a child nobody else's)."""
    row = file_row(session, file_id)
    return row if row is not None and row.person_id == person_id else None
