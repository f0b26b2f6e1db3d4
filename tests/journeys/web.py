"""A child in a browser, for the journeys: the web chat's real ASGI app over httpx,
on the same Runtime, database and Telegram double as the rest of the world.

``WebChild`` does what a child does on the page (open the link, choose a secret word,
type, tap a button, send a photo) by reading the page's own forms, so a test breaks
if a child could not do it. The real browser is in ``tests/browser``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import httpx
from lxml import html as lxml_html

from bot.people.invites import issue_invite
from bot.people.records import get_person
from handlers.send import deliver
from web.app import Config, build_web_app

ORIGIN = "https://chat.example.org"


def web_app(world):
    """The web chat as ``myreview run`` serves it: alerts go out through the world's bot."""
    return build_web_app(world.rt, partial(deliver, world.app.bot, world.rt), Config())


def web_token(world, person_id: int) -> str:
    now = world.rt.clock.now()
    with world.rt.session() as session:
        return issue_invite(session, get_person(session, person_id), now, 14, "web").token


@dataclass
class Bubble:
    mine: bool
    text: str
    buttons: list[str]


class WebChild:
    """One phone's browser: its own cookies, and the page it is looking at."""

    def __init__(self, app, person_id: int | None = None) -> None:
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url=ORIGIN,
            headers={"origin": ORIGIN, "sec-fetch-site": "same-origin"},
        )
        self.person_id = person_id
        self.page: httpx.Response | None = None

    async def close(self) -> None:
        await self.client.aclose()

    async def get(self, path: str) -> httpx.Response:
        self.page = await self.client.get(path, follow_redirects=True)
        return self.page

    async def open_link(self, token: str) -> httpx.Response:
        first = await self.client.get(f"/j/{token}")
        if first.status_code == 200:
            target = lxml_html.fromstring(first.text).xpath("//*[@data-go]/@data-go")[0]
            await self.get(target)
        return first

    async def choose_secret(self, secret: str = "tiger42", again: str | None = None):
        csrf = self.field("csrf")
        self.page = await self.client.post(
            "/secret",
            data={"csrf": csrf, "secret": secret, "again": again or secret},
            follow_redirects=True,
        )
        return self.page

    async def sign_in(self, secret: str) -> httpx.Response:
        page = await self.get("/")
        token = lxml_html.fromstring(page.text).xpath("//input[@name='form_token']/@value")[0]
        self.page = await self.client.post(
            "/sign-in", data={"form_token": token, "secret": secret}, follow_redirects=True
        )
        return self.page

    def tree(self):
        assert self.page is not None
        return lxml_html.fromstring(self.page.text)

    def field(self, name: str) -> str:
        return self.tree().xpath(f"//input[@name='{name}']/@value")[0]

    def bubbles(self) -> list[Bubble]:
        found = []
        for li in self.tree().xpath("//ol[@id='chat']/li"):
            text = " ".join(li.xpath(".//div[@class='text']//text()")).strip()
            buttons = [
                b.text_content() for b in li.xpath(".//div[contains(@class,'buttons')]//button")
            ]
            found.append(Bubble("mine" in li.get("class"), text, buttons))
        return found

    def last_text(self) -> str:
        return next(b.text for b in reversed(self.bubbles()) if not b.mine)

    def texts(self) -> list[str]:
        return [b.text for b in self.bubbles() if not b.mine]

    def buttons(self) -> list[str]:
        last = next((b for b in reversed(self.bubbles()) if b.buttons), None)
        return last.buttons if last else []

    async def say(self, words: str) -> httpx.Response:
        form = self.tree().xpath("//form[@action='/say']")[0]
        data = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
        self.page = await self.client.post(
            "/say", data={**data, "text": words}, follow_redirects=True
        )
        return self.page

    async def tap(self, label: str) -> httpx.Response:
        """The newest button with this label (as a child taps what they see last)."""
        forms = [
            f
            for f in self.tree().xpath("//form[@action='/tap']")
            if f.xpath(".//button")[0].text_content().strip() == label
        ]
        assert forms, f"no button {label!r}: {self.buttons()}"
        data = {i.get("name"): i.get("value") for i in forms[-1].xpath(".//input[@type='hidden']")}
        self.page = await self.client.post("/tap", data=data, follow_redirects=True)
        return self.page

    async def send_file(self, kind: str, content: bytes, name: str, caption: str = ""):
        form = self.tree().xpath(f"//form[@action='/{kind}']")[0]
        data = {i.get("name"): i.get("value") or "" for i in form.xpath(".//input[@type='hidden']")}
        if caption:
            data["caption"] = caption
        self.page = await self.client.post(
            f"/{kind}", data=data, files={"file": (name, content)}, follow_redirects=True
        )
        return self.page
