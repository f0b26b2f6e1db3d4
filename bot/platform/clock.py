"""One injectable clock, so tests and ``--now`` run the real code at any moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Tells the time as an aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real time."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    """A clock that moves only when told to: for tests, the demo and ``--now``."""

    def __init__(self, moment: datetime) -> None:
        self._moment = ensure_aware(moment)

    def now(self) -> datetime:
        return self._moment

    def set(self, moment: datetime) -> None:
        self._moment = ensure_aware(moment)

    def advance(self, delta: timedelta) -> None:
        self._moment = self._moment + delta


def ensure_aware(moment: datetime) -> datetime:
    """Refuse naive datetimes: every moment in the product carries its zone."""
    if moment.tzinfo is None:
        raise ValueError("a moment must carry a time zone")
    return moment.astimezone(UTC)
