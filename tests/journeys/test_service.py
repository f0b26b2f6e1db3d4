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

from telegram_double.server import BotAPIServer
from tests.journeys.processes import MYREVIEW, RemoteUser, environment, myreview
from tests.support import CHILD_DOB

SECRET = "s3cret-webhook_token"
WORDS = "my own private words 42"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def service(tmp_path, database_url):
    """``myreview run`` in webhook mode with JSON logs, a child (Sky) and her IRO."""
    server = BotAPIServer().start()
    port = free_port()
    env = environment(database_url, Fernet.generate_key().decode(), server)
    env.update(
        TELEGRAM_WEBHOOK_URL="https://bot.example.gov.uk/telegram/updates",
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        MYREVIEW_LISTEN=f"127.0.0.1:{port}",
        MYREVIEW_LOG_FORMAT="json",
    )
    myreview(env, "db", "upgrade", cwd=tmp_path)
    iro = json.loads(myreview(env, "people", "add", "--role", "iro", "--name", "Jo Example",
                              "--json", cwd=tmp_path).stdout)  # fmt: skip
    child = json.loads(myreview(env, "people", "add", "--role", "child", "--name", "Sky Test",
                                "--dob", CHILD_DOB.isoformat(), "--iro", str(iro["id"]),
                                "--json", cwd=tmp_path).stdout)  # fmt: skip
    log = tmp_path / "run.log"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [*MYREVIEW, "run"], env=env, cwd=tmp_path, stdout=out, stderr=out
        )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.05)
    else:
        process.kill()
        raise AssertionError("myreview run did not start:\n" + log.read_text())
    try:
        yield type("Service", (), {"base": base, "server": server, "process": process,
                                   "log": log, "child": child, "iro": iro})  # fmt: skip
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=20)
        server.stop()


def post_update(service, update: dict, secret: str | None = SECRET) -> httpx.Response:
    headers = {"x-telegram-bot-api-secret-token": secret} if secret is not None else {}
    return httpx.post(f"{service.base}/telegram/updates", json=update, headers=headers, timeout=10)


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


def test_json_logs_are_one_object_per_line_with_no_childs_words(service):
    sky = RemoteUser(service.server, 5001, "Sky")
    post_update(service, sky.text_update(f"/start {service.child['invite_token']}"))
    service.server.wait_for(lambda: any("Which language" in m.plain for m in sky.history))
    post_update(service, sky.text_update("he hits me " + WORDS))
    time.sleep(1)
    lines = [line for line in service.log.read_text().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is JSON
    assert all({"at", "level", "logger", "message"} <= set(e) for e in entries)
    text = service.log.read_text()
    assert WORDS not in text and "123456:PROCESS-TEST" not in text
    assert service.child["invite_token"] not in text


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


def test_readyz_fails_on_a_wrong_data_key_and_on_an_old_schema(cli):
    import os

    from alembic import command
    from cryptography.fernet import MultiFernet

    from bot.platform.db import alembic_config
    from bot.platform.runtime import open_runtime
    from bot.platform.settings import load_settings

    assert cli("people", "add", "--role", "iro", "--name", "Jo Example")[0] == 0
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
