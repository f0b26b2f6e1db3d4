"""Words the safety check cannot read: nothing in them can raise an alert, so the
IRO is told the same day, and the answer stays flagged until an interpreter reads it.

Sky (whose language is English) answers in Ukrainian, which none of the pattern
files read.
"""

from __future__ import annotations

from messages import iro as iro_words
from messages import text
from tests.journeys.steps import alerts, answers
from tests.support import said

UKRAINIAN = "Мене б'ють вдома, я дуже боюся"


async def test_the_iro_is_told_today_and_once(world, people, reminders):
    sky, iro = people.sky, people.iro
    await sky.send(UKRAINIAN)
    assert alerts(world) == []  # the check could not read it: nothing to raise
    flagged = [a for a in answers(world) if a.unchecked]
    assert [(a.written_in, a.text) for a in flagged] == [("uk", UKRAINIAN)]

    sent = await reminders.run()
    notice = [m for m in sent if m.chat_id == iro.chat_id and m.plain.startswith("🌐")]
    assert [m.plain for m in notice] == [
        said(
            iro_words.UNCHECKED_NOTICE,
            child="Sky Test",
            language="Ukrainian",
            date="Tuesday 8 December, 10:00",
        )
    ]
    assert notice[0].button_labels == [said(text.OPEN_CONSULTATION, child="Sky Test")]

    await sky.send("Я хочу жити в іншому місці")
    later = await reminders.run()
    assert [m for m in later if m.chat_id == iro.chat_id and m.plain.startswith("🌐")] == []


async def test_reviews_and_the_view_flag_the_answer_until_it_is_replaced(world, people):
    sky, iro = people.sky, people.iro
    await sky.send(UKRAINIAN)
    top = said(iro_words.UNCHECKED_TOP, child="Sky Test", language="Ukrainian")
    shown = "\n".join((await iro.send("/reviews")).texts)
    assert top in shown
    assert said(iro_words.UNCHECKED_LINE, language="Ukrainian") in shown

    view = "\n".join((await iro.tap("📖 Sky Test")).texts)
    assert said(iro_words.VIEW_UNCHECKED, language="Ukrainian") + "\n" + UKRAINIAN in view

    # Sky goes back and answers in English: nothing unread is left.
    await sky.tap("⬅️ Back")
    await sky.send("I want to go to all of it")
    assert top not in "\n".join((await iro.send("/reviews")).texts)


async def test_words_in_a_language_we_read_are_named_not_flagged(world, people):
    sky, iro = people.sky, people.iro
    await sky.send("Dw i eisiau mynd i'r cyfarfod i gyd")  # Welsh
    await iro.send("/reviews")
    view = "\n".join((await iro.tap("📖 Sky Test")).texts)
    assert said(iro_words.VIEW_WRITTEN_IN, language="Welsh", child="Sky") in view
    assert "safety-checked" not in view
