"""The structure holds: no import cycle inside the core, and the layers are enforced.

The layers themselves are import-linter contracts in ``pyproject.toml`` (run by
``make lint``); these tests show that they hold today and that a wrong import
would break them, so the contracts cannot quietly stop checking anything.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "models", "messages", "telegram_double")


def cycles(graph: grimp.ImportGraph, inside: str) -> list[list[str]]:
    """Every set of modules under ``inside`` that import each other in a ring (Tarjan)."""
    modules = sorted(m for m in graph.modules if m == inside or m.startswith(inside + "."))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in modules:
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            ring = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                ring.append(member)
                if member == module:
                    break
            if len(ring) > 1:
                found.append(sorted(ring))

    for module in modules:
        if module not in index:
            visit(module)
    return found


def test_no_module_inside_the_core_imports_itself_in_a_ring():
    graph = grimp.build_graph(*PACKAGES)
    assert cycles(graph, "bot") == []


def test_the_cycle_finder_finds_a_ring(tmp_path, monkeypatch):
    package = tmp_path / "ring"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from ring import b\n")
    (package / "b.py").write_text("from ring import c\n")
    (package / "c.py").write_text("from ring import a\n")
    (package / "d.py").write_text("from ring import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert cycles(grimp.build_graph("ring", cache_dir=None), "ring") == [
        ["ring.a", "ring.b", "ring.c"]
    ]


def _lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _copy_of_the_project(tmp_path: Path) -> Path:
    tree = tmp_path / "project"
    tree.mkdir()
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tree / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_the_layers_hold_today(tmp_path):
    result = _lint_imports(_copy_of_the_project(tmp_path))
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("module", "wrong_import", "broken"),
    [
        ("models/tables.py", "import bot.platform.clock", "Words and data"),
        ("bot/consultation/flow.py", "import telegram", "Only the Telegram channel"),
        ("bot/platform/replies.py", "import bot.workspace.held", "Channels sit on the core"),
        ("bot/calendar/reviews.py", "import handlers", "Channels sit on the core"),
        ("messages/text.py", "import bot.calendar.workdays", "Words and data"),
    ],
)
def test_a_wrong_import_breaks_a_contract(tmp_path, module, wrong_import, broken):
    tree = _copy_of_the_project(tmp_path)
    path = tree / module
    path.write_text(path.read_text() + f"\n{wrong_import}  # noqa\n")
    result = _lint_imports(tree)
    assert result.returncode != 0
    verdicts = [line for line in result.stdout.splitlines() if line.startswith(broken)]
    assert verdicts and verdicts[0].rstrip().endswith("BROKEN"), result.stdout
