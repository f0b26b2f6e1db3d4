"""Alerts as an operator reads them: who was told, when, who is on it, what escalated.

``myreview alerts list`` and ``myreview alerts show ID``. Every read is in the
audit log, like any other read of a child's data; only ``show`` gives the child's
words (and ids, never words, are logged).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.platform import audit
from bot.platform.errors import UserError
from bot.safeguarding.alerts import alert_id_of, reached_nobody
from models import Alert, Notification, Person

OPERATOR = "operator (cli)"


@dataclass(frozen=True)
class Delivery:
    """One person an alert was for, and what became of it."""

    person_id: int
    name: str
    role: str
    kind: str
    status: str
    due_at: datetime
    sent_at: datetime | None
    last_error: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "person": self.person_id,
            "name": self.name,
            "role": self.role,
            "kind": self.kind,
            "status": self.status,
            "due_at": self.due_at.isoformat(),
            "sent_at": self.sent_at.isoformat() if self.sent_at else None,
            "error": self.last_error,
        }


@dataclass(frozen=True)
class AlertRecord:
    """An alert, with everyone it was for."""

    alert_id: int
    child_id: int
    child: str
    raised_at: datetime
    concerns: list[str]
    source: str
    review_id: int | None
    deliveries: list[Delivery] = field(default_factory=list)
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    escalated_at: datetime | None = None
    reached_nobody: bool = False
    words: str | None = None
    """Only in ``show``: the child's words exactly as written."""

    @property
    def open(self) -> bool:
        return self.acknowledged_at is None

    def as_json(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "id": self.alert_id,
            "child": self.child_id,
            "child_name": self.child,
            "raised_at": self.raised_at.isoformat(),
            "concerns": self.concerns,
            "source": self.source,
            "review": self.review_id,
            "told": [d.as_json() for d in self.deliveries],
            "reached_nobody": self.reached_nobody,
            "acknowledged_by": self.acknowledged_by,
            "acknowledged_at": self.acknowledged_at.isoformat() if self.acknowledged_at else None,
            "escalated_at": self.escalated_at.isoformat() if self.escalated_at else None,
        }
        if self.words is not None:
            payload["words"] = self.words
        return payload


def _record(session: Session, alert: Alert, *, with_words: bool) -> AlertRecord:
    child = session.get(Person, alert.child_id)
    rows = session.exec(
        select(Notification)
        .where(col(Notification.key).like(f"alert:{alert.id}:%"))
        .order_by(col(Notification.id))
    ).all()
    deliveries = []
    for row in rows:
        if alert_id_of(row) != alert.id:
            continue
        person = session.get(Person, row.recipient_id)
        deliveries.append(
            Delivery(
                row.recipient_id,
                person.name if person else "",
                person.role if person else "",
                row.kind,
                row.status,
                row.due_at,
                row.sent_at,
                row.last_error,
            )
        )
    by = session.get(Person, alert.acknowledged_by_id) if alert.acknowledged_by_id else None
    return AlertRecord(
        alert_id=alert.id or 0,
        child_id=alert.child_id,
        child=child.name if child else "",
        raised_at=alert.created_at,
        concerns=list(alert.concerns),
        source=alert.source,
        review_id=alert.review_id,
        deliveries=deliveries,
        acknowledged_by=by.name if by else None,
        acknowledged_at=alert.acknowledged_at,
        escalated_at=alert.escalated_at,
        reached_nobody=alert.unreached_at is not None and reached_nobody(session, alert),
        words=alert.words if with_words else None,
    )


def list_alerts(session: Session, now: datetime, *, open_only: bool = False) -> list[AlertRecord]:
    """Every alert (or those nobody is on yet), newest first; each listed child audited."""
    query = select(Alert).order_by(col(Alert.created_at).desc(), col(Alert.id).desc())
    if open_only:
        query = query.where(col(Alert.acknowledged_at).is_(None))
    found = [_record(session, alert, with_words=False) for alert in session.exec(query)]
    for record in found:
        audit.record(
            session,
            now,
            "alert_listed",
            actor_label=OPERATOR,
            child_id=record.child_id,
            review_id=record.review_id,
            detail=f"alert {record.alert_id}",
        )
    return found


def show_alert(session: Session, now: datetime, alert_id: int) -> AlertRecord:
    """One alert with the child's words; the read is audited."""
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise UserError(f"no alert with id {alert_id}")
    audit.record(
        session,
        now,
        "alert_read",
        actor_label=OPERATOR,
        child_id=alert.child_id,
        review_id=alert.review_id,
        detail=f"alert {alert.id}",
    )
    return _record(session, alert, with_words=True)
