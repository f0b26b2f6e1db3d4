"""What staff print and file, drawn as a reader sees it: each chart and a page of the
export rendered to PNG and checked for content (kept under the test's folder)."""

from __future__ import annotations

import io
from datetime import date

import pypdfium2
from PIL import Image, ImageStat
from pypdf import PdfReader

from bot.workspace.annual_report import write_report
from bot.workspace.stats import Chart, compute, draw_charts, write_charts
from messages.render import Renderer
from tests.journeys.test_export import export_as
from tests.journeys.test_export import sent as sent
from tests.stats_year import END, NOW, START, seed


def ink(image: Image.Image) -> float:
    """How much of the picture is not blank: the spread of its grey levels."""
    return ImageStat.Stat(image.convert("L")).stddev[0]


def test_the_charts_have_whole_number_axes_a_legend_and_the_period(rt, tmp_path):
    seed(rt)
    with rt.session() as session:
        figures = compute(session, START, END, NOW, rt.settings.zone)
    written = write_charts(figures, tmp_path, Renderer("en"), council="Example Council")
    assert [p.name for p in written] == ["participation-codes.png", "reports-on-time.png"]
    for path in written:
        image = Image.open(path)
        assert image.size == (960, 540) and ink(image) > 20, path
        # Greyscale keeps the series apart: more than two grey levels are used a lot.
        greys = sorted(image.convert("L").getcolors(256 * 256), reverse=True)
        assert len([count for count, _ in greys if count > 500]) >= 3, path


def legend_of(chart: Chart) -> list[str]:
    legend = chart.axes.get_legend()
    return [entry.get_text() for entry in legend.get_texts()] if legend else []


def test_each_chart_says_what_it_covers_counts_in_whole_numbers_and_keeps_its_legend_off_the_bars(
    rt,
):
    seed(rt)
    with rt.session() as session:
        figures = compute(session, START, END, NOW, rt.settings.zone)
    codes, reports = draw_charts(figures, Renderer("en"), council="Example Council")
    # The codes are counted by financial year, so the title names the years drawn.
    assert codes.axes.get_title() == "Participation codes\nExample Council · 2024/25, 2025/26"
    assert reports.axes.get_title() == (
        "Reports shared on time, by month of the meeting\n"
        "Example Council · 1 April 2025 to 31 March 2026"
    )
    assert legend_of(codes) == ["2024/25", "2025/26"]
    assert legend_of(reports) == ["on time", "late", "not shared"]
    for chart in (codes, reports):
        assert all(float(tick).is_integer() for tick in chart.axes.get_yticks()), chart.name
        assert chart.axes.get_ylabel() == "reviews"
        chart.figure.canvas.draw()
        legend = chart.axes.get_legend().get_window_extent()
        plot = chart.axes.get_window_extent()
        assert legend.x0 >= plot.x1, chart.name  # beside the plot, over no bar
        assert legend.x1 <= chart.figure.bbox.x1, chart.name  # and not cut off


def test_a_series_with_nothing_in_it_is_left_out(rt):
    seed(rt)
    # April to June 2025: R5's report never shared, R2's on time, none late.
    with rt.session() as session:
        spring = compute(session, START, date(2025, 6, 30), NOW, rt.settings.zone)
        # 2026/27 has no held review yet: only 2025/26 is drawn.
        next_year = compute(session, date(2026, 4, 1), date(2027, 3, 31), NOW, rt.settings.zone)
    assert legend_of(draw_charts(spring, Renderer("en"))[1]) == ["on time", "not shared"]
    codes = draw_charts(next_year, Renderer("en"))[0]
    assert legend_of(codes) == ["2025/26"]
    assert codes.axes.get_title() == "Participation codes\n2025/26"


def test_a_period_with_nothing_in_it_draws_no_data_not_an_empty_plot(rt, tmp_path):
    with rt.session() as session:
        figures = compute(session, date(2020, 4, 1), date(2021, 3, 31), NOW, rt.settings.zone)
    for path in write_charts(figures, tmp_path, Renderer("en")):
        image = Image.open(path).convert("L")
        # Little ink (a title and a sentence, no axes or bars), but not none.
        assert 2 < ink(image) < 40, path


async def test_a_page_of_the_export_drawn_to_png_has_the_childs_words_on_it(world, sent, tmp_path):
    _, iro, _, review_id = sent
    exported = export_as(world, iro.person_id, review_id, "pdf", file_bytes=world.double.file_bytes)
    pdf = pypdfium2.PdfDocument(io.BytesIO(exported.content))
    page = pdf[0].render(scale=1.5).to_pil()
    page.save(tmp_path / "page-1.png")
    assert ink(page) > 15  # text on a white page
    width, height = page.size
    assert abs(width / height - 210 / 297) < 0.01  # A4
    grey = page.convert("L")
    inked = sum(count for count, level in grey.getcolors(256) if level < 128)
    assert inked / (width * height) > 0.01  # words on it, not a blank page


def test_the_annual_report_figures_are_one_page_with_the_tables_and_the_charts(rt, tmp_path):
    seed(rt)
    with rt.session() as session:
        figures = compute(session, START, END, NOW, rt.settings.zone)
    path = write_report(figures, Renderer("en"), tmp_path / "figures.pdf", "Example Council")
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    words = " ".join(reader.pages[0].extract_text().split())
    for expected in ("IRO annual report figures",
                     "Example Council · 1 April 2025 to 31 March 2026", "Held: 5",
                     "PN6", "views by another medium", "2024/25", "2025/26"):  # fmt: skip
        assert expected in words, expected
    assert sum(len(page.images) for page in reader.pages) == 2  # the two charts
    page = pypdfium2.PdfDocument(str(path))[0].render(scale=1.5).to_pil()
    page.save(tmp_path / "figures.png")
    assert ink(page) > 15
