"""`roadmap-tui import`: where an import goes, which earlier import it updates, and the
progress it brings (docs/markdown.md, "Import").

* A roadmap records its ``source`` (a file's absolute path, or the URL). Importing the
  same source again updates that roadmap in place: no ``--force``; topics keep their ids
  (`roadmap_tui.importing.ids`), so progress follows them.
* A different source never takes over a roadmap: when its id is taken, it gets the next
  free one (``readme-2``) and the user is told. ``--update ID`` (or ``-o FILE --force``)
  is the explicit choice to update an existing roadmap from another source.
* The file's ticks and notes apply to topics without progress of their own. Ticks carry
  no finishing time (unless Obsidian Tasks gives one), so they never count as finished
  today in the pace and history.
* Nothing is half done: when the progress can't be saved, the roadmap file is put back.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from roadmap_tui.base.errors import RoadmapError, RoadmapTuiError
from roadmap_tui.base.paths import progress_path, roadmaps_dir
from roadmap_tui.importing.fetch import is_url
from roadmap_tui.importing.nodes import Checklist
from roadmap_tui.importing.reader import Imported
from roadmap_tui.progress.entries import Entry, after
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.model import Roadmap, Status


@dataclass
class Source:
    """Where a checklist came from: ``where`` names it in errors, ``key`` is recorded."""

    where: Path | str
    key: str
    text: str
    base_url: str = ""


def read_source(name: str) -> Source:
    """The checklist's text from a file or an http(s) URL."""
    if is_url(name):
        from roadmap_tui.importing.fetch import fetch_markdown, source_key

        text, final = fetch_markdown(name)
        return Source(name, source_key(name), text, final)
    from roadmap_tui.base.files import read_text

    path = Path(name).expanduser()
    text = read_text(path, "Markdown", RoadmapError)
    return Source(path, str(path.resolve()), text)


@dataclass
class Plan:
    """Where the roadmap goes and what it updates."""

    target: Path
    roadmap_id: str
    previous: Roadmap | None = None
    notices: list[str] = field(default_factory=list)


def _load(path: Path) -> Roadmap | None:
    from roadmap_tui.roadmap.load import load_roadmap

    try:
        return load_roadmap(path)
    except RoadmapTuiError:
        return None


def plan(
    checklist: Checklist,
    source: Source,
    base: Path,
    *,
    output: Path | None = None,
    force: bool = False,
    update: str | None = None,
) -> Plan:
    if update is not None:
        return _plan_update(base, update)
    if output is not None:
        return _plan_output(checklist, source, base, output, force)
    from roadmap_tui.roadmap.load import imported

    folder = roadmaps_dir(base)
    for path in imported(base):
        roadmap = _load(path)
        if roadmap is not None and _same(roadmap.source, source.key):
            return Plan(path, roadmap.id, roadmap)
    return _new_plan(checklist, source, base, folder)


def _new_plan(
    checklist: Checklist, source: Source, base: Path, target: Path, taken: str = ""
) -> Plan:
    """A new roadmap's plan: its id is one no roadmap of another source uses (``taken``:
    the id of the file it replaces). ``target`` is a folder (the file is named by the
    id) or the file to write."""
    from roadmap_tui.importing.reader import default_id

    wanted = default_id(checklist.title)
    roadmap_id = _free_id(base, wanted, source.key, taken)
    path = target / f"{roadmap_id}.toml" if target == roadmaps_dir(base) else target
    result = Plan(path, roadmap_id)
    if roadmap_id != wanted:
        result.notices.append(
            f"Another roadmap already has the id {wanted!r}; this one is {roadmap_id!r} "
            f"(to update that one from this file instead: --update {wanted})."
        )
    return result


def _plan_update(base: Path, update: str) -> Plan:
    path = roadmaps_dir(base) / f"{update}.toml"
    roadmap = _load(path) if path.is_file() else None
    if roadmap is None:
        raise RoadmapTuiError(
            f"--update {update}: there is no imported roadmap with this id "
            "(`roadmap-tui list` shows them)"
        )
    return Plan(path, roadmap.id, roadmap)


def _plan_output(
    checklist: Checklist, source: Source, base: Path, output: Path, force: bool
) -> Plan:
    replaced = ""
    if output.exists():
        roadmap = _load(output) if output.is_file() else None
        if roadmap is not None and _same(roadmap.source, source.key):
            return Plan(output, roadmap.id, roadmap)
        if not force:
            raise RoadmapTuiError(
                "this file already exists and is not an import of this source; "
                "add --force to replace it or -o to write elsewhere",
                path=output,
            )
        # Another source's import, replaced: its id (and progress) stay its own.
        replaced = roadmap.id if roadmap is not None else ""
    return _new_plan(checklist, source, base, output, replaced)


def _same(recorded: str, key: str) -> bool:
    """Whether a roadmap's recorded source is ``key`` (a URL recorded before sources
    were normalised counts by its normal form)."""
    if recorded == key:
        return True
    from roadmap_tui.importing.fetch import source_key

    return is_url(recorded) and source_key(recorded) == key


def _free_id(base: Path, wanted: str, source_key: str, taken: str = "") -> str:
    """``wanted``, or the first ``wanted-N`` that no roadmap of another source uses: not
    ``taken``, no roadmap in the roadmaps folder, and no progress file (a roadmap
    written elsewhere with ``-o`` keeps its progress there) unless that progress is
    this source's own roadmap's in the roadmaps folder."""
    folder = roadmaps_dir(base)
    candidate, n = wanted, 2
    while True:
        path = folder / f"{candidate}.toml"
        roadmap = _load(path) if path.exists() else None
        mine = roadmap is not None and _same(roadmap.source, source_key)
        used = path.exists() or progress_path(base, candidate).exists()
        if candidate != taken and (mine or not used):
            return candidate
        candidate = f"{wanted}-{n}"
        n += 1


@dataclass
class Changes:
    """What an import does to the progress file."""

    entries: dict[str, Entry] = field(default_factory=dict)
    kept: int = 0  # topics where the user's own progress differs from the file: kept
    followed: int = 0  # ticks the file moved that the user never changed: moved too
    saved: dict[str, Status] = field(default_factory=dict)  # the statuses saved before


def progress_changes(imported: Imported, store: ProgressStore) -> Changes:
    """The file's ticks and notes for topics without progress; and for topics whose
    status is still the one an earlier import of the file gave them (``Entry.imported``),
    the file's new tick. The user's own progress is never overwritten."""
    saved = store.load()
    now = store.clock()
    out = Changes(saved=saved.statuses())
    topics = {item.id for _, item in imported.roadmap.walk() if item.is_leaf}
    followers = {k for k, e in saved.entries.items() if e.imported is not None and k in topics}
    for key in sorted({*imported.statuses, *imported.notes, *followers}):
        given = imported.statuses.get(key, Status.TODO)
        mine = saved.entries.get(key)
        if mine is not None and mine.imported is not None and mine.status is mine.imported:
            if given is not mine.status:  # the file moved a tick the user never touched
                out.entries[key] = replace(
                    mine,
                    status=given,
                    changed=after(mine.changed, now),
                    started=None,
                    finished=imported.finished.get(key),
                    imported=given,
                )
                out.followed += 1
            continue
        if mine is not None:  # never overwrite progress the user already has
            out.kept += mine.status is not given or (
                key in imported.notes and mine.note != imported.notes[key]
            )
            continue
        entry = Entry()
        if key in imported.statuses:
            # No `started`, and `finished` only if the file said when: an imported tick
            # is done, but not "finished today" in the pace and history.
            entry = Entry(given, now, finished=imported.finished.get(key), imported=given)
            out.followed += imported.followed is not None  # an update: a tick it moved
        if key in imported.notes:
            entry = entry.with_note(imported.notes[key], now)
        out.entries[key] = entry
    return out


def check_orphans(attach: dict[str, str], store: ProgressStore, previous: Roadmap) -> None:
    """Each ``--attach OLD=NEW`` names progress that is saved, or a topic of the roadmap
    being updated (a typo in OLD would attach nothing)."""
    saved = store.load().entries
    known = {item.id for _, item in previous.walk()}
    for old, new in attach.items():
        if old not in saved and old not in known:
            raise RoadmapTuiError(
                f"--attach {old}={new}: no progress is saved under the id {old!r} "
                "(the import's summary names the removed topics' ids)"
            )


def write(target: Path, text: str, store: ProgressStore, changes: dict[str, Entry]) -> bool:
    """Write the roadmap (unless the file already holds it), then its progress; if the
    progress can't be saved, put the roadmap file back as it was, so an import is all
    done or not at all. Whether the roadmap file changed."""
    from roadmap_tui.base.files import atomic_write, write_user_file

    try:
        before = target.read_bytes() if target.is_file() else None
    except OSError as exc:
        from roadmap_tui.base.errors import os_reason

        raise RoadmapTuiError(
            f"cannot read this file: {os_reason(exc)}; nothing was imported",
            path=target,
            exit_code=1,
        ) from None
    written = before != text.encode("utf-8")
    if written:
        write_user_file(target, text)
    if not changes:
        return written
    try:
        store.save(changes)
    except RoadmapTuiError as exc:
        with contextlib.suppress(OSError):
            if before is None:
                target.unlink()
            else:
                atomic_write(target, before)
        raise type(exc)(
            f"{exc.message}; nothing was imported", path=exc.path, exit_code=exc.exit_code
        ) from None
    return written


def store_for(base: Path, roadmap_id: str) -> ProgressStore:
    return ProgressStore(progress_path(base, roadmap_id), roadmap_id)
