"""The review calendar's own rules, without the reminders job: when a report is due.
(Who is reminded of what, and when, is a journey: tests/journeys/test_reminders_calendar.py.)"""

from __future__ import annotations

from datetime import date

from bot.calendar.deadlines import report_due_date


def test_a_report_for_a_meeting_on_tuesday_29_december_2026_is_due_on_tuesday_22nd():
    # 28 and 25 December are bank holidays and 26-27 a weekend: 24, 23 and 22 are counted.
    assert report_due_date(date(2026, 12, 29)) == date(2026, 12, 22)
