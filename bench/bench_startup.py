"""Benchmark: how fast My Review starts, beside the floor and a bare echo bot.

    .venv/bin/python bench/bench_startup.py [--runs 5]

Prints, median (min–max) of ``--runs`` fresh processes each:

* ``myreview --help`` beside ``python -c pass`` (the interpreter alone; target:
  under 0.3 s);
* process start to the first ``getUpdates`` for ``myreview run`` (SQLite, an
  upgraded database) beside python-telegram-bot's echo bot, both polling the Bot API
  stand-in over HTTP (``telegram_double.server``; target: under 1 s).

The project's modules are compiled to bytecode first, as installing the package does.

It prints figures and asserts nothing: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography.fernet import Fernet  # noqa: E402

from telegram_double.server import BotAPIServer  # noqa: E402

PACKAGES = ("bot", "handlers", "messages", "models", "web", "telegram_double")
ECHO_BOT = """
import sys
from telegram.ext import Application, MessageHandler, filters

async def echo(update, context):
    await update.message.reply_text(update.message.text)

app = (Application.builder().token(sys.argv[1]).base_url(sys.argv[2])
       .base_file_url(sys.argv[3]).build())
app.add_handler(MessageHandler(filters.TEXT, echo))
app.run_polling()
"""


def seconds(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def until_polling(server: BotAPIServer, command: list[str], env: dict[str, str]) -> float:
    """From starting the process to its first getUpdates reaching the stand-in."""
    before = sum(1 for call in server.double.calls if call.method == "getUpdates")
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while sum(1 for c in server.double.calls if c.method == "getUpdates") == before:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()[-2000:])
            time.sleep(0.005)
        return time.perf_counter() - started
    finally:
        process.kill()
        process.wait()


def shown(values: list[float]) -> str:
    return f"{statistics.median(values):6.3f} s ({min(values):.3f}–{max(values):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    python = sys.executable
    # An installed My Review runs from bytecode: pip compiles a package as it installs it
    # (deploy/Dockerfile, the systemd unit's venv). This checkout is an editable install,
    # and with PYTHONDONTWRITEBYTECODE set (as on this machine) every process would
    # compile the project's own 127 modules again, about 0.15 s no deployment pays.
    subprocess.run([python, "-m", "compileall", "-q", *PACKAGES], cwd=ROOT, check=True)
    print(f"median (min–max) of {args.runs} fresh processes")
    floor = [seconds([python, "-c", "pass"]) for _ in range(args.runs)]
    helped = [seconds([python, "-m", "bot", "--help"]) for _ in range(args.runs)]
    print(f"{'python -c pass (the floor)':44} {shown(floor)}")
    print(f"{'myreview --help (target < 0.3 s)':44} {shown(helped)}")

    server = BotAPIServer().start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            env = {
                k: v for k, v in os.environ.items() if not k.startswith(("MYREVIEW_", "TELEGRAM_"))
            }
            env.update(
                DATABASE_URL=f"sqlite:///{Path(folder) / 'bench.db'}",
                MYREVIEW_DATA_KEY=Fernet.generate_key().decode(),
                TELEGRAM_BOT_TOKEN="123456:STARTUP",
                MYREVIEW_LOG_LEVEL="WARNING",
                **server.environment(),
            )
            subprocess.run([python, "-m", "bot", "db", "upgrade"], env=env, check=True,
                           capture_output=True, cwd=folder)  # fmt: skip
            mine = [
                until_polling(server, [python, "-m", "bot", "run"], env) for _ in range(args.runs)
            ]
            base = server.environment()
            echo_cmd = [python, "-c", ECHO_BOT, "123456:STARTUP", base["TELEGRAM_API_BASE_URL"],
                        base["TELEGRAM_API_BASE_FILE_URL"]]  # fmt: skip
            echo = [until_polling(server, echo_cmd, env) for _ in range(args.runs)]
    finally:
        server.stop()
    print(f"{'echo bot: start to first getUpdates':44} {shown(echo)}")
    print(f"{'myreview run: start to first getUpdates (< 1 s)':44} {shown(mine)}")


if __name__ == "__main__":
    main()
