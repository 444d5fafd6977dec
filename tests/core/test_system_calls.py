"""Every system call on the read and save paths may fail, at any point: a command then
says so in one line and exits 1 (or does its work anyway), never a traceback, never
exit 2 (bad input) for what the system refused, and `mark` never exits 0 without the
tick on disk. Each system call a run makes is failed in turn (EIO, EACCES, EMFILE),
in this process, so that each run costs milliseconds."""

from __future__ import annotations

import builtins
import errno
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from support.samples import SEED, file_statuses
from support.samples import run_cli as run

CALLS = ["open", "read", "write", "close", "fstat", "stat", "lstat", "scandir", "listdir"]
CALLS += ["fsync", "replace", "rename", "link", "unlink", "mkdir", "chmod", "fchmod"]


class Faults:
    """Counts the system calls made while on; fails the one numbered ``fail``."""

    def __init__(self) -> None:
        self.count = 0
        self.fail = 0
        self.errno = errno.EIO
        self.on = False

    def wrap(self, call: Callable[..., Any]) -> Callable[..., Any]:
        def faulty(*args: Any, **kwargs: Any) -> Any:
            if self.on:
                self.count += 1
                if self.count == self.fail:
                    raise OSError(self.errno, os.strerror(self.errno))
            return call(*args, **kwargs)

        return faulty


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Faults:
    faults = Faults()
    for name in CALLS:
        if hasattr(os, name):
            monkeypatch.setattr(os, name, faults.wrap(getattr(os, name)))
    monkeypatch.setattr(builtins, "open", faults.wrap(builtins.open))
    return faults


@contextmanager
def on(faults: Faults, fail: int) -> Iterator[None]:
    faults.count, faults.fail, faults.on = 0, fail, True
    try:
        yield
    finally:
        faults.on = False


COMMANDS = [
    ["status"],
    ["status", "--json"],
    ["status", "--short"],
    ["topics"],
    ["export", "--format", "html"],
    ["list"],
    ["path"],
    ["import", str(SEED), "--force"],
]


@pytest.mark.parametrize("code", [errno.EIO, errno.EACCES], ids=errno.errorcode.get)
@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_any_failing_call_is_one_line_and_exit_1(
    argv: list[str],
    code: int,
    faults: Faults,
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
) -> None:
    assert run(capsys, "mark", "cs-basics", "done")[0] == 0  # a progress file to read
    with on(faults, 0):
        assert run(capsys, *argv)[0] == 0
    faults.errno = code
    for fail in range(1, faults.count + 1):
        with on(faults, fail):
            exit_code, _, err = run(capsys, *argv)
        assert "Traceback" not in err
        assert exit_code in (0, 1), (fail, err)
        assert len(err.strip().splitlines()) <= 2, (fail, err)  # an error, a warning at most


def test_export_to_a_file_any_failing_call_is_one_line_and_exit_1(
    faults: Faults, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "out.md"
    with on(faults, 0):
        assert run(capsys, "export", "-o", str(target), "--force")[0] == 0
    for fail in range(1, faults.count + 1):
        with on(faults, fail):
            exit_code, _, err = run(capsys, "export", "-o", str(target), "--force")
        assert "Traceback" not in err
        assert exit_code in (0, 1), (fail, err)
        if exit_code == 0:
            assert target.read_text(encoding="utf-8").startswith("# Backend")


@pytest.mark.parametrize("code", [errno.EIO, errno.EACCES, errno.EMFILE], ids=errno.errorcode.get)
def test_mark_with_any_failing_call_never_claims_a_tick_it_did_not_save(
    code: int, faults: Faults, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert run(capsys, "mark", "networking-fundamentals", "done")[0] == 0  # a file to change
    saved = data_dir / "saved"
    shutil.copytree(data_dir / "progress", saved)
    with on(faults, 0):
        assert run(capsys, "mark", "cs-basics", "done")[0] == 0
    faults.errno = code
    for fail in range(1, faults.count + 1):
        shutil.rmtree(data_dir / "progress")
        shutil.copytree(saved, data_dir / "progress")
        with on(faults, fail):
            exit_code, out, err = run(capsys, "mark", "cs-basics", "done")
        assert "Traceback" not in err
        assert exit_code in (0, 1), (fail, err)
        statuses = file_statuses(data_dir)
        if exit_code == 0:
            assert "Marked" in out
            assert statuses.get("cs-basics") == "done", (fail, err)
        assert statuses.get("networking-fundamentals") == "done", (fail, err)  # nothing lost
