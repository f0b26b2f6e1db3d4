"""``myreview stats --from DATE --to DATE [--json] [--charts DIR]``: the annual
report's figures for a period.

What each figure counts is in ``bot/workspace/stats.py``, which computes them
and words them (for ``/stats`` too); this module lays them out for a terminal
and writes the charts where asked.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import Subparsers, add_json_flag, emit, open_cli_runtime, parse_date

if TYPE_CHECKING:
    from bot.platform.settings import Settings
    from bot.workspace.stats import Figures
    from messages.render import Renderer


def plain_text(figures: Figures, render: Renderer) -> str:
    """The figures for a terminal: the title, then each section's lines indented."""
    from bot.workspace.stats import figures_title, sections

    blocks = [figures_title(figures, render)]
    for heading, lines in sections(figures, render):
        blocks.append("\n".join([heading, *(f"  {line}" for line in lines)]))
    return "\n\n".join(blocks)


def cmd_stats(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview stats --from DATE --to DATE [--json] [--charts DIR]``."""
    from bot.workspace.stats import compute, write_charts
    from messages.render import Renderer

    rt = open_cli_runtime(args, settings)
    render = Renderer("en", zone=settings.zone)
    with rt.session() as session:
        figures = compute(session, args.start, args.end, rt.clock.now(), settings.zone)
    payload = figures.as_json()
    human = plain_text(figures, render)
    if args.charts:
        written = write_charts(figures, Path(args.charts), render, args.council)
        payload["charts"] = [str(path) for path in written]
        human += "\n\n" + "\n".join(f"chart: {path}" for path in written)
    if args.report:
        from bot.workspace.annual_report import write_report

        report = write_report(figures, render, Path(args.report), args.council)
        payload["report"] = str(report)
        human += f"\n\nreport: {report}"
    emit(args, payload, human)


def add_commands(subparsers: Subparsers) -> None:
    """``stats``."""
    about = "the annual report's figures for a period: reviews, My Review, codes, reports"
    cmd = subparsers.add_parser("stats", help=about, description=about)
    cmd.set_defaults(handler=cmd_stats)
    cmd.add_argument("--from", dest="start", type=parse_date, required=True, metavar="DATE")
    cmd.add_argument("--to", dest="end", type=parse_date, required=True, metavar="DATE")
    cmd.add_argument("--charts", metavar="DIR", help="write PNG charts to this folder")
    cmd.add_argument("--council", metavar="NAME", help="the council's name, for the titles")
    cmd.add_argument(
        "--report", metavar="FILE.pdf", help="write the one-page IRO annual report figures"
    )
    add_json_flag(cmd)
