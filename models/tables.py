"""The tables. Data only: the rules that change these rows live in ``bot/``."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import SealedDate, SealedText, UTCDateTime

ROLES = ("iro", "social_worker", "child", "carer", "manager", "duty")
REVIEW_FORMATS = ("face-to-face", "virtual", "hybrid")


class Person(SQLModel, table=True):
    """Anyone the bot knows: a child, a worker, a carer or a manager."""

    id: int | None = Field(default=None, primary_key=True)
    role: str = Field(index=True, max_length=20)
    # Sealed, like a child's words (docs/safeguarding.md): never compared or sorted in SQL.
    # At most 200 characters (``bot.people.records.MAX_NAME``).
    name: str = Field(sa_type=SealedText)
    dob: date | None = Field(default=None, sa_type=SealedDate)
    locale: str = Field(default="en", max_length=20)
    telegram_user_id: int | None = Field(
        default=None, sa_type=BigInteger, unique=True, index=True, nullable=True
    )
    # When the person set up their web chat (their secret word chosen): they can be
    # written to there (bot/people/addresses.py). None: no web chat.
    web_since: datetime | None = Field(default=None, sa_type=UTCDateTime)
    iro_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    social_worker_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    carer_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    active: bool = True
    unreachable: bool = False
    # Where a child is in their first conversation ("language", "words:home", ...);
    # None once they have chosen their words.
    setup_step: str | None = Field(default=None, max_length=40)
    # A carer or social worker running a child's consultation with them.
    helping_child_id: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    # When a child came into care: where their review timescales start (bot/calendar/timescales.py).
    entered_care: date | None = None
    # A worker's next words answer a question the bot asked ("problem:<review id>").
    awaiting_input: str | None = Field(default=None, max_length=40)
    # The case management system's id for this person (bot/caseload/importer.py): a re-import
    # updates the person instead of adding them again. Unique across roles.
    external_ref: str | None = Field(
        default=None, max_length=64, unique=True, index=True, nullable=True
    )


class ChildWord(SQLModel, table=True):
    """A Language that Cares word the child chose: what they call home, and so on."""

    __tablename__ = "child_word"
    __table_args__ = (UniqueConstraint("child_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="person.id", index=True)
    key: str = Field(max_length=40)
    value: str = Field(sa_type=SealedText)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class Invite(SQLModel, table=True):
    """A one-time link that binds a Telegram account to a person. Only its hash is kept."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    token_hash: str = Field(unique=True, max_length=64)
    # "telegram" (opened with /start) or "web" (opened in a browser: web/).
    channel: str = Field(
        default="telegram", max_length=10, sa_column_kwargs={"server_default": "telegram"}
    )
    created_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Review(SQLModel, table=True):
    """A child's review meeting, chaired by their IRO."""

    id: int | None = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="person.id", index=True)
    iro_id: int = Field(foreign_key="person.id", index=True)
    scheduled_at: datetime = Field(sa_type=UTCDateTime, index=True)
    format: str = Field(default="face-to-face", max_length=20)
    venue: str | None = Field(default=None, max_length=200)
    status: str = Field(default="scheduled", max_length=20, index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    # The calendar and reminders (bot/reminders): the social worker's report, the
    # meeting itself ("held"), and the IRO's decisions and record afterwards.
    report_shared_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # "Remind me tomorrow": the local date of the extra reminder.
    report_snoozed_until: date | None = None
    held_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decisions_done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    record_done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # How the child took part, recorded by the IRO with /held (bot/workspace/held.py);
    # ``format`` above becomes the format the meeting actually had.
    child_attended: bool | None = None
    child_chaired: str | None = Field(default=None, max_length=4)  # all | part | no
    participation_code: str | None = Field(default=None, max_length=3, index=True)  # PN0-PN7
    held_recorded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Consultation(SQLModel, table=True):
    """A child's My Review for one meeting: where they are, and whether it was sent."""

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", unique=True)
    child_id: int = Field(foreign_key="person.id", index=True)
    status: str = Field(default="not_started", max_length=20)
    band: str = Field(max_length=8)
    current_key: str | None = Field(default=None, max_length=40)
    # Choices ticked on a multiple-choice question before "Done" is tapped.
    draft_choices: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    awaiting_addition: bool = False
    helped_by_id: int | None = Field(default=None, foreign_key="person.id")
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class Answer(SQLModel, table=True):
    """One thing the child said. Rows are never deleted: a changed answer is marked replaced."""

    __table_args__ = (Index("ix_answer_consultation_question", "consultation_id", "question_key"),)

    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="consultation.id")
    question_key: str = Field(max_length=40)
    kind: str = Field(max_length=10)  # choice | scale | text | photo | voice | skip
    choices: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    scale: int | None = None
    text: str | None = Field(default=None, sa_type=SealedText)
    file_id: str | None = Field(default=None, sa_type=SealedText)
    addition: bool = False
    replaced: bool = False
    # The language the words are in ("ar", "so", "script:CYRILLIC"), and whether the
    # safety check could NOT read them (bot/safeguarding/written_in.py): flagged to the IRO.
    written_in: str | None = Field(default=None, max_length=24)
    unchecked: bool = False
    # Where it was answered: "telegram" or "web" (the web chat). Staff read both alike.
    channel: str = Field(
        default="telegram", max_length=10, sa_column_kwargs={"server_default": "telegram"}
    )
    answered_by_id: int = Field(foreign_key="person.id")
    created_at: datetime = Field(sa_type=UTCDateTime)


class AuditEvent(SQLModel, table=True):
    """Who read or exported which child's data, and when. Never the data itself."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    actor_id: int | None = Field(default=None, foreign_key="person.id")
    actor_label: str = Field(default="", max_length=80)
    action: str = Field(max_length=40)
    child_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    review_id: int | None = Field(default=None, foreign_key="review.id")
    detail: str = Field(default="", max_length=200)


class Setting(SQLModel, table=True):
    """Small facts the bot learns at run time, such as its own username."""

    key: str = Field(primary_key=True, max_length=60)
    value: str = Field(max_length=400)
