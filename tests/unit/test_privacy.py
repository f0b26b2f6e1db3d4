"""Retention's own rule, without the bot: it knows every table that holds a child's
words. (/mydata, the audit log, deactivating, leaving care and retention as people
meet them are journeys: tests/journeys/test_privacy.py.)"""

from __future__ import annotations

from bot.privacy import retention


def test_retention_knows_every_table_that_holds_a_childs_words():
    assert retention.uncovered_sealed_tables() == []
