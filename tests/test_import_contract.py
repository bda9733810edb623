"""The layer rule as a test, read from the source (an AST walk over certdesk/, so an import
inside a function counts as much as one at the top):

- core imports nothing of ours but core, and no Qt, SQL or reportlab;
- store and forms never import services, gui or the command line;
- gui and the command line never import store (names used only under TYPE_CHECKING are fine);
- services never import gui or the command line.

Layers are matched by package path prefix, so modules moved into subpackages (certdesk.gui.
agreements.page, certdesk.services.agreements.drafting) are held to the same rule.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import certdesk

PACKAGE = Path(certdesk.__file__).parent

CORE = ("certdesk.core",)
STORE = ("certdesk.store",)
FORMS = ("certdesk.forms",)
SERVICES = ("certdesk.services",)
GUI = ("certdesk.gui",)
CLI = ("certdesk.cli", "certdesk.cli_renewals")
QT_SQL_PDF = ("PySide6", "shiboken6", "sqlite3", "sqlite_utils", "reportlab")

# (who, what they must not import, why)
CONTRACTS: list[tuple[tuple[str, ...], tuple[str, ...], str]] = [
    (CORE, STORE + FORMS + SERVICES + GUI + CLI, "core imports nothing of ours but core"),
    (
        CORE,
        ("certdesk.files", "certdesk.locations", "certdesk.external", "certdesk.selftest"),
        "core imports nothing of ours but core",
    ),
    (CORE, QT_SQL_PDF, "core is pure Python: no Qt, SQL or reportlab"),
    (STORE + FORMS, SERVICES + GUI + CLI, "store and forms never import services, gui or cli"),
    (GUI + CLI, STORE, "gui and the command line call services, never store"),
    (SERVICES, GUI + CLI, "services never import gui or the command line"),
]


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. certdesk.gui.main_window
    target: str  # what it imports, e.g. certdesk.store.backup
    line: int

    def __str__(self) -> str:
        return f"{self.module} (line {self.line}) imports {self.target}"


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def module_name(file: Path, root: Path) -> str:
    parts = list(file.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(source: str, module: str, is_package: bool = False) -> Iterator[Import]:
    """Every import in a module's source, outside `if TYPE_CHECKING:` blocks."""

    def walk(nodes: list[ast.stmt] | list[ast.AST]) -> Iterator[Import]:
        for node in nodes:
            if isinstance(node, ast.If) and _is_type_checking(node.test):
                yield from walk(node.orelse)  # only the else branch runs
                continue
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield Import(module, alias.name, node.lineno)
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(node, module, is_package)
                for alias in node.names:
                    # `from certdesk import store` imports the module certdesk.store
                    yield Import(
                        module, f"{base}.{alias.name}" if base else alias.name, node.lineno
                    )
                yield Import(module, base, node.lineno)
            yield from walk(list(ast.iter_child_nodes(node)))

    yield from walk(ast.parse(source).body)


def all_imports(root: Path = PACKAGE) -> list[Import]:
    found: list[Import] = []
    for file in sorted(root.rglob("*.py")):
        name = module_name(file, root)
        found.extend(imports_of(file.read_text(encoding="utf-8"), name, file.name == "__init__.py"))
    return found


def violations(found: list[Import]) -> list[str]:
    """One line per forbidden import statement (naming the module it reaches)."""
    broken: dict[tuple[str, int, str], Import] = {}
    for who, forbidden, why in CONTRACTS:
        for imp in found:
            if within(imp.module, who) and within(imp.target, forbidden):
                key = (imp.module, imp.line, why)
                if key not in broken or len(imp.target) < len(broken[key].target):
                    broken[key] = imp
    return sorted(f"{imp}: {why}" for (_, _, why), imp in broken.items())


def test_every_layer_keeps_to_its_imports() -> None:
    broken = violations(all_imports())
    assert not broken, "forbidden imports:\n" + "\n".join(broken)


def test_the_walk_sees_the_layers() -> None:
    """A contract over nothing passes vacuously: the walk must find each layer's imports."""
    found = all_imports()
    for prefixes in (CORE, STORE, FORMS, SERVICES, GUI, CLI):
        assert any(within(i.module, prefixes) for i in found), prefixes
    assert any(within(i.target, STORE) for i in found if within(i.module, SERVICES))


@pytest.mark.parametrize(
    ("module", "source", "broken"),
    [
        ("certdesk.gui.main_window", "from certdesk.store import backup", True),
        ("certdesk.gui.agreements.page", "def f():\n    import certdesk.store.lock\n", True),
        ("certdesk.gui.main_window", "from certdesk import store", True),
        ("certdesk.gui.agreements.page", "from ...store.errors import StoreError", True),
        ("certdesk.cli", "from certdesk.store.opening import open_store", True),
        ("certdesk.core.money", "import sqlite3", True),
        ("certdesk.core.money", "from PySide6.QtCore import QObject", True),
        ("certdesk.core.money", "from certdesk.files import human_size", True),
        (
            "certdesk.store.backup",
            "from certdesk.services.safety.backups import open_for_app",
            True,
        ),
        ("certdesk.forms.base", "from certdesk.gui.widgets.messages import show_problem", True),
        (
            "certdesk.services.paths.lifecycle.planning",
            "from certdesk.gui.operations.runner import Ops",
            True,
        ),
        (
            "certdesk.gui.main_window",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from certdesk.store import Store\n",
            False,
        ),
        (
            "certdesk.gui.main_window",
            "import typing\nif typing.TYPE_CHECKING:\n    from certdesk.store import Store\n",
            False,
        ),
        (
            "certdesk.gui.main_window",
            "from certdesk.services.safety.backups import open_for_app",
            False,
        ),
        ("certdesk.gui.main_window", "from certdesk.storefront import x", False),
        ("certdesk.core.money", "from certdesk.core.errors import InvalidInput", False),
        ("certdesk.services.safety.backups", "from certdesk.store.backup import backup_to", False),
    ],
)
def test_the_rule_catches_a_forbidden_import(module: str, source: str, broken: bool) -> None:
    assert bool(violations(list(imports_of(source, module)))) is broken


def cycles_within(found: list[Import], prefixes: tuple[str, ...]) -> list[list[str]]:
    """Import circles among the modules under `prefixes` (each circle once, as a path)."""
    modules = {i.module for i in found if within(i.module, prefixes)}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for imp in found:
        if imp.module in modules and imp.target in modules and imp.target != imp.module:
            graph[imp.module].add(imp.target)
    circles: list[list[str]] = []
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            circles.append(path[path.index(module) :] + [module])
            return
        if module in done:
            return
        for target in sorted(graph[module]):
            visit(target, path + [module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
    return circles


def test_store_modules_import_each_other_without_a_circle() -> None:
    """Errors live in store.errors, opening and migration in store.opening: the connection,
    backups and the lock no longer import each other (the package's __init__ aside)."""
    found = [i for i in all_imports() if i.module != "certdesk.store"]
    assert cycles_within(found, STORE) == []
    circle = [
        Import("certdesk.store.database", "certdesk.store.backup", 1),
        Import("certdesk.store.backup", "certdesk.store.database", 1),
    ]
    assert cycles_within(circle, STORE)  # the check sees a circle when there is one
