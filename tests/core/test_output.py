"""Output that fails is one line and exit code 1, never a traceback and never a lie
about what was saved (docs/usage.md, "Exit codes"): stdout on a real full disk
(`/dev/full`), stdout closed (``>&-``), a reader that leaves (``| head``), a failing
stderr, and the system calls around reads and saves that may fail after the work is
done."""

from __future__ import annotations

import errno
import io
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from support.samples import SEED, file_statuses, one_error_line
from support.samples import run_cli as run
from support.terminal import SCRIPT

from roadmap_tui.base import files

# Every subcommand that prints something, as a user would run it.
PRINTING = [
    ["status"],
    ["status", "--json"],
    ["status", "--short"],
    ["status", "--format", "{done}/{total}"],
    ["topics"],
    ["topics", "--json"],
    ["topics", "0"],
    ["export"],
    ["export", "--format", "html"],
    ["export", "--format", "svg"],
    ["export", "--format", "json"],
    ["list"],
    ["list", "--json"],
    ["path"],
    ["sync", "status"],
    ["--version"],
    ["--help"],
    ["status", "--help"],
]


def installed(
    *argv: str, stdout: Any, env: dict[str, str] | None = None, stderr: Any = subprocess.PIPE
) -> tuple[int, bytes]:
    """The installed command with ``stdout`` (and ``stderr``) as given; its exit code
    and stderr."""
    done = subprocess.run(
        [str(SCRIPT), *argv],
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=stderr,
        timeout=120,
        check=False,
        env={**os.environ, **(env or {})},
    )
    return done.returncode, done.stderr


@pytest.fixture
def full() -> Any:
    if not os.path.exists("/dev/full"):  # pragma: no cover - not Linux
        pytest.skip("needs /dev/full")
    with open("/dev/full", "w") as handle:
        yield handle


@pytest.mark.parametrize("argv", PRINTING, ids=" ".join)
def test_every_command_on_a_full_disk_is_one_line_and_exit_1(argv: list[str], full: Any) -> None:
    code, err = installed(*argv, stdout=full)
    one_error_line(err, says=["cannot write to the standard output", "the disk is full"])
    assert code == 1


def test_mark_on_a_full_disk_says_the_tick_was_saved(full: Any, data_dir: Path) -> None:
    code, err = installed("mark", "cs-basics", "done", stdout=full)
    one_error_line(err, says=["the disk is full", "the change itself was saved"])
    assert code == 1
    assert file_statuses(data_dir) == {"cs-basics": "done"}


def test_import_on_a_full_disk_says_the_roadmap_was_saved(full: Any, data_dir: Path) -> None:
    code, err = installed("import", str(SEED), stdout=full)
    one_error_line(err, says=["the disk is full", "imported and saved"])
    assert code == 1
    assert list((data_dir / "roadmaps").glob("*.toml"))


def test_setting_a_note_with_a_full_stdout_saves_it(full: Any, data_dir: Path) -> None:
    # Setting a note prints nothing on stdout (its confirmation is on stderr), so a full
    # stdout is no failure; with stderr full too the note is still saved.
    code, _ = installed("note", "cs-basics", "read it twice", stdout=full, stderr=full)
    assert code == 0
    shown = subprocess.run(
        [str(SCRIPT), "note", "cs-basics"], capture_output=True, text=True, timeout=120, check=True
    )
    assert shown.stdout.strip() == "read it twice"


def test_showing_a_note_on_a_full_disk_claims_no_save(full: Any, data_dir: Path) -> None:
    subprocess.run([str(SCRIPT), "note", "cs-basics", "kept"], timeout=120, check=True)
    code, err = installed("note", "cs-basics", stdout=full)
    one_error_line(err, says=["the disk is full"])
    assert b"saved" not in err
    assert code == 1


def test_restore_listing_on_a_full_disk_claims_nothing_put_back(full: Any) -> None:
    code, err = installed("restore", stdout=full)
    one_error_line(err, says=["the disk is full"])
    assert b"put back" not in err
    assert code == 1


def test_mark_with_stdout_closed_saves_and_says_so(data_dir: Path) -> None:
    done = subprocess.run(
        f"exec '{SCRIPT}' mark cs-basics done >&-",
        shell=True,
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
    )
    one_error_line(done.stderr, says=["standard output is closed", "the change itself was saved"])
    assert done.returncode == 1
    assert file_statuses(data_dir) == {"cs-basics": "done"}


@pytest.mark.parametrize("argv", PRINTING, ids=" ".join)
def test_every_command_with_stdout_closed_is_one_line(argv: list[str]) -> None:
    done = subprocess.run(
        [str(SCRIPT), *argv],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
        close_fds=True,
        # stdout closed in the child, as the shell's >&- does
        preexec_fn=lambda: os.close(1),
    )
    one_error_line(done.stderr, says=["standard output is closed"])
    assert done.returncode == 1


@pytest.mark.parametrize("argv", [["topics"], ["export"], ["status", "--short"], ["--help"]])
def test_a_reader_that_leaves_ends_the_command_quietly(argv: list[str]) -> None:
    command = " ".join(f"'{a}'" for a in [str(SCRIPT), *argv])
    done = subprocess.run(
        f"{command} | head -c 1 >/dev/null; exit ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
    )
    assert done.stderr == b""
    assert done.returncode == 0


class FailingStream(io.StringIO):
    """A stderr whose every write is an I/O error."""

    def write(self, text: str) -> int:
        raise OSError(errno.EIO, "Input/output error")


def test_a_failing_stderr_in_the_error_handler_keeps_the_exit_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stderr", FailingStream())
    code, _, _ = run(capsys, "mark", "no-such-topic", "done")
    assert code == 2


def test_a_failing_stderr_for_warnings_still_marks(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    (data_dir / "progress").mkdir(parents=True)
    (data_dir / "progress" / "backend.toml").write_text('schema = 1\n[items."gone"]\nstatus = 3\n')
    monkeypatch.setattr("sys.stderr", FailingStream())
    code, out, _ = run(capsys, "mark", "cs-basics", "done")
    assert code == 0, out
    assert "Marked" in out


def test_a_close_that_fails_after_a_read_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "roadmap.toml"
    path.write_bytes(b"the bytes")
    real_close = os.close

    def close(fd: int) -> None:
        real_close(fd)
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "close", close)  # (files.read_bytes calls os.close)
    assert files.read_bytes(path, "roadmap") == b"the bytes"


def test_a_folder_that_cannot_be_listed_for_stale_temp_files_still_saves(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    def glob(self: Path, pattern: str) -> Any:
        if pattern.endswith(".tmp"):
            raise OSError(errno.EMFILE, "Too many open files")
        return real_glob(self, pattern)

    real_glob = Path.glob
    monkeypatch.setattr(Path, "glob", glob)
    code, out, err = run(capsys, "mark", "cs-basics", "done")
    assert (code, err) == (0, "")
    assert "Marked" in out
    assert file_statuses(data_dir) == {"cs-basics": "done"}


def test_an_export_into_a_full_device_is_exit_1(full: Any) -> None:
    code, err = installed("export", "-o", "/dev/full", stdout=subprocess.DEVNULL)
    one_error_line(err, says=["/dev/full", "the disk is full"])
    assert code == 1  # the system refused: not bad input


def test_sync_on_a_full_disk_says_the_sync_was_done(
    full: Any, tmp_path: Path, data_dir: Path
) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True, timeout=60)
    code, err = installed("sync", "init", remote.as_uri(), "--as", "alice", stdout=full)
    one_error_line(err, says=["the disk is full", "the sync itself was done"])
    assert code == 1
    status = subprocess.run(
        [str(SCRIPT), "sync", "status"], capture_output=True, timeout=120, check=True
    )
    assert b"alice" in status.stdout and b"just now" in status.stdout


def test_serve_on_a_full_disk_is_one_line(full: Any) -> None:
    pytest.importorskip("textual_serve")
    code, err = installed("serve", stdout=full)
    one_error_line(err, says=["cannot write to the standard output", "the disk is full"])
    assert code == 1


# What a command says on stderr besides its output: when stderr refuses it, the command
# still does its work and gives its own exit code.


def test_export_to_a_file_with_a_full_stderr_still_exports(full: Any, tmp_path: Path) -> None:
    target = tmp_path / "progress.md"
    code, _ = installed("export", "-o", str(target), stdout=subprocess.DEVNULL, stderr=full)
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith("# Backend Developer Roadmap")


def test_a_checklist_opened_with_a_full_stderr_still_answers(full: Any, tmp_path: Path) -> None:
    plan = tmp_path / "plan.md"
    plan.write_text("# Plan\n\n## Start\n\n- [x] First\n- [ ] Second\n", encoding="utf-8")
    done = subprocess.run(
        [str(SCRIPT), "status", "--json", "--roadmap", str(plan)],
        stdin=subprocess.DEVNULL,
        capture_output=False,
        stdout=subprocess.PIPE,
        stderr=full,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0
    assert b'"done": 1' in done.stdout


def test_bad_input_with_a_full_stderr_keeps_exit_2(full: Any) -> None:
    for argv in (["status", "--format", "{nope}"], ["mark", "no-such-topic", "done"], ["nope"]):
        code, _ = installed(*argv, stdout=subprocess.DEVNULL, stderr=full)
        assert code == 2, argv


def test_a_usage_error_with_stderr_closed_never_reaches_stdout() -> None:
    done = subprocess.run(
        [str(SCRIPT), "export", "--no-such-option"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        timeout=120,
        check=False,
        preexec_fn=lambda: os.close(2),  # stderr closed, as the shell's 2>&- does
    )
    assert (done.returncode, done.stdout) == (2, b"")
