"""``/held``: the IRO records the meeting, how the child took part, and the
participation code; the decisions and record reminders and the feedback follow."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from messages import iro as words
from models import HeldDraft, Notification, Review
from tests.journeys.steps import say_and_send
from tests.support import AFTER, MEETING, said


def review_of(world, review_id: int) -> Review:
    with world.rt.session() as session:
        return session.get(Review, review_id)


async def test_a_meeting_is_recorded_step_by_step_with_the_codes_meanings(world, team, child):
    iro, _, _ = team
    world.rt.clock.set(AFTER)
    replies = await iro.send("/held")
    assert replies.texts == [said(words.HELD_PICK)]
    assert iro.last.button_labels == ["🗓 Sky Test · Tuesday 8 December"]
    await iro.tap("🗓 Sky Test · Tuesday 8 December")
    assert said(words.HELD_ASK_FORMAT) in iro.last.plain
    assert iro.last.button_labels == ["Face to face", "Virtual", "Hybrid"]
    await iro.tap("Hybrid")
    assert said(words.HELD_ASK_ATTENDED, child="Sky") in iro.last.plain
    await iro.tap("Yes")
    assert said(words.HELD_ASK_CHAIRED, child="Sky") in iro.last.plain
    await iro.tap("Part of it")
    shown = iro.last.plain
    # Only the codes that fit a child who attended, each with its DfE meaning.
    assert "PN1 – attends and speaks for themselves" in shown
    assert "PN4 – attends but does not contribute" in shown
    assert "PN6" not in shown
    assert iro.last.button_labels[:4] == [
        "PN1 · speaks for self",
        "PN2 · advocate speaks",
        "PN3 · views shown non-verbally",
        "PN4 · does not contribute",
    ]
    replies = await iro.tap("PN1 · speaks for self")
    saved = iro.last.plain
    assert "Sky's review is recorded as held on Tuesday 8 December" in saved
    assert "Format: Hybrid" in saved
    assert "Participation: PN1 – attends and speaks for themselves" in saved
    assert "Decisions are due by Tuesday 15 December" in saved
    assert "full record by Friday 8 January" in saved
    assert "✍️ Write to Sky" in iro.last.button_labels
    review = review_of(world, child.review_id)
    assert (review.status, review.format, review.child_attended) == ("held", "hybrid", True)
    assert (review.child_chaired, review.participation_code) == ("part", "PN1")
    assert review.held_at == MEETING
    with world.rt.session() as session:
        assert session.get(HeldDraft, child.review_id) is None
        kinds = {n.kind for n in session.exec(select(Notification))}
    # Recording it held starts the reminders' follow-ups, and plans tomorrow's feedback.
    assert {"iro_decisions_soon", "feedback"} <= kinds
    assert (await iro.send("/held")).texts == [said(words.HELD_NONE)]


async def test_pn6_is_suggested_first_when_the_child_sent_my_review_but_did_not_come(
    world, team, child
):
    iro, _, _ = team
    await say_and_send(child)
    world.rt.clock.set(AFTER)
    await iro.send("/held")
    await iro.tap("🗓 Sky Test · Tuesday 8 December")
    await iro.tap("Virtual")
    await iro.tap("No")
    shown = iro.last.plain
    assert said(words.HELD_CODE_SUGGESTED, child="Sky", sent="Monday 23 November") in shown
    assert iro.last.button_labels[:3] == [
        "⭐ PN6 · views by another medium",
        "PN5 · briefs an advocate",
        "PN7 · views not conveyed",
    ]
    assert "PN1" not in " ".join(iro.last.button_labels)
    await iro.tap("⭐ PN6 · views by another medium")
    review = review_of(world, child.review_id)
    assert (review.participation_code, review.child_attended, review.child_chaired) == (
        "PN6",
        False,
        "no",
    )


async def test_pn0_is_set_for_a_child_under_four(world, team):
    iro, sw, _ = team
    baby_id, _ = world.add(
        "child", "Ash Small", dob=date(2024, 1, 5), iro_id=iro.person_id,
        social_worker_id=sw.person_id,
    )  # fmt: skip
    review_id = world.schedule(baby_id, MEETING)
    world.rt.clock.set(AFTER)
    await iro.send("/held")
    await iro.tap("🗓 Ash Small · Tuesday 8 December")
    await iro.tap("Face to face")
    await iro.tap("Yes")
    assert said(words.HELD_PN0_AUTO, child="Ash") in iro.last.plain
    review = review_of(world, review_id)
    assert (review.participation_code, review.child_chaired) == ("PN0", "no")


async def test_each_tap_is_kept_in_the_database_across_a_restart(world, team, child):
    iro, _, _ = team
    world.rt.clock.set(AFTER)
    await iro.send("/held")
    await iro.tap("🗓 Sky Test · Tuesday 8 December")
    await iro.tap("Face to face")
    with world.rt.session() as session:
        draft = session.get(HeldDraft, child.review_id)
        assert (draft.format, draft.attended) == ("face-to-face", None)
    await world.restart_app()
    await iro.tap("No")
    assert "Which participation code" in iro.last.plain


async def test_buttons_are_checked_on_every_tap(world, team, child):
    iro, _, _ = team
    other_iro = await world.join("iro", "Ash Example")
    world.rt.clock.set(AFTER)
    await iro.send("/held")
    await iro.tap("🗓 Sky Test · Tuesday 8 December")
    message_id = iro.last.message_id
    for data in (
        f"held:pick:{child.review_id}",
        f"held:fmt:{child.review_id}:v",
        f"held:pn:{child.review_id}:PN1",
    ):
        replies = await other_iro.tap_data(data, message_id)
        assert replies.answer.text == said(words.HELD_GONE)
        replies = await child.tap_data(data, 1)
        assert replies.answer.text == said(words.HELD_GONE)
    # The right IRO, but a code that skips the questions: asked the next question instead.
    await iro.tap_data(f"held:pn:{child.review_id}:PN1", message_id)
    assert review_of(world, child.review_id).participation_code is None
    assert "Did Sky attend the meeting?" in iro.last.plain or "How was" in iro.last.plain


async def test_a_meeting_that_has_not_happened_cannot_be_recorded(world, team, child):
    iro, _, _ = team
    assert (await iro.send("/held")).texts == [said(words.HELD_NONE)]
    replies = await iro.tap_data(f"held:pick:{child.review_id}", 1)
    assert replies.texts == [
        said(words.HELD_NOT_YET, child="Sky Test", date="Tuesday 8 December, 10:00")
    ]


async def test_a_meeting_marked_held_from_its_reminder_is_listed_to_record(world, team, child):
    iro, _, _ = team
    world.rt.clock.set(AFTER)
    await iro.send("/reviews")
    await iro.tap("✅ Held: Sky Test")
    replies = await iro.send("/reviews")
    shown = "\n".join(replies.texts)
    assert said(words.TO_RECORD_HEADER) in shown
    assert said(words.TO_RECORD_LINE, date="Tuesday 8 December", child="Sky Test") in shown
    await iro.tap("🗓 Sky Test · Tuesday 8 December", replies[0] if replies[0].buttons else None)
    assert said(words.HELD_ASK_FORMAT) in iro.last.plain


async def test_the_export_shows_the_participation_code_once_recorded(world, team, child):
    from bot.workspace.export import export_review

    iro, _, _ = team
    world.rt.clock.set(AFTER)
    await iro.send("/held")
    await iro.tap("🗓 Sky Test · Tuesday 8 December")
    await iro.tap("Virtual")
    await iro.tap("No")
    await iro.tap("PN7 · views not conveyed")
    with world.rt.session() as session:
        document = export_review(session, world.rt.clock.now(), child.review_id, "md")
    assert (
        "Participation code: PN7 – did not attend and their views were not conveyed"
        in document.content.decode()
    )
