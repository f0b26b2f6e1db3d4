"""SQLModel tables and the Alembic migrations. Data only: imports neither bot nor handlers."""

from models.tables import (
    REVIEW_FORMATS,
    ROLES,
    Answer,
    AuditEvent,
    ChildWord,
    Consultation,
    Invite,
    Person,
    Review,
    Setting,
)
from models.types import SealedText, UTCDateTime, set_cipher

__all__ = [
    "REVIEW_FORMATS",
    "ROLES",
    "Answer",
    "AuditEvent",
    "ChildWord",
    "Consultation",
    "Invite",
    "Person",
    "Review",
    "SealedText",
    "Setting",
    "UTCDateTime",
    "set_cipher",
]
