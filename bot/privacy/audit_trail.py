"""The audit trail: who read, exported or was sent a child's data, and when.

``myreview audit --child ID``. The rows themselves are written by
``bot.platform.audit.record`` in the same transaction as each read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.people.records import get_person
from bot.platform import audit
from models import (
    AuditEvent,
    Person,
)


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor_id: int | None
    actor: str
    role: str | None
    action: str
    review_id: int | None
    detail: str

    def as_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "actor": {"id": self.actor_id, "name": self.actor, "role": self.role},
            "action": self.action,
            "review": self.review_id,
            "detail": self.detail or None,
        }


def audit_trail(
    session: Session, now: datetime, child_id: int, *, reader: str = "operator (cli)"
) -> list[AuditRow]:
    """Every audit row about a child, oldest first; reading it is itself recorded."""
    get_person(session, child_id, "child")
    rows = []
    query = (
        select(AuditEvent)
        .where(AuditEvent.child_id == child_id)
        .order_by(col(AuditEvent.at), col(AuditEvent.id))
    )
    for event in session.exec(query):
        person = session.get(Person, event.actor_id) if event.actor_id is not None else None
        rows.append(
            AuditRow(
                at=event.at,
                actor_id=event.actor_id,
                actor=person.name if person is not None else event.actor_label,
                role=person.role if person is not None else None,
                action=event.action,
                review_id=event.review_id,
                detail=event.detail,
            )
        )
    audit.record(session, now, "read_audit", actor_label=reader, child_id=child_id)
    return rows
