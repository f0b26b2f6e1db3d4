"""What one answer asks of the database: a small, fixed number of statements.

Counted, never timed: each statement is a round trip to the database and work for the
ORM, and nearly every update is a child's answer. An answer is, in order: the update's
record (once only), the child read with their IRO, their words and their open review
(on PostgreSQL, after the lock on the child), the answers that stand, the new answer,
and where the child is now. SQLite's ``BEGIN IMMEDIATE`` is a statement of its own.
"""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

BUDGET = 6
"""Statements per answer; the same on SQLite (BEGIN) and PostgreSQL (the lock)."""


@contextmanager
def counted(world):
    statements: list[str] = []

    def one(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(" ".join(statement.split())[:60])

    event.listen(world.rt.db.engine, "before_cursor_execute", one)
    try:
        yield statements
    finally:
        event.remove(world.rt.db.engine, "before_cursor_execute", one)


async def test_a_typed_answer_costs_at_most_six_statements(world, started_child):
    sky = started_child
    with counted(world) as statements:
        replies = await sky.deliver(sky.text_update("I want to go to all of it"))
    assert "2 of" in replies.to(sky.chat_id)[-1].plain
    assert len(statements) <= BUDGET, statements


async def test_a_tapped_answer_costs_at_most_six_statements(world, started_child):
    sky = started_child
    question = sky.last_with_buttons()
    with counted(world) as statements:
        await sky.deliver(sky.callback_update(question.buttons[0][0].callback_data, question.raw))
    assert "2 of" in sky.last_with_buttons().plain
    assert len(statements) <= BUDGET, statements
