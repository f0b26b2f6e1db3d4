"""The IRO reads: upcoming reviews with each child's My Review state, and one
child's answers grouped by section, in the child's exact words."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from messages import text
from messages.render import utf16_len
from models import AuditEvent
from tests.journeys.steps import answer_everything, send_to_iro
from tests.support import said

RTL = "أشعر بالأمان في بيت جدتي"


async def test_reviews_lists_each_childs_my_review_state(world, team, child):
    iro, _, _ = team
    replies = await iro.send("/reviews")
    assert "Tuesday 8 December, 10:00 · Sky Test\nMy Review: not started" in replies.texts[0]
    await child.tap("▶️ Start now")
    assert "My Review: in progress" in (await iro.send("/reviews")).texts[0]
    await answer_everything(child)
    await send_to_iro(child)
    assert "My Review: sent Monday 23 November" in (await iro.send("/reviews")).texts[0]


async def test_the_iro_reads_answers_by_section_in_the_childs_exact_words(world, team, child):
    iro, _, _ = team
    await child.tap("▶️ Start now")
    await child.tap("Some of it")
    await child.send(f"<b>not bold</b> & {RTL} 🌟")
    await child.tap("Skip ➡️")
    await child.tap("Nan")
    await child.tap("✅ Done")
    while "🙂 Happy" not in child.last_with_buttons().button_labels:
        await child.tap("Skip ➡️")
    await child.tap("😢 Very sad")
    await child.send_photo(file_id="photo-1", caption="My room")
    await child.send_voice(file_id="voice-1")
    await child.tap("⏸ Pause, finish later")

    await iro.send("/reviews")
    # The reading view: her words, photo and voice note first; then her choices and
    # feelings, a line each; the questions she skipped are one line.
    reading = "\n".join(m.plain for m in (await iro.tap("📖 Sky Test")).to(iro.chat_id))
    words_at = reading.index("💬 In Sky's own words")
    choices_at = reading.index("☑️ Sky's choices and feelings")
    assert words_at < reading.index(f"<b>not bold</b> & {RTL} 🌟") < choices_at
    assert words_at < reading.index("📷 photo, sent below") < choices_at
    assert words_at < reading.index("🎤 voice note, sent below") < choices_at
    assert "• Do you want to come to your meeting? Some of it" in reading[choices_at:]
    assert "😢 Very sad" in reading[choices_at:]
    skipped = [line for line in reading.split("\n") if line.startswith("Skipped: ")]
    assert len(skipped) == 1 and skipped[0].endswith(" questions")
    assert "skipped" not in reading.lower().replace("skipped: ", "")

    # Every question in order is one tap away.
    replies = await iro.tap("📋 Every question, in order")
    to_iro = replies.to(iro.chat_id)
    shown = "\n".join(m.plain for m in to_iro)
    assert "My Review: Sky Test" in shown
    assert "Not sent yet (in progress)" in shown
    assert "🗓️ About your meeting" in shown
    assert "Do you want to come to your meeting?\nSome of it" in shown
    assert f"<b>not bold</b> & {RTL} 🌟" in shown  # exactly as written, not formatted
    assert "😢 Very sad" in shown or "😢 very sad" in shown
    assert "skipped" in shown
    media = [(m.method, m.file_id) for m in to_iro if m.method in ("sendPhoto", "sendVoice")]
    assert media == [("sendPhoto", "photo-1"), ("sendVoice", "voice-1")]
    assert "My room" in shown


async def test_what_is_new_since_the_last_read_is_marked_in_the_reading_view(world, team, child):
    iro, _, _ = team
    await child.tap("▶️ Start now")
    await child.tap("Some of it")
    await iro.send("/reviews")
    first = "\n".join(m.plain for m in (await iro.tap("📖 Sky Test")).to(iro.chat_id))
    assert "🆕" not in first  # the first read: nothing is "new" to compare with
    world.rt.clock.set(world.rt.clock.now() + timedelta(hours=2))
    await child.send("/myreview")
    await child.send("In the garden")
    await iro.send("/reviews")
    again = "\n".join(m.plain for m in (await iro.tap("📖 Sky Test")).to(iro.chat_id))
    assert "🆕 is new since you last read it" in again
    new_lines = [line for line in again.split("\n") if line.startswith("🆕 ") and "?" in line]
    assert new_lines and all("come to your meeting" not in line for line in new_lines)


async def test_a_sent_consultation_shows_when_it_was_sent(world, team, child):
    iro, _, _ = team
    await child.tap("▶️ Start now")
    await answer_everything(child)
    await send_to_iro(child)
    await iro.send("/reviews")
    replies = await iro.tap("📖 Sky Test")
    assert said(text.VIEW_SENT, date="Monday 23 November, 10:00") in replies[0].plain


async def test_a_long_consultation_is_split_cleanly_under_telegrams_limit(world, team, child):
    iro, _, _ = team
    long_answer = " ".join(f"word{i}" for i in range(900))[:5000]
    await child.tap("▶️ Start now")
    await child.send(long_answer)
    await child.send(long_answer)
    await iro.send("/reviews")
    replies = await iro.tap("📖 Sky Test")
    texts = [m.text for m in replies.to(iro.chat_id)]
    assert len(texts) >= 3
    assert all(utf16_len(t) <= 4096 for t in texts)
    joined = " ".join(m.plain for m in replies.to(iro.chat_id))
    for i in range(0, 900, 97):
        if f"word{i} " in long_answer:
            assert f"word{i}" in joined


async def test_every_read_is_recorded_in_the_audit_log(world, team, child):
    iro, _, _ = team
    await iro.send("/reviews")
    await iro.tap("📖 Sky Test")
    with world.rt.session() as session:
        events = list(session.exec(select(AuditEvent)))
    assert [(e.action, e.actor_id, e.child_id) for e in events] == [
        ("read_consultation", iro.person_id, child.person_id)
    ]


async def test_the_childs_social_worker_can_read_too(world, team, child):
    _, sw, _ = team
    await sw.send("/reviews")
    replies = await sw.tap("📖 Sky Test")
    assert "My Review: Sky Test" in replies[0].plain


async def test_the_social_worker_of_another_child_is_refused(world, team, child):
    other_sw = await world.join("social_worker", "Max Sample")
    assert (await other_sw.send("/reviews")).texts == [said(text.REVIEWS_NONE)]
    replies = await other_sw.tap_data(f"r:{child.review_id}", 999)
    assert replies.texts == [said(text.NOT_ALLOWED)]
    with world.rt.session() as session:
        assert list(session.exec(select(AuditEvent))) == []


async def test_another_iro_and_a_child_cannot_open_a_review_by_guessing(world, team, child):
    other_iro = await world.join("iro", "Ash Example")
    refused = [said(text.NOT_ALLOWED)]
    assert (await other_iro.tap_data(f"r:{child.review_id}", 1)).texts == refused
    assert (await child.tap_data(f"r:{child.review_id}", 1)).texts == refused
    assert (await other_iro.tap_data("r:999999", 1)).texts == refused
