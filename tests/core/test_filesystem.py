"""The file system can't surprise us (docs/data-safety.md, "A hostile file system").

Every state here is made for real in tmp_path: symlinks (to files, folders, nothing,
each other), FIFOs, sockets, devices, folders where files belong, sparse files over the
size limit, a tiny tmpfs that fills up and one remounted read-only. Only "permission
denied" is simulated (the tests run as root, whom permissions don't stop).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import threading
import time
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.hostile_fs import (
    SPECIAL_KINDS,
    fill_disk,
    make_loop,
    make_special,
    make_too_big,
    one_error_line,
    remount_read_only,
    run_installed,
    small_mount,
    tree_state,
)
from support.samples import TINY, progress_file
from support.samples import run_cli as run

from roadmap_tui.base import files
from roadmap_tui.base.errors import ProgressError
from roadmap_tui.base.files import MAX_FILE_BYTES, atomic_write
from roadmap_tui.base.paths import keymap_path, progress_path
from roadmap_tui.cli.import_cmd import IMPORT_LIMIT
from roadmap_tui.progress.entries import Entry
from roadmap_tui.progress.recovery import write_journal
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.model import Status

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SEEDED = b'schema = 1\nroadmap = "backend"\n\n[items.cs-basics]\nstatus = "done"\n'


def statuses(path: Path) -> dict[str, Status]:
    return ProgressStore(path, "backend").load().statuses()


def no_temp_files(*folders: Path) -> bool:
    return not any(list(folder.glob(".*.tmp")) for folder in folders)


# ----------------------------------------------------------------------------- symlinks


def linked_progress(tmp_path: Path, data_dir: Path, content: bytes | None = None) -> Path:
    """The progress file as a symlink into a synced folder; returns the real file (which
    holds ``content``, or does not exist yet)."""
    real = tmp_path / "synced" / "backend.toml"
    real.parent.mkdir(exist_ok=True)
    if content is not None:
        real.write_bytes(content)
    link = progress_path(data_dir, "backend")
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(real)
    return real


def test_a_symlinked_progress_file_is_written_through(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = linked_progress(tmp_path, data_dir, SEEDED)
    synced, link = real.parent, progress_path(data_dir, "backend")
    code, _, err = run(capsys, "mark", "os-basics", "done")
    assert (code, err) == (0, "")
    assert link.is_symlink() and link.readlink() == real  # the link stays
    assert statuses(real) == {"cs-basics": Status.DONE, "os-basics": Status.DONE}
    # Everything that belongs to the file sits beside the real file, in its folder.
    assert (synced / "backend.toml.lock").exists()
    assert not (link.parent / "backend.toml.lock").exists()
    assert no_temp_files(synced, link.parent)


def test_recovery_journals_of_a_symlinked_progress_file_sit_beside_the_real_file(
    tmp_path: Path, data_dir: Path
) -> None:
    real = linked_progress(tmp_path, data_dir)
    link = progress_path(data_dir, "backend")
    journal = write_journal(link, "backend", {"os-basics": Entry(Status.DONE)}, T0)
    assert journal.parent == real.parent
    store = ProgressStore(link, "backend")
    assert store.load().statuses() == {"os-basics": Status.DONE}  # found through the link
    store.set_status(["git-github"], Status.DONE)
    assert statuses(real) == {"os-basics": Status.DONE, "git-github": Status.DONE}
    assert not journal.exists()  # merged into the real file, then removed
    assert link.is_symlink()


def test_a_dangling_symlink_is_written_through_to_its_target(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = linked_progress(tmp_path, data_dir)
    link = progress_path(data_dir, "backend")
    assert run(capsys, "mark", "os-basics", "done")[0] == 0
    assert link.is_symlink()
    assert statuses(real) == {"os-basics": Status.DONE}


def test_a_symlinked_data_folder_is_written_through(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "synced-data"
    real.mkdir()
    link = tmp_path / "data"
    link.symlink_to(real, target_is_directory=True)
    assert run(capsys, "mark", "os-basics", "done")[0] == 0
    assert link.is_symlink()
    assert statuses(real / "progress" / "backend.toml") == {"os-basics": Status.DONE}


def test_a_corrupt_file_behind_a_symlink_is_moved_aside_beside_the_target(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = linked_progress(tmp_path, data_dir, b"not = = toml")
    link = progress_path(data_dir, "backend")
    code, _, err = run(capsys, "mark", "os-basics", "done")
    assert code == 0
    one_error_line(err, "warning")
    (aside,) = real.parent.glob("backend.toml.corrupt-*")
    assert aside.read_bytes() == b"not = = toml"
    assert link.is_symlink()
    assert statuses(real) == {"os-basics": Status.DONE}


def test_export_force_writes_through_a_symlink(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "site" / "progress.md"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "progress.md"
    link.symlink_to(real)
    code, _, err = run(capsys, "export", "-o", str(link), "--force")
    assert code == 0, err
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("# Backend Developer Roadmap")
    assert no_temp_files(tmp_path, real.parent)


@pytest.mark.parametrize("command", [["status"], ["mark", "os-basics", "done"]])
def test_a_symlink_loop_is_one_line(
    command: list[str], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = progress_path(data_dir, "backend")
    make_loop(path)
    code, out, err = run(capsys, *command)
    assert (code, out) == (1, "")
    line = one_error_line(err)
    assert f"{path}: " in line
    assert "symlink loop" in line


# ----------------------------------------------------------------------------- modes


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o444])
def test_saving_keeps_the_progress_files_permission_bits(
    mode: int, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = progress_file(data_dir, SEEDED)
    path.chmod(mode)
    assert run(capsys, "mark", "os-basics", "done")[0] == 0
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert statuses(path)["os-basics"] is Status.DONE


def test_export_force_keeps_the_files_permission_bits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o604)
    assert run(capsys, "export", "-o", str(target), "--force")[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o604


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_new_files_get_0666_minus_the_umask(umask: int, tmp_path: Path, data_dir: Path) -> None:
    out = tmp_path / "out.md"
    assert run_installed("mark", "os-basics", "done", umask=umask).returncode == 0
    assert run_installed("export", "-o", str(out), umask=umask).returncode == 0
    for made in (progress_path(data_dir, "backend"), out):
        assert stat.S_IMODE(made.stat().st_mode) == 0o666 & ~umask, made


# ----------------------------------------------------------------------------- not a file


def _places(tmp_path: Path, data_dir: Path) -> dict[str, tuple[Path, list[str], int]]:
    """Where a file is expected: (its path, the command that reads it, exit code)."""
    return {
        "roadmap": (tmp_path / "r.toml", ["--roadmap", str(tmp_path / "r.toml"), "status"], 2),
        "import": (tmp_path / "list.md", ["import", str(tmp_path / "list.md")], 2),
        "progress": (progress_path(data_dir, "backend"), ["status"], 1),
        "progress-mark": (progress_path(data_dir, "backend"), ["mark", "os-basics", "done"], 1),
        "keymap": (keymap_path(), [], 2),  # the app reads it before it needs a terminal
    }


PLACES = ["roadmap", "import", "progress", "progress-mark", "keymap"]


@pytest.mark.parametrize("kind", SPECIAL_KINDS)
@pytest.mark.parametrize("place", PLACES)
def test_a_fifo_socket_device_or_folder_where_a_file_belongs_is_one_line(
    kind: str, place: str, tmp_path: Path, data_dir: Path
) -> None:
    path, argv, code = _places(tmp_path, data_dir)[place]
    with make_special(kind, path):
        result = run_installed(*argv)  # a hang would end in the timeout: a failure
    line = one_error_line(result.stderr)
    assert result.returncode == code, line
    assert f"{path}: " in line
    expected = {"fifo": "FIFO", "socket": "socket", "folder": "folder", "device": "device"}
    assert expected[kind] in line


@pytest.mark.parametrize("place", PLACES)
def test_a_file_over_the_size_limit_is_refused_in_one_line(
    place: str, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, argv, code = _places(tmp_path, data_dir)[place]
    make_too_big(path)
    got, out, err = run(capsys, *argv)
    line = one_error_line(err)
    assert (got, out) == (code, "")
    assert f"{path}: " in line
    limit = IMPORT_LIMIT if place == "import" else MAX_FILE_BYTES  # import has its own
    assert f"larger than {limit // 2**20} MiB" in line
    assert path.stat().st_size == MAX_FILE_BYTES + 1  # never moved aside or replaced


def test_list_shows_an_unreadable_progress_file_in_its_row(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = progress_path(data_dir, "backend")
    with make_special("fifo", path):
        code, out, err = run(capsys, "list", "--json")
    assert (code, err) == (0, "")
    (row,) = json.loads(out)
    assert str(path) in row["error"] and "FIFO" in row["error"]


def test_export_into_a_stream_writes_into_it_and_never_replaces_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-o /dev/stdout`, `-o /dev/null`, `-o >(cmd)`: written into, as a shell would."""
    fifo = tmp_path / "out-fifo"
    with make_special("fifo", fifo):
        monkeypatch.setattr(files, "READER_WAIT_SECONDS", 0.2)
        code, _, err = run(capsys, "export", "-o", str(fifo))  # nobody reads it: no hang
        assert code == 2
        assert "nothing is reading" in one_error_line(err)
        monkeypatch.setattr(files, "READER_WAIT_SECONDS", 60.0)
        received: list[bytes] = []

        def read_later() -> None:  # `cat` started a moment after the export
            time.sleep(0.5)
            received.append(fifo.read_bytes())

        reader = threading.Thread(target=read_later)
        reader.start()
        code, out, err = run(capsys, "export", "-o", str(fifo))
        reader.join(60)
        assert (code, out) == (0, "")
        assert "Exported" in err
        assert received[0].decode("utf-8").startswith("# Backend Developer Roadmap\n")
        assert stat.S_ISFIFO(fifo.stat().st_mode)
    device = tmp_path / "out-device"
    with make_special("device", device):  # /dev/zero swallows what it is given
        assert run(capsys, "export", "-o", str(device))[0] == 0
    assert device.resolve() == Path("/dev/zero")
    assert not list(tmp_path.glob(".*.tmp"))


def test_an_empty_output_name_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", "-o", "")
    assert (code, out) == (2, "")
    assert "-o names no file" in one_error_line(err)


# ----------------------------------------------------------------------------- os errors


def test_a_name_too_long_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    long = tmp_path / ("x" * 300 + ".toml")
    code, _, err = run(capsys, "--roadmap", str(long), "status")
    assert code == 2
    assert "name is too long" in one_error_line(err)
    code, _, err = run(capsys, "export", "-o", str(long))
    assert code == 2
    assert "name is too long" in one_error_line(err)


def test_the_lock_file_is_named_as_such(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = progress_file(data_dir, SEEDED)
    lock = path.with_name("backend.toml.lock")
    lock.mkdir()  # something in the way of the lock
    code, _, err = run(capsys, "mark", "os-basics", "done")
    line = one_error_line(err)
    assert code == 1
    assert line.startswith(f"roadmap-tui: error: {lock}: ")
    assert "lock file" in line
    assert path.read_bytes() == SEEDED


def test_a_daily_backup_that_fails_is_named_and_the_save_still_lands(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = progress_file(data_dir, SEEDED)
    (path.parent / "backups").write_text("a file where the backups folder goes")
    code, _, err = run(capsys, "mark", "os-basics", "done")
    assert code == 0
    line = one_error_line(err, "warning")
    assert "daily backup" in line
    assert str(path.parent / "backups") in line
    assert statuses(path)["os-basics"] is Status.DONE


def test_a_backup_before_upgrading_that_fails_saves_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = progress_path(data_dir, "backend")
    path.parent.mkdir(parents=True)
    old = SEEDED.replace(b"schema = 1", b"schema = 0")
    path.write_bytes(old)
    (path.parent / "backups").write_text("a file where the backups folder goes")
    code, out, err = run(capsys, "mark", "os-basics", "done")
    line = one_error_line(err)
    assert (code, out) == (1, "")
    assert "backup" in line and "nothing was saved" in line
    assert "progress file:" not in line  # the backup, not "the progress file", failed
    assert path.read_bytes() == old


def test_permission_denied_names_the_file_and_the_reason(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simulated: the tests run as root, whom file permissions don't stop.
    path = progress_file(data_dir, SEEDED)
    real_open = os.open

    def deny(file: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(file) == str(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", deny)
    code, _, err = run(capsys, "status")
    line = one_error_line(err)
    assert code == 1
    assert line.startswith(f"roadmap-tui: error: {path}: ")
    assert "permission denied" in line


# ----------------------------------------------------------------------------- real mounts


def test_a_full_disk_is_one_line_exit_1_and_loses_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with small_mount(tmp_path / "mnt", "64k") as mount:
        data = mount / "data"
        path = progress_path(data, "backend")
        for seed in ("cs-basics", "git-github"):  # the file, its lock and a backup
            assert run(capsys, "--data-dir", str(data), "mark", seed, "done")[0] == 0
        filler = fill_disk(mount)
        before = tree_state(data, folder_times=False)
        code, out, err = run(capsys, "--data-dir", str(data), "mark", "os-basics", "done")
        line = one_error_line(err)
        assert (code, out) == (1, "")
        assert line.startswith(f"roadmap-tui: error: {path}: ")
        assert "disk is full" in line
        assert tree_state(data, folder_times=False) == before  # no temp file left
        filler.unlink()
        assert run(capsys, "--data-dir", str(data), "mark", "os-basics", "done")[0] == 0
        assert statuses(path)["os-basics"] is Status.DONE


@contextlib.contextmanager
def read_only_data(tmp_path: Path, progress: bytes) -> Iterator[Path]:
    """A data folder whose progress file holds ``progress``, on a read-only file system."""
    with small_mount(tmp_path / "mnt", "1m") as mount:
        progress_file(mount / "data", progress)
        remount_read_only(mount)
        yield mount / "data"


def test_a_read_only_file_system_is_one_line_and_read_only_commands_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with read_only_data(tmp_path, SEEDED) as data:
        code, out, err = run(capsys, "--data-dir", str(data), "mark", "os-basics", "done")
        line = one_error_line(err)
        assert (code, out) == (1, "")
        assert "read-only" in line
        code, out, err = run(capsys, "--data-dir", str(data), "status")
        assert (code, err) == (0, "")
        assert "1/4" in out


def test_a_corrupt_file_in_a_read_only_folder_is_reported_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with read_only_data(tmp_path, b"not = = toml") as data:
        path = progress_path(data, "backend")
        for command in (["status"], ["export"], ["list"]):
            code, out, err = run(capsys, "--data-dir", str(data), *command)
            assert code == 0 and out
            assert "left as it is" in one_error_line(err, "warning")
        # The app's load: the file can't be moved aside, so nothing is saved over it.
        store = ProgressStore(path, "backend")
        assert store.load().entries == {}
        assert store.read_only
        assert any("left as it is" in notice for notice in store.notices)
        with pytest.raises(ProgressError) as info:
            store.save({"os-basics": Entry(Status.DONE)})
        assert info.value.exit_code == 1
        code, _, err = run(capsys, "--data-dir", str(data), "mark", "os-basics", "done")
        assert code == 1
        assert "moved aside" in one_error_line(err)
        assert path.read_bytes() == b"not = = toml"


# ----------------------------------------------------------------------------- no clobbering


def test_export_never_replaces_an_existing_file_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("my own README", encoding="utf-8")
    code, out, err = run(capsys, "export", "-o", str(readme))
    line = one_error_line(err)
    assert (code, out) == (2, "")
    assert f"{readme}: " in line and "--force" in line
    assert readme.read_text(encoding="utf-8") == "my own README"
    dangling = tmp_path / "link.md"
    dangling.symlink_to(tmp_path / "nowhere.md")
    assert run(capsys, "export", "-o", str(dangling))[0] == 2  # a link is a file there
    assert not (tmp_path / "nowhere.md").exists()
    code, _, err = run(capsys, "export", "-o", str(readme), "--force")
    assert code == 0, err
    assert readme.read_text(encoding="utf-8").startswith("# Backend Developer Roadmap")


def test_export_without_force_still_writes_a_new_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new.md"
    assert run(capsys, "export", "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8").startswith("# Backend Developer Roadmap")
    assert no_temp_files(tmp_path)


def test_atomic_write_without_replace_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "kept.txt"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        atomic_write(target, "theirs", replace=False)
    assert target.read_text(encoding="utf-8") == "mine"
    assert no_temp_files(tmp_path)


# ----------------------------------------------------------------------------- keymap, tiny


def test_a_deeply_nested_keymap_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    for text in (
        "x = " + "[" * 10_000 + "]" * 10_000,
        "x = " + "{a = " * 10_000 + "1" + "}" * 10_000,
    ):
        path = keymap_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        code, _, err = run(capsys)
        assert code == 2
        assert "nested too deeply" in one_error_line(err)


def test_a_tiny_roadmap_symlinked_from_elsewhere_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "elsewhere" / "tiny.toml"
    real.parent.mkdir()
    real.write_text(TINY, encoding="utf-8")
    link = tmp_path / "tiny.toml"
    link.symlink_to(real)
    code, _, _ = run(capsys, "--roadmap", str(link), "mark", "alpha", "done")
    assert code == 0
    saved = tomllib.loads(progress_path(tmp_path / "data", "tiny").read_text(encoding="utf-8"))
    assert saved["items"]["alpha"]["status"] == "done"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_saving_keeps_the_owner_and_group(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = progress_file(data_dir, SEEDED)
    os.chown(path, 4321, 4322)
    assert run(capsys, "mark", "os-basics", "done")[0] == 0
    assert (path.stat().st_uid, path.stat().st_gid) == (4321, 4322)


DEEP_PROGRESS = {
    "arrays": "x = " + "[" * 10_000 + "]" * 10_000 + "\n",
    "inline-tables": "x = " + "{a = " * 10_000 + "1" + "}" * 10_000 + "\n",
    "dotted-tables": "[" + ".".join(["t"] * 10_000) + "]\nx = 1\n",
    "just-over-the-limit": "[" + ".".join(["t"] * 40) + "]\nx = 1\n",
}


@pytest.mark.parametrize("text", DEEP_PROGRESS.values(), ids=DEEP_PROGRESS.keys())
def test_a_deeply_nested_progress_file_is_corrupt_not_a_crash(
    text: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = progress_file(data_dir, text)
    code, _, err = run(capsys, "status")
    assert code == 0
    assert "nested" in one_error_line(err, "warning")
    code, _, err = run(capsys, "mark", "os-basics", "done")
    assert code == 0
    assert "moved aside" in one_error_line(err, "warning")
    (aside,) = path.parent.glob("backend.toml.corrupt-*")
    assert aside.read_text(encoding="utf-8") == text
    assert statuses(path) == {"os-basics": Status.DONE}


def test_a_roadmap_id_too_long_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--roadmap", "x" * 300, "status")
    assert code == 2
    assert "x" * 300 in one_error_line(err)
