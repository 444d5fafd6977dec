"""Keys typed in one burst, in a real terminal: the whole burst is one write to the pty,
so the app reads every key before it has handled the first. Each must still act, in
order, on the pane it was meant for."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

pytest.importorskip("pexpect")
pytest.importorskip("pyte")

from terminal import Terminal

from roadmap_tui.model import Status
from roadmap_tui.paths import progress_path
from roadmap_tui.store import ProgressStore

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]


def statuses(data_dir: Path) -> dict[str, Status]:
    return ProgressStore(progress_path(data_dir, "backend"), "backend").load().statuses()


def test_a_burst_in_one_write_acts_in_order(data_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["ROADMAP_TUI_DATA_DIR"] = str(data_dir)
    env["TERM"] = "xterm-256color"
    term = Terminal(env)
    try:
        term.wait_for_details("Computer Science basics")
        # h: levels; j: Level 1; l: its topics; j: the second; space ticks it
        term.press("hjlj ")
        term.wait_for("[x] Python")
        # 1 2 together: Level 12, and the x that follows ticks its first topic
        term.press("12x")
        term.wait_for("Level 12 – Advanced Concepts")
        term.wait_for("[x] Microservices at scale")
        # / and a query and enter, all at once: the search jumps to the topic
        term.press("/kafka\r")
        term.wait_for("Level 5 – APIs & Communication")
        term.wait_for_details("Message Queues")
        term.press("q")
        assert term.wait_exit() == 0
    finally:
        term.kill()
    assert statuses(data_dir) == {
        "lang-python": Status.DONE,
        "microservices-at-scale": Status.DONE,
    }
