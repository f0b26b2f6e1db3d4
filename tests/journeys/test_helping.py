"""Helping mode: a carer or social worker runs a child's My Review with them."""

from __future__ import annotations

from sqlmodel import select

from messages import text
from models import Answer, Person
from tests.journeys.steps import answer_everything, choose_words, send_to_iro
from tests.support import MEETING, said


async def test_a_carer_fills_in_my_review_with_a_young_child(world, team):
    from datetime import date

    iro, _, carer = team
    child_id, _ = world.add(
        "child", "Kit Test", dob=date(2019, 6, 1), iro_id=iro.person_id, carer_id=carer.person_id
    )
    world.schedule(child_id, MEETING)

    replies = await carer.send("/helpchild")
    assert replies[0].button_labels == ["Kit Test"]
    replies = await carer.tap("Kit Test")
    assert replies.texts[0] == said(text.HELPING_STARTED, child="Kit")
    # Kit never opened a link: the first conversation, together, from the language.
    assert replies.texts[-1] == said(text.LANGUAGE_ASK)
    await carer.tap("English")
    assert "For Kit:" in carer.last_with_buttons().plain
    await choose_words(carer)
    await carer.tap("▶️ Start now")
    prompt = carer.last_with_buttons().plain
    assert prompt.startswith("For Kit:")
    await answer_everything(carer, words="Kit says: I like the swings")
    await send_to_iro(carer)

    with world.rt.session() as session:
        answered_by = {a.answered_by_id for a in session.exec(select(Answer))}
    assert answered_by == {carer.person_id}

    await iro.send("/reviews")
    shown = "\n".join(m.plain for m in (await iro.tap("📖 Kit Test")))
    assert said(text.VIEW_HELPED, helper="Lee Sample", role="carer") in shown
    assert "Kit says: I like the swings" in shown
    assert (await carer.send("/stophelping")).texts == [said(text.HELPING_STOPPED, child="Kit")]


async def test_a_carer_cannot_help_a_child_they_do_not_look_after(world, team):
    iro, _, carer = team
    other_id, _ = world.add("child", "Rowan Test", iro_id=iro.person_id)
    assert (await carer.send("/helpchild")).texts == [said(text.HELP_CHILD_NONE)]
    replies = await carer.tap_data(f"h:{other_id}", 1)
    assert replies.texts == [said(text.NOT_ALLOWED)]
    with world.rt.session() as session:
        assert session.get(Person, carer.person_id).helping_child_id is None


async def test_an_iro_cannot_use_helping_mode(world, team):
    iro, _, carer = team
    child_id, _ = world.add("child", "Rowan Test", iro_id=iro.person_id, carer_id=carer.person_id)
    assert (await iro.tap_data(f"h:{child_id}", 1)).texts == [said(text.NOT_ALLOWED)]


async def test_a_helper_moved_off_the_child_mid_way_loses_access_at_once(world, team):
    iro, _, carer = team
    child_id, _ = world.add("child", "Kit Test", iro_id=iro.person_id, carer_id=carer.person_id)
    world.schedule(child_id, MEETING)
    await carer.send("/helpchild")
    await carer.tap("Kit Test")
    with world.rt.session() as session:
        session.get(Person, child_id).carer_id = None
    replies = await carer.send("Anything")
    assert "Kit" not in " ".join(replies.texts)
    with world.rt.session() as session:
        assert list(session.exec(select(Answer))) == []
