"""Specification of the statutory review timescales for looked-after children."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.calendar.timescales import (
    FIRST_REVIEW_WORKING_DAYS,
    LATER_REVIEW_MONTHS,
    SECOND_REVIEW_MONTHS,
    add_months,
    is_in_timescale,
    latest_in_timescale,
    next_review_number,
    working_days_late,
)
from bot.calendar.workdays import working_days_between

ENTERED_CARE = date(2026, 1, 5)  # Monday
FIRST_REVIEW = date(2026, 1, 29)
SECOND_REVIEW = date(2026, 4, 15)
THIRD_REVIEW = date(2026, 10, 8)


class TestTheStatutoryRules:
    def test_the_rules_are_20_working_days_then_3_months_then_6_months(self):
        assert FIRST_REVIEW_WORKING_DAYS == 20
        assert SECOND_REVIEW_MONTHS == 3
        assert LATER_REVIEW_MONTHS == 6

    def test_reviews_are_numbered_from_one(self):
        assert next_review_number([]) == 1
        assert next_review_number([FIRST_REVIEW]) == 2
        assert next_review_number([FIRST_REVIEW, SECOND_REVIEW, THIRD_REVIEW]) == 4


class TestFirstReview:
    def test_is_due_within_20_working_days_of_entering_care(self):
        assert latest_in_timescale(ENTERED_CARE, []) == date(2026, 2, 2)

    def test_counts_working_days_not_calendar_days(self):
        deadline = latest_in_timescale(ENTERED_CARE, [])
        assert working_days_between(ENTERED_CARE, deadline) == 20
        assert (deadline - ENTERED_CARE).days == 28

    def test_skips_christmas_and_new_year_bank_holidays(self):
        # Mon 14 Dec 2026: 25 Dec, 28 Dec and 1 Jan are bank holidays.
        assert latest_in_timescale(date(2026, 12, 14), []) == date(2027, 1, 14)

    def test_skips_the_platinum_jubilee_bank_holidays(self):
        assert latest_in_timescale(date(2022, 6, 1), []) == date(2022, 7, 1)

    def test_starts_counting_the_day_after_entering_care_at_a_weekend(self):
        # Sat 13 June 2026: Monday 15 June is working day 1.
        assert latest_in_timescale(date(2026, 6, 13), []) == date(2026, 7, 10)

    def test_on_the_twentieth_working_day_is_in_timescale(self):
        assert is_in_timescale(date(2026, 2, 2), ENTERED_CARE, [])

    def test_the_day_after_the_twentieth_working_day_is_not(self):
        assert not is_in_timescale(date(2026, 2, 3), ENTERED_CARE, [])

    def test_on_the_day_of_entering_care_is_in_timescale(self):
        assert is_in_timescale(ENTERED_CARE, ENTERED_CARE, [])


class TestSecondReview:
    def test_is_due_within_3_months_of_the_first(self):
        assert latest_in_timescale(ENTERED_CARE, [FIRST_REVIEW]) == date(2026, 4, 29)

    def test_on_the_last_allowed_day_is_in_timescale(self):
        assert is_in_timescale(date(2026, 4, 29), ENTERED_CARE, [FIRST_REVIEW])

    def test_the_day_after_the_last_allowed_day_is_not(self):
        assert not is_in_timescale(date(2026, 4, 30), ENTERED_CARE, [FIRST_REVIEW])

    def test_a_first_review_on_30_november_gives_28_february(self):
        entered = date(2026, 11, 2)
        assert latest_in_timescale(entered, [date(2026, 11, 30)]) == date(2027, 2, 28)

    def test_a_first_review_on_30_november_before_a_leap_year_gives_29_february(self):
        entered = date(2027, 11, 1)
        assert latest_in_timescale(entered, [date(2027, 11, 30)]) == date(2028, 2, 29)

    def test_is_measured_from_the_first_review_not_from_entering_care(self):
        late_first_review = date(2026, 3, 2)
        assert latest_in_timescale(ENTERED_CARE, [late_first_review]) == date(2026, 6, 2)


class TestThirdAndLaterReviews:
    def test_the_third_is_due_within_6_months_of_the_second(self):
        held = [FIRST_REVIEW, SECOND_REVIEW]
        assert latest_in_timescale(ENTERED_CARE, held) == date(2026, 10, 15)

    def test_the_fourth_is_due_within_6_months_of_the_third(self):
        held = [FIRST_REVIEW, SECOND_REVIEW, THIRD_REVIEW]
        assert latest_in_timescale(ENTERED_CARE, held) == date(2027, 4, 8)

    def test_a_much_later_review_is_still_6_months_after_the_one_before(self):
        held = [FIRST_REVIEW, SECOND_REVIEW, THIRD_REVIEW, date(2027, 4, 1), date(2027, 9, 30)]
        assert latest_in_timescale(ENTERED_CARE, held) == date(2028, 3, 30)

    def test_a_review_on_31_august_gives_28_february(self):
        held = [FIRST_REVIEW, SECOND_REVIEW, date(2026, 8, 31)]
        assert latest_in_timescale(ENTERED_CARE, held) == date(2027, 2, 28)

    def test_a_review_on_31_august_before_a_leap_year_gives_29_february(self):
        held = [FIRST_REVIEW, SECOND_REVIEW, date(2027, 8, 31)]
        assert latest_in_timescale(ENTERED_CARE, held) == date(2028, 2, 29)

    def test_a_review_on_29_february_gives_29_august(self):
        held = [FIRST_REVIEW, SECOND_REVIEW, date(2028, 2, 29)]
        assert latest_in_timescale(ENTERED_CARE, held) == date(2028, 8, 29)

    def test_a_review_on_31_march_gives_30_september(self):
        held = [FIRST_REVIEW, SECOND_REVIEW, date(2027, 3, 31)]
        assert latest_in_timescale(ENTERED_CARE, held) == date(2027, 9, 30)

    def test_on_the_last_allowed_day_is_in_timescale(self):
        held = [FIRST_REVIEW, SECOND_REVIEW, date(2026, 8, 31)]
        assert is_in_timescale(date(2027, 2, 28), ENTERED_CARE, held)

    def test_the_day_after_the_last_allowed_day_is_not(self):
        held = [FIRST_REVIEW, SECOND_REVIEW, date(2026, 8, 31)]
        assert not is_in_timescale(date(2027, 3, 1), ENTERED_CARE, held)

    def test_held_reviews_may_be_given_in_any_order(self):
        in_order = [FIRST_REVIEW, SECOND_REVIEW, THIRD_REVIEW]
        shuffled = [THIRD_REVIEW, FIRST_REVIEW, SECOND_REVIEW]
        assert latest_in_timescale(ENTERED_CARE, shuffled) == latest_in_timescale(
            ENTERED_CARE, in_order
        )

    def test_held_reviews_may_be_any_sequence(self):
        held = (FIRST_REVIEW, SECOND_REVIEW)
        assert latest_in_timescale(ENTERED_CARE, held) == date(2026, 10, 15)


class TestCalendarDeadlinesAreNotMovedToWorkingDays:
    def test_a_deadline_on_a_saturday_stays_on_the_saturday(self):
        # Second review due 3 months after Fri 14 Aug 2026: Sat 14 Nov 2026.
        deadline = latest_in_timescale(date(2026, 7, 20), [date(2026, 8, 14)])
        assert deadline == date(2026, 11, 14)

    def test_the_monday_after_a_saturday_deadline_is_out_of_timescale(self):
        assert not is_in_timescale(date(2026, 11, 16), date(2026, 7, 20), [date(2026, 8, 14)])


class TestWorkingDaysLate:
    def test_a_review_in_timescale_is_zero_days_late(self):
        assert working_days_late(date(2026, 4, 20), ENTERED_CARE, [FIRST_REVIEW]) == 0

    def test_a_review_on_the_deadline_is_zero_days_late(self):
        assert working_days_late(date(2026, 4, 29), ENTERED_CARE, [FIRST_REVIEW]) == 0

    def test_lateness_counts_working_days_after_the_deadline(self):
        # Deadline Wed 29 Apr 2026; Fri 1 May is 2; Tue 5 May is 3 (Mon 4 May bank holiday).
        assert working_days_late(date(2026, 5, 1), ENTERED_CARE, [FIRST_REVIEW]) == 2
        assert working_days_late(date(2026, 5, 5), ENTERED_CARE, [FIRST_REVIEW]) == 3

    def test_the_monday_after_a_saturday_deadline_is_one_working_day_late(self):
        assert working_days_late(date(2026, 11, 16), date(2026, 7, 20), [date(2026, 8, 14)]) == 1

    def test_the_sunday_after_a_saturday_deadline_is_out_of_timescale_but_zero_days_late(self):
        entered, held, sunday = date(2026, 7, 20), [date(2026, 8, 14)], date(2026, 11, 15)
        assert not is_in_timescale(sunday, entered, held)
        assert working_days_late(sunday, entered, held) == 0

    def test_a_late_first_review_is_late_by_working_days_after_the_twentieth(self):
        assert working_days_late(date(2026, 2, 9), ENTERED_CARE, []) == 5


class TestAddMonths:
    @pytest.mark.parametrize(
        ("day", "months", "expected"),
        [
            (date(2026, 1, 15), 3, date(2026, 4, 15)),
            (date(2026, 1, 31), 1, date(2026, 2, 28)),
            (date(2028, 1, 31), 1, date(2028, 2, 29)),
            (date(2026, 8, 31), 6, date(2027, 2, 28)),
            (date(2027, 8, 31), 6, date(2028, 2, 29)),
            (date(2026, 11, 30), 3, date(2027, 2, 28)),
            (date(2026, 3, 31), 6, date(2026, 9, 30)),
            (date(2026, 10, 31), 3, date(2027, 1, 31)),
            (date(2028, 2, 29), 12, date(2029, 2, 28)),
            (date(2026, 5, 20), 0, date(2026, 5, 20)),
            (date(2026, 5, 31), -3, date(2026, 2, 28)),
            (date(2026, 1, 15), -1, date(2025, 12, 15)),
            (date(2026, 12, 31), 1, date(2027, 1, 31)),
        ],
    )
    def test_moves_by_calendar_months_clamping_to_the_month_end(self, day, months, expected):
        assert add_months(day, months) == expected

    def test_going_past_the_last_representable_year_overflows(self):
        with pytest.raises(OverflowError):
            add_months(date(9999, 12, 1), 1)

    def test_every_day_of_a_leap_year_plus_6_months_is_a_valid_date_in_the_right_month(self):
        day = date(2027, 7, 1)
        while day < date(2028, 7, 1):
            result = add_months(day, 6)
            target_month = (day.month + 6 - 1) % 12 + 1
            assert result.month == target_month
            assert result.day <= day.day
            day += timedelta(days=1)


class TestBadInput:
    def test_a_review_before_entering_care_is_rejected(self):
        with pytest.raises(ValueError, match="before the child entered care"):
            latest_in_timescale(ENTERED_CARE, [date(2026, 1, 2)])

    def test_the_same_review_date_recorded_twice_is_rejected(self):
        with pytest.raises(ValueError, match="more than once"):
            latest_in_timescale(ENTERED_CARE, [FIRST_REVIEW, FIRST_REVIEW])

    def test_a_next_review_not_after_the_last_held_review_is_rejected(self):
        with pytest.raises(ValueError, match="not after the most recent"):
            is_in_timescale(FIRST_REVIEW, ENTERED_CARE, [FIRST_REVIEW])
        with pytest.raises(ValueError, match="not after the most recent"):
            working_days_late(date(2026, 1, 20), ENTERED_CARE, [FIRST_REVIEW])

    def test_a_next_review_before_entering_care_is_rejected(self):
        with pytest.raises(ValueError, match="before the child entered care"):
            is_in_timescale(date(2025, 12, 31), ENTERED_CARE, [])

    @pytest.mark.parametrize(
        "call",
        [
            lambda moment: latest_in_timescale(moment, []),
            lambda moment: latest_in_timescale(ENTERED_CARE, [moment]),
            lambda moment: is_in_timescale(moment, ENTERED_CARE, []),
            lambda moment: add_months(moment, 1),
        ],
    )
    @pytest.mark.parametrize(
        "moment", [datetime(2026, 1, 6, 12), datetime(2026, 1, 6, 12, tzinfo=UTC)]
    )
    def test_datetimes_are_rejected_where_a_date_is_expected(self, call, moment):
        with pytest.raises(ValueError, match="must be a date"):
            call(moment)
