"""End to end: the installed `roadmap-tui` command in a real pseudo-terminal.

The command's output is fed into a pyte screen (a terminal emulator), so the test reads
what a user would see. Keys are typed, the app is quit, restarted, and the progress
must have survived. Timeouts are generous and only bound the waiting: nothing is timed.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

pytest.importorskip("pexpect")
pytest.importorskip("pyte")

from support.terminal import Terminal, app_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def test_installed_command_ticks_quits_and_restores(data_dir: Path) -> None:
    env = app_env(data_dir)
    progress = data_dir / "progress" / "backend.toml"

    with Terminal(env) as first:
        first.wait_for_details("Computer Science basics")
        assert "[ ] Networking fundamentals" in first.text
        first.press("j")
        first.wait_for_details("Networking fundamentals")
        first.press(" ")
        first.wait_for("[x] Networking")
        first.press("q")
        assert first.wait_exit() == 0

    saved = tomllib.loads(progress.read_text(encoding="utf-8"))
    assert saved["items"]["networking-fundamentals"]["status"] == "done"
    assert set(saved["items"]) == {"networking-fundamentals"}
    assert saved["view"] == {"level": "prerequisites", "item": "networking-fundamentals"}

    with Terminal(env) as second:
        second.wait_for("[x] Networking fundamentals")
        # the cursor is back on the ticked topic: the details pane shows it
        second.wait_for_details("Networking fundamentals")
        assert "[x]" in second.details_line()
        assert "[ ] Computer Science basics" in second.text
        second.press("q")
        assert second.wait_exit() == 0
    again = tomllib.loads(progress.read_text(encoding="utf-8"))
    assert again["items"]["networking-fundamentals"]["status"] == "done"


def test_a_markdown_checklist_opens_directly_and_keeps_its_ticks(
    data_dir: Path, tmp_path: Path
) -> None:
    """`roadmap-tui --roadmap plan.md`: the checklist in the app (imported on the fly);
    a tick made there is on the same topic when the file is opened again."""
    source = tmp_path / "plan.md"
    source.write_text(
        "# Reading plan\n\n## Week 1: Basics\n\n- [x] SICP\n- [ ] TAOCP\n- [ ] Refactoring\n",
        encoding="utf-8",
    )
    env = app_env(data_dir)

    with Terminal(env, args=["--roadmap", str(source)]) as first:
        first.wait_for_details("SICP")
        assert "Week 1: Basics" in first.text
        assert "[ ] TAOCP" in first.text
        first.press("j")
        first.wait_for_details("TAOCP")
        first.press(" ")
        first.wait_for("[x] TAOCP")
        first.press("q")
        assert first.wait_exit() == 0
    saved = tomllib.loads((data_dir / "progress" / "reading-plan.toml").read_text("utf-8"))
    assert saved["items"]["taocp"]["status"] == "done"

    with Terminal(env, args=["--roadmap", str(source)]) as second:
        second.wait_for("[x] TAOCP")
        assert "[x] SICP" in second.text and "[ ] Refactoring" in second.text
        second.press("q")
        assert second.wait_exit() == 0
