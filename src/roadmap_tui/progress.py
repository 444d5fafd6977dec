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
import errno
import os
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from roadmap_tui.errors import ProgressError, RoadmapTuiError, os_reason
from roadmap_tui.model import Status, parse_status
from roadmap_tui.paths import backups_dir
from roadmap_tui.textio import decode_utf8, file_in_the_way, read_bytes

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
    # Fields this version doesn't know (from a newer or hand-edited file): kept on save.
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

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
    extra = status_side.extra
    other = b if status_side is a else a
    if other.extra:
        extra = {**other.extra, **status_side.extra}
    return replace(
        status_side, note=note_side.note, note_changed=note_side.note_changed, extra=extra
    )


@dataclass(frozen=True, slots=True)
class View:
    """Where the app's cursor was, so it comes back there."""

    level: str = ""
    item: str = ""


@dataclass(slots=True)
class ProgressData:
    """What a progress file holds: each topic's entry, where the app's cursor was, and
    any fields a newer roadmap-tui wrote (kept on save)."""

    roadmap_id: str
    entries: dict[str, Entry] = field(default_factory=dict)
    view: View = field(default_factory=View)
    # Top-level keys and keys of [view] this version doesn't know: kept on save.
    extra: dict[str, Any] = field(default_factory=dict)
    view_extra: dict[str, Any] = field(default_factory=dict)

    def statuses(self) -> dict[str, Status]:
        return {key: entry.status for key, entry in self.entries.items()}

    def entry(self, item_id: str) -> Entry:
        return self.entries.get(item_id, Entry())


def merge(base: ProgressData, changes: Mapping[str, Entry]) -> ProgressData:
    entries = dict(base.entries)
    for key, entry in changes.items():
        entries[key] = merge_entry(entries[key], entry) if key in entries else entry
    return replace(base, entries=entries)


# ----------------------------------------------------------------------------- codec


def _as_utc(value: Any, where: str) -> datetime:
    if not isinstance(value, datetime):
        raise ValueError(f"{where} is not a date and time")
    when: datetime = value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        return when.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{where} is outside the calendar") from None


_ENTRY_KEYS = frozenset({"status", "changed", "started", "finished", "note", "note_changed"})
_TOP_KEYS = frozenset({"schema", "roadmap", "items", "view"})


def decode(data: dict[str, Any], roadmap_id: str) -> ProgressData:
    """Progress from the parsed TOML, or ValueError naming what is wrong.

    Status words are read case-insensitively (aliases such as "doing" too); fields this
    version doesn't know are kept (``extra``) so that saving never drops them."""
    items = data.get("items", {})
    if not isinstance(items, dict):
        raise ValueError("'items' is not a table")
    entries: dict[str, Entry] = {}
    for key, raw in items.items():
        if not isinstance(raw, dict):
            raise ValueError(f"the entry for {key!r} is not a table")
        word = raw.get("status", "todo")
        status = parse_status(word) if isinstance(word, str) else None
        if status is None:
            raise ValueError(f"the entry for {key!r} has an unknown status {word!r}")
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
            extra={k: v for k, v in raw.items() if k not in _ENTRY_KEYS},
        )
    raw_view = data.get("view", {})
    view = View()
    view_extra: dict[str, Any] = {}
    if isinstance(raw_view, dict):
        view = View(str(raw_view.get("level", "")), str(raw_view.get("item", "")))
        view_extra = {k: v for k, v in raw_view.items() if k not in ("level", "item")}
    extra = {k: v for k, v in data.items() if k not in _TOP_KEYS}
    return ProgressData(roadmap_id, entries, view, extra, view_extra)


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
        for name, value in entry.extra.items():
            table.setdefault(name, value)
        items[key] = table
    doc: dict[str, Any] = {"schema": SCHEMA_VERSION, "roadmap": progress.roadmap_id}
    for name, value in progress.extra.items():
        doc.setdefault(name, value)
    if progress.view.level or progress.view.item or progress.view_extra:
        doc["view"] = {"level": progress.view.level, "item": progress.view.item}
        for name, value in progress.view_extra.items():
            doc["view"].setdefault(name, value)
    doc["items"] = items
    import tomli_w

    header = "# roadmap-tui progress. Safe to read; edit only while roadmap-tui is closed.\n"
    return header + tomli_w.dumps(doc)


# ----------------------------------------------------------------------------- store

MAX_DEPTH = 32  # tables and arrays in a progress file (ours are 3 deep)


def _check_depth(doc: dict[str, Any]) -> None:
    """ValueError for nesting deeper than MAX_DEPTH, checked without recursion (so that
    neither decoding nor writing the kept unknown fields back can hit RecursionError)."""
    stack: list[tuple[Any, int]] = [(doc, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ValueError(f"values are nested more than {MAX_DEPTH} deep")
        if isinstance(node, dict):
            stack.extend((value, depth + 1) for value in node.values())
        elif isinstance(node, list):
            stack.extend((value, depth + 1) for value in node)


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


def real_path(path: Path) -> Path:
    """Where writing ``path`` lands: a symlink is followed to its target (which may not
    exist yet), so saving replaces the target and the link stays. OSError (ELOOP) for a
    symlink loop."""
    if not os.path.islink(path):
        return path
    with contextlib.suppress(FileNotFoundError):  # a dangling link: writing creates it
        os.stat(path)  # raises for a loop
    return Path(os.path.realpath(path))


def _umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    global _UMASK
    if _UMASK is None:
        try:
            with open("/proc/self/status", encoding="ascii") as status:
                line = next(line for line in status if line.startswith("Umask:"))
            _UMASK = int(line.split()[1], 8)
        except (OSError, StopIteration, ValueError, IndexError):
            _UMASK = os.umask(0o022)
            os.umask(_UMASK)
    return _UMASK


_UMASK: int | None = None


def atomic_write(path: Path, text: str | bytes, *, replace: bool = True) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old file or the new one.

    A symlink at ``path`` is written through (its target is replaced in the target's own
    folder). A replaced file keeps its permission bits (and owner, where allowed); a new
    file gets 0666 minus the umask, like any new file. With ``replace=False`` an existing
    ``path`` is never replaced (FileExistsError), checked atomically where the file
    system has hard links. Something other than a regular file at the target is never
    replaced (IsADirectoryError for a folder, OSError EINVAL otherwise)."""
    import stat
    import tempfile

    from roadmap_tui.textio import file_kind

    if not replace and os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, "it already exists", str(path))
    target = real_path(path) if replace else path
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = file_kind(info.st_mode)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "it is a folder", str(path))
        raise OSError(errno.EINVAL, f"it is {kind}, not a regular file", str(path))
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            _set_mode(handle.fileno(), info)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(tmp, target)
        else:
            _create_from(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(target.parent)


def write_user_file(path: Path, text: str, *, force: bool = True) -> None:
    """Write an output file the user named (an export, an imported roadmap), atomically,
    with a clear error if we can't.

    Without ``force`` an existing file is never replaced. A symlink is written through;
    a folder, FIFO, socket or device is refused."""
    if os.path.isdir(path):
        raise RoadmapTuiError("this is a folder; name a file to write", path=path, exit_code=2)
    if not os.path.isdir(path.parent):
        raise RoadmapTuiError("the folder for this file does not exist", path=path, exit_code=2)
    try:
        atomic_write(path, text, replace=force)
    except FileExistsError:
        raise RoadmapTuiError(
            "this file already exists; add --force to replace it", path=path, exit_code=2
        ) from None
    except OSError as exc:
        bad_path = exc.errno in (errno.EINVAL, errno.EISDIR, errno.ENAMETOOLONG)
        raise RoadmapTuiError(
            f"cannot write this file: {os_reason(exc)}", path=path, exit_code=2 if bad_path else 1
        ) from None


def _set_mode(fd: int, replaced: os.stat_result | None) -> None:
    """Give a temp file the mode (and owner) of the file it replaces, or a new file's."""
    import stat

    if not hasattr(os, "fchmod"):  # Windows: files have no Unix modes to keep
        return
    if replaced is None:
        os.fchmod(fd, 0o666 & ~_umask())
        return
    os.fchmod(fd, stat.S_IMODE(replaced.st_mode))
    if hasattr(os, "fchown") and (replaced.st_uid, replaced.st_gid) != (
        os.geteuid(),
        os.getegid(),
    ):
        with contextlib.suppress(OSError):
            os.fchown(fd, replaced.st_uid, replaced.st_gid)


def _create_from(tmp: Path, target: Path) -> None:
    """Move ``tmp`` to ``target`` only if nothing is there (atomic with a hard link)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:  # no hard links on this file system: check, then rename
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "it already exists", str(target)) from None
        os.replace(tmp, target)
        return
    tmp.unlink()


def ensure_folder(folder: Path, error: type[ProgressError] = ProgressError) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise error(
            "this is a file where roadmap-tui needs a folder; move it away or choose "
            "another folder with --data-dir",
            path=file_in_the_way(folder),
            exit_code=1,
        ) from None
    except OSError as exc:
        raise error(
            f"cannot create this folder: {os_reason(exc)}", path=folder, exit_code=1
        ) from None


@contextlib.contextmanager
def _failing(message: str, path: Path) -> Iterator[None]:
    """Any OSError inside becomes ``ProgressError(f"{message}: <reason>", path)``."""
    try:
        yield
    except OSError as exc:
        raise ProgressError(f"{message}: {os_reason(exc)}", path=path, exit_code=1) from None


class ProgressStore:
    """One roadmap's progress file. Every write merges under an exclusive lock.

    ``path`` may be a symlink: reads and writes go through it, and the lock, temporary
    files, backups and moved-aside copies live beside the real file, in its folder."""

    def __init__(self, path: Path, roadmap_id: str, *, clock: Clock = utcnow) -> None:
        self.path = path
        self.roadmap_id = roadmap_id
        self.clock = clock
        self.read_only = False
        self.read_only_reason = ""
        self.notices: list[str] = []
        self.last_signature: tuple[int, int, int] | None = None
        self.lock_timeout = LOCK_TIMEOUT_SECONDS
        # Unsaved changes of an earlier run found in recovery journals (recovery.py):
        # shown by every load, written by the next save.
        self.recovered: dict[str, Entry] = {}
        self._disk_schema = SCHEMA_VERSION  # of the file as last read

    @property
    def real_path(self) -> Path:
        """The file the progress really lives in (``path`` with symlinks followed)."""
        try:
            return real_path(self.path)
        except OSError:
            return self.path  # a loop: every read and write reports it

    @property
    def lock_path(self) -> Path:
        real = self.real_path
        return real.with_name(real.name + ".lock")

    # -- reading

    def signature(self) -> tuple[int, int, int] | None:
        """Changes whenever the file is replaced or rewritten (for polling)."""
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def load(self, *, move_corrupt: bool = True) -> ProgressData:
        """The saved progress. A missing file is empty progress; a newer one makes the
        store read-only (noted). A corrupt file is moved aside (noted) when
        ``move_corrupt``; when it is False (read-only commands) or the move fails (a
        folder that can't be written), the file is left as it is, noted, and progress
        is empty; if the move failed the store is also read-only."""
        data = self._read()
        if data is None:
            data = self._read_corrupt(move_corrupt)
        return self._with_journals(data)

    def _read_corrupt(self, move_corrupt: bool) -> ProgressData:
        """Empty progress for a corrupt file: moved aside under the lock if asked to and
        possible; else left in place (noted; read-only if the move failed)."""
        if move_corrupt:
            try:
                with self._lock():
                    data = self._read(move_corrupt=True)
                return data if data is not None else ProgressData(self.roadmap_id)
            except (ProgressError, OSError) as exc:
                reason = exc.message if isinstance(exc, ProgressError) else os_reason(exc)
                self._left_in_place(f"it can't be moved aside: {reason}")
                self.read_only = True
                self.read_only_reason = (
                    "the progress file can't be read and can't be moved aside; nothing is "
                    "saved until it is repaired or moved away"
                )
                return ProgressData(self.roadmap_id)
        self._left_in_place("nothing was changed; the next change moves it aside")
        return ProgressData(self.roadmap_id)

    def _left_in_place(self, why: str) -> None:
        self.notices.append(
            f"{self.path} could not be read ({self._corrupt_reason}); it is left as it is "
            f"and progress shows as empty ({why})."
        )

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
        raw = self._read_bytes()
        if raw is None:
            return ProgressData(self.roadmap_id)
        try:
            doc = tomllib.loads(decode_utf8(raw))
            _check_depth(doc)
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
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if isinstance(exc, RecursionError):
                reason = "values are nested too deeply"
            self._corrupt_reason = reason
            if move_corrupt:
                self._move_aside()
                return ProgressData(self.roadmap_id)
            return None

    _corrupt_reason = ""

    def _read_bytes(self) -> bytes | None:
        """The file's bytes; None if there is no file."""
        return read_bytes(self.path, "progress", ProgressError, exit_code=1, missing_ok=True)

    def _newer(self, schema: int) -> None:
        if not self.read_only:
            self.read_only = True
            self.read_only_reason = (
                "this progress file is from a newer roadmap-tui and is never written; "
                "upgrade roadmap-tui"
            )
            self.notices.append(
                f"{self.path} was written by a newer roadmap-tui (schema {schema}); "
                "it is left untouched and nothing will be saved: upgrade roadmap-tui."
            )

    def _move_aside(self) -> None:
        real = real_path(self.path)
        stamp = self.clock().astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = real.with_name(f"{real.name}.corrupt-{stamp}")
        n = 1
        while os.path.lexists(aside):  # never replace an earlier moved-aside file
            n += 1
            aside = real.with_name(f"{real.name}.corrupt-{stamp}-{n}")
        with _failing("the unreadable progress file could not be moved aside", self.path):
            os.replace(real, aside)
        fsync_dir(real.parent)
        self.notices.append(
            f"{self.path} could not be read ({self._corrupt_reason}); it was moved aside "
            f"to {aside} and progress starts afresh."
        )

    # -- writing

    def _lock(self) -> Any:
        import filelock

        ensure_folder(self.real_path.parent)
        return filelock.FileLock(str(self.lock_path), timeout=self.lock_timeout)

    def save(
        self, changes: Mapping[str, Entry] | None = None, view: View | None = None
    ) -> ProgressData:
        """Merge ``changes`` into the file under the lock and return what is now saved."""
        return self._save(lambda current: merge(current, changes or {}), view)

    def save_made_now(self, changes: Mapping[str, Entry], view: View | None = None) -> ProgressData:
        """Save changes a person just made (the app's ticks and notes): merged like
        `save`, except that a time on disk that lies in the future (a skewed clock, a
        file from another machine) never beats them; they are given a time just after it."""
        now = self.clock()

        def apply(current: ProgressData) -> ProgressData:
            ahead: dict[str, Entry] = {}
            for key, entry in changes.items():
                disk = current.entries.get(key)
                if disk is not None and disk.changed > now and disk.changed >= entry.changed:
                    entry = replace(entry, changed=_after(disk.changed, entry.changed))
                disk_note = disk.note_changed if disk is not None else None
                if (
                    disk_note is not None
                    and entry.note_changed is not None
                    and disk_note > now
                    and disk_note >= entry.note_changed
                ):
                    entry = replace(entry, note_changed=_after(disk_note, entry.note_changed))
                ahead[key] = entry
            return merge(current, ahead)

        return self._save(apply, view)

    def _save(
        self, change: Callable[[ProgressData], ProgressData], view: View | None = None
    ) -> ProgressData:
        """Under the lock: read the file, apply ``change`` to it, write the result."""
        import filelock

        if self.read_only:
            raise ProgressError(
                self.read_only_reason or "this progress file is never written",
                path=self.path,
                exit_code=1,
            )
        lock = self._lock()
        try:
            lock.acquire()
        except filelock.Timeout:  # (an OSError too: first)
            raise ProgressError(
                f"the progress file is locked by another roadmap-tui (lock: {self.lock_path})",
                path=self.path,
                exit_code=1,
            ) from None
        except OSError as exc:
            raise ProgressError(
                f"cannot take this lock file of the progress file {self.path}: {os_reason(exc)}",
                path=self.lock_path,
                exit_code=1,
            ) from None
        try:
            with _failing("cannot read the progress file", self.path):
                current = self._read(move_corrupt=True) or ProgressData(self.roadmap_id)
            if self.read_only:  # became newer since we loaded
                raise ProgressError(
                    "this progress file was just written by a newer roadmap-tui; "
                    "nothing was saved: upgrade roadmap-tui",
                    path=self.path,
                    exit_code=1,
                )
            with _failing("cannot save the progress file", self.path):
                real = real_path(self.path)
            self._remove_stale_temp_files(real)
            from roadmap_tui.recovery import read_journals, remove

            journaled, journals, _ = read_journals(self.path, self.roadmap_id)
            merged = change(merge(current, journaled))
            if view is not None:
                merged.view = view
            if self._disk_schema < SCHEMA_VERSION:
                self._backup_before_migration(real, self._disk_schema)
            self._backup_daily(real)
            with _failing("cannot save the progress file", self.path):
                atomic_write(real, encode(merged))
            self.last_signature = self.signature()  # ours: taken under the lock
            remove(journals)  # their entries are in the file now
            self.recovered = {}
            return merged
        finally:
            with contextlib.suppress(OSError):
                lock.release()

    def set_status(
        self, item_ids: Iterable[str], status: Status, *, keep_skipped: bool = False
    ) -> ProgressData:
        """Set ``status`` on the given leaf ids now, and save. Decided under the lock
        against what is on disk, so the change always takes effect, whatever times the
        file holds (a skewed clock, a file from another machine). With
        ``keep_skipped``, skipped topics are left skipped."""
        ids = list(item_ids)

        def apply(current: ProgressData) -> ProgressData:
            now = self.clock()
            entries = dict(current.entries)
            for key in ids:
                old = current.entry(key)
                if keep_skipped and old.status is Status.SKIPPED:
                    continue
                entries[key] = old.with_status(status, now)
            return replace(current, entries=entries)

        return self._save(apply)

    def _remove_stale_temp_files(self, real: Path) -> None:
        """Temp files of this progress file are only made under the lock, which we hold:
        any left now belong to a writer that was killed mid-save. Remove them."""
        for stale in real.parent.glob(f".{real.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()

    def _backup_before_migration(self, real: Path, schema: int) -> None:
        """Keep the file exactly as an older version wrote it before rewriting it in the
        current schema (never overwriting an earlier such backup). If the backup can't
        be made, nothing is saved."""
        folder = backups_dir(real)
        stamp = self.clock().astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = folder / f"{real.stem}-schema{schema}-{stamp}.toml"
        try:
            folder.mkdir(exist_ok=True)
            atomic_write(target, real.read_bytes(), replace=False)
        except OSError as exc:
            raise ProgressError(
                "the backup of the older progress file could not be made "
                f"({os_reason(exc)}); nothing was saved",
                path=target,
                exit_code=1,
            ) from None
        self.notices.append(
            f"{self.path} was written by an older roadmap-tui (schema {schema}); it was "
            f"upgraded, and the old file kept as {target}."
        )

    def _backup_daily(self, real: Path) -> None:
        """Keep yesterday's file: copy it once a day before the first write. A backup
        that can't be made is noted and never blocks the save itself."""
        if not real.exists():
            return
        folder = backups_dir(real)
        day = self.clock().astimezone(UTC).strftime("%Y-%m-%d")
        target = folder / f"{real.stem}-{day}.toml"
        try:
            if target.exists():
                return
            folder.mkdir(exist_ok=True)
            atomic_write(target, real.read_bytes())
        except OSError as exc:
            self.notices.append(
                f"the daily backup {target} could not be made ({os_reason(exc)}); "
                "the progress was saved."
            )
            return
        old = sorted(folder.glob(f"{real.stem}-????-??-??.toml"))
        for stale in old[:-BACKUPS_KEPT]:
            with contextlib.suppress(OSError):
                stale.unlink()
