"""Merging this member's folder on the remote with the local progress, both ways: no
git here, only files (the clone's, read as hostile) and the progress store. `run`
calls it between the fetch and the commit; tests call it on a folder they made."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.entries import Clock, clamp_future, merge
from roadmap_tui.roadmap.model import is_valid_id
from roadmap_tui.sync.clone_files import (
    CloneFileError,
    names_ending,
    read_clone_file,
    write_clone_file,
)
from roadmap_tui.sync.config import (
    MAX_MEMBER_BYTES,
    MAX_MEMBER_ROADMAPS,
    MEMBERS,
    read_member_file,
    shared_text,
)
from roadmap_tui.sync.git import redact


@dataclass(slots=True)
class SyncReport:
    """What one sync did: roadmaps merged, topics changed here, pushed or not, notices."""

    member: str
    remote: str
    roadmaps: list[str] = field(default_factory=list)
    received: int = 0  # topics changed here by what the remote held
    pushed: bool = False
    attempts: int = 0
    rebuilt: bool = False
    notices: list[str] = field(default_factory=list)

    def summary(self) -> str:
        n = len(self.roadmaps)
        what = f"{n} roadmap{'s' if n != 1 else ''}"
        got = f"{self.received} topic{'s' if self.received != 1 else ''} updated here"
        sent = "changes pushed" if self.pushed else "nothing new to push"
        rebuilt = " (the damaged clone was rebuilt from the remote)" if self.rebuilt else ""
        return f"Synced {what} as {self.member} with {redact(self.remote)}: {got}, {sent}{rebuilt}."


def _roadmap_ids(base: Path, repo: Path, folder: Path, report: SyncReport) -> list[str]:
    """The roadmaps to sync: every local progress file's, and those of this member's
    remote folder, the remote-only ones up to `MAX_MEMBER_ROADMAPS`."""
    local_folder = progress_path(base, "x").parent
    local = {p.stem for p in local_folder.glob("*.toml") if is_valid_id(p.stem)}
    remote = [i for i in names_ending(repo, folder, ".toml") if is_valid_id(i) and i not in local]
    room = max(0, MAX_MEMBER_ROADMAPS - len(local))
    if len(remote) > room:
        report.notices.append(
            f"{MEMBERS}/{folder.name}/ on the remote holds {len(remote)} roadmaps this "
            f"machine has no progress in; sync takes in at most {MAX_MEMBER_ROADMAPS} "
            f"roadmaps, so {len(remote) - room} of them were left out."
        )
        remote = remote[:room]
    return sorted(local | set(remote))


def merge_member(base: Path, repo: Path, member: str, report: SyncReport, clock: Clock) -> None:
    """Merge each roadmap's local progress with this member's remote copy, both ways."""
    from roadmap_tui.progress.store import ProgressStore, TooBigToSave

    folder = repo / MEMBERS / member
    report.roadmaps = []
    for roadmap_id in _roadmap_ids(base, repo, folder, report):
        shared = folder / f"{roadmap_id}.toml"
        remote = read_member_file(repo, shared, roadmap_id)
        where = f"{MEMBERS}/{member}/{roadmap_id}.toml"
        if remote.newer_schema is not None:
            report.notices.append(
                f"{where} on the remote was written by a newer roadmap-tui (schema "
                f"{remote.newer_schema}); it is left alone: upgrade roadmap-tui to sync it."
            )
            continue
        if remote.problem:
            report.notices.append(
                f"{where} on the remote was not merged: {remote.problem}; it is replaced "
                "by this machine's progress (git history keeps the old one)."
            )
        store = ProgressStore(progress_path(base, roadmap_id), roadmap_id, clock=clock)
        local = store.load()
        report.notices += store.notices
        store.notices.clear()
        if store.read_only:
            continue  # the store's notice says why
        incoming = clamp_future(remote.data.entries, clock()) if remote.data else {}
        plan = remote.data.plan if remote.data else None
        if plan is not None and plan.changed > clock():  # a future time never wins them all
            plan = replace(plan, changed=clock())
        merged = merge(local, incoming, plan, remote.data)  # the review logs: a union
        if merged != local:
            before = local.entries
            try:
                local = store.save(incoming, plan=plan, reviews=remote.data)
            except TooBigToSave as exc:  # (other failures end the sync, as always)
                # Not merged; this machine's progress replaces it on the remote.
                report.notices.append(f"{where} on the remote was not merged: {exc.message}.")
            else:
                report.received += sum(1 for k, e in local.entries.items() if before.get(k) != e)
            finally:
                report.notices += store.notices
                store.notices.clear()
        write_mine(repo, shared, shared_text(local), report)
        report.roadmaps.append(roadmap_id)


def write_mine(repo: Path, path: Path, text: str, report: SyncReport) -> None:
    """Our own file in the clone, written unless it already holds ``text``; whatever
    stood in its way (a symlink, a folder) is replaced, never followed, and said."""
    try:
        unchanged = read_clone_file(repo, path, MAX_MEMBER_BYTES) == text.encode("utf-8")
    except (CloneFileError, OSError):
        unchanged = False
    if unchanged:
        return
    said = "\n".join(report.notices)
    for where, kind in write_clone_file(repo, path, text):
        if f"{where} on the remote was not merged" not in said:  # said once is enough
            report.notices.append(
                f"{where} on the remote was {kind}; sync never follows what others push, "
                "so it was replaced by this machine's own."
            )
