"""Benchmark: what sealing every person's name and date of birth costs, per update.

    .venv/bin/python bench/bench_sealed_people.py

Plays a few ordinary updates through the real Application on the in-process Bot
API (SQLite), counting, for each one, every decryption of a sealed value and how
many of them were a person's name or date of birth (migration 0006), and times a
Fernet decryption on this machine. Then the dashboard of an IRO with many
children, the update that loads the most people.

It prints figures and asserts nothing: timings depend on the machine.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography.fernet import Fernet, MultiFernet  # noqa: E402
from sqlalchemy import event  # noqa: E402
from sqlmodel import SQLModel  # noqa: E402

from bot.calendar.reviews import add_review  # noqa: E402
from bot.people.invites import issue_invite  # noqa: E402
from bot.people.records import add_person  # noqa: E402
from bot.platform.clock import FrozenClock  # noqa: E402
from bot.platform.runtime import open_runtime  # noqa: E402
from bot.platform.settings import load_settings  # noqa: E402
from handlers.app import build_application  # noqa: E402
from models import Person, set_cipher  # noqa: E402
from telegram_double import BotAPIDouble, FakeUser  # noqa: E402

NOW = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)
MEETING = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)


class Counting:
    """The real cipher, counting its decryptions."""

    def __init__(self, cipher: MultiFernet) -> None:
        self.cipher = cipher
        self.decrypts = 0

    def encrypt(self, data: bytes) -> bytes:
        return self.cipher.encrypt(data)

    def decrypt(self, token: bytes) -> bytes:
        self.decrypts += 1
        return self.cipher.decrypt(token)


async def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="myreview-bench-"))
    settings = load_settings(
        DATABASE_URL=f"sqlite:///{folder / 'bench.db'}",
        MYREVIEW_DATA_KEY=Fernet.generate_key().decode(),
    )
    clock = FrozenClock(NOW)
    rt = open_runtime(settings, clock)
    SQLModel.metadata.create_all(rt.db.engine)
    assert rt.cipher is not None
    counting = Counting(rt.cipher)
    set_cipher(counting)
    people = {"loads": 0, "dobs": 0}

    @event.listens_for(Person, "load")
    def _loaded(target: Person, _context: object) -> None:
        people["loads"] += 1
        people["dobs"] += target.dob is not None

    double = BotAPIDouble()
    app = build_application(rt, token="123456:TEST", request=double, rate_limiter=False)
    await app.initialize()

    def add(role: str, name: str, **fields: object) -> tuple[int, str]:
        with rt.session() as session:
            person = add_person(session, clock.now(), role=role, name=name, **fields)
            return person.id or 0, issue_invite(session, person, clock.now(), 14).token

    iro_id, iro_token = add("iro", "Jo Example")
    sw_id, _ = add("social_worker", "Pat Sample")
    child_id, child_token = add(
        "child", "Sky Test", dob=date(2012, 3, 14), iro_id=iro_id, social_worker_id=sw_id
    )
    with rt.session() as session:
        add_review(session, clock.now(), child_id=child_id, at=MEETING)
    iro = FakeUser(double, app, 5001, "Jo")
    sky = FakeUser(double, app, 5003, "Sky")
    await iro.send(f"/start {iro_token}")
    await sky.send(f"/start {child_token}")
    for label in ("Nan's", "Nan", "Family time", "My meeting", "My social worker"):
        await sky.tap(label)

    rows = []

    async def measure(what: str, step) -> None:
        before = (counting.decrypts, people["loads"], people["dobs"])
        await step()
        decrypts = counting.decrypts - before[0]
        loads = people["loads"] - before[1]
        extra = loads + people["dobs"] - before[2]
        rows.append((what, decrypts, loads, extra))

    await measure("the child starts My Review (a tap)", lambda: sky.tap("▶️ Start now"))
    await measure("the child taps an answer", lambda: sky.tap("Some of it"))
    await measure("the child types words", lambda: sky.send("Grandad makes pancakes"))
    await measure("the IRO opens /reviews", lambda: iro.send("/reviews"))

    # An IRO with 60 children, each with a review: the dashboard loads them all.
    for i in range(60):
        other, _ = add("child", f"Child{i} Test", dob=date(2011, 1, 1 + i % 28), iro_id=iro_id)
        with rt.session() as session:
            add_review(session, clock.now(), child_id=other, at=MEETING)
    await measure("the IRO opens /reviews, 61 children", lambda: iro.send("/reviews"))
    await app.shutdown()

    token = rt.cipher.encrypt(b"Sky Test")
    started = time.perf_counter()
    for _ in range(10_000):
        rt.cipher.decrypt(token)
    each = (time.perf_counter() - started) / 10_000

    print(f"one Fernet decryption: {each * 1e6:.1f} µs")
    print(f"{'update':<38} {'decryptions':>11} {'people':>7} {'names+dobs':>10} {'their cost':>11}")
    for what, decrypts, loads, extra in rows:
        cost = f"{extra * each * 1e3:.2f} ms"
        print(f"{what:<38} {decrypts:>11} {loads:>7} {extra:>10} {cost:>11}")
    rt.db.dispose()


if __name__ == "__main__":
    asyncio.run(main())
