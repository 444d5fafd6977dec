"""Conflict copies that Syncthing and Dropbox leave beside a progress file: merged in
when the file is read or saved, and moved aside; never lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from support.samples import entries_at as entries
from support.samples import store_at as store
from support.samples import tick_at as tick

from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.codec import encode
from roadmap_tui.progress.entries import Entry, ProgressData
from roadmap_tui.roadmap.model import Status

ROADMAP = "backend"
T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def _conflict_copy(folder: Path, name: str, data: dict[str, Entry]) -> Path:
    path = folder / name
    path.write_text(encode(ProgressData(ROADMAP, data)))
    return path


def test_conflict_copies_are_merged_in_and_moved_aside(tmp_path: Path) -> None:
    data = tmp_path / "data"
    tick(data, "internet", Status.DONE, T0)
    folder = progress_path(data, ROADMAP).parent
    later = T0 + timedelta(hours=1)
    copies = [
        _conflict_copy(
            folder,
            "backend.sync-conflict-20261126-101010-ABCDEF7.toml",
            {"internet": Entry().with_status(Status.TODO, later)},
        ),
        _conflict_copy(
            folder,
            "backend (Sam's conflicted copy 2026-11-26).toml",
            {"dns": Entry().with_note("from the laptop", later)},
        ),
    ]
    s = store(data)
    got = s.load()
    assert got.entries["internet"].status is Status.TODO
    assert got.entries["dns"].note == "from the laptop"
    assert not any(copy.exists() for copy in copies)
    assert {p.name for p in (folder / "backups").iterdir()} >= {c.name for c in copies}
    assert len([n for n in s.notices if "merged in" in n]) == 2
    # And it was saved: a fresh reader sees the merged progress without the copies.
    assert entries(data)["internet"].status is Status.TODO


def test_conflict_copies_beside_a_symlinked_data_folder_and_file(tmp_path: Path) -> None:
    synced = tmp_path / "Sync" / "roadmap-tui"
    (synced / "progress").mkdir(parents=True)
    data = tmp_path / "data"
    data.symlink_to(synced, target_is_directory=True)
    tick(data, "internet", Status.DONE, T0)
    _conflict_copy(
        synced / "progress",
        "backend.sync-conflict-20261126-101010-ABCDEF7.toml",
        {"git": Entry().with_status(Status.DONE, T0)},
    )
    assert entries(data)["git"].status is Status.DONE
    # A progress file that is itself a link: its copies sit beside the file it links to.
    elsewhere = tmp_path / "Dropbox"
    elsewhere.mkdir()
    real = elsewhere / "backend.toml"
    real.write_text(encode(ProgressData(ROADMAP, {"dns": Entry().with_status(Status.DONE, T0)})))
    other = tmp_path / "other"
    progress_path(other, ROADMAP).parent.mkdir(parents=True)
    progress_path(other, ROADMAP).symlink_to(real)
    _conflict_copy(
        elsewhere,
        "backend (conflicted copy 2026-11-26).toml",
        {"http": Entry().with_status(Status.DONE, T0)},
    )
    got = entries(other)
    assert got["http"].status is Status.DONE and got["dns"].status is Status.DONE
    assert not (elsewhere / "backend (conflicted copy 2026-11-26).toml").exists()


def test_unusable_conflict_copies_are_never_lost(tmp_path: Path) -> None:
    data = tmp_path / "data"
    tick(data, "internet", Status.DONE, T0)
    folder = progress_path(data, ROADMAP).parent
    newer = folder / "backend.sync-conflict-20261126-101010-NEWER77.toml"
    newer.write_text('schema = 5\nroadmap = "backend"\n')
    broken = folder / "backend (conflicted copy 2026-11-26).toml"
    broken.write_text("items = [not toml")
    s = store(data)
    assert s.load().entries["internet"].status is Status.DONE
    assert newer.read_text() == 'schema = 5\nroadmap = "backend"\n'  # left where it is
    assert not broken.exists()
    assert (folder / "backups" / broken.name).read_text() == "items = [not toml"
    assert any("moved unmerged" in n for n in s.notices)
    assert any("newer roadmap-tui" in n for n in s.notices)


def test_other_files_are_not_taken_for_conflict_copies(tmp_path: Path) -> None:
    data = tmp_path / "data"
    tick(data, "internet", Status.DONE, T0)
    folder = progress_path(data, ROADMAP).parent
    others = [folder / "backend-2.toml", folder / "frontend.sync-conflict-1.toml"]
    for path in others:
        path.write_text('schema = 1\n[items.dns]\nstatus = "done"\n')
    assert "dns" not in entries(data)
    assert all(path.exists() for path in others)


def test_a_conflict_copy_of_another_roadmap_is_never_merged(tmp_path: Path) -> None:
    """A copy whose file says it is another roadmap's progress (a renamed file, a
    prank) is moved aside unmerged: it unticks nothing."""
    data = tmp_path / "data"
    tick(data, "internet", Status.DONE, T0)
    folder = progress_path(data, ROADMAP).parent
    copy = folder / "backend.sync-conflict-20261126-101010-ABCDEF7.toml"
    later = T0 + timedelta(hours=1)
    copy.write_text(encode(ProgressData("frontend", {"internet": Entry(Status.TODO, later)})))
    s = store(data)
    assert s.load().entries["internet"].status is Status.DONE
    assert not copy.exists()
    assert any("another roadmap" in n and "moved unmerged" not in n for n in s.notices)
    assert any("moved unmerged" in n for n in s.notices)
    assert entries(data)["internet"].status is Status.DONE


def test_times_in_the_future_in_a_conflict_copy_become_now(tmp_path: Path) -> None:
    """A copy from a machine whose clock is years ahead wins today's merge at most as
    "now": a change made after it still wins."""
    data = tmp_path / "data"
    folder = progress_path(data, ROADMAP).parent
    folder.mkdir(parents=True)
    far = datetime(9999, 12, 31, tzinfo=UTC)
    _conflict_copy(
        folder,
        "backend.sync-conflict-20261126-101010-ABCDEF7.toml",
        {"internet": Entry(Status.TODO, far, note="n", note_changed=far)},
    )
    merged = store(data).load().entries["internet"]
    now = datetime.now(UTC)
    assert merged.changed <= now and merged.note_changed is not None
    assert merged.note_changed <= now
    tick(data, "internet", Status.DONE, now + timedelta(seconds=1))
    assert entries(data)["internet"].status is Status.DONE


def test_a_plan_in_a_conflict_copy_is_merged_the_newest_winning(tmp_path: Path) -> None:
    from datetime import date

    from roadmap_tui.progress.entries import Plan

    data = tmp_path / "data"
    tick(data, "internet", Status.DONE, T0)
    store(data).save_plan(Plan(date(2027, 1, 1), None, T0.date(), 0, T0))
    folder = progress_path(data, ROADMAP).parent
    newer = Plan(None, 4.0, T0.date(), 1, T0 + timedelta(hours=1))
    copy = folder / "backend.sync-conflict-20261126-101010-ABCDEF7.toml"
    copy.write_text(encode(ProgressData(ROADMAP, {}, plan=newer)))
    assert store(data).load().plan == newer
    assert not copy.exists()


def test_conflict_copies_of_the_same_name_moved_aside_never_replace_each_other(
    tmp_path: Path,
) -> None:
    """The same conflict copy's name turns up three times (a sync tool run again on the
    same day): each is kept in the backups under a name of its own."""
    data = tmp_path / "data"
    tick(data, "internet", Status.DONE, T0)
    folder = progress_path(data, ROADMAP).parent
    name = "backend (conflicted copy 2026-11-26).toml"
    for n in range(3):
        _conflict_copy(folder, name, {f"topic-{n}": Entry().with_note(f"copy {n}", T0)})
        store(data).load()
        assert not (folder / name).exists()
    kept = [p.read_text() for p in (folder / "backups").glob("backend (conflicted copy*")]
    assert len(kept) == 3
    assert all(any(f"copy {n}" in text for text in kept) for n in range(3))
    assert {f"topic-{n}" for n in range(3)} <= set(entries(data))
