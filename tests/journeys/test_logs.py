"""MYREVIEW_LOG_LEVEL works, and no log line ever holds a bot token or a person's words,
whatever the level: the filter on its own, and the real Application at DEBUG."""

from __future__ import annotations

import logging

import pytest
from cryptography.fernet import Fernet

from bot.cli import main
from bot.platform import logs
from bot.platform.logs import HIDDEN, RedactingFilter, redact
from handlers.app import build_application
from telegram_double import BotAPIDouble
from tests.journeys.conftest import World

# The shape of a real token (BotFather's), and one configured for a test bot.
TOKEN = "7212345678:AAHkZ3vQ9xYq7LmN2pR5sT8uW1oE4iB6cD0f"
SHORT = "123456:TESTONLY"
WORDS = "nobody knows my uncle Quentin hurts me"


@pytest.fixture
def restore_logging():
    """``logs.configure`` sets this process's logging; put it back after the test."""
    root = logging.getLogger()
    names = (*logs.PRODUCT_LOGGERS, *logs.FLOORS, "telegram.ext.ExtBot", "telegram.Bot")
    before = (list(root.handlers), root.level, {n: logging.getLogger(n).level for n in names})
    secrets = set(logs._secrets)
    yield
    handlers, level, levels = before
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    for name, value in levels.items():
        logging.getLogger(name).setLevel(value)
    logs._secrets.clear()
    logs._secrets.update(secrets)


def record(msg: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else None
    return logging.LogRecord("telegram.ext.ExtBot", logging.DEBUG, __file__, 1, msg, args, exc_info)


def shown(rec: logging.LogRecord, secrets=()) -> str:
    RedactingFilter(secrets).filter(rec)
    return logging.Formatter(logs.FORMAT).format(rec)


# --- the filter --------------------------------------------------------------------------


def test_a_bot_token_is_blanked_wherever_it_is():
    line = shown(record("HTTP Request: POST %s", f"https://api.telegram.org/bot{TOKEN}/getMe"))
    assert TOKEN not in line and "7212345678" not in line
    assert f"https://api.telegram.org/bot{HIDDEN}/getMe" in line


def test_the_configured_token_is_blanked_even_when_it_is_not_token_shaped():
    line = shown(record("Set Bot API URL: %s", f"http://127.0.0.1/bot{SHORT}"), [SHORT])
    assert SHORT not in line and HIDDEN in line


def test_ptbs_call_and_return_dumps_are_blanked():
    call = record(
        "Calling Bot API endpoint `%s` with parameters `%s`",
        "sendMessage",
        {"chat_id": 42, "text": WORDS, "reply_markup": {"inline_keyboard": [[{"text": "Yes"}]]}},
    )
    line = shown(call)
    assert WORDS not in line and "Quentin" not in line
    assert line.endswith(f"Calling Bot API endpoint `sendMessage` with parameters `{HIDDEN}`")
    back = shown(
        record(
            "Call to Bot API endpoint `%s` finished with return value `%s`",
            "sendMessage",
            {"message_id": 7, "text": WORDS},
        )
    )
    assert "Quentin" not in back and back.endswith(f"with return value `{HIDDEN}`")


def test_an_update_and_any_words_field_are_blanked():
    update = "Update(message=Message(chat=Chat(first_name='Sky', id=5), text='I feel unsafe'))"
    assert "unsafe" not in shown(record("Processing update %s", update))
    # The same words in another library's wording: a repr, a dict, JSON.
    for line in (
        "Message(caption='me at Nan\\'s', first_name='Sky', username=\"sky_t\")",
        "{'text': 'I feel unsafe', 'chat_id': 5}",
        '{"text": "I feel unsafe", "callback_data": "c:1:2"}',
        "sendMessage failed: parameters={'chat_id': 5, 'text': 'I feel unsafe'}",
    ):
        out = redact(line)
        for secret in ("unsafe", "Nan", "Sky", "sky_t", "c:1:2"):
            assert secret not in out, (line, out)
    assert redact("{'chat_id': 5, 'text': 'x'}").startswith("{'chat_id': 5")


def test_exception_text_is_blanked_too():
    try:
        raise RuntimeError(f"POST https://api.telegram.org/bot{TOKEN}/sendMessage text='{WORDS}'")
    except RuntimeError as exc:
        line = shown(record("update %s failed: %s", 12, "RuntimeError", exc=exc))
    assert "Traceback" in line and "update 12 failed: RuntimeError" in line
    assert TOKEN not in line and "Quentin" not in line


def test_a_line_with_nothing_to_hide_is_left_alone():
    rec = record("review %s exported as %s (%d bytes)", 4, "pdf", 1234)
    assert shown(rec).endswith("review 4 exported as pdf (1234 bytes)")


# --- the levels --------------------------------------------------------------------------


def test_the_level_is_the_products_and_libraries_keep_their_floor(restore_logging):
    logs.configure("DEBUG")
    assert logging.getLogger("bot.outbox").getEffectiveLevel() == logging.DEBUG
    assert logging.getLogger("handlers.app").getEffectiveLevel() == logging.DEBUG
    assert logging.getLogger("telegram.ext.ExtBot").getEffectiveLevel() == logging.INFO
    assert logging.getLogger("apscheduler.scheduler").getEffectiveLevel() == logging.INFO
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("sqlalchemy.engine").getEffectiveLevel() == logging.WARNING
    logs.configure("ERROR")
    assert logging.getLogger("telegram").getEffectiveLevel() == logging.ERROR
    root = logging.getLogger()
    assert len([h for h in root.handlers if getattr(h, "_myreview", False)]) == 1


def test_an_unknown_level_is_one_line(monkeypatch, capsys):
    monkeypatch.setenv("MYREVIEW_LOG_LEVEL", "LOUD")
    assert main(["keys", "new"]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        "myreview: MYREVIEW_LOG_LEVEL: unknown log level 'LOUD': "
        "use one of DEBUG, INFO, WARNING, ERROR, CRITICAL"
    ]


def test_myreview_run_logs_at_the_level_asked_and_never_the_token(
    tmp_path, monkeypatch, capsys, restore_logging
):
    """``myreview run`` as an operator starts it, with its long polling replaced by a
    few lines of the kind PTB and httpx log at DEBUG."""
    from telegram.ext import Application

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'run.db'}")
    monkeypatch.setenv("MYREVIEW_DATA_KEY", Fernet.generate_key().decode())
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("MYREVIEW_LOG_LEVEL", "debug")
    assert main(["db", "upgrade"]) == 0

    def polling(self, **kwargs):
        logging.getLogger("telegram.ext.ExtBot").info(
            "Calling Bot API endpoint `%s` with parameters `%s`",
            "sendMessage",
            {"chat_id": 5, "text": WORDS},
        )
        logging.getLogger("telegram.ext.ExtBot").debug("a DEBUG line PTB would log")
        logging.getLogger("httpx").warning("POST %s/getUpdates failed", self.bot.base_url)
        logging.getLogger("bot.outbox.dispatcher").debug("a DEBUG line of the product's own")

    monkeypatch.setattr(Application, "run_polling", polling)
    capsys.readouterr()
    assert main(["run"]) == 0
    err = capsys.readouterr().err
    assert "DEBUG bot.outbox.dispatcher: a DEBUG line of the product's own" in err
    assert "INFO myreview: starting long polling" in err
    assert "a DEBUG line PTB would log" not in err
    assert "getUpdates failed" in err and f"bot{HIDDEN}/getUpdates" in err
    assert "Calling Bot API endpoint `sendMessage`" in err
    assert TOKEN not in err and "7212345678" not in err and "Quentin" not in err


# --- the real Application, at DEBUG ------------------------------------------------------


async def _disclosure_at_debug(rt, capsys) -> str:
    """A child tells the bot something worrying, through the real Application on the
    in-process Bot API, with a real-shaped token; returns what was logged."""
    double = BotAPIDouble(bot_id=7212345678)
    world = World(rt, double)
    world.app = build_application(rt, token=TOKEN, request=double)
    await world.app.initialize()
    await world.app.post_init(world.app)
    try:
        iro = await world.join("iro", "Jo Example")
        child = await world.join("child", "Sky Test", iro_id=iro.person_id)
        replies = await child.send(WORDS)
        # The words reached the IRO: they were in an update in and a sendMessage out.
        assert "Quentin" in replies.to(iro.chat_id)[0].plain
        assert any(c.method == "sendMessage" and "Quentin" in str(c.params) for c in double.calls)
    finally:
        await world.app.shutdown()
    return capsys.readouterr().err


async def test_at_debug_the_application_logs_neither_token_nor_words(rt, capsys, restore_logging):
    logs.configure("DEBUG")
    capsys.readouterr()
    err = await _disclosure_at_debug(rt, capsys)
    assert "DEBUG" in err or "INFO" in err  # something was logged at all
    assert TOKEN not in err and "AAHkZ3vQ9" not in err
    assert "Quentin" not in err and "hurts me" not in err


async def test_even_with_ptb_forced_to_debug_its_dumps_are_blanked(rt, capsys, restore_logging):
    """Someone lowers ``telegram`` by hand: its DEBUG dumps of every call and update come
    through, and the filter still blanks the token and the words in them."""
    logs.configure("DEBUG")
    logging.getLogger("telegram").setLevel(logging.DEBUG)
    capsys.readouterr()
    err = await _disclosure_at_debug(rt, capsys)
    assert "Calling Bot API endpoint `sendMessage` with parameters `<hidden>`" in err
    assert "finished with return value `<hidden>`" in err
    assert TOKEN not in err and "AAHkZ3vQ9" not in err
    assert "Quentin" not in err and "hurts me" not in err and "Sky" not in err
