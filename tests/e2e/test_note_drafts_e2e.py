"""The installed `roadmap-tui` in a real terminal, with a note being written: ctrl+c
asks before anything is dropped, and SIGTERM or a hang-up keeps the draft in a
recovery journal that the next start shows as the topic's note."""

from __future__ import annotations

import os
import signal
import sys
import time
import tomllib
from pathlib import Path

import pytest
from support.terminal import Terminal, app_env

from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.recovery import journal_paths

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
    pytest.mark.slow,
]

DRAFT = "draft that matters"


def typing_a_note(data_dir: Path) -> Terminal:
    term = Terminal(app_env(data_dir))
    term.wait_for_details("Computer Science basics")
    term.press("n")
    term.wait_for("Note: Computer Science basics")
    term.press(DRAFT)
    term.wait_for(DRAFT)
    return term


def saved_note(data_dir: Path) -> str:
    path = progress_path(data_dir, "backend")
    if not path.is_file():
        return ""
    items = tomllib.loads(path.read_text(encoding="utf-8")).get("items", {})
    return str(items.get("cs-basics", {}).get("note", ""))


def test_ctrl_c_in_the_note_editor_asks_and_s_saves_then_quits(data_dir: Path) -> None:
    with typing_a_note(data_dir) as term:
        term.press("\x03")  # ctrl+c
        term.wait_for("The note has changed. Save it?")
        assert not term.ended
        term.press("s")
        assert term.wait_exit() == 0
    assert saved_note(data_dir) == DRAFT


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_keeps_the_draft_and_the_next_start_shows_it(data_dir: Path, signum: int) -> None:
    path = progress_path(data_dir, "backend")
    with typing_a_note(data_dir) as term:
        term.child.kill(signum)
        assert term.wait_exit() == 0  # every change was saved; the draft is kept
    journals = journal_paths(path)
    assert len(journals) == 1 and DRAFT in journals[0].read_text(encoding="utf-8")
    assert saved_note(data_dir) == ""

    with Terminal(app_env(data_dir)) as term:
        term.wait_for("A note that was being written")
        term.wait_for(DRAFT)  # in the details pane: the topic's note now
        term.press("q")
        assert term.wait_exit() == 0
    assert saved_note(data_dir) == DRAFT
    assert journal_paths(path) == []


def test_closing_the_terminal_keeps_the_draft(data_dir: Path) -> None:
    term = typing_a_note(data_dir)
    try:
        pid = term.child.pid
        os.close(term.child.child_fd)  # the terminal emulator goes away
        for _ in range(1200):  # a generous last guard against a hang, not a timing
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
            raise AssertionError("the app hung after its terminal closed")
        term.ended = term.reaped = True
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        term.kill()
    journals = journal_paths(progress_path(data_dir, "backend"))
    assert len(journals) == 1 and DRAFT in journals[0].read_text(encoding="utf-8")
