"""A child on a small phone, in a real browser, with a real ``myreview run``."""

from __future__ import annotations

import os
from pathlib import Path

from tests.browser.conftest import AXE, ROOT

SHOTS = os.environ.get("MYREVIEW_SCREENSHOTS")


def open_and_set_up(page, link: str, secret: str = "tiger42") -> None:
    """Open the worker's link and choose a secret word, with the keyboard alone."""
    page.goto(link)
    page.wait_for_url("**/secret")
    page.locator("#secret").focus()
    page.keyboard.type(secret)
    page.keyboard.press("Tab")
    page.keyboard.type(secret)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/chat*")


def screenshot(page, name: str) -> None:
    """The newest question at the top of a 360×740 phone, for docs/."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.evaluate(
        "(() => { const b = [...document.querySelectorAll('li.bubble.theirs')].pop();"
        " window.scrollTo(0, b.offsetTop - 110); })()"
    )
    page.screenshot(path=str(ROOT / "docs" / name), full_page=False)


def tap(page, label: str) -> None:
    """Tab to the newest button with this label and press Enter."""
    page.locator(f"form[action='/tap'] button:text-is(\"{label}\")").last.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_child_opens_the_link_chooses_a_word_and_answers_with_the_keyboard_alone(service, phone):
    open_and_set_up(phone, _fresh_link(service, "sky"))
    assert "/j/" not in phone.url
    # The back button never brings the link back: it was replaced in the history.
    phone.go_back()
    phone.wait_for_load_state()
    assert "/j/" not in phone.url
    phone.goto(f"{service.base}/chat")
    assert "Which language would you like me to use?" in phone.content()
    tap(phone, "English")
    assert "What do you call the place" in phone.content()
    for label in ("Nan's", "Nan", "Family time", "My meeting", "My social worker"):
        tap(phone, label)
    phone.locator("#text").fill("I like my room")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert phone.locator("li.bubble.mine").last.inner_text().endswith("I like my room")
    # Nothing the child wrote is kept by the page.
    assert phone.evaluate("localStorage.length + sessionStorage.length") == 0


def newest_buttons(page) -> list[str]:
    group = page.locator("li.bubble.theirs .buttons").last
    return [b.strip() for b in group.locator("button").all_inner_texts()]


def answer_with_first_button(page) -> str:
    label = next(b for b in newest_buttons(page) if not b.startswith(("🆘", "⬅️", "⏸")))
    tap(page, label)
    return label


def test_a_child_answers_with_buttons_words_a_face_and_a_photo_and_carries_on_after_a_reload(
    service, phone, tmp_path
):
    open_and_set_up(phone, _fresh_link(service, "sky"), "answers-1")
    if "English" in newest_buttons(phone):
        tap(phone, "English")
        for _ in range(5):
            answer_with_first_button(phone)
    tap(phone, "▶️ Start now")
    if SHOTS:
        screenshot(phone, "web-chat-en.png")
    answer_with_first_button(phone)  # a button
    faces = False
    typed = False
    for _ in range(40):  # on to a feelings question, typing where words are asked for
        labels = [b for b in newest_buttons(phone) if not b.startswith(("🆘", "⬅️", "⏸"))]
        if "🙂 Happy" in labels:
            tap(phone, "🙂 Happy")
            faces = True
            break
        if "✅ Done" in labels:
            tap(phone, labels[0])
            tap(phone, "✅ Done")
        elif len(labels) > 3 or typed:
            tap(phone, labels[0])
        else:
            phone.locator("#text").fill("Pizza on Fridays 🍕")
            with phone.expect_navigation():
                phone.keyboard.press("Enter")
            typed = True
    assert faces, "no feelings question was reached"
    # A photo, through the file input.
    from PIL import Image

    picture = tmp_path / "cat.png"
    Image.new("RGB", (40, 30), "teal").save(picture)
    phone.locator("details.more summary").first.click()
    phone.locator("#photo").set_input_files(str(picture))
    with phone.expect_navigation():
        phone.locator("form[action='/photo'] button[type=submit]").click()
    phone.wait_for_selector("li.bubble.mine img")
    # Reload: the same question is still there, and nothing is lost.
    asked = phone.locator("li.bubble.theirs").last.inner_text()
    phone.reload()
    assert phone.locator("li.bubble.theirs").last.inner_text() == asked
    assert "Pizza on Fridays 🍕" in phone.content()


def test_lock_then_coming_back_with_the_pin_carries_on_at_the_same_question(service, phone):
    open_and_set_up(phone, _fresh_link(service, "sky"), "2468")
    asked = phone.locator("li.bubble.theirs").last.inner_text()
    with phone.expect_navigation():
        phone.locator("form.lock button").click()
    assert "Your chat is locked" in phone.content()
    assert "li" not in phone.locator("main").inner_html() or "bubble" not in phone.content()
    with phone.expect_navigation():
        phone.locator("a.button").click()  # "Open it again"
    assert "Welcome back" in phone.content()
    phone.locator("#secret").fill("2468")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert phone.locator("li.bubble.theirs").last.inner_text() == asked


def test_a_wrong_pin_five_times_locks_the_chat(service, phone):
    open_and_set_up(phone, _fresh_link(service, "sky"), "1357")
    with phone.expect_navigation():
        phone.locator("form.lock button").click()
    phone.goto(f"{service.base}/")
    for _ in range(5):
        phone.locator("#secret").fill("0000")
        with phone.expect_navigation():
            phone.keyboard.press("Enter")
    assert "locked for a while" in phone.content()
    phone.locator("#secret").fill("1357")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert "locked for a while" in phone.content()  # even the right PIN, for now


def test_a_used_or_expired_link_is_refused(service, phone):
    link = _fresh_link(service, "sky")
    open_and_set_up(phone, link, "used-1")
    response = phone.goto(link)
    assert response.status == 410 and "This link does not work" in phone.content()
    response = phone.goto(service.links["old"]["web_link"])
    assert response.status == 410


def test_a_forged_form_post_is_refused(service, phone):
    open_and_set_up(phone, _fresh_link(service, "sky"), "forge-1")
    phone.evaluate("document.querySelector('form.say input[name=csrf]').value = 'forged'")
    phone.locator("#text").fill("this must not be kept")
    with phone.expect_navigation() as navigation:
        phone.locator("form.say button").click()
    assert navigation.value.status == 403
    phone.goto(f"{service.base}/chat")
    assert "this must not be kept" not in phone.content()


def test_quick_exit_leaves_at_once_and_back_does_not_return_to_the_chat(service, phone):
    open_and_set_up(phone, _fresh_link(service, "sky"), "lion-7")
    phone.locator("#quick-exit").click()
    phone.wait_for_url("http://127.0.0.1:*/")
    assert "Weather" in phone.title()
    phone.go_back()
    phone.wait_for_load_state()
    assert "Type here" not in phone.content()


def test_an_arabic_reader_gets_the_page_right_to_left(service, phone):
    open_and_set_up(phone, service.links["rami"]["web_link"], "1234")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.locator("html").get_attribute("lang") == "ar"
    tap(phone, "العربية")
    for _ in range(5):  # his own words: the first suggestion each time
        tap(phone, newest_buttons(phone)[0])
    tap(phone, "▶️ ابدأ الآن")
    assert "السؤال" in phone.locator("li.bubble.theirs").last.inner_text()
    if SHOTS:
        screenshot(phone, "web-chat-ar.png")


def test_a_voice_note_is_recorded_in_the_browser(service, phone):
    open_and_set_up(phone, _fresh_link(service, "sky"), "voice-1")
    phone.locator("#voice-box summary").click()
    record = phone.locator("#record")
    record.click()
    phone.wait_for_timeout(1200)
    record.click()
    phone.wait_for_url("**/chat*")
    phone.wait_for_selector("li.bubble.mine audio")


def test_the_pages_have_no_serious_accessibility_problems(service, browser):
    context = browser.new_context(viewport={"width": 360, "height": 640}, bypass_csp=True)
    page = context.new_page()
    try:
        open_and_set_up(page, _fresh_link(service, "sky"), "axe-check")
        problems = _axe(page)
        assert not problems, problems
        page.locator("form.lock button").click()
        page.wait_for_url("**/locked")
        assert not _axe(page)
    finally:
        context.close()


def test_a_child_who_says_they_are_not_safe_in_the_browser_gets_help_and_staff_are_told(
    service, phone
):
    open_and_set_up(phone, _fresh_link(service, "sky"), "safe-1")
    phone.locator("#text").fill("my carer hits me")
    with phone.expect_navigation():
        phone.locator("form.say button").click()
    assert "Thank you for telling me" in phone.content()
    service.server.wait_for(
        lambda: any("Safeguarding alert" in m.plain for m in service.jo.history)
    )


def _fresh_link(service, name: str) -> str:
    import json

    from tests.journeys.processes import myreview

    person = service.links[name]["id"]
    out = myreview(service.env, "people", "invite", str(person), "--web", "--json", cwd=Path("."))
    return json.loads(out.stdout)["web_link"]


def _axe(page) -> list[str]:
    assert AXE.exists(), f"axe-core is missing: {AXE} (.ci/run installs it with npm)"
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
