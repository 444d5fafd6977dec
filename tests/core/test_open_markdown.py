"""`--roadmap FILE.md`: a Markdown checklist opened directly, imported on the fly
exactly as `roadmap-tui import FILE.md` would (docs/usage.md, docs/markdown.md)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from support.samples import entries_at, one_error_line, put_file, run_cli

from roadmap_tui.roadmap.model import Status

PLAN = """\
# Reading plan

## Week 1: Basics

- [x] SICP — the wizard book
- [ ] TAOCP
  - [Volume 1](https://example.org/taocp/1)
- [/] Refactoring
"""


def topics(capsys: pytest.CaptureFixture[str], source: Path) -> dict[str, Any]:
    code, out, err = run_cli(capsys, "topics", "--json", "--roadmap", str(source))
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def statuses(data: dict[str, Any]) -> dict[str, str]:
    return {t["title"]: t["status"] for level in data["levels"] for t in level["topics"]}


def test_a_markdown_roadmap_is_the_roadmap_import_makes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    source = put_file(tmp_path / "plan.md", PLAN)
    data = topics(capsys, source)
    assert data["roadmap"] == {"id": "reading-plan", "title": "Reading plan"}
    assert [lv["title"] for lv in data["levels"]] == ["Week 1: Basics"]
    assert statuses(data) == {"SICP": "done", "TAOCP": "todo", "Refactoring": "in-progress"}
    roadmap_file = data_dir / "roadmaps" / "reading-plan.toml"
    opened = roadmap_file.read_bytes()
    # `import` of the same file finds the same roadmap: nothing to change.
    code, out, _ = run_cli(capsys, "import", str(source))
    assert code == 0
    assert "Updated 'Reading plan'" in out and "3 topics kept, 0 added, 0 removed" in out
    assert roadmap_file.read_bytes() == opened
    # ... and the same as an import into a fresh data folder makes.
    other = tmp_path / "other"
    assert run_cli(capsys, "--data-dir", str(other), "import", str(source))[0] == 0
    assert (other / "roadmaps" / "reading-plan.toml").read_bytes() == opened
    assert {k: e.status for k, e in entries_at(other, "reading-plan").items()} == {
        k: e.status for k, e in entries_at(data_dir, "reading-plan").items()
    }


def test_reopening_keeps_the_ticks_and_an_edit_keeps_them_on_their_topics(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    source = put_file(tmp_path / "plan.md", PLAN)
    code, out, err = run_cli(capsys, "mark", "--roadmap", str(source), "taocp", "done")
    assert code == 0, err
    assert "Imported 'Reading plan'" in err  # the first opening says what it did
    assert statuses(topics(capsys, source))["TAOCP"] == "done"
    # Unchanged file: the roadmap is not written again, and nothing is said.
    roadmap_file = data_dir / "roadmaps" / "reading-plan.toml"
    before = roadmap_file.stat().st_mtime_ns
    code, _, err = run_cli(capsys, "status", "--roadmap", str(source))
    assert (code, err) == (0, "")
    assert roadmap_file.stat().st_mtime_ns == before
    # A task inserted above: every tick stays on its topic, the new one is to do.
    put_file(source, PLAN.replace("- [x] SICP", "- [ ] Brand new\n- [x] SICP"))
    code, out, err = run_cli(capsys, "topics", "--json", "--roadmap", str(source))
    assert code == 0
    assert "1 added" in err
    assert statuses(json.loads(out)) == {
        "Brand new": "todo",
        "SICP": "done",
        "TAOCP": "done",
        "Refactoring": "in-progress",
    }
    assert entries_at(data_dir, "reading-plan")["taocp"].status is Status.DONE


def test_every_command_that_takes_roadmap_takes_a_checklist(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    source = put_file(tmp_path / "Plan.Markdown", PLAN)
    for argv in (["status"], ["status", "--short"], ["export"], ["path"], ["topics", "0"]):
        code, out, err = run_cli(capsys, *argv, "--roadmap", str(source))
        assert code == 0, (argv, err)
        assert "TOML" not in err
    code, out, _ = run_cli(capsys, "export", "--roadmap", str(source))
    assert "- [x] **SICP** — the wizard book" in out
    assert "  - [Volume 1](https://example.org/taocp/1)" in out
    code, out, _ = run_cli(capsys, "path", "--roadmap", str(source))
    assert str(data_dir / "roadmaps" / "reading-plan.toml") in out


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("missing.md", None),
        ("empty.md", ""),
        ("prose.md", "# Notes\n\nNo tasks here.\n"),
        ("folder.md", "folder"),
        ("binary.md", "\udcff"),
    ],
)
def test_a_bad_checklist_is_one_line_naming_it_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path, name: str, text: str | None
) -> None:
    path = tmp_path / name
    if text == "folder":
        path.mkdir()
    elif text == "\udcff":
        put_file(path, b"\xff\xfe- [ ] a\n\x00")
    elif text is not None:
        put_file(path, text)
    code, out, err = run_cli(capsys, "topics", "--roadmap", str(path))
    assert (code, out) == (2, "")
    assert "TOML" not in one_error_line(err, says=[str(path)])
    assert not (data_dir / "roadmaps").exists() or not os.listdir(data_dir / "roadmaps")
