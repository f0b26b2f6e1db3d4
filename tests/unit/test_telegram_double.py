"""Tests for the in-process Bot API double (the telegram_double package).

The app under test here is a tiny one defined in this file, so the double is proven against
real python-telegram-bot machinery (CommandHandler, CallbackQueryHandler, ExtBot, the rate
limiter, the polling Updater) without depending on the rest of the project.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import html
import json
import time

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    EndPointNotFound,
    Forbidden,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from telegram_double import (
    BotAPIDouble,
    FakeUser,
    HTMLParseError,
    application_builder,
    parse_html,
    utf16_len,
)

SKY = 1001
JO = 2002

# ---------------------------------------------------------------------------------------------
# A tiny app
# ---------------------------------------------------------------------------------------------


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    name = html.escape(update.effective_user.first_name)
    token = " ".join(context.args)
    context.bot_data["start_token"] = token
    await update.effective_message.reply_text(
        f"Hello <b>{name}</b>! Shall we start?",
        reply_markup=InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton("Yes", callback_data="answer:yes"),
                    InlineKeyboardButton("No", callback_data="answer:no"),
                ],
                [InlineKeyboardButton("Help page", url="https://example.org/help")],
            ]
        ),
    )


async def on_echo_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(f"<b>{html.escape(' '.join(context.args))}</b>")


async def on_report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await context.bot.send_document(
        update.effective_chat.id,
        document=b"review notes\n",
        filename="report.txt",
        caption="Your <i>report</i>",
    )
    await context.bot.send_message(JO, f"{html.escape(update.effective_user.first_name)} <3")


async def on_alert(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await context.bot.send_message(JO, "Sky asked for help")
    await update.effective_message.reply_text("I told your worker.")


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    context.bot_data.setdefault("taps", []).append(query.data)
    if query.data in ("answer:yes", "answer:no"):
        await query.answer("Saved")
        await query.edit_message_text(f"You said <b>{query.data.split(':')[1]}</b>.")
    else:
        await query.answer("That button has expired.", show_alert=True)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    context.bot_data["last"] = update.message
    await update.message.reply_text(f"<b>{html.escape(update.message.text)}</b>")


async def on_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.edited_message.reply_text(f"Noted your edit: {update.edited_message.text}")


async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    context.bot_data["last"] = update.message
    photo_file = await update.message.photo[-1].get_file()
    data = await photo_file.download_as_bytearray()
    await update.message.reply_photo(
        update.message.photo[-1].file_id, caption=f"Got {len(data)} bytes"
    )


async def on_voice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    context.bot_data["last"] = update.message
    await update.message.copy(chat_id=JO)


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    context.bot_data["last"] = update.message


async def on_group(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text("Please talk to me privately.")


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    context.bot_data.setdefault("errors", []).append(context.error)


def add_handlers(app: Application) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("start", on_start, filters=private))
    app.add_handler(CommandHandler("echo", on_echo_command))
    app.add_handler(CommandHandler("report", on_report))
    app.add_handler(CommandHandler("alert", on_alert))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(MessageHandler(filters.ChatType.GROUPS & filters.TEXT, on_group))
    app.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.TEXT, on_edit),
    )
    app.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, on_text)
    )
    app.add_handler(MessageHandler(filters.PHOTO, on_photo))
    app.add_handler(MessageHandler(filters.VOICE, on_voice))
    app.add_handler(
        MessageHandler(
            filters.Sticker.ALL
            | filters.LOCATION
            | filters.CONTACT
            | filters.POLL
            | filters.Document.ALL,
            on_other,
        )
    )
    app.add_error_handler(on_error)


def build_app(double: BotAPIDouble, *, rate_limited: bool = False) -> Application:
    builder = application_builder(double).defaults(Defaults(parse_mode=ParseMode.HTML))
    if rate_limited:
        builder = builder.rate_limiter(AIORateLimiter())
    app = builder.build()
    add_handlers(app)
    return app


@pytest.fixture
def double() -> BotAPIDouble:
    return BotAPIDouble()


@pytest.fixture(params=[False, True], ids=["plain", "rate-limited"])
async def app(request, double):
    application = build_app(double, rate_limited=request.param)
    await application.initialize()
    yield application
    await application.shutdown()


@pytest.fixture
def sky(double, app) -> FakeUser:
    return FakeUser(double, app, SKY, "Sky", "en")


@pytest.fixture
def jo(double, app) -> FakeUser:
    return FakeUser(double, app, JO, "Jo", "en", last_name="Example")


# ---------------------------------------------------------------------------------------------
# Basics
# ---------------------------------------------------------------------------------------------


async def test_initialize_calls_get_me(app, double):
    assert double.calls[0].method == "getMe"
    assert app.bot.username == "myreview_demo_bot"
    assert app.bot.id == 123456
    assert app.bot.bot.is_bot


async def test_same_double_works_via_plain_builder():
    double = BotAPIDouble(bot_id=42, username="other_demo_bot")
    app = Application.builder().token("42:TEST").request(double).get_updates_request(double).build()
    async with app:
        assert app.bot.username == "other_demo_bot"
        assert app.bot.id == 42


async def test_start_reply_has_buttons_and_chat(app, sky, double):
    replies = await sky.send("/start 3f9a7c21d0")
    assert app.bot_data["start_token"] == "3f9a7c21d0"
    assert len(replies) == 1
    reply = replies[0]
    assert reply.chat_id == SKY
    assert reply.text == "Hello <b>Sky</b>! Shall we start?"
    assert reply.plain == "Hello Sky! Shall we start?"
    assert reply.parse_mode == "HTML"
    assert reply.button_labels == ["Yes", "No", "Help page"]
    assert reply.buttons[0][0].callback_data == "answer:yes"
    assert reply.buttons[1][0].url == "https://example.org/help"
    assert reply.raw["chat"] == {"id": SKY, "type": "private", "first_name": "Sky"}
    assert reply.raw["from"]["username"] == "myreview_demo_bot"
    assert reply.raw["entities"] == [{"offset": 6, "length": 3, "type": "bold"}]
    assert sky.last is reply
    assert sky.buttons() == reply.buttons


async def test_message_ids_per_chat_and_update_ids_global(sky, jo, double):
    first = await sky.send("/start")
    second = await jo.send("/start")
    third = await sky.send("hello")
    # Sky's chat: 1 (/start), 2 (reply), 3 (hello), 4 (reply); Jo's chat starts again at 1.
    assert first[0].message_id == 2
    assert second[0].message_id == 2
    assert third[0].message_id == 4
    update_ids = [u["update_id"] for u in (sky.text_update("a"), jo.text_update("b"))]
    assert update_ids[0] < update_ids[1]


async def test_a_message_numbered_elsewhere_still_takes_its_id_in_the_chat(app, sky, double):
    # A copy of this double (as a benchmark replays on) is told of a message the
    # original numbered: the bot's next message in that chat comes after it, as on
    # Telegram, instead of reusing its id.
    copy = BotAPIDouble()
    update = sky.text_update("hello")  # numbered by the original double
    copy.record_incoming(update)
    status, body = await copy.answer("sendMessage", {"chat_id": sky.chat_id, "text": "hi"}, {})
    assert status == 200
    assert json.loads(body)["result"]["message_id"] == update["message"]["message_id"] + 1


async def test_tap_edit_removes_buttons(app, sky, double):
    await sky.send("/start")
    start = sky.last
    replies = await sky.tap("Yes")
    assert app.bot_data["taps"] == ["answer:yes"]
    assert replies.answer is not None and replies.answer.text == "Saved"
    assert double.callback_answers[-1].text == "Saved"
    assert replies == []  # nothing new was sent...
    assert replies.edited == [start]  # ...the question was edited in place
    assert start.plain == "You said yes."
    assert start.buttons == []
    assert len(start.edits) == 1
    assert start.edits[0].method == "editMessageText"
    assert "reply_markup" not in start.raw
    assert double.unanswered_callback_queries == set()
    with pytest.raises(AssertionError, match="no message with buttons"):
        await sky.tap("No")


async def test_tap_by_callback_data_and_explicit_message(app, sky):
    await sky.send("/start")
    first = sky.last
    await sky.send("/start")
    await sky.tap("answer:no", message=first)
    assert app.bot_data["taps"] == ["answer:no"]
    assert first.plain == "You said no."
    assert sky.last.buttons  # the second question is untouched


async def test_tap_missing_button_lists_available(sky):
    await sky.send("/start")
    with pytest.raises(AssertionError, match=r"available: 'Yes' \(data='answer:yes'\)"):
        await sky.tap("Maybe")
    with pytest.raises(AssertionError, match=r"opens 'https://example\.org/help'"):
        await sky.tap("Help page")


async def test_forged_tap_data_reaches_handler(app, sky, double):
    await sky.send("/start")
    replies = await sky.tap_data("admin:delete-everything", sky.last.message_id)
    assert app.bot_data["taps"] == ["admin:delete-everything"]
    assert replies.answer.show_alert
    # A message the bot never sent arrives as an inaccessible message (date 0).
    await sky.tap_data("answer:yes:old", 999)
    assert app.bot_data["taps"][-1] == "answer:yes:old"
    assert "sends callback data 'answer:yes:old' on #999" in double.format_transcript()


async def test_replies_include_alerts_to_other_people(sky, jo):
    replies = await sky.send("/alert")
    assert [m.chat_id for m in replies] == [JO, SKY]
    assert replies.to(JO)[0].plain == "Sky asked for help"
    assert replies.to(JO)[0].raw["chat"]["last_name"] == "Example"
    assert jo.last.plain == "Sky asked for help"


# ---------------------------------------------------------------------------------------------
# Media and other update kinds
# ---------------------------------------------------------------------------------------------


async def test_photo_update_parses_and_file_downloads(app, sky, double):
    replies = await sky.send_photo(file_id="ph-1", caption="my drawing", content=b"12345")
    message: Message = app.bot_data["last"]
    assert message.photo[-1].file_id == "ph-1"
    assert message.caption == "my drawing"
    reply = replies[0]
    assert reply.method == "sendPhoto"
    assert reply.kind == "photo"
    assert reply.file_id == "ph-1"
    assert reply.plain == "Got 5 bytes"
    assert [c.method for c in double.calls if c.method == "getFile"] == ["getFile"]


async def test_voice_is_parsed_and_copied(app, sky, jo, double):
    replies = await sky.send_voice(file_id="vo-1", duration=5)
    message: Message = app.bot_data["last"]
    assert message.voice.file_id == "vo-1"
    assert message.voice.mime_type == "audio/ogg"
    copied = replies.to(JO)[0]
    assert copied.method == "copyMessage"
    assert copied.kind == "voice"
    assert copied.file_id == "vo-1"
    assert "↪ copy of Sky's 🎤 voice message (0:05)" in double.format_transcript()


async def test_sticker_location_contact_poll_document_parse(app, sky):
    await sky.send_sticker(emoji="🦊")
    assert app.bot_data["last"].sticker.emoji == "🦊"
    await sky.send_location(51.5, -0.12)
    assert app.bot_data["last"].location.latitude == pytest.approx(51.5)
    await sky.send_contact(phone_number="+10000000001", first_name="Jo", user_id=JO)
    assert app.bot_data["last"].contact.user_id == JO
    await sky.send_poll("Best day?", ["Sat", "Sun"])
    assert [o.text for o in app.bot_data["last"].poll.options] == ["Sat", "Sun"]
    await sky.send_document(file_name="plan.pdf", content=b"%PDF", mime_type="application/pdf")
    assert app.bot_data["last"].document.file_name == "plan.pdf"


async def test_document_upload_is_recorded_with_bytes(sky, double):
    replies = await sky.send("/report")
    doc = replies.to(SKY)[0]
    assert doc.method == "sendDocument"
    assert doc.document_name == "report.txt"
    assert doc.document_bytes == b"review notes\n"
    assert doc.text == "Your <i>report</i>"
    assert doc.raw["caption_entities"] == [{"offset": 5, "length": 6, "type": "italic"}]
    assert double.file_bytes(doc.file_id) == b"review notes\n"
    upload = double.calls_to("sendDocument")[0].files["document"]
    assert upload.filename == "report.txt"
    assert upload.content == b"review notes\n"
    # "<3" is not a tag: Telegram refuses it, and so does the double.
    errors = sky.application.bot_data["errors"]
    assert isinstance(errors[-1], BadRequest)
    assert "can't parse entities" in str(errors[-1]).lower()


async def test_user_edit_and_group_message(sky, double):
    await sky.send("helo")
    replies = await sky.edit_message(sky.last_sent_id, "hello")
    assert replies[0].plain == "Noted your edit: hello"
    group = await sky.send_in_group("hi all")
    assert group[0].chat_id < 0
    assert group[0].raw["chat"]["type"] == "supergroup"
    assert "Sky @ Example group ▸ hi all" in double.format_transcript()


# ---------------------------------------------------------------------------------------------
# Text encoding
# ---------------------------------------------------------------------------------------------


async def test_rtl_and_emoji_round_trip_with_utf16_entities(app, sky):
    text = "שלום 👋🏽 /help"
    replies = await sky.send(text)
    received: Message = app.bot_data["last"]
    assert received.text == text
    (entity,) = received.entities
    assert entity.type == "bot_command"
    assert (entity.offset, entity.length) == (10, 5)  # 4 Hebrew + space + 👋🏽 (4 units) + space
    assert received.parse_entity(entity) == "/help"
    reply = replies[0]
    assert reply.raw["text"] == text
    assert reply.raw["entities"] == [{"offset": 0, "length": utf16_len(text), "type": "bold"}]
    assert Message.de_json(reply.raw, app.bot).text_html == f"<b>{text}</b>"


async def test_command_args_with_emoji_and_arabic(sky):
    replies = await sky.send("/echo مرحبا 🌍")
    assert replies[0].plain == "مرحبا 🌍"
    assert replies[0].raw["entities"] == [{"offset": 0, "length": 8, "type": "bold"}]


def test_parse_html_matches_telegram_rules():
    plain, entities = parse_html('A &amp; <b>b<i>🎉</i></b> <a href="https://x.example/">l</a> &x')
    assert plain == "A & b🎉 l &x"
    assert entities == [
        {"offset": 4, "length": 3, "type": "bold"},
        {"offset": 5, "length": 2, "type": "italic"},
        {"offset": 8, "length": 1, "type": "text_link", "url": "https://x.example/"},
    ]
    for bad, message in [
        ("line<br>break", 'Unsupported start tag "br"'),
        ("<b>open", "Can't find end tag"),
        ("<b><i>x</b></i>", 'expected "</i>", found "</b>"'),
        ("I <3 you", 'Unsupported start tag "3"'),
    ]:
        with pytest.raises(HTMLParseError, match=message):
            parse_html(bad)


# ---------------------------------------------------------------------------------------------
# Telegram's own checks and programmed failures
# ---------------------------------------------------------------------------------------------


async def test_edit_with_same_content_is_not_modified(app, sky):
    await sky.send("/start")
    msg = sky.last
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await app.bot.edit_message_reply_markup(
            SKY, msg.message_id, reply_markup=msg.raw["reply_markup"]
        )
    await app.bot.edit_message_reply_markup(SKY, msg.message_id)  # removes the buttons
    assert msg.buttons == []
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await app.bot.edit_message_text("x", SKY, 999)


async def test_callback_data_over_64_bytes_is_rejected(app):
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 33)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await app.bot.send_message(SKY, "hi", reply_markup=markup)


async def test_429_raises_retry_after(app, double, monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    rule = double.fail(method="sendMessage", status=429, retry_after=3, times=1)
    with pytest.raises(RetryAfter) as caught:
        await app.bot.send_message(SKY, "hi")
    assert caught.value.retry_after == dtm.timedelta(seconds=3)
    assert rule.hits == 1
    sent = await app.bot.send_message(SKY, "hi again")  # only failed once
    assert sent.text == "hi again"
    assert [c.status for c in double.calls_to("sendMessage")] == [429, 200]


async def test_403_raises_forbidden_and_reaches_error_handler(app, sky, double):
    double.fail(method="sendMessage", status=403, chat_id=JO)
    replies = await sky.send("/alert")
    error = app.bot_data["errors"][-1]
    assert isinstance(error, Forbidden)
    assert "bot was blocked by the user" in str(error)
    assert replies == []  # the handler stopped at the failed alert
    double.block(SKY)
    with pytest.raises(Forbidden):
        await app.bot.send_message(SKY, "anyone there?")


async def test_5xx_and_network_failures(app, double):
    double.fail(method="sendMessage", status=502)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await app.bot.send_message(SKY, "hi")
    double.fail(method="sendMessage", status=500)
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await app.bot.send_message(SKY, "hi")
    double.fail(method="sendPhoto", network="timeout")
    with pytest.raises(TimedOut):
        await app.bot.send_photo(SKY, b"img")
    double.fail(network="error", times=None)
    with pytest.raises(NetworkError):
        await app.bot.get_me()
    double.clear_failures()
    assert (await app.bot.get_me()).username == "myreview_demo_bot"


async def test_unknown_method_is_404(app):
    with pytest.raises(EndPointNotFound):
        await app.bot.do_api_request("noSuchMethod")


async def test_commands_round_trip(app):
    await app.bot.set_my_commands([("start", "Begin"), ("help", "Get help")])
    commands = await app.bot.get_my_commands()
    assert [c.command for c in commands] == ["start", "help"]
    await app.bot.send_chat_action(SKY, "typing")
    assert await app.bot.delete_webhook()
    assert await app.bot.log_out()
    assert await app.bot.close()


async def test_delete_message(app, sky, double):
    await sky.send("/start")
    msg = sky.last
    assert await app.bot.delete_message(SKY, msg.message_id)
    assert msg.deleted
    assert sky.last is None
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await app.bot.delete_message(SKY, msg.message_id)


# ---------------------------------------------------------------------------------------------
# Transcript
# ---------------------------------------------------------------------------------------------


async def test_transcript_renders(app, sky, jo, double):
    await sky.send("/start 3f9a7c21d0")
    await sky.tap("Yes")
    await sky.send("/alert")
    await sky.send_photo(caption="a cat")
    double.fail(method="sendMessage", status=403, chat_id=JO)
    await sky.send("/alert")
    transcript = double.format_transcript({SKY: "Sky (child)", JO: "Jo (worker)"}, width=60)
    lines = transcript.splitlines()
    assert lines[:5] == [
        "Sky (child) ▸ /start 3f9…",
        "Bot → Sky   ▸ Hello Sky! Shall we start?",
        "              [ Yes ]  [ No ]",
        "              [ Help page ↗ ]",
        "Sky (child) ▸ taps [ Yes ]",
    ]
    assert "Bot → Sky   ▸ 💬 toast: Saved" in lines
    assert "Bot → Sky   ▸ ✏️ edits #2: You said yes." in lines
    assert "Bot → Jo    ▸ Sky asked for help" in lines
    assert "Sky (child) ▸ 📷 photo: a cat" in lines
    assert "Bot → Sky   ▸ 📷 photo: Got 13 bytes" in lines
    assert "Bot → Jo    ▸ ✗ sendMessage failed: 403 Forbidden: bot was" in lines
    assert "              blocked by the user" in lines
    assert "<b>" not in transcript
    assert all(len(line) <= 60 for line in lines)


async def test_transcript_wraps_long_lines(app, double):
    await app.bot.send_message(SKY, "word " * 40 + "\n\nlast &amp; <b>final</b>")
    lines = double.format_transcript(width=50).splitlines()
    assert lines[0].startswith("Bot → 1001 ▸ word word")
    assert all(len(line) <= 50 for line in lines)
    assert lines[-1] == "             last & final"
    assert "" in lines  # the blank line between paragraphs is kept


# ---------------------------------------------------------------------------------------------
# Polling
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rate_limited", [False, True], ids=["plain", "rate-limited"])
async def test_polling_with_push_update(rate_limited):
    double = BotAPIDouble()
    app = build_app(double, rate_limited=rate_limited)
    began = time.monotonic()
    async with app:
        await app.start()
        await app.updater.start_polling(timeout=10)
        sky = FakeUser(double, app, SKY, "Sky")
        await asyncio.sleep(0.05)  # let the first long poll start waiting
        double.push_update(sky.text_update("/start from-polling"))
        for _ in range(100):
            if double.messages_to(SKY):
                break
            await asyncio.sleep(0.01)
        await app.updater.stop()
        await app.stop()
    assert time.monotonic() - began < 2
    assert sky.last is not None
    assert sky.last.plain == "Hello Sky! Shall we start?"
    assert app.bot_data["start_token"] == "from-polling"
    assert double.pending_updates == []  # the shutdown getUpdates confirmed the offset
    assert "deleteWebhook" in [c.method for c in double.calls]


async def test_get_updates_offset_limit_and_long_poll_wakeup():
    double = BotAPIDouble(long_poll_cap=5)
    app = build_app(double)
    async with app:
        sky = FakeUser(double, app, SKY, "Sky")
        first = double.push_update(sky.text_update("one"))
        double.push_update(sky.text_update("two"))
        (only,) = await app.bot.get_updates(limit=1, timeout=0)
        assert only.update_id == first["update_id"]
        assert only.message.text == "one"
        rest = await app.bot.get_updates(offset=first["update_id"] + 1, timeout=0)
        assert [u.message.text for u in rest] == ["two"]
        await app.bot.get_updates(offset=rest[-1].update_id + 1, timeout=0)
        assert double.pending_updates == []

        # A long poll waits for the next update, and wakes up as soon as one is pushed.
        asyncio.get_running_loop().call_later(0.05, double.push_update, sky.text_update("three"))
        began = time.monotonic()
        woken = await app.bot.get_updates(timeout=30)
        assert [u.message.text for u in woken] == ["three"]
        assert time.monotonic() - began < 1


async def test_long_poll_wait_is_capped():
    double = BotAPIDouble(long_poll_cap=0.05)
    app = build_app(double)
    async with app:
        began = time.monotonic()
        assert await app.bot.get_updates(timeout=30) == ()
        assert time.monotonic() - began < 1


async def test_bot_photo_upload_and_download(app, double):
    sent = await app.bot.send_photo(SKY, photo=b"\x89PNG-bytes", caption="<b>chart</b>")
    stored = double.messages_to(SKY)[-1]
    assert stored.kind == "photo"
    assert stored.document_bytes == b"\x89PNG-bytes"
    assert stored.plain == "chart"
    assert sent.photo[-1].file_id == stored.file_id
    photo_file = await app.bot.get_file(stored.file_id)
    assert bytes(await photo_file.download_as_bytearray()) == b"\x89PNG-bytes"
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await app.bot.get_file("no-such-file")


async def test_a_voice_note_sent_on_by_its_file_id_keeps_its_length():
    double = BotAPIDouble()
    app = application_builder(double).build()
    await app.initialize()
    sky = FakeUser(double, app, 1001, "Sky")
    voice_id = sky.voice_update("voice-12s", duration=12)["message"]["voice"]["file_id"]
    await app.bot.send_voice(sky.chat_id, voice_id)  # as the bot sends it on to an IRO
    assert double.messages[-1].raw["voice"]["duration"] == 12
    assert "(0:12)" in double.format_transcript()
    await app.shutdown()
