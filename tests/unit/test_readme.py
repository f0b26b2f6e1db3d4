"""The README says what ships: its languages table is the catalogs' own."""

from __future__ import annotations

import re
from pathlib import Path

from messages.catalog import readme_table

README = Path(__file__).parents[2] / "README.md"


def test_the_readme_lists_every_language_as_its_catalog_stands():
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- languages:start[^\n]*-->\n(.*?)<!-- languages:end -->", text, re.S)
    assert found, "README.md lost its languages table markers"
    assert found.group(1).strip() == readme_table(), (
        "README.md's languages table is out of date: run `make i18n` (it rewrites the table)"
    )
