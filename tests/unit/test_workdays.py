"""Specification of the England working-day calendar and local-time helpers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.calendar.workdays import (
    CHILD_MESSAGE_WINDOW,
    LONDON,
    STAFF_MESSAGE_WINDOW,
    MessageWindow,
    add_working_days,
    at_local,
    bank_holidays,
    is_bank_holiday,
    is_within_hours,
    is_working_day,
    local_date,
    next_allowed_moment,
    next_working_day,
    previous_working_day,
    subtract_working_days,
    working_day_on_or_after,
    working_day_on_or_before,
    working_days_between,
)

NINE = time(9)
FIVE_PM = time(17)
SEVEN_PM = time(19)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def london(*args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=LONDON, fold=fold)


def brute_force_add(day: date, n: int) -> date:
    """Reference implementation: walk one calendar day at a time."""
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def brute_force_between(start: date, end: date) -> int:
    if end < start:
        return -brute_force_between(end, start)
    return sum(
        is_working_day(start + timedelta(days=offset))
        for offset in range(1, (end - start).days + 1)
    )


# Published England and Wales bank holidays (gov.uk), typed in independently of
# the holidays package so the calendar is checked against the real source.
ENGLAND_BANK_HOLIDAYS_2026 = {
    date(2026, 1, 1),  # New Year's Day
    date(2026, 4, 3),  # Good Friday
    date(2026, 4, 6),  # Easter Monday
    date(2026, 5, 4),  # Early May
    date(2026, 5, 25),  # Spring
    date(2026, 8, 31),  # Summer
    date(2026, 12, 25),  # Christmas Day
    date(2026, 12, 28),  # Boxing Day (substitute day)
}


# --------------------------------------------------------------------------
# Which days are working days
# --------------------------------------------------------------------------


class TestWorkingDays:
    def test_an_ordinary_weekday_is_a_working_day(self):
        assert is_working_day(date(2026, 6, 10))  # Wednesday

    @pytest.mark.parametrize("day", [date(2026, 6, 13), date(2026, 6, 14)])
    def test_saturday_and_sunday_are_not_working_days(self, day):
        assert not is_working_day(day)

    def test_2026_matches_the_published_england_bank_holidays(self):
        weekday_holidays = {day for day in bank_holidays(2026) if day.weekday() < 5}
        assert weekday_holidays == ENGLAND_BANK_HOLIDAYS_2026

    def test_2026_has_253_working_days(self):
        # 261 weekdays minus 8 bank holidays.
        assert working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 253

    @pytest.mark.parametrize(
        ("day", "occasion"),
        [
            (date(2022, 6, 2), "Spring bank holiday moved for the Platinum Jubilee"),
            (date(2022, 6, 3), "Platinum Jubilee"),
            (date(2022, 9, 19), "State funeral of Queen Elizabeth II"),
            (date(2023, 5, 8), "Coronation of King Charles III"),
        ],
    )
    def test_one_off_bank_holidays_are_not_working_days(self, day, occasion):
        assert is_bank_holiday(day), occasion
        assert not is_working_day(day), occasion

    def test_the_normal_late_may_bank_holiday_was_a_working_day_in_jubilee_year(self):
        assert is_working_day(date(2022, 5, 30))  # last Monday of May 2022

    @pytest.mark.parametrize(
        ("good_friday", "easter_monday"),
        [
            (date(2022, 4, 15), date(2022, 4, 18)),
            (date(2024, 3, 29), date(2024, 4, 1)),
            (date(2026, 4, 3), date(2026, 4, 6)),
            (date(2027, 3, 26), date(2027, 3, 29)),
        ],
    )
    def test_good_friday_and_easter_monday_are_not_working_days(self, good_friday, easter_monday):
        assert not is_working_day(good_friday)
        assert not is_working_day(easter_monday)
        assert is_working_day(good_friday - timedelta(days=1))  # Maundy Thursday
        assert is_working_day(easter_monday + timedelta(days=1))

    @pytest.mark.parametrize(
        ("year", "closed", "first_open"),
        [
            # Christmas Sat, Boxing Day Sun: substitutes Mon 27 and Tue 28.
            (2021, [date(2021, 12, 27), date(2021, 12, 28)], date(2021, 12, 29)),
            # Christmas Sun, Boxing Day Mon 26: Christmas substitute Tue 27.
            (2022, [date(2022, 12, 26), date(2022, 12, 27)], date(2022, 12, 28)),
            # Christmas Fri, Boxing Day Sat: Boxing Day substitute Mon 28.
            (2026, [date(2026, 12, 25), date(2026, 12, 28)], date(2026, 12, 29)),
            # Christmas Sat, Boxing Day Sun: substitutes Mon 27 and Tue 28.
            (2027, [date(2027, 12, 27), date(2027, 12, 28)], date(2027, 12, 29)),
        ],
    )
    def test_christmas_substitute_days_are_not_working_days(self, year, closed, first_open):
        for day in closed:
            assert not is_working_day(day), day
        assert is_working_day(first_open)
        assert is_working_day(date(year, 12, 24)) == (date(year, 12, 24).weekday() < 5)

    def test_new_years_day_on_a_saturday_gives_a_monday_substitute(self):
        assert not is_working_day(date(2022, 1, 3))
        assert is_working_day(date(2022, 1, 4))

    @pytest.mark.parametrize(
        ("day", "holiday_elsewhere"),
        [
            (date(2024, 1, 2), "2 January (Scotland)"),
            (date(2026, 11, 30), "St Andrew's Day (Scotland)"),
            (date(2027, 7, 12), "Battle of the Boyne (Northern Ireland)"),
            (date(2027, 3, 17), "St Patrick's Day (Northern Ireland)"),
        ],
    )
    def test_holidays_only_in_scotland_or_northern_ireland_are_working_days(
        self, day, holiday_elsewhere
    ):
        assert is_working_day(day), holiday_elsewhere

    def test_bank_holidays_are_cached_per_year(self):
        assert bank_holidays(2026) is bank_holidays(2026)


# --------------------------------------------------------------------------
# Moving by working days
# --------------------------------------------------------------------------


class TestNextAndPreviousWorkingDay:
    def test_next_working_day_after_friday_is_monday(self):
        assert next_working_day(date(2026, 6, 12)) == date(2026, 6, 15)

    def test_next_working_day_is_strictly_after_even_from_a_working_day(self):
        assert next_working_day(date(2026, 6, 10)) == date(2026, 6, 11)

    def test_next_working_day_skips_christmas_and_the_substitute_boxing_day(self):
        assert next_working_day(date(2026, 12, 24)) == date(2026, 12, 29)

    def test_previous_working_day_before_monday_is_friday(self):
        assert previous_working_day(date(2026, 6, 15)) == date(2026, 6, 12)

    def test_previous_working_day_skips_easter(self):
        assert previous_working_day(date(2026, 4, 7)) == date(2026, 4, 2)

    def test_on_or_after_keeps_a_working_day(self):
        assert working_day_on_or_after(date(2026, 6, 10)) == date(2026, 6, 10)

    def test_on_or_after_rolls_a_weekend_forward(self):
        assert working_day_on_or_after(date(2026, 6, 13)) == date(2026, 6, 15)

    def test_on_or_before_keeps_a_working_day(self):
        assert working_day_on_or_before(date(2026, 6, 10)) == date(2026, 6, 10)

    def test_on_or_before_rolls_a_bank_holiday_back(self):
        assert working_day_on_or_before(date(2026, 12, 28)) == date(2026, 12, 24)

    def test_next_and_previous_cross_the_year_end(self):
        assert next_working_day(date(2026, 12, 31)) == date(2027, 1, 4)
        assert previous_working_day(date(2027, 1, 4)) == date(2026, 12, 31)


class TestAddAndSubtractWorkingDays:
    def test_friday_plus_one_working_day_is_monday(self):
        assert add_working_days(date(2026, 6, 12), 1) == date(2026, 6, 15)

    def test_counting_starts_the_day_after_even_from_a_weekend(self):
        assert add_working_days(date(2026, 6, 13), 1) == date(2026, 6, 15)

    def test_adding_zero_keeps_a_working_day(self):
        assert add_working_days(date(2026, 6, 10), 0) == date(2026, 6, 10)

    def test_adding_zero_to_a_non_working_day_rolls_forward(self):
        assert add_working_days(date(2026, 12, 25), 0) == date(2026, 12, 29)

    def test_subtracting_zero_from_a_non_working_day_rolls_back(self):
        assert subtract_working_days(date(2026, 12, 27), 0) == date(2026, 12, 24)

    def test_report_due_three_working_days_before_a_meeting_after_christmas_2026(self):
        # 25 Dec (Fri) and 28 Dec (Mon, Boxing Day substitute) are bank holidays
        # and 26-27 a weekend: 24 Dec is 1, 23 Dec is 2, 22 Dec is 3.
        assert subtract_working_days(date(2026, 12, 29), 3) == date(2026, 12, 22)

    def test_negative_add_counts_back(self):
        assert add_working_days(date(2026, 12, 29), -3) == date(2026, 12, 22)

    def test_negative_subtract_counts_forward(self):
        assert subtract_working_days(date(2026, 12, 22), -3) == date(2026, 12, 29)

    def test_adding_over_the_platinum_jubilee_weekend_skips_both_days(self):
        # Wed 1 June 2022 + 1 -> Mon 6 June (Thu 2 and Fri 3 were bank holidays).
        assert add_working_days(date(2022, 6, 1), 1) == date(2022, 6, 6)

    def test_adding_over_the_coronation_skips_the_monday(self):
        assert add_working_days(date(2023, 5, 5), 1) == date(2023, 5, 9)

    def test_twenty_working_days_over_christmas_and_new_year(self):
        assert add_working_days(date(2026, 12, 14), 20) == date(2027, 1, 14)

    def test_a_whole_year_of_working_days_from_new_years_eve(self):
        assert add_working_days(date(2025, 12, 31), 253) == date(2026, 12, 31)

    @pytest.mark.parametrize("n", [1, 5, 20, 59, 260, 261, 262, 400, 1000])
    def test_long_adds_match_a_day_by_day_count(self, n):
        start = date(2021, 12, 24)
        assert add_working_days(start, n) == brute_force_add(start, n)
        assert add_working_days(start, -n) == brute_force_add(start, -n)

    def test_every_start_date_over_two_years_matches_a_day_by_day_count(self):
        start = date(2021, 11, 1)
        for offset in range(800):
            day = start + timedelta(days=offset)
            for n in (1, 3, 20, -1, -3, -20):
                assert add_working_days(day, n) == brute_force_add(day, n), (day, n)

    @pytest.mark.parametrize("n", [1, 3, 20, 250])
    def test_subtracting_undoes_adding_from_a_working_day(self, n):
        day = date(2022, 12, 23)
        assert subtract_working_days(add_working_days(day, n), n) == day

    def test_the_result_of_adding_is_always_a_working_day(self):
        for offset in range(366):
            day = date(2022, 1, 1) + timedelta(days=offset)
            assert is_working_day(add_working_days(day, 2))
            assert is_working_day(subtract_working_days(day, 2))

    def test_adding_beyond_the_last_representable_year_overflows(self):
        with pytest.raises(OverflowError):
            add_working_days(date(9999, 12, 30), 10)


class TestWorkingDaysBetween:
    def test_the_same_day_is_zero(self):
        assert working_days_between(date(2026, 6, 10), date(2026, 6, 10)) == 0

    def test_friday_to_monday_is_one(self):
        assert working_days_between(date(2026, 6, 12), date(2026, 6, 15)) == 1

    def test_friday_to_sunday_is_zero(self):
        assert working_days_between(date(2026, 6, 12), date(2026, 6, 14)) == 0

    def test_saturday_to_monday_is_one(self):
        assert working_days_between(date(2026, 6, 13), date(2026, 6, 15)) == 1

    def test_it_is_negative_when_the_end_is_before_the_start(self):
        assert working_days_between(date(2026, 12, 29), date(2026, 12, 22)) == -3

    def test_christmas_week_2026_has_three_working_days_after_the_22nd(self):
        assert working_days_between(date(2026, 12, 22), date(2026, 12, 29)) == 3

    def test_it_counts_back_what_adding_working_days_moved_forward(self):
        for offset in range(700):
            day = date(2021, 12, 1) + timedelta(days=offset)
            for n in (1, 7, 20):
                assert working_days_between(day, add_working_days(day, n)) == n

    def test_it_counts_back_what_subtracting_moved_back_from_a_working_day(self):
        for offset in range(700):
            day = date(2021, 12, 1) + timedelta(days=offset)
            if is_working_day(day):
                for n in (1, 7, 20):
                    assert working_days_between(day, subtract_working_days(day, n)) == -n

    def test_counting_back_from_a_weekend_includes_the_friday_but_between_does_not(self):
        # Sat - 1 working day is Friday; but no working day lies after Friday
        # up to and including Saturday, so "between" the two is 0, not -1.
        saturday = date(2026, 6, 13)
        assert subtract_working_days(saturday, 1) == date(2026, 6, 12)
        assert working_days_between(saturday, date(2026, 6, 12)) == 0

    def test_spans_of_several_years_match_a_day_by_day_count(self):
        start, end = date(2020, 2, 29), date(2027, 12, 29)
        assert working_days_between(start, end) == brute_force_between(start, end)
        assert working_days_between(end, start) == -brute_force_between(start, end)


# --------------------------------------------------------------------------
# Local time
# --------------------------------------------------------------------------


class TestLocalDate:
    def test_late_evening_utc_in_summer_is_already_tomorrow_in_london(self):
        assert local_date(utc(2026, 6, 30, 23, 30)) == date(2026, 7, 1)

    def test_late_evening_utc_in_winter_is_the_same_day_in_london(self):
        assert local_date(utc(2026, 1, 30, 23, 30)) == date(2026, 1, 30)

    def test_the_timezone_is_a_parameter(self):
        assert local_date(utc(2026, 1, 30, 23, 30), ZoneInfo("Asia/Tokyo")) == date(2026, 1, 31)


class TestAtLocal:
    def test_nine_am_london_is_nine_utc_in_winter(self):
        assert at_local(date(2026, 1, 15), NINE) == utc(2026, 1, 15, 9)

    def test_nine_am_london_is_eight_utc_in_summer(self):
        assert at_local(date(2026, 7, 15), NINE) == utc(2026, 7, 15, 8)

    def test_the_result_is_in_utc(self):
        assert at_local(date(2026, 7, 15), NINE).tzinfo is UTC

    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (date(2026, 3, 28), utc(2026, 3, 28, 9)),  # Saturday before: GMT
            (date(2026, 3, 29), utc(2026, 3, 29, 8)),  # clocks went forward at 01:00 UTC
            (date(2026, 3, 30), utc(2026, 3, 30, 8)),  # Monday after: BST
        ],
    )
    def test_nine_am_around_the_spring_clock_change(self, day, expected):
        assert at_local(day, NINE) == expected

    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (date(2026, 10, 24), utc(2026, 10, 24, 8)),  # Saturday before: BST
            (date(2026, 10, 25), utc(2026, 10, 25, 9)),  # clocks went back at 01:00 UTC
            (date(2026, 10, 26), utc(2026, 10, 26, 9)),  # Monday after: GMT
        ],
    )
    def test_nine_am_around_the_autumn_clock_change(self, day, expected):
        assert at_local(day, NINE) == expected

    def test_a_time_in_the_spring_forward_gap_is_shifted_forward_by_the_gap(self):
        # 01:30 does not exist on 29 March 2026; it becomes 02:30 BST = 01:30 UTC.
        moment = at_local(date(2026, 3, 29), time(1, 30))
        assert moment == utc(2026, 3, 29, 1, 30)
        assert moment.astimezone(LONDON).time() == time(2, 30)

    def test_a_repeated_time_on_the_fall_back_day_uses_the_first_occurrence(self):
        # 01:30 happens twice on 25 October 2026; the first is 01:30 BST = 00:30 UTC.
        assert at_local(date(2026, 10, 25), time(1, 30)) == utc(2026, 10, 25, 0, 30)

    def test_the_timezone_is_a_parameter(self):
        new_york = ZoneInfo("America/New_York")
        assert at_local(date(2026, 1, 15), NINE, new_york) == utc(2026, 1, 15, 14)


# --------------------------------------------------------------------------
# Quiet hours
# --------------------------------------------------------------------------


class TestIsWithinHours:
    def test_the_start_of_the_window_is_allowed(self):
        assert is_within_hours(utc(2026, 1, 15, 9), NINE, SEVEN_PM, working_days_only=False)

    def test_the_end_of_the_window_is_not_allowed(self):
        assert not is_within_hours(utc(2026, 1, 15, 19), NINE, SEVEN_PM, working_days_only=False)

    def test_one_microsecond_before_the_end_is_allowed(self):
        moment = utc(2026, 1, 15, 19) - timedelta(microseconds=1)
        assert is_within_hours(moment, NINE, SEVEN_PM, working_days_only=False)

    def test_the_window_is_on_london_wall_clock_time_in_summer(self):
        # 08:30 UTC is 09:30 BST in June, but 08:30 GMT in January.
        assert is_within_hours(utc(2026, 6, 15, 8, 30), NINE, SEVEN_PM, working_days_only=False)
        assert not is_within_hours(utc(2026, 1, 15, 8, 30), NINE, SEVEN_PM, working_days_only=False)

    def test_children_may_be_messaged_at_weekends_and_on_bank_holidays(self):
        assert CHILD_MESSAGE_WINDOW.contains(london(2026, 12, 26, 10))  # Saturday
        assert CHILD_MESSAGE_WINDOW.contains(london(2026, 12, 25, 10))  # Christmas Day

    def test_staff_may_not_be_messaged_at_weekends_or_on_bank_holidays(self):
        assert not STAFF_MESSAGE_WINDOW.contains(london(2026, 12, 26, 10))  # Saturday
        assert not STAFF_MESSAGE_WINDOW.contains(london(2026, 12, 28, 10))  # Boxing Day (sub)
        assert STAFF_MESSAGE_WINDOW.contains(london(2026, 12, 29, 10))

    def test_staff_hours_end_at_five_and_children_hours_at_seven(self):
        six_pm = london(2026, 6, 10, 18)
        assert not STAFF_MESSAGE_WINDOW.contains(six_pm)
        assert CHILD_MESSAGE_WINDOW.contains(six_pm)

    def test_the_working_day_is_the_london_date_not_the_utc_date(self):
        # 23:30 UTC on Friday 3 July 2026 is 00:30 on Saturday in London.
        window = MessageWindow(time(0), time(23, 59), working_days_only=True)
        assert not window.contains(utc(2026, 7, 3, 23, 30))

    def test_any_timezone_can_be_given_for_the_moment(self):
        moment = datetime(2026, 1, 15, 10, tzinfo=timezone(timedelta(hours=2)))  # 08:00 UTC
        assert not is_within_hours(moment, NINE, SEVEN_PM, working_days_only=False)


class TestNextAllowedMoment:
    def test_an_allowed_moment_is_returned_unchanged_in_utc(self):
        moment = london(2026, 6, 10, 12, 34, 56)
        result = next_allowed_moment(moment, NINE, SEVEN_PM, working_days_only=False)
        assert result == moment
        assert result.tzinfo is UTC

    def test_early_morning_waits_for_nine_the_same_day(self):
        result = CHILD_MESSAGE_WINDOW.next_allowed(london(2026, 6, 10, 7))
        assert result == utc(2026, 6, 10, 8)  # 09:00 BST

    def test_evening_waits_for_nine_the_next_day(self):
        result = CHILD_MESSAGE_WINDOW.next_allowed(london(2026, 1, 10, 19))
        assert result == utc(2026, 1, 11, 9)

    def test_children_are_messaged_on_a_sunday_morning(self):
        assert CHILD_MESSAGE_WINDOW.next_allowed(utc(2026, 1, 10, 22)) == utc(2026, 1, 11, 9)

    def test_staff_messages_after_five_on_friday_wait_for_monday(self):
        assert STAFF_MESSAGE_WINDOW.next_allowed(london(2026, 6, 12, 17)) == utc(2026, 6, 15, 8)

    def test_staff_messages_on_christmas_eve_evening_wait_until_the_29th(self):
        result = STAFF_MESSAGE_WINDOW.next_allowed(london(2026, 12, 24, 17, 30))
        assert result == utc(2026, 12, 29, 9)

    def test_staff_messages_wait_past_the_platinum_jubilee(self):
        result = STAFF_MESSAGE_WINDOW.next_allowed(london(2022, 6, 1, 18))
        assert result == utc(2022, 6, 6, 8)

    def test_across_the_spring_clock_change_the_window_opens_at_nine_bst(self):
        # Saturday 28 March 2026 20:00 GMT -> Sunday 09:00 BST (08:00 UTC).
        result = CHILD_MESSAGE_WINDOW.next_allowed(utc(2026, 3, 28, 20))
        assert result == utc(2026, 3, 29, 8)

    def test_across_the_autumn_clock_change_the_window_opens_at_nine_gmt(self):
        # Saturday 24 October 2026 19:30 BST -> Sunday 09:00 GMT (09:00 UTC).
        result = CHILD_MESSAGE_WINDOW.next_allowed(london(2026, 10, 24, 19, 30))
        assert result == utc(2026, 10, 25, 9)

    def test_staff_across_the_autumn_clock_change_wait_for_monday_nine_gmt(self):
        result = STAFF_MESSAGE_WINDOW.next_allowed(london(2026, 10, 23, 17, 30))
        assert result == utc(2026, 10, 26, 9)

    def test_staff_across_the_spring_clock_change_wait_for_monday_nine_bst(self):
        result = STAFF_MESSAGE_WINDOW.next_allowed(london(2026, 3, 27, 17, 30))
        assert result == utc(2026, 3, 30, 8)

    def test_a_window_starting_in_the_spring_gap_opens_at_the_clock_change(self):
        # 01:30 never appears on 29 March 2026: clocks jump 01:00 GMT -> 02:00 BST,
        # so the first moment the clock reads >= 01:30 is 01:00 UTC (02:00 BST).
        result = next_allowed_moment(
            utc(2026, 3, 29, 0, 0), time(1, 30), time(3), working_days_only=False
        )
        assert result == utc(2026, 3, 29, 1)

    def test_a_window_starting_in_the_repeated_hour_reopens_at_its_second_occurrence(self):
        # 01:10 GMT (01:10 UTC) on 25 October 2026 is after 01:30 BST (00:30 UTC)
        # but before 01:30 GMT (01:30 UTC), when the clock next reads 01:30.
        moment = utc(2026, 10, 25, 1, 10)
        assert moment.astimezone(LONDON).time() == time(1, 10)
        result = next_allowed_moment(moment, time(1, 30), time(1, 45), working_days_only=False)
        assert result == utc(2026, 10, 25, 1, 30)

    @pytest.mark.parametrize(
        "window", [CHILD_MESSAGE_WINDOW, STAFF_MESSAGE_WINDOW], ids=["child", "staff"]
    )
    @pytest.mark.parametrize(
        "first_moment", [utc(2026, 3, 26), utc(2026, 10, 22), utc(2026, 12, 23)]
    )
    def test_it_is_the_earliest_allowed_moment_found_by_searching_minute_by_minute(
        self, window, first_moment
    ):
        step = timedelta(minutes=5)
        for hours in range(0, 7 * 24, 5):
            moment = first_moment + timedelta(hours=hours, minutes=25)
            expected = moment
            while not window.contains(expected):
                expected += step
            assert window.next_allowed(moment) == expected, moment


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------


class TestBadInput:
    NAIVE = datetime(2026, 6, 10, 12)

    @pytest.mark.parametrize(
        "call",
        [
            lambda naive: local_date(naive),
            lambda naive: is_within_hours(naive, NINE, SEVEN_PM, working_days_only=False),
            lambda naive: next_allowed_moment(naive, NINE, SEVEN_PM, working_days_only=True),
            lambda naive: CHILD_MESSAGE_WINDOW.contains(naive),
            lambda naive: STAFF_MESSAGE_WINDOW.next_allowed(naive),
            lambda naive: is_working_day(naive),
            lambda naive: add_working_days(naive, 1),
            lambda naive: subtract_working_days(naive, 1),
            lambda naive: working_days_between(naive, date(2026, 6, 11)),
            lambda naive: working_days_between(date(2026, 6, 9), naive),
            lambda naive: next_working_day(naive),
            lambda naive: previous_working_day(naive),
            lambda naive: at_local(naive, NINE),
        ],
    )
    def test_naive_datetimes_are_rejected_with_a_clear_value_error(self, call):
        with pytest.raises(ValueError, match="naive"):
            call(self.NAIVE)

    def test_an_aware_datetime_where_a_date_is_expected_is_rejected(self):
        with pytest.raises(ValueError, match="local_date"):
            is_working_day(utc(2026, 6, 10, 23, 30))

    def test_a_clock_time_with_a_timezone_is_rejected(self):
        with pytest.raises(ValueError, match="tz"):
            at_local(date(2026, 6, 10), time(9, tzinfo=UTC))

    @pytest.mark.parametrize(("start", "end"), [(SEVEN_PM, NINE), (NINE, NINE)])
    def test_a_window_must_start_before_it_ends(self, start, end):
        with pytest.raises(ValueError, match="before"):
            is_within_hours(utc(2026, 6, 10, 12), start, end, working_days_only=False)
        with pytest.raises(ValueError, match="before"):
            MessageWindow(start, end, working_days_only=False)

    def test_a_string_is_not_a_date(self):
        with pytest.raises(TypeError):
            is_working_day("2026-06-10")  # type: ignore[arg-type]
