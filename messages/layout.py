"""How things are laid out in a message: Telegram HTML with no words of its own.

Kept beside the words so that everything a person sees is in ``messages/``.
These are not in the catalogs (there is nothing in them to translate); fill one
with ``Renderer.markup``, which escapes every value that is not already ``Html``.
"""

from __future__ import annotations

BOLD = "<b>{text}</b>"
ITALIC = "<i>{text}</i>"
HEADING_ABOVE = "<b>{heading}</b>\n{body}"
"""A bold line (a question, a heading), then what goes under it."""

QUESTION_HEADING = "{emoji} <b>{section}</b> · <i>{counter}</i>"
"""Above each question: "🏠 Life at Nan's · 3 of 22"."""
SECTION = "{emoji} <b>{title}</b>"
SECTION_UNDERLINED = "{emoji} <b><u>{title}</u></b>"
"""A section of the IRO's view, stronger than the questions under it."""
ANSWER_NOTED = "{question}\n\n✓ <i>{note}</i>"
"""A question once answered: its text, and what the child chose under it."""
BULLET = "• {item}"
CHOICE_LINE = "• {question} <b>{answer}</b>"
"""One choice or feeling in the reading view: the question, then the child's answer."""
ASKED_AND_SAID = "• <i>{question}</i>\n   {answer}"
"""One answer in the child's "Here's what you told me": the question, then what they said."""
QUOTED = "“{words}”"
"""A child's words, quoted exactly, in a line about them."""
FEELING = "{emoji} {word}"
"""A feeling from the scale: "🙂 Happy"."""
CODE_MEANING = "<b>{code}</b> – {meaning}"
"""A participation code and what it means: "PN6 – did not attend but…"."""
COUNTER_ABOVE = "<i>{counter}</i>\n\n<b>{question}</b>"
"""A feedback question, under "1 of 3"."""
TABLE = "<b>{heading}</b>\n<pre>{table}</pre>"
"""A block of figures, lined up (``/stats``)."""
