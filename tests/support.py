"""What both tiers of tests share: the moments the world is set at and the key its
data is sealed with.

The clock of every test starts at ``START``, Monday 23 November 2026, 10:00 in
London; Sky's review is at ``MEETING``, Tuesday 8 December; she is 14 then
(``CHILD_DOB``), so she is asked the 13+ questions.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from cryptography.fernet import Fernet

LONDON = ZoneInfo("Europe/London")
# One data key for the whole run: every Runtime the tests open seals with it.
DATA_KEY = Fernet.generate_key().decode()

# Monday 23 November 2026, 10:00 in London (GMT).
START = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
CHILD_DOB = date(2012, 3, 14)  # 14 at the meeting: the 13+ questions
MEETING = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)  # Tuesday 8 December, 10:00
AFTER = datetime(2026, 12, 8, 14, 0, tzinfo=UTC)  # the afternoon after the meeting


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A moment on the London clock, as people say it."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


CHRISTMAS_MEETING = london(2026, 12, 29, 10, 0)  # Tuesday, after two bank holidays
