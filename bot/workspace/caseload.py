"""A worker's caseload in ``/reviews``: what needs them first, a page at a time.

An IRO or social worker may have sixty children. The list puts first what needs
acting on: an open safeguarding alert, a report overdue, a My Review sent and not
yet read, a meeting this week; then the rest, soonest first. It shows ``PAGE``
reviews at a time, and three buttons narrow it: this week, needs action, all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.calendar.deadlines import LATE, report_state
from bot.calendar.reviews import ReviewRow
from bot.platform.buttons import ReviewsPage
from bot.platform.replies import Button
from bot.workspace import reading
from messages import iro as words
from messages.render import Renderer
from models import Alert, Person

PAGE = 10
SOON = timedelta(days=7)

View = Literal["all", "week", "act"]
Need = Literal["alert", "late", "unread", "soon"]
ORDER: tuple[Need, ...] = ("alert", "late", "unread", "soon")
"""What needs action, most urgent first."""
ACTION: frozenset[Need] = frozenset({"alert", "late", "unread"})


@dataclass
class Page:
    rows: list[ReviewRow]
    needs: dict[int, Need | None]
    view: View
    number: int
    pages: int
    total: int
    """Reviews in this view, on every page."""


def _needs(
    session: Session, found: list[ReviewRow], viewer: Person, now: datetime, zone: ZoneInfo
) -> dict[int, Need | None]:
    children = [row.child.id for row in found]
    alerted = set(
        session.exec(
            select(Alert.child_id)
            .where(col(Alert.child_id).in_(children))
            .where(col(Alert.acknowledged_at).is_(None))
        ).all()
    )
    needs: dict[int, Need | None] = {}
    for row in found:
        need: Need | None = None
        if row.child.id in alerted:
            need = "alert"
        elif (
            viewer.role in ("iro", "social_worker")
            and report_state(row.review, now, zone)[0] == LATE
        ):
            need = "late"
        elif reading.read_state(session, row.consultation, viewer) in ("not_read", "new"):
            need = "unread"
        elif row.review.scheduled_at - now <= SOON:
            need = "soon"
        needs[row.review.id or 0] = need
    return needs


def arrange(
    session: Session,
    found: list[ReviewRow],
    viewer: Person,
    now: datetime,
    zone: ZoneInfo,
    view: View = "all",
    number: int = 1,
) -> Page:
    """One page of the caseload in this view, what needs action first."""
    needs = _needs(session, found, viewer, now, zone)

    def rank(row: ReviewRow) -> tuple[int, datetime]:
        need = needs[row.review.id or 0]
        return (ORDER.index(need) if need else len(ORDER), row.review.scheduled_at)

    shown = sorted(found, key=rank)
    if view == "week":
        shown = [row for row in shown if row.review.scheduled_at - now <= SOON]
    elif view == "act":
        shown = [row for row in shown if needs[row.review.id or 0] in ACTION]
    pages = max(1, -(-len(shown) // PAGE))
    number = min(max(number, 1), pages)
    start = (number - 1) * PAGE
    return Page(shown[start : start + PAGE], needs, view, number, pages, len(shown))


def marker(render: Renderer, need: Need | None) -> str:
    """What a line needs, before it: "🚨 ", "⏰ "…; nothing when it needs nothing."""
    return render.plain(words.NEED_MARKS[need]) + " " if need else ""


def heading(render: Renderer, page: Page) -> str:
    """ "Needs action · 1–10 of 23 · page 1 of 3" """
    first = (page.number - 1) * PAGE + 1 if page.total else 0
    last = first + len(page.rows) - 1 if page.total else 0
    return render(
        words.CASELOAD_HEADING,
        view=render.plain(words.CASELOAD_VIEWS[page.view]),
        first=first,
        last=last,
        total=page.total,
        number=page.number,
        pages=page.pages,
    )


def buttons(render: Renderer, page: Page) -> list[list[Button]]:
    """The three views, and the pages either side."""
    views = [
        Button(("• " if page.view == view else "") + render.plain(label), ReviewsPage(view, 1))
        for view, label in words.CASELOAD_VIEWS.items()
    ]
    turns = []
    if page.number > 1:
        turns.append(Button(render.plain(words.PAGE_BACK), ReviewsPage(page.view, page.number - 1)))
    if page.number < page.pages:
        turns.append(Button(render.plain(words.PAGE_ON), ReviewsPage(page.view, page.number + 1)))
    return [views, *([turns] if turns else [])]
