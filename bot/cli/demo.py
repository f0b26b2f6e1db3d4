"""``myreview demo``: a whole review cycle on the embedded default, with no Telegram.

It runs the real command line and the real Application against the in-process
Bot API, on a fresh SQLite database in ``demo-out/``, at a fixed moment, and
prints what everyone saw as a transcript. Nothing in it is canned: every bot
message comes from the product's own code.

The bot (``handlers.app``) and the in-process Bot API are imported when the demo
plays, not when ``myreview`` builds its parser, so other commands start without
them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import shutil
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import Subparsers, add_command

if TYPE_CHECKING:
    from bot.platform.clock import FrozenClock
    from bot.platform.runtime import Runtime
    from bot.platform.settings import Settings
    from telegram_double import BotAPIDouble, FakeUser

OUT = Path("demo-out")
# Monday 23 November 2026, 16:30 in London: after school, two weeks before the meeting.
NOW = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)
NOW_ARG = NOW.isoformat()
# They came into care a week ago: each first review is within 20 working days of it.
ENTERED_CARE = "2026-11-16"
# The afternoon of the meeting, when Jo exports Sky's My Review for the case record.
EXPORTED_AT = "2026-12-08T15:00+00:00"

Cli = Callable[[list[str]], int]
"""The command line, as ``main(argv)``: what the demo runs as the operator."""


def _heading(title: str) -> None:
    print()
    print("═" * 100)
    print(f"  {title}")
    print("═" * 100)


def _pitch() -> bytes:
    """Sky's photo: a small drawing of a football pitch (a real JPEG, so the export can
    embed it as it would a child's photo)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), (46, 139, 87))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 460, 300), outline="white", width=4)
    draw.line((240, 20, 240, 300), fill="white", width=4)
    draw.ellipse((190, 110, 290, 210), outline="white", width=4)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _later(double: BotAPIDouble, clock: FrozenClock, moment: datetime, what: str) -> None:
    """Time passes: the clock moves on, and the transcript says so ("— three days
    later · Thu 26 Nov, 17:05 —")."""
    from bot.calendar.workdays import LONDON

    clock.set(moment)
    double.narrate(f"{what} · {moment.astimezone(LONDON):%a %d %b, %H:%M}")


def _admin(cli: Cli, *args: str) -> dict[str, object]:
    """Run one real CLI command and show it as the operator typed it."""
    shown = " ".join(f"'{a}'" if " " in a else a for a in args)
    print(f"$ myreview {shown}")
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = cli(["--now", NOW_ARG, *args])
    output = buffer.getvalue().strip()
    print(textwrap.indent(output, "  "))
    if code != 0:
        raise SystemExit(f"demo step failed: myreview {shown}")
    return json.loads(output) if "--json" in args else {}


async def _play(double: BotAPIDouble, tokens: dict[str, str], clock: FrozenClock) -> dict[int, str]:
    from bot.platform.runtime import open_runtime
    from bot.platform.settings import load_settings
    from handlers.app import build_application
    from telegram_double import FakeUser

    settings = load_settings()
    rt = open_runtime(settings, clock)
    app = build_application(rt, token="123456:DEMO", request=double)
    await app.initialize()
    await app.post_init(app)  # type: ignore[misc]

    iro = FakeUser(double, app, 5001, "Jo")
    sw = FakeUser(double, app, 5002, "Pat")
    sky = FakeUser(double, app, 5003, "Sky")
    names = {5001: "Jo (IRO)", 5002: "Pat (social worker)", 5003: "Sky (child, 16)"}

    await iro.send(f"/start {tokens['iro']}")
    await sw.send(f"/start {tokens['sw']}")

    # Jo writes a few lines about themselves: Sky will see them with My Review.
    await iro.send("/profile")
    await iro.tap("✏️ Write about me")
    await iro.send(
        "Hi! I'm Jo. I run your meeting and make sure everyone listens to you. "
        "I have a very noisy dog called Biscuit."
    )

    # Sky opens their link after school, and chooses their own words.
    await sky.send(f"/start {tokens['child']}")
    await sky.tap("English")
    await sky.tap("Nan's")
    await sky.send("Nan and Grandad")
    await sky.tap("Seeing Mum")
    await sky.tap("My review")
    await sky.send("Ama")
    await sky.tap("▶️ Start now")

    # Their meeting.
    await sky.tap("Some of it")
    await sky.tap("At Nan's")
    await sky.tap("After school or college")
    await sky.tap("Nan and Grandad")
    await sky.tap("Ama")
    await sky.tap("✅ Done")
    await sky.send("Not my old school's teacher")
    await sky.tap("Skip ➡️")
    await sky.tap("Yes, please")
    await sky.tap("Yes, please")
    await sky.send("Seeing my little brother more and my phone")
    # Since last time, and life at Nan's.
    await sky.send("I got picked for the football team ⚽")
    await sky.tap("😄 Very happy")
    await sky.send("Grandad makes pancakes on Saturdays")
    await sky.tap("⏸ Pause, finish later")

    # Three days later, after a restart of the bot, Sky carries on where they were.
    double.narrate("the bot restarts (a deploy): everything Sky said is in the database")
    await app.shutdown()
    _later(double, clock, datetime(2026, 11, 26, 17, 5, tzinfo=UTC), "three days later")
    app = build_application(rt, token="123456:DEMO", request=double)
    await app.initialize()
    for user in (iro, sw, sky):
        user.application = app
    await sky.send("/myreview")
    await sky.send("Sharing a room with my cousin when she visits")
    await sky.tap("Yes")
    await sky.tap("Mostly")
    await sky.tap("🙁 Sad")
    await sky.send("I want to see Mum every week not every month")
    for _ in range(30):
        labels = sky.last_with_buttons().button_labels
        if any(label.startswith("📨") for label in labels):
            break
        question = sky.last_with_buttons().plain.split("\n")[2].lower()
        if "photo" in question:
            await sky.send_photo(
                file_id="demo-photo-football", caption="Me at training", content=_pitch()
            )
        elif "voice message" in question or "voice note" in question:
            await sky.send_voice(file_id="demo-voice-note", duration=12)
        elif "🙂 Happy" in labels:
            await sky.tap("🙂 Happy")
        else:
            await sky.tap("Skip ➡️")
    await sky.tap("📨 Send to Jo")

    # The IRO reads it before the meeting.
    _later(double, clock, datetime(2026, 11, 30, 9, 15, tzinfo=UTC), "Monday morning")
    await iro.send("/reviews")
    await iro.tap("📖 Sky Test")
    await _iro_side(rt, double, clock, iro, sky)
    await _safeguarding(rt, double, clock, (sw, sky), names)
    await _in_arabic(rt, double, clock, tokens["rami"], sky.application, iro, names)
    await _on_the_web(rt, sky.application, clock, tokens["lina_web"])
    # Jo reads Lina's answers in Telegram, as any child's: only the channel is named.
    replies = await iro.send("/reviews")
    board = next(m for m in reversed(replies) if m.button("📖 Lina Test"))
    await iro.tap("📖 Lina Test", board)
    await _helping(rt, double, clock, tokens["lee"], sky.application, iro, names)
    await app.shutdown()
    rt.db.dispose()
    return names


async def _iro_side(
    rt: Runtime, double: BotAPIDouble, clock: FrozenClock, iro: FakeUser, sky: FakeUser
) -> None:
    """the read mark, what's new since the last read, recording the meeting with
    a participation code, the summary to Sky in Sky's own words, and the day after."""
    from handlers.app import one_reminders_pass

    async def reminders_pass(at: datetime, what: str) -> None:
        _later(double, clock, at, f"{what}: the reminders job runs")
        await one_reminders_pass(rt, token="123456:DEMO", request=double)

    # After school, Sky hears that Jo has read it (the reminders job, in children's hours).
    await reminders_pass(datetime(2026, 11, 30, 16, 0, tzinfo=UTC), "after school")
    await sky.send("/myreview")
    await sky.tap("➕ Add something")
    await sky.send("Can Nan come to my meeting too?")
    # Jo sees what is new since they last read it.
    _later(double, clock, datetime(2026, 12, 1, 9, 5, tzinfo=UTC), "the next morning")
    await iro.send("/reviews")
    await iro.tap("📖 Sky Test")

    # The meeting was on Tuesday 8 December at 10:00; Sky didn't go, but sent My Review.
    _later(double, clock, datetime(2026, 12, 8, 14, 0, tzinfo=UTC), "after the meeting")
    await iro.send("/held")
    await iro.tap("🗓 Sky Test · Tuesday 8 December")
    await iro.tap("Face to face")
    await iro.tap("No")
    await iro.tap("⭐ PN6 · views by another medium")

    # Jo writes to Sky; the bot suggests Sky's own words for the jargon.
    await iro.tap("✍️ Write to Sky")
    await iro.send(
        "Hi Sky. Thank you for your views. At your LAC review we agreed your placement "
        "is going well and contact with Mum will be every week from January. "
        "Your SW will talk to you about the football club."
    )
    await iro.tap("✅ Use Sky's words")
    await iro.tap("📨 Send to Sky")
    await reminders_pass(datetime(2026, 12, 8, 16, 0, tzinfo=UTC), "after school")
    await sky.tap("↩️ Write back to Jo")
    await sky.send("Thank you Jo!! Every week is the best 😊")
    await reminders_pass(datetime(2026, 12, 8, 16, 30, tzinfo=UTC), "half an hour later")

    # The day after: how did it go?
    await reminders_pass(datetime(2026, 12, 9, 16, 0, tzinfo=UTC), "the day after the meeting")
    await sky.tap("Yes")


async def _safeguarding(
    rt: Runtime,
    double: BotAPIDouble,
    clock: FrozenClock,
    users: tuple[FakeUser, FakeUser],
    names: dict[int, str],
) -> None:
    """one disclosure, out of hours: Sky is told exactly who is being told (Jo, Ama
    and the duty team, in her own words), the alert reaches each of them at once, and
    Pat says they're on it. The manager set up for escalation is not needed."""
    from bot.people.invites import issue_invite
    from bot.people.records import add_person
    from handlers.app import one_reminders_pass
    from telegram_double import FakeUser

    sw, sky = users
    with rt.session() as session:
        manager = add_person(session, clock.now(), role="manager", name="Max Example")
        token = issue_invite(session, manager, clock.now(), 14).token
        on_duty = add_person(session, clock.now(), role="duty", name="Dee Duty")
        duty_token = issue_invite(session, on_duty, clock.now(), 14).token
    max_ = FakeUser(double, sky.application, 5004, "Max")
    names[5004] = "Max (service manager)"
    await max_.send(f"/start {token}")
    dee = FakeUser(double, sky.application, 5005, "Dee")
    names[5005] = "Dee (duty team)"
    await dee.send(f"/start {duty_token}")

    # Wednesday evening, long after office hours: Sky writes something worrying.
    _later(double, clock, datetime(2026, 12, 9, 19, 30, tzinfo=UTC), "the next evening")
    await sky.send("I don't want to go back tonight. Nan's friend Dave shouts at me and hits me")
    # Eleven minutes later Pat says they're on it; Jo hears so at once.
    _later(double, clock, datetime(2026, 12, 9, 19, 41, tzinfo=UTC), "eleven minutes later")
    await sw.tap("🙋 I'm on it")
    # Half an hour on, the reminders job has nothing to escalate to Max.
    _later(double, clock, datetime(2026, 12, 9, 20, 5, tzinfo=UTC), "half an hour on")
    await one_reminders_pass(rt, token="123456:DEMO", request=double)


async def _in_arabic(
    rt: Runtime,
    double: BotAPIDouble,
    clock: FrozenClock,
    token: str,
    app: object,
    iro: FakeUser,
    names: dict[int, str],
) -> None:
    """Rami, 16, reads Arabic: his phone says so, the picker offers Arabic first, and
    My Review is in Arabic. He tells the bot his aunt's husband hits him; Jo and Pat
    are alerted in English, with his words exactly and the language named."""
    from bot.people.invites import issue_invite
    from bot.people.records import get_person
    from telegram_double import FakeUser

    _later(double, clock, datetime(2026, 12, 10, 16, 0, tzinfo=UTC), "the next afternoon")
    with rt.session() as session:  # Pat sends Rami a fresh link: the first one has expired
        token = issue_invite(session, get_person(session, int(token)), clock.now(), 14).token
    rami = FakeUser(double, app, 5006, "Rami", language_code="ar")  # type: ignore[arg-type]
    names[5006] = "Rami (child, 16, reads Arabic)"
    await rami.send(f"/start {token}")
    await rami.tap("العربية")
    for _ in range(5):  # his own words: the first suggestion each time
        await rami.tap(rami.last_with_buttons().button_labels[0])
    await rami.tap("▶️ ابدأ الآن" if "▶️ ابدأ الآن" in rami.last_with_buttons().button_labels
                   else rami.last_with_buttons().button_labels[0])  # fmt: skip
    await rami.send("أريد أن أبقى في مدرستي")
    await rami.send("زوج خالتي يضربني")
    await rami.tap(rami.last_with_buttons().button_labels[0])  # carry on
    # Jo reads Rami's answers: his words as he wrote them, with the language named.
    replies = await iro.send("/reviews")
    board = next(m for m in reversed(replies) if m.button("📖 Rami Test"))
    await iro.tap("📖 Rami Test", board)


async def _on_the_web(rt: Runtime, app: object, clock: FrozenClock, link: str) -> None:
    """Lina, 12, is too young for Telegram: she opens her web link on a phone's browser,
    chooses a secret word, picks English, and answers her first question. Her answer
    is the same row as any other; her chat is printed as she saw it."""
    import re
    from functools import partial

    import httpx

    from bot.people.invites import issue_invite
    from bot.people.records import get_person
    from bot.webchat import transcript
    from handlers.send import deliver
    from web.app import Config, build_web_app

    clock.set(datetime(2026, 12, 10, 17, 0, tzinfo=UTC))
    with rt.session() as session:  # a fresh web link: the one printed at set-up has expired
        fresh = issue_invite(session, get_person(session, int(link)), clock.now(), 14, "web")
    link = f"{rt.settings.web_url}/j/{fresh.token}"
    web = build_web_app(rt, partial(deliver, app.bot, rt), Config())  # type: ignore[attr-defined]
    origin = "https://myreview.example.gov.uk"
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=web),
        base_url=origin,
        headers={"origin": origin, "sec-fetch-site": "same-origin"},
        follow_redirects=True,
    ) as phone:
        path = "/" + link.split("/", 3)[3]
        await phone.get(path)
        page = await phone.get("/secret")

        def field(name: str) -> str:
            found = re.search(rf'name="{name}" value="([^"]*)"', page.text)
            assert found is not None
            return found.group(1)

        page = await phone.post(
            "/secret", data={"csrf": field("csrf"), "secret": "sunflower", "again": "sunflower"}
        )

        taps = iter(range(1, 100))

        async def tap(label: str) -> httpx.Response:
            with rt.session() as session:
                person = _web_child(session)
                shown = transcript.bubbles(session, person)
            message, data = next(
                (b.id, d) for b in reversed(shown) for row in b.buttons for (lb, d) in row
                if lb == label
            )  # fmt: skip
            return await phone.post(
                "/tap",
                # A fresh form key for each tap, as each page the phone shows has its own
                # (one message can be tapped again: the word questions change in place).
                data={"csrf": field("csrf"), "key": f"demo-tap-{next(taps)}",
                      "message": str(message), "data": data},
            )  # fmt: skip

        page = await tap("English")
        for label in ("Home", "My foster family", "Family time", "My review", "My social worker"):
            page = await tap(label)
        page = await tap("▶️ Start now")
        page = await phone.post(
            "/say",
            data={"csrf": field("csrf"), "key": "demo-lina-1", "text": "I like my new school"},
        )
    with rt.session() as session:
        person = _web_child(session)
        shown = transcript.bubbles(session, person)
    print()
    print("── Lina's web chat, as her phone's browser showed it " + "─" * 40)
    for bubble in shown:
        who = "Lina" if bubble.mine else "My Review"
        words = re.sub(r"<[^>]+>", "", bubble.text)
        print(f"  [{who}] " + words.replace("\n", "\n           "))
        for row in bubble.buttons:
            print("           " + "  ".join(f"[{label}]" for label, _ in row))


async def _helping(
    rt: Runtime,
    double: BotAPIDouble,
    clock: FrozenClock,
    lee_id: str,
    app: object,
    iro: FakeUser,
    names: dict[int, str],
) -> None:
    """Kit, 9, is too young for Telegram and has no phone: Lee, their foster carer,
    fills in My Review with Kit on Lee's own Telegram, in helping mode. Every answer
    is Kit's, saved as given with Lee's help, and Jo is told so."""
    from bot.people.invites import issue_invite
    from bot.people.records import get_person
    from telegram_double import FakeUser

    _later(double, clock, datetime(2026, 12, 10, 18, 30, tzinfo=UTC), "that evening")
    with rt.session() as session:  # Lee's first link has expired too
        token = issue_invite(session, get_person(session, int(lee_id)), clock.now(), 14).token
    lee = FakeUser(double, app, 5007, "Lee")  # type: ignore[arg-type]
    names[5007] = "Lee (Kit's foster carer, helping Kit, 9)"
    await lee.send(f"/start {token}")
    await lee.send("/helpchild")
    await lee.tap("Kit Test")
    await lee.tap("English")
    while "▶️ Start now" not in lee.last_with_buttons().button_labels:
        await lee.tap(lee.last_with_buttons().button_labels[0])  # Kit's words: the first
    await lee.tap("▶️ Start now")
    await lee.tap("Yes, all of it")
    await lee.tap("At home")
    await lee.tap("After school or college")
    await lee.send("Lee and my big sister")  # Kit's own answer to who should be there
    for _ in range(40):  # the rest Kit chose to leave for today
        labels = lee.last_with_buttons().button_labels
        if any(label.startswith("📨") for label in labels):
            break
        await lee.tap("Skip ➡️")
    await lee.tap(next(label for label in labels if label.startswith("📨")))
    await lee.send("/stophelping")
    replies = await iro.send("/reviews")
    board = next(m for m in reversed(replies) if m.button("📖 Kit Test"))
    await iro.tap("📖 Kit Test", board)


def _web_child(session: object) -> int:
    from sqlmodel import select

    from models import WebAccount

    row = session.exec(select(WebAccount)).first()  # type: ignore[attr-defined]
    assert row is not None
    return row.person_id


def run_demo(cli: Cli) -> None:
    """Play the demo and print the transcript; ``cli`` is the real ``myreview``."""
    from bot.platform import logs
    from bot.platform.clock import FrozenClock
    from telegram_double import BotAPIDouble

    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir()
    # Only the story on the screen; what the bot logged is kept beside the database.
    logs.to_file(OUT / "demo.log")
    os.environ["DATABASE_URL"] = f"sqlite:///{OUT / 'myreview.db'}"
    os.environ.pop("MYREVIEW_DATA_KEY", None)  # the embedded default makes its own key file
    os.environ["TELEGRAM_BOT_USERNAME"] = "myreview_demo_bot"
    os.environ["MYREVIEW_WEB_URL"] = "https://myreview.example.gov.uk"

    _heading("1. The council sets up a child, their IRO and social worker, and a review")
    _admin(cli, "db", "upgrade")
    iro = _admin(cli, "people", "add", "--role", "iro", "--name", "Jo Example", "--json")
    sw = _admin(cli, "people", "add", "--role", "social-worker", "--name", "Pat Sample", "--json")
    child = _admin(
        cli, "people", "add", "--role", "child", "--name", "Sky Test", "--dob", "2010-03-14",
        "--iro", str(iro["id"]), "--social-worker", str(sw["id"]),
        "--entered-care", ENTERED_CARE, "--json",
    )  # fmt: skip
    review = _admin(
        cli, "reviews", "add", "--child", str(child["id"]), "--at", "2026-12-08T10:00", "--json"
    )
    rami = _admin(
        cli, "people", "add", "--role", "child", "--name", "Rami Test", "--dob", "2010-05-02",
        "--iro", str(iro["id"]), "--social-worker", str(sw["id"]), "--locale", "ar",
        "--entered-care", ENTERED_CARE, "--json",
    )  # fmt: skip
    _admin(cli, "reviews", "add", "--child", str(rami["id"]), "--at", "2026-12-11T10:00")
    lina = _admin(
        cli, "people", "add", "--role", "child", "--name", "Lina Test", "--dob", "2014-06-20",
        "--iro", str(iro["id"]), "--social-worker", str(sw["id"]),
        "--entered-care", ENTERED_CARE, "--json",
    )  # fmt: skip
    _admin(cli, "reviews", "add", "--child", str(lina["id"]), "--at", "2026-12-14T10:00")
    _admin(
        cli, "people", "invite", str(lina["id"]), "--web", "--qr", str(OUT / "lina-link.png"),
        "--json",
    )  # fmt: skip
    lee = _admin(cli, "people", "add", "--role", "carer", "--name", "Lee Sample", "--json")
    kit = _admin(
        cli, "people", "add", "--role", "child", "--name", "Kit Test", "--dob", "2017-09-03",
        "--iro", str(iro["id"]), "--social-worker", str(sw["id"]), "--carer", str(lee["id"]),
        "--entered-care", ENTERED_CARE, "--json",
    )  # fmt: skip
    _admin(cli, "reviews", "add", "--child", str(kit["id"]), "--at", "2026-12-14T14:00")
    tokens = {
        "lee": str(lee["id"]),
        "iro": str(iro["invite_token"]),
        "sw": str(sw["invite_token"]),
        "child": str(child["invite_token"]),
        "rami": str(rami["id"]),
        "lina_web": str(lina["id"]),
    }

    _heading(
        "2. Sky does My Review in Telegram, Rami in Arabic, Lina (12) on the web chat,"
        " and Kit (9) with their carer in helping mode"
    )
    double = BotAPIDouble()
    clock = FrozenClock(NOW)
    names = asyncio.run(_play(double, tokens, clock))
    print(double.format_transcript(names))

    _heading("3. The same consultation from the command line, for the case record")
    _admin(cli, "consultations", "show", "--review", str(review["id"]))

    _heading("4. The export for Sky's case record, after the meeting")
    path = OUT / f"my-review-{review['id']}.pdf"
    args = ["export", "--review", str(review["id"]), "--format", "pdf", "--out", str(path)]
    print(f"$ myreview {' '.join(args)}")
    # The photos and voice note are downloaded through the Bot API, as in a real service:
    # here the stand-in serves them over HTTP.
    from telegram_double.server import BotAPIServer

    server = BotAPIServer(double).start()
    try:
        os.environ.update(TELEGRAM_BOT_TOKEN="123456:DEMO", **server.environment())
        if cli(["--now", EXPORTED_AT, *args]) != 0:
            raise SystemExit("demo step failed: myreview export")
    finally:
        server.stop()
        for name in ("TELEGRAM_BOT_TOKEN", *server.environment()):
            os.environ.pop(name, None)

    print()
    print(f"The demo's database and key file are in {OUT}/; the next run starts afresh.")


def add_commands(subparsers: Subparsers, cli: Cli) -> None:
    """``demo``: ``cli`` is the real ``myreview``, handed in by the command line itself
    (this module cannot import it: the command line imports this module)."""

    def cmd_demo(args: argparse.Namespace, settings: Settings) -> None:
        # The demo sets up its own database, so ``settings`` is not used.
        run_demo(cli)

    add_command(
        subparsers, "demo", cmd_demo, "play a review cycle with no Telegram", json_flag=False
    )
