"""The "IRO annual report figures": one page, from the same numbers as ``myreview
stats`` (``bot.workspace.stats``), with its two charts. The tables the service's
own annual reports print: reviews held and in timescale, My Review returned, the
participation codes by year, reports shared on time, and the Language that Cares.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bot.workspace.export import FONTS_DIR
from bot.workspace.stats import (
    NOT_RECORDED,
    PARTICIPATION_CODES,
    Figures,
    period_in_words,
    sections,
    write_charts,
)
from messages import iro as words
from messages.render import Renderer


def write_report(
    figures: Figures, render: Renderer, path: Path, council: str | None = None
) -> Path:
    """Write the one-page PDF to ``path``."""
    from fpdf import FPDF

    t = render.translate
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.add_font("noto", "", str(FONTS_DIR / "NotoSans-Regular.ttf"))
    pdf.add_font("noto", "B", str(FONTS_DIR / "NotoSans-Bold.ttf"))
    pdf.set_margins(14, 12, 14)
    pdf.set_auto_page_break(False)
    pdf.set_title(t(words.ANNUAL_REPORT_TITLE))
    pdf.add_page()
    pdf.set_font("noto", "B", 15)
    pdf.cell(0, 8, t(words.ANNUAL_REPORT_TITLE), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("noto", "", 9.5)
    # The period in words, as the charts give it: the figures' own title starts with an
    # emoji that this page has no font for.
    subtitle = " · ".join(filter(None, [council, period_in_words(figures, render)]))
    pdf.cell(0, 6, subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    # Every section but the codes as a few lines, in two columns; the codes as a table.
    found = sections(figures, render)
    codes_heading = t(words.STATS_CODES_HEADING)
    others = [(heading, lines) for heading, lines in found if heading != codes_heading]
    top = bottom = pdf.get_y()
    half = (pdf.epw - 6) / 2
    for column, part in enumerate(
        (others[: (len(others) + 1) // 2], others[(len(others) + 1) // 2 :])
    ):
        pdf.set_xy(pdf.l_margin + column * (half + 6), top)
        for heading, lines in part:
            x = pdf.l_margin + column * (half + 6)
            pdf.set_x(x)
            pdf.set_font("noto", "B", 8.5)
            pdf.multi_cell(half, 4.2, heading, new_x="LEFT", new_y="NEXT")
            pdf.set_font("noto", "", 7.8)
            for line in lines:
                pdf.set_x(x)
                pdf.multi_cell(half, 3.7, line, new_x="LEFT", new_y="NEXT")
            pdf.ln(1.2)
        if column == 0:
            bottom = pdf.get_y()
    pdf.set_y(max(bottom, pdf.get_y()) + 1)

    pdf.set_font("noto", "B", 8.5)
    pdf.cell(0, 5, codes_heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("noto", "", 7.8)
    with pdf.table(
        col_widths=(14, 60, *([22] * len(figures.years))),
        text_align=("LEFT", "LEFT", *(["RIGHT"] * len(figures.years))),
        line_height=4.2,
        first_row_as_headings=True,
    ) as table:
        table.row(["", "", *figures.years])
        for code in (*PARTICIPATION_CODES, NOT_RECORDED):
            meaning = words.PARTICIPATION_SHORT.get(code, words.STATS_NO_CODE)
            table.row([code if code != NOT_RECORDED else "", t(meaning),
                       *(str(n) for n in figures.codes[code])])  # fmt: skip
    pdf.ln(2)

    with tempfile.TemporaryDirectory() as folder:
        charts = write_charts(figures, Path(folder), render, council)
        width = (pdf.epw - 4) / 2
        y = pdf.get_y()
        for index, chart in enumerate(charts):
            pdf.image(str(chart), x=pdf.l_margin + index * (width + 4), y=y, w=width)
    path.write_bytes(bytes(pdf.output()))
    return path
