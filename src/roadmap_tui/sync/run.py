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
import time
from pathlib import Path

from roadmap_tui.base.errors import RoadmapTuiError
from roadmap_tui.base.files import ensure_folder
from roadmap_tui.progress.entries import Clock, utcnow
from roadmap_tui.sync.clone import (
    clone_usable,
    fetch_remote,
    open_clone,
    rebuild_clone,
    remove_leftovers,
)
from roadmap_tui.sync.clone_files import CloneFileError, read_clone_file
from roadmap_tui.sync.config import (
    DEFAULT_BRANCH,
    MAX_ATTEMPTS,
    MAX_MEMBER_BYTES,
    MEMBERS,
    README,
    SyncConfig,
    SyncError,
    clone_dir,
    default_member,
    file_error,
    load_config,
    member_slug,
    save_config,
    sync_dir,
    sync_lock,
)
from roadmap_tui.sync.git import (
    Failure,
    Git,
    GitError,
    git_path,
    has_password,
    run_git,
)
from roadmap_tui.sync.merge import SyncReport, merge_member, write_mine


def _commit(git: Git, config: SyncConfig, repo: Path, report: SyncReport) -> None:
    readme = repo / "README.md"
    try:
        present = read_clone_file(repo, readme, MAX_MEMBER_BYTES) is not None
    except CloneFileError:
        present = False  # a link or a folder by that name: ours replaces it
    if not present:
        write_mine(repo, readme, README, report)
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
            merge_member(base, repo, config.member, report, clock)
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
