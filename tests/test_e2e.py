"""End to end: the installed `roadmap-tui` command in a real pseudo-terminal.

The command's output is fed into a pyte screen (a terminal emulator), so the test reads
what a user would see. Keys are typed, the app is quit, restarted, and the progress
must have survived. Timeouts are generous and only bound the waiting: nothing is timed.
"""

from __future__ import annotations

import os
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

SCRIPT = Path(sys.executable).with_name("roadmap-tui")
COLUMNS, ROWS = 80, 24
TIMEOUT = 30.0


class Terminal:
    """A child process in a pty, with everything it writes rendered on a pyte screen."""

    def __init__(self, env: dict[str, str]) -> None:
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.child = pexpect.spawn(
            str(SCRIPT), [], env=env, dimensions=(ROWS, COLUMNS), timeout=TIMEOUT
        )
        self.ended = False

    def pump(self) -> None:
        """Render whatever output is waiting (up to a tenth of a second for some)."""
        if self.ended:
            time.sleep(0.05)
            return
        try:
            data = self.child.read_nonblocking(65536, timeout=0.1)
        except pexpect.TIMEOUT:
            return
        except pexpect.EOF:
            self.ended = True
            return
        self.stream.feed(data)

    @property
    def lines(self) -> list[str]:
        return list(self.screen.display)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def wait_until(self, done: Callable[[], bool], what: str) -> None:
        """Read output until ``done()`` holds; fail (showing the screen) after TIMEOUT."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            self.pump()
            if done():
                return
            if self.ended:
                break
        raise AssertionError(f"never saw {what} on screen:\n{self.text}")

    def wait_for(self, needle: str) -> None:
        self.wait_until(lambda: needle in self.text, repr(needle))

    def details_line(self) -> str:
        """The first line inside the details box (the right-hand pane's second box),
        or "" while the screen is not drawn that far."""
        tops = [n for n, line in enumerate(self.lines) if "╭" in line[30:]]
        return self.lines[tops[1] + 1] if len(tops) >= 2 and tops[1] + 1 < ROWS else ""

    def press(self, key: str) -> None:
        self.child.send(key)

    def wait_exit(self) -> int:
        deadline = time.monotonic() + TIMEOUT
        while not self.ended and time.monotonic() < deadline:
            self.pump()
        assert self.ended, f"roadmap-tui did not exit:\n{self.text}"
        self.child.close()
        status = self.child.exitstatus
        assert status is not None, f"killed by signal {self.child.signalstatus}"
        return int(status)

    def kill(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)


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
