"""Text a person typed, made safe to show to someone else.

A child's or a worker's words reach staff, the terminal and the case record. A few
characters in them would make what is read differ from what was written:

* **direction overrides and embeddings** (U+202A–U+202E) and **isolates**
  (U+2066–U+2069) can show "I am not safe" as something else, or reorder a
  sentence around it;
* **control characters** (C0 and C1, DEL): a NUL cuts text short in some
  viewers, an ESC sequence rewrites a terminal, a carriage return overwrites the
  line before it;
* **lone surrogates** cannot be stored or sent as UTF-8 at all.

``clean`` removes them (a carriage return and Unicode's line and paragraph
separators become a newline; tab and newline stay). It keeps the marks right-to-left
writing legitimately uses: LRM (U+200E), RLM (U+200F) and the Arabic letter mark
(U+061C), and the joiners (U+200C, U+200D) that Persian and emoji need.

Applied where people's words enter the core (answers, their own words, summaries,
replies, profiles, names) and again wherever words are shown (``messages.render``:
every value, ``quote``, ``quote_long``, ``to_plain``; the exports), so words
stored before this existed are safe too. The renderer adds its own isolates
(FSI…PDI) around right-to-left text *after* cleaning; ``clean_shown`` keeps those,
for text that has already been through it. What the safeguarding check screens is
never cleaned: it reads the words as they came.
"""

from __future__ import annotations

import re

# C0 (but tab and newline), DEL, C1; overrides and embeddings; lone surrogates.
_ALWAYS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\ud800-\udfff"
_ISOLATES = "\u2066-\u2069"
_UNSAFE = re.compile(f"[{_ALWAYS}{_ISOLATES}]")
_UNSAFE_SHOWN = re.compile(f"[{_ALWAYS}]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")


def clean(value: str) -> str:
    """``value`` without direction overrides, isolates or control characters."""
    return _UNSAFE.sub("", _LINE_BREAKS.sub("\n", value))


def clean_shown(value: str) -> str:
    """``clean`` for rendered text: the isolates the renderer put in are kept."""
    return _UNSAFE_SHOWN.sub("", _LINE_BREAKS.sub("\n", value))


def is_clean(value: str) -> bool:
    return clean(value) == value
