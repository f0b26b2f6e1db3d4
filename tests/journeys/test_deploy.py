"""The deployment in deploy/, tested rather than only written down: Debian's nginx
with deploy/nginx.conf in front of two real ``myreview run`` processes on one
PostgreSQL, and the Dockerfile parsed and checked (there is no Docker engine on
the machine the tests run on)."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import time
import tomllib
from pathlib import Path

import dockerfile
import httpx
import pytest

from tests.journeys import steps
from tests.journeys.processes import RemoteUser, myreview
from tests.journeys.test_service import (
    SECRET,
    _start_webhook_process,
    free_port,
    webhook_team,
)

ROOT = Path(__file__).parents[2]
DEPLOY = ROOT / "deploy"


def nginx_config(folder: Path, port: int, upstreams: list[int]) -> Path:
    """deploy/nginx.conf as it runs here: on loopback, without TLS, to these ports."""
    site = (DEPLOY / "nginx.conf").read_text()
    site = re.sub(r"\n\s*listen 443 ssl;\n\s*http2 on;", f"\n    listen 127.0.0.1:{port};", site)
    site = re.sub(r"\n\s*ssl_[a-z_]+ [^\n]*;", "", site)
    site = site.replace("server 127.0.0.1:8081", f"server 127.0.0.1:{upstreams[0]}")
    site = site.replace("server 127.0.0.1:8082", f"server 127.0.0.1:{upstreams[1]}")
    main = folder / "nginx-main.conf"
    main.write_text(
        f"pid {folder}/nginx.pid;\nerror_log {folder}/nginx-error.log;\n"
        "events {}\n"
        f"http {{\n client_body_temp_path {folder}/body;\n proxy_temp_path {folder}/proxy;\n"
        f" fastcgi_temp_path {folder}/fcgi;\n uwsgi_temp_path {folder}/uwsgi;\n"
        f" scgi_temp_path {folder}/scgi;\n{site}\n}}\n"
    )
    return main


def test_nginx_in_front_of_two_processes_serves_the_webhook_and_health(tmp_path, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("two processes share PostgreSQL")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx is missing: .ci/run installs it (apt-get install nginx)"
    server, env, _, child = webhook_team(tmp_path, database_url)
    myreview(env, "reviews", "add", "--child", str(child["id"]), "--at", "2027-01-12T10:00",
             cwd=tmp_path)  # fmt: skip
    first, a = _start_webhook_process(env, tmp_path, "first")
    second, b = _start_webhook_process(env, tmp_path, "second")
    port = free_port()
    ports = [int(a.rsplit(":", 1)[1]), int(b.rsplit(":", 1)[1])]
    proxy = subprocess.Popen(
        [nginx, "-c", str(nginx_config(tmp_path, port, ports)), "-p", str(tmp_path),
         "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    front = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{front}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        else:
            raise AssertionError((tmp_path / "nginx-error.log").read_text())
        assert httpx.get(f"{front}/metrics").status_code == 403  # only from inside
        sky = RemoteUser(server, 5001, "Sky")
        headers = {"x-telegram-bot-api-secret-token": SECRET}

        def send(update: dict) -> int:
            server.double.record_incoming(update)
            return httpx.post(f"{front}/telegram/updates", json=update, headers=headers).status_code

        assert httpx.post(f"{front}/telegram/updates", json={}).status_code == 403
        assert send(sky.text_update(f"/start {child['invite_token']}")) == 200
        for label in ("English", *steps.WORDS):
            server.wait_for(lambda label=label: any(m.button(label) for m in sky.history))
            message = next(m for m in reversed(sky.history) if m.button(label))
            assert (
                send(sky.callback_update(message.button(label).callback_data, message.raw)) == 200
            )
        # Sky's words are kept: she is asked to start, whichever process had each tap.
        server.wait_for(lambda: any(m.button("▶️ Start now") for m in sky.history))
        # Both processes took updates, through the one front door.
        for base in (a, b):
            metrics = httpx.get(f"{base}/metrics").text
            handled = sum(
                float(line.rsplit(" ", 1)[1])
                for line in metrics.splitlines()
                if line.startswith("myreview_updates_total{")
            )
            assert handled >= 1, f"{base} took no update"
    finally:
        proxy.send_signal(signal.SIGQUIT)
        proxy.wait(timeout=20)
        for process in (first, second):
            process.send_signal(signal.SIGTERM)
        for process in (first, second):
            assert process.wait(timeout=30) == 0
        server.stop()


def test_the_dockerfile_builds_the_product_as_a_non_root_worker_that_stops_cleanly():
    commands = dockerfile.parse_file(str(DEPLOY / "Dockerfile"))
    by_name: dict[str, list[tuple[str, ...]]] = {}
    for command in commands:
        by_name.setdefault(command.cmd, []).append(command.value)
    assert by_name["FROM"][0][0].startswith("python:3.11")
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"
    ]["find"]["include"]
    copied = {value[0] for value in by_name["COPY"]}
    assert {p.rstrip("*") for p in packages} <= copied  # every package goes in
    assert by_name["USER"][0][0] != "root"
    assert by_name["STOPSIGNAL"] == [("SIGTERM",)]
    assert "readyz" in " ".join(by_name["HEALTHCHECK"][0])
    assert "myreview run" in " ".join(by_name["CMD"][0])


def test_the_systemd_unit_runs_a_worker_per_port_with_a_clean_stop():
    unit = (DEPLOY / "myreview@.service").read_text()
    assert "Environment=MYREVIEW_LISTEN=127.0.0.1:%i" in unit
    assert "KillSignal=SIGTERM" in unit and "ExecStart=/srv/myreview/.venv/bin/myreview run" in unit
    assert "NoNewPrivileges=true" in unit
