"""Keys typed in one burst, in a real terminal: the whole burst is one write to the pty,
so the app reads every key before it has handled the first. Each must still act, in
order, on the pane it was meant for."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("pexpect")
pytest.importorskip("pyte")

from support.samples import file_statuses
from support.terminal import Terminal, app_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]


def test_a_burst_in_one_write_acts_in_order(data_dir: Path) -> None:
    with Terminal(app_env(data_dir)) as term:
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
        # Keys after one that closes a window go to the pane under it, in order: the
        # note is saved as typed (no "k" in it), then k moves up and i marks that topic.
        term.press("nhi\x13ki")  # \x13: ctrl+s
        term.wait_for("[>] WebSockets")
        term.press("q")
        assert term.wait_exit() == 0
    assert file_statuses(data_dir) == {
        "lang-python": "done",
        "microservices-at-scale": "done",
        "message-queues": "todo",
        "websockets": "in-progress",
    }
    assert 'note = "hi"' in (data_dir / "progress" / "backend.toml").read_text()
