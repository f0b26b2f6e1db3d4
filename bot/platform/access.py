"""The one access check behind every read of a child's data.

A child sees their own; their IRO, their social worker and their carer see
theirs; nobody else does — not another worker, not a manager, not a guess at a
button's data. Every allowed read is written to the audit log.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.platform import audit
from bot.platform.errors import AccessDenied
from models import Person


def may_read(viewer: Person | None, child: Person | None) -> bool:
    """Whether ``viewer`` may see ``child``'s answers."""
    if viewer is None or child is None or not viewer.active or child.role != "child":
        return False
    if viewer.id == child.id:
        return True
    return viewer.id in (child.iro_id, child.social_worker_id, child.carer_id) and (
        viewer.role in ("iro", "social_worker", "carer")
    )


def may_help(helper: Person | None, child: Person | None) -> bool:
    """Whether ``helper`` may fill in My Review with ``child`` (helping mode)."""
    if helper is None or child is None or not helper.active or not child.active:
        return False
    if child.role != "child":
        return False
    if helper.role == "carer":
        return child.carer_id == helper.id
    if helper.role == "social_worker":
        return child.social_worker_id == helper.id
    return False


def require_read(
    session: Session,
    now: datetime,
    viewer: Person | None,
    child: Person | None,
    action: str,
    review_id: int | None = None,
) -> None:
    """Raise AccessDenied unless allowed; record the read when it is."""
    if not may_read(viewer, child):
        raise AccessDenied()
    assert child is not None
    audit.record(session, now, action, actor=viewer, child_id=child.id, review_id=review_id)
