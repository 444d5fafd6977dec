"""Sync against a hostile remote: another member of the cohort pushes whatever they like.

Each test builds the push itself in a plain git clone of a local bare remote (symlinks
to the victim's files, to folders, to FIFOs and devices, dangling ones; folders where
files belong; huge files and many of them; another roadmap's progress; dates in the
future) and then runs the victim's `sync`, `team` or the app. Each checks that nothing
outside the data folder changed, nothing hung (every command has a timeout), a refused
thing is one line, and the victim's own progress still works and still reaches the
remote as a regular file. docs/sync.md, "What another member can and cannot do".
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.model import Status

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")
VICTIM = "victim"
MINE = f"members/{VICTIM}/backend.toml"


# ----------------------------------------------------------------------------- helpers


def rt(data: Path, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "roadmap-tui"
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "roadmap_tui"]
    env = {**os.environ, "ROADMAP_TUI_DATA_DIR": str(data)}
    return subprocess.run(
        [*cmd, *argv],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,  # a hang fails the test instead of blocking the suite
        check=False,
    )


def ok(data: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    result = rt(data, *argv)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return result


def git(cwd: Path, *args: str) -> str:
    assert GIT is not None
    return subprocess.run(
        [GIT, *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=60
    ).stdout


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` (links not followed): its kind and content hash."""
    seen: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            seen[rel] = f"link:{os.readlink(path)}"
        elif path.is_file():
            seen[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            seen[rel] = "dir"
        else:
            seen[rel] = "other"
    return seen


class Cohort:
    """A shared bare remote, the victim's machine (a data folder, synced as "victim")
    with one tick, and the attacker's plain git clone of the remote."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.remote = tmp_path / "remote.git"
        git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(self.remote))
        self.victim = tmp_path / "victim-data"
        # What the victim owns outside our folders: none of it may change.
        self.outside = tmp_path / "victims-home"
        (self.outside / ".config" / "roadmap-tui").mkdir(parents=True)
        (self.outside / ".ssh").mkdir()
        (self.outside / "precious.txt").write_text("years of work\n")
        (self.outside / ".bashrc").write_text("alias ll='ls -l'\n")
        self.fifo = self.outside / "pipe"
        os.mkfifo(self.fifo)
        self.store().set_status(["cs-basics"], Status.DONE)
        ok(self.victim, "sync", "init", self.remote.as_uri(), "--as", VICTIM)
        self.before = snapshot(self.outside)
        self.attacker = tmp_path / "attacker"
        git(tmp_path, "clone", "--quiet", self.remote.as_uri(), str(self.attacker))

    def store(self) -> ProgressStore:
        return ProgressStore(progress_path(self.victim, "backend"), "backend")

    def push(self, message: str = "prank") -> None:
        git(self.attacker, "add", "--all")
        git(
            self.attacker,
            "-c",
            "user.name=mallory",
            "-c",
            "user.email=mallory@example.invalid",
            "commit",
            "--quiet",
            "--allow-empty",
            "--author=mallory <mallory@example.invalid>",
            "-m",
            message,
        )
        git(self.attacker, "push", "--quiet", "origin", "HEAD:main")

    def replace(self, rel: str) -> Path:
        """Clear ``rel`` in the attacker's clone and return its path."""
        path = self.attacker / rel
        for parent in reversed(path.parents):  # a file on the way becomes a folder
            if parent.is_file() or parent.is_symlink():
                parent.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)
        return path

    def link(self, rel: str, target: Path | str) -> None:
        os.symlink(target, self.replace(rel))

    def write(self, rel: str, text: str) -> None:
        path = self.replace(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def on_remote(self, rel: str = MINE) -> tuple[str, str]:
        """The mode git records for ``rel`` on the remote's main, and its content."""
        listing = git(self.remote, "ls-tree", "main", "--", rel).split()
        mode = listing[0] if listing else ""
        content = git(self.remote, "show", f"main:{rel}") if listing else ""
        return mode, content

    def assert_safe_and_working(self) -> None:
        """Nothing outside changed; the victim's next tick reaches the remote as a
        regular file; status and mark still work."""
        assert snapshot(self.outside) == self.before
        ok(self.victim, "mark", "os-basics", "done")
        ok(self.victim, "status")
        result = ok(self.victim, "sync")
        assert snapshot(self.outside) == self.before
        mode, content = self.on_remote()
        assert mode == "100644", (mode, result.stderr)
        assert "[items.os-basics]" in content
        assert 'status = "done"' in content.split("[items.os-basics]")[1]
        assert self.store().load().entry("cs-basics").status is Status.DONE
        # Nothing of ours is a link or a folder in the victim's clone either.
        clone = self.victim / "sync" / "repo"
        assert (clone / MINE).is_file() and not (clone / MINE).is_symlink()
        assert not (clone / "members" / VICTIM).is_symlink()


@pytest.fixture
def cohort(tmp_path: Path) -> Cohort:
    return Cohort(tmp_path)


def notices(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


# ----------------------------------------------------------------------------- links


@pytest.mark.parametrize(
    "target",
    ["precious.txt", ".bashrc", ".ssh/created-by-sync", "pipe", "/dev/zero", "loop"],
)
def test_a_member_file_pushed_as_a_symlink_is_replaced_never_followed(
    cohort: Cohort, target: str
) -> None:
    """The victim's own file linked to one of their files, a dangling path, a FIFO, a
    device or a loop: sync reports it in one line and replaces the link itself."""
    where = "/dev/zero" if target == "/dev/zero" else cohort.outside / target
    if target == "loop":
        where = cohort.attacker / "members" / VICTIM / "backend.toml"
    cohort.link(MINE, where)
    cohort.push()
    result = ok(cohort.victim, "sync")
    said = [line for line in notices(result) if MINE in line]
    assert len(said) == 1 and "symbolic link" in said[0], result.stderr
    assert any("someone else" in line and "'mallory'" in line for line in notices(result))
    assert not (cohort.outside / ".ssh" / "created-by-sync").exists()
    cohort.assert_safe_and_working()


def test_the_members_folder_pushed_as_a_symlink_to_a_folder_is_replaced(cohort: Cohort) -> None:
    target = cohort.outside / ".config" / "roadmap-tui"
    cohort.link(f"members/{VICTIM}", target)
    cohort.push()
    result = ok(cohort.victim, "sync")
    assert any("symbolic link" in line for line in notices(result)), result.stderr
    assert list(target.iterdir()) == []
    assert "changes pushed" in result.stdout
    cohort.assert_safe_and_working()


def test_the_whole_members_folder_as_a_symlink_is_replaced(cohort: Cohort) -> None:
    cohort.link("members", cohort.outside / ".config")
    cohort.push()
    ok(cohort.victim, "sync")
    assert list((cohort.outside / ".config" / "roadmap-tui").iterdir()) == []
    cohort.assert_safe_and_working()


def test_a_dangling_readme_symlink_creates_nothing_outside(cohort: Cohort) -> None:
    cohort.link("README.md", cohort.outside / ".ssh" / "created-by-sync")
    cohort.push()
    ok(cohort.victim, "sync")
    assert not (cohort.outside / ".ssh" / "created-by-sync").exists()
    assert cohort.on_remote("README.md")[0] == "100644"
    cohort.assert_safe_and_working()


def test_a_folder_or_submodule_where_the_member_file_belongs_is_replaced(
    cohort: Cohort,
) -> None:
    cohort.write(f"{MINE}/inner.txt", "a folder where a file belongs")
    cohort.push()
    result = ok(cohort.victim, "sync")
    assert any(MINE in line and "folder" in line for line in notices(result)), result.stderr
    cohort.assert_safe_and_working()


@pytest.mark.parametrize("target", ["secret", "/etc/passwd", "pipe", "/dev/zero"])
def test_team_never_reads_through_a_symlink(cohort: Cohort, target: str) -> None:
    secret = cohort.outside / "secret"
    secret.write_text('schema = 1\nroadmap = "backend"\n[items.cs-basics]\nstatus = "done"\n')
    cohort.before = snapshot(cohort.outside)
    where = target if target.startswith("/") else str(cohort.outside / target)
    cohort.link("members/mallory/backend.toml", where)
    cohort.link("members/eve", cohort.outside)  # a member folder that is a link
    cohort.push()
    result = rt(cohort.victim, "team", "--json", timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    import json

    members = {m["name"]: m for m in json.loads(result.stdout)["members"]}
    assert members["mallory"]["done"] == 0  # the linked file's tick was never read
    assert "eve" not in members
    lines = notices(result)
    assert sum("mallory" in line for line in lines) == 1, lines
    assert sum("members/eve" in line for line in lines) == 1, lines
    assert "root:" not in result.stdout + result.stderr
    cohort.assert_safe_and_working()


# ----------------------------------------------------------------------------- limits


def test_a_huge_member_file_is_refused_and_progress_keeps_working(cohort: Cohort) -> None:
    junk = 'schema = 1\nroadmap = "backend"\n' + "".join(
        f'[items.junk-{n}]\nstatus = "done"\nnote = "{"x" * 200}"\n' for n in range(80_000)
    )
    assert len(junk) > 16 * 1024 * 1024
    cohort.write(MINE, junk)
    cohort.push()
    result = ok(cohort.victim, "sync")
    said = [line for line in notices(result) if MINE in line]
    assert len(said) == 1 and "larger than 16 MiB" in said[0], result.stderr
    local = progress_path(cohort.victim, "backend")
    assert local.stat().st_size < 64 * 1024
    assert "junk-1" not in local.read_text()
    cohort.assert_safe_and_working()
    assert len(cohort.on_remote()[1]) < 64 * 1024


def test_too_many_topics_in_a_member_file_are_refused(cohort: Cohort) -> None:
    many = 'schema = 1\nroadmap = "backend"\n' + "".join(
        f'[items.t{n}]\nstatus="done"\n' for n in range(100_001)
    )
    cohort.write(MINE, many)
    cohort.push()
    result = ok(cohort.victim, "sync")
    assert any("more than 100,000 topics" in line for line in notices(result)), result.stderr
    assert (
        "t5" not in ProgressStore(progress_path(cohort.victim, "backend"), "backend").load().entries
    )
    cohort.assert_safe_and_working()


def test_thousands_of_roadmap_files_make_at_most_a_hundred_local_files(cohort: Cohort) -> None:
    folder = cohort.attacker / "members" / VICTIM
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(300):
        (folder / f"spam-{n:04}.toml").write_text(
            f'schema = 1\nroadmap = "spam-{n:04}"\n[items.a]\nstatus = "done"\n'
        )
    cohort.push()
    result = ok(cohort.victim, "sync")
    assert any("at most 100 roadmaps" in line for line in notices(result)), result.stderr
    local = list(progress_path(cohort.victim, "backend").parent.glob("*.toml"))
    assert len(local) <= 100
    cohort.assert_safe_and_working()


# ----------------------------------------------------------------------------- content


def test_a_member_file_of_another_roadmap_is_never_merged(cohort: Cohort) -> None:
    cohort.write(
        MINE,
        'schema = 1\nroadmap = "frontend"\n[items.cs-basics]\nstatus = "todo"\n'
        "changed = 2030-01-01T00:00:00Z\n",
    )
    cohort.push()
    result = ok(cohort.victim, "sync")
    assert any("another roadmap" in line and MINE in line for line in notices(result))
    assert cohort.store().load().entry("cs-basics").status is Status.DONE
    cohort.assert_safe_and_working()


def test_dates_in_the_future_are_clamped_and_said_to_come_from_someone_else(
    cohort: Cohort,
) -> None:
    """A forged untick dated 9999 is merged (it is in the victim's folder), but clamped
    to now, and the sync says someone else changed the victim's folder."""
    cohort.write(
        MINE,
        'schema = 1\nroadmap = "backend"\n[items.cs-basics]\nstatus = "todo"\n'
        "changed = 9999-12-31T00:00:00Z\n",
    )
    cohort.push("your progress, by me")
    result = ok(cohort.victim, "sync")
    said = [line for line in notices(result) if "someone else" in line]
    assert len(said) == 1 and "'mallory'" in said[0], result.stderr
    entry = cohort.store().load().entry("cs-basics")
    assert entry.changed <= datetime.now(UTC) + timedelta(seconds=5)
    # The victim ticks it again: that wins, on this machine and on the remote.
    ok(cohort.victim, "mark", "cs-basics", "done")
    ok(cohort.victim, "sync")
    assert cohort.store().load().entry("cs-basics").status is Status.DONE
    content = cohort.on_remote()[1]
    assert "9999" not in content
    assert 'status = "done"' in content.split("[items.cs-basics]")[1]
    cohort.assert_safe_and_working()


def test_the_victims_own_other_machine_is_not_someone_else(cohort: Cohort) -> None:
    laptop = cohort.tmp / "laptop"
    ok(laptop, "sync", "init", cohort.remote.as_uri(), "--as", VICTIM)
    ok(laptop, "mark", "apis-basics", "done")
    ok(laptop, "sync")
    result = ok(cohort.victim, "sync")
    assert "someone else" not in result.stderr
    assert cohort.store().load().entry("apis-basics").status is Status.DONE


def test_member_folders_with_names_sync_never_makes_are_never_printed(cohort: Cohort) -> None:
    """A folder named with a terminal escape sequence (OSC 52 writes the clipboard) is
    left out of `team`, in one line, and its name is never printed."""
    cohort.write(
        "members/\x1b]52;c;ZWNobyBwd25lZA==\x07x/backend.toml",
        'schema = 1\nroadmap = "backend"\n[items.cs-basics]\nstatus = "done"\n',
    )
    cohort.push()
    result = rt(cohort.victim, "team", timeout=60)
    assert result.returncode == 0, result.stderr
    assert "\x1b]52" not in result.stdout + result.stderr
    assert sum("not a member name" in line for line in notices(result)) == 1, result.stderr
