"""End to end: the installed `roadmap-tui` command in a real pseudo-terminal.

The command's output is fed into a pyte screen (a terminal emulator), so the test reads
what a user would see. Keys are typed, the app is quit, restarted, and the progress
must have survived. Timeouts are generous and only bound the waiting: nothing is timed.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

import pytest

pytest.importorskip("pexpect")
pytest.importorskip("pyte")

from terminal import SCRIPT, Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def test_installed_command_ticks_quits_and_restores(data_dir: Path) -> None:
    assert SCRIPT.is_file(), f"install roadmap-tui into this environment ({SCRIPT} is missing)"
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["ROADMAP_TUI_DATA_DIR"] = str(data_dir)
    env["TERM"] = "xterm-256color"
    progress = data_dir / "progress" / "backend.toml"

    first = Terminal(env)
    try:
        first.wait_until(
            lambda: "Computer Science basics" in first.details_line(), "the first topic's details"
        )
        assert "[ ] Networking fundamentals" in first.text
        first.press("j")
        first.wait_until(
            lambda: "Networking fundamentals" in first.details_line(), "the second topic's details"
        )
        first.press(" ")
        first.wait_for("[x] Networking")
        first.press("q")
        assert first.wait_exit() == 0
    finally:
        first.kill()

    saved = tomllib.loads(progress.read_text(encoding="utf-8"))
    assert saved["items"]["networking-fundamentals"]["status"] == "done"
    assert set(saved["items"]) == {"networking-fundamentals"}
    assert saved["view"] == {"level": "prerequisites", "item": "networking-fundamentals"}

    second = Terminal(env)
    try:
        second.wait_for("[x] Networking fundamentals")
        # the cursor is back on the ticked topic: the details pane shows it
        second.wait_until(
            lambda: "Networking fundamentals" in second.details_line(), "the details pane"
        )
        assert "[x]" in second.details_line()
        assert "[ ] Computer Science basics" in second.text
        second.press("q")
        assert second.wait_exit() == 0
    finally:
        second.kill()
    again = tomllib.loads(progress.read_text(encoding="utf-8"))
    assert again["items"]["networking-fundamentals"]["status"] == "done"
