"""Files inside the sync clone are read and written without following anything: every
kind of entry another member could push (or a local process could leave), made for real."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.hostile_fs import SPECIAL_KINDS, make_special

from roadmap_tui.progress.entries import EPOCH, Entry, clamp_future, not_after
from roadmap_tui.roadmap.model import Status
from roadmap_tui.sync.clone_files import (
    CloneFileError,
    names_ending,
    read_clone_file,
    real_folders,
    write_clone_file,
)

LIMIT = 1024


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "repo" / "members" / "sam").mkdir(parents=True)
    return tmp_path / "repo"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    target = tmp_path / "outside"
    target.mkdir()
    (target / "precious.txt").write_text("keep me\n")
    return target


def test_a_regular_file_is_read_and_a_missing_one_is_none(repo: Path) -> None:
    mine = repo / "members" / "sam" / "backend.toml"
    assert read_clone_file(repo, mine, LIMIT) is None
    mine.write_text("schema = 1\n")
    assert read_clone_file(repo, mine, LIMIT) == b"schema = 1\n"
    assert read_clone_file(repo, repo / "members" / "nobody" / "x.toml", LIMIT) is None


@pytest.mark.parametrize("kind", SPECIAL_KINDS)
def test_anything_but_a_regular_file_is_refused_without_blocking(repo: Path, kind: str) -> None:
    path = repo / "members" / "sam" / "backend.toml"
    with make_special(kind, path), pytest.raises(CloneFileError, match="never follows"):
        read_clone_file(repo, path, LIMIT)


@pytest.mark.parametrize("target", ["precious.txt", "missing", "/dev/zero"])
def test_a_symlink_is_never_read_through(repo: Path, outside: Path, target: str) -> None:
    path = repo / "members" / "sam" / "backend.toml"
    path.symlink_to(target if target.startswith("/") else outside / target)
    with pytest.raises(CloneFileError, match="symbolic link"):
        read_clone_file(repo, path, LIMIT)


def test_a_linked_folder_on_the_way_is_never_read_through(repo: Path, outside: Path) -> None:
    (repo / "members" / "sam").rmdir()
    (repo / "members" / "sam").symlink_to(outside, target_is_directory=True)
    with pytest.raises(CloneFileError, match="members/sam is a symbolic link"):
        read_clone_file(repo, repo / "members" / "sam" / "precious.txt", LIMIT)
    assert names_ending(repo, repo / "members" / "sam", ".txt") == []


def test_more_than_the_limit_is_refused(repo: Path) -> None:
    path = repo / "members" / "sam" / "backend.toml"
    path.write_bytes(b"x" * LIMIT)
    assert read_clone_file(repo, path, LIMIT) == b"x" * LIMIT
    path.write_bytes(b"x" * (LIMIT + 1))
    with pytest.raises(CloneFileError, match="larger than"):
        read_clone_file(repo, path, LIMIT)


@pytest.mark.parametrize("kind", ["link-to-file", "dangling", "link-to-folder", "folder"])
def test_writing_replaces_whatever_stands_there_and_never_writes_through(
    repo: Path, outside: Path, kind: str
) -> None:
    path = repo / "members" / "sam" / "backend.toml"
    if kind == "link-to-file":
        path.symlink_to(outside / "precious.txt")
    elif kind == "dangling":
        path.symlink_to(outside / "created")
    elif kind == "link-to-folder":
        path.symlink_to(outside, target_is_directory=True)
    else:
        (path / "inner").mkdir(parents=True)
    replaced = write_clone_file(repo, path, "ours\n")
    assert replaced == [
        (
            "members/sam/backend.toml",
            "a symbolic link" if "link" in kind or kind == "dangling" else "a folder",
        )
    ]
    assert path.is_file() and not path.is_symlink()
    assert path.read_text() == "ours\n"
    assert sorted(p.name for p in outside.iterdir()) == ["precious.txt"]
    assert (outside / "precious.txt").read_text() == "keep me\n"


def test_writing_makes_every_folder_on_the_way_real(repo: Path, outside: Path) -> None:
    (repo / "members" / "sam").rmdir()
    (repo / "members" / "sam").symlink_to(outside, target_is_directory=True)
    replaced = write_clone_file(repo, repo / "members" / "sam" / "backend.toml", "ours\n")
    assert replaced == [("members/sam", "a symbolic link")]
    assert (repo / "members" / "sam").is_dir() and not (repo / "members" / "sam").is_symlink()
    assert sorted(p.name for p in outside.iterdir()) == ["precious.txt"]


def test_real_folders_names_what_else_is_there(repo: Path, outside: Path) -> None:
    (repo / "members" / "eve").symlink_to(outside, target_is_directory=True)
    (repo / "members" / "stray.txt").write_text("a file")
    names, problems = real_folders(repo, repo / "members")
    assert names == ["sam"]
    assert problems == ["members/eve is a symbolic link, which sync never follows"]
    assert real_folders(repo, repo / "nothing") == ([], [])


AFTER_NOW = st.datetimes(
    min_value=EPOCH.replace(tzinfo=None),
    timezones=st.just(EPOCH.tzinfo),  # type: ignore[arg-type]
)


@settings(max_examples=200, deadline=None)
@given(changed=AFTER_NOW, note=st.none() | AFTER_NOW, now=AFTER_NOW)
def test_no_time_merged_from_elsewhere_is_after_now(changed, note, now) -> None:  # type: ignore[no-untyped-def]
    entry = Entry(Status.DONE, changed, started=changed, finished=changed, note_changed=note)
    got = not_after(entry, now)
    for name in ("changed", "started", "finished", "note_changed"):
        value, was = getattr(got, name), getattr(entry, name)
        assert value is None if was is None else value == min(was, now)
    assert got.status is Status.DONE
    assert clamp_future({"a": entry}, now) == {"a": got}


def test_names_ending_lists_any_kind_for_the_reader_to_judge(repo: Path, outside: Path) -> None:
    folder = repo / "members" / "sam"
    (folder / "backend.toml").write_text("")
    (folder / "frontend.toml").symlink_to(outside / "precious.txt")
    (folder / "notes.txt").write_text("")
    assert names_ending(repo, folder, ".toml") == ["backend", "frontend"]
    os.unlink(folder / "frontend.toml")
    assert names_ending(repo, folder, ".toml") == ["backend"]
