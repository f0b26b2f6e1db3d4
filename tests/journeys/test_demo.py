"""``myreview demo`` tells its story: the transcript alone on the screen, time and
restarts marked in it, nothing to warn about in its own data, and the rules it
tells kept (a child on their own Telegram account is 16 or over)."""

from __future__ import annotations

import contextlib
import io
import re

import pytest
from pypdf import PdfReader

from bot.cli import main
from messages import text
from tests.support import said


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """One run of the demo for the module's tests: (exit code, stdout, stderr, demo-out/)."""
    folder = tmp_path_factory.mktemp("demo")
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        # The demo sets up its own database, key and bot; what it sets is put back after.
        patch.setenv("DATABASE_URL", f"sqlite:///{folder / 'unused.db'}")
        patch.setenv("TELEGRAM_BOT_USERNAME", "myreview_demo_bot")
        patch.setenv("MYREVIEW_WEB_URL", "https://myreview.example.gov.uk")
        patch.delenv("MYREVIEW_DATA_KEY", raising=False)
        patch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["demo"])
    return code, out.getvalue(), err.getvalue(), folder / "demo-out"


def test_the_demo_shows_only_its_story_and_keeps_its_logs_in_a_file(demo):
    code, out, err, folder = demo
    assert code == 0
    assert not re.search(r" (DEBUG|INFO|WARNING|ERROR) ", out + err)
    assert "fontTools" not in out + err
    assert "myreview: warning" not in out + err  # its children are set up within the rules
    log = (folder / "demo.log").read_text()
    assert " INFO " in log and "exported as pdf" in log
    assert (folder / "my-review-1.pdf").read_bytes().startswith(b"%PDF")


def test_the_case_record_holds_what_happened_after_the_meeting(demo):
    _, _, _, folder = demo
    pdf = PdfReader(folder / "my-review-1.pdf")
    found = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "After the meeting" in found
    assert "Written to Sky by Jo Example" in found
    # What Jo wrote, exactly as Sky read it: in Sky's own words, not the jargon Jo typed.
    assert "At your review we agreed Nan's is going well and seeing Mum will be every week" in found
    assert "LAC" not in found and "placement" not in found
    assert "Sky wrote back" in found and "Every week is the best 😊" in found
    assert "Feedback from Sky Test (child)" in found
    assert "Do you think Jo knew what you think? Yes" in found  # the answer, not only a heading
    assert "I got picked for the football team ⚽" in found  # quoted exactly, emoji too
    # Her photo, downloaded through the Bot API by the operator's export, is in it.
    assert sum(len(page.images) for page in pdf.pages) == 1


def test_the_transcript_marks_time_passing_and_the_restart(demo):
    _, out, _, _ = demo
    assert "— the bot restarts" in out
    assert "— three days later · Thu 26 Nov, 17:05 —" in out
    assert "— the next evening · Wed 09 Dec, 19:30 —" in out


def test_the_demo_is_true_to_the_rules_it_tells(demo):
    _, out, _, _ = demo
    # Children on their own Telegram accounts are 16 or over; Lina, 12, uses the web.
    ages = [int(age) for age in re.findall(r"\(child, (\d+)", out)]
    assert ages and min(ages) >= 16
    # Sky's 12-second voice note reaches Jo as 12 seconds.
    assert "voice message (0:12): Sky" in out
    # Kit, 9, fills in My Review with Lee, their carer, in helping mode on Lee's
    # Telegram; Jo reads that Kit had help, and from whom.
    assert "Lee (Kit's foster carer, helping Kit, 9)" in out
    assert "▸ You're now helping Kit with My Review." in out
    assert "For Kit:" in out and "Lee and my big sister" in out
    assert said(text.VIEW_HELPED, helper="Lee Sample", role="carer") in out
