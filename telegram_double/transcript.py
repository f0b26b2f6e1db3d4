"""The transcript: both sides of the conversation as a person would read them.

The double appends a :class:`~telegram_double.records.TranscriptEvent` for everything a user
does and everything the bot sends, edits, deletes or answers; :func:`render_transcript` lays
those events out one speaker per line. :func:`describe_message` names what a Bot API message
holds (a photo, a voice message, text...) for those events.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Sequence

from telegram_double.records import TranscriptEvent
from telegram_double.wire import MEDIA_KINDS, JSONDict

KIND_LABELS = {
    "photo": "📷 photo",
    "voice": "🎤 voice message",
    "video": "🎬 video",
    "video_note": "🎬 video message",
    "audio": "🎵 audio",
    "animation": "🎞 GIF",
    "document": "📄 document",
    "sticker": "sticker",
    "location": "📍 location",
    "contact": "👤 contact",
    "poll": "📊 poll",
}


def human_size(size: int) -> str:
    """A file size as the transcript shows it: ``512 B``, ``1.5 kB``, ``2.0 MB``."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} kB"
    return f"{size / 1024 / 1024:.1f} MB"


def describe_message(message: JSONDict) -> tuple[str, str, str]:
    """``(kind, text, detail)`` of a Bot API message, for the transcript."""
    for kind in MEDIA_KINDS:
        media = message.get(kind)
        if media is None:
            continue
        caption = message.get("caption", "")
        detail = ""
        if kind in ("voice", "audio", "video", "video_note"):
            seconds = int(media.get("duration", 0))
            detail = f"({seconds // 60}:{seconds % 60:02d})"
        elif kind == "document":
            detail = f"{media.get('file_name', '')} ({human_size(media.get('file_size', 0))})"
        elif kind == "sticker":
            detail = media.get("emoji", "")
        elif kind == "location":
            detail = f"{media['latitude']:.5f}, {media['longitude']:.5f}"
        elif kind == "contact":
            name = " ".join(filter(None, [media.get("first_name"), media.get("last_name")]))
            detail = f"{name}, {media.get('phone_number', '')}"
        elif kind == "poll":
            options = " / ".join(o["text"] for o in media.get("options", []))
            detail = f"{media.get('question', '')} ({options})"
        return kind, caption, detail.strip()
    return "text", message.get("text", ""), ""


def render_transcript(
    events: Sequence[TranscriptEvent],
    name_of: Callable[[int], str],
    *,
    width: int = 100,
    shorten_start_tokens: bool = True,
) -> str:
    """Lay ``events`` out one speaker per line; ``name_of`` labels a user or chat id.

    See :meth:`telegram_double.api.BotAPIDouble.format_transcript` for what the lines show.
    """
    events = list(events)
    rows: list[tuple[str, list[str]]] = []
    for event in events:
        label = _speaker_label(event, name_of)
        rows.append((label, _event_lines(event, name_of, shorten_start_tokens)))
    if not rows:
        return ""
    label_width = min(max(len(label) for label, _ in rows), 28)
    indent = " " * (label_width + 3)
    text_width = max(30, width - len(indent))
    out: list[str] = []
    for event, (label, lines) in zip(events, rows, strict=True):
        if event.actor == "narrator":
            out.extend(["", f"— {event.text} —".center(width).rstrip(), ""])
            continue
        first = True
        for line in lines:
            if line.startswith("\0"):  # a row of buttons: never split a button
                wrapped = _wrap_buttons(line[1:], text_width)
            else:
                wrapped = textwrap.wrap(
                    line, text_width, break_on_hyphens=False, replace_whitespace=False
                ) or [""]
            for part in wrapped:
                prefix = f"{label.ljust(label_width)} ▸ " if first else indent
                out.append((prefix + part).rstrip())
                first = False
    return "\n".join(out)


def _speaker_label(event: TranscriptEvent, name_of: Callable[[int], str]) -> str:
    if event.actor == "narrator":
        return ""
    if event.actor == "bot":
        recipient = re.sub(r"\s*\([^)]*\)\s*$", "", name_of(event.chat_id))
        return f"Bot → {recipient}"
    if event.user_id is None:
        return "Telegram"
    label = name_of(event.user_id)
    if event.chat_id != event.user_id:
        label += f" @ {name_of(event.chat_id)}"
    return label


def _event_lines(event: TranscriptEvent, name_of: Callable[[int], str], shorten: bool) -> list[str]:
    text = event.text
    if event.actor == "user" and event.kind == "text" and shorten:
        text = re.sub(r"^(/start(?:@\w+)?\s+)(\S{3})\S{5,}", r"\1\2…", text)
    kind = event.kind
    if kind in ("text", "tap", "error", "other"):
        head = ""
        if kind == "other":
            text = f"({text} update)"
    elif kind == "edit":
        head = f"✏️ edits {event.detail}"
        if event.actor == "bot" and not text:
            head += " (buttons only)" if event.buttons else " (removes buttons)"
    elif kind == "delete":
        head = f"🗑 deletes #{event.message_id}"
    elif kind == "answer":
        head = event.detail
    elif kind == "copy":
        source = re.sub(r"\s*\([^)]*\)\s*$", "", name_of(event.source_chat_id or 0))
        head = f"↪ copy of {source}'s {event.detail}"
    else:
        head = KIND_LABELS.get(kind, kind)
        if event.detail:
            head += f" {event.detail}"
    paragraphs = text.split("\n") if text else []
    if head and paragraphs:
        paragraphs[0] = f"{head}: {paragraphs[0]}"
    elif head:
        paragraphs = [head]
    lines = paragraphs or [""]
    lines += ["\0" + "  ".join(str(b) for b in row) for row in event.buttons if row]
    return lines


def _wrap_buttons(row: str, width: int) -> list[str]:
    parts = re.findall(r"\[ .*? \]", row)
    lines: list[str] = []
    current = ""
    for part in parts:
        candidate = f"{current}  {part}" if current else part
        if current and len(candidate) > width:
            lines.append(current)
            current = part
        else:
            current = candidate
    return [*lines, current] if current else [row]
