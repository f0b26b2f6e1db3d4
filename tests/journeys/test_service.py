"""``myreview run`` as an operations team runs it: webhook mode, health, metrics,
JSON logs, and a clean stop on SIGTERM. Real processes, on the test's database,
with the Bot API stand-in in place of Telegram."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import time

import httpx
import pytest
from cryptography.fernet import Fernet

from bot.safeguarding import detector
from telegram_double.server import BotAPIServer
from tests.journeys import steps
from tests.journeys.processes import MYREVIEW, RemoteUser, environment, myreview
from tests.support import CHILD_DOB

SECRET = "s3cret-webhook_token"
# A real service runs on PostgreSQL: the process tests that need no SQLite of their own
# run there only (the core's rules are tested on both databases elsewhere).
ON_POSTGRESQL = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
WORDS = "my own private words 42"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def webhook_team(tmp_path, database_url: str) -> tuple[BotAPIServer, dict, dict, dict]:
    """A Bot API stand-in, a webhook process's settings, and Jo (IRO) and Sky (child)
    added at the command line: ``server, env, iro, child``."""
    server = BotAPIServer().start()
    env = environment(database_url, Fernet.generate_key().decode(), server)
    env.update(
        TELEGRAM_WEBHOOK_URL="https://bot.example.gov.uk/telegram/updates",
        TELEGRAM_WEBHOOK_SECRET=SECRET,
    )
    myreview(env, "db", "upgrade", cwd=tmp_path)
    iro = json.loads(myreview(env, "people", "add", "--role", "iro", "--name", "Jo Example",
                              "--json", cwd=tmp_path).stdout)  # fmt: skip
    child = json.loads(myreview(env, "people", "add", "--role", "child", "--name", "Sky Test",
                                "--dob", CHILD_DOB.isoformat(), "--iro", str(iro["id"]),
                                "--json", cwd=tmp_path).stdout)  # fmt: skip
    return server, env, iro, child


@pytest.fixture
def service(tmp_path, database_url):
    """``myreview run`` in webhook mode with JSON logs, a child (Sky) and her IRO."""
    server, env, iro, child = webhook_team(tmp_path, database_url)
    port = free_port()
    env.update(MYREVIEW_LISTEN=f"127.0.0.1:{port}", MYREVIEW_LOG_FORMAT="json")
    log = tmp_path / "run.log"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [*MYREVIEW, "run"], env=env, cwd=tmp_path, stdout=out, stderr=out
        )
    base = f"http://127.0.0.1:{port}"
    wait_until_ready(process, base, log)
    try:
        yield type("Service", (), {"base": base, "server": server, "process": process,
                                   "log": log, "child": child, "iro": iro, "env": env,
                                   "folder": tmp_path})  # fmt: skip
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=20)
        server.stop()


def wait_until_ready(process: subprocess.Popen, base: str, log) -> None:
    """As a load balancer does: send nothing until ``/readyz`` says 200."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass  # not listening yet: ask again after the pause below
        time.sleep(0.05)
    process.kill()
    raise AssertionError("myreview run did not become ready:\n" + log.read_text())


def post_update(service, update: dict, secret: str | None = SECRET) -> httpx.Response:
    headers = {"x-telegram-bot-api-secret-token": secret} if secret is not None else {}
    return httpx.post(f"{service.base}/telegram/updates", json=update, headers=headers, timeout=10)


@ON_POSTGRESQL
def test_the_webhook_takes_updates_with_the_secret_and_refuses_them_without(service):
    sky = RemoteUser(service.server, 5001, "Sky")
    start = sky.text_update(f"/start {service.child['invite_token']}")
    assert post_update(service, start, secret=None).status_code == 403
    assert post_update(service, start, secret="wrong").status_code == 403
    time.sleep(0.5)
    assert sky.history == []  # nothing was done with the refused update
    assert post_update(service, start).status_code == 200
    service.server.wait_for(lambda: any("Which language" in m.plain for m in sky.history))
    # A redelivered update is applied once.
    assert post_update(service, start).status_code == 200
    time.sleep(0.5)
    assert sum("Which language" in m.plain for m in sky.history) == 1
    # The path is the URL's, never the token's; anything else is not a webhook.
    assert httpx.post(f"{service.base}/bot123456:PROCESS-TEST", json=start).status_code in (
        404,
        405,
    )
    assert post_update(service, {"not": "an update"}).status_code in (200, 400)


@ON_POSTGRESQL
def test_health_readiness_and_metrics_say_nothing_about_a_child(service):
    sky = RemoteUser(service.server, 5001, "Sky")
    post_update(service, sky.text_update(f"/start {service.child['invite_token']}"))
    service.server.wait_for(lambda: any("Which language" in m.plain for m in sky.history))
    post_update(service, sky.text_update(WORDS))
    time.sleep(0.5)
    assert httpx.get(f"{service.base}/healthz").json() == {"alive": True}
    ready = httpx.get(f"{service.base}/readyz")
    assert ready.status_code == 200 and ready.json()["ready"] is True
    assert {c["name"] for c in ready.json()["checks"]} >= {"database", "schema", "data key"}
    metrics = httpx.get(f"{service.base}/metrics").text
    assert 'myreview_updates_total{kind="command",outcome="handled"}' in metrics
    assert "myreview_update_seconds_bucket" in metrics
    assert "myreview_alerts_open 0.0" in metrics
    for private in ("Sky", WORDS, service.child["invite_token"]):
        assert private not in metrics and private not in ready.text


@ON_POSTGRESQL
def test_json_logs_are_one_object_per_line_with_no_childs_words(service):
    sky = RemoteUser(service.server, 5001, "Sky")
    post_update(service, sky.text_update(f"/start {service.child['invite_token']}"))
    service.server.wait_for(lambda: any("Which language" in m.plain for m in sky.history))
    post_update(service, sky.text_update("he hits me " + WORDS))
    time.sleep(1)
    lines = [line for line in service.log.read_text().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is JSON
    assert all({"at", "level", "logger", "message"} <= set(e) for e in entries)
    timed = [e for e in entries if "ms" in e]
    assert timed and all(e["update"].startswith("tg:") for e in timed)  # ids and timings
    text = service.log.read_text()
    assert WORDS not in text and "123456:PROCESS-TEST" not in text
    assert service.child["invite_token"] not in text


@ON_POSTGRESQL
def test_sigterm_stops_the_service_cleanly(service):
    service.process.send_signal(signal.SIGTERM)
    assert service.process.wait(timeout=30) == 0
    assert "stopped cleanly" in service.log.read_text()


def _ready(runtime) -> httpx.Response:
    from web.app import build_web_app

    app = build_web_app(runtime, None, chat_routes=False)  # type: ignore[arg-type]

    async def ask() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ops") as client:
            return await client.get("/readyz")

    import asyncio

    return asyncio.run(ask())


def test_readyz_waits_until_the_safety_patterns_are_compiled(cli, monkeypatch):
    """A balancer sends nothing to a process that would keep a child's words waiting
    for the patterns that screen them."""
    from bot.platform.runtime import open_runtime
    from bot.platform.settings import load_settings

    assert cli("people", "add", "--role", "iro", "--name", "Jo Example")[0] == 0
    monkeypatch.setattr(detector, "compiled", lambda: False)
    runtime = open_runtime(load_settings())
    try:
        starting = _ready(runtime)
        assert starting.status_code == 503
        assert {"name": "safety patterns", "state": "failed", "detail": "not compiled yet"} in (
            starting.json()["checks"]
        )
        monkeypatch.setattr(detector, "compiled", lambda: True)
        assert _ready(runtime).status_code == 200
    finally:
        runtime.db.dispose()


def test_readyz_fails_on_a_wrong_data_key_and_on_an_old_schema(cli):
    import os

    from alembic import command
    from cryptography.fernet import MultiFernet

    from bot.platform.db import alembic_config
    from bot.platform.runtime import open_runtime
    from bot.platform.settings import load_settings

    assert cli("people", "add", "--role", "iro", "--name", "Jo Example")[0] == 0
    detector.languages()  # compiled, as a running process has them once it has started
    runtime = open_runtime(load_settings())
    try:
        assert _ready(runtime).status_code == 200
        right = runtime.cipher
        runtime.cipher = MultiFernet([Fernet(Fernet.generate_key())])
        wrong = _ready(runtime)
        assert wrong.status_code == 503
        assert any(
            c["name"] == "data key" and c["state"] == "failed" for c in wrong.json()["checks"]
        )
        runtime.cipher = right
        command.downgrade(alembic_config(os.environ["DATABASE_URL"]), "0008")
        old = _ready(runtime)
        assert old.status_code == 503
        assert any(c["name"] == "schema" and c["state"] == "failed" for c in old.json()["checks"])
    finally:
        runtime.db.dispose()


def _start_webhook_process(env: dict, tmp_path, name: str):
    port = free_port()
    env = {**env, "MYREVIEW_LISTEN": f"127.0.0.1:{port}"}
    log = tmp_path / f"{name}.log"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [*MYREVIEW, "run"], env=env, cwd=tmp_path, stdout=out, stderr=out
        )
    base = f"http://127.0.0.1:{port}"
    wait_until_ready(process, base, log)
    return process, base


def test_one_childs_answers_spread_over_two_processes_at_once_are_all_kept_once(
    tmp_path, database_url
):
    """Two webhook processes behind one balancer, on one PostgreSQL. Sky's answers go
    to both, several at the same moment: each is kept exactly once."""
    if not database_url.startswith("postgresql"):
        pytest.skip("several processes share PostgreSQL; SQLite is for one process")
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy import create_engine, text

    server, env, _, child = webhook_team(tmp_path, database_url)
    at = "2026-12-08T10:00"
    myreview(env, "reviews", "add", "--child", str(child["id"]), "--at", at, cwd=tmp_path)
    first, a = _start_webhook_process(env, tmp_path, "first")
    second, b = _start_webhook_process(env, tmp_path, "second")
    try:
        sky = RemoteUser(server, 5001, "Sky")
        headers = {"x-telegram-bot-api-secret-token": SECRET}

        def send(base: str, update: dict) -> int:
            server.double.record_incoming(update)  # what Telegram knows it delivered
            return httpx.post(f"{base}/telegram/updates", json=update, headers=headers).status_code

        send(a, sky.text_update(f"/start {child['invite_token']}"))
        server.wait_for(lambda: any("Which language" in m.plain for m in sky.history))
        for index, label in enumerate(("English", *steps.WORDS, "▶️ Start now")):
            server.wait_for(lambda label=label: any(m.button(label) for m in sky.history))
            message = next(m for m in reversed(sky.history) if m.button(label))
            update = sky.callback_update(message.button(label).callback_data, message.raw)
            send((a, b)[index % 2], update)  # the balancer sends them either way
        server.wait_for(lambda: any("Question 1" in m.plain for m in sky.history))
        words = [f"answer number {n}" for n in range(8)]
        updates = [sky.text_update(w) for w in words]
        with ThreadPoolExecutor(max_workers=8) as pool:  # all at the same moment
            codes = list(pool.map(send, [a, b] * 4, updates))
        assert codes == [200] * 8
        engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                kept = connection.execute(text("SELECT count(*) FROM answer")).scalar()
            if kept >= 8:
                break
            time.sleep(0.2)
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT count(*), count(DISTINCT id) FROM answer")).one()
            # One after the other: each answer moved Sky on, so each is to its own question.
            questions = connection.execute(
                text("SELECT count(DISTINCT question_key) FROM answer")
            ).scalar()
            handled = connection.execute(text("SELECT count(*) FROM handled_update")).scalar()
        engine.dispose()
        assert rows == (8, 8)  # none lost, none twice
        assert questions == 8, "two answers were taken as answers to the same question"
        assert handled >= 8 + 8
    finally:
        for process in (first, second):
            process.send_signal(signal.SIGTERM)
        for process in (first, second):
            assert process.wait(timeout=30) == 0
        server.stop()


def test_two_processes_migrating_at_once_migrate_once(tmp_path, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("the advisory lock is PostgreSQL's")
    env = environment(database_url, Fernet.generate_key().decode(), BotAPIServer())
    both = [
        subprocess.Popen([*MYREVIEW, "db", "upgrade"], env=env, cwd=tmp_path,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]  # fmt: skip
    results = [p.communicate(timeout=120) for p in both]
    assert [p.returncode for p in both] == [0, 0], results
    assert "0009" in myreview(env, "db", "upgrade", cwd=tmp_path).stdout


def test_a_second_process_on_one_sqlite_file_is_warned(tmp_path):
    server = BotAPIServer().start()
    env = environment(f"sqlite:///{tmp_path / 'one.db'}", Fernet.generate_key().decode(), server)
    myreview(env, "db", "upgrade", cwd=tmp_path)
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    processes = []
    try:
        for log in logs:
            with log.open("ab") as out:
                processes.append(
                    subprocess.Popen(
                        [*MYREVIEW, "run"], env=env, cwd=tmp_path, stdout=out, stderr=out
                    )
                )
            deadline = time.monotonic() + 60
            while "starting long polling" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.1)
        assert "SQLite is for one process" not in logs[0].read_text()
        assert "SQLite is for one process" in logs[1].read_text()
    finally:
        for process in processes:
            process.kill()
            process.wait(timeout=20)
        server.stop()


@ON_POSTGRESQL
def test_sigterm_in_the_middle_of_a_burst_loses_nothing(service, database_url):
    """Twelve children's updates at once, and SIGTERM while they are in hand: every
    update the process confirmed (200) was kept; any it did not, Telegram re-sends."""
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy import create_engine, text

    users = [RemoteUser(service.server, 6000 + n, f"Child{n}") for n in range(12)]
    updates = [u.text_update("/help") for u in users]

    def send(update: dict) -> int:
        try:
            return post_update(service, update).status_code
        except httpx.HTTPError:
            return 0  # the server had stopped taking requests: Telegram would retry

    with ThreadPoolExecutor(max_workers=12) as pool:
        futures = [pool.submit(send, u) for u in updates]
        time.sleep(0.05)
        service.process.send_signal(signal.SIGTERM)
        codes = [f.result() for f in futures]
    assert service.process.wait(timeout=30) == 0
    url = database_url
    if url.startswith("postgresql://"):
        url = url.replace("postgresql://", "postgresql+psycopg://")
    engine = create_engine(url)
    with engine.connect() as connection:
        kept = connection.execute(text("SELECT count(*) FROM handled_update")).scalar()
    engine.dispose()
    assert kept >= codes.count(200)


async def test_two_dispatcher_processes_send_every_reminder_once(world, team, reminders, world_cli):
    """Two ``myreview reminders run`` processes at the same moment, on one database:
    six children's "My Review is ready" messages go out once each, between them.
    (``world_cli`` stamps the world's database with its schema revision.)"""
    from tests.journeys.test_reminders_dispatch import children_due_together, opened
    from tests.support import DATA_KEY

    children = await children_due_together(world, team, reminders, count=6)
    server = BotAPIServer(double=world.double).start()  # the same people, over HTTP
    try:
        env = environment(world.rt.settings.database_url, DATA_KEY, server)
        now = world.rt.clock.now().isoformat()
        import asyncio

        both = [
            await asyncio.create_subprocess_exec(
                *MYREVIEW, "--now", now, "reminders", "run", "--json", env=env,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )
            for _ in range(2)
        ]  # fmt: skip
        results = await asyncio.wait_for(asyncio.gather(*(p.communicate() for p in both)), 120)
        outputs = [(out.decode(), err.decode()) for out, err in results]
    finally:
        server.stop()
    assert [p.returncode for p in both] == [0, 0], outputs
    reports = [json.loads(out) for out, _ in outputs]
    sent = [n["id"] for r in reports for n in r["notifications"] if n["action"] == "sent"]
    assert len(sent) == len(set(sent)) == 6
    assert [opened(world, c) for c in children] == [1] * 6


@ON_POSTGRESQL
def test_readyz_of_a_running_process_fails_when_its_key_or_schema_goes_wrong(service, database_url):
    from alembic import command

    from bot.platform.db import alembic_config

    assert httpx.get(f"{service.base}/readyz").status_code == 200
    # Another process rotates the data key to one this process does not have.
    old = service.env["MYREVIEW_DATA_KEY"]
    rotated = {**service.env, "MYREVIEW_DATA_KEY": f"{Fernet.generate_key().decode()},{old}"}
    myreview(rotated, "keys", "rotate", cwd=service.folder)
    ready = httpx.get(f"{service.base}/readyz")
    assert ready.status_code == 503
    assert {c["name"]: c["state"] for c in ready.json()["checks"]}["data key"] == "failed"
    # And the schema is taken back a revision under it.
    command.downgrade(alembic_config(database_url), "0008")
    ready = httpx.get(f"{service.base}/readyz")
    assert ready.status_code == 503
    assert {c["name"]: c["state"] for c in ready.json()["checks"]}["schema"] == "failed"
