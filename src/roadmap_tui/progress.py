"""The progress file: load, merge, atomic save under a lock, corrupt files moved aside.

The file is TOML (written with tomli-w)::

    schema = 1
    roadmap = "backend"

    [items.cs-basics]
    status = "done"
    changed = 2026-11-26T08:00:00.123456+00:00
    started = 2026-11-20T19:02:11+00:00
    finished = 2026-11-26T08:00:00.123456+00:00

    [view]
    level = "databases"
    item = "nosql"

Every save takes an exclusive lock, re-reads the file, merges per item (newest
``changed`` wins; notes by ``note_changed``), writes a temp file in the same folder,
flushes, fsyncs, ``os.replace``s it over the old one and fsyncs the folder. A crash at
any instant leaves the old file or the new one. docs/data-safety.md has the details.
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from roadmap_tui.errors import ProgressError
from roadmap_tui.model import Status
from roadmap_tui.paths import backups_dir

SCHEMA_VERSION = 1
LOCK_TIMEOUT_SECONDS = 10.0
BACKUPS_KEPT = 7

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


_STATUS_RANK = {Status.TODO: 0, Status.IN_PROGRESS: 1, Status.SKIPPED: 2, Status.DONE: 3}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Entry:
    """One item's saved state. ``changed`` is when its status last changed."""

    status: Status = Status.TODO
    changed: datetime = _EPOCH
    started: datetime | None = None
    finished: datetime | None = None
    note: str = ""
    note_changed: datetime | None = None

    def with_status(self, status: Status, now: datetime) -> Entry:
        """This entry moved to ``status`` at ``now``, keeping start/finish history."""
        started = self.started
        finished = self.finished
        if status is Status.TODO:
            started = finished = None
        elif status in (Status.IN_PROGRESS, Status.DONE):
            started = started or now
        if status is Status.DONE:
            finished = finished if self.status is Status.DONE else now
        else:
            finished = None
        changed = _after(self.changed, now)
        return replace(self, status=status, changed=changed, started=started, finished=finished)

    def with_note(self, note: str, now: datetime) -> Entry:
        return replace(self, note=note, note_changed=_after(self.note_changed or _EPOCH, now))


def _after(previous: datetime, now: datetime) -> datetime:
    """``now``, but strictly after ``previous``: a change always wins over what it replaces,
    even when the clock has not moved (coarse clocks, frozen test clocks)."""
    if now > previous:
        return now
    try:
        return previous + timedelta(microseconds=1)
    except OverflowError:  # a time at the very end of the calendar: nothing is later
        return previous


def merge_entry(a: Entry, b: Entry) -> Entry:
    """Newest status change wins; notes merge on their own clock. Commutative."""
    status_side = max(
        a,
        b,
        key=lambda e: (
            e.changed,
            _STATUS_RANK[e.status],
            e.started or _EPOCH,
            e.finished or _EPOCH,
        ),
    )
    note_side = max(a, b, key=lambda e: (e.note_changed or _EPOCH, e.note))
    return replace(status_side, note=note_side.note, note_changed=note_side.note_changed)


@dataclass(frozen=True, slots=True)
class View:
    """Where the app's cursor was, so it comes back there."""

    level: str = ""
    item: str = ""


@dataclass(slots=True)
class ProgressData:
    roadmap_id: str
    entries: dict[str, Entry] = field(default_factory=dict)
    view: View = field(default_factory=View)

    def statuses(self) -> dict[str, Status]:
        return {key: entry.status for key, entry in self.entries.items()}

    def entry(self, item_id: str) -> Entry:
        return self.entries.get(item_id, Entry())


def merge(base: ProgressData, changes: Mapping[str, Entry]) -> ProgressData:
    entries = dict(base.entries)
    for key, entry in changes.items():
        entries[key] = merge_entry(entries[key], entry) if key in entries else entry
    return ProgressData(base.roadmap_id, entries, base.view)


# ----------------------------------------------------------------------------- codec


def _as_utc(value: Any, where: str) -> datetime:
    if not isinstance(value, datetime):
        raise ValueError(f"{where} is not a date and time")
    when: datetime = value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        return when.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{where} is outside the calendar") from None


def decode(data: dict[str, Any], roadmap_id: str) -> ProgressData:
    """Progress from the parsed TOML, or ValueError naming what is wrong."""
    items = data.get("items", {})
    if not isinstance(items, dict):
        raise ValueError("'items' is not a table")
    entries: dict[str, Entry] = {}
    for key, raw in items.items():
        if not isinstance(raw, dict):
            raise ValueError(f"the entry for {key!r} is not a table")
        status = raw.get("status", "todo")
        try:
            status = Status(status)
        except ValueError:
            raise ValueError(f"the entry for {key!r} has an unknown status {status!r}") from None
        note = raw.get("note", "")
        if not isinstance(note, str):
            raise ValueError(f"the note of {key!r} is not text")

        def opt(name: str, raw: dict[str, Any] = raw, key: str = key) -> datetime | None:
            value = raw.get(name)
            return None if value is None else _as_utc(value, f"{name} of {key!r}")

        entries[key] = Entry(
            status=status,
            changed=opt("changed") or _EPOCH,
            started=opt("started"),
            finished=opt("finished"),
            note=note,
            note_changed=opt("note_changed"),
        )
    raw_view = data.get("view", {})
    view = View()
    if isinstance(raw_view, dict):
        view = View(str(raw_view.get("level", "")), str(raw_view.get("item", "")))
    return ProgressData(roadmap_id, entries, view)


def encode(progress: ProgressData) -> str:
    items: dict[str, dict[str, Any]] = {}
    for key in sorted(progress.entries):
        entry = progress.entries[key]
        table: dict[str, Any] = {"status": entry.status.value, "changed": entry.changed}
        if entry.started:
            table["started"] = entry.started
        if entry.finished:
            table["finished"] = entry.finished
        if entry.note or entry.note_changed:
            table["note"] = entry.note
        if entry.note_changed:
            table["note_changed"] = entry.note_changed
        items[key] = table
    doc: dict[str, Any] = {"schema": SCHEMA_VERSION, "roadmap": progress.roadmap_id}
    if progress.view.level or progress.view.item:
        doc["view"] = {"level": progress.view.level, "item": progress.view.item}
    doc["items"] = items
    import tomli_w

    header = "# roadmap-tui progress. Safe to read; edit only while roadmap-tui is closed.\n"
    return header + tomli_w.dumps(doc)


# ----------------------------------------------------------------------------- store


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders can't be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, text: str | bytes) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old file or the new one."""
    import tempfile

    data = text.encode("utf-8") if isinstance(text, str) else text
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def _file_in_the_way(folder: Path) -> Path:
    """The nearest of ``folder`` and its parents that exists but is not a folder."""
    for candidate in (folder, *folder.parents):
        if candidate.exists() or candidate.is_symlink():
            return candidate if not candidate.is_dir() else folder
    return folder


def ensure_folder(folder: Path, error: type[ProgressError] = ProgressError) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise error(
            "this is a file where roadmap-tui needs a folder; move it away or choose "
            "another folder with --data-dir",
            path=_file_in_the_way(folder),
            exit_code=1,
        ) from None
    except PermissionError:
        raise error("permission denied creating this folder", path=folder, exit_code=1) from None
    except OSError as exc:
        raise error(
            f"cannot create this folder ({exc.strerror})", path=folder, exit_code=1
        ) from None


class ProgressStore:
    """One roadmap's progress file. Every write merges under an exclusive lock."""

    def __init__(self, path: Path, roadmap_id: str, *, clock: Clock = utcnow) -> None:
        self.path = path
        self.roadmap_id = roadmap_id
        self.clock = clock
        self.lock_path = path.with_name(path.name + ".lock")
        self.read_only = False
        self.notices: list[str] = []
        self.last_signature: tuple[int, int, int] | None = None
        self.lock_timeout = LOCK_TIMEOUT_SECONDS
        # Unsaved changes of an earlier run found in recovery journals (recovery.py):
        # shown by every load, written by the next save.
        self.recovered: dict[str, Entry] = {}
        self._disk_schema = SCHEMA_VERSION  # of the file as last read

    # -- reading

    def signature(self) -> tuple[int, int, int] | None:
        """Changes whenever the file is replaced or rewritten (for polling)."""
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def load(self) -> ProgressData:
        """The saved progress. A corrupt file is moved aside (and noted); a newer one
        makes the store read-only (and noted). A missing file is empty progress."""
        data = self._read()
        if data is None:
            with self._lock():
                data = self._read(move_corrupt=True)
        data = data if data is not None else ProgressData(self.roadmap_id)
        return self._with_journals(data)

    def _with_journals(self, data: ProgressData) -> ProgressData:
        """``data`` with the entries of any recovery journal merged in (in memory)."""
        from roadmap_tui.recovery import read_journals

        if self.read_only:
            return data
        entries, paths, problems = read_journals(self.path, self.roadmap_id)
        self.notices.extend(problems)
        self.recovered = entries
        if not paths:
            return data
        names = ", ".join(str(path) for path in paths)
        self.notices.append(
            f"{len(entries)} unsaved change{'s' * (len(entries) != 1)} of an earlier run "
            f"were recovered from {names}; they are written with the next save."
        )
        return merge(data, entries)

    def _read(self, move_corrupt: bool = False) -> ProgressData | None:
        """The file's progress; None if it is corrupt (moved aside when asked to)."""
        self._disk_schema = SCHEMA_VERSION
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return ProgressData(self.roadmap_id)
        except IsADirectoryError:
            raise ProgressError(
                "the progress file is a folder; move it away", path=self.path, exit_code=1
            ) from None
        except NotADirectoryError:
            raise ProgressError(
                "this is a file where roadmap-tui needs a folder; move it away or choose "
                "another folder with --data-dir",
                path=_file_in_the_way(self.path.parent),
                exit_code=1,
            ) from None
        except PermissionError:
            raise ProgressError(
                "permission denied reading the progress file", path=self.path, exit_code=1
            ) from None
        try:
            doc = tomllib.loads(raw.decode("utf-8"))
            schema = doc.get("schema", SCHEMA_VERSION)
            if not isinstance(schema, int):
                raise ValueError("'schema' is not a number")
            if schema > SCHEMA_VERSION:
                self._newer(schema)
                try:
                    return decode(doc, self.roadmap_id)
                except ValueError:
                    return ProgressData(self.roadmap_id)
            data = decode(doc, self.roadmap_id)
            self._disk_schema = schema
            return data
        except (
            UnicodeDecodeError,
            tomllib.TOMLDecodeError,
            ValueError,
            RecursionError,
            OverflowError,
        ) as exc:
            if move_corrupt:
                self._move_aside(exc)
                return ProgressData(self.roadmap_id)
            return None

    def _newer(self, schema: int) -> None:
        if not self.read_only:
            self.read_only = True
            self.notices.append(
                f"{self.path} was written by a newer roadmap-tui (schema {schema}); "
                "it is left untouched and nothing will be saved: upgrade roadmap-tui."
            )

    def _move_aside(self, exc: Exception) -> None:
        stamp = self.clock().astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():  # never replace an earlier moved-aside file
            n += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        os.replace(self.path, aside)
        fsync_dir(self.path.parent)
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        self.notices.append(
            f"{self.path} could not be read ({reason}); it was moved aside to {aside} "
            "and progress starts afresh."
        )

    # -- writing

    def _lock(self) -> Any:
        import filelock

        ensure_folder(self.path.parent)
        return filelock.FileLock(str(self.lock_path), timeout=self.lock_timeout)

    def save(
        self, changes: Mapping[str, Entry] | None = None, view: View | None = None
    ) -> ProgressData:
        """Merge ``changes`` into the file under the lock and return what is now saved."""
        import filelock

        if self.read_only:
            raise ProgressError(
                "this progress file is from a newer roadmap-tui and is never written; "
                "upgrade roadmap-tui",
                path=self.path,
                exit_code=1,
            )
        try:
            with self._lock():
                current = self._read(move_corrupt=True) or ProgressData(self.roadmap_id)
                if self.read_only:  # became newer since we loaded
                    raise ProgressError(
                        "this progress file was just written by a newer roadmap-tui; "
                        "nothing was saved: upgrade roadmap-tui",
                        path=self.path,
                        exit_code=1,
                    )
                self._remove_stale_temp_files()
                from roadmap_tui.recovery import read_journals, remove

                journaled, journals, _ = read_journals(self.path, self.roadmap_id)
                merged = merge(merge(current, journaled), changes or {})
                if view is not None:
                    merged.view = view
                if self._disk_schema < SCHEMA_VERSION:
                    self._backup_before_migration(self._disk_schema)
                try:
                    self._backup_daily()
                except OSError as exc:  # a failed backup must never block the save itself
                    self.notices.append(f"the daily backup could not be made ({exc.strerror}).")
                atomic_write(self.path, encode(merged))
                self.last_signature = self.signature()  # ours: taken under the lock
                remove(journals)  # their entries are in the file now
                self.recovered = {}
                return merged
        except filelock.Timeout:
            raise ProgressError(
                f"the progress file is locked by another roadmap-tui (lock: {self.lock_path})",
                path=self.path,
                exit_code=1,
            ) from None
        except PermissionError:
            raise ProgressError(
                "permission denied writing the progress file", path=self.path, exit_code=1
            ) from None
        except OSError as exc:
            raise ProgressError(
                f"cannot write the progress file ({exc.strerror})", path=self.path, exit_code=1
            ) from None

    def set_status(self, item_ids: Iterable[str], status: Status) -> ProgressData:
        """Set ``status`` on the given leaf ids now, and save."""
        now = self.clock()
        current = self.load()
        changes = {key: current.entry(key).with_status(status, now) for key in item_ids}
        return self.save(changes)

    def _remove_stale_temp_files(self) -> None:
        """Temp files of this progress file are only made under the lock, which we hold:
        any left now belong to a writer that was killed mid-save. Remove them."""
        for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()

    def _backup_before_migration(self, schema: int) -> None:
        """Keep the file exactly as an older version wrote it before rewriting it in the
        current schema (never overwriting an earlier such backup)."""
        folder = backups_dir(self.path)
        folder.mkdir(exist_ok=True)
        stamp = self.clock().astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = folder / f"{self.path.stem}-schema{schema}-{stamp}.toml"
        atomic_write(target, self.path.read_bytes())
        self.notices.append(
            f"{self.path} was written by an older roadmap-tui (schema {schema}); it was "
            f"upgraded, and the old file kept as {target}."
        )

    def _backup_daily(self) -> None:
        """Keep yesterday's file: copy it once a day before the first write."""
        if not self.path.exists():
            return
        folder = backups_dir(self.path)
        day = self.clock().astimezone(UTC).strftime("%Y-%m-%d")
        target = folder / f"{self.path.stem}-{day}.toml"
        if target.exists():
            return
        folder.mkdir(exist_ok=True)
        atomic_write(target, self.path.read_bytes())
        old = sorted(folder.glob(f"{self.path.stem}-????-??-??.toml"))
        for stale in old[:-BACKUPS_KEPT]:
            with contextlib.suppress(OSError):
                stale.unlink()
