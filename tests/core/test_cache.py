"""The validated-roadmap cache is never trusted: whatever is in an entry's place (cut
short, damaged, wrong types, a pipe, a device, a folder, unreadable, a link to a file of
the user's), every command answers as if there were no cache, and the entry is rebuilt
without writing through anything (docs/data-safety.md, "The cache")."""

from __future__ import annotations

import errno
import marshal
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support.hostile_fs import make_special
from support.samples import run_cli

from roadmap_tui.base.locate import cache_entry, seal_cache
from roadmap_tui.base.paths import cache_dir
from roadmap_tui.roadmap.cache import (
    CacheError,
    cache_bytes,
    roadmap_from_cache,
    roadmap_from_cache_bytes,
    roadmap_to_cache,
)
from roadmap_tui.roadmap.load import bundled_roadmap_path, load_bundled


def entry() -> Path:
    """Where the bundled roadmap's cache entry is."""
    return cache_dir() / "roadmaps" / cache_entry(bundled_roadmap_path().read_bytes())


def topics(capsys: pytest.CaptureFixture[str]) -> str:
    code, out, err = run_cli(capsys, "topics")
    assert (code, err) == (0, "")
    return out


@pytest.fixture
def expected(capsys: pytest.CaptureFixture[str]) -> str:
    """`topics` as it reads with a sound cache (which this leaves in place)."""
    out = topics(capsys)
    assert entry().is_file()
    return out


def assert_rebuilt() -> None:
    """The entry is a regular file again, and a whole one of ours."""
    path = entry()
    assert not path.is_symlink() and path.is_file()
    assert roadmap_from_cache_bytes(path.read_bytes()) == load_bundled()


def test_an_entry_cut_short_is_rebuilt(capsys: pytest.CaptureFixture[str], expected: str) -> None:
    path = entry()
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert topics(capsys) == expected
    assert_rebuilt()


def test_a_damaged_byte_is_noticed_before_anything_is_decoded(
    capsys: pytest.CaptureFixture[str], expected: str
) -> None:
    path = entry()
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x20  # a title's letter, say: marshal would still decode it
    path.write_bytes(bytes(raw))
    with pytest.raises(CacheError):
        roadmap_from_cache_bytes(bytes(raw))
    assert topics(capsys) == expected
    assert_rebuilt()


def sealed(mutate: Any) -> bytes:
    """The bundled roadmap's entry, changed by ``mutate(data)`` and sealed again, as
    someone (or something) other than roadmap-tui could write it."""
    data = roadmap_to_cache(load_bundled())
    mutate(data)
    return seal_cache(marshal.dumps(data))


def _title_a_number(data: dict[str, Any]) -> None:
    data["title"] = 7


def _levels_a_string(data: dict[str, Any]) -> None:
    data["levels"] = "levels"


def _no_leaves(data: dict[str, Any]) -> None:
    del data["levels"][0]["leaves"]


def _negative_size(data: dict[str, Any]) -> None:
    data["levels"][0]["sizes"] = [-1]


def _pick_true(data: dict[str, Any]) -> None:
    data["levels"][0]["pick"] = True


@pytest.mark.parametrize(
    "mutate", [_title_a_number, _levels_a_string, _no_leaves, _negative_size, _pick_true]
)
def test_wrong_types_inside_are_rebuilt(
    capsys: pytest.CaptureFixture[str], expected: str, mutate: Any
) -> None:
    raw = sealed(mutate)
    with pytest.raises(CacheError):
        roadmap_from_cache_bytes(raw)
    entry().write_bytes(raw)
    assert topics(capsys) == expected
    assert_rebuilt()


@pytest.mark.parametrize(
    "blob",
    [
        marshal.dumps([{"id": "x", "title": 1}]),  # a wrong type, found when first used
        marshal.dumps([{"id": "x", "title": "t", "links": [{"url": 3}]}]),
        marshal.dumps([{"id": "x"}]),  # a missing key
        marshal.dumps({"not": "a list"}),
        marshal.dumps([{"id": "x", "title": "t"}] * 3)[:-5],  # cut short
    ],
    ids=["wrong-type", "bad-link", "missing-key", "not-a-list", "cut-short"],
)
def test_a_level_found_damaged_when_first_used_comes_from_the_file(
    capsys: pytest.CaptureFixture[str], expected: str, blob: bytes
) -> None:
    def damage(data: dict[str, Any]) -> None:
        for level in data["levels"]:
            level["items"] = blob

    with pytest.raises(CacheError):  # without a way back to the file: one clear error
        roadmap_from_cache(_unsealed(sealed(damage))).levels[0].items  # noqa: B018
    entry().write_bytes(sealed(damage))
    assert topics(capsys) == expected
    code, out, err = run_cli(capsys, "export", "--format", "md")
    assert (code, err) == (0, "")
    assert load_bundled().levels[0].items[0].title in out
    assert_rebuilt()  # and the entry was mended on the way


def _unsealed(raw: bytes) -> dict[str, Any]:
    from roadmap_tui.base.locate import unseal_cache

    payload = unseal_cache(raw)
    assert payload is not None
    data: dict[str, Any] = marshal.loads(payload)
    return data


def test_a_pipe_in_its_place_never_hangs_any_route(
    capsys: pytest.CaptureFixture[str], expected: str, tmp_path: Path
) -> None:
    path = entry()
    path.unlink()
    with make_special("fifo", path):
        for argv in (["status", "--short"], ["status"], ["topics"]):
            done = subprocess.run(
                [sys.executable, "-m", "roadmap_tui", *argv],
                capture_output=True,
                text=True,
                timeout=60,  # a hang is a failure, not a slow pass
                check=False,
            )
            assert (done.returncode, done.stderr) == (0, ""), argv
        assert topics(capsys) == expected
    assert_rebuilt()  # the pipe was replaced by the entry


@pytest.mark.parametrize("kind", ["device", "socket"])
def test_a_device_or_socket_in_its_place_is_replaced(
    capsys: pytest.CaptureFixture[str], expected: str, kind: str
) -> None:
    path = entry()
    path.unlink()
    with make_special(kind, path):  # device: a link to /dev/zero, endless bytes
        assert topics(capsys) == expected
        assert_rebuilt()


def test_a_folder_in_its_place_is_left_alone(
    capsys: pytest.CaptureFixture[str], expected: str
) -> None:
    path = entry()
    path.unlink()
    path.mkdir()
    (path / "a file of someone's").write_text("kept", encoding="utf-8")
    assert topics(capsys) == expected
    assert topics(capsys) == expected
    assert (path / "a file of someone's").read_text(encoding="utf-8") == "kept"


def test_a_link_to_a_file_of_the_users_is_never_written_through(
    capsys: pytest.CaptureFixture[str], expected: str, tmp_path: Path
) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("not a cache", encoding="utf-8")
    path = entry()
    path.unlink()
    path.symlink_to(precious)
    assert topics(capsys) == expected
    assert precious.read_text(encoding="utf-8") == "not a cache"
    assert_rebuilt()


def test_an_unreadable_entry_is_rebuilt(
    capsys: pytest.CaptureFixture[str], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open
    path = str(entry())

    def no_entry(name: Any, *args: Any, **kwargs: Any) -> int:
        if os.fspath(name) == path and not args[0] & os.O_WRONLY:
            raise PermissionError(errno.EACCES, "Permission denied", name)
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_entry)
    assert topics(capsys) == expected


def test_a_sound_entry_round_trips() -> None:
    roadmap = load_bundled()
    assert roadmap_from_cache_bytes(cache_bytes(roadmap)) == roadmap


def test_an_imported_levels_headings_survive_the_file_and_the_cache(tmp_path: Path) -> None:
    """`Level.path` (the headings above an imported level) is not part of a level's
    equality, so the round trips check it by name: the roadmap file and the cache keep
    it, and a level without one writes none."""
    from roadmap_tui.importing.reader import build_import, read_checklist
    from roadmap_tui.roadmap.load import load_roadmap, roadmap_toml

    text = "# Plan\n\n## Week 1\n### Goals\n- [ ] Read\n## Week 2\n### Goals\n- [ ] Write\n"
    roadmap = build_import(read_checklist(text, Path("p.md")), "p", where=Path("p")).roadmap
    assert [lv.path for lv in roadmap.levels] == [("Week 1",), ("Week 2",)]
    saved = tmp_path / "p.toml"
    saved.write_text(roadmap_toml(roadmap), encoding="utf-8")
    assert (
        'path = [\n    "Week 1",\n]' in saved.read_text()
        or 'path = ["Week 1"]' in saved.read_text()
    )
    again = load_roadmap(saved)
    assert [lv.path for lv in again.levels] == [("Week 1",), ("Week 2",)]
    cached = roadmap_from_cache_bytes(cache_bytes(again))
    assert [lv.path for lv in cached.levels] == [("Week 1",), ("Week 2",)]
    assert "\npath = " not in roadmap_toml(load_bundled())
