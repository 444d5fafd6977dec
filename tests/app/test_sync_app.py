"""The app with sync set up: background sync, its word in the top bar, the team screen."""

from __future__ import annotations

import os
import signal
import subprocess
import textwrap
from pathlib import Path

import pytest
from support.pilot import make_app, text_of, top_bar, wait_for
from textual.widgets import Static

from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.model import Status
from roadmap_tui.sync import config as sync_config
from roadmap_tui.sync import run as sync
from roadmap_tui.tui import synclink
from roadmap_tui.tui.screens.team import TeamScreen

GIT = __import__("shutil").which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")
FIRST_TOPIC = "cs-basics"


@pytest.fixture(autouse=True)
def quick_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(synclink, "SYNC_DELAY", 0.05)


def remote(tmp_path: Path) -> Path:
    path = tmp_path / "remote.git"
    subprocess.run([GIT or "git", "init", "--quiet", "--bare", str(path)], check=True)
    return path


def on_remote(bare: Path, member: str = "sam") -> str:
    result = subprocess.run(
        [GIT or "git", "--git-dir", str(bare), "show", f"main:members/{member}/backend.toml"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout


async def test_the_app_syncs_on_start_and_after_a_tick(tmp_path: Path, data_dir: Path) -> None:
    bare = remote(tmp_path)
    sync.init(data_dir, bare.as_uri(), "sam")
    other = tmp_path / "laptop"
    sync.init(other, bare.as_uri(), "sam")
    store = ProgressStore(progress_path(other, "backend"), "backend")
    store.set_status(["os-basics"], Status.DONE)
    sync.sync(other)  # the laptop's tick is on the remote before the app starts
    app = make_app(data_dir, watch_interval=0.1)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: "synced just now" in top_bar(app), what="the first sync")
        # What the laptop did arrived, and the app shows it.
        await wait_for(
            pilot, lambda: app.tracker.entry("os-basics").status is Status.DONE, what="reload"
        )
        await pilot.press("space")  # tick the first topic
        await wait_for(pilot, lambda: FIRST_TOPIC in on_remote(bare), what="the tick on the remote")
    assert 'status = "done"' in on_remote(bare).split(f"[items.{FIRST_TOPIC}]")[1]


async def test_a_remote_that_is_down_never_costs_a_tick(tmp_path: Path, data_dir: Path) -> None:
    bare = remote(tmp_path)
    sync.init(data_dir, bare.as_uri(), "sam")
    __import__("shutil").rmtree(bare)
    app = make_app(data_dir, watch_interval=0.1)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: "sync failed" in top_bar(app), what="the failure shown")
        await pilot.press("space")
        assert app.saver.flush(5)
        await pilot.pause()
    fresh = ProgressStore(progress_path(data_dir, "backend"), "backend").load()
    assert fresh.entry(FIRST_TOPIC).status is Status.DONE
    assert "fetching from the remote failed" in sync_config.load_config(data_dir).last_error  # type: ignore[union-attr]


async def test_keys_work_while_git_hangs(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = remote(tmp_path)
    sync.init(data_dir, bare.as_uri(), "sam")
    folder = tmp_path / "slow"
    folder.mkdir()
    mark = tmp_path / "stalled"
    script = folder / "git"
    script.write_text(
        textwrap.dedent(f"""\
            #!/bin/sh
            echo $$ > "{mark}"
            sleep 120
            exec "{GIT}" "$@"
            """)
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    app = make_app(data_dir, watch_interval=0.1)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, mark.exists, what="git started")
            await pilot.press("space", "j", "i")
            assert app.saver.flush(5)  # saved while git is stuck
            await pilot.pause()
            assert "sync failed" not in top_bar(app)  # the sync is simply still running
    finally:
        if mark.exists():
            os.killpg(int(mark.read_text()), signal.SIGKILL)
    statuses = ProgressStore(progress_path(data_dir, "backend"), "backend").load().statuses()
    assert statuses[FIRST_TOPIC] is Status.DONE
    assert Status.IN_PROGRESS in statuses.values()


async def test_the_team_screen_shows_every_member(tmp_path: Path, data_dir: Path) -> None:
    bare = remote(tmp_path)
    for name, topic in (("ada", "os-basics"), ("grace", "cs-basics")):
        machine = tmp_path / name
        ProgressStore(progress_path(machine, "backend"), "backend").set_status([topic], Status.DONE)
        sync.init(machine, bare.as_uri(), name)
    sync.init(data_dir, bare.as_uri(), "sam")
    app = make_app(data_dir, watch_interval=0.1)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("t")
        assert isinstance(app.screen, TeamScreen)
        body = app.screen.query_one("#team-body", Static)
        await wait_for(pilot, lambda: "grace" in text_of(body), what="the team")
        text = text_of(body)
        assert "ada" in text and "1/69" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, TeamScreen)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Team" in titles  # also in the command palette


async def test_without_sync_the_team_screen_says_how_to_set_it_up(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0.1)
    async with app.run_test(size=(100, 30)) as pilot:
        assert "sync" not in top_bar(app)
        await pilot.press("t")
        body = app.screen.query_one("#team-body", Static)
        await wait_for(pilot, lambda: "sync init" in text_of(body), what="the hint")


async def test_background_sync_never_writes_through_a_pushed_symlink(
    tmp_path: Path, data_dir: Path
) -> None:
    """Another member replaces your member file with a link to your ~/.bashrc: the app's
    background sync replaces the link, says so, and your .bashrc is untouched."""
    bare = remote(tmp_path)
    ProgressStore(progress_path(data_dir, "backend"), "backend").set_status(
        ["os-basics"], Status.DONE
    )
    sync.init(data_dir, bare.as_uri(), "sam")
    bashrc = tmp_path / "bashrc"
    bashrc.write_text("alias ll='ls -l'\n")
    attacker = tmp_path / "attacker"
    subprocess.run(
        [GIT or "git", "clone", "-q", "-b", "main", bare.as_uri(), str(attacker)], check=True
    )
    mine = attacker / "members" / "sam" / "backend.toml"
    mine.unlink()
    mine.symlink_to(bashrc)
    for args in (("add", "-A"), ("commit", "-qm", "prank"), ("push", "-q", "origin", "HEAD:main")):
        subprocess.run([GIT or "git", *args], cwd=attacker, check=True)
    app = make_app(data_dir, watch_interval=0.1)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: "synced just now" in top_bar(app), what="the first sync")
        await wait_for(
            pilot,
            lambda: any("symbolic link" in n.message for n in app._notifications),
            what="the notice",
        )
        await pilot.press("space")
        await wait_for(pilot, lambda: FIRST_TOPIC in on_remote(bare), what="the tick on the remote")
    assert bashrc.read_text() == "alias ll='ls -l'\n"
    listing = subprocess.run(
        [GIT or "git", "--git-dir", str(bare), "ls-tree", "main", "members/sam/backend.toml"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert listing.startswith("100644 ")


async def test_y_syncs_now_where_sync_is_set_up(tmp_path: Path, data_dir: Path) -> None:
    """`y` (and "Sync now" in the palette) asks for a sync at once (#26)."""
    sync.init(data_dir, remote(tmp_path).as_uri(), "sam")
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: "synced" in top_bar(app), what="the first sync")
        auto = app.sync_link.auto
        assert auto is not None
        asked: list[float | None] = []
        request = auto.request

        def recorded(delay: float | None = None) -> None:
            asked.append(delay)
            request(delay)

        auto.request = recorded  # type: ignore[method-assign]
        await pilot.press("y")
        assert asked == [0]
        await wait_for(pilot, lambda: "synced" in top_bar(app), what="synced again")
