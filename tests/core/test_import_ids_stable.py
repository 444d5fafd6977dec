"""The ids of every corpus checklist and of the bundled roadmap stay as they were:
users' progress is keyed by them, so a change to the importer must not move them.

The expected ids are in ``tests/golden/corpus-ids.json``; after a deliberate change
(with its migration), rewrite it with ``python tests/core/test_import_ids_stable.py``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from roadmap_tui.importing.reader import build_import, read_checklist
from roadmap_tui.roadmap.load import load_roadmap

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"
GOLDEN = HERE.parent / "golden" / "corpus-ids.json"
BUNDLED = HERE.parents[1] / "data" / "roadmap.toml"


def _files() -> list[Path]:
    corpus = sorted(p for p in (DATA / "checklists").glob("*.md") if p.name != "README.md")
    return [DATA / "backend-roadmap.md", *corpus]


def _ids_of(path: Path) -> list[str]:
    found = read_checklist(path.read_text(encoding="utf-8"), path)
    roadmap = build_import(found, "x", where=path).roadmap
    return [i for level in roadmap.levels for i in (level.id, *(t.id for t in level.walk()))]


def _bundled_ids() -> list[str]:
    roadmap = load_roadmap(BUNDLED)
    return [i for level in roadmap.levels for i in (level.id, *(t.id for t in level.walk()))]


def current() -> dict[str, list[str]]:
    out = {path.name: _ids_of(path) for path in _files()}
    out["bundled roadmap.toml"] = _bundled_ids()
    return out


@pytest.mark.parametrize("name", [*(p.name for p in _files()), "bundled roadmap.toml"])
def test_ids_of_the_corpus_and_the_bundled_roadmap_do_not_change(name: str) -> None:
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = current()[name] if name != "bundled roadmap.toml" else _bundled_ids()
    assert got == expected[name]


if __name__ == "__main__":  # pragma: no cover - rewrites the golden file by hand
    GOLDEN.write_text(json.dumps(current(), indent=1, ensure_ascii=False) + "\n", "utf-8")
    sys.exit(0)
