"""Reminders are rows, not timers (design principle 2).

Every message the bot sends on its own initiative (a child's nudge, a social
worker's report reminder, an IRO's alert, the Monday digest) is first a
``Notification`` row. The planner (``bot.reminders.planner``) derives the rows
from each review; the dispatcher (``bot.reminders.dispatcher``) claims the rows
that are due, sends them and records what happened. Data only: the rules live
in ``bot/``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import SealedText, UTCDateTime

PENDING = "pending"
"""Waiting for its moment (``due_at``), or deferred to the next allowed hour."""
SENDING = "sending"
"""Claimed by a dispatcher, which is calling Telegram now. Never claimed again."""
SENT = "sent"
CANCELLED = "cancelled"
"""No longer needed: the report was shared, the review moved or was cancelled..."""
FAILED = "failed"
"""Could not be delivered; someone (the IRO, or the operator's log) was told."""
SUPERSEDED = "superseded"
"""Its moment was overtaken (downtime, quiet hours): a later reminder replaces it."""

NOTIFICATION_STATUSES = (PENDING, SENDING, SENT, CANCELLED, FAILED, SUPERSEDED)


class Notification(SQLModel, table=True):
    """One message the bot will send (or sent, or decided not to send), to one person."""

    __table_args__ = (
        # The idempotency key: review, kind and step (its date, or "once"). Planning
        # twice finds the same keys, so nothing is ever planned (or sent) twice.
        UniqueConstraint("key", name="uq_notification_key"),
        # The dispatcher's one question, every minute: what is pending and due?
        Index("ix_notification_status_due_at", "status", "due_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=120)
    kind: str = Field(max_length=40)
    # None for messages about no single review (the Monday digest).
    review_id: int | None = Field(default=None, foreign_key="review.id", index=True)
    recipient_id: int = Field(foreign_key="person.id", index=True)
    due_at: datetime = Field(sa_type=UTCDateTime)
    # From this moment the message is overtaken by a later one and is never sent.
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: str = Field(default=PENDING, max_length=20)
    attempts: int = 0
    # Why it failed, was cancelled or deferred: error classes and ids, never anyone's words.
    last_error: str | None = Field(default=None, max_length=200)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    claimed_by: str | None = Field(default=None, max_length=80)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    telegram_message_id: int | None = Field(default=None, sa_type=BigInteger)
    # Who an event is about: the worker reporting a problem, the person who blocked the bot.
    about_id: int | None = Field(default=None, foreign_key="person.id")
    # Words a worker asked the bot to pass on ("There's a problem"), sealed at rest.
    note: str | None = Field(default=None, sa_type=SealedText)
    created_at: datetime = Field(sa_type=UTCDateTime)
