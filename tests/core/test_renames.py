"""Re-importing a checklist whose topics were edited a little (a typo fixed, a word
added, a suffix): each topic keeps its id, so its tick follows; what was followed,
added and removed is named; a pairing can be made or undone by hand (#25)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.samples import one_error_line, run_cli

from roadmap_tui.base.paths import progress_path
from roadmap_tui.importing.reader import Imported, build_import, read_checklist
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.model import Roadmap, Status


def _build(text: str, previous: Roadmap | None = None) -> Imported:
    return build_import(read_checklist(text, Path("x.md")), "x", where=Path("x"), previous=previous)


def _ids(imported: Imported) -> dict[str, str]:
    return {item.title: item.id for _, item in imported.roadmap.walk()}


# The edits upstream maintainers made in the issue (#25), each a line before and after.
REAL_EDITS = [
    ("Resiliance", "Resilience"),
    ("Check spelling/grammar", "Check spelling and grammar"),
    (
        "Can explain CrewAI's agents, tasks and crews",
        "Can explain the CrewAI's agents, tasks and crews",
    ),
    ("Comunicação entre membros da equipe", "Comunicação entre os membros da equipe"),
    ("Data structures → Hash map, arrays", "Data structures → Hashmap, arrays"),
    ("Autodidacticism", "Autodidacticism (teaching yourself)"),
]
OTHERS = "- [ ] Unit testing\n- [ ] Load balancing\n- [ ] Message queues\n"


@pytest.mark.parametrize(("before", "after"), REAL_EDITS)
def test_a_topic_edited_a_little_keeps_its_id(before: str, after: str) -> None:
    first = _build(f"# P\n\n## Skills\n\n{OTHERS}- [ ] {before}\n")
    second = _build(f"# P\n\n## Skills\n\n{OTHERS}- [ ] {after}\n", first.roadmap)
    old = first.roadmap.levels[0].items[-1].id
    assert second.roadmap.levels[0].items[-1].id == old
    assert second.followed is not None
    assert not second.followed.removed and not second.followed.added


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Read chapter 1", "Read chapter 2"),  # another chapter, not a typo
        ("Week 3 review", "Week 4 review"),
        ("Unit testing", "Security testing"),  # another topic that shares a word
        ("Caching", "Tracing"),
    ],
)
def test_a_different_topic_is_never_taken_for_a_rename(before: str, after: str) -> None:
    first = _build(f"# P\n\n## Skills\n\n- [ ] Arrays\n- [ ] {before}\n")
    second = _build(f"# P\n\n## Skills\n\n- [ ] Arrays\n- [ ] {after}\n", first.roadmap)
    assert second.roadmap.levels[0].items[-1].id != first.roadmap.levels[0].items[-1].id
    assert second.followed is not None and not second.followed.renamed


def test_two_equally_good_candidates_leave_an_orphan_not_a_guess() -> None:
    first = _build("# P\n\n## A\n\n- [ ] Learn the basics of SQL\n- [ ] Other\n")
    # Two new topics, each as close to the one removed: neither takes its tick.
    second = _build(
        "# P\n\n## A\n\n- [ ] Other\n- [ ] Learn the basics of SQLite\n"
        "- [ ] Learn the basics of MySQL\n",
        first.roadmap,
    )
    assert "learn-the-basics-of-sql" not in _ids(second).values()


def test_renames_are_paired_best_first_and_never_two_onto_one() -> None:
    first = _build("# P\n\n## A\n\n- [ ] Resiliance patterns\n- [ ] Observabillity\n")
    second = _build(
        "# P\n\n## A\n\n- [ ] Observability\n- [ ] Resilience patterns\n- [ ] Resilience\n",
        first.roadmap,
    )
    ids = _ids(second)
    assert ids["Observability"] == "observabillity"
    assert ids["Resilience patterns"] == "resiliance-patterns"
    assert ids["Resilience"] == "resilience"  # new: nothing left to pair it with


def _plan(tmp_path: Path, text: str) -> Path:
    source = tmp_path / "plan.md"
    source.write_text(text, encoding="utf-8")
    return source


def test_the_summary_names_what_was_followed_added_and_removed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    source = _plan(tmp_path, "# Plan\n\n- [ ] Resiliance\n- [x] Arrays\n- [ ] Gone\n")
    assert run_cli(capsys, "import", str(source))[0] == 0
    assert run_cli(capsys, "--roadmap", "plan", "mark", "resiliance", "done")[0] == 0
    assert run_cli(capsys, "--roadmap", "plan", "mark", "gone", "skipped")[0] == 0
    source.write_text("# Plan\n\n- [ ] Resilience\n- [x] Arrays\n- [ ] Brand new\n", "utf-8")
    code, out, err = run_cli(capsys, "import", str(source))
    assert code == 0, err
    assert "1 topic kept, 1 followed after a change, 1 added, 1 removed" in out
    assert "followed: 'Resiliance' → 'Resilience' (resiliance; undo: --detach resiliance)" in out
    assert "added: 'Brand new' (brand-new)" in out
    assert "removed: 'Gone' (gone; to put its progress on a topic: --attach gone=ID)" in out
    # The summary counts what `status` counts: your ticks, not only the file's.
    assert "3 topics (done 2/3 · 66%)" in out
    code, status, _ = run_cli(capsys, "--roadmap", "plan", "status", "--json")
    assert json.loads(status)["overall"]["done"] == 2
    saved = ProgressStore(progress_path(data_dir, "plan"), "plan").load().statuses()
    assert saved["resiliance"] is Status.DONE


def test_a_long_list_of_changes_ends_with_and_n_more(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    source = _plan(tmp_path, "# Plan\n\n" + "".join(f"- [ ] Old {w}\n" for w in "abcdefghijkl"))
    assert run_cli(capsys, "import", str(source))[0] == 0
    source.write_text("# Plan\n\n" + "".join(f"- [ ] New {w}\n" for w in "mnopqrstuvwx"), "utf-8")
    code, out, _ = run_cli(capsys, "import", str(source))
    assert code == 0
    assert "0 topics kept, 12 added, 12 removed" in out
    assert "  … and 14 more" in out


def test_attach_puts_an_orphans_progress_on_a_topic_and_detach_undoes_a_pairing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    source = _plan(tmp_path, "# Plan\n\n- [ ] Recursion\n- [ ] Resiliance\n- [ ] Arrays\n")
    assert run_cli(capsys, "import", str(source))[0] == 0
    for key in ("recursion", "resiliance"):
        assert run_cli(capsys, "--roadmap", "plan", "mark", key, "done")[0] == 0
    # Upstream renamed "Recursion" beyond recognition and fixed a typo.
    source.write_text(
        "# Plan\n\n- [ ] Functions calling themselves\n- [ ] Resilience\n- [ ] Arrays\n", "utf-8"
    )
    code, out, _ = run_cli(capsys, "import", str(source))
    assert code == 0 and "removed: 'Recursion' (recursion;" in out

    def done() -> set[str]:
        store = ProgressStore(progress_path(data_dir, "plan"), "plan")
        roadmap_ids = {i.id: i.title for _, i in _load(data_dir).walk()}
        return {
            roadmap_ids[k]
            for k, s in store.load().statuses().items()
            if s is Status.DONE and k in roadmap_ids
        }

    assert done() == {"Resilience"}
    code, out, err = run_cli(
        capsys, "import", str(source), "--attach", "recursion=functions-calling-themselves"
    )
    assert code == 0, err
    assert (
        "attached: 'Functions calling themselves' (recursion, was functions-calling-themselves)"
        in out
    )
    assert done() == {"Resilience", "Functions calling themselves"}
    # The attachment lasts: the next import keeps it without being told again.
    assert run_cli(capsys, "import", str(source))[0] == 0
    assert done() == {"Resilience", "Functions calling themselves"}
    # A wrong pairing undone: "Resilience" starts afresh, the tick stays as an orphan.
    code, out, err = run_cli(capsys, "import", str(source), "--detach", "resiliance")
    assert code == 0, err
    assert "removed: 'Resilience' (resiliance;" in out and "added: 'Resilience' (resilience)" in out
    assert done() == {"Functions calling themselves"}
    assert run_cli(capsys, "import", str(source))[0] == 0  # and stays undone
    assert done() == {"Functions calling themselves"}


def _load(data_dir: Path) -> Roadmap:
    from roadmap_tui.roadmap.load import load_roadmap

    return load_roadmap(data_dir / "roadmaps" / "plan.toml")


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--attach", "gone"], "OLD=NEW"),
        (["--attach", "nothing=arrays"], "no progress is saved under the id 'nothing'"),
        (["--attach", "gone=nope"], "no topic with the id 'nope'"),
        (["--attach", "arrays=arrays"], "'arrays' is the id of a topic"),
        (["--detach", "nope"], "no topic with this id"),
    ],
)
def test_a_wrong_attach_or_detach_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path, argv: list[str], says: str
) -> None:
    source = _plan(tmp_path, "# Plan\n\n- [ ] Gone\n- [ ] Arrays\n")
    assert run_cli(capsys, "import", str(source))[0] == 0
    assert run_cli(capsys, "--roadmap", "plan", "mark", "gone", "done")[0] == 0
    source.write_text("# Plan\n\n- [ ] Arrays\n", "utf-8")
    before = (data_dir / "roadmaps" / "plan.toml").read_bytes()
    code, _, err = run_cli(capsys, "import", str(source), *argv)
    assert code == 2
    assert says in one_error_line(err)
    assert (data_dir / "roadmaps" / "plan.toml").read_bytes() == before


def test_attach_on_a_first_import_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    source = _plan(tmp_path, "# Plan\n\n- [ ] Arrays\n")
    for option in (["--detach", "arrays"], ["--attach", "old=arrays"]):
        code, _, err = run_cli(capsys, "import", str(source), *option)
        assert code == 2
        assert "correct an update" in one_error_line(err)
    assert not (data_dir / "roadmaps" / "plan.toml").exists()
