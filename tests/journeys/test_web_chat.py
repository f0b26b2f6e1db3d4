"""The web chat: a child without Telegram has the same My Review in a browser.

Each journey drives the real ASGI app (tests/journeys/web.py) on the world's
database, with staff on the Telegram double, so what a web child does reaches the
same rows, alerts and readers as a Telegram child.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from PIL import Image
from sqlmodel import select

from models import Answer, WebFile, WebSession
from tests.journeys.steps import NOT_SAFE, WORDS, alerts, answers
from tests.journeys.web import WebChild, web_app, web_token
from tests.support import CHILD_DOB, MEETING

# The web chat is a channel: its rows are the core's, tested on both databases there.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def app(world):
    return web_app(world)


@pytest.fixture
async def web_sky(world, team, app):
    """Sky Test, 14, with the team around her and a review on 8 December, who has
    only ever had a web link: she has opened it and chosen her secret word."""
    iro, sw, carer = team
    person_id, _ = world.add(
        "child",
        "Sky Test",
        dob=CHILD_DOB,
        iro_id=iro.person_id,
        social_worker_id=sw.person_id,
        carer_id=carer.person_id,
    )
    world.schedule(person_id, MEETING)
    child = WebChild(app, person_id)
    await child.open_link(web_token(world, person_id))
    await child.choose_secret("tiger42")
    yield child
    await child.close()


async def test_a_link_opens_the_chat_and_leaves_the_url_and_asks_for_a_secret_word(
    world, team, app
):
    person_id, _ = world.add("child", "Sky Test", dob=CHILD_DOB, iro_id=team[0].person_id)
    child = WebChild(app, person_id)
    token = web_token(world, person_id)
    first = await child.open_link(token)
    assert first.status_code == 200
    cookies = first.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith("__Host-myreview="))
    assert "HttpOnly" in session_cookie and "Secure" in session_cookie
    assert "SameSite=strict" in session_cookie and "Path=/" in session_cookie
    assert "Domain" not in session_cookie and "Max-Age" not in session_cookie
    # The page leaves for /secret: the token is never in the URL after the first load.
    assert child.page.url.path == "/secret" and token not in str(child.page.url)
    assert "Choose a secret word" in child.page.text
    # The link worked once.
    again = WebChild(app)
    assert (await again.open_link(token)).status_code == 410
    await again.close()
    await child.close()


async def test_after_the_secret_word_the_chat_starts_with_the_language_picker(web_sky):
    assert web_sky.page.url.path == "/chat"
    assert "English" in web_sky.buttons() and "العربية" in web_sky.buttons()


async def test_a_whole_consultation_on_the_web_is_the_same_rows_staff_read_in_telegram(
    world, team, web_sky
):
    iro = team[0]
    await web_sky.tap("English")
    for label in WORDS:
        await web_sky.tap(label)
    await web_sky.tap("▶️ Start now")
    await web_sky.say("I like my room 🏠 and my cat")
    saved = answers(world)
    assert [a.text for a in saved] == ["I like my room 🏠 and my cat"]
    assert saved[0].channel == "web"
    # The IRO reads it in Telegram exactly as a Telegram child's, told only the channel.
    await iro.send("/reviews")
    shown = "\n".join((await iro.tap("📖 Sky Test")).texts)
    assert "I like my room 🏠 and my cat" in shown
    assert "answered on the web chat" in shown


async def test_a_child_can_start_on_the_web_and_carry_on_in_telegram_at_the_same_question(
    world, team, web_sky
):
    await web_sky.tap("English")
    for label in WORDS:
        await web_sky.tap(label)
    await web_sky.tap("▶️ Start now")
    first_question = web_sky.last_text()
    await web_sky.say("It is calm here")
    second_question = web_sky.last_text()
    assert second_question != first_question
    # Later she is given a Telegram invite, and carries on there.
    with world.rt.session() as session:
        from bot.people.invites import issue_invite
        from bot.people.records import get_person

        token = issue_invite(
            session, get_person(session, web_sky.person_id), world.rt.clock.now(), 14
        ).token
    phone = world.user("Sky")
    carried_on = (await phone.send(f"/start {token}")).texts
    assert "Where would you like your meeting to be?" in second_question
    assert any("Where would you like your meeting to be?" in t for t in carried_on)
    await phone.send("Nan is kind")
    assert {a.channel for a in answers(world)} == {"web", "telegram"}


async def test_a_child_who_says_they_are_not_safe_on_the_web_gets_help_and_staff_are_told_at_once(
    world, team, web_sky
):
    iro, sw, _ = team
    await web_sky.tap("English")
    for label in WORDS:
        await web_sky.tap(label)
    await web_sky.tap("▶️ Start now")
    await web_sky.say("my carer locks me in my room")
    reply = web_sky.texts()
    assert any("Thank you for telling me" in t for t in reply[-3:]), reply[-3:]
    assert len(alerts(world)) == 1
    for adult in (iro, sw):
        assert any(
            "Safeguarding alert: Sky" in m.plain for m in world.double.messages_to(adult.chat_id)
        )


async def test_the_sos_button_is_on_every_chat_page(world, team, web_sky):
    sos = web_sky.tree().xpath("//header//form[@action='/tap']//button")[0]
    assert sos.text_content() == NOT_SAFE
    await web_sky.tap(NOT_SAFE)
    assert len(alerts(world)) == 1


async def test_a_photo_is_kept_without_its_location_and_sent_to_the_iro(world, team, web_sky):
    await web_sky.tap("English")
    for label in WORDS:
        await web_sky.tap(label)
    await web_sky.tap("▶️ Start now")
    image = Image.new("RGB", (64, 48), "orange")
    exif = Image.Exif()
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPSInfo: where the photo was taken
    raw = io.BytesIO()
    image.save(raw, "JPEG", exif=exif)
    assert b"Exif" in raw.getvalue()
    await web_sky.send_file("photo", raw.getvalue(), "me.jpg", caption="my cat")
    with world.rt.session() as session:
        kept = session.exec(select(WebFile)).one()
        assert kept.kind == "photo" and b"Exif" not in kept.content
    assert any(a.kind == "photo" and a.file_id.startswith("web:") for a in answers(world))


async def test_a_file_that_is_not_a_photo_is_refused_kindly_and_nothing_is_kept(world, web_sky):
    await web_sky.send_file("photo", b"MZ\x90\x00 not an image", "virus.jpg")
    assert "does not look like a photo" in web_sky.page.text
    with world.rt.session() as session:
        assert session.exec(select(WebFile)).all() == []


async def test_a_voice_note_from_the_browser_is_kept(world, web_sky):
    webm = b"\x1a\x45\xdf\xa3" + b"\x00" * 200
    await web_sky.send_file("voice", webm, "voice.webm")
    with world.rt.session() as session:
        assert session.exec(select(WebFile)).one().media_type == "audio/webm"


@pytest.mark.parametrize(
    "words",
    ["", "   ", "😀👍🏽", "زوج خالتي لطيف معي", "x" * 20000, "<script>alert(1)</script>"],
    ids=["empty", "spaces", "emoji", "arabic", "huge", "markup"],
)
async def test_any_words_get_a_reply_and_lose_nothing(world, web_sky, words):
    page = await web_sky.say(words)
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text
    if words.strip():
        assert web_sky.bubbles()[-2].mine or web_sky.bubbles()[-1].mine


@pytest.mark.parametrize("data", ["sos:999999", "l:xx", "💥", "", "r:²", "9" * 40])
async def test_forged_button_data_gets_a_clear_reply(world, web_sky, data):
    csrf = web_sky.field("csrf")
    page = await web_sky.client.post(
        "/tap",
        data={"csrf": csrf, "key": "forged-key-" + str(len(data)), "data": data},
        follow_redirects=True,
    )
    assert page.status_code == 200
    assert alerts(world) == [] or data.startswith("sos:")


async def test_a_form_without_its_csrf_token_or_from_another_site_changes_nothing(world, web_sky):
    refused = await web_sky.client.post("/say", data={"text": "hello", "csrf": "wrong"})
    assert refused.status_code == 403
    csrf = web_sky.field("csrf")
    elsewhere = await web_sky.client.post(
        "/say",
        data={"text": "hello", "csrf": csrf},
        headers={"origin": "https://evil.example", "sec-fetch-site": "cross-site"},
    )
    assert elsewhere.status_code == 403
    assert answers(world) == []


async def test_a_double_tap_on_send_is_handled_once(world, web_sky):
    await web_sky.tap("English")
    for label in WORDS:
        await web_sky.tap(label)
    await web_sky.tap("▶️ Start now")
    form = {"csrf": web_sky.field("csrf"), "key": "same-key-twice", "text": "once only"}
    await web_sky.client.post("/say", data=form)
    await web_sky.client.post("/say", data=form)
    assert [a.text for a in answers(world)] == ["once only"]


async def test_every_page_is_private_to_the_browser(app, web_sky):
    for path in ("/", "/chat", "/locked", "/j/nothing-here"):
        page = await web_sky.client.get(path)
        assert page.headers["cache-control"] == "no-store"
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp
        assert "frame-ancestors 'none'" in csp
        assert page.headers["referrer-policy"] == "no-referrer"
    assert 'dir="ltr"' in web_sky.page.text


async def test_an_arabic_reader_gets_a_right_to_left_page(world, web_sky):
    await web_sky.tap("العربية")
    page = await web_sky.get("/chat")
    assert 'lang="ar" dir="rtl"' in page.text


async def test_lock_ends_the_session_at_once_and_clears_the_browser(world, web_sky):
    csrf = web_sky.field("csrf")
    locked = await web_sky.client.post("/lock", data={"csrf": csrf})
    assert locked.status_code == 303
    assert locked.headers["clear-site-data"] == '"cache", "storage"'
    page = await web_sky.get("/chat")
    assert "Welcome back" in page.text  # the sign-in page: the chat is not shown
    with world.rt.session() as session:
        assert all(s.ended_at is not None for s in session.exec(select(WebSession)))


async def test_quick_exit_leaves_for_a_neutral_site_and_ends_the_session(world, web_sky):
    gone = await web_sky.client.get("/exit")
    assert gone.status_code == 303
    assert gone.headers["location"] == "https://www.bbc.co.uk/weather"
    assert (await web_sky.client.get("/chat")).headers["location"] == "/"


async def test_a_session_ends_after_half_an_hour_without_a_tap(world, web_sky):
    world.rt.clock.advance(timedelta(minutes=31))
    assert (await web_sky.client.get("/chat")).headers["location"] == "/"


async def test_the_secret_word_brings_a_child_back_and_misses_lock_it(world, app, web_sky):
    await web_sky.client.get("/exit")
    page = await web_sky.sign_in("TIGER42 ")  # the same word, however it is typed
    assert page.url.path == "/chat"
    await web_sky.client.get("/exit")
    for left in (4, 3, 2, 1):
        page = await web_sky.sign_in("lion")
        assert page.status_code == 403
        assert f"try {left} more time" in page.text
    page = await web_sky.sign_in("lion")
    assert "locked for a while" in page.text
    # Locked: even the right word is not checked now.
    page = await web_sky.sign_in("tiger42")
    assert "locked for a while" in page.text
    world.rt.clock.advance(timedelta(minutes=31))
    page = await web_sky.sign_in("tiger42")
    assert page.url.path == "/chat"


async def test_a_fresh_link_from_a_worker_lets_a_child_who_forgot_choose_a_new_word(
    world, app, web_sky
):
    await web_sky.client.get("/exit")
    await web_sky.open_link(web_token(world, web_sky.person_id))
    await web_sky.choose_secret("new-word")
    await web_sky.client.get("/exit")
    assert (await web_sky.sign_in("tiger42")).status_code == 403
    assert (await web_sky.sign_in("new-word")).url.path == "/chat"


async def test_a_secret_word_that_is_too_short_or_does_not_match_is_explained(world, team, app):
    person_id, _ = world.add("child", "Sky Test", dob=CHILD_DOB, iro_id=team[0].person_id)
    child = WebChild(app, person_id)
    await child.open_link(web_token(world, person_id))
    assert "too short" in (await child.choose_secret("abc")).text
    assert "did not match" in (await child.choose_secret("abcd", "abce")).text
    await child.close()


async def test_signing_in_too_fast_is_slowed_down(world, app, web_sky):
    await web_sky.client.get("/exit")
    statuses = [(await web_sky.sign_in("wrong")).status_code for _ in range(12)]
    assert 429 in statuses


async def test_an_unknown_browser_is_asked_to_open_its_link(app):
    stranger = WebChild(app)
    page = await stranger.get("/chat")
    assert "open the link your worker gave you" in page.text
    assert (await stranger.client.get("/files/web:1")).status_code == 404
    await stranger.close()


async def test_a_child_never_sees_another_childs_files(world, team, app, web_sky):
    webm = b"\x1a\x45\xdf\xa3" + b"\x00" * 50
    await web_sky.send_file("voice", webm, "voice.webm")
    file_id = re.search(r"/files/(web:\d+)", web_sky.page.text).group(1)
    assert (await web_sky.client.get(f"/files/{file_id}")).status_code == 200
    other_id, _ = world.add("child", "Ash Test", dob=CHILD_DOB, iro_id=team[0].person_id)
    other = WebChild(app, other_id)
    await other.open_link(web_token(world, other_id))
    await other.choose_secret("other-word")
    assert (await other.client.get(f"/files/{file_id}")).status_code == 404
    await other.close()


async def test_answers_from_the_web_are_sealed_like_any_other(world, web_sky):
    await web_sky.tap("English")
    for label in WORDS:
        await web_sky.tap(label)
    await web_sky.tap("▶️ Start now")
    await web_sky.say("a secret only for Jo")
    with world.rt.db.engine.connect() as connection:
        dump = " ".join(
            str(row) for row in connection.exec_driver_sql("SELECT text FROM web_message")
        )
    assert "a secret only for Jo" not in dump
    assert answers(world)[0].text == "a secret only for Jo"
    assert isinstance(answers(world)[0], Answer)


async def test_a_deactivated_child_is_signed_out_of_the_web_chat_at_once(world, web_sky):
    from bot.privacy import deactivation

    with world.rt.session() as session:
        deactivation.deactivate(
            session, world.rt.clock.now(), web_sky.person_id, world.rt.settings.zone
        )
    assert (await web_sky.client.get("/chat")).headers["location"] == "/"
    page = await web_sky.get("/")
    assert "open the link your worker gave you" in page.text  # no sign-in page either
