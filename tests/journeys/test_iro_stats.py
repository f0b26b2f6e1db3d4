"""The annual report's figures as people get them: `myreview stats` over a seeded
year (its figures worked out by hand in tests/stats_year.py), /stats for a manager,
and the help that names the IRO's and the manager's commands."""

from __future__ import annotations

import json

import pytest

from bot.platform.clock import FrozenClock
from bot.platform.runtime import open_runtime
from bot.platform.settings import load_settings
from messages import iro as words
from tests.journeys.steps import menu_of
from tests.stats_year import EXPECTED, NOW, seed
from tests.support import said


@pytest.fixture
def cli_db(tmp_path, monkeypatch, capsys):
    """A migrated SQLite database, seeded, for the real command line."""
    from cryptography.fernet import Fernet

    from bot.cli import main

    url = f"sqlite:///{tmp_path / 'stats.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MYREVIEW_DATA_KEY", Fernet.generate_key().decode())
    assert main(["db", "upgrade"]) == 0
    settings = load_settings()
    rt = open_runtime(settings, FrozenClock(NOW))
    seed(rt)
    rt.db.dispose()
    capsys.readouterr()

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--now", NOW.isoformat(), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_myreview_stats_prints_the_figures_and_writes_the_charts(cli_db, tmp_path):
    charts = tmp_path / "charts"
    code, out, _ = cli_db(
        "stats", "--from", "2025-04-01", "--to", "2026-03-31", "--json", "--charts", str(charts)
    )
    assert code == 0
    payload = json.loads(out)
    assert payload["reviews_held"] == EXPECTED["reviews_held"]
    assert payload["participation"] == EXPECTED["participation"]
    for name in ("participation-codes.png", "reports-on-time.png"):
        content = (charts / name).read_bytes()
        assert content.startswith(b"\x89PNG") and len(content) > 5000
    code, out, _ = cli_db("stats", "--from", "2025-04-01", "--to", "2026-03-31")
    # The PN table lines up: every row as long, each year's counts in one column.
    table = [line for line in out.splitlines() if line.strip().startswith(("PN", "Held, no"))]
    assert len(table) == 9 and len({len(line) for line in table}) == 1, table
    assert "a_bit" not in out and "not_yet" not in out
    assert "Held: 5" in out
    assert "Within timescale: 2 of 3 checked (67%)" in out
    assert "Sent (booklets returned): 2 (40% of those opened)" in out
    assert "Shared late: 2; on average 2.5 working days late" in out
    assert "2 of 4 children with a review in the period have their own words recorded (50%)" in out
    code, _, err = cli_db("stats", "--from", "2026-03-31", "--to", "2025-04-01")
    assert code == 1 and "--to is before --from" in err


def test_myreview_stats_writes_the_one_page_report_with_the_councils_name(cli_db, tmp_path):
    from pypdf import PdfReader

    path = tmp_path / "figures.pdf"
    code, out, err = cli_db("stats", "--from", "2025-04-01", "--to", "2026-03-31", "--json",
                            "--report", str(path), "--council", "Example Council")  # fmt: skip
    assert (code, err) == (0, "")
    assert json.loads(out)["report"] == str(path)
    pages = PdfReader(path).pages
    assert len(pages) == 1
    words_on_it = " ".join(pages[0].extract_text().split())
    assert "Example Council · 1 April 2025 to 31 March 2026" in words_on_it
    assert len(pages[0].images) == 2  # both charts, titled with the council too


async def test_a_manager_reads_the_figures_for_this_financial_year(world):
    manager = await world.join("manager", "Sam Example")
    iro = await world.join("iro", "Jo Example")
    replies = await manager.send("/stats")
    shown = "\n".join(replies.texts)
    assert "My Review figures, 2026-04-01 to 2026-11-23" in shown
    assert "Held: 0" in shown
    assert "PN6 views by another medium" in shown
    assert (await iro.send("/stats")).texts == [said(words.STATS_ONLY_MANAGERS)]


async def test_help_names_the_iro_and_manager_commands(world):
    iro = await world.join("iro", "Jo Example")
    manager = await world.join("manager", "Sam Example")
    assert "/held – record a meeting" in (await iro.send("/help")).texts[0]
    assert "/profile" in (await iro.send("/help")).texts[0]
    assert "/stats – the figures" in (await manager.send("/help")).texts[0]
    # Each in their own menu.
    assert {"profile", "held"} <= set(menu_of(world, iro.chat_id))
    assert "stats" in menu_of(world, manager.chat_id)
