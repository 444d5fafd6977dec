"""One roadmap's progress file on disk: load, and save under a lock. Every save takes
an exclusive lock, re-reads the file, merges per topic (entries.py), writes it
atomically (files.py), keeps daily backups, and moves a corrupt file aside instead of
overwriting it. A file from a newer roadmap-tui is never written. docs/data-safety.md
has the guarantees and how they are tested."""

from __future__ import annotations

import contextlib
import os
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roadmap_tui.base import system
from roadmap_tui.base.errors import ProgressError, os_reason
from roadmap_tui.base.files import (
    MAX_FILE_BYTES,
    atomic_write,
    decode_utf8,
    ensure_folder,
    read_bytes,
    real_path,
)
from roadmap_tui.base.paths import backups_dir
from roadmap_tui.base.system import fsync_dir
from roadmap_tui.progress.backups import backup_before_migration, backup_daily, restore_hint
from roadmap_tui.progress.codec import SCHEMA_VERSION, check_depth, decode, encode
from roadmap_tui.progress.entries import Clock, Entry, ProgressData, View, after, merge, utcnow
from roadmap_tui.roadmap.model import Status

if TYPE_CHECKING:
    from roadmap_tui.progress.entries import Plan
    from roadmap_tui.progress.reviews import Review

LOCK_TIMEOUT_SECONDS = 10.0


@contextlib.contextmanager
def _failing(message: str, path: Path) -> Iterator[None]:
    """Any OSError inside becomes ``ProgressError(f"{message}: <reason>", path)``."""
    try:
        yield
    except OSError as exc:
        raise ProgressError(f"{message}: {os_reason(exc)}", path=path, exit_code=1) from None


def _refuse_hard_links(real: Path, path: Path) -> None:
    """Saving replaces the file (atomically): its other names (hard links) would keep
    the old content, so it is refused instead (docs/data-safety.md, "Hard links")."""
    try:
        names = os.stat(real).st_nlink
    except FileNotFoundError:
        return
    if names > 1:
        raise ProgressError(
            f"this progress file has {names} names (hard links), and saving would leave "
            "the others behind; nothing was saved: keep one name, and use a symlink "
            "(ln -s) for the others",
            path=path,
            exit_code=1,
        )


class TooBigToSave(ProgressError):
    """A save that would write a progress file larger than the store reads: refused."""


class ProgressStore:
    """One roadmap's progress file. Every write merges under an exclusive lock. ``path``
    may be a symlink: reads and writes go through it; the lock, temporary files, backups
    and moved-aside copies live beside the real file."""

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
        ``move_corrupt``; else (read-only commands), or if the move fails (an unwritable
        folder: the store is then read-only), it is left as it is, noted; progress empty."""
        data = self._read()
        if data is None:
            data = self._read_corrupt(move_corrupt)
        from roadmap_tui.progress import conflicts

        if not self.read_only and (copies := conflicts.fold(self.path, self.roadmap_id)).done_with:
            # Syncthing/Dropbox conflict copies: merged in and moved aside now (shown
            # merged without writing anything when this load must not change files).
            data = self.save() if move_corrupt else copies.into(data)
        return self._with_journals(data)

    def _read_corrupt(self, move_corrupt: bool) -> ProgressData:
        """Empty progress for a corrupt file, moved aside under the lock if asked and
        possible, else left in place (noted; read-only if the move failed)."""
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
            f"({why}), and progress shows as empty. {restore_hint(self.path)}"
        )

    def _with_journals(self, data: ProgressData) -> ProgressData:
        """``data`` with the entries of any recovery journal merged in (in memory)."""
        from roadmap_tui.progress.recovery import read_journals, recovered_notice

        if self.read_only:
            return data
        entries, paths, problems, log = read_journals(self.path, self.roadmap_id)
        self.notices.extend(problems)
        self.recovered = entries
        if not paths:
            return data
        self.notices.append(recovered_notice(entries, paths))
        return merge(data, entries, None, log)

    def _read(self, move_corrupt: bool = False) -> ProgressData | None:
        """The file's progress; None if it is corrupt (moved aside when asked to)."""
        self._disk_schema = SCHEMA_VERSION
        raw = self._read_bytes()
        if raw is None:
            return ProgressData(self.roadmap_id)
        try:
            doc = tomllib.loads(decode_utf8(raw))
            check_depth(doc)
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
            system.replace(real, aside)
        fsync_dir(real.parent)
        self.notices.append(
            f"{self.path} could not be read ({self._corrupt_reason}); it was moved aside "
            f"to {aside}, and progress shows as empty. {restore_hint(self.path)}"
        )

    # -- writing

    def _lock(self) -> Any:
        from roadmap_tui.progress.locks import real_lock

        ensure_folder(self.real_path.parent)
        return real_lock(self.lock_path, self.lock_timeout)  # never a soft lock

    def save(
        self,
        changes: Mapping[str, Entry] | None = None,
        view: View | None = None,
        plan: Plan | None = None,
        reviews: ProgressData | None = None,
    ) -> ProgressData:
        """Merge ``changes``, ``plan`` and ``reviews``' log in, under the lock; the result."""
        return self._save(lambda current: merge(current, changes or {}, plan, reviews), view)

    def save_reviews(self, new: Iterable[Review]) -> ProgressData:
        """Add ``new`` to the review log (`progress.reviews`), like a tick: under the lock."""
        return self._save(lambda current: replace(current, reviews=current.reviews | set(new)))

    def save_plan(self, plan: Plan) -> ProgressData:
        """Save ``plan`` (a cleared one clears) as made now: it replaces any plan saved."""
        return self._save(lambda current: replace(current, plan=plan.after(current.plan)))

    def save_made_now(self, changes: Mapping[str, Entry], view: View | None = None) -> ProgressData:
        """Save changes a person just made (ticks, notes): as `save`, but a future time on
        disk (a skewed clock) never beats them: they get a time just after it."""

        def apply(current: ProgressData) -> ProgressData:
            # Read under the lock: a change another process saved while we waited for
            # the lock is newer than ours, not a skewed clock, and must win.
            now = self.clock()
            ahead: dict[str, Entry] = {}
            for key, entry in changes.items():
                disk = current.entries.get(key)
                if disk is not None and disk.changed > now and disk.changed >= entry.changed:
                    entry = replace(entry, changed=after(disk.changed, entry.changed))
                disk_note = disk.note_changed if disk is not None else None
                if (
                    disk_note is not None
                    and entry.note_changed is not None
                    and disk_note > now
                    and disk_note >= entry.note_changed
                ):
                    entry = replace(entry, note_changed=after(disk_note, entry.note_changed))
                ahead[key] = entry
            return merge(current, ahead)

        return self._save(apply, view)

    def _save(
        self, change: Callable[[ProgressData], ProgressData], view: View | None = None
    ) -> ProgressData:
        """Under the lock: read the file, apply ``change`` to it, write the result."""
        from roadmap_tui.progress.locks import acquire, load_filelock

        filelock = load_filelock()
        if self.read_only:
            raise ProgressError(
                self.read_only_reason or "this progress file is never written",
                path=self.path,
                exit_code=1,
            )
        lock = self._lock()
        try:
            acquire(lock, self.lock_path)
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
                _refuse_hard_links(real, self.path)
            self._remove_stale_temp_files(real)
            from roadmap_tui.progress import conflicts
            from roadmap_tui.progress.recovery import read_journals, remove

            journaled, journals, _, log = read_journals(self.path, self.roadmap_id)
            copies = conflicts.fold(self.path, self.roadmap_id, self.clock())  # Syncthing, Dropbox
            merged = change(copies.into(merge(current, journaled, None, log)))
            if view is not None:
                merged.view = view
            if self._disk_schema < SCHEMA_VERSION:
                self.notices.append(
                    backup_before_migration(real, self._disk_schema, self.clock(), self.path)
                )
            if problem := backup_daily(real, self.clock()):
                self.notices.append(problem)
            text = encode(merged).encode("utf-8")
            if len(text) > MAX_FILE_BYTES:  # never write a file we would refuse to read
                raise TooBigToSave(
                    f"this change would make the progress file larger than "
                    f"{MAX_FILE_BYTES // (1024 * 1024)} MiB, more than roadmap-tui reads; "
                    "nothing was saved",
                    path=self.path,
                    exit_code=1,
                )
            with _failing("cannot save the progress file", self.path):
                atomic_write(real, text)
            self.last_signature = self.signature()  # ours: taken under the lock
            remove(journals)  # their entries are in the file now
            self.recovered = {}
            self.notices += copies.put_aside(backups_dir(real))
            return merged
        finally:
            with contextlib.suppress(OSError):
                lock.release()

    def set_status(
        self, item_ids: Iterable[str], status: Status, *, keep_skipped: bool = False
    ) -> ProgressData:
        """Set ``status`` on the given leaf ids now, and save: decided under the lock, so
        it takes effect whatever times the file holds (a skewed clock, another machine's
        file). With ``keep_skipped``, skipped topics are left skipped."""
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
        """Temp files are only made under the lock, which we hold: any left belong to a
        writer killed mid-save. Removed (tidying only: an unlistable folder is left)."""
        with contextlib.suppress(OSError):
            for stale in real.parent.glob(f".{real.name}.*.tmp"):
                with contextlib.suppress(OSError):
                    stale.unlink()
