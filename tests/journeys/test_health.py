"""`myreview check`, and what `myreview run` warns about before it starts: the
database, the schema, the data key, and whether there is always someone to tell."""

from __future__ import annotations

import json
import time

from cryptography.fernet import Fernet

from telegram_double.server import BotAPIServer
from tests.journeys.processes import environment, myreview, running_bot


def test_check_says_when_there_is_no_duty_route_and_when_there_is(cli):
    code, out, _ = cli("check", "--json")
    result = json.loads(out)
    assert code == 0 and result["state"] == "warning"
    states = {c["name"]: c["state"] for c in result["checks"]}
    assert states == {"database": "ok", "schema": "ok", "data key": "ok", "duty route": "warning"}
    duty = next(c for c in result["checks"] if c["name"] == "duty route")
    assert "people add --role duty" in duty["detail"]
    assert cli("people", "add", "--role", "duty", "--name", "Dee Duty")[0] == 0
    code, out, _ = cli("check")
    assert "warning  duty route: no duty worker can be reached" in out  # not linked yet


def test_check_fails_on_an_old_schema(tmp_path, monkeypatch, capsys):
    from bot.cli import main
    from bot.platform.db import Database, upgrade

    url = f"sqlite:///{tmp_path / 'old.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MYREVIEW_DATA_KEY", Fernet.generate_key().decode())
    database = Database(url)
    upgrade(database, "0005")
    database.dispose()
    code = main(["check"])
    out, err = capsys.readouterr()
    assert code == 1 and "failed   schema: at 0005" in out
    assert err == "myreview: the service cannot run as it is: see above\n"


def test_run_warns_at_start_up_when_no_duty_route_exists(tmp_path, database_url):
    server = BotAPIServer().start()
    try:
        env = environment(database_url, Fernet.generate_key().decode(), server)
        myreview(env, "db", "upgrade", cwd=tmp_path)
        log = tmp_path / "bot.log"
        with running_bot(env, tmp_path, log):
            server.wait_for(lambda: any(m == "getUpdates" for m, _ in server.requests))
            time.sleep(0.2)
        said = log.read_text()
        assert "WARNING" in said and "duty route: no duty route" in said
    finally:
        server.stop()
