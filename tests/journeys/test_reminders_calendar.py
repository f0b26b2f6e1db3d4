"""The review calendar: who is reminded of what, and when.

Each test schedules a review, lets the reminders job of `myreview run` run (as
it would every minute) through the weeks around the meeting, and reads what
each person received, in London time. The clock starts on Monday 23 November
2026, 10:00.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from bot.calendar.reviews import cancel_review, move_review
from messages import reminders as words
from messages import text
from models import Notification, Person
from tests.journeys.steps import join_child
from tests.support import CHRISTMAS_MEETING, london, said


async def test_christmas_2026_the_social_worker_is_reminded_at_nine_on_working_days_only(
    world, team, reminders
):
    _iro, sw, _ = team
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)

    timeline = await reminders.run_until(london(2026, 12, 30))

    assert timeline.when(sw, "care plan") == [
        "Tue 15 Dec 09:00",  # 5 working days before the due day
        "Mon 21 Dec 09:00",  # 1 working day before
        "Tue 22 Dec 09:00",  # the due day
        "Wed 23 Dec 09:00",  # overdue, every working day...
        "Thu 24 Dec 09:00",
        "Tue 29 Dec 09:00",  # ...until the meeting (25, 28: bank holidays; 26, 27: weekend)
    ]
    first, before, due, *overdue = timeline.texts(sw, "care plan")
    assert first.startswith("📄 Report reminder\nThe report and care plan for Sky Test's review")
    assert "due by Tuesday 22 December, 3 working days before the meeting" in first
    assert "on Tuesday 29 December, 10:00" in first
    assert before.startswith("📄 Report due next working day")
    assert due.startswith("📄 Report due today")
    assert all(text.startswith("⏰ Report overdue") for text in overdue)
    assert "were due on Tuesday 22 December" in overdue[0]
    reminder = timeline.of(sw, "care plan")[0][1]
    assert reminder.button_labels == [
        "✅ Report shared",
        "⏰ Remind me tomorrow",
        "⚠️ There's a problem",
    ]


async def test_christmas_2026_the_iro_hears_at_noon_on_the_due_day_that_the_report_is_missing(
    world, team, reminders
):
    iro, _sw, _ = team
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)

    timeline = await reminders.run_until(london(2026, 12, 30))

    assert timeline.when(iro, "Report not shared") == ["Tue 22 Dec 12:00"]
    assert timeline.texts(iro, "Report not shared") == [
        said(
            words.IRO_REPORT_LATE,
            child="Sky Test",
            meeting="Tuesday 29 December, 10:00",
            due="Tuesday 22 December",
            social_worker="Pat Sample",
        )
    ]
    # After the meeting: was it held?
    assert timeline.when(iro, "held") == ["Tue 29 Dec 12:00"]


async def test_christmas_2026_the_child_hears_four_times_after_school_once_a_day_at_most(
    world, team, reminders
):
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)

    timeline = await reminders.run_until(london(2026, 12, 30))

    assert timeline.when(child) == [
        "Fri 11 Dec 16:00",  # My Review opens, 10 working days before
        "Fri 18 Dec 16:00",  # a gentle nudge 5 working days before
        "Wed 23 Dec 16:00",  # and 2 working days before
        "Mon 28 Dec 16:00",  # your meeting is tomorrow (a bank holiday is fine for a child)
    ]
    opens, nudge, _, tomorrow = timeline.texts(child)
    assert opens.startswith("Hi Sky! 👋\n\nYour meeting is on Tuesday 29 December, 10:00.")
    assert "tell Jo what you think" in opens
    assert "There's still time to tell Jo what you think in My Review, if you'd like to." in nudge
    assert "Your meeting is tomorrow, Tuesday 29 December, 10:00." in tomorrow
    assert timeline.of(child)[0][1].button_labels == ["▶️ Start now"]


async def test_the_child_can_start_my_review_from_the_message_that_opens_it(world, team, reminders):
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)
    opens = (await reminders.run_until(london(2026, 12, 11, 17))).of(child)[0][1]

    replies = await child.tap("▶️ Start now", opens)

    assert said(text.FIRST_QUESTION_INTRO) in replies.texts[0]


async def test_a_child_who_has_sent_my_review_is_not_nudged_but_still_hears_the_day_before(
    world, team, reminders
):
    child = await join_child(world, team)
    review_id = world.schedule(child.person_id, CHRISTMAS_MEETING)
    await reminders.run_until(london(2026, 12, 12))
    with world.rt.session() as session:
        from models import Consultation

        consultation = session.exec(
            select(Consultation).where(Consultation.review_id == review_id)
        ).one()
        consultation.status = "sent"
        consultation.sent_at = world.rt.clock.now()

    timeline = await reminders.run_until(london(2026, 12, 30))

    assert timeline.when(child) == ["Mon 28 Dec 16:00"]
    assert "Jo has what you sent in My Review. 👍" in timeline.texts(child)[0]
    assert timeline.of(child)[0][1].buttons == []


async def test_a_review_moved_by_a_week_moves_every_reminder_and_repeats_none(
    world, team, reminders
):
    iro, sw, _ = team
    child = await join_child(world, team)
    review_id = world.schedule(child.person_id, london(2026, 12, 8, 10))
    before = await reminders.run_until(london(2026, 11, 27, 12))
    assert before.when(child) == ["Tue 24 Nov 16:00"]  # My Review opened
    assert before.when(sw, "care plan") == ["Thu 26 Nov 09:00"]  # due Thu 3 Dec

    with world.rt.session() as session:
        move_review(session, world.rt.clock.now(), review_id, london(2026, 12, 15, 10))
    after = await reminders.run_until(london(2026, 12, 16))

    assert after.when(sw, "care plan") == [
        "Thu 03 Dec 09:00",  # 5 working days before the new due day, Thu 10 Dec
        "Wed 09 Dec 09:00",
        "Thu 10 Dec 09:00",
        "Fri 11 Dec 09:00",
        "Mon 14 Dec 09:00",
        "Tue 15 Dec 09:00",
    ]
    assert "due by Thursday 10 December" in after.texts(sw, "care plan")[0]
    assert "Tuesday 15 December, 10:00" in after.texts(sw, "care plan")[0]
    # My Review was already open: the child is not told twice, only nudged for the new date.
    assert after.when(child) == ["Tue 08 Dec 16:00", "Fri 11 Dec 16:00", "Mon 14 Dec 16:00"]
    assert after.when(iro, "Report not shared") == ["Thu 10 Dec 12:00"]


async def test_a_cancelled_review_sends_nothing_more_to_anyone(world, team, reminders):
    iro, sw, _ = team
    child = await join_child(world, team)
    review_id = world.schedule(child.person_id, CHRISTMAS_MEETING)
    await reminders.run_until(london(2026, 12, 12))  # My Review opened on the 11th

    with world.rt.session() as session:
        cancel_review(session, world.rt.clock.now(), review_id)
    timeline = await reminders.run_until(london(2027, 1, 31))

    assert timeline.of(child) == []
    assert timeline.of(sw) == []
    assert timeline.of(iro) == []
    with world.rt.session() as session:
        statuses = {
            n.kind: n.status
            for n in session.exec(select(Notification).where(Notification.review_id == review_id))
        }
    assert statuses["child_open"] == "sent"
    assert {s for kind, s in statuses.items() if kind != "child_open"} == {"cancelled"}


async def test_a_report_shared_before_the_first_reminder_means_no_reminder_is_sent(
    world, team, reminders
):
    iro, sw, _ = team
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)

    await sw.send("/reviews")
    thanks = await sw.tap("📄 Report shared: Sky Test")
    assert thanks.texts[-1] == said(words.SHARED_ON_TIME_THANKS, child="Sky Test")
    listed = await iro.send("/reviews")
    assert (
        "Report: shared on time (Monday 23 November) · due Tuesday 22 December" in (listed.texts[0])
    )
    timeline = await reminders.run_until(london(2026, 12, 30))

    assert timeline.of(sw, "care plan") == []
    assert timeline.of(iro, "Report not shared") == []


async def test_a_deactivated_social_worker_gets_nothing_and_the_iro_still_hears(
    world, team, reminders
):
    iro, sw, _ = team
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)
    await reminders.run_until(london(2026, 12, 14))
    with world.rt.session() as session:
        session.get(Person, sw.person_id).active = False

    timeline = await reminders.run_until(london(2026, 12, 30))

    assert timeline.of(sw) == []
    assert timeline.when(iro, "Report not shared") == ["Tue 22 Dec 12:00"]


async def test_a_deactivated_child_gets_nothing(world, team, reminders):
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)
    with world.rt.session() as session:
        session.get(Person, child.person_id).active = False

    timeline = await reminders.run_until(london(2026, 12, 30))

    assert timeline.of(child) == []


async def test_a_new_social_worker_gets_the_reminders_from_the_day_they_take_over(
    world, team, reminders
):
    _iro, sw, _ = team
    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)
    await reminders.run_until(london(2026, 12, 18))
    new_sw = await world.join("social_worker", "Ash Sample")
    with world.rt.session() as session:
        session.get(Person, child.person_id).social_worker_id = new_sw.person_id

    timeline = await reminders.run_until(london(2026, 12, 23))

    assert timeline.when(new_sw, "care plan") == ["Mon 21 Dec 09:00", "Tue 22 Dec 09:00"]
    assert timeline.of(sw, "care plan") == []


async def test_the_monday_digest_lists_each_review_of_the_next_four_weeks_and_what_is_due(
    world, team, reminders
):
    iro, sw, _ = team
    child = await join_child(world, team)
    other = await join_child(world, team, name="Rowan Test")
    world.schedule(child.person_id, CHRISTMAS_MEETING)
    world.schedule(other.person_id, london(2026, 12, 10, 14))

    timeline = await reminders.run_until(london(2026, 12, 8))

    assert timeline.when(sw, "Your reviews") == [
        "Mon 23 Nov 10:00",  # this week's, as soon as there was something to list
        "Mon 30 Nov 09:00",
        "Mon 07 Dec 09:00",
    ]
    digest = timeline.texts(sw, "Your reviews")[-1]
    assert digest == (
        "🗓 Your reviews in the next four weeks\n\n"
        "Thursday 10 December, 14:00 · Rowan Test\n"
        "Report: not yet · due Monday 7 December\n"
        "My Review: not started\n\n"
        "Tuesday 29 December, 10:00 · Sky Test\n"
        "Report: not yet · due Tuesday 22 December\n"
        "My Review: not started"
    )
    assert timeline.when(iro, "Your reviews") == [
        "Mon 23 Nov 10:00",
        "Mon 30 Nov 09:00",
        "Mon 07 Dec 09:00",
    ]


async def test_the_digest_of_a_bank_holiday_monday_comes_on_tuesday(world, team, reminders):
    _iro, sw, _ = team
    child = await join_child(world, team)
    world.schedule(child.person_id, london(2027, 1, 12, 10))

    timeline = await reminders.run_until(london(2027, 1, 1))

    # Monday 28 December 2026 is the Boxing Day bank holiday (substitute day).
    assert timeline.when(sw, "Your reviews") == ["Mon 21 Dec 09:00", "Tue 29 Dec 09:00"]


# --- the planner's rows ----------------------------------------------------------------


def planned(world) -> dict[str, str]:
    with world.rt.session() as session:
        return {n.key: n.status for n in session.exec(select(Notification))}


async def test_planning_again_changes_nothing(world, team, reminders):
    from bot.calendar import planner

    child = await join_child(world, team)
    world.schedule(child.person_id, CHRISTMAS_MEETING)
    await reminders.run(london(2026, 12, 10, 10))
    before = planned(world)

    with world.rt.session() as session:
        again = planner.sweep(session, world.rt.clock.now(), everything=True)

    assert again.inserted == again.updated == again.cancelled == again.superseded == 0
    assert planned(world) == before


async def test_rows_are_written_eight_days_ahead_and_the_daily_sweep_adds_the_rest(
    world, team, reminders
):
    child = await join_child(world, team)
    review_id = world.schedule(child.person_id, CHRISTMAS_MEETING)
    assert planned(world) == {}  # on 23 November nothing is due within 8 days

    await reminders.run(london(2026, 12, 8, 10))

    keys = {k for k in planned(world) if k.startswith(f"r{review_id}:")}
    assert keys == {
        f"r{review_id}:child_open:once",  # Fri 11 Dec
        f"r{review_id}:sw_report_5_days:2026-12-15",  # Tue 15 Dec
    }


async def test_a_review_moved_away_and_back_gets_its_own_reminders_back(world, team, reminders):
    _, sw, _ = team
    child = await join_child(world, team)
    review_id = world.schedule(child.person_id, CHRISTMAS_MEETING)
    await reminders.run(london(2026, 12, 10, 10))
    with world.rt.session() as session:
        move_review(session, world.rt.clock.now(), review_id, london(2027, 1, 26, 10))
    assert planned(world)[f"r{review_id}:sw_report_5_days:2026-12-15"] == "cancelled"

    with world.rt.session() as session:
        move_review(session, world.rt.clock.now(), review_id, CHRISTMAS_MEETING)
    timeline = await reminders.run_until(london(2026, 12, 16))

    assert planned(world)[f"r{review_id}:sw_report_5_days:2026-12-15"] == "sent"
    assert timeline.when(sw, "care plan") == ["Tue 15 Dec 09:00"]


async def test_a_child_under_four_is_not_messaged_but_the_report_is_still_chased(
    world, team, reminders
):
    _, sw, _ = team
    child = await join_child(world, team, name="Robin Test", dob=date(2024, 2, 1))
    world.schedule(child.person_id, CHRISTMAS_MEETING)

    timeline = await reminders.run_until(london(2026, 12, 30))

    assert timeline.of(child) == []
    assert len(timeline.of(sw, "care plan")) == 6
