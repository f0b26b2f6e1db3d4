"""The web chat in a real browser: Debian's Chromium, driven by Playwright, against a
real ``myreview run`` (long polling on the Bot API stand-in, and the web chat on a
port of its own), as a child on a phone would meet it.

Chromium is found at ``/usr/bin/chromium`` (``MYREVIEW_CHROMIUM`` to change it);
axe-core, the accessibility checker, in ``.ci/node/node_modules`` (``.ci/run``
installs both). Without them these tests fail: they never skip in CI.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from cryptography.fernet import Fernet

from telegram_double.server import BotAPIServer
from tests.journeys.processes import MYREVIEW, RemoteUser, environment, myreview
from tests.support import CHILD_DOB

ROOT = Path(__file__).parents[2]
CHROMIUM = os.environ.get("MYREVIEW_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> Iterator[SimpleNamespace]:
    """``myreview run`` with the web chat, a team on Telegram, and two children with
    web links: Sky (14, English) and Rami (12, Arabic)."""
    folder = tmp_path_factory.mktemp("web")
    server = BotAPIServer().start()
    port = free_port()
    # The neutral site "Quick exit" leaves for: a page of its own, as the weather would be.
    (folder / "neutral").mkdir()
    (folder / "neutral" / "index.html").write_text("<title>Weather</title><h1>Weather</h1>")
    neutral_port = free_port()
    neutral = subprocess.Popen(
        ["python3", "-m", "http.server", str(neutral_port), "--bind", "127.0.0.1"],
        cwd=folder / "neutral",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://localhost:{port}"
    env = environment(f"sqlite:///{folder / 'myreview.db'}", Fernet.generate_key().decode(), server)
    env.update(
        MYREVIEW_WEB_URL=base,
        MYREVIEW_LISTEN=f"127.0.0.1:{port}",
        MYREVIEW_QUICK_EXIT_URL=f"http://127.0.0.1:{neutral_port}/",
    )

    def cli(*args: str) -> dict:
        return json.loads(myreview(env, *args, "--json", cwd=folder).stdout)

    myreview(env, "db", "upgrade", cwd=folder)
    iro = cli("people", "add", "--role", "iro", "--name", "Jo Example")
    sw = cli("people", "add", "--role", "social-worker", "--name", "Pat Sample")
    children = {}
    for name, locale, dob in (("Sky Test", "en", CHILD_DOB), ("Rami Test", "ar", None)):
        extra = ["--dob", (dob or CHILD_DOB.replace(year=2014)).isoformat()]
        child = cli("people", "add", "--role", "child", "--name", name, "--iro", str(iro["id"]),
                    "--social-worker", str(sw["id"]), "--locale", locale, *extra)  # fmt: skip
        myreview(env, "reviews", "add", "--child", str(child["id"]), "--at", "2027-01-15T10:00",
                 cwd=folder)  # fmt: skip
        children[name.split()[0].lower()] = cli("people", "invite", str(child["id"]), "--web")
    # A link made long ago: it expired before anyone opened it.
    children["old"] = cli("--now", "2026-01-05T10:00+00:00", "people", "invite",
                          str(children["sky"]["id"]), "--web")  # fmt: skip
    log = folder / "run.log"
    with log.open("ab") as out:
        process = subprocess.Popen([*MYREVIEW, "run"], env=env, cwd=folder, stdout=out, stderr=out)
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise AssertionError("the web chat did not start:\n" + log.read_text())
        jo = RemoteUser(server, 7001, "Jo")
        jo.say(f"/start {iro['invite_token']}", expect="Jo")
        pat = RemoteUser(server, 7002, "Pat")
        pat.say(f"/start {sw['invite_token']}", expect="Pat")
        yield SimpleNamespace(
            base=base, server=server, jo=jo, pat=pat, links=children, log=log, env=env
        )
    finally:
        process.terminate()
        process.wait(timeout=20)
        neutral.terminate()
        server.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            # A microphone that plays a tone, allowed without asking: MediaRecorder works.
            args=["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    """A small phone's browser (360×640), with nothing kept from another test."""
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, locale="en-GB", permissions=["microphone"]
    )
    page = context.new_page()
    yield page
    context.close()
