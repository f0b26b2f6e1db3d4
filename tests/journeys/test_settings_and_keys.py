"""Children's words are encrypted at rest: what a child sends through the bot is
nowhere in the database (or the SQLite file) in the clear."""

from __future__ import annotations

from sqlalchemy import text

from tests.journeys.steps import choose_words
from tests.support import CHILD_DOB, MEETING


async def test_no_childs_words_are_in_the_database_in_the_clear(world, team):
    iro, _, _ = team
    child = await world.join("child", "Sky Test", dob=CHILD_DOB, iro_id=iro.person_id)
    world.schedule(child.person_id, MEETING)
    await choose_words(child, ["Nan's", "Nan", "Family time", "My meeting"])
    await child.send("Auntie Zelda")  # typed word for the social worker
    await child.tap("▶️ Start now")
    await child.send("My secret garden is purple")
    await child.send_photo(file_id="AgACAgFileIdOfAPhoto", caption="Bluebell the rabbit")
    # A disclosure: the child's words are kept in the alert too, sealed as well.
    replies = await child.send("nobody knows my uncle Quentin hurts me")
    assert "Quentin" in replies.to(iro.chat_id)[0].plain  # the IRO reads it, in clear
    from bot.privacy.key_rotation import sealed_columns

    tables = sorted({table.name for table, _ in sealed_columns()})
    assert {"answer", "child_word", "alert"} <= set(tables)
    with world.rt.db.engine.connect() as connection:
        dumped = "\n".join(
            str(row)
            for table in tables
            for row in connection.execute(text(f"SELECT * FROM {table}"))
        )
    secrets = ("Auntie Zelda", "secret garden", "AgACAgFileIdOfAPhoto", "Bluebell", "Quentin")
    for secret in secrets:
        assert secret not in dumped
    db_path = world.rt.settings.sqlite_path
    if db_path is not None:
        raw = db_path.read_bytes() + (
            db_path.with_name(db_path.name + "-wal").read_bytes()
            if db_path.with_name(db_path.name + "-wal").exists()
            else b""
        )
        for secret in (b"Auntie Zelda", b"secret garden", b"Bluebell", b"Quentin"):
            assert secret not in raw
