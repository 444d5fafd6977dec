"""The layers hold by construction: every core module is under the import contract that
`lint-imports` checks in .ci/run (pyproject.toml, ARCHITECTURE.md)."""

from __future__ import annotations

import tomllib

from samples import REPO

PACKAGE = REPO / "src" / "roadmap_tui"
FACES = {"cli", "launch", "__main__", "__init__"}  # the command line and its entry points


def test_every_core_module_is_under_the_contract() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    (core,) = [
        contract
        for contract in config["tool"]["importlinter"]["contracts"]
        if contract["type"] == "forbidden"
    ]
    listed = set(core["source_modules"])
    modules = {f"roadmap_tui.{path.stem}" for path in PACKAGE.glob("*.py")} - {
        f"roadmap_tui.{face}" for face in FACES
    }
    assert listed == modules, "add new core modules to the import contract in pyproject.toml"
    assert {"textual", "roadmap_tui.tui", "roadmap_tui.cli"} <= set(core["forbidden_modules"])


def test_the_terminal_ui_is_a_typed_package() -> None:
    assert (PACKAGE / "tui" / "__init__.py").is_file()
    assert (PACKAGE / "py.typed").is_file()
