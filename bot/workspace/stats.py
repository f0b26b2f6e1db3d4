"""The figures an IRO service's annual report needs, from the product's own rows.

``myreview stats --from DATE --to DATE [--json] [--charts DIR]`` (``bot/cli/stats.py``)
and, for managers, ``/stats`` (the current financial year, from 1 April to today).

What each figure counts (dates are Europe/London calendar dates, both ends of
the period included):

* **Reviews held**: reviews recorded as held whose held date is in the period.
  *Within timescale* (regulation 33, ``bot.timescales``): from the child's
  entered-care date and their earlier held reviews; a child with no
  entered-care date (or a history the rules cannot read) is *not checked*.
* **My Review**: reviews (not cancelled) whose meeting is in the period.
  *Opened*: a My Review was opened for the child (every child 4 and over);
  *started*: the child opened it; *sent*: "booklets returned".
* **Participation codes**: held reviews by held date, in the financial year
  (April to March) that holds the period's last day and the year before, as
  the annual reports show them, PN0-PN7 and "no code recorded".
* **Reports**: reviews (not cancelled) whose meeting is in the period and whose
  report was due (3 working days before) before the day the figures are made,
  or was shared. *On time*: shared by the end of its due day. *Mean working
  days late*: over the reports shared late, ``bot.workdays.working_days_between``
  the due day and the day shared. *By month*: of the meeting.
* **Language that Cares**: children with a review (not cancelled) in the
  period, and how many of them have chosen at least one word of their own.
* **Feedback**: for reviews held in the period, per question set, how many were
  asked and answered, and the answers to each question.

``--charts DIR`` writes ``participation-codes.png`` and ``reports-on-time.png``
(matplotlib, with the Agg backend: no display needed).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.calendar import deadlines as timing
from bot.calendar.timescales import is_in_timescale
from bot.calendar.workdays import local_date, working_days_between
from bot.platform.errors import UserError
from bot.workspace import feedback
from messages import iro as words
from messages import layout
from messages.questions import default_words
from messages.render import Renderer, pack
from models import ChildWord, Consultation, Person, Review
from models.workspace import PARTICIPATION_CODES

NOT_RECORDED = "none"


@dataclass
class HeldFigures:
    held: int = 0
    in_timescale: int = 0
    out_of_timescale: int = 0
    not_checked: int = 0


@dataclass
class ConsultationFigures:
    opened: int = 0
    started: int = 0
    sent: int = 0
    under_4: int = 0


@dataclass
class ReportFigures:
    due: int = 0
    on_time: int = 0
    late: int = 0
    not_shared: int = 0
    mean_working_days_late: float | None = None
    by_month: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class Figures:
    start: date
    end: date
    held: HeldFigures
    consultations: ConsultationFigures
    years: list[str]
    codes: dict[str, list[int]]
    reports: ReportFigures
    children: int
    children_with_words: int
    feedback: dict[str, feedback.SetResult]

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "reviews_held": asdict(self.held),
            "consultations": asdict(self.consultations),
            # One object per code and year, for a spreadsheet or a chart of one's own.
            "participation": [
                {
                    "code": code,
                    "meaning": words.PARTICIPATION_SHORT.get(code, words.STATS_NO_CODE),
                    "year": year,
                    "reviews": counts[index],
                }
                for code, counts in self.codes.items()
                for index, year in enumerate(self.years)
            ],
            "reports": asdict(self.reports),
            "language_that_cares": {
                "children": self.children,
                "with_words": self.children_with_words,
            },
            "feedback": {
                name: {
                    "asked": result.asked,
                    "responded": result.responded,
                    "questions": {
                        q.key: {
                            "answers": q.answers,
                            "skipped": q.skipped,
                            "mean": q.mean,
                        }
                        for q in result.questions
                    },
                }
                for name, result in self.feedback.items()
            },
        }


# --- financial years ------------------------------------------------------------------


def financial_year_start(day: date) -> date:
    """1 April of the financial year that holds ``day``."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def financial_year_label(start: date) -> str:
    """ "2026/27" for the year from 1 April 2026."""
    return f"{start.year}/{(start.year + 1) % 100:02d}"


def current_year(now: datetime, zone: ZoneInfo) -> tuple[date, date]:
    """From 1 April to today: ``/stats``."""
    today = local_date(now, zone)
    return financial_year_start(today), today


# --- computing ------------------------------------------------------------------------


def _held_day(review: Review, zone: ZoneInfo) -> date:
    return local_date(review.held_at or review.scheduled_at, zone)


def _timescale(
    review: Review, child: Person, history: dict[int, list[date]], zone: ZoneInfo
) -> bool | None:
    if child.entered_care is None:
        return None
    day = _held_day(review, zone)
    earlier = [d for d in history.get(child.id or 0, []) if d < day]
    if timing.history_unknown(child.entered_care, earlier, local_date(review.created_at, zone)):
        return None
    try:
        return is_in_timescale(day, child.entered_care, earlier)
    except ValueError:
        return None


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else words.STATS_NONE


def compute(session: Session, start: date, end: date, now: datetime, zone: ZoneInfo) -> Figures:
    """Every figure for the period ``start``-``end`` (inclusive), as of ``now``."""
    if end < start:
        raise UserError("--to is before --from")
    today = local_date(now, zone)
    this_fy = financial_year_start(end)
    previous_fy = date(this_fy.year - 1, 4, 1)
    earliest = min(start, previous_fy)
    rows = list(
        session.exec(
            select(Review, Person, Consultation)
            .join(Person, col(Person.id) == Review.child_id)
            .join(Consultation, col(Consultation.review_id) == Review.id, isouter=True)
            .where(Review.status != timing.CANCELLED)
        )
    )
    held_history: dict[int, list[date]] = {}
    for review, child, _ in rows:
        if review.status == timing.HELD:
            held_history.setdefault(child.id or 0, []).append(_held_day(review, zone))

    held = HeldFigures()
    held_ids: list[int] = []
    years = [financial_year_label(previous_fy), financial_year_label(this_fy)]
    codes = {code: [0, 0] for code in (*PARTICIPATION_CODES, NOT_RECORDED)}
    consultations = ConsultationFigures()
    reports = ReportFigures()
    late_days: list[int] = []
    children: set[int] = set()
    for review, child, consultation in rows:
        meeting = local_date(review.scheduled_at, zone)
        if review.status == timing.HELD:
            day = _held_day(review, zone)
            if earliest <= day <= end:
                column = 1 if day >= this_fy else 0 if day >= previous_fy else None
                if column is not None:
                    codes[review.participation_code or NOT_RECORDED][column] += 1
            if start <= day <= end:
                held.held += 1
                held_ids.append(review.id or 0)
                verdict = _timescale(review, child, held_history, zone)
                if verdict is None:
                    held.not_checked += 1
                elif verdict:
                    held.in_timescale += 1
                else:
                    held.out_of_timescale += 1
        if not start <= meeting <= end:
            continue
        children.add(child.id or 0)
        if consultation is not None:
            if consultation.status == "not_applicable":
                consultations.under_4 += 1
            else:
                consultations.opened += 1
                consultations.started += consultation.started_at is not None
                consultations.sent += consultation.status == "sent"
        state, due = timing.report_state(review, now, zone)
        if state == timing.NOT_YET or (state == timing.LATE and due >= today):
            continue
        month = reports.by_month.setdefault(
            meeting.strftime("%Y-%m"), {"on_time": 0, "late": 0, "not_shared": 0}
        )
        reports.due += 1
        if state == timing.SHARED_ON_TIME:
            reports.on_time += 1
            month["on_time"] += 1
        elif state == timing.SHARED_LATE:
            reports.late += 1
            month["late"] += 1
            shared = local_date(review.report_shared_at, zone)  # type: ignore[arg-type]
            late_days.append(working_days_between(due, shared))
        else:
            reports.not_shared += 1
            month["not_shared"] += 1
    if late_days:
        reports.mean_working_days_late = round(sum(late_days) / len(late_days), 2)
    reports.by_month = dict(sorted(reports.by_month.items()))
    with_words = set()
    if children:
        with_words = set(
            session.exec(
                select(ChildWord.child_id).where(col(ChildWord.child_id).in_(sorted(children)))
            )
        )
    return Figures(
        start=start,
        end=end,
        held=held,
        consultations=consultations,
        years=years,
        codes=codes,
        reports=reports,
        children=len(children),
        children_with_words=len(with_words),
        feedback=feedback.results(session, held_ids),
    )


# --- words ----------------------------------------------------------------------------------


def sections(figures: Figures, render: Renderer) -> list[tuple[str, list[str]]]:
    """(heading, lines), plain text, in the reader's language."""
    t = render.translate
    h, c, r = figures.held, figures.consultations, figures.reports
    checked = h.in_timescale + h.out_of_timescale
    none = t(words.STATS_NONE)
    out: list[tuple[str, list[str]]] = [
        (
            t(words.STATS_HELD_HEADING),
            [
                t(words.STATS_HELD).format(held=h.held),
                t(words.STATS_IN_TIMESCALE).format(
                    count=h.in_timescale, checked=checked, percent=_percent(h.in_timescale, checked)
                ),
                t(words.STATS_OUT_OF_TIMESCALE).format(count=h.out_of_timescale),
                t(words.STATS_TIMESCALE_UNKNOWN).format(count=h.not_checked),
            ],
        ),
        (
            t(words.STATS_MY_REVIEW_HEADING),
            [
                t(words.STATS_OPENED).format(count=c.opened),
                t(words.STATS_STARTED).format(count=c.started),
                t(words.STATS_SENT).format(count=c.sent, percent=_percent(c.sent, c.opened)),
                t(words.STATS_UNDER_FOUR).format(count=c.under_4),
            ],
        ),
    ]
    # A table that lines up: every label as wide as the widest, every count right-aligned.
    labels = [
        t(words.STATS_CODES_ROW).format(code=code, meaning=t(words.PARTICIPATION_SHORT[code]))
        for code in PARTICIPATION_CODES
    ] + [t(words.STATS_CODES_NOT_RECORDED)]
    width = max(len(label) for label in labels)
    column = max(7, *(len(year) for year in figures.years))
    code_lines = [" " * width + "".join(f"  {year:>{column}}" for year in figures.years)]
    for label, code in zip(labels, [*PARTICIPATION_CODES, NOT_RECORDED], strict=True):
        counts = "".join(f"  {n:>{column}}" for n in figures.codes[code])
        code_lines.append(f"{label:<{width}}{counts}")
    out.append((t(words.STATS_CODES_HEADING), code_lines))
    mean = none if r.mean_working_days_late is None else f"{r.mean_working_days_late:g}"
    out.append(
        (
            t(words.STATS_REPORTS_HEADING),
            [
                t(words.STATS_REPORTS_DUE).format(count=r.due),
                t(words.STATS_REPORTS_ON_TIME).format(
                    count=r.on_time, percent=_percent(r.on_time, r.due)
                ),
                t(words.STATS_REPORTS_LATE).format(count=r.late, mean=mean),
                t(words.STATS_REPORTS_NOT_SHARED).format(count=r.not_shared),
            ],
        )
    )
    out.append(
        (
            t(words.STATS_WORDS_HEADING),
            [
                t(words.STATS_WORDS).format(
                    count=figures.children_with_words,
                    children=figures.children,
                    percent=_percent(figures.children_with_words, figures.children),
                )
            ],
        )
    )
    placeholders = {**default_words(), "child": "the child", "iro": "the IRO"}
    feedback_lines = []
    for name, result in figures.feedback.items():
        title = t(words.STATS_FEEDBACK_SETS[name])
        feedback_lines.append(
            t(words.STATS_FEEDBACK_SET).format(
                set=title, responded=result.responded, asked=result.asked
            )
        )
        for question in result.questions:
            asked = t(question.text).format_map(placeholders)
            parts = [
                f"{t(question.labels.get(value, value))} {count}"
                for value, count in question.answers.items()
            ]
            if question.mean is not None:
                parts.insert(0, t(words.STATS_FEEDBACK_MEAN).format(mean=f"{question.mean:g}"))
            if question.skipped:
                parts.append(t(words.STATS_FEEDBACK_SKIPPED).format(count=question.skipped))
            answers = " · ".join(parts)
            feedback_lines.append(
                "  " + t(words.STATS_FEEDBACK_QUESTION).format(question=asked, answers=answers)
            )
    out.append((t(words.STATS_FEEDBACK_HEADING), feedback_lines))
    return out


def figures_title(figures: Figures, render: Renderer) -> str:
    """The figures' first line ("📊 My Review figures, START to END"), wherever shown."""
    return render.translate(words.STATS_TITLE).format(
        start=figures.start.isoformat(), end=figures.end.isoformat()
    )


def telegram_text(figures: Figures, render: Renderer) -> list[str]:
    """For ``/stats``: the same figures as Telegram HTML messages."""
    blocks = [render.markup(layout.BOLD, text=figures_title(figures, render))]
    for heading, lines in sections(figures, render):
        table = "\n".join(lines)
        blocks.append(render.markup(layout.TABLE, heading=heading, table=table))
    return pack(blocks)


# --- charts -----------------------------------------------------------------------------


# Distinct in colour, and apart in greyscale too (dark, light, mid), with hatching, so a
# printed annual report still tells the series apart.
CHART_STYLES = (
    {"color": "#1f4e79", "hatch": ""},
    {"color": "#f2b134", "hatch": "//"},
    {"color": "#8c8c8c", "hatch": ".."},
)


def period_in_words(figures: Figures, render: Renderer) -> str:
    """ "1 April 2025 to 31 March 2026": the period, as a chart or a printed page says it."""
    return render.translate(words.STATS_CHART_PERIOD).format(
        start=figures.start.strftime("%-d %B %Y"), end=figures.end.strftime("%-d %B %Y")
    )


@dataclass
class Chart:
    """One chart, drawn and not yet saved: a matplotlib figure and its one plot."""

    name: str
    figure: Any
    axes: Any


def _title(msgid: str, render: Renderer, council: str | None, period: str) -> str:
    return "\n".join(
        filter(None, [render.translate(msgid), " · ".join(filter(None, [council, period]))])
    )


def draw_charts(figures: Figures, render: Renderer, council: str | None = None) -> list[Chart]:
    """The two charts of an annual report: participation codes by financial year, and
    reports on time by month. Whole-number axes, a legend beside the plot (never over a
    bar), what they cover (and the council, when given) in the title, no empty series,
    and "no data for this period" when there is nothing to draw, never an empty plot."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator

    t = render.translate
    drawn_charts = []

    def finish(figure: Any, axes: Any, name: str, title: str, drawn: bool) -> None:
        axes.set_title(title)
        if drawn:
            axes.yaxis.set_major_locator(MaxNLocator(integer=True))
            axes.set_ylabel(t(words.STATS_CHART_REVIEWS))
            axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)
        else:
            axes.set_axis_off()
            axes.text(0.5, 0.5, t(words.STATS_CHART_NO_DATA), ha="center", va="center",
                      fontsize=14, transform=axes.transAxes)  # fmt: skip
        figure.tight_layout()
        drawn_charts.append(Chart(name, figure, axes))

    period = period_in_words(figures, render)

    labels = list(PARTICIPATION_CODES)
    years = [
        (index, year)
        for index, year in enumerate(figures.years)
        if any(figures.codes[code][index] for code in labels)
    ]
    figure, axes = plt.subplots(figsize=(8, 4.5))
    width = 0.8 / max(len(years), 1)
    for slot, (index, year) in enumerate(years):
        values = [figures.codes[code][index] for code in labels]
        positions = [i + (slot - (len(years) - 1) / 2) * width for i in range(len(labels))]
        style = CHART_STYLES[slot % len(CHART_STYLES)]
        axes.bar(positions, values, width, label=year, edgecolor="black", linewidth=0.5, **style)
    if years:
        axes.set_xticks(range(len(labels)), labels)
    # The codes are counted by financial year, this one and the last: say which.
    shown = ", ".join(year for _, year in years) or period
    title = _title(words.STATS_CHART_CODES, render, council, shown)
    finish(figure, axes, "participation-codes.png", title, bool(years))

    months = list(figures.reports.by_month)
    series = [
        (key, msgid)
        for key, msgid in (
            ("on_time", words.STATS_CHART_ON_TIME),
            ("late", words.STATS_CHART_LATE),
            ("not_shared", words.STATS_CHART_NOT_SHARED),
        )
        if any(figures.reports.by_month[m][key] for m in months)
    ]
    figure, axes = plt.subplots(figsize=(8, 4.5))
    bottom = [0] * len(months)
    for slot, (key, msgid) in enumerate(series):
        values = [figures.reports.by_month[m][key] for m in months]
        style = CHART_STYLES[slot % len(CHART_STYLES)]
        axes.bar(months, values, bottom=bottom, label=t(msgid), edgecolor="black",
                 linewidth=0.5, **style)  # fmt: skip
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    if series:
        axes.tick_params(axis="x", labelrotation=45)
    title = _title(words.STATS_CHART_REPORTS, render, council, period)
    finish(figure, axes, "reports-on-time.png", title, bool(series))
    for chart in drawn_charts:
        plt.close(chart.figure)  # pyplot forgets them; each Chart keeps its figure
    return drawn_charts


def write_charts(
    figures: Figures, folder: Path, render: Renderer, council: str | None = None
) -> list[Path]:
    """The two charts (``draw_charts``) as PNG files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for chart in draw_charts(figures, render, council):
        path = folder / chart.name
        chart.figure.savefig(path, dpi=120)
        written.append(path)
    return written
