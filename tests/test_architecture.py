"""The house's rules, read from the source: which module may import which, no cycles, no huge modules.

Every module under ``src/kepu_plan`` is parsed with :mod:`ast` (never imported) and every import in it
counted: at the top, inside functions and classes, ``from . import x`` resolved against the package.
An import under ``if TYPE_CHECKING:`` is kept apart: it exists for annotations only, never runs, and
so may close no cycle; the layer rules below hold for it too (an annotation naming a layer above is a
dependency on it all the same).  Imports by a computed name (``importlib.import_module(f"...")``, how
``kepu_plan.__init__`` and ``kepu_plan.formats`` find a module on first use) are not seen.  An edge goes
to the module named (``from kepu_plan.formats import docx`` is an edge to ``kepu_plan.formats.docx``,
``from kepu_plan.errors import ReadError`` one to ``kepu_plan.errors``).

The data flow runs one way (docs/dev/architecture.md): formats (bytes <-> ``grid.Document``) ->
layout (``Document`` <-> ``Plan``) -> model; ``_pipeline`` composes them, ``_io`` is the facade.

``KNOWN_VIOLATIONS`` and ``OVERSIZE`` list what breaks a rule today, edge by edge and module by
module, while the code is being moved into this shape.  They may only shrink: a listed violation
that no longer exists fails the test too, so that its line is deleted with the fix.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "kepu_plan"

#: No module longer than this many lines: a module that grows past it is split along its seams.
MAX_LINES = 600


@attrs.frozen
class Edge:
    """``importer`` imports ``imported`` at ``line``; ``typing_only`` under ``if TYPE_CHECKING:``."""

    importer: str
    imported: str
    line: int
    typing_only: bool


def module_files() -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name, for ``__init__``)."""
    found: dict[str, Path] = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = module_files()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(node: ast.AST, typing_only: bool = False) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement below ``node``, and whether it is under ``if TYPE_CHECKING:``."""
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node, typing_only
        return
    if isinstance(node, ast.If) and _is_type_checking(node.test):
        for statement in node.body:
            yield from _imports(statement, True)
        for statement in node.orelse:
            yield from _imports(statement, typing_only)
        return
    for child in ast.iter_child_nodes(node):
        yield from _imports(child, typing_only)


def _base(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The module a ``from ... import`` names, relative ones resolved against ``module``'s package."""
    if not node.level:
        return node.module or ""
    package = module.split(".")
    if not is_package:
        package.pop()
    if node.level > 1:
        package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, *([node.module] if node.module else [])])


def edges_in(module: str, source: str, *, is_package: bool = False) -> Iterator[Edge]:
    """The imports of kepu_plan's modules in ``source``, the text of ``module``."""
    for node, typing_only in _imports(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = _base(module, is_package, node)
            # ``from package import module`` imports the module; ``from module import name`` the module.
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        for target in targets:
            if target == PACKAGE or target.startswith(PACKAGE + "."):
                yield Edge(module, target, node.lineno, typing_only)


EDGES = [
    edge
    for module, path in MODULES.items()
    for edge in edges_in(module, path.read_text(encoding="utf-8"), is_package=path.name == "__init__.py")
]


def within(module: str, *families: str) -> bool:
    """Whether ``module`` is one of ``families`` or inside one (``kepu_plan.model`` holds ``.model.x``)."""
    return any(module == family or module.startswith(family + ".") for family in families)


def _k(*names: str) -> tuple[str, ...]:
    """``kepu_plan.name`` for each name."""
    return tuple(f"{PACKAGE}.{name}" for name in names)


# --- the rules: each says which edges break it ----------------------------------------------------------


def formats_above_the_document(edge: Edge) -> bool:
    """(a) A format reads bytes into a ``Document`` and renders one: it knows no layout and no pipeline."""
    return within(edge.importer, *_k("formats")) and (
        edge.imported.startswith(f"{PACKAGE}.layout") or within(edge.imported, *_k("_pipeline"))
    )


def model_beyond_its_grammar(edge: Edge) -> bool:
    """(b) The model imports nothing of kepu_plan but the errors, the messages and the cell grammar."""
    return within(edge.importer, *_k("model")) and not within(
        edge.imported, *_k("model", "errors", "_i18n", "_grammar")
    )


def grammar_beyond_errors(edge: Edge) -> bool:
    """(c) The cell grammar, shared by model and layout, imports only the errors and the messages."""
    return within(edge.importer, *_k("_grammar")) and not within(edge.imported, *_k("_grammar", "errors", "_i18n"))


def layout_below_formats(edge: Edge) -> bool:
    """(d) The layout turns a ``Document`` into a ``Plan`` and back: it knows no file format, no
    pipeline and no facade."""
    return edge.importer.startswith(f"{PACKAGE}.layout") and within(edge.imported, *_k("formats", "_pipeline", "_io"))


RULES = {
    rule.__name__: rule
    for rule in (formats_above_the_document, model_beyond_its_grammar, grammar_beyond_errors, layout_below_formats)
}

#: Known breaches of a rule, (rule, importer, imported), each with a comment saying what removes it;
#: empty since issue 14 landed.  A listed edge that is gone fails the test: delete its line.
#: ``cycle`` lines are run-time edges that close a cycle.
KNOWN_VIOLATIONS: frozenset[tuple[str, str, str]] = frozenset()

#: Modules longer than MAX_LINES, each with a comment saying what splits it; empty since issue 14
#: landed.  Delete a line when done.
OVERSIZE: frozenset[str] = frozenset()


def violations() -> set[tuple[str, str, str]]:
    return {(name, edge.importer, edge.imported) for edge in EDGES for name, rule in RULES.items() if rule(edge)}


def _where(found: set[tuple[str, str, str]]) -> str:
    lines = []
    for rule, importer, imported in sorted(found):
        places = sorted({edge.line for edge in EDGES if (edge.importer, edge.imported) == (importer, imported)})
        path = MODULES[importer].relative_to(SRC.parent)
        lines.append(f"{rule}: {importer} imports {imported} ({path}:{', '.join(map(str, places))})")
    return "\n".join(lines)


def run_time_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {module: set() for module in MODULES}
    for edge in EDGES:
        if not edge.typing_only and edge.imported in MODULES and edge.imported != edge.importer:
            graph[edge.importer].add(edge.imported)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as its modules in import order (the first again at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for imported in sorted(graph[module]):
            if state.get(imported) == 1:
                return [*path[path.index(imported) :], imported]
            if imported not in state and (cycle := visit(imported)):
                return cycle
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


def _in_a_cycle(graph: dict[str, set[str]], importer: str, imported: str) -> bool:
    """Whether the edge importer -> imported closes a cycle: imported reaches importer."""
    seen, todo = {imported}, [imported]
    while todo:
        for nxt in graph[todo.pop()]:
            if nxt == importer:
                return True
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


# --- the tests ------------------------------------------------------------------------------------------


PARSED = """
from typing import TYPE_CHECKING
import os
import kepu_plan.errors
from . import json
from .. import grid
from .._i18n import N_
if TYPE_CHECKING:
    from kepu_plan.model import Plan
else:
    import kepu_plan.units as units
def read():
    from kepu_plan.layout import plan_from_document
class Reader:
    def read(self):
        from ..targets import find_targets
"""


def test_every_import_is_seen_top_level_in_a_function_relative_or_for_type_checking_only() -> None:
    found = {(edge.imported, edge.line, edge.typing_only) for edge in edges_in("kepu_plan.formats.docx", PARSED)}
    assert found == {
        ("kepu_plan.errors", 4, False),
        ("kepu_plan.formats.json", 5, False),
        ("kepu_plan.grid", 6, False),
        ("kepu_plan._i18n", 7, False),
        ("kepu_plan.model", 9, True),
        ("kepu_plan.units", 11, False),
        ("kepu_plan.layout", 13, False),
        ("kepu_plan.targets", 16, False),
    }


def test_a_package_resolves_its_relative_imports_against_itself() -> None:
    found = {
        edge.imported
        for edge in edges_in("kepu_plan.formats", "from . import json\nfrom .. import grid\n", is_package=True)
    }
    assert found == {"kepu_plan.formats.json", "kepu_plan.grid"}


def test_the_walk_covers_every_module_of_the_package() -> None:
    assert {PACKAGE, f"{PACKAGE}.errors", f"{PACKAGE}.cli", f"{PACKAGE}.tracking.forms"} <= set(MODULES)
    assert len(EDGES) > len(MODULES)


@pytest.mark.parametrize(
    ("importer", "imported", "broken"),
    [
        ("kepu_plan.formats.xlsx._reader", "kepu_plan.layout.reading", ["formats_above_the_document"]),
        ("kepu_plan.formats.docx", "kepu_plan._pipeline", ["formats_above_the_document"]),
        ("kepu_plan.formats.pdf", "kepu_plan.layouts", ["formats_above_the_document"]),
        ("kepu_plan.model.plan", "kepu_plan.units", ["model_beyond_its_grammar"]),
        ("kepu_plan.model", "kepu_plan", ["model_beyond_its_grammar"]),
        ("kepu_plan._grammar.cells", "kepu_plan.model", ["grammar_beyond_errors"]),
        ("kepu_plan.layout.writing", "kepu_plan.formats.xlsx", ["layout_below_formats"]),
        ("kepu_plan.layouts", "kepu_plan._io", ["layout_below_formats"]),
        ("kepu_plan.layout._writing", "kepu_plan._pipeline", ["layout_below_formats"]),
        ("kepu_plan.model.plan", "kepu_plan._grammar.cells", []),
        ("kepu_plan._grammar.cells", "kepu_plan._i18n", []),
        ("kepu_plan._pipeline", "kepu_plan.layout", []),
        ("kepu_plan._pipeline", "kepu_plan.formats.docx", []),
        ("kepu_plan.layout.reading", "kepu_plan.grid", []),
        ("kepu_plan.formats.docx", "kepu_plan.grid", []),
    ],
)
def test_each_rule_names_the_edges_that_cross_the_flow(importer: str, imported: str, broken: list[str]) -> None:
    edge = Edge(importer, imported, 1, typing_only=False)
    assert [name for name, rule in RULES.items() if rule(edge)] == broken


@pytest.mark.parametrize("rule", sorted(RULES))
def test_no_module_imports_across_the_flow(rule: str) -> None:
    found = {violation for violation in violations() if violation[0] == rule}
    known = {violation for violation in KNOWN_VIOLATIONS if violation[0] == rule}
    assert not found - known, f"{RULES[rule].__doc__}\n{_where(found - known)}"
    assert not known - found, f"fixed, delete from KNOWN_VIOLATIONS: {sorted(known - found)}"


def test_no_import_cycle_at_run_time() -> None:
    graph = run_time_graph()
    known = {(importer, imported) for rule, importer, imported in KNOWN_VIOLATIONS if rule == "cycle"}
    gone = {edge for edge in known if edge[1] not in graph[edge[0]] or not _in_a_cycle(graph, *edge)}
    assert not gone, f"no longer closes a cycle, delete from KNOWN_VIOLATIONS: {sorted(gone)}"
    for importer, imported in known:
        graph[importer].discard(imported)
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_reports_the_cycle_in_import_order() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    assert _in_a_cycle(graph, "c", "a")
    assert not _in_a_cycle(graph, "c", "d")


def test_no_module_is_longer_than_the_limit() -> None:
    lengths = {module: len(path.read_text(encoding="utf-8").splitlines()) for module, path in MODULES.items()}
    over = {module for module, length in lengths.items() if length > MAX_LINES}
    assert not over - OVERSIZE, {module: lengths[module] for module in sorted(over - OVERSIZE)}
    assert not OVERSIZE - over, f"now short enough, delete from OVERSIZE: {sorted(OVERSIZE - over)}"


# --- the command line, the examples and the benchmarks are clients of the public API -------------------

ROOT = SRC.parent

#: The private modules the command line may use, and why.  The command line is part of the package;
#: what it does to a plan (read, write, convert, adapt, compare, split, count) goes through public
#: names like any other client's code (``kp.read``, ``kp.write``, ``kp.workload``, ``plan.targets()``,
#: ``kepu_plan.units.for_unit`` ...), so that the public API is enough to write it.  What a program
#: on a terminal needs besides, and no library user does, may come from the package's private plumbing:
CLI_PRIVATE: dict[str, str] = {
    f"{PACKAGE}._i18n": "its messages, in the catalogs of the package (Chinese, or English under an en locale)",
    f"{PACKAGE}._grammar.width": "the display width of text, to fit its tables to the terminal",
    f"{PACKAGE}._atomic": "files it writes itself (split's index, its folders, file names made from unit names)",
}


def _private(dotted: str) -> bool:
    return any(part.startswith("_") and not part.endswith("__") for part in dotted.split("."))


def kepu_plan_names(path: Path, module: str = "") -> Iterator[tuple[int, str]]:
    """Every name of kepu_plan a client file uses: what it imports (``from kepu_plan.x import y`` is
    ``kepu_plan.x.y``), and attributes reached through what it imported (``kp.formats.xlsx._writer``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bound: dict[str, str] = {}
    for node, _typing_only in _imports(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
                top = alias.name.split(".")[0]
                bound[alias.asname or top] = alias.name if alias.asname else top
        else:
            base = _base(module, path.name == "__init__.py", node)
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"
                bound[alias.asname or alias.name] = f"{base}.{alias.name}"

    def dotted(node: ast.expr) -> str | None:
        if isinstance(node, ast.Name):
            return bound.get(node.id)
        if isinstance(node, ast.Attribute) and (inner := dotted(node.value)):
            return f"{inner}.{node.attr}"
        return None

    for child in ast.walk(tree):
        if isinstance(child, ast.Attribute) and (name := dotted(child)):
            yield child.lineno, name


def private_names(path: Path, module: str = "") -> set[tuple[str, int]]:
    return {
        (name, line)
        for line, name in kepu_plan_names(path, module)
        if (name == PACKAGE or name.startswith(PACKAGE + ".")) and _private(name)
    }


def test_the_name_finder_sees_imports_attributes_and_aliases(tmp_path: Path) -> None:
    path = tmp_path / "client.py"
    path.write_text(
        "import kepu_plan as kp\nimport kepu_plan._io\nfrom kepu_plan import formats, _limits\n"
        "from kepu_plan.formats.xlsx._writer import rows\nimport os\n"
        "def f():\n    from kepu_plan import read\n    kp.__version__, kp._HOMES, formats.xlsx._sheet, os._exit\n",
        encoding="utf-8",
    )
    assert private_names(path) == {
        ("kepu_plan._io", 2),
        ("kepu_plan._limits", 3),
        ("kepu_plan.formats.xlsx._writer.rows", 4),
        ("kepu_plan._HOMES", 8),
        ("kepu_plan.formats.xlsx._sheet", 8),
    }


@pytest.mark.parametrize("folder", ["examples", "benchmarks"])
def test_examples_and_benchmarks_use_no_private_name_of_kepu_plan(folder: str) -> None:
    """What a user copies from examples/ and what benchmarks/ measures is what a user can call."""
    found = sorted(
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in sorted((ROOT / folder).glob("*.py"))
        for name, line in private_names(path)
    )
    assert not found, "\n".join(found)


def test_the_command_line_uses_public_names_for_plans_and_private_ones_only_for_its_plumbing() -> None:
    """The rule of :data:`CLI_PRIVATE`: the command line's own modules (``kepu_plan.cli.*``, private
    ones included) and the public API; of the private modules, only those listed, each for its reason."""
    cli = f"{PACKAGE}.cli"
    used: set[str] = set()
    found = []
    for module, path in MODULES.items():
        if not within(module, cli):
            continue
        for name, line in private_names(path, module):
            allowed = [private for private in CLI_PRIVATE if within(name, private)]
            used.update(allowed)
            if not within(name, cli) and not allowed:
                found.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert not sorted(found), "\n".join(sorted(found))
    assert not set(CLI_PRIVATE) - used, f"no longer used, delete from CLI_PRIVATE: {sorted(set(CLI_PRIVATE) - used)}"
