"""Turning message ids into what a person reads.

A ``Renderer`` speaks to one reader: it translates into their locale (Babel
catalogs in ``messages/locales``), puts in the child's own Language that Cares
words, escapes every value for Telegram's HTML, formats dates with Babel, and
marks right-to-left text so Telegram shows it the right way round. Every value,
and every quote of a person's words, is cleaned first (``messages.clean``: no
direction overrides, isolates or control characters a person typed), so the
marks the renderer adds are the only ones there.
"""

from __future__ import annotations

import gettext
import html
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from messages import languages, text
from messages.clean import clean, clean_shown
from messages.text import Plural

LOCALES_DIR = Path(__file__).parent / "locales"
SOURCE_LOCALE = "en"
TELEGRAM_LIMIT = 4096
LONDON = ZoneInfo("Europe/London")

# Unicode isolates keep a run of one direction from reordering its neighbours.
FSI, PDI, RLM = "\u2068", "\u2069", "\u200f"
_RTL_CLASSES = {"R", "AL"}
_LTR_CLASSES = {"L", "EN", "AN"}  # letters written left to right, and digits


@lru_cache(maxsize=1)
def available_locales() -> tuple[str, ...]:
    """The languages we speak that have a catalog (English always), in picker order."""
    found = {SOURCE_LOCALE}
    if LOCALES_DIR.is_dir():
        found.update(p.parent.parent.name for p in LOCALES_DIR.glob("*/LC_MESSAGES/messages.po"))
    return tuple(code for code in languages.CODES if code in found)


def is_known_locale(code: str) -> bool:
    return code in available_locales()


def locale_name(code: str) -> str:
    """The language's own name for itself ("English", "العربية", "دری")."""
    if languages.is_supported(code):
        return languages.language(code).name
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (UnknownLocaleError, ValueError):
        return code
    return name[:1].upper() + name[1:]


def babel_locale(code: str) -> str:
    """The CLDR locale behind one of ours (Dari's is ``fa_AF``; English is British)."""
    return languages.language(code).babel if languages.is_supported(code) else code


@lru_cache(maxsize=32)
def translations(code: str) -> gettext.NullTranslations:
    """The catalog for a locale: its compiled ``messages.mo`` (``make i18n``), or, while
    a translator works on the .po, that compiled in memory."""
    po_file = LOCALES_DIR / code / "LC_MESSAGES" / "messages.po"
    mo_file = po_file.with_suffix(".mo")
    if code == SOURCE_LOCALE or not po_file.exists():
        return gettext.NullTranslations()
    if mo_file.exists() and mo_file.stat().st_mtime >= po_file.stat().st_mtime:
        with mo_file.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=babel_locale(code))
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@dataclass(frozen=True)
class CatalogReview:
    """Whether a council's translator has reviewed a language's catalog."""

    status: str
    """"source" (English), "draft", "reviewed", or "none" (no catalog)."""
    by: str = ""
    on: str = ""


_REVIEW_FIELD = re.compile(r"#\s*(Review-Status|Reviewed-By|Reviewed-On):\s*(.*)$")


@lru_cache(maxsize=32)
def catalog_review(code: str) -> CatalogReview:
    """The review status in a catalog's header comment (``messages.catalog`` writes it)."""
    if code == SOURCE_LOCALE:
        return CatalogReview("source")
    po_file = LOCALES_DIR / code / "LC_MESSAGES" / "messages.po"
    if not po_file.exists():
        return CatalogReview("none")
    fields: dict[str, str] = {}
    with po_file.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                break
            match = _REVIEW_FIELD.match(line.strip())
            if match:
                fields[match.group(1)] = match.group(2).strip()
    status = fields.get("Review-Status") or "draft"
    return CatalogReview(status, fields.get("Reviewed-By", ""), fields.get("Reviewed-On", ""))


def is_rtl_locale(code: str) -> bool:
    if languages.is_supported(code):
        return languages.language(code).rtl
    try:
        return Locale.parse(code).character_order == "right-to-left"
    except (UnknownLocaleError, ValueError):
        return False


def has_rtl(value: str) -> bool:
    return any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in value)


def has_ltr(value: str) -> bool:
    return any(unicodedata.bidirectional(ch) in _LTR_CLASSES for ch in value)


def isolate(value: str, *, rtl: bool = False) -> str:
    """Wrap text of the other direction so it cannot scramble the sentence around it:
    right-to-left words in a left-to-right message, and, in a right-to-left message,
    names, numbers and English words."""
    other = has_ltr(value) if rtl else has_rtl(value)
    return f"{FSI}{value}{PDI}" if other else value


def utf16_len(value: str) -> int:
    """Telegram counts message length in UTF-16 code units."""
    return len(value.encode("utf-16-le")) // 2


class Html(str):
    """Text that is already Telegram HTML, so the renderer puts it in unescaped."""


class _Fill(dict[str, str]):
    """Values for str.format_map; an unknown placeholder stays visible, never crashes."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Renderer:
    """Speaks to one reader, in their locale and with the child's own words."""

    def __init__(
        self,
        locale: str = SOURCE_LOCALE,
        words: Mapping[str, str] | None = None,
        zone: ZoneInfo = LONDON,
    ) -> None:
        self.locale = locale if is_known_locale(locale) else SOURCE_LOCALE
        self.words = dict(words or {})
        self.zone = zone
        catalog = translations(self.locale)
        self._gettext = catalog.gettext
        self._ngettext = catalog.ngettext
        self.rtl = is_rtl_locale(self.locale)
        self.babel = babel_locale(self.locale)
        # The words go into nearly every message: cleaned, marked and escaped once.
        self._filled: dict[bool, dict[str, str]] = {}

    def translate(self, msgid: str | Plural, count: int = 1) -> str:
        """The message in the reader's language (a ``Plural`` in the form for ``count``)."""
        if isinstance(msgid, Plural):
            return self._ngettext(msgid[0], msgid[1], count)
        return self._gettext(msgid)

    def _message(self, msgid: str | Plural, params: dict[str, object]) -> str:
        if not isinstance(msgid, Plural):
            return self._gettext(msgid)
        number = params.get(msgid.count)
        count = number if isinstance(number, int) else 0
        # The number in the reader's own way of writing it ("16,000", "١٦٬٠٠٠").
        params[msgid.count] = format_decimal(count, locale=self.babel)
        return self._ngettext(msgid[0], msgid[1], count)

    def number(self, value: int) -> str:
        """A number as the reader writes it."""
        return format_decimal(value, locale=self.babel)

    def _fill(self, value: object, escape: bool) -> str:
        if isinstance(value, Html):
            return value
        as_text = isolate(clean(str(value)), rtl=self.rtl)
        return html.escape(as_text, quote=False) if escape else as_text

    def _values(self, params: Mapping[str, object], escape: bool) -> _Fill:
        words = self._filled.get(escape)
        if words is None:
            words = self._filled[escape] = {k: self._fill(v, escape) for k, v in self.words.items()}
        values = _Fill(words)
        for key, value in params.items():
            values[key] = self._fill(value, escape)
        return values

    def __call__(self, msgid: str | Plural, /, **params: object) -> str:
        """A message in Telegram HTML: values escaped, words filled in, direction marked."""
        template = self._message(msgid, params)
        result = template.format_map(self._values(params, escape=True))
        return f"{RLM}{result}" if self.rtl else result

    def markup(self, template: str, /, **params: object) -> str:
        """Layout with no words of its own (``messages.layout``): values escaped, never
        translated, and no direction mark (the words put into it carry their own)."""
        return template.format_map(self._values(params, escape=True))

    def plain(self, msgid: str | Plural, /, **params: object) -> str:
        """A button label or other plain text: nothing escaped."""
        return _capitalise(self.phrase(msgid, **params))

    def phrase(self, msgid: str | Plural, /, **params: object) -> str:
        """Part of a sentence, put into another message: nothing escaped or capitalised."""
        template = self._message(msgid, params)
        return template.format_map(self._values(params, escape=False))

    def when(self, moment: datetime) -> str:
        """A meeting time, as a person says it: "Tuesday 29 December, 10:00"."""
        local = moment.astimezone(self.zone)
        day = format_skeleton("MMMMEEEEd", local, locale=self.babel)
        clock = format_time(local, "short", locale=self.babel)
        return self.translate(text.DATE_AND_TIME).format(date=day, time=clock)

    def day(self, moment: datetime) -> str:
        """Just the day: "Tuesday 29 December"."""
        local = moment.astimezone(self.zone)
        return format_skeleton("MMMMEEEEd", local, locale=self.babel)


def _capitalise(value: str) -> str:
    # A child's word may open a sentence ("my meeting is on ..."), so lift its first letter.
    stripped = value.lstrip(FSI + PDI + RLM)
    if stripped and stripped[0].islower():
        index = value.index(stripped[0])
        return value[:index] + stripped[0].upper() + value[index + 1 :]
    return value


def sentence(value: str) -> str:
    """Capitalise the first letter of an HTML sentence without touching tags."""
    match = re.search(r"(?:^|>)([^<\W\d_])", value)
    if not match or not match.group(1).islower():
        return value
    at = match.start(1)
    return value[:at] + value[at].upper() + value[at + 1 :]


def quote(value: str) -> str:
    """A child's own words, exactly as written, as a Telegram HTML block quote (with
    nothing in them that would show them otherwise: ``messages.clean``)."""
    return f"<blockquote>{html.escape(isolate(clean(value)), quote=False)}</blockquote>"


def split_plain(value: str, limit: int) -> list[str]:
    """Split plain text into pieces of at most ``limit`` UTF-16 units, at spaces if possible."""
    pieces: list[str] = []
    rest = value
    while utf16_len(rest) > limit:
        cut = limit
        while utf16_len(rest[:cut]) > limit:
            cut -= 1
        space = rest.rfind(" ", 0, cut)
        newline = rest.rfind("\n", 0, cut)
        at = max(space, newline)
        if at < cut // 2:
            at = cut
        pieces.append(rest[:at])
        rest = rest[at:].lstrip(" \n") if at < len(rest) else ""
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def quote_long(value: str, limit: int = TELEGRAM_LIMIT - 200) -> list[str]:
    """A long answer as several block quotes, each small enough for one message."""
    budget = limit - len("<blockquote></blockquote>") - 2  # tags and direction marks
    value = clean(value)
    while True:
        # Escaping can grow the text (& becomes &amp;), so measure what is sent.
        quotes = [quote(piece) for piece in split_plain(value, budget)]
        if all(utf16_len(q) <= limit for q in quotes):
            return quotes
        budget = budget * 9 // 10


def pack(blocks: Iterable[str], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Join whole HTML blocks into messages under Telegram's limit, never splitting a tag."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        if utf16_len(block) > limit:
            raise ValueError("a block is larger than one message; split it with quote_long")
        joined = f"{current}\n\n{block}" if current else block
        if utf16_len(joined) <= limit:
            current = joined
            continue
        messages.append(current)
        current = block
    if current:
        messages.append(current)
    return messages


def to_plain(value: str) -> str:
    """Telegram HTML as terminal text: quotes indented with "> ", tags dropped."""

    def _quoted(match: re.Match[str]) -> str:
        return "\n".join("  > " + line for line in match.group(1).split("\n"))

    value = re.sub(r"<blockquote>(.*?)</blockquote>", _quoted, value, flags=re.S)
    # Control characters out, even from text that did not come through the renderer:
    # on a terminal an ESC sequence or a carriage return would change what is read.
    return clean_shown(html.unescape(re.sub(r"<[^>]+>", "", value)))
