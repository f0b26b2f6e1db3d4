"""SQLModel tables and the Alembic migrations. Data only: imports neither bot nor handlers."""

from models.reminders import NOTIFICATION_STATUSES, Notification
from models.safety import CONCERNS, Alert, HandledUpdate, LeftCare, StartAttempt
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
from models.types import (
    SealedBytes,
    SealedDate,
    SealedText,
    SealedValueError,
    UTCDateTime,
    set_cipher,
)
from models.web import WebAccount, WebFile, WebMessage, WebSession
from models.workspace import (
    ConsultationRead,
    Feedback,
    FeedbackAnswer,
    HeldDraft,
    IroProfile,
    ProfileDelivery,
    Summary,
    SummaryReply,
)

__all__ = [
    "CONCERNS",
    "NOTIFICATION_STATUSES",
    "REVIEW_FORMATS",
    "ROLES",
    "Alert",
    "Answer",
    "AuditEvent",
    "ChildWord",
    "Consultation",
    "ConsultationRead",
    "Feedback",
    "FeedbackAnswer",
    "HandledUpdate",
    "HeldDraft",
    "Invite",
    "IroProfile",
    "LeftCare",
    "Notification",
    "Person",
    "ProfileDelivery",
    "Review",
    "SealedBytes",
    "SealedDate",
    "SealedText",
    "SealedValueError",
    "Setting",
    "StartAttempt",
    "Summary",
    "SummaryReply",
    "UTCDateTime",
    "WebAccount",
    "WebFile",
    "WebMessage",
    "WebSession",
    "set_cipher",
]
