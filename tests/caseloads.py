"""Caseload files, as a case management system exports them, for the importer's
tests in both tiers: a good file, a file where every row is wrong in its own way,
and who the database holds afterwards."""

from __future__ import annotations

from sqlmodel import select

from bot.caseload.importer import COLUMNS
from models import Person

HEADER = ",".join(COLUMNS)
# Sky and Ash share an IRO (W01) and a social worker (W02); Rowan has only an IRO.
GOOD = f"""{HEADER}
C001,Sky Test,2012-03-14,2025-06-02,en,W01,Jo Example,W02,Pat Sample,F01,Lee Sample,2026-12-08 10:00
C002,Ash Example,14/07/2010,,en,W01,Jo Example,W02,,F02,Sam Sample,15/12/2026 14:30
C003,Rowan Test,2015-01-01,,,W01,,,,,,
"""


# Rows 2 to 14 each have one mistake (tests/unit/test_importer.py says which).
BAD = f"""{HEADER}
C001,Sky Test,14th March 2012,,en,W01,Jo Example,,,,,
C002,Ash Example,2010-07-14,,en,,,,,,,
C003,Rowan Test,,,en,W01,Jo Example,,,,,2026-01-05 10:00
C004,Kit Test,,,xx,W01,Jo Example,,,,,
C001,Sky Again,,,en,W01,Jo Example,,,,,
C006,{"N" * 201},,,en,W01,Jo Example,,,,,
C007,Ali Test,,,en,W01,Jo Example,,,,,2026-12-08
C008,Mo Test,,,en,W01,Joe Example,,,,,
C009,Lu Test,2030-01-01,,en,W01,Jo Example,,,,,
C010,Bo Test,,,en,W01,Jo Example,C010,Pat Sample,,,
C011,Cy Test,,,en,W09,,,,,,
C012,Di Test,,,en,W01,Jo Example,,Pat Sample,,,
C013,Ed Test,,,en,W01,Jo Example,,,,,2026/12/08 10:00
"""


def everyone(rt) -> dict[str, Person]:
    with rt.session() as session:
        return {p.external_ref: p for p in session.exec(select(Person))}
