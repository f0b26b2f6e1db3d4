"""The audit log: every read or export of a child's data, by whom and when."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from models import AuditEvent, Person


def record(
    session: Session,
    at: datetime,
    action: str,
    *,
    actor: Person | None = None,
    actor_label: str = "",
    child_id: int | None = None,
    review_id: int | None = None,
    detail: str = "",
) -> None:
    """Add one audit row in the caller's transaction (so a read and its record commit together)."""
    session.add(
        AuditEvent(
            at=at,
            actor_id=actor.id if actor else None,
            actor_label=actor_label or (f"{actor.role}:{actor.id}" if actor else "operator"),
            action=action,
            child_id=child_id,
            review_id=review_id,
            detail=detail[:200],
        )
    )
