"""``/reviews`` for a caseload of sixty: what needs action first, ten at a time, and
three views (this week, needs action, all).

Jo's children are added at the command line's pace (no Telegram of their own: the
IRO's list does not need it). Three of them need Jo: Cy has an open safeguarding
alert, Dee's meeting is in two days and the report is overdue, and Eli sent My
Review, which Jo has not read. Meetings are a day apart from tomorrow on.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.safeguarding.alerts import raise_alert
from models import Consultation, Person, Review
from tests.support import CHILD_DOB

CHILDREN = 60


async def _caseload(world, team):
    iro, sw, _ = team
    now = world.rt.clock.now()
    ids = {}
    for n in range(CHILDREN):
        name = {0: "Cy Test", 1: "Dee Test", 2: "Eli Test"}.get(n, f"Child{n:02d} Test")
        person_id, _ = world.add(
            "child", name, dob=CHILD_DOB, iro_id=iro.person_id, social_worker_id=sw.person_id
        )
        # Dee's meeting is in two days: too late for the report, due three working days before.
        days = 2 if n == 1 else 10 + n
        world.schedule(person_id, now + timedelta(days=days))
        ids[name] = person_id
    with world.rt.session() as session:
        cy = session.get(Person, ids["Cy Test"])
        raise_alert(session, now, child=cy, actor=cy, concerns=("harm_by_others",),
                    rules=("test",), source="message", words="made up for the test")  # fmt: skip
        eli = session.exec(
            Consultation.__table__.select().where(Consultation.child_id == ids["Eli Test"])
        ).first()
        consultation = session.get(Consultation, eli.id)
        consultation.status, consultation.sent_at = "sent", now
        session.add(consultation)
    return iro


async def test_a_caseload_of_sixty_puts_what_needs_action_first_ten_at_a_time(world, team):
    iro = await _caseload(world, team)
    replies = await iro.send("/reviews")
    page = replies[-1]
    lines = [line for line in page.plain.split("\n") if " · " in line and "Test" in line]
    assert "1–10 of 60 · page 1 of 6" in page.plain
    assert [line.split(" ", 1)[0] for line in lines[:3]] == ["🚨", "⏰", "📬"]
    assert "Cy Test" in lines[0] and "Dee Test" in lines[1] and "Eli Test" in lines[2]
    opens = [label for label in page.button_labels if label.startswith("📖")]
    assert opens[:3] == ["📖 Cy Test", "📖 Dee Test", "📖 Eli Test"] and len(opens) == 10
    assert "Next ▶️" in page.button_labels and "◀️ Previous" not in page.button_labels

    second = (await iro.tap("Next ▶️", page))[-1]
    assert "11–20 of 60 · page 2 of 6" in second.plain
    assert {"◀️ Previous", "Next ▶️"} <= set(second.button_labels)


async def test_a_meeting_this_week_is_marked_and_ranked_after_what_needs_action(world, team):
    iro, sw, _ = team
    now = world.rt.clock.now()
    ids = {}
    # Fay's meeting is in five days, her report shared: nothing to do but be ready.
    # Gus's is in three weeks; Eli's in a month, with My Review sent and not read.
    for name, days in (("Gus Test", 21), ("Fay Test", 5), ("Eli Test", 30)):
        ids[name], _ = world.add(
            "child", name, dob=CHILD_DOB, iro_id=iro.person_id, social_worker_id=sw.person_id
        )
        review_id = world.schedule(ids[name], now + timedelta(days=days))
        with world.rt.session() as session:
            if name == "Fay Test":
                session.get(Review, review_id).report_shared_at = now
            if name == "Eli Test":
                consultation = session.exec(
                    select(Consultation).where(Consultation.review_id == review_id)
                ).one()
                consultation.status, consultation.sent_at = "sent", now
    page = (await iro.send("/reviews"))[-1]
    lines = [line for line in page.plain.split("\n") if " · " in line and "Test" in line]
    assert [b for b in page.button_labels if b.startswith("📖")] == [
        "📖 Eli Test",
        "📖 Fay Test",
        "📖 Gus Test",
    ]
    assert lines[0].startswith("📬 ") and "Eli Test" in lines[0]
    assert lines[1].startswith("🗓 ") and "Fay Test" in lines[1]
    assert lines[2].split(" ")[0].endswith("day") and "Gus Test" in lines[2]  # no mark
    needs = (await iro.tap("Needs action", page))[-1]
    assert [b for b in needs.button_labels if b.startswith("📖")] == ["📖 Eli Test"]
    week = (await iro.tap("This week", needs))[-1]
    assert [b for b in week.button_labels if b.startswith("📖")] == ["📖 Fay Test"]


async def test_the_views_narrow_the_list_to_this_week_or_to_what_needs_action(world, team):
    iro = await _caseload(world, team)
    page = (await iro.send("/reviews"))[-1]
    needs = (await iro.tap("Needs action", page))[-1]
    assert "Needs action · 1–3 of 3 · page 1 of 1" in needs.plain
    assert [b for b in needs.button_labels if b.startswith("📖")] == [
        "📖 Cy Test",
        "📖 Dee Test",
        "📖 Eli Test",
    ]
    assert "• Needs action" in needs.button_labels and "Next ▶️" not in needs.button_labels
    week = (await iro.tap("This week", needs))[-1]
    assert "This week · 1–1 of 1" in week.plain  # only Dee's meeting is within seven days
    everyone = (await iro.tap("All", week))[-1]
    assert "All · 1–10 of 60" in everyone.plain


async def test_a_forged_page_is_the_nearest_page_and_a_child_cannot_list_reviews(
    world, team, child
):
    iro = await _caseload(world, team)
    page = (await iro.send("/reviews"))[-1]
    far = (await iro.tap_data("rv:all:999", page.message_id))[-1]
    assert "page 7 of 7" in far.plain  # (Sky is the 61st) past the end: the last page
    refused = await child.tap_data("rv:all:1", page.message_id)
    assert not any("Upcoming reviews" in m.plain for m in refused)
