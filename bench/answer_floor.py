"""The floor under the cost of an answer: what any bot on this stack must spend.

``bench_answers`` measures My Review beside an echo bot that makes one Bot API call
per update. A tap in My Review makes about three (answer the tap, edit the question,
send the next one), each serialised by PTB and its reply parsed into PTB objects.
To tell the product's own cost from the stack's, two bots replay My Review's calls:

* **same calls**: for each update, exactly the Bot API calls My Review made for it
  (same methods, texts and keyboards, through PTB's own methods), and nothing else;
* **same calls + 4 statements**: the same, after one unit of work in a worker thread,
  as My Review does its work: read the child and their place, record the update, save
  the answer, move the child on. That is the design the target asks for (one
  transaction, at most 4 statements), on SQLAlchemy's ORM and the product's own engine
  settings (``make_engine``), with none of the product's rules.

Neither is a product; each is a lower bound. If the second is below a target ratio,
no bot written on this stack meets that target.
"""

from __future__ import annotations

import asyncio
import copy
import inspect
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from telegram import (
    Bot,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    TelegramObject,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import Application, Defaults, TypeHandler

from bot.platform.db import make_engine
from telegram_double import BotAPIDouble
from telegram_double.records import ApiCall

TOKEN = "123456:BENCH"
Call = tuple[str, dict[str, Any]]


# --- the minimal unit of work ------------------------------------------------------------


class Base(DeclarativeBase):
    """The floor's own tables, apart from the product's (``SQLModel.metadata``)."""


class Child(Base):
    __tablename__ = "floor_child"
    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(unique=True)


class Place(Base):
    __tablename__ = "floor_place"
    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("floor_child.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)


class Said(Base):
    __tablename__ = "floor_answer"
    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("floor_place.id"))
    question: Mapped[int]
    words: Mapped[str] = mapped_column(String(4000))


class Handled(Base):
    __tablename__ = "floor_handled"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)


class UnitOfWork:
    """One transaction per update, four statements: the target's design, bare."""

    def __init__(self, url: str, telegram_ids: list[int]) -> None:
        self.engine = make_engine(url)
        Base.metadata.drop_all(self.engine)
        Base.metadata.create_all(self.engine)
        with Session(self.engine) as session, session.begin():
            for telegram_id in telegram_ids:
                child = Child(telegram_id=telegram_id)
                session.add(child)
                session.flush()
                session.add(Place(child_id=child.id))

    def answer(self, telegram_id: int, key: str, words: str) -> None:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            query = select(Child, Place).join(Place).where(Child.telegram_id == telegram_id)
            row = session.execute(query.with_for_update(of=Child) if self.postgres else query)
            _child, place = row.one()
            session.execute(insert(Handled).values(key=key))
            session.add(Said(place_id=place.id, question=place.position, words=words))
            place.position += 1

    @property
    def postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def close(self) -> None:
        Base.metadata.drop_all(self.engine)
        self.engine.dispose()


# --- replaying My Review's Bot API calls -------------------------------------------------


def _snake(method: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", method).lower()


def _markup(raw: dict[str, Any], bot: Bot) -> TelegramObject | None:
    if "inline_keyboard" in raw:
        return InlineKeyboardMarkup.de_json(raw, bot)
    if "keyboard" in raw:
        return ReplyKeyboardMarkup.de_json(raw, bot)
    if "remove_keyboard" in raw:
        return ReplyKeyboardRemove.de_json(raw, bot)
    raise ValueError(f"a keyboard this replay does not know: {sorted(raw)}")


def _arguments(method: Callable[..., Any], params: dict[str, Any], bot: Bot) -> dict[str, Any]:
    """A recorded call's parameters as PTB's method takes them, objects rebuilt. PTB's
    defaults added ``parse_mode`` to every call, and add it again here; anything else the
    method has no argument for goes as ``api_kwargs``, which PTB sends as it is."""
    known = inspect.signature(method).parameters
    kwargs = {key: value for key, value in params.items() if key in known}
    extra = {k: v for k, v in params.items() if k not in known and k != "parse_mode"}
    if extra:
        kwargs["api_kwargs"] = extra
    if "reply_markup" in kwargs:
        kwargs["reply_markup"] = _markup(kwargs["reply_markup"], bot)
    if "link_preview_options" in kwargs:
        kwargs["link_preview_options"] = LinkPreviewOptions.de_json(
            kwargs["link_preview_options"], bot
        )
    return kwargs


def primed(snapshot: BotAPIDouble) -> BotAPIDouble:
    """A copy of My Review's double as it was before the measure, so that each
    replayed edit finds its message, with the same ids, as the original did."""
    double = copy.deepcopy(snapshot)
    double.clear_records()
    return double


def replay_application(
    double: BotAPIDouble,
    calls_for: dict[int, list[Call]],
    work: Callable[[Update], None] | None = None,
) -> Application:  # type: ignore[type-arg]
    """A bot that, for each update, does ``work`` in a worker thread (if given) and then
    makes the Bot API calls My Review made for the update with that id. Updates from
    different people are handled side by side, as My Review's are."""

    async def replay(update: Update, context: Any) -> None:
        if work is not None:
            await asyncio.to_thread(work, update)
        for name, params in calls_for[update.update_id]:
            method = getattr(context.bot, _snake(name))
            await method(**_arguments(method, params, context.bot))

    app = (
        Application.builder()
        .token(TOKEN)
        .request(double)
        .get_updates_request(double)
        .defaults(Defaults(parse_mode=ParseMode.HTML))  # as My Review's
        .concurrent_updates(True)
        .build()
    )
    app.add_handler(TypeHandler(Update, replay))
    return app


async def measure(
    app: Application,  # type: ignore[type-arg]
    double: BotAPIDouble,
    updates: list[dict[str, Any]],
) -> list[float]:
    """Seconds per update through ``process_update``, as ``bench_answers`` times My Review."""
    await app.initialize()
    times = []
    for update in updates:
        double.record_incoming(update)
        parsed = Update.de_json(update, app.bot)
        started = time.perf_counter()
        await app.process_update(parsed)
        times.append(time.perf_counter() - started)
    await app.shutdown()
    refused(double)
    return times


def refused(double: BotAPIDouble) -> None:
    """A replay that Telegram would have refused measures nothing: stop."""
    failed = [c for c in double.calls if c.status != 200]
    if failed:
        raise RuntimeError(f"the replay was refused {len(failed)} calls, e.g. {failed[0]}")


def calls_by_chat(calls: list[ApiCall], updates: list[dict[str, Any]]) -> dict[int, list[Call]]:
    """The calls made during a burst, one update per chat, sorted back to their update."""
    return {
        update["update_id"]: [
            (c.method, c.params) for c in calls if c.params.get("chat_id") == _sender(update)
        ]
        for update in updates
    }


def unit_of_work_for(url: str, updates: list[dict[str, Any]]) -> UnitOfWork:
    ids = sorted({_sender(update) for update in updates})
    return UnitOfWork(url, ids)


def _sender(update: dict[str, Any]) -> int:
    inner = update.get("message") or update["callback_query"]
    return int(inner["from"]["id"])


def work_of(uow: UnitOfWork) -> Callable[[Update], None]:
    def work(update: Update) -> None:
        user = update.effective_user
        assert user is not None
        said = update.message.text if update.message else update.callback_query.data  # type: ignore[union-attr]
        uow.answer(user.id, f"tg:1:{update.update_id}", said or "")

    return work


def floor_url(kind: str, product_url: str, folder: Path) -> str:
    """Where the floor keeps its tables: beside the product's on PostgreSQL (its own
    names, in the bench's schema), in a file of its own on SQLite."""
    return product_url if kind == "postgresql" else f"sqlite:///{folder / 'floor.db'}"
