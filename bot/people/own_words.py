"""A child's Language that Cares: the words they chose, over the defaults."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from bot.people.records import first_name
from messages.clean import clean
from messages.questions import IRO_FALLBACK, load_word_prompts
from messages.render import translations
from models import ChildWord, Person

CHOSEN_WORDS = "chosen_words"
"""Where one update keeps each child's chosen words once read (``Session.info``)."""


def chosen_words(session: Session, child: Person) -> dict[str, str]:
    """Only what the child chose."""
    known = session.info.get(CHOSEN_WORDS, {})
    if child.id in known:
        return dict(known[child.id])
    rows = session.exec(select(ChildWord).where(ChildWord.child_id == child.id))
    return {row.key: row.value for row in rows}


def remember_chosen_words(session: Session, child_id: int, chosen: dict[str, str]) -> None:
    """Keep words read with the child in one statement (``bot.conversation.sender``)
    for the rest of this session; :func:`set_word` forgets them."""
    session.info.setdefault(CHOSEN_WORDS, {})[child_id] = dict(chosen)


def default_words_in(locale: str) -> dict[str, str]:
    """The everyday words, in the child's language, until they choose their own."""
    translate = translations(locale).gettext
    return {prompt.key: translate(prompt.default) for prompt in load_word_prompts()}


def words_for(session: Session, child: Person, reader: str | None = None) -> dict[str, str]:
    """Everything a message to or about this child may put in: their words and names.

    ``reader``: the language of whoever reads it, when that is not the child's (staff
    read English). The child's words are theirs, in their language; put into an
    English question they would be unreadable ("How are things at بيتك?"), so a
    reader in another language gets the everyday words in theirs (the IRO's view
    lists the child's own words, as written, at the top)."""
    locale = reader or child.locale
    words = default_words_in(locale)
    if locale == child.locale:
        words.update(chosen_words(session, child))
    iro = session.get(Person, child.iro_id) if child.iro_id else None
    # A child always has an IRO; if the record is broken, still say something kind.
    fallback = translations(locale).gettext(IRO_FALLBACK)
    words["iro"] = first_name(iro) if iro else fallback.format_map(words)
    words["iro_name"] = iro.name if iro else words["iro"]
    words["name"] = first_name(child)
    words["child"] = first_name(child)
    return words


def set_word(session: Session, child: Person, key: str, value: str, now: datetime) -> str:
    """Keep the child's word exactly as they wrote it (trimmed; ``messages.clean``)."""
    value = " ".join(clean(value).split())
    session.info.get(CHOSEN_WORDS, {}).pop(child.id, None)
    row = session.exec(
        select(ChildWord).where(ChildWord.child_id == child.id).where(ChildWord.key == key)
    ).first()
    if row is None:
        row = ChildWord(child_id=child.id, key=key, value=value, updated_at=now)  # type: ignore[arg-type]
    else:
        row.value = value
        row.updated_at = now
    session.add(row)
    session.flush()
    return value
