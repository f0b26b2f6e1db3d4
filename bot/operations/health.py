"""Is this process able to do its job, and is anything about to let a child down?

Each check says ``ok``, ``warning`` (the service works, but someone should act:
there is no duty route) or ``failed`` (it cannot serve: the database is away,
the schema is old, the data key is wrong). None of them says anything about a
child: names, words and ids stay out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import func, text
from sqlmodel import col, select

from bot.platform import db as database
from bot.platform import metrics
from bot.platform.encryption import DataKeyError, check_data_key
from bot.platform.runtime import Runtime
from bot.safeguarding import detector, duty
from models import Alert

State = Literal["ok", "warning", "failed"]


@dataclass(frozen=True)
class Check:
    name: str
    state: State
    detail: str = ""

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "state": self.state, "detail": self.detail}


def checks(rt: Runtime) -> list[Check]:
    """Every check, in the order an operator would look into them."""
    found = [_database(rt)]
    if found[0].state == "failed":
        return found
    found.append(_schema(rt))
    found.append(_data_key(rt))
    if found[1].state == "ok":
        found.append(_duty_route(rt))
    return found


def worst(found: list[Check]) -> State:
    states = {check.state for check in found}
    return "failed" if "failed" in states else "warning" if "warning" in states else "ok"


def warnings_at_start(rt: Runtime) -> list[str]:
    """What ``myreview run`` says before it starts taking updates."""
    return [f"{c.name}: {c.detail}" for c in checks(rt) if c.state == "warning"]


def alert_counts(rt: Runtime) -> tuple[int, int]:
    """Alerts nobody has acknowledged, and how many of those reached the managers."""
    with rt.session() as session:
        open_ = select(func.count()).select_from(Alert).where(col(Alert.acknowledged_at).is_(None))
        escalated = open_.where(col(Alert.escalated_at).is_not(None))
        return int(session.exec(open_).one()), int(session.exec(escalated).one())


def readiness(rt: Runtime) -> tuple[bool, dict[str, object]]:
    """``/readyz``: ready when the database answers, the schema is current, the data
    key is right and the safety patterns are compiled (until then a child's words
    would wait for them). A missing duty route is a warning: the service still works."""
    found = [*checks(rt), _safety_patterns()]
    age = metrics.last_pass_age()
    ready = worst(found) != "failed"
    return ready, {
        "ready": ready,
        "checks": [c.as_json() for c in found],
        "last_dispatcher_pass_seconds_ago": round(age, 1) if age is not None else None,
    }


def _database(rt: Runtime) -> Check:
    try:
        with rt.db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        return Check("database", "failed", f"cannot be reached ({type(exc).__name__})")
    return Check("database", "ok")


def _schema(rt: Runtime) -> Check:
    current, head = database.current_revision(rt.db), database.head_revision()
    if current != head:
        return Check("schema", "failed", f"at {current}, the code needs {head}: run db upgrade")
    return Check("schema", "ok", f"at {current}")


def _data_key(rt: Runtime) -> Check:
    if rt.cipher is None:
        return Check("data key", "failed", "no data key is loaded")
    try:
        check_data_key(rt.db, rt.cipher)
    except DataKeyError as exc:
        return Check("data key", "failed", str(exc))
    return Check("data key", "ok")


def _safety_patterns() -> Check:
    if not detector.compiled():
        # Compiled in the background as the process starts (a few seconds); if they
        # cannot be, the log says why and this stays failed.
        return Check("safety patterns", "failed", "not compiled yet")
    return Check("safety patterns", "ok")


def _duty_route(rt: Runtime) -> Check:
    with rt.session() as session:
        problems = duty.route_problems(session)
    if problems:
        return Check("duty route", "warning", "; ".join(problems))
    return Check("duty route", "ok")
