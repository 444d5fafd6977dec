"""The installed `roadmap-tui` in a real pseudo-terminal, its output on a pyte screen.

Shared by the end-to-end and torture tests (pexpect and pyte are test extras)."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pyte

SCRIPT = Path(sys.executable).with_name("roadmap-tui")
COLUMNS, ROWS = 80, 24
TIMEOUT = 30.0


def app_env(data_dir: Path) -> dict[str, str]:
    """The environment for the installed app on progress in ``data_dir``, in colour."""
    assert SCRIPT.is_file(), f"install roadmap-tui into this environment ({SCRIPT} is missing)"
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["ROADMAP_TUI_DATA_DIR"] = str(data_dir)
    env["TERM"] = "xterm-256color"
    return env


class Terminal:
    """A child process in a pty, with everything it writes rendered on a pyte screen."""

    def __init__(
        self, env: dict[str, str], timeout: float = TIMEOUT, args: list[str] | None = None
    ) -> None:
        self.timeout = timeout
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.child = pexpect.spawn(
            str(SCRIPT), args or [], env=env, dimensions=(ROWS, COLUMNS), timeout=timeout
        )
        self.child.delaybeforesend = None  # pexpect sleeps 50 ms before each send otherwise
        self.ended = False
        self.reaped = False

    def pump(self, timeout: float = 0.1) -> None:
        """Render whatever output is waiting (waiting up to ``timeout`` for some)."""
        if self.ended:
            time.sleep(timeout)
            return
        try:
            data = self.child.read_nonblocking(65536, timeout=timeout)
        except pexpect.TIMEOUT:
            return
        except pexpect.EOF:
            self.ended = True
            return
        self.stream.feed(data)

    def pause(self, seconds: float) -> None:
        """Keep reading the app's output (so it never blocks on a full pty) for a while."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            self.pump(min(left, 0.02))

    @property
    def lines(self) -> list[str]:
        return list(self.screen.display)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def wait_until(self, done: Callable[[], bool], what: str) -> None:
        """Read output until ``done()`` holds; fail (showing the screen) after the timeout."""
        deadline = time.monotonic() + self.timeout
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
        lines = self.lines
        tops = [n for n, line in enumerate(lines) if "╭" in line[30:]]
        return lines[tops[1] + 1] if len(tops) >= 2 and tops[1] + 1 < ROWS else ""

    def wait_for_details(self, title: str) -> None:
        self.wait_until(lambda: title in self.details_line(), f"{title!r} in the details pane")

    def press(self, key: str) -> None:
        self.child.send(key)

    def wait_exit(self) -> int:
        """Wait for the app to exit; its exit status (a kill by a signal fails)."""
        self.wait_until(lambda: self.ended, "the app exit")
        self.child.close()
        status = self.child.exitstatus
        assert status is not None, f"killed by signal {self.child.signalstatus}"
        return int(status)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()

    def kill(self) -> None:
        if self.reaped:  # the test waited for the process itself
            return
        if self.child.isalive():
            self.child.terminate(force=True)

    def kill_9(self) -> None:
        if self.child.isalive():
            os.kill(self.child.pid, signal.SIGKILL)
        self.child.close(force=True)
