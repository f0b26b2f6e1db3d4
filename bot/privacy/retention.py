"""How long a child's words are kept after they leave care, and removing them.

``myreview people left-care ID --on DATE`` records the day retention counts
from; ``myreview retention run`` removes what is due (``MYREVIEW_RETENTION_DAYS``
later, 365 by default): answers and invites are deleted, every other sealed text
tied to the child is emptied, and the child is anonymised (name replaced, date
of birth reduced to the year, Telegram unlinked, inactive). The rows the
statistics count stay, so the annual figures are the same before and after. A
table with sealed text that retention cannot tie to a child stops it (and fails
the tests). Audited.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Column, Table, and_, delete, or_, update
from sqlmodel import Session, SQLModel, col, select

from bot.calendar.workdays import LONDON, local_date
from bot.people.records import get_person
from bot.platform import audit
from bot.platform.errors import UserError
from bot.privacy.deactivation import stop_access
from bot.privacy.key_rotation import sealed_columns
from messages import safety
from models import (
    Answer,
    Consultation,
    Invite,
    LeftCare,
    Review,
    WebFile,
    WebMessage,
)

log = logging.getLogger(__name__)


def record_left_care(session: Session, now: datetime, child_id: int, left_on: date) -> LeftCare:
    """``myreview people left-care ID --on DATE``: the day retention counts from."""
    child = get_person(session, child_id, "child")
    if left_on > now.date():
        raise UserError("the leaving-care date is in the future")
    if child.entered_care is not None and left_on < child.entered_care:
        raise UserError("the leaving-care date is before the child came into care")
    row = session.get(LeftCare, child_id)
    if row is not None and row.anonymised_at is not None:
        raise UserError(f"child {child_id}'s record was already anonymised")
    if row is None:
        row = LeftCare(child_id=child_id, left_on=left_on, recorded_at=now)
    row.left_on = left_on
    row.recorded_at = now
    session.add(row)
    audit.record(
        session,
        now,
        "left_care_recorded",
        actor_label="operator (cli)",
        child_id=child_id,
        detail=f"left care on {left_on.isoformat()}",
    )
    return row


@dataclass
class Erased:
    child_id: int
    left_on: date
    removed: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"child": self.child_id, "left_care": self.left_on.isoformat(), **self.removed}


@dataclass
class RetentionReport:
    now: datetime
    days: int
    dry_run: bool
    children: list[Erased] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "now": self.now.isoformat(),
            "retention_days": self.days,
            "dry_run": self.dry_run,
            "children": [child.as_json() for child in self.children],
        }


def due_for_retention(
    session: Session, now: datetime, days: int, zone: ZoneInfo = LONDON
) -> list[LeftCare]:
    """Children who left care at least ``days`` ago and are not anonymised yet."""
    last_day = local_date(now, zone) - timedelta(days=days)
    return list(
        session.exec(
            select(LeftCare)
            .where(col(LeftCare.left_on) <= last_day)
            .where(col(LeftCare.anonymised_at).is_(None))
            .order_by(col(LeftCare.child_id))
        )
    )


# Removed outright, before the general rule below: what the child said in My Review.
# ... and their web chat (the chat, their files), which holds the same words again.
_DELETED_FIRST = ("answer", "web_message", "web_file")
# The child's own row: anonymised by ``_erase_child`` (name replaced, date of birth cut
# to the year), not emptied; the people who worked with them keep their names.
_ANONYMISED = ("person",)


# Columns that tie a row with sealed text to a child: child, review, consultation, or
# the person a message was to or about.
_LINKS = ("child_id", "consultation_id", "review_id", "recipient_id", "about_id")


def sealed_tables() -> list[tuple[Table, list[Column]]]:  # type: ignore[type-arg]
    """Every table with sealed text, dependants before what they depend on."""
    found: dict[str, tuple[Table, list[Column]]] = {}  # type: ignore[type-arg]
    for table, column in sealed_columns():
        found.setdefault(table.name, (table, []))[1].append(column)
    ordered = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]
    return [found[name] for name in ordered if name in found]


def uncovered_sealed_tables() -> list[str]:
    """Tables with sealed text that retention could not tie to a child (must be empty)."""
    return [
        table.name
        for table, _ in sealed_tables()
        if table.name not in (*_DELETED_FIRST, *_ANONYMISED)
        and not any(link in table.c for link in _LINKS)
    ]


def _erase_sealed(
    session: Session, child_id: int, reviews: list[int], consultations: list[int]
) -> dict[str, int]:
    """Remove every sealed value tied to the child: NULL, or "" where a value is required.

    The rows stay, so every figure counted from them (a child chose their own words;
    a summary was sent) is the same afterwards; the words themselves are gone."""
    removed: dict[str, int] = {}
    for table, columns in sealed_tables():
        if table.name in (*_DELETED_FIRST, *_ANONYMISED):
            continue
        ties = []
        for link in _LINKS:
            if link not in table.c:
                continue
            column = table.c[link]
            if link == "review_id":
                ties.append(column.in_(reviews or [-1]))
            elif link == "consultation_id":
                ties.append(column.in_(consultations or [-1]))
            else:
                ties.append(column == child_id)
        if not ties:
            raise RuntimeError(f"retention cannot tie table {table.name} to a child")
        holding = or_(*(c.is_not(None) for c in columns))
        blank = {c.name: (None if c.nullable else "") for c in columns}
        statement = update(table).where(and_(or_(*ties), holding)).values(blank)
        count = int(session.exec(statement).rowcount)  # type: ignore[call-overload]
        if count:
            label = f"{table.name}_words_removed"
            removed[label] = removed.get(label, 0) + count
    return removed


def _erase_child(session: Session, now: datetime, left: LeftCare) -> Erased:
    child = get_person(session, left.child_id, "child")
    erased = Erased(child.id or 0, left.left_on)
    reviews = list(session.exec(select(Review.id).where(Review.child_id == child.id)))
    consultations = list(
        session.exec(select(Consultation.id).where(Consultation.child_id == child.id))
    )
    removed = erased.removed
    removed["answers_deleted"] = int(
        session.exec(  # type: ignore[call-overload]
            delete(Answer).where(col(Answer.consultation_id).in_(consultations or [-1]))
        ).rowcount
    )
    for model, label in ((WebMessage, "web_messages_deleted"), (WebFile, "web_files_deleted")):
        gone = int(
            session.exec(delete(model).where(col(model.person_id) == child.id)).rowcount  # type: ignore[call-overload]
        )
        if gone:  # said only for a child who used the web chat
            removed[label] = gone
    removed["invites_deleted"] = int(
        session.exec(delete(Invite).where(col(Invite.person_id) == child.id)).rowcount  # type: ignore[call-overload]
    )
    # Where the child was in a consultation, and the ticks not yet sent, are their choices.
    session.exec(  # type: ignore[call-overload]
        update(Consultation)
        .where(col(Consultation.child_id) == child.id)
        .values(current_key=None, draft_choices=[], awaiting_addition=False)
    )
    for label, count in _erase_sealed(session, child.id or 0, reviews, consultations).items():
        removed[label] = removed.get(label, 0) + count
    stopped = stop_access(session, now, child, "anonymised")
    removed["notifications_cancelled"] = stopped.notifications_cancelled
    child.name = safety.ANONYMISED_NAME.format(id=child.id)
    if child.dob is not None:
        child.dob = date(child.dob.year, 1, 1)
    child.external_ref = None
    child.setup_step = None
    child.unreachable = False
    session.add(child)
    left.anonymised_at = now
    session.add(left)
    audit.record(
        session,
        now,
        "retention_anonymised",
        actor_label="operator (cli)",
        child_id=child.id,
        detail=", ".join(f"{k} {v}" for k, v in sorted(removed.items()) if v)[:200],
    )
    log.warning("retention: child %s anonymised (%s)", child.id, removed)
    return erased


def run_retention(
    session: Session, now: datetime, days: int, zone: ZoneInfo = LONDON, *, dry_run: bool = False
) -> RetentionReport:
    """Delete and anonymise what is due; ``dry_run`` says what would go and keeps it all."""
    report = RetentionReport(now, days, dry_run)
    for left in due_for_retention(session, now, days, zone):
        report.children.append(_erase_child(session, now, left))
    session.flush()
    if dry_run:
        session.rollback()
    return report
