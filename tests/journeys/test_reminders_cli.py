"""The calendar at the command line: entering care, timescale warnings, the next
review's latest date, and the operator's window on the reminders
(`myreview reminders run --now … --dry-run --json`)."""

from __future__ import annotations

import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel, select

import handlers.app
from bot.platform.db import Database
from bot.platform.settings import load_settings
from models import Notification, Person, Setting
from telegram_double import BotAPIDouble


def database(cli) -> Database:
    return Database(load_settings(DATABASE_URL=cli.url).database_url)


def added(cli, *args: str) -> int:
    code, out, err = cli("people", "add", *args, "--json")
    assert code == 0, err
    return json.loads(out)["id"]


@pytest.fixture
def family(cli) -> dict[str, int]:
    """An IRO, a social worker, and Sky, who came into care on Monday 2 November 2026."""
    iro = added(cli, "--role", "iro", "--name", "Jo Example")
    sw = added(cli, "--role", "social-worker", "--name", "Pat Sample")
    child = added(
        cli,
        *("--role", "child", "--name", "Sky Test", "--dob", "2012-03-14"),
        *("--iro", str(iro), "--social-worker", str(sw), "--entered-care", "2026-11-02"),
    )
    return {"iro": iro, "sw": sw, "child": child}


def test_entering_care_is_kept_for_a_child(cli, family):
    with database(cli).session() as session:
        assert str(session.get(Person, family["child"]).entered_care) == "2026-11-02"


def test_only_a_child_has_an_entered_care_date_and_never_in_the_future(cli, family):
    code, _, err = cli(
        "people", "add", "--role", "iro", "--name", "A B", "--entered-care", "2026-01-01"
    )
    assert (code, err) == (1, "myreview: only a child has an entered-care date\n")
    code, _, err = cli(
        *("people", "add", "--role", "child", "--name", "C D", "--iro", str(family["iro"])),
        *("--entered-care", "2026-12-01"),
    )
    assert (code, err) == (1, "myreview: the entered-care date is in the future\n")


def test_reviews_next_proposes_the_latest_date_still_in_timescale(cli, family):
    code, out, _ = cli("reviews", "next", "--child", str(family["child"]), "--json")

    assert code == 0
    assert json.loads(out) == {
        "child": family["child"],
        "review_number": 1,
        "latest": "2026-11-30",
        "proposed": "2026-11-30",
        "rule": "20 working days after entering care on 2026-11-02",
    }


def test_after_the_first_review_the_second_is_due_within_three_months(cli, family):
    cli("reviews", "add", "--child", str(family["child"]), "--at", "2026-11-30T10:00")

    code, out, _ = cli("reviews", "next", "--child", str(family["child"]))

    # 3 months after Monday 30 November is Sunday 28 February: hold it by the Friday.
    assert code == 0
    assert out == (
        "child 3's second review: hold it by Fri 26 Feb 2027 (in timescale until "
        "Sun 28 Feb 2027: 3 months after the review on 2026-11-30)\n"
    )


def test_reviews_add_warns_when_the_date_is_out_of_timescale(cli, family):
    code, out, err = cli(
        "reviews", "add", "--child", str(family["child"]), "--at", "2026-12-01T10:00", "--json"
    )

    assert code == 0  # a warning, not an error: the review is scheduled
    warning = (
        "review 1 on 2026-12-01 is out of timescale: the child's first review is due by "
        "2026-11-30 (20 working days after entering care on 2026-11-02)"
    )
    assert err == f"myreview: warning: {warning}\n"
    assert json.loads(out)["warnings"] == [warning]


def test_reviews_add_in_timescale_has_no_warning(cli, family):
    code, out, err = cli(
        "reviews", "add", "--child", str(family["child"]), "--at", "2026-11-30T10:00", "--json"
    )
    assert (code, err, json.loads(out)["warnings"]) == (0, "", [])


def test_reviews_add_says_when_the_timescale_cannot_be_checked(cli, family):
    other = added(cli, "--role", "child", "--name", "Rowan Test", "--iro", str(family["iro"]))

    code, _, err = cli("reviews", "add", "--child", str(other), "--at", "2026-12-01T10:00")

    assert code == 0
    assert "cannot check the timescale: child 4 has no entered-care date" in err


def test_a_child_part_way_through_care_is_not_called_out_of_timescale(cli, family):
    # Entered care two years ago; no earlier review is recorded here. Their first review
    # was surely held, somewhere: the check says what it cannot know, not "late".
    other = added(cli, "--role", "child", "--name", "Rowan Test", "--iro", str(family["iro"]),
                  "--entered-care", "2024-09-02")  # fmt: skip
    code, _, err = cli("reviews", "add", "--child", str(other), "--at", "2026-12-01T10:00")
    assert code == 0
    assert "out of timescale" not in err
    assert f"no review before this one is recorded for child {other}" in err


@pytest.mark.parametrize(
    ("at", "warning"),
    [
        ("2026-12-19T10:00", "Sat 19 Dec 2026 is a Saturday"),
        ("2026-12-28T10:00", "Mon 28 Dec 2026 is a bank holiday"),
        ("2026-11-30T18:30", "18:30 is outside the working day (09:00-17:00)"),
        ("2026-11-30T08:00", "08:00 is outside the working day (09:00-17:00)"),
    ],
)
def test_reviews_add_warns_of_a_weekend_a_bank_holiday_or_an_hour_outside_the_day(
    cli, family, at, warning
):
    code, out, err = cli("reviews", "add", "--child", str(family["child"]), "--at", at, "--json")
    assert code == 0  # scheduled all the same: some meetings must be then
    assert f"myreview: warning: {warning}\n" in err
    assert warning in json.loads(out)["warnings"]


def christmas(cli, family) -> int:
    code, out, err = cli(
        "reviews", "add", "--child", str(family["child"]), "--at", "2026-12-29T10:00", "--json"
    )
    assert code == 0, err
    return json.loads(out)["id"]


def snapshot(cli) -> list[tuple]:
    with database(cli).session() as session:
        rows = [(n.key, n.status, n.due_at) for n in session.exec(select(Notification))]
        setting = session.get(Setting, "reminders_planned_until")
    return [*sorted(rows), setting.value if setting else None]


def test_the_operators_window_shows_what_goes_to_whom_and_why_and_changes_nothing(cli, family):
    christmas(cli, family)
    before = snapshot(cli)

    code, out, _ = cli("reminders", "run", "--now", "2026-12-22T09:00+00:00", "--dry-run", "--json")

    assert code == 0
    report = json.loads(out)
    assert report["dry_run"] is True
    assert report["now"] == "2026-12-22T09:00:00+00:00"
    to_sw = [n for n in report["notifications"] if n["to"]["id"] == family["sw"]]
    report_reminder = next(n for n in to_sw if n["kind"] == "sw_report_due")
    assert report_reminder == {
        "id": None,
        "kind": "sw_report_due",
        "action": "cancel",
        "what": "report due today",
        "why": "report due Tue 22 Dec 2026, not shared; the due day",
        "detail": "no Telegram account linked",
        "due_at": "2026-12-22T09:00:00+00:00",
        "until": None,
        # Every date the reason speaks of, for scripts, beside the words for people.
        "dates": {"due": "2026-12-22"},
        "to": {"id": family["sw"], "role": "social_worker", "name": "Pat Sample"},
        "review": 1,
        "child": {"id": family["child"], "name": "Sky Test"},
    }
    kinds = sorted(n["kind"] for n in report["notifications"])
    assert kinds == ["child_nudge_5", "staff_digest", "staff_digest", "sw_report_due"]
    nudge = next(n for n in report["notifications"] if n["kind"] == "child_nudge_5")
    assert nudge["dates"] == {"meeting": "2026-12-29T10:00:00+00:00"}
    assert "Tue 29 Dec 2026 10:00" in nudge["why"]
    assert snapshot(cli) == before


def link(cli, person_id: int, telegram_user_id: int) -> None:
    with database(cli).session() as session:
        session.get(Person, person_id).telegram_user_id = telegram_user_id


@pytest.fixture
def telegram(monkeypatch) -> BotAPIDouble:
    """`reminders run` without --dry-run sends through a bot; here, the Bot API double."""
    double = BotAPIDouble()
    real = handlers.app.one_reminders_pass
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST")
    monkeypatch.setattr(
        handlers.app, "one_reminders_pass", lambda rt: real(rt, token="123456:TEST", request=double)
    )
    return double


def test_reminders_run_sends_what_is_due_once(cli, family, telegram):
    christmas(cli, family)
    link(cli, family["sw"], 5001)
    link(cli, family["child"], 5002)

    code, out, _ = cli("reminders", "run", "--json", now="2026-12-22T09:00+00:00")
    again = json.loads(cli("reminders", "run", "--json", now="2026-12-22T09:00+00:00")[1])

    assert code == 0
    sent = [
        (n["kind"], n["to"]["id"])
        for n in json.loads(out)["notifications"]
        if n["action"] == "sent"
    ]
    assert sorted(sent) == [
        ("child_nudge_5", family["child"]),
        ("staff_digest", family["sw"]),
        ("sw_report_due", family["sw"]),
    ]
    assert [m.plain.split("\n")[0] for m in telegram.messages_to(5001)] == [
        "🗓 Your reviews in the next four weeks",
        "📄 Report due today",
    ]
    assert [n for n in again["notifications"] if n["action"] == "sent"] == []


def test_reminders_run_says_plainly_what_it_did(cli, family):
    christmas(cli, family)

    code, out, _ = cli("reminders", "run", "--dry-run", now="2026-12-22T09:00+00:00")

    assert code == 0
    assert out.startswith("dry run at Tue 22 Dec 2026 09:00 GMT")
    assert (
        "2026-12-22 09:00  cancel     report due today → social_worker 2 Pat Sample · child 3 "
        "Sky Test\n                  why: report due Tue 22 Dec 2026, not shared; the due day "
        "[no Telegram account linked]"
    ) in out


def test_reminders_run_needs_a_token_to_send(cli, family):
    code, _, err = cli("reminders", "run")
    assert code == 1
    assert "TELEGRAM_BOT_TOKEN is not set (use --dry-run to look without sending)" in err


def test_reminders_plan_plans_every_review(cli, family):
    christmas(cli, family)

    code, out, _ = cli("reminders", "plan", "--json", now="2026-12-10T10:00+00:00")

    assert code == 0
    assert json.loads(out)["reviews"] == 1
    with database(cli).session() as session:
        keys = {n.key for n in session.exec(select(Notification))}
    assert "r1:child_open:once" in keys
    assert "r1:sw_report_5_days:2026-12-15" in keys


def test_reviews_held_records_the_meeting_and_its_deadlines(cli, family):
    review = christmas(cli, family)

    early = cli("reviews", "held", str(review))
    code, out, _ = cli("reviews", "held", str(review), "--json", now="2026-12-29T15:00+00:00")

    assert early[0] == 1 and "has not happened yet" in early[2]
    assert code == 0
    assert json.loads(out) == {
        "id": review,
        "status": "held",
        "held_on": "2026-12-29",
        "decisions_due": "2027-01-06",
        "record_due": "2027-01-27",
    }


def test_the_migration_makes_the_tables_the_models_describe(cli):
    db = database(cli)
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    mine = [d for d in diff if "notification" in repr(d) or "entered_care" in repr(d)]
    mine += [d for d in diff if any(c in repr(d) for c in ("awaiting_input", "report_", "held_at"))]
    assert mine == []


def test_now_without_a_time_zone_is_the_services_local_time(cli):
    # 09:00 in London in July is 08:00 UTC (British Summer Time), as --at reads it.
    code, out, _ = cli("reminders", "run", "--now", "2026-07-01T09:00", "--dry-run", "--json")
    assert code == 0
    assert json.loads(out)["now"] == "2026-07-01T08:00:00+00:00"
    # A local time the clocks skip is refused, not guessed.
    code, _, err = cli("reminders", "run", "--now", "2027-03-28T01:30", "--dry-run")
    assert code == 1 and "the clocks go forward" in err
