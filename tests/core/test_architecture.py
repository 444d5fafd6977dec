"""The house holds by construction: every subpackage is in the layers that `lint-imports`
checks in .ci/run (pyproject.toml, ARCHITECTURE.md), no two modules import each other
in a circle (imports for type checking and deferred ones included), no module is over
400 lines, and each subpackage says what lives there and imports nothing itself."""

from __future__ import annotations

import ast
import tomllib

import grimp
from support.samples import REPO

PACKAGE = REPO / "src" / "roadmap_tui"
TOP_LEVEL = {"__init__", "__main__", "launch"}  # the entry points
MAX_LINES = 400


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _subpackages() -> set[str]:
    return {p.parent.name for p in PACKAGE.glob("*/__init__.py")}


def test_only_the_entry_points_are_at_the_top() -> None:
    assert {p.stem for p in PACKAGE.glob("*.py")} == TOP_LEVEL


def test_every_subpackage_is_in_a_layer() -> None:
    (layers,) = [c for c in _contracts() if c["type"] == "layers"]
    named = {
        name.strip().removeprefix("roadmap_tui.")
        for layer in layers["layers"]  # type: ignore[attr-defined]
        for name in layer.split("|")
    }
    assert _subpackages() | {"launch"} == named


def test_nothing_below_the_faces_imports_textual() -> None:
    (rule,) = [c for c in _contracts() if c["name"] == "Nothing below the faces imports Textual"]
    below = {str(m).removeprefix("roadmap_tui.") for m in rule["source_modules"]}  # type: ignore[attr-defined]
    assert below == _subpackages() - {"cli", "tui"}
    assert rule["forbidden_modules"] == ["textual"]


def test_no_module_imports_another_in_a_circle() -> None:
    graph = grimp.build_graph("roadmap_tui", include_external_packages=False)
    modules = {m for m in graph.modules if not graph.find_children(m)}  # modules, not packages
    edges = {m: graph.find_modules_directly_imported_by(m) & modules for m in modules}
    # Tarjan's strongly connected components: any with two or more modules is a circle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.add(top)
                if top == node:
                    break
            if len(component) > 1:
                circles.append(component)

    for module in sorted(modules):
        if module not in index:
            visit(module)
    assert circles == []


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_each_subpackage_says_what_lives_there_and_imports_nothing() -> None:
    for init in PACKAGE.rglob("__init__.py"):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        if init.parent == PACKAGE:
            continue  # the package itself: only its version
        assert ast.get_docstring(tree), f"{init} needs a docstring"
        imports = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
        assert imports == [], f"{init} imports; `status --short` must stay light"
        if init.parent.parent == PACKAGE and init.parent.name != "tui":
            assert "May import" in (ast.get_docstring(tree) or ""), init


def test_the_terminal_ui_is_a_typed_package() -> None:
    assert (PACKAGE / "tui" / "__init__.py").is_file()
    assert (PACKAGE / "py.typed").is_file()
