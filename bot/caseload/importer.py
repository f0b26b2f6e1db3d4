"""Load a caseload (children, their workers, their next review) from a CSV file.

``myreview import --csv FILE [--dry-run] [--json]`` (``bot/cli/importing.py``)
reads a file exported from a case management system: one row per child. Nothing
is half-imported: every row is checked first, and if any row has an error,
nothing is written and every error is reported with its row number and column.
``--dry-run`` runs the whole import, reports what it would create and change,
and writes nothing. The operator's words are in ``messages/operator.py``.

COLUMNS (the header row names them; any order; case and spaces do not matter,
so "Child ref" is ``child_ref``; an unknown column is an error)

==================== ======== ==================================================
column               needed   what
==================== ======== ==================================================
child_ref            yes      the child's id in the case management system
child_name           yes      the child's name (up to 200 characters)
iro_ref              yes      the IRO's id; every child needs an IRO
iro_name             new IRO  the IRO's name
dob                           date of birth
entered_care                  the date the child came into care
locale                        the child's language to start with (default en)
social_worker_ref             the social worker's id
social_worker_name   new one  the social worker's name
carer_ref                     the carer's id
carer_name           new one  the carer's name
next_review_at                the child's next review: date AND time, local
==================== ======== ==================================================

* Refs are kept (``Person.external_ref``), so importing the file again updates
  people instead of adding them twice. A ref names one person: a child and a
  worker cannot share one (prefix them if your system's numbers overlap).
* A worker on many rows is created once. Their name must be the same on every
  row; it may be left empty on rows after the first, and for a worker who is
  already known.
* Dates: ``YYYY-MM-DD`` or ``DD/MM/YYYY`` (day first, as Excel writes UK dates).
  Times: ``YYYY-MM-DD HH:MM`` or ``DD/MM/YYYY HH:MM`` (``T`` also accepted), in
  the service's time zone unless an offset is given. A review needs a time.
* Re-import: the child's name, dob, entered_care and workers are updated from
  the file. An empty ``social_worker_ref`` or ``carer_ref`` cell removes that
  link (the file is the current allocation: a carer who no longer looks after
  the child stops seeing their answers); an empty dob or entered_care cell
  keeps what is stored. ``locale`` is used for new children only: after that
  the child chooses their own language in the bot. A changed IRO also chairs
  the child's upcoming reviews.
* Reviews: a new ``next_review_at`` schedules a review (opening the child's My
  Review, as ``myreview reviews add`` does); a changed one moves the child's
  next upcoming review. An empty cell changes nothing: import never cancels.
* Encoding: UTF-8, with or without a byte order mark (Excel's "CSV UTF-8").
  Comma-separated, quoted as Excel does; semicolons also work. Row numbers
  are a spreadsheet's: the header is row 1. Empty rows are skipped.
* Invites are not issued by import: give each person theirs with
  ``myreview people invite ID``.

The rules of :func:`bot.people.add_person`, :func:`bot.reviews.add_review` and
:func:`bot.reviews.move_review` apply, because the import calls them.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from bot.calendar.planner import replan_reviews_of
from bot.calendar.reviews import ACTIVE, add_review, move_review
from bot.people.records import MAX_NAME, add_person
from bot.platform.errors import UserError
from messages import languages
from messages import operator as words
from messages.clean import clean
from messages.render import LONDON
from models import Person, Review

__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "Change",
    "ImportReport",
    "RowError",
    "import_csv",
]

REQUIRED_COLUMNS = ("child_ref", "child_name", "iro_ref")
COLUMNS = (
    "child_ref",
    "child_name",
    "dob",
    "entered_care",
    "locale",
    "iro_ref",
    "iro_name",
    "social_worker_ref",
    "social_worker_name",
    "carer_ref",
    "carer_name",
    "next_review_at",
)
MAX_REF = 64
#: Reviews are at most 6 months apart: a date further off than this is a typo.
FURTHEST_REVIEW = timedelta(days=366)
WORKER_ROLES = ("iro", "social_worker", "carer")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
_TIME_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S")
_QUERY_CHUNK = 500
# A child's changes after which their reviews' reminders are planned again.
_REPLAN_WHEN = frozenset({"iro_id", "social_worker_id", "carer_id", "dob"})


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem. ``row`` is the spreadsheet row (header = 1); None for the whole file."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [words.IMPORT_ROW.format(row=self.row)] if self.row is not None else []
        if self.column:
            where.append(self.column)
        if not where:
            return self.message
        return words.IMPORT_ERROR.format(where=", ".join(where), message=self.message)

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True, slots=True)
class Change:
    """One thing the import did (or, in a dry run, would do).

    ``kind`` is child, iro, social_worker, carer or review; ``action`` is
    created, updated, added (a review) or moved (a review). ``id`` is the
    person's or review's id (None for a new one in a dry run).
    """

    row: int
    kind: str
    action: str
    ref: str | None
    id: int | None
    fields: tuple[str, ...] = ()

    def __str__(self) -> str:
        name = words.IMPORT_CHANGE_REF.format(ref=self.ref) if self.ref else ""
        ident = words.IMPORT_CHANGE_ID.format(id=self.id) if self.id is not None else ""
        changed = (
            words.IMPORT_CHANGE_FIELDS.format(fields=", ".join(self.fields)) if self.fields else ""
        )
        return words.IMPORT_CHANGE.format(
            row=self.row,
            what=self.kind.replace("_", " "),
            ref=name,
            id=ident,
            action=self.action,
            fields=changed,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "kind": self.kind,
            "action": self.action,
            "ref": self.ref,
            "id": self.id,
            "fields": list(self.fields),
        }


@dataclass
class ImportReport:
    """What an import found, and what it did (nothing, if there are errors)."""

    dry_run: bool
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def counts(self) -> dict[str, int]:
        def count(kinds: Iterable[str], action: str) -> int:
            return sum(1 for c in self.changes if c.kind in kinds and c.action == action)

        return {
            "children_created": count(["child"], "created"),
            "children_updated": count(["child"], "updated"),
            "children_unchanged": self.unchanged,
            "workers_created": count(WORKER_ROLES, "created"),
            "workers_updated": count(WORKER_ROLES, "updated"),
            "reviews_added": count(["review"], "added"),
            "reviews_moved": count(["review"], "moved"),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "ok": self.ok,
            "written": self.written,
            "rows": self.rows,
            "counts": self.counts(),
            "changes": [c.as_dict() for c in self.changes],
            "errors": [e.as_dict() for e in self.errors],
        }

    def error(self, row: int | None, column: str | None, message: str) -> None:
        self.errors.append(RowError(row, column, message))


# --------------------------------------------------------------------------
# Reading the file
# --------------------------------------------------------------------------


@dataclass
class _Worker:
    role: str
    ref: str
    name: str | None
    row: int


@dataclass
class _Row:
    """One child's row. A row with an error is kept (its fields that could be read),
    so that checks across rows still see it; nothing is written then."""

    number: int
    child_ref: str | None
    child_name: str | None
    dob: date | None
    entered_care: date | None
    locale: str | None
    workers: dict[str, _Worker | None]
    next_review_at: datetime | None
    # Roles whose columns the file does not have: their links are left alone.
    absent_roles: tuple[str, ...] = ()


def _decode(source: str | bytes | os.PathLike[str], report: ImportReport) -> str | None:
    if isinstance(source, os.PathLike):
        try:
            source = Path(source).read_bytes()
        except OSError as exc:
            report.error(
                None,
                None,
                words.IMPORT_CANNOT_READ.format(path=os.fspath(source), reason=exc.strerror),
            )
            return None
    if isinstance(source, bytes):
        try:
            return source.decode("utf-8-sig")
        except UnicodeDecodeError:
            report.error(None, None, words.IMPORT_NOT_UTF8)
            return None
    return source.removeprefix("\ufeff")


def _header_name(cell: str) -> str:
    return "_".join(cell.strip().lower().replace("-", " ").split())


def _records(text: str, report: ImportReport) -> list[list[str]] | None:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        report.error(None, None, words.IMPORT_NOT_CSV.format(reason=exc))
        return None


def _read_rows(text: str, report: ImportReport, now: datetime, zone: ZoneInfo) -> list[_Row]:
    records = _records(text, report)
    if not records:
        if records is not None:
            report.error(None, None, words.IMPORT_EMPTY)
        return []
    header = [_header_name(cell) for cell in records[0]]
    columns = _check_header(header, report)
    if report.errors:
        return []
    absent = tuple(role for role in ("social_worker", "carer") if f"{role}_ref" not in columns)
    rows: list[_Row] = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        report.rows += 1
        if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
            too_many = words.IMPORT_TOO_MANY_CELLS.format(cells=len(record), columns=len(header))
            report.error(number, None, too_many)
            continue
        cells = {
            name: (record[i].strip() if i < len(record) else "") for i, name in enumerate(header)
        }
        row = _read_row(number, cells, report, now, zone)
        row.absent_roles = absent
        rows.append(row)
    if report.rows == 0 and not report.errors:
        report.error(None, None, words.IMPORT_NO_CHILDREN)
    return rows


def _check_header(header: Sequence[str], report: ImportReport) -> frozenset[str]:
    seen: set[str] = set()
    for name in header:
        if not name:
            report.error(1, None, words.IMPORT_COLUMN_UNNAMED)
        elif name not in COLUMNS:
            report.error(1, name, words.IMPORT_COLUMN_UNKNOWN.format(columns=", ".join(COLUMNS)))
        elif name in seen:
            report.error(1, name, words.IMPORT_COLUMN_TWICE)
        seen.add(name)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            report.error(1, name, words.IMPORT_COLUMN_NEEDED)
    return frozenset(seen)


def _read_row(
    number: int, cells: Mapping[str, str], report: ImportReport, now: datetime, zone: ZoneInfo
) -> _Row:
    def fail(column: str, message: str) -> None:
        report.error(number, column, message)

    child_ref = _ref(cells, "child_ref", fail, needed=words.IMPORT_CHILD_REF_NEEDED)
    child_name = _name(cells, "child_name", fail, needed=True)
    dob = _date(cells, "dob", fail)
    if dob is not None and dob > now.date():
        fail("dob", words.IMPORT_DOB_IN_FUTURE)
    entered_care = _date(cells, "entered_care", fail)
    if entered_care is not None:
        if entered_care > now.date():
            fail("entered_care", words.IMPORT_DATE_IN_FUTURE)
        elif dob is not None and entered_care < dob:
            fail("entered_care", words.IMPORT_BEFORE_DOB)
    locale = cells.get("locale") or None
    if locale is not None and not languages.is_supported(locale):
        supported = languages.supported_list()
        fail("locale", words.IMPORT_UNKNOWN_LOCALE.format(locale=locale, supported=supported))

    workers: dict[str, _Worker | None] = {}
    for role in WORKER_ROLES:
        ref_column, name_column = f"{role}_ref", f"{role}_name"
        needed = words.IMPORT_IRO_NEEDED if role == "iro" else None
        ref = _ref(cells, ref_column, fail, needed=needed)
        name = _name(cells, name_column, fail, needed=False)
        if ref is None and name:
            fail(
                ref_column,
                words.IMPORT_REF_NEEDED_WITH_NAME.format(
                    ref_column=ref_column, name_column=name_column
                ),
            )
        workers[role] = _Worker(role, ref, name, number) if ref else None

    next_review_at = _moment(cells, "next_review_at", fail, zone)
    if next_review_at is not None:
        if next_review_at <= now:
            fail("next_review_at", words.IMPORT_REVIEW_IN_PAST)
        elif next_review_at - now > FURTHEST_REVIEW:
            fail("next_review_at", words.IMPORT_REVIEW_TOO_FAR)
    return _Row(number, child_ref, child_name, dob, entered_care, locale, workers, next_review_at)


_Fail = Callable[[str, str], None]


def _ref(cells: Mapping[str, str], column: str, fail: _Fail, *, needed: str | None) -> str | None:
    value = cells.get(column, "")
    if not value:
        if needed:
            fail(column, needed)
        return None
    if len(value) > MAX_REF:
        fail(column, words.IMPORT_REF_TOO_LONG.format(limit=MAX_REF))
        return None
    return value


def _name(cells: Mapping[str, str], column: str, fail: _Fail, *, needed: bool) -> str | None:
    value = " ".join(clean(cells.get(column, "")).split())
    if not value:
        if needed:
            fail(column, words.IMPORT_NAME_NEEDED)
        return None
    if len(value) > MAX_NAME:
        fail(column, words.IMPORT_NAME_TOO_LONG.format(limit=MAX_NAME))
        return None
    return value


def _date(cells: Mapping[str, str], column: str, fail: _Fail) -> date | None:
    value = cells.get(column, "")
    if not value:
        return None
    parsed = _parse_date(value)
    if parsed is None:
        fail(column, words.IMPORT_BAD_DATE.format(value=value))
    elif parsed.year < 1900:
        fail(column, words.IMPORT_BAD_YEAR.format(value=value))
        return None
    return parsed


def _parse_date(value: str) -> date | None:
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _moment(cells: Mapping[str, str], column: str, fail: _Fail, zone: ZoneInfo) -> datetime | None:
    value = cells.get(column, "")
    if not value:
        return None
    if _parse_date(value) is not None:
        fail(column, words.IMPORT_NO_TIME.format(value=value))
        return None
    moment: datetime | None = None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        for pattern in _TIME_FORMATS:
            try:
                moment = datetime.strptime(value, pattern)
                break
            except ValueError:
                continue
    if moment is None:
        fail(column, words.IMPORT_BAD_MOMENT.format(value=value))
        return None
    if moment.year < 1900:
        fail(column, words.IMPORT_BAD_YEAR.format(value=value))
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _check_across_rows(rows: Sequence[_Row], report: ImportReport) -> dict[str, _Worker]:
    """Duplicate children, a worker named two ways, a ref used for two people."""
    children: dict[str, int] = {}
    workers: dict[str, _Worker] = {}
    for row in rows:
        first = children.get(row.child_ref) if row.child_ref else None
        if first is not None:
            report.error(
                row.number,
                "child_ref",
                words.IMPORT_CHILD_TWICE.format(ref=row.child_ref, row=first),
            )
        elif row.child_ref:
            children[row.child_ref] = row.number
        for worker in row.workers.values():
            if worker is None:
                continue
            column = f"{worker.role}_ref"
            known = workers.get(worker.ref)
            if known is None:
                workers[worker.ref] = _Worker(worker.role, worker.ref, worker.name, row.number)
            elif known.role != worker.role:
                report.error(
                    row.number,
                    column,
                    words.IMPORT_REF_IS_ROLE.format(
                        ref=worker.ref, role=words.IMPORT_ROLE_WORDS[known.role], row=known.row
                    ),
                )
            elif worker.name and known.name and worker.name != known.name:
                report.error(
                    row.number,
                    f"{worker.role}_name",
                    words.IMPORT_NAME_DIFFERS.format(
                        name=worker.name,
                        known=known.name,
                        row=known.row,
                        column=column,
                        ref=worker.ref,
                    ),
                )
            elif worker.name and not known.name:
                known.name = worker.name
    for row in rows:
        if row.child_ref is not None and row.child_ref in workers:
            worker = workers[row.child_ref]
            report.error(
                row.number,
                "child_ref",
                words.IMPORT_CHILD_REF_IS_WORKER.format(
                    ref=row.child_ref, role=words.IMPORT_ROLE_WORDS[worker.role], row=worker.row
                ),
            )
    return workers


# --------------------------------------------------------------------------
# Checking against the database
# --------------------------------------------------------------------------


def _existing(session: Session, refs: Sequence[str]) -> dict[str, Person]:
    found: dict[str, Person] = {}
    for at in range(0, len(refs), _QUERY_CHUNK):
        chunk = refs[at : at + _QUERY_CHUNK]
        for person in session.exec(select(Person).where(col(Person.external_ref).in_(chunk))):
            found[person.external_ref] = person  # type: ignore[index]
    return found


def _check_existing(
    rows: Sequence[_Row],
    workers: Mapping[str, _Worker],
    existing: Mapping[str, Person],
    report: ImportReport,
) -> None:
    for row in rows:
        person = existing.get(row.child_ref) if row.child_ref else None
        if person is None:
            continue
        if person.role != "child":
            report.error(
                row.number,
                "child_ref",
                words.IMPORT_NOT_A_CHILD.format(
                    ref=row.child_ref, id=person.id, role=words.IMPORT_ROLE_WORDS[person.role]
                ),
            )
        elif not person.active:
            report.error(
                row.number, "child_ref", words.IMPORT_CHILD_DEACTIVATED.format(id=person.id)
            )
    for worker in workers.values():
        person = existing.get(worker.ref)
        column = f"{worker.role}_ref"
        if person is None:
            if not worker.name:
                report.error(
                    worker.row,
                    f"{worker.role}_name",
                    words.IMPORT_WORKER_NAME_NEEDED.format(ref=worker.ref),
                )
            continue
        if person.role != worker.role:
            report.error(
                worker.row,
                column,
                words.IMPORT_WRONG_ROLE.format(
                    ref=worker.ref,
                    id=person.id,
                    role=words.IMPORT_ROLE_WORDS[person.role],
                    wanted=words.IMPORT_ROLE_WORDS[worker.role],
                ),
            )
        elif not person.active:
            report.error(worker.row, column, words.IMPORT_PERSON_DEACTIVATED.format(id=person.id))


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def _write(
    session: Session,
    now: datetime,
    rows: Sequence[_Row],
    workers: Mapping[str, _Worker],
    existing: dict[str, Person],
    report: ImportReport,
    zone: ZoneInfo,
) -> None:
    people: dict[str, Person] = dict(existing)
    for worker in workers.values():
        try:
            _write_worker(session, now, worker, people, report)
        except UserError as exc:
            report.error(worker.row, f"{worker.role}_ref", str(exc))
    if report.errors:
        return
    for row in rows:
        try:
            child = _write_child(session, now, row, people, report, zone)
            _write_review(session, now, row, child, report, zone)
        except UserError as exc:
            report.error(row.number, None, str(exc))


def _write_worker(
    session: Session,
    now: datetime,
    worker: _Worker,
    people: dict[str, Person],
    report: ImportReport,
) -> None:
    person = people.get(worker.ref)
    if person is None:
        assert worker.name is not None
        person = add_person(session, now, role=worker.role, name=worker.name)
        person.external_ref = worker.ref
        session.add(person)
        session.flush()
        people[worker.ref] = person
        report.changes.append(Change(worker.row, worker.role, "created", worker.ref, person.id))
    elif worker.name and worker.name != person.name:
        person.name = worker.name
        session.add(person)
        session.flush()
        report.changes.append(
            Change(worker.row, worker.role, "updated", worker.ref, person.id, ("name",))
        )


def _worker_id(row: _Row, role: str, people: Mapping[str, Person]) -> int | None:
    worker = row.workers[role]
    return people[worker.ref].id if worker else None


def _write_child(
    session: Session,
    now: datetime,
    row: _Row,
    people: dict[str, Person],
    report: ImportReport,
    zone: ZoneInfo,
) -> Person:
    assert row.child_ref is not None and row.child_name is not None  # no errors: all read
    iro_id = _worker_id(row, "iro", people)
    social_worker_id = _worker_id(row, "social_worker", people)
    carer_id = _worker_id(row, "carer", people)
    child = people.get(row.child_ref)
    if child is None:
        child = add_person(
            session,
            now,
            role="child",
            name=row.child_name,
            dob=row.dob,
            iro_id=iro_id,
            social_worker_id=social_worker_id,
            carer_id=carer_id,
            locale=row.locale or "en",
            entered_care=row.entered_care,
        )
        child.external_ref = row.child_ref
        session.add(child)
        session.flush()
        people[row.child_ref] = child
        report.changes.append(Change(row.number, "child", "created", row.child_ref, child.id))
        return child

    wanted: dict[str, Any] = {"name": row.child_name, "iro_id": iro_id}
    if row.dob is not None:
        wanted["dob"] = row.dob
    if row.entered_care is not None:
        wanted["entered_care"] = row.entered_care
    # An empty cell removes the link (see the module's docstring).
    wanted["social_worker_id"] = social_worker_id
    wanted["carer_id"] = carer_id
    for role in row.absent_roles:
        del wanted[f"{role}_id"]
    changed = [key for key, value in wanted.items() if getattr(child, key) != value]
    if not changed:
        report.unchanged += 1
        return child
    for key in changed:
        setattr(child, key, wanted[key])
    session.add(child)
    if "iro_id" in changed:
        _reassign_reviews(session, now, row, child, report)
    session.flush()
    if _REPLAN_WHEN.intersection(changed):
        # Who is reminded, and what the child is asked, follow the new facts.
        replan_reviews_of(session, now, child.id, zone)  # type: ignore[arg-type]
    fields = tuple(key.removesuffix("_id") for key in changed)
    report.changes.append(Change(row.number, "child", "updated", row.child_ref, child.id, fields))
    return child


def _reassign_reviews(
    session: Session, now: datetime, row: _Row, child: Person, report: ImportReport
) -> None:
    """The child's new IRO chairs their upcoming reviews."""
    upcoming = session.exec(
        select(Review)
        .where(Review.child_id == child.id)
        .where(Review.status == ACTIVE)
        .where(Review.scheduled_at > now)
    )
    for review in upcoming:
        review.iro_id = child.iro_id  # type: ignore[assignment]
        review.updated_at = now
        session.add(review)
        report.changes.append(Change(row.number, "review", "updated", None, review.id, ("iro",)))


def _write_review(
    session: Session, now: datetime, row: _Row, child: Person, report: ImportReport, zone: ZoneInfo
) -> None:
    if row.next_review_at is None:
        return
    upcoming = session.exec(
        select(Review)
        .where(Review.child_id == child.id)
        .where(Review.status == ACTIVE)
        .where(Review.scheduled_at > now)
        .order_by(col(Review.scheduled_at))
    ).first()
    if upcoming is None:
        review = add_review(session, now, child_id=child.id, at=row.next_review_at, zone=zone)  # type: ignore[arg-type]
        report.changes.append(Change(row.number, "review", "added", None, review.id))
    elif upcoming.scheduled_at != row.next_review_at:
        move_review(session, now, upcoming.id, row.next_review_at, zone)  # type: ignore[arg-type]
        report.changes.append(
            Change(row.number, "review", "moved", None, upcoming.id, ("scheduled_at",))
        )


# --------------------------------------------------------------------------
# The import
# --------------------------------------------------------------------------


def import_csv(
    session: Session,
    now: datetime,
    path_or_text: str | bytes | os.PathLike[str],
    *,
    dry_run: bool,
    zone: ZoneInfo = LONDON,
) -> ImportReport:
    """Import a caseload file: a path (``Path``), its bytes, or its text (``str``).

    Returns the report. If ``report.errors`` is not empty, or ``dry_run`` is
    set, nothing was written (the work is done inside a savepoint and rolled
    back); otherwise the changes are in ``session``, committed with it.
    """
    report = ImportReport(dry_run=dry_run)
    text = _decode(path_or_text, report)
    if text is None:
        return report
    # Every check runs on every row that could be read, so one pass reports all.
    rows = _read_rows(text, report, now, zone)
    workers = _check_across_rows(rows, report)
    refs = sorted({row.child_ref for row in rows if row.child_ref} | set(workers))
    existing = _existing(session, refs)
    _check_existing(rows, workers, existing, report)
    if report.errors:
        report.errors.sort(key=lambda e: e.row or 0)
        return report

    savepoint = session.begin_nested()
    try:
        _write(session, now, rows, workers, existing, report, zone)
    except SQLAlchemyError as exc:
        # Say which kind of error only: the database's message may hold names.
        savepoint.rollback()
        report.changes.clear()
        report.error(
            None,
            None,
            words.IMPORT_DATABASE_REFUSED.format(error=type(exc).__name__),
        )
        return report
    if report.errors or dry_run:
        savepoint.rollback()
        if report.errors:
            report.changes.clear()
            report.unchanged = 0
        else:  # a new person's or review's id was only provisional
            report.changes[:] = [
                Change(c.row, c.kind, c.action, c.ref, None, c.fields) if _is_new(c) else c
                for c in report.changes
            ]
    else:
        savepoint.commit()
    return report


def _is_new(change: Change) -> bool:
    return change.action in ("created", "added")
