"""The reminder plan, as a pure rule: from a review's facts and the time, what is due.

The journeys (tests/journeys/test_reminders_*.py) show the same rules through the
running bot; these show them without one, at the dates that matter.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.calendar import notification_kinds as kinds
from bot.calendar.planner import ReviewFacts, derive
from tests.support import CHRISTMAS_MEETING, LONDON, london

SKY, JO, PAT = 3, 1, 2


def facts(meeting: datetime, **changes: object) -> ReviewFacts:
    """A scheduled review for Sky (child 3), chaired by Jo (1), Pat (2) her social worker."""
    base = ReviewFacts(
        review_id=1,
        status="scheduled",
        scheduled_at=meeting,
        created_at=datetime(2026, 11, 1, 9, 0, tzinfo=UTC),
        child_id=SKY,
        child_active=True,
        iro_id=JO,
        iro_active=True,
        social_worker_id=PAT,
        social_worker_active=True,
        consultation="not_started",
        report_shared_at=None,
        report_snoozed_until=None,
        held_at=None,
        decisions_done_at=None,
        record_done_at=None,
    )
    return replace(base, **changes)


def due(plan, kind: str, recipient: int) -> list[str]:
    """The local times of one kind of step for one person: "Tue 22 Dec 09:00"."""
    return sorted(
        f"{p.due_at.astimezone(LONDON):%a %d %b %H:%M}"
        for p in plan.wanted.values()
        if p.kind == kind and p.recipient_id == recipient
    )


NOW = london(2026, 12, 1, 8, 0)


def test_the_report_for_a_meeting_after_christmas_is_due_three_working_days_before():
    plan = derive(facts(CHRISTMAS_MEETING), NOW)
    # Tue 29 Dec 2026: Christmas Day and Boxing Day (substitute Mon 28) are not working days.
    assert due(plan, kinds.SW_REPORT_DUE, PAT) == ["Tue 22 Dec 09:00"]
    assert due(plan, kinds.SW_REPORT_1_DAY, PAT) == ["Mon 21 Dec 09:00"]
    assert due(plan, kinds.IRO_REPORT_LATE, JO) == ["Tue 22 Dec 12:00"]


def test_the_child_hears_when_my_review_opens_and_is_nudged_after_school():
    plan = derive(facts(CHRISTMAS_MEETING), NOW)
    opened = due(plan, kinds.CHILD_OPEN, SKY)
    assert len(opened) == 1 and opened[0].endswith("16:00")
    assert due(plan, kinds.CHILD_NUDGE_5, SKY)[0].endswith("16:00")
    assert due(plan, kinds.CHILD_TOMORROW, SKY) == ["Mon 28 Dec 16:00"]


def test_a_shared_report_needs_no_more_reminders():
    shared = facts(CHRISTMAS_MEETING, report_shared_at=london(2026, 12, 14, 11, 0))
    plan = derive(shared, NOW)
    for kind in kinds.SW_REPORT_KINDS | {kinds.IRO_REPORT_LATE}:
        assert due(plan, kind, PAT) == [] and due(plan, kind, JO) == []


def test_a_sent_my_review_stops_the_nudges():
    plan = derive(facts(CHRISTMAS_MEETING, consultation="sent"), NOW)
    assert due(plan, kinds.CHILD_NUDGE_5, SKY) == []
    assert due(plan, kinds.CHILD_NUDGE_2, SKY) == []


def test_a_child_who_is_not_active_is_planned_nothing():
    assert derive(facts(CHRISTMAS_MEETING, child_active=False), NOW).wanted == {}


def test_a_cancelled_review_needs_nothing():
    assert derive(facts(CHRISTMAS_MEETING, status="cancelled"), NOW).wanted == {}


def test_after_the_meeting_the_iro_is_reminded_of_decisions_and_the_record():
    held = facts(
        london(2026, 12, 8, 10, 0),
        status="held",
        held_at=london(2026, 12, 8, 10, 0),
        report_shared_at=london(2026, 12, 1, 9, 0),
    )
    plan = derive(held, london(2026, 12, 8, 12, 0))
    # 5 working days after Tue 8 Dec is Tue 15 Dec; 20 is Fri 8 Jan (Christmas, Boxing
    # Day on Mon 28 Dec and New Year's Day are not working days).
    assert due(plan, kinds.IRO_DECISIONS_DUE, JO) == ["Tue 15 Dec 09:00"]
    assert due(plan, kinds.IRO_RECORD_DUE, JO) == ["Fri 08 Jan 09:00"]


def test_steps_already_past_are_overtaken_not_sent_late():
    plan = derive(facts(CHRISTMAS_MEETING), london(2026, 12, 23, 9, 30))
    assert due(plan, kinds.SW_REPORT_5_DAYS, PAT) == []
    assert plan.overtaken
