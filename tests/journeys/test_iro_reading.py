"""Before and at the meeting: the IRO's dashboard, reading what changed since the
last read, the "read" mark the child sees, and the Export button."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document as WordDocument
from pypdf import PdfReader
from sqlmodel import select

from messages import iro as words
from models import AuditEvent, ConsultationRead, Notification
from tests.exports import jpeg
from tests.journeys.steps import choose_words, say_and_send, skip_to_send
from tests.support import CHILD_DOB, said

ARABIC = "أريد أن أرى أمي كل أسبوع"


# --- the dashboard ---------------------------------------------------------------------


async def test_the_dashboard_shows_my_review_and_the_report_for_each_meeting(world, team, child):
    iro, _, _ = team
    replies = await iro.send("/reviews")
    shown = replies.texts[0]
    assert "Tuesday 8 December, 10:00 · Sky Test\nMy Review: not started" in shown
    assert "Report: not yet · due Thursday 3 December" in shown
    assert "Reminded, but not started" not in shown
    await say_and_send(child, "I like it at Nan's")
    shown = (await iro.send("/reviews")).texts[0]
    assert "My Review: sent Monday 23 November · 📬 not read yet" in shown
    await iro.tap("📖 Sky Test")
    shown = (await iro.send("/reviews")).texts[0]
    assert "My Review: sent Monday 23 November · ✓ read" in shown


async def test_a_child_reminded_but_never_started_stands_out(world, team, child, reminders):
    iro, _, _ = team
    other = await world.join("child", "Rio Test", dob=CHILD_DOB, iro_id=iro.person_id)
    world.schedule(other.person_id, datetime(2026, 12, 10, 10, 0, tzinfo=UTC))
    await choose_words(other)
    await other.send("/myreview")  # Rio starts; Sky never does
    # Until the first gentle nudge (5 working days before the meeting) nobody stands out.
    await reminders.run_until(datetime(2026, 11, 30, 17, 0, tzinfo=UTC))
    assert "Reminded, but not started" not in (await iro.send("/reviews")).texts[0]
    timeline = await reminders.run_until(datetime(2026, 12, 1, 17, 0, tzinfo=UTC))
    assert timeline.texts(child, "still time")  # the nudge went to Sky
    shown = (await iro.send("/reviews")).texts[0]
    top, _, rest = shown.partition("Upcoming reviews")
    assert "⚠️ Reminded, but not started: Sky Test." in top
    assert "Rio" not in top
    assert "⚠️ Tuesday 8 December, 10:00 · Sky Test\nMy Review: not started · ⚠️ reminded" in rest
    assert "⚠️ Thursday 10 December" not in rest


# --- reading ------------------------------------------------------------------------------


async def test_the_iro_sees_what_changed_since_they_last_read_it(world, team, child):
    iro, _, _ = team
    await say_and_send(child, "I like it at Nan's")
    await iro.send("/reviews")
    first = await iro.tap("📖 Sky Test")
    assert "New since you last read it" not in "\n".join(first.texts)
    world.rt.clock.set(datetime(2026, 11, 25, 17, 0, tzinfo=UTC))
    await child.send("/myreview")
    await child.tap("➕ Add something")
    await child.send(f"<b>{ARABIC}</b> & 🌟")
    world.rt.clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    listed = await iro.send("/reviews")
    assert "My Review: sent Monday 23 November · 🆕 new since you read it" in listed.texts[0]
    second = await iro.tap("📖 Sky Test")
    new = second.to(iro.chat_id)[0].plain
    assert new.startswith(said(words.SINCE_LAST_READ, date="Monday 23 November, 10:00"))
    assert said(words.NEW_ITEM_ADDED, child="Sky", date="Wednesday 25 November, 17:00") in new
    assert f"<b>{ARABIC}</b> & 🌟" in new  # exactly as written, not formatted
    assert "I like it at Nan's" not in new  # read already
    await iro.send("/reviews")
    third = await iro.tap("📖 Sky Test")
    assert third.to(iro.chat_id)[0].plain.startswith("Nothing new since you last read it")
    with world.rt.session() as session:
        read = session.exec(select(ConsultationRead)).one()
        assert read.first_read_at == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


async def test_the_child_is_told_once_when_their_iro_has_read_it(world, team, child, reminders):
    iro, sw, _ = team
    await say_and_send(child, "I like it at Nan's")
    await sw.send("/reviews")
    await sw.tap("📖 Sky Test")  # the social worker reading does not count
    assert not (await reminders.run()).to(child.chat_id)
    assert "has read it" not in "\n".join((await child.send("/myreview")).texts)
    # Jo reads it at 20:00: Sky hears the next morning, not at night.
    world.rt.clock.set(datetime(2026, 11, 23, 20, 0, tzinfo=UTC))
    await iro.send("/reviews")
    await iro.tap("📖 Sky Test")
    assert not (await reminders.run()).to(child.chat_id)
    sent = await reminders.run(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    assert [m.plain for m in sent.to(child.chat_id)] == [said(words.CHILD_READ_NOTICE, iro="Jo")]
    await iro.send("/reviews")
    await iro.tap("📖 Sky Test")  # reading again never tells Sky again
    world.rt.clock.set(datetime(2026, 11, 25, 16, 0, tzinfo=UTC))
    assert not (await reminders.run()).to(child.chat_id)
    replies = await child.send("/myreview")
    assert replies.texts[0] == said(words.CHILD_READ_MARK, iro="Jo")
    with world.rt.session() as session:
        rows = session.exec(select(Notification).where(Notification.kind == "child_read")).all()
        assert [r.status for r in rows] == ["sent"]


# --- the Export button -------------------------------------------------------------------


async def test_the_export_button_sends_the_same_pdf_with_the_photo_and_is_audited(
    world, team, child
):
    iro, _, _ = team
    await child.send("/myreview")
    await child.send(ARABIC)
    await child.send_photo(file_id="photo-bike", caption="My bike", content=jpeg())
    await skip_to_send(child)
    await iro.send("/reviews")
    view = await iro.tap("📖 Sky Test")
    with_buttons = [m for m in view.to(iro.chat_id) if m.buttons]
    assert with_buttons[-1].button_labels == [
        "📋 Every question, in order",
        "📄 Export PDF",
        "📝 Export Word",
        "✍️ Write to Sky",
    ]
    replies = await iro.tap("📄 Export PDF", with_buttons[-1])
    document = next(m for m in replies.to(iro.chat_id) if m.method == "sendDocument")
    assert document.document_name.startswith(f"my-review-{child.review_id}-")
    assert document.document_name.endswith(".pdf")
    assert document.plain == said(words.EXPORT_CAPTION, child="Sky Test")
    pdf = PdfReader(io.BytesIO(document.document_bytes))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "My Review: Sky Test" in text
    assert sum(len(page.images) for page in pdf.pages) == 1  # downloaded with get_file
    assert any(c.method == "getFile" for c in world.double.calls)
    replies = await iro.tap("📝 Export Word", with_buttons[-1])
    word = next(m for m in replies.to(iro.chat_id) if m.method == "sendDocument")
    paragraphs = "\n".join(p.text for p in WordDocument(io.BytesIO(word.document_bytes)).paragraphs)
    assert ARABIC in paragraphs
    with world.rt.session() as session:
        exports = session.exec(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert [(e.actor_id, e.review_id) for e in exports] == [(iro.person_id, child.review_id)] * 2


async def test_an_export_is_refused_to_anyone_who_may_not_have_it(world, team, child):
    iro, sw, carer = team
    other_iro = await world.join("iro", "Ash Example")
    for person in (other_iro, child, carer):
        replies = await person.tap_data(f"exp:pdf:{child.review_id}", 1)
        assert replies.texts == [said(words.EXPORT_NOT_ALLOWED)]
        assert not [m for m in replies if m.method == "sendDocument"]
    assert (await iro.tap_data("exp:exe:1", 1)).texts == [said(words.EXPORT_NOT_ALLOWED)]
    replies = await sw.tap_data(f"exp:pdf:{child.review_id}", 1)  # the social worker may
    assert [m.method for m in replies] == ["sendDocument"]
    with world.rt.session() as session:
        exports = session.exec(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert [e.actor_id for e in exports] == [sw.person_id]
