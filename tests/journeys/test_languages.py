"""The language choice as a child meets it: offered in their first conversation when
there is more than one language, and spoken from then on."""

from __future__ import annotations

from messages import text
from tests.support import CHILD_DOB, said


async def test_a_child_picks_their_language_in_their_first_conversation(
    arabic_catalog, world, team
):
    iro, _, _ = team
    child = await world.join(
        "child", "Sky Test", dob=CHILD_DOB, iro_id=iro.person_id, language=None
    )
    assert child.last.plain == said(text.LANGUAGE_ASK)
    assert child.last.button_labels == ["English", "العربية"]
    await child.tap("العربية")
    # The picker becomes the first question, in Arabic, in place.
    assert "ماذا تسمي المكان الذي تعيش فيه؟" in child.last_with_buttons().plain
