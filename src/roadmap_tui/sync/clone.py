"""The sync clone: `sync/repo` in the data folder, a working clone of the remote that
holds nothing that isn't also in the local progress files or on the remote, so it can
always be rebuilt. Git runs in it with ``--git-dir`` and no hooks of the user's."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from roadmap_tui.base.files import ensure_folder
from roadmap_tui.sync.config import SyncConfig, clone_dir, sync_dir
from roadmap_tui.sync.git import Failure, Git, GitError, Result, run_git


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
