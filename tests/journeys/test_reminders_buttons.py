"""What workers do with their reminders: the social worker's three buttons, the
IRO's "It was held" and "Done", and what /reviews shows about each report."""

from __future__ import annotations

from sqlmodel import select

from messages import reminders as words
from messages import text
from models import Notification, Person, Review
from tests.journeys.steps import join_child
from tests.support import CHRISTMAS_MEETING, london, said

# The caseload views under /reviews (bot/workspace/caseload.py): All is the one shown.
VIEWS = ["This week", "Needs action", "• All"]


async def first_reminder(world, team, reminders):
    """Sky's Christmas review, up to the social worker's first reminder (Tue 15 Dec)."""
    child = await join_child(world, team)
    review_id = world.schedule(child.person_id, CHRISTMAS_MEETING)
    timeline = await reminders.run_until(london(2026, 12, 15, 9, 30))
    _, sw, _ = team
    (_, reminder), *_ = timeline.of(sw, "care plan")
    return child, review_id, reminder


# --- "Report shared" ---------------------------------------------------------------


async def test_report_shared_stops_every_reminder_and_the_iros_alert(world, team, reminders):
    iro, sw, _ = team
    _, review_id, reminder = await first_reminder(world, team, reminders)

    replies = await sw.tap("✅ Report shared", reminder)
    timeline = await reminders.run_until(london(2026, 12, 30))

    assert replies.texts == [said(words.SHARED_ON_TIME_THANKS, child="Sky Test")]
    assert world.double.message(sw.chat_id, reminder.message_id).buttons == []
    assert timeline.of(sw, "care plan") == []
    assert timeline.of(iro, "Report not shared") == []
    with world.rt.session() as session:
        assert session.get(Review, review_id).report_shared_at == london(2026, 12, 15, 9, 30)


async def test_a_report_shared_after_its_due_day_is_recorded_as_late(world, team, reminders):
    iro, sw, _ = team
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)
    timeline = await reminders.run_until(london(2026, 12, 23, 10))
    overdue = timeline.of(sw, "overdue")[-1][1]

    replies = await sw.tap("✅ Report shared", overdue)

    assert replies.texts == [
        said(words.SHARED_LATE_THANKS, child="Sky Test", due="Tuesday 22 December")
    ]
    listed = await iro.send("/reviews")
    assert (
        "Report: shared late (Wednesday 23 December) · due Tuesday 22 December" in (listed.texts[0])
    )


async def test_report_shared_twice_is_recorded_once(world, team, reminders):
    _, sw, _ = team
    _, review_id, reminder = await first_reminder(world, team, reminders)
    await sw.tap("✅ Report shared", reminder)
    world.rt.clock.set(london(2026, 12, 16, 9))

    again = await sw.tap_data(f"n:shared:{review_id}", reminder.message_id)

    assert again.answer.text == said(words.ALREADY_SHARED, child="Sky Test")
    with world.rt.session() as session:
        assert session.get(Review, review_id).report_shared_at == london(2026, 12, 15, 9, 30)


async def test_only_the_childs_own_social_worker_can_use_the_buttons(world, team, reminders):
    iro, _, _ = team
    _, review_id, reminder = await first_reminder(world, team, reminders)
    stranger = await world.join("social_worker", "Sam Other")

    for data in (f"n:shared:{review_id}", f"n:snooze:{review_id}", f"n:problem:{review_id}"):
        replies = await stranger.tap_data(data, reminder.message_id)
        assert replies.answer.text == said(text.BUTTON_GONE)
    assert (await iro.tap_data(f"n:shared:{review_id}", 1)).answer.text == said(text.BUTTON_GONE)
    with world.rt.session() as session:
        assert session.get(Review, review_id).report_shared_at is None


# --- "Remind me tomorrow" ----------------------------------------------------------------


async def test_remind_me_tomorrow_adds_a_reminder_the_next_working_day(world, team, reminders):
    _, sw, _ = team
    _, _, reminder = await first_reminder(world, team, reminders)

    replies = await sw.tap("⏰ Remind me tomorrow", reminder)
    timeline = await reminders.run_until(london(2026, 12, 22, 10))

    assert replies.texts == [said(words.SNOOZED, day="Wednesday 16 December")]
    assert timeline.when(sw, "care plan") == [
        "Wed 16 Dec 09:00",
        "Mon 21 Dec 09:00",
        "Tue 22 Dec 09:00",
    ]
    assert timeline.texts(sw, "care plan")[0].startswith("📄 Your reminder\nAs you asked")


async def test_remind_me_tomorrow_on_a_friday_means_monday(world, team, reminders):
    _, sw, _ = team
    child = await join_child(world, team)
    world.schedule(child.person_id, london(2027, 1, 19, 10))  # report due Thu 14 Jan
    timeline = await reminders.run_until(london(2027, 1, 8, 10))  # first reminder Thu 7 Jan
    world.rt.clock.set(london(2027, 1, 8, 15))  # Friday afternoon

    replies = await sw.tap("⏰ Remind me tomorrow", timeline.of(sw, "care plan")[-1][1])
    after = await reminders.run_until(london(2027, 1, 12))

    assert "Monday 11 January at 9:00" in replies.texts[0]
    assert after.when(sw, "care plan") == ["Mon 11 Jan 09:00"]


# --- "There's a problem" ------------------------------------------------------------------


async def test_theres_a_problem_passes_a_few_words_to_the_iro(world, team, reminders):
    iro, sw, _ = team
    _, _, reminder = await first_reminder(world, team, reminders)

    asked = await sw.tap("⚠️ There's a problem", reminder)
    told = await sw.send("Waiting for the health assessment <from the GP>")
    passed = await reminders.run()

    assert asked.texts == [said(words.PROBLEM_ASK, child="Sky Test", iro="Jo Example")]
    assert told.texts == [said(words.PROBLEM_PASSED, iro="Jo Example")]
    problem = said(
        words.IRO_PROBLEM,
        social_worker="Pat Sample",
        child="Sky Test",
        meeting="Tuesday 29 December, 10:00",
    )
    assert passed.texts == [f"{problem}\nWaiting for the health assessment <from the GP>"]
    assert passed[0].chat_id == iro.chat_id
    with world.rt.session() as session:
        assert session.get(Person, sw.person_id).awaiting_input is None
        (note,) = session.exec(select(Notification).where(Notification.kind == "iro_problem"))
        assert note.status == "sent"
        assert "health" not in (note.last_error or "")


async def test_a_problem_told_in_the_evening_reaches_the_iro_next_working_morning(
    world, team, reminders
):
    iro, sw, _ = team
    _, _, reminder = await first_reminder(world, team, reminders)
    world.rt.clock.set(london(2026, 12, 18, 18, 30))  # Friday evening

    await sw.tap("⚠️ There's a problem", reminder)
    told = await sw.send("The care plan needs the manager's sign-off")
    timeline = await reminders.run_until(london(2026, 12, 21, 10))

    assert told.texts == [
        said(words.PROBLEM_PASSED_LATER, iro="Jo Example", when="Monday 21 December, 09:00")
    ]
    assert timeline.when(iro, "problem") == ["Mon 21 Dec 09:00"]


async def test_cancel_means_the_next_words_are_not_passed_on(world, team, reminders):
    _, sw, _ = team
    _, _, reminder = await first_reminder(world, team, reminders)
    await sw.tap("⚠️ There's a problem", reminder)

    cancelled = await sw.tap("Cancel")
    later = await sw.send("hello")

    assert cancelled.texts == [said(words.PROBLEM_CANCELLED)]
    assert "collects children's views" in later.texts[0]  # the usual staff help
    assert (await reminders.run()).texts == []


async def test_the_problem_question_survives_a_restart(world, team, reminders):
    iro, sw, _ = team
    _, _, reminder = await first_reminder(world, team, reminders)
    await sw.tap("⚠️ There's a problem", reminder)

    await world.restart_app()
    await sw.send("Still waiting for the school report")
    passed = await reminders.run()

    assert "Still waiting for the school report" in passed.to(iro.chat_id)[0].plain


# --- the IRO after the meeting ------------------------------------------------------------


async def test_after_the_meeting_the_iro_records_it_held_and_is_reminded_until_done(
    world, team, reminders
):
    iro, _, _ = team
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)
    timeline = await reminders.run_until(london(2026, 12, 29, 12, 30))
    (asked,) = [m for _, m in timeline.of(iro, "held")]
    assert asked.plain.startswith("🗓 Was Sky Test's review held on Tuesday 29 December, 10:00?")

    held = await iro.tap("✅ It was held", asked)

    assert held.texts == [
        said(
            words.HELD_RECORDED,
            child="Sky Test",
            day="Tuesday 29 December",
            decisions="Wednesday 6 January",
            record="Wednesday 27 January",
        )
    ]
    assert held[0].button_labels == ["✅ Decisions done", "✅ Record done"]
    after = await reminders.run_until(london(2027, 1, 7))
    assert after.when(iro, "decisions") == ["Tue 05 Jan 09:00", "Wed 06 Jan 09:00"]
    assert after.texts(iro, "decisions")[1] == said(
        words.IRO_DECISIONS_DUE,
        child="Sky Test",
        held="Tuesday 29 December",
        due="Wednesday 6 January",
    )

    done = await iro.tap("✅ Decisions done", held[0])
    assert done.texts == [said(words.DECISIONS_DONE_THANKS, child="Sky Test")]
    assert world.double.message(iro.chat_id, held[0].message_id).button_labels == ["✅ Record done"]
    await iro.tap("✅ Record done", held[0])
    rest = await reminders.run_until(london(2027, 2, 1))
    assert rest.of(iro, "record") == []


async def test_the_iro_is_reminded_of_the_record_until_it_is_done(world, team, reminders):
    iro, _, _ = team
    child = await join_child(world, team)
    review_id = world.schedule(child.person_id, CHRISTMAS_MEETING)
    await reminders.run_until(london(2026, 12, 29, 12, 30))
    await iro.tap_data(f"n:held:{review_id}", 1)
    await iro.tap_data(f"n:done:d:{review_id}", 1)

    timeline = await reminders.run_until(london(2027, 1, 28))

    assert timeline.when(iro, "full record") == ["Wed 20 Jan 09:00", "Wed 27 Jan 09:00"]
    assert timeline.of(iro, "decisions") == []


async def test_reviews_shows_the_iro_meetings_to_record_and_work_still_to_do(
    world, team, reminders
):
    iro, _, _ = team
    child = await join_child(world, team)
    other = await join_child(world, team, name="Rowan Test")
    world.schedule(child.person_id, CHRISTMAS_MEETING)
    world.schedule(other.person_id, london(2026, 12, 30, 14))
    await reminders.run_until(london(2026, 12, 31, 10))

    listed = await iro.send("/reviews")
    assert listed.texts[-1] == (
        "After the meeting\n\n"
        "Tuesday 29 December, 10:00 · Sky Test\nNot recorded as held yet.\n\n"
        "Wednesday 30 December, 14:00 · Rowan Test\nNot recorded as held yet."
    )
    await iro.tap("✅ Held: Rowan Test", listed[-1])
    listed = await iro.send("/reviews")
    assert (
        "Wednesday 30 December · Rowan Test\nDecisions: due Thursday 7 January · Record: "
        in (listed.texts[-1])
    )
    assert "✅ Decisions done: Rowan Test" in listed[-1].button_labels
    await iro.tap("✅ Decisions done: Rowan Test", listed[-1])
    listed = await iro.send("/reviews")
    assert "Decisions: done ✓" in listed.texts[-1]


async def test_a_meeting_that_has_not_happened_cannot_be_recorded_as_held(world, team):
    iro, _, _ = team
    child = await join_child(world, team)
    review_id = world.schedule(child.person_id, CHRISTMAS_MEETING)

    replies = await iro.tap_data(f"n:held:{review_id}", 1)

    assert replies.answer.text == said(words.NOT_YET_HELD, child="Sky Test")


# --- /reviews: how each report stands ----------------------------------------------------------


async def test_reviews_shows_the_iro_each_report_not_yet_late_or_shared(world, team, reminders):
    iro, sw, _ = team
    sky = await join_child(world, team)
    rowan = await join_child(world, team, name="Rowan Test")
    ash = await join_child(world, team, name="Ash Test")
    world.schedule(sky.person_id, london(2026, 12, 14, 10))  # report due Wed 9 Dec
    world.schedule(rowan.person_id, london(2026, 12, 15, 10))  # due Thu 10 Dec
    world.schedule(ash.person_id, CHRISTMAS_MEETING)  # due Tue 22 Dec
    await reminders.run_until(london(2026, 12, 10, 9, 30))
    await sw.send("/reviews")
    await sw.tap("📄 Report shared: Rowan Test")

    listed = "\n".join((await iro.send("/reviews")).texts)

    sky_at = listed.index("Sky Test")
    rowan_at = listed.index("Rowan Test")
    ash_at = listed.index("Ash Test")
    assert listed.index("Report: late, not shared yet · due Wednesday 9 December") > sky_at
    assert (
        listed.index("Report: shared on time (Thursday 10 December) · due Thursday 10 December")
        > rowan_at
    )
    assert listed.index("Report: not yet · due Tuesday 22 December") > ash_at


async def test_reviews_lets_the_social_worker_mark_a_report_shared_keeping_the_other_buttons(
    world, team
):
    _, sw, _ = team
    sky = await join_child(world, team)
    rowan = await join_child(world, team, name="Rowan Test")
    world.schedule(sky.person_id, CHRISTMAS_MEETING)
    world.schedule(rowan.person_id, london(2027, 1, 12, 10))

    listed = await sw.send("/reviews")
    assert listed[-1].button_labels == [
        "📖 Sky Test",
        "📖 Rowan Test",
        "📄 Report shared: Sky Test",
        "📄 Report shared: Rowan Test",
        *VIEWS,
    ]
    await sw.tap("📄 Report shared: Sky Test", listed[-1])

    assert world.double.message(sw.chat_id, listed[-1].message_id).button_labels == [
        "📖 Sky Test",
        "📖 Rowan Test",
        "📄 Report shared: Rowan Test",
        *VIEWS,
    ]
