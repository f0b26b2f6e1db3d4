"""Safeguarding and privacy: alerts when a child may not be safe, failed
invite attempts (for the lockout), and when a child left care (for retention).

Data only: the rules live in ``bot/safeguarding/``, ``bot/people/lockout.py`` and
``bot/privacy/``. The child's words in an alert are sealed at rest like every
other free text of a child's.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Column
from sqlmodel import Field, SQLModel

from models.types import SealedText, UTCDateTime

CONCERNS = ("harm_by_others", "self_harm", "running_away", "unsafe_home")
"""What an alert can be about (``bot.safeguarding.detector.Concern``); ``unsafe_home`` also
covers the "I don't feel safe" button and "No" to "Do you feel safe at home?"."""


class Alert(SQLModel, table=True):
    """A child may not be safe: what they said (sealed), why it matched, and who acted.

    One row per message (or tap) that matched. The IRO and the social worker are
    told through ``Notification`` rows (kinds in ``bot.reminders.kinds``), so a
    failed send is retried by the dispatcher; so is the managers' escalation.
    """

    id: int | None = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="person.id", index=True)
    # Who typed or tapped: the child, or a carer or social worker helping them.
    actor_id: int | None = Field(default=None, foreign_key="person.id")
    # The review whose My Review was open, if any (for context; may be None).
    review_id: int | None = Field(default=None, foreign_key="review.id")
    concerns: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The detector's rule ids ("self_harm.want_to_die"), never words: why it matched.
    rules: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Where the words came from: "answer:home.safe", "message", "caption", "edited",
    # "button" (🆘), "choice:home.safe" ...
    source: str = Field(max_length=60)
    # The child's words exactly as written; None for a tap. Removed by retention.
    words: str | None = Field(default=None, sa_type=SealedText)
    # The language the words are in, named to the adults ("ar"; None for a tap).
    written_in: str | None = Field(default=None, max_length=24)
    created_at: datetime = Field(sa_type=UTCDateTime, index=True)
    acknowledged_by_id: int | None = Field(default=None, foreign_key="person.id")
    acknowledged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # When the managers' escalation first reached a manager.
    escalated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # When it was found to reach nobody (no adult of the child's, nobody on duty, no
    # manager could be told): it then tops every manager's /reviews until someone is on it.
    unreached_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class StartAttempt(SQLModel, table=True):
    """A ``/start`` with a token that did not work, from an account nobody is linked to.

    Five in 15 minutes lock that Telegram account out of tokens for an hour
    (``bot.people.lockout``). Kept in the database, so every process sees the same
    count; rows older than a day are removed as new ones come.
    """

    __tablename__ = "start_attempt"

    id: int | None = Field(default=None, primary_key=True)
    telegram_user_id: int = Field(sa_type=BigInteger, index=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)


class LeftCare(SQLModel, table=True):
    """A child left care on ``left_on``; retention runs a configured period after it."""

    __tablename__ = "left_care"

    child_id: int = Field(foreign_key="person.id", primary_key=True)
    left_on: date
    recorded_at: datetime = Field(sa_type=UTCDateTime)
    # When retention removed the child's words and anonymised them (never undone).
    anonymised_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class HandledUpdate(SQLModel, table=True):
    """An update the bot has already acted on, so a re-delivery changes nothing.

    Telegram sends an update again when it was not confirmed in time (a crash, a
    slow webhook). The row is written in the same transaction as everything the
    update did, so either both are kept or neither is. ``key`` names the channel
    and its id (``tg:<bot id>:<update id>``). Rows are pruned after a day.
    """

    __tablename__ = "handled_update"

    key: str = Field(primary_key=True, max_length=80)
    handled_at: datetime = Field(sa_type=UTCDateTime, index=True)
