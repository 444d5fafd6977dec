"""Merging one member's remote folder with local progress (`sync/merge.py`), on a folder
made here: no git, no processes, so every rule is pinned in milliseconds. (The whole
sync against a real remote: tests/e2e/test_sync.py and test_sync_hostile.py.)"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.codec import encode
from roadmap_tui.progress.entries import Entry, Plan, ProgressData
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.model import Status
from roadmap_tui.sync.merge import SyncReport, merge_member

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
EARLIER = NOW - timedelta(days=3)


def now() -> datetime:
    return NOW


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "repo" / "members" / "sam").mkdir(parents=True)
    return tmp_path / "repo"


def store(data: Path, roadmap_id: str = "backend") -> ProgressStore:
    return ProgressStore(progress_path(data, roadmap_id), roadmap_id, clock=now)


def remote(repo: Path, entries: dict[str, Entry], roadmap_id: str = "backend") -> Path:
    path = repo / "members" / "sam" / "backend.toml"
    path.write_text(encode(ProgressData(roadmap_id, entries)))
    return path


def merge(data: Path, repo: Path) -> SyncReport:
    report = SyncReport("sam", "file:///remote")
    merge_member(data, repo, "sam", report, now)
    return report


def test_both_ways_newest_change_wins(data_dir: Path, repo: Path) -> None:
    store(data_dir).save({"cs-basics": Entry(Status.DONE, EARLIER)})
    path = remote(repo, {"os-basics": Entry(Status.IN_PROGRESS, EARLIER)})
    report = merge(data_dir, repo)
    assert report.received == 1 and report.roadmaps == ["backend"]
    local = store(data_dir).load().statuses()
    assert local["cs-basics"] is Status.DONE and local["os-basics"] is Status.IN_PROGRESS
    written = path.read_text()
    assert "[items.cs-basics]" in written and "[items.os-basics]" in written
    assert report.notices == []


def test_a_remote_copy_that_is_older_changes_nothing_here(data_dir: Path, repo: Path) -> None:
    store(data_dir).save({"cs-basics": Entry(Status.DONE, NOW)})
    remote(repo, {"cs-basics": Entry(Status.TODO, EARLIER)})
    assert merge(data_dir, repo).received == 0
    assert store(data_dir).load().entry("cs-basics").status is Status.DONE


def test_a_time_in_the_future_is_merged_as_now(data_dir: Path, repo: Path) -> None:
    store(data_dir).save({"cs-basics": Entry(Status.DONE, EARLIER)})
    remote(repo, {"cs-basics": Entry(Status.TODO, datetime(9999, 1, 1, tzinfo=UTC))})
    merge(data_dir, repo)
    entry = store(data_dir).load().entry("cs-basics")
    assert entry.status is Status.TODO and entry.changed == NOW


def test_another_roadmaps_file_is_refused_and_replaced_by_ours(data_dir: Path, repo: Path) -> None:
    store(data_dir).save({"cs-basics": Entry(Status.DONE, EARLIER)})
    path = remote(repo, {"cs-basics": Entry(Status.TODO, NOW)}, roadmap_id="frontend")
    report = merge(data_dir, repo)
    assert store(data_dir).load().entry("cs-basics").status is Status.DONE
    assert len(report.notices) == 1 and "another roadmap" in report.notices[0]
    assert 'roadmap = "backend"' in path.read_text()


def test_a_symlinked_member_file_is_replaced_and_its_target_untouched(
    data_dir: Path, repo: Path, tmp_path: Path
) -> None:
    target = tmp_path / "bashrc"
    target.write_text("alias ll='ls -l'\n")
    store(data_dir).save({"cs-basics": Entry(Status.DONE, EARLIER)})
    path = repo / "members" / "sam" / "backend.toml"
    path.symlink_to(target)
    report = merge(data_dir, repo)
    assert target.read_text() == "alias ll='ls -l'\n"
    assert path.is_file() and not path.is_symlink()
    assert len(report.notices) == 1 and "symbolic link" in report.notices[0]


def test_remote_only_roadmaps_are_taken_in_up_to_the_limit(
    data_dir: Path, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("roadmap_tui.sync.merge.MAX_MEMBER_ROADMAPS", 3)
    store(data_dir).save({"cs-basics": Entry(Status.DONE, EARLIER)})
    for n in range(5):
        (repo / "members" / "sam" / f"extra-{n}.toml").write_text(
            encode(ProgressData(f"extra-{n}", {"a": Entry(Status.DONE, EARLIER)}))
        )
    report = merge(data_dir, repo)
    assert report.roadmaps == ["backend", "extra-0", "extra-1"]
    assert any("3 of them were left out" in n for n in report.notices)
    local = sorted(p.stem for p in progress_path(data_dir, "x").parent.glob("*.toml"))
    assert local == ["backend", "extra-0", "extra-1"]


def test_a_merge_that_would_make_local_progress_unreadable_is_refused(
    data_dir: Path, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within the member-file limits, but too much beside what is here: nothing is
    merged, the local file stays readable, and ours replaces the remote copy."""
    store(data_dir).save({"cs-basics": Entry(Status.DONE, EARLIER)})
    size = progress_path(data_dir, "backend").stat().st_size
    monkeypatch.setattr("roadmap_tui.progress.store.MAX_FILE_BYTES", size + 500)
    path = remote(repo, {f"junk-{n}": Entry(Status.DONE, EARLIER) for n in range(100)})
    report = merge(data_dir, repo)
    assert any("was not merged" in n and "larger than" in n for n in report.notices)
    assert set(store(data_dir).load().entries) == {"cs-basics"}
    assert "junk-1" not in path.read_text() and "[items.cs-basics]" in path.read_text()
    assert report.received == 0


def test_a_plan_syncs_both_ways_the_newest_winning(data_dir: Path, repo: Path) -> None:
    """A plan set on one machine reaches the other, and a newer clear wins over it."""
    path = repo / "members" / "sam" / "backend.toml"
    set_there = Plan(date(2027, 3, 1), None, EARLIER.date(), 2, EARLIER)
    path.write_text(encode(ProgressData("backend", {}, plan=set_there)))
    merge(data_dir, repo)
    assert store(data_dir).load().plan == set_there
    # Cleared here later: the clear goes to the remote and stays the answer.
    store(data_dir).save_plan(Plan(since=NOW.date(), changed=NOW))
    merge(data_dir, repo)
    assert "[plan]" in path.read_text() and "by =" not in path.read_text()
    cleared = store(data_dir).load().plan
    assert cleared is not None and not cleared.active


def test_a_plan_from_the_future_does_not_win_every_merge(data_dir: Path, repo: Path) -> None:
    path = repo / "members" / "sam" / "backend.toml"
    future = Plan(None, 5.0, EARLIER.date(), 0, datetime(9999, 1, 1, tzinfo=UTC))
    path.write_text(encode(ProgressData("backend", {}, plan=future)))
    merge(data_dir, repo)
    assert store(data_dir).load().plan == Plan(None, 5.0, EARLIER.date(), 0, NOW)
