"""Putting an earlier progress file back (`roadmap-tui restore`): the copies kept of a
progress file — the daily backups and the one before a schema upgrade in
`progress/backups/`, the copies kept before a restore, and the unreadable files moved
aside beside it — and restoring one atomically, under the progress file's lock, after
keeping the current file as a backup of its own (so a restore can be undone the same
way). docs/data-safety.md, "Restoring a backup"."""

from __future__ import annotations

import contextlib
import os
import re
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from roadmap_tui.base.errors import ProgressError, RoadmapTuiError, os_reason
from roadmap_tui.base.files import atomic_write, decode_utf8, read_bytes, real_path
from roadmap_tui.base.paths import backups_dir
from roadmap_tui.progress.codec import SCHEMA_VERSION, check_depth, decode
from roadmap_tui.progress.entries import ProgressData
from roadmap_tui.progress.store import ProgressStore

STAMP = "%Y%m%dT%H%M%S%fZ"
BEFORE_RESTORE = "-before-restore-"
_KINDS = (  # after the progress file's stem: the date or time in the name, its form
    (r"-(\d{4}-\d{2}-\d{2})\.toml", "%Y-%m-%d", "daily backup"),
    (r"-schema\d+-(\d{8}T\d{12}Z)\.toml", STAMP, "before an upgrade"),
    (BEFORE_RESTORE + r"(\d{8}T\d{12}Z)(?:-\d+)?\.toml", STAMP, "before a restore"),
)
_CORRUPT = re.compile(r"\.corrupt-(\d{8}T\d{12}Z)(?:-\d+)?$")


@dataclass(frozen=True)
class Copy:
    """A file `restore` can put back: where it is, what kind of copy it is, when it was
    made, and its progress (None if it cannot be read: ``problem`` says why)."""

    path: Path
    kind: str
    when: datetime
    data: ProgressData | None
    problem: str = ""


def copies(progress_file: Path, roadmap_id: str) -> list[Copy]:
    """Every copy of ``progress_file`` there is, newest first."""
    real = _real(progress_file)
    found: list[Copy] = []
    stem = re.escape(real.stem)
    with contextlib.suppress(OSError):
        for path in backups_dir(real).iterdir():
            for pattern, form, kind in _KINDS:
                match = re.fullmatch(stem + pattern, path.name)
                if match:
                    found.append(_copy(path, kind, _when(match[1], form, path), roadmap_id))
                    break
    with contextlib.suppress(OSError):
        for path in real.parent.glob(f"{real.name}.corrupt-*"):
            match = _CORRUPT.search(path.name)
            if match:
                when = _when(match[1], STAMP, path)
                found.append(_copy(path, "moved aside, unreadable", when, roadmap_id))
    return sorted(found, key=lambda copy: (copy.when, copy.path.name), reverse=True)


def _real(progress_file: Path) -> Path:
    try:
        return real_path(progress_file)
    except OSError:
        return progress_file


def _when(text: str, form: str, path: Path) -> datetime:
    try:
        return datetime.strptime(text, form).replace(tzinfo=UTC)
    except ValueError:
        with contextlib.suppress(OSError):
            return datetime.fromtimestamp(os.lstat(path).st_mtime, UTC)
        return datetime.fromtimestamp(0, UTC)


def _copy(path: Path, kind: str, when: datetime, roadmap_id: str) -> Copy:
    try:
        return Copy(path, kind, when, read_copy(path, roadmap_id))
    except RoadmapTuiError as exc:
        return Copy(path, kind, when, None, exc.message)


def read_copy(path: Path, roadmap_id: str) -> ProgressData:
    """The progress a copy holds, checked as the store checks its own file; one
    sentence (RoadmapTuiError, exit 2) if it cannot be restored as it is."""
    raw = read_bytes(path, "backup", ProgressError, exit_code=2) or b""
    try:
        doc = tomllib.loads(decode_utf8(raw))
        check_depth(doc)
        schema = doc.get("schema", SCHEMA_VERSION)
        if not isinstance(schema, int):
            raise ValueError("'schema' is not a number")
        if schema > SCHEMA_VERSION:
            raise ValueError("it was written by a newer roadmap-tui")
        if doc.get("roadmap", roadmap_id) != roadmap_id:
            raise ValueError(f"it belongs to the roadmap {doc.get('roadmap')!r}")
        return decode(doc, roadmap_id)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
        reason = "values are nested too deeply" if isinstance(exc, RecursionError) else exc
        first = str(reason).splitlines()[0] if str(reason) else type(exc).__name__
        raise RoadmapTuiError(f"it can't be read ({first})", path=path) from None


def restore(store: ProgressStore, source: Path) -> Path | None:
    """Put ``source`` back as the store's progress file, atomically, under its lock,
    after keeping the current file in `progress/backups/` (None if there was none):
    the path of that backup."""
    import filelock

    from roadmap_tui.progress.locks import acquire

    read_copy(source, store.roadmap_id)  # refused before anything changes
    lock = store._lock()  # the lock every save takes: no save runs meanwhile
    try:
        acquire(lock, store.lock_path)  # no file system locks: one line, nothing changes
    except OSError as exc:  # filelock.Timeout is one
        why = "locked by another roadmap-tui" if isinstance(exc, filelock.Timeout) else ""
        raise ProgressError(
            f"the progress file is {why or 'not lockable: ' + os_reason(exc)}; nothing "
            "was restored",
            path=store.path,
            exit_code=1,
        ) from None
    try:
        raw = read_bytes(source, "backup", ProgressError, exit_code=2) or b""
        read_copy(source, store.roadmap_id)  # (again, under the lock)
        return _put_back(store, raw)
    finally:
        with contextlib.suppress(OSError):
            lock.release()


def _put_back(store: ProgressStore, raw: bytes) -> Path | None:
    real = _real(store.path)
    kept: Path | None = None
    try:
        current = read_bytes(real, "progress", ProgressError, exit_code=1, missing_ok=True)
    except ProgressError:
        current = None  # not a regular file: nothing of ours to keep
    stamp = store.clock().astimezone(UTC).strftime(STAMP)
    try:
        if current is not None:
            folder = backups_dir(real)
            folder.mkdir(exist_ok=True)
            kept = folder / f"{real.stem}{BEFORE_RESTORE}{stamp}.toml"
            n = 1
            while os.path.lexists(kept):  # never replace an earlier copy
                n += 1
                kept = folder / f"{real.stem}{BEFORE_RESTORE}{stamp}-{n}.toml"
            atomic_write(kept, current, replace=False)
        atomic_write(real, raw)
    except OSError as exc:
        what = "kept" if kept is not None and not kept.exists() else "replaced"
        raise ProgressError(
            f"the current progress file could not be {what} ({os_reason(exc)}); "
            "nothing was restored",
            path=store.path,
            exit_code=1,
        ) from None
    return kept
