"""Telegram's HTML ``parse_mode``: what the Bot API accepts, and what the user then sees.

:func:`parse_html` turns Telegram-HTML into plain text plus message entities exactly as the
Bot API does, rejecting what Telegram rejects (``<br>``, unknown tags, unclosed or crossed
tags) with Telegram's wording. Offsets and lengths are UTF-16 code units (:func:`utf16_len`).
:func:`plain_text` is the lenient version for showing a message that was already sent.
"""

from __future__ import annotations

import contextlib
import html
import re
from dataclasses import dataclass

from telegram_double.wire import JSONDict


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit Telegram uses for entity offsets.

    Emoji outside the Basic Multilingual Plane count as two, so ``len()`` is wrong for them.
    """
    return len(text.encode("utf-16-le")) // 2


class HTMLParseError(ValueError):
    """Raised for text Telegram would reject with "can't parse entities"."""


_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}
_SUPPORTED_TAGS = frozenset({*_SIMPLE_TAGS, "a", "span", "blockquote", "tg-emoji"})
_TAG_NAME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
_ATTR_RE = re.compile(r"""\s*([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_ENTITY_RE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


@dataclass
class _OpenTag:
    name: str
    offset: int
    attrs: dict[str, str]


def _decode_entity(token: str) -> str | None:
    if token.startswith("#"):
        with contextlib.suppress(ValueError, OverflowError):
            code = int(token[2:], 16) if token[1:2] in ("x", "X") else int(token[1:])
            return chr(code)
        return None
    return _NAMED_ENTITIES.get(token)


def _closed_entity(tag: _OpenTag, end: int, parent: _OpenTag | None) -> JSONDict | None:
    length = end - tag.offset
    if length <= 0:
        return None
    base: JSONDict = {"offset": tag.offset, "length": length}
    if tag.name == "a":
        href = tag.attrs.get("href")
        if not href:
            return None
        match = re.fullmatch(r"tg://user\?id=(\d+)", href)
        if match:
            user = {"id": int(match.group(1)), "is_bot": False, "first_name": ""}
            return {**base, "type": "text_mention", "user": user}
        return {**base, "type": "text_link", "url": href}
    if tag.name == "span":
        return {**base, "type": "spoiler"}
    if tag.name == "blockquote":
        kind = "expandable_blockquote" if "expandable" in tag.attrs else "blockquote"
        return {**base, "type": kind}
    if tag.name == "tg-emoji":
        return {**base, "type": "custom_emoji", "custom_emoji_id": tag.attrs.get("emoji-id", "")}
    if tag.name == "code" and parent is not None and parent.name == "pre":
        language = tag.attrs.get("class", "")
        if language.startswith("language-"):
            parent.attrs["language"] = language.removeprefix("language-")
        return None
    if tag.name == "pre" and tag.attrs.get("language"):
        return {**base, "type": "pre", "language": tag.attrs["language"]}
    return {**base, "type": _SIMPLE_TAGS[tag.name]}


def parse_html(text: str) -> tuple[str, list[JSONDict]]:
    """Turn Telegram-HTML into ``(plain_text, entities)`` exactly as the Bot API does.

    Offsets and lengths are UTF-16 code units. Raises :class:`HTMLParseError` with Telegram's
    wording for what Telegram would reject (``<br>``, unknown tags, unclosed or crossed tags),
    because those are real production failures worth catching in tests.
    """
    out: list[str] = []
    pos16 = 0
    stack: list[_OpenTag] = []
    entities: list[JSONDict] = []
    i = 0
    n = len(text)

    def emit(chunk: str) -> None:
        nonlocal pos16
        out.append(chunk)
        pos16 += utf16_len(chunk)

    while i < n:
        ch = text[i]
        if ch == "&":
            match = _ENTITY_RE.match(text, i)
            decoded = _decode_entity(match.group(1)) if match else None
            if match and decoded is not None:
                emit(decoded)
                i = match.end()
            else:
                emit("&")  # Telegram keeps unknown entities literally
                i += 1
            continue
        if ch != "<":
            j = i
            while j < n and text[j] not in "&<":
                j += 1
            emit(text[i:j])
            i = j
            continue

        byte_offset = len(text[:i].encode("utf-8"))
        if text.startswith("</", i):
            end = text.find(">", i)
            if end == -1:
                raise HTMLParseError(f"Unclosed end tag at byte offset {byte_offset}")
            name = text[i + 2 : end].strip().lower()
            if not stack:
                raise HTMLParseError(f"Unexpected end tag at byte offset {byte_offset}")
            tag = stack.pop()
            if name != tag.name:
                raise HTMLParseError(
                    f'Unmatched end tag at byte offset {byte_offset}, expected "</{tag.name}>", '
                    f'found "</{name}>"'
                )
            entity = _closed_entity(tag, pos16, stack[-1] if stack else None)
            if entity:
                entities.append(entity)
            i = end + 1
            continue

        name_match = _TAG_NAME_RE.match(text, i + 1)
        name = name_match.group(0).lower() if name_match else ""
        if name not in _SUPPORTED_TAGS:
            shown = name or text[i + 1 : i + 2]
            raise HTMLParseError(f'Unsupported start tag "{shown}" at byte offset {byte_offset}')
        j = name_match.end() if name_match else i + 1
        attrs: dict[str, str] = {}
        while True:
            if j >= n:
                raise HTMLParseError(f"Unclosed start tag at byte offset {byte_offset}")
            if text[j] == ">":
                break
            if text[j].isspace():
                j += 1
                continue
            attr = _ATTR_RE.match(text, j)
            if not attr or attr.end() == j:
                raise HTMLParseError(f"Unclosed start tag at byte offset {byte_offset}")
            value = next((g for g in attr.groups()[1:] if g is not None), "")
            attrs[attr.group(1).lower()] = html.unescape(value)
            j = attr.end()
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise HTMLParseError('Tag "span" must have class "tg-spoiler"')
        if name == "tg-emoji" and not attrs.get("emoji-id"):
            raise HTMLParseError('Tag "tg-emoji" must have attribute "emoji-id"')
        stack.append(_OpenTag(name, pos16, attrs))
        i = j + 1

    if stack:
        raise HTMLParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def plain_text(text: str, parse_mode: str | None) -> str:
    """What a user sees for ``text`` sent with ``parse_mode``; lenient about bad HTML."""
    if (parse_mode or "").lower() != "html":
        return text
    try:
        return parse_html(text)[0]
    except HTMLParseError:
        return html.unescape(re.sub(r"<[^>]*>", "", text))
