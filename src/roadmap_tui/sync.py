"""Progress on every machine, and a team's progress, through a git remote.

The remote holds ``members/NAME/<roadmap-id>.toml`` (the progress codec, without the
per-machine cursor) and a README. Each data folder keeps a working clone in
``sync/repo`` and its settings in ``sync/sync.toml``; ``sync/sync.lock`` makes syncs
on one machine take turns.

A sync fetches, puts the clone exactly at the remote's branch (the clone holds nothing
that isn't also in the local progress files), merges this member's remote files into
the local progress through `ProgressStore.save` (per item, under the progress lock),
writes the result into the member's folder, commits and pushes. A push that lost a race
starts over from the fetch, a bounded number of times. Git never merges a progress file
(we never run ``git merge``), so no conflict marker can reach one. A clone that git
can't use is rebuilt from the remote. docs/sync.md describes it for users.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from roadmap_tui.clone_files import CloneFileError, names_ending, read_clone_file, write_clone_file
from roadmap_tui.entries import Clock, clamp_future, merge, utcnow
from roadmap_tui.errors import ProgressError, RoadmapTuiError
from roadmap_tui.files import ensure_folder
from roadmap_tui.gitcmd import (
    Failure,
    Git,
    GitError,
    Result,
    git_path,
    has_password,
    redact,
    run_git,
)
from roadmap_tui.model import is_valid_id
from roadmap_tui.paths import progress_path
from roadmap_tui.sync_config import (
    DEFAULT_BRANCH,
    MAX_ATTEMPTS,
    MAX_MEMBER_BYTES,
    MAX_MEMBER_ROADMAPS,
    MEMBERS,
    README,
    SyncConfig,
    SyncError,
    clone_dir,
    default_member,
    file_error,
    load_config,
    member_slug,
    read_member_file,
    save_config,
    shared_text,
    sync_dir,
    sync_lock,
)

# ----------------------------------------------------------------------------- the clone


def open_clone(base: Path) -> Git:
    """Git in the clone; ``--git-dir`` so git never climbs into a repository that
    happens to contain the data folder."""
    repo = clone_dir(base)
    return _ClonedGit(repo)


class _ClonedGit(Git):
    def run(self, *args: str, network: bool = False, check: bool = True, what: str = "") -> Result:
        flags = (
            f"--git-dir={self.cwd / '.git'}",
            f"--work-tree={self.cwd}",
            "-c",
            "core.hooksPath=/dev/null",  # no hook of the user's runs in our clone
        )
        what = what or f"git {next(a for a in args if not a.startswith('-') and '=' not in a)}"
        return run_git([*flags, *args], self.cwd, network=network, check=check, what=what)


def remove_leftovers(base: Path) -> None:
    """What a killed sync may leave: half-built clones, and git's lock files (no git of
    ours runs in the clone while we hold the sync lock)."""
    folder = sync_dir(base)
    for stale in [*folder.glob("repo.new-*"), *folder.glob("repo.old-*")]:
        shutil.rmtree(stale, ignore_errors=True)
    dot_git = clone_dir(base) / ".git"
    if dot_git.is_dir():
        for sub in (dot_git, dot_git / "refs", dot_git / "logs"):
            pattern = "*.lock" if sub == dot_git else "**/*.lock"
            for lock in sub.glob(pattern):
                with contextlib.suppress(OSError):
                    lock.unlink()


def rebuild_clone(base: Path, config: SyncConfig) -> Git:
    """A new, empty clone of the remote (the next fetch fills it), swapped in whole."""
    folder = sync_dir(base)
    ensure_folder(folder)
    new = folder / f"repo.new-{os.getpid()}"
    shutil.rmtree(new, ignore_errors=True)
    new.mkdir()
    git = _ClonedGit(new)
    git.run("init", "--quiet")
    git.run("symbolic-ref", "HEAD", f"refs/heads/{config.branch}")
    git.run("config", "core.autocrlf", "false")
    git.run("remote", "add", "origin", config.remote)
    repo = clone_dir(base)
    if repo.exists() or repo.is_symlink():
        old = folder / f"repo.old-{os.getpid()}"
        os.replace(repo, old)
        os.replace(new, repo)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, repo)
    return open_clone(base)


def clone_usable(base: Path, config: SyncConfig) -> bool:
    """Whether the clone is there, is a repository of its own and can read its HEAD."""
    if not (clone_dir(base) / ".git").is_dir():
        return False
    git = open_clone(base)
    try:
        if git.run("remote", "get-url", "origin", check=False).out.strip() != config.remote:
            return False
        if git.run("rev-parse", "--verify", "--quiet", "HEAD", check=False).code == 0:
            git.run("cat-file", "-e", "HEAD^{tree}")
            git.run("status", "--porcelain", "--untracked-files=no")
    except GitError as exc:
        if exc.failure in (Failure.MISSING, Failure.TIMEOUT):
            raise
        return False
    return True


def fetch_remote(git: Git, config: SyncConfig) -> str | None:
    """Fetch, and put the clone exactly at the remote branch. Its commit, or None while
    the remote has no such branch yet (an empty remote)."""
    git.run("fetch", "--quiet", "--prune", "origin", network=True, what="fetching from the remote")
    ref = f"refs/remotes/origin/{config.branch}"
    found = git.run("rev-parse", "--verify", "--quiet", ref, check=False)
    if found.code != 0:
        return None
    git.run("checkout", "--quiet", "--force", "-B", config.branch, ref)
    git.run("clean", "--quiet", "-d", "--force")
    return found.out.strip()


# ----------------------------------------------------------------------------- sync


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


def _merge_member(
    base: Path, repo: Path, config: SyncConfig, report: SyncReport, clock: Clock
) -> None:
    """Merge each roadmap's local progress with this member's remote copy, both ways."""
    from roadmap_tui.store import ProgressStore

    folder = repo / MEMBERS / config.member
    report.roadmaps = []
    for roadmap_id in _roadmap_ids(base, repo, folder, report):
        shared = folder / f"{roadmap_id}.toml"
        remote = read_member_file(repo, shared, roadmap_id)
        where = f"{MEMBERS}/{config.member}/{roadmap_id}.toml"
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
        if merge(local, incoming).entries != local.entries:
            before = local.entries
            try:
                local = store.save(incoming)
            except ProgressError as exc:  # e.g. the result would be too big to read
                report.notices.append(f"{where} on the remote was not merged: {exc.message}.")
                continue
            finally:
                report.notices += store.notices
                store.notices.clear()
            report.received += sum(1 for k, e in local.entries.items() if before.get(k) != e)
        _write_mine(repo, shared, shared_text(local), report)
        report.roadmaps.append(roadmap_id)


def _write_mine(repo: Path, path: Path, text: str, report: SyncReport) -> None:
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


def _commit(git: Git, config: SyncConfig, repo: Path, report: SyncReport) -> None:
    readme = repo / "README.md"
    try:
        present = read_clone_file(repo, readme, MAX_MEMBER_BYTES) is not None
    except CloneFileError:
        present = False  # a link or a folder by that name: ours replaces it
    if not present:
        _write_mine(repo, readme, README, report)
    mine = f"{MEMBERS}/{config.member}"
    paths = [path for path in (mine, "README.md") if os.path.lexists(repo / path)]
    git.run("add", "--all", "--", *paths)
    if git.run("diff", "--cached", "--quiet", check=False).code == 0:
        return
    identity = (
        "-c",
        f"user.name={config.member}",
        "-c",
        f"user.email={member_email(config.member)}",
        "-c",
        "commit.gpgsign=false",
    )
    author = f"--author={config.member} <{member_email(config.member)}>"  # beats GIT_AUTHOR_*
    git.run(
        *identity, "commit", "--quiet", "--no-verify", author, "-m", f"Progress of {config.member}"
    )


def member_email(member: str) -> str:
    """The author address of the commits roadmap-tui makes as ``member``."""
    return f"{member}@roadmap-tui.invalid"


def _changed_by_others(
    git: Git, config: SyncConfig, before: str, upstream: str | None, report: SyncReport
) -> None:
    """A notice for each commit since the last fetch that changed this member's folder
    and was not made by roadmap-tui as this member (another member, or a hand edit):
    it is merged like any change, but not in silence."""
    if not before or not upstream or before == upstream:
        return
    mine = f"{MEMBERS}/{config.member}"
    log = git.run(
        "log",
        "--no-merges",
        "--format=%h%x09%ae%x09%an",
        f"{before}..{upstream}",
        "--",
        mine,
        check=False,
    )
    if log.code != 0:
        return  # history rewritten on the remote: nothing to compare against
    for line in log.out.splitlines():
        commit, email, name = [*line.split("\t"), "", ""][:3]
        if email != member_email(config.member):
            report.notices.append(
                f"{mine}/ on the remote was changed by someone else (commit {commit} by "
                f"{visible_name(name)!r}); those changes are merged into your progress: "
                f"`git -C {repo_hint(git)} show {commit}` shows them."
            )


def visible_name(name: str) -> str:
    """A name from someone else's commit, short and without control characters."""
    return "".join(ch for ch in name if ch.isprintable())[:60]


def repo_hint(git: Git) -> str:
    return str(git.cwd)


def _sync_locked(base: Path, config: SyncConfig, report: SyncReport, clock: Clock) -> None:
    remove_leftovers(base)
    repo = clone_dir(base)
    if not clone_usable(base, config):
        report.rebuilt = repo.exists()  # damaged, not merely missing
        rebuild_clone(base, config)
    rebuilt_now = False
    attempt = 0
    tracking = f"refs/remotes/origin/{config.branch}"
    before = open_clone(base).run("rev-parse", "--verify", "--quiet", tracking, check=False)
    last_seen = before.out.strip() if before.code == 0 else ""
    while True:
        attempt += 1
        report.attempts = attempt
        git = open_clone(base)
        try:
            upstream = fetch_remote(git, config)
            _changed_by_others(git, config, last_seen, upstream, report)
            _merge_member(base, repo, config, report, clock)
            _commit(git, config, repo, report)
            head = git.run("rev-parse", "--verify", "--quiet", "HEAD", check=False).out.strip()
            if not head or head == upstream:
                return
            git.run(
                "push",
                "--quiet",
                "--no-verify",
                "origin",
                f"HEAD:refs/heads/{config.branch}",
                network=True,
                what="pushing to the remote",
            )
            report.pushed = True
            return
        except GitError as exc:
            if exc.failure is Failure.REJECTED and attempt < MAX_ATTEMPTS:
                time.sleep(random.uniform(0.05, 0.25) * attempt)  # someone pushed first
                continue
            if exc.failure is Failure.LOCAL and not rebuilt_now:
                rebuilt_now = True  # the clone is damaged: start again from the remote
                rebuild_clone(base, config)
                report.rebuilt = True
                continue
            if exc.failure is Failure.REJECTED:
                raise SyncError(
                    f"others kept pushing to the remote; {MAX_ATTEMPTS} tries did not get "
                    "through. Nothing is lost: run `roadmap-tui sync` again",
                    exit_code=1,
                ) from None
            raise


def _run(base: Path, config: SyncConfig, clock: Clock) -> SyncReport:
    """Sync under the lock, and record how it went in the settings."""
    report = SyncReport(config.member, config.remote)
    with sync_lock(base):
        try:
            try:
                _sync_locked(base, config, report, clock)
            except OSError as exc:
                raise file_error(exc, clone_dir(base)) from None
        except RoadmapTuiError as exc:
            config.last_attempt = clock()
            config.last_error = str(exc)
            with contextlib.suppress(RoadmapTuiError, OSError):
                save_config(base, config)
            raise
        report.notices = list(dict.fromkeys(report.notices))  # once, however many tries
        config.last_attempt = config.last_success = clock()
        config.last_error = ""
        save_config(base, config)
    return report


def require_config(base: Path) -> SyncConfig:
    config = load_config(base)
    if config is None:
        raise SyncError(
            "sync is not set up for this data folder; run `roadmap-tui sync init REMOTE` first",
            exit_code=2,
        )
    return config


def sync(base: Path, clock: Clock = utcnow) -> SyncReport:
    """`roadmap-tui sync`."""
    git_path()
    return _run(base, require_config(base), clock)


def init(base: Path, remote: str, member: str | None, clock: Clock = utcnow) -> SyncReport:
    """`roadmap-tui sync init REMOTE [--as NAME]`: connect, then sync once."""
    git_path()
    remote = remote.strip()
    if not remote or remote.startswith("-"):
        raise SyncError("name a git remote (a URL or a path)", exit_code=2)
    if "://" not in remote and not re.match(r"^[^/]+:", remote):
        remote = str(Path(remote).expanduser().resolve())  # a local path, as git will need it
    if has_password(remote):
        raise SyncError(
            "this remote URL holds a password or token, which roadmap-tui never stores; "
            "use an SSH URL or let git's credential helper keep the secret",
            exit_code=2,
        )
    name = member_slug(member if member is not None else default_member())
    if not name:
        raise SyncError(
            "no member name could be made from that; choose one with --as NAME (letters "
            "and digits)",
            exit_code=2,
        )
    config = SyncConfig(remote, name, _remote_branch(base, remote))
    previous = load_config(base)
    if previous is not None:
        config.last_success = previous.last_success
    with sync_lock(base):
        rebuild_clone(base, config)
        save_config(base, config)
    return _run(base, config, clock)


def _remote_branch(base: Path, remote: str) -> str:
    """The remote's default branch if it has one, else ``main``."""
    ensure_folder(sync_dir(base))
    listing = run_git(
        ["ls-remote", "--symref", remote],
        sync_dir(base),
        network=True,
        what="reaching the remote",
    ).out
    heads = {
        line.split("\t")[1].removeprefix("refs/heads/")
        for line in listing.splitlines()
        if "\trefs/heads/" in line and not line.startswith("ref:")
    }
    for line in listing.splitlines():
        if line.startswith("ref: refs/heads/") and line.endswith("\tHEAD"):
            target = line[len("ref: refs/heads/") : -len("\tHEAD")]
            if target in heads:
                return target
    for candidate in (DEFAULT_BRANCH, "master", *sorted(heads)):
        if candidate in heads:
            return candidate
    return DEFAULT_BRANCH
