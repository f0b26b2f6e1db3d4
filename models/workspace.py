"""The IRO's workspace: their profile, what each reader has read, the
meeting being recorded, summaries written to the child and the child's replies,
and the feedback asked after the meeting. Data only: the rules live in ``bot/``.

The child's words (a reply to a summary) and the IRO's summary *to* the child are
sealed at rest like every other free text about a child. The IRO's profile is the
IRO's own words about themselves, written to be shown to children: plain text.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import SealedText, UTCDateTime

CHAIRED = ("all", "part", "no")
"""Did the child chair their meeting: all of it, part of it, or not."""
PARTICIPATION_CODES = ("PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")
"""DfE SSDA903 participation codes (their meanings are in ``messages/iro.py``)."""
SUMMARY_STATUSES = ("draft", "sent", "cancelled")


class IroProfile(SQLModel, table=True):
    """A few lines an IRO writes about themselves, and optionally a photo, for children."""

    __tablename__ = "iro_profile"

    person_id: int = Field(foreign_key="person.id", primary_key=True)
    about: str | None = Field(default=None, max_length=1000)
    # A Telegram file id of the IRO's own photo (not a child's data: not sealed).
    photo_file_id: str | None = Field(default=None, max_length=300)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class ProfileDelivery(SQLModel, table=True):
    """The IRO's profile went to the child for this review (once per review).

    ``notification_id`` is the "My Review is open" message that carried it; None
    when it was shown as the child first started My Review.
    """

    __tablename__ = "profile_delivery"

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", unique=True)
    child_id: int = Field(foreign_key="person.id", index=True)
    notification_id: int | None = Field(default=None, foreign_key="notification.id")
    delivered_at: datetime = Field(sa_type=UTCDateTime)


class ConsultationRead(SQLModel, table=True):
    """When one reader (IRO, social worker, carer) first and last read a child's My Review."""

    __tablename__ = "consultation_read"
    __table_args__ = (UniqueConstraint("consultation_id", "reader_id"),)

    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    reader_id: int = Field(foreign_key="person.id", index=True)
    first_read_at: datetime = Field(sa_type=UTCDateTime)
    last_read_at: datetime = Field(sa_type=UTCDateTime)


class HeldDraft(SQLModel, table=True):
    """``/held`` between taps: what the IRO has chosen so far about one meeting."""

    __tablename__ = "held_draft"

    review_id: int = Field(foreign_key="review.id", primary_key=True)
    iro_id: int = Field(foreign_key="person.id")
    format: str | None = Field(default=None, max_length=20)
    attended: bool | None = None
    chaired: str | None = Field(default=None, max_length=4)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class Summary(SQLModel, table=True):
    """What the IRO writes to the child after their meeting (sealed: it is about the child)."""

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", index=True)
    child_id: int = Field(foreign_key="person.id", index=True)
    iro_id: int = Field(foreign_key="person.id")
    text: str = Field(sa_type=SealedText)
    # The words the IRO first wrote, before any suggestion was accepted.
    original: str | None = Field(default=None, sa_type=SealedText)
    status: str = Field(default="draft", max_length=10)
    suggestions_accepted: bool = False
    created_at: datetime = Field(sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SummaryReply(SQLModel, table=True):
    """The child writing back to their IRO about a summary, exactly as written (sealed)."""

    __tablename__ = "summary_reply"

    id: int | None = Field(default=None, primary_key=True)
    summary_id: int = Field(foreign_key="summary.id", index=True)
    child_id: int = Field(foreign_key="person.id", index=True)
    text: str = Field(sa_type=SealedText)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Feedback(SQLModel, table=True):
    """The few questions one person is asked the day after a meeting."""

    __table_args__ = (UniqueConstraint("review_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    # The question set from messages/feedback.toml: child_attended, child_absent, adult.
    question_set: str = Field(max_length=20)
    created_at: datetime = Field(sa_type=UTCDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class FeedbackAnswer(SQLModel, table=True):
    """One tapped answer (an option's key, or "skip"). Never free text."""

    __tablename__ = "feedback_answer"
    __table_args__ = (UniqueConstraint("feedback_id", "question_key"),)

    id: int | None = Field(default=None, primary_key=True)
    feedback_id: int = Field(foreign_key="feedback.id", index=True)
    question_key: str = Field(max_length=40)
    value: str = Field(max_length=20)
    answered_at: datetime = Field(sa_type=UTCDateTime)
