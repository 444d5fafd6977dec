"""`roadmap-tui docs [TOPIC]`: the guides that ship in the package, in the terminal
(#30). Messages name this command instead of a docs/ path that an installed copy
doesn't have; tests/core/test_packaging.py checks the wheel carries every guide."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.samples import REPO, run_cli

GUIDES = sorted(p.stem for p in (REPO / "docs").glob("*.md"))


def test_without_a_topic_it_lists_every_guide_with_its_title(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_cli(capsys, "docs")
    assert code == 0 and err == ""
    listed = [line.split()[0] for line in out.splitlines()[: len(GUIDES)]]
    assert listed == GUIDES
    assert "Sync: your progress on every machine" in out
    assert "roadmap-tui docs NAME" in out


@pytest.mark.parametrize("asked", ["sync", "SYNC", "sy", "sync.md"])
def test_a_guide_into_a_pipe_is_its_markdown_as_written(
    capsys: pytest.CaptureFixture[str], asked: str
) -> None:
    code, out, err = run_cli(capsys, "docs", asked)
    assert code == 0 and err == ""
    assert out == (REPO / "docs" / "sync.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("asked", ["nope", "p"])
def test_an_unknown_or_ambiguous_name_is_one_line_naming_the_guides(
    capsys: pytest.CaptureFixture[str], asked: str
) -> None:
    code, out, err = run_cli(capsys, "docs", asked)
    assert code == 2 and out == ""
    (line,) = err.splitlines()
    assert line.startswith(f"roadmap-tui: error: no guide is called {asked!r}; the guides: ")
    named = line.rsplit(": ", 1)[1].split(", ")
    assert named and all(n in GUIDES for n in named)
    assert all(n.startswith(asked) for n in named) or asked == "nope"


def test_no_user_facing_message_points_into_a_docs_folder() -> None:
    # An installed copy has no docs/ folder: what users read names `roadmap-tui docs`.
    # (Docstrings and comments, for those who read the source, may name the files.)
    import ast

    offenders = []
    for path in (REPO / "src" / "roadmap_tui").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {  # a string standing alone: a docstring, or one after an assignment
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and re.search(r"docs/[\w-]+\.md", node.value)
            ):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.value!r}")
    assert offenders == []


def test_in_a_terminal_the_guide_is_rendered(tmp_path: Path) -> None:
    from support.terminal import Terminal, app_env

    env = app_env(tmp_path / "data")
    env["PAGER"] = "cat"  # the pager's own keys are not ours to test; its end is shown
    with Terminal(env, args=["docs", "progress"]) as term:
        assert term.wait_exit() == 0
        shown = term.text
    assert "Obsidian Tasks" in shown  # the guide's last paragraph
    assert "`" not in shown and "**" not in shown  # Markdown rendered, not raw
