"""Updates are handled side by side, and each person's in the order they sent them.

The running Application takes updates from its queue as polling (or the webhook)
hands them over. With several children writing at once, each child's answers
are saved in the order they were written, each once, and nobody waits for
anybody else's answer to be finished first.
"""

from __future__ import annotations

import asyncio

from sqlmodel import select
from telegram import Update

from handlers.update_order import PerPersonOrder, person_of
from models import Answer, Consultation
from tests.journeys.steps import choose_words, join_child
from tests.support import MEETING

CHILDREN = ("Ash Test", "Bo Test", "Cy Test", "Dee Test")
ANSWERS = 5


async def _children_started(world, team) -> list:
    children = []
    for name in CHILDREN:
        child = await join_child(world, team, name=name)
        child.review_id = world.schedule(child.person_id, MEETING)
        await choose_words(child)
        await child.tap("▶️ Start now")
        children.append(child)
    return children


async def _all_handled(app) -> None:
    """Until the queue is empty and no update is in hand (a test's wait, not a timing)."""
    for _ in range(2000):
        if app.update_queue.empty() and app.update_processor.current_concurrent_updates == 0:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the updates were never all handled")


def _typed_by(world, child) -> list[str]:
    """The words this child's answers keep, in the order they were saved."""
    with world.rt.session() as session:
        rows = session.exec(
            select(Answer)
            .join(Consultation, Consultation.id == Answer.consultation_id)
            .where(Consultation.child_id == child.person_id)
            .where(Answer.kind == "text")
            .order_by(Answer.id)
        ).all()
        return [row.text for row in rows]


async def test_each_childs_answers_are_kept_in_the_order_written_when_many_write_at_once(
    world, team
):
    children = await _children_started(world, team)
    # Every child writes five answers in a row, all arriving together, interleaved.
    updates = [
        child.text_update(f"{child.first_name} answer {n}")
        for n in range(1, ANSWERS + 1)
        for child in children
    ]
    # Telegram sends one again (a slow acknowledgement): it is acted on once.
    updates.insert(7, updates[2])
    await world.app.start()
    try:
        for update in updates:
            world.double.record_incoming(update)
            await world.app.update_queue.put(Update.de_json(update, world.app.bot))
        await _all_handled(world.app)
    finally:
        await world.app.stop()

    for child in children:
        assert _typed_by(world, child) == [
            f"{child.first_name} answer {n}" for n in range(1, ANSWERS + 1)
        ]


async def test_one_persons_updates_wait_for_each_other_and_other_peoples_do_not(world, team):
    sky = world.user("Sky")
    lee = world.user("Lee")
    processor = PerPersonOrder()
    first_started, release_first = asyncio.Event(), asyncio.Event()
    happened: list[str] = []

    async def held(name: str) -> None:
        happened.append(f"{name} starts")
        first_started.set()
        await release_first.wait()
        happened.append(f"{name} ends")

    async def quick(name: str) -> None:
        happened.append(f"{name} runs")

    def update_of(user) -> Update:
        return Update.de_json(user.text_update("hello"), world.app.bot)

    first = asyncio.create_task(processor.process_update(update_of(sky), held("Sky 1")))
    second = asyncio.create_task(processor.process_update(update_of(sky), quick("Sky 2")))
    other = asyncio.create_task(processor.process_update(update_of(lee), quick("Lee")))
    await first_started.wait()
    await other  # Lee is not held up by Sky's first update
    assert happened == ["Sky 1 starts", "Lee runs"]
    assert not second.done()  # Sky's second waits for her first
    release_first.set()
    await asyncio.gather(first, second)
    assert happened == ["Sky 1 starts", "Lee runs", "Sky 1 ends", "Sky 2 runs"]
    assert processor.people_waiting == 0  # nobody's line is kept once it is empty


def test_an_update_is_someones_by_its_sender_and_otherwise_by_its_chat(world):
    sky = world.user("Sky")
    assert person_of(Update.de_json(sky.text_update("hi"), world.app.bot)) == sky.user_id
    assert person_of(Update.de_json({"update_id": 9}, world.app.bot)) is None
    assert person_of("not an update") is None
