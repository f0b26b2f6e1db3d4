"""Writing to the child after the meeting: the jargon check with the child's own
words, the message in the child's bot, and the child writing back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlmodel import select

from messages import iro as words
from messages import text as common
from models import Alert, Summary, SummaryReply
from tests.journeys.steps import record_held
from tests.support import AFTER, said

WRITTEN = (
    "Your placement is going well. Contact with Mum will carry on. "
    "Your SW will visit and the IRO will write. We talked about your PEP."
)
WITH_WORDS = (
    "Nan's is going well. Family time with Mum will carry on. "
    "Your social worker will visit and Jo will write. We talked about your plan for school."
)


@pytest.fixture
def child(child, world):
    """Sky (conftest's ``child``), with the clock at 14:00 on the day of her meeting."""
    world.rt.clock.set(AFTER)
    return child


async def test_the_summary_is_checked_and_goes_in_the_childs_own_words(
    world, team, child, reminders
):
    iro, _, _ = team
    await record_held(iro, chaired="All of it")
    await iro.tap("✍️ Write to Sky")
    assert "Write your message to Sky about their review" in iro.last.plain
    replies = await iro.send(WRITTEN)
    checked = "\n".join(replies.texts)
    assert "💡 Some words Sky may not use:" in checked
    assert "• “Your placement” → “Nan's” (Sky's own word)" in checked
    assert "• “the IRO” → “Jo”" in checked
    assert "• “your PEP” → “your plan for school”" in checked
    assert f"Your message as written:\n{WRITTEN}" in checked
    assert iro.last.button_labels == ["✅ Use Sky's words", "📨 Send as written", "Cancel"]
    replies = await iro.tap("✅ Use Sky's words")
    assert f"With Sky's words. This is what Sky will read:\n{WITH_WORDS}" in replies.texts[-1]
    replies = await iro.tap("📨 Send to Sky")
    assert replies.texts == [said(words.SUMMARY_SENT, child="Sky")]
    sent = (await reminders.run()).to(child.chat_id)
    assert sent[0].plain == (
        f"💌 A message from Jo about your meeting\n{WITH_WORDS}\n\n"
        "You can write back to Jo if you like."
    )
    assert sent[0].button_labels == ["↩️ Write back to Jo"]
    with world.rt.session() as session:
        summary = session.exec(select(Summary)).one()
        assert (summary.status, summary.text, summary.original) == ("sent", WITH_WORDS, WRITTEN)
        assert summary.suggestions_accepted
        stored = session.exec(text("SELECT text FROM summary")).one()[0]
    assert "Nan's" not in stored  # sealed at rest


async def test_the_iro_can_send_as_written_or_cancel(world, team, child, reminders):
    iro, _, _ = team
    await iro.tap_data(f"sum:new:{child.review_id}", 1)
    await iro.send("Your placement is going well.")
    await iro.tap("Cancel")
    assert iro.last.plain == said(words.SUMMARY_CANCELLED, child="Sky")
    assert not (await reminders.run()).to(child.chat_id)
    await iro.tap_data(f"sum:new:{child.review_id}", 1)
    await iro.send("It was lovely to see you, Sky. Well done on the football team!")
    assert "No jargon found." in iro.last.plain
    await iro.tap("📨 Send to Sky")
    sent = (await reminders.run()).to(child.chat_id)
    assert "Well done on the football team!" in sent[0].plain


async def test_a_summary_written_late_reaches_the_child_in_the_morning(
    world, team, child, reminders
):
    iro, _, _ = team
    world.rt.clock.set(datetime(2026, 12, 8, 21, 30, tzinfo=UTC))
    await iro.tap_data(f"sum:new:{child.review_id}", 1)
    await iro.send("It was lovely to see you, Sky.")
    replies = await iro.tap("📨 Send to Sky")
    assert replies.texts == [
        said(words.SUMMARY_SENT_LATER, child="Sky", when="Wednesday 9 December, 09:00")
    ]
    assert not (await reminders.run()).to(child.chat_id)
    assert (await reminders.run(datetime(2026, 12, 9, 9, 0, tzinfo=UTC))).to(child.chat_id)


async def test_the_child_writes_back_and_the_iro_reads_it_exactly(world, team, child, reminders):
    iro, _, _ = team
    await iro.tap_data(f"sum:new:{child.review_id}", 1)
    await iro.send("It was lovely to see you, Sky.")
    await iro.tap("📨 Send to Sky")
    await reminders.run()
    await child.tap("↩️ Write back to Jo")
    assert child.last.plain == said(words.CHILD_REPLY_ASK, iro="Jo")
    reply = "Thanks Jo! <b>Can</b> I see Mum more? 🙏"
    replies = await child.send(reply)
    assert replies.to(child.chat_id)[0].plain == said(words.CHILD_REPLY_THANKS, iro="Jo")
    to_iro = (await reminders.run()).to(iro.chat_id)
    assert to_iro[0].plain == (
        said(words.IRO_CHILD_REPLY, child="Sky Test", date="Tuesday 8 December") + "\n" + reply
    )
    assert to_iro[0].button_labels == ["✍️ Write to Sky"]
    with world.rt.session() as session:
        assert session.exec(select(SummaryReply)).one().text == reply
        stored = session.exec(text("SELECT text FROM summary_reply")).one()[0]
    assert "Mum" not in stored


async def test_a_worrying_reply_is_checked_like_the_childs_other_words(
    world, team, child, reminders
):
    iro, _, _ = team
    await iro.tap_data(f"sum:new:{child.review_id}", 1)
    await iro.send("It was lovely to see you, Sky.")
    await iro.tap("📨 Send to Sky")
    await reminders.run()
    await child.tap("↩️ Write back to Jo")
    await child.send("I don't feel safe at Nan's, someone hurts me")
    with world.rt.session() as session:
        assert session.exec(select(Alert)).all(), "the reply went through the safeguarding check"
        assert session.exec(select(SummaryReply)).one()


async def test_summary_buttons_are_checked_on_every_tap(world, team, child):
    iro, _, _ = team
    other_iro = await world.join("iro", "Ash Example")
    assert (await other_iro.tap_data(f"sum:new:{child.review_id}", 1)).answer.text == said(
        common.BUTTON_GONE
    )
    await iro.tap_data(f"sum:new:{child.review_id}", 1)
    await iro.send("It was lovely to see you, Sky.")
    with world.rt.session() as session:
        summary_id = session.exec(select(Summary)).one().id
    for person in (other_iro, child):
        replies = await person.tap_data(f"sum:send:{summary_id}", 1)
        assert replies.answer.text == said(common.BUTTON_GONE)
    # A child cannot write back to a summary that is not theirs or not sent.
    assert (await child.tap_data(f"reply:{summary_id}", 1)).answer.text == said(common.BUTTON_GONE)
