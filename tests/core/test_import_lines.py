"""Each line read as a person reads it (#25): `<br>` is a line break, a bold lead with
its text below is a title and details, `**X** - y` and `**X**: y` split like `X → y`,
autolinks and bare addresses are links, a box in a heading is no text, front matter's
title names the roadmap. Roadmaps imported before keep their ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_tui.importing.reader import Imported, build_import, read_checklist
from roadmap_tui.roadmap.load import load_roadmap
from roadmap_tui.roadmap.model import Roadmap


def _build(text: str, previous: Roadmap | None = None) -> Imported:
    return build_import(read_checklist(text, Path("x.md")), "x", where=Path("x"), previous=previous)


def _one(line: str) -> tuple[str, str, list[tuple[str, str]]]:
    (item,) = [item for _, item in _build(f"# P\n\n## A\n\n{line}\n").roadmap.walk()]
    return item.title, item.details, [(link.title, link.url) for link in item.links]


@pytest.mark.parametrize(
    ("line", "title", "details"),
    [
        (
            "- [ ] Read it in 30 days.<br>That means daily",
            "Read it in 30 days. That means daily",
            "",
        ),
        ("- [ ] One<br/>two", "One two", ""),
        (
            "- [ ] **Review 4 PRs.**\n  Look at each one and leave comments on the design.",
            "Review 4 PRs",
            "Look at each one and leave comments on the design",
        ),
        ("- [ ] **Spelling** - check every page", "Spelling", "check every page"),
        ("- [ ] **Grammar**: check it too", "Grammar", "check it too"),
        ("- [ ] Style — one voice", "Style", "one voice"),
        ("- [ ] **Step 2 - Setup**", "Step 2 - Setup", ""),  # inside the bold: one title
        ("- [ ] Step 2 - Setup", "Step 2 - Setup", ""),  # without a bold lead: whole
    ],
)
def test_lines_split_as_a_reader_reads_them(line: str, title: str, details: str) -> None:
    assert _one(line)[:2] == (title, details)


def test_autolinks_and_bare_addresses_are_links_not_title() -> None:
    url = "https://doc.rust-lang.org/rust-by-example/"
    assert _one(f"- [ ] Rust by Example {url}") == (
        "Rust by Example",
        "",
        [("Rust by Example", url)],
    )
    assert _one(f"- [ ] The book <{url}>.") == ("The book", "", [("The book", url)])
    assert _one(f"- [ ] [Rust]({url}) and {url}") == ("Rust and", "", [("Rust", url)])
    code = "- [ ] `https://example.org/` in code stays"
    assert _one(code)[0] == "https://example.org/ in code stays"


def test_a_box_in_a_heading_is_not_its_title() -> None:
    roadmap = _build("# P\n\n#### [ ] Learning Theory\n\n- [ ] Read\n").roadmap
    assert [level.title for level in roadmap.levels] == ["Learning Theory"]


@pytest.mark.parametrize(
    ("front", "title"),
    [
        ('title: "My Study Plan"\nname: other', "My Study Plan"),
        ("name: 'Backend in a year'", "Backend in a year"),
        ("tags: [a, b]", "x"),
    ],
)
def test_front_matter_title_names_the_roadmap(front: str, title: str) -> None:
    found = read_checklist(f"---\n{front}\n---\n\n- [ ] Read\n", Path("x.md"))
    assert found.title == title
    # A `#` title still wins: the roadmaps imported before keep their names and ids.
    found = read_checklist(f"---\n{front}\n---\n\n# Heading\n\n- [ ] Read\n", Path("x.md"))
    assert found.title == "Heading"


# What the importer before #25 made of such lines: the titles below.
EARLIER = """format = 1
id = "x"
title = "P"

[[levels]]
id = "learning-theory"
title = "[ ] Learning Theory"

[[levels.items]]
id = "read-it-in-30-days-that-means-daily"
title = "Read it in 30 days.That means daily"

[[levels.items]]
id = "review-4-prs-look-at-each-one-and-b4c0d8"
title = "Review 4 PRs. Look at each one and leave comments on the design"

[[levels.items]]
id = "spelling-check-every-page"
title = "Spelling - check every page"

[[levels.items]]
id = "rust-by-example-https-doc-rust-lang-org-0cfe1e"
title = "Rust by Example https://doc.rust-lang.org/rust-by-example/"
"""


def test_topics_imported_before_these_fixes_keep_their_ids(tmp_path: Path) -> None:
    earlier = tmp_path / "x.toml"
    earlier.write_text(EARLIER, encoding="utf-8")
    text = (
        "# P\n\n#### [ ] Learning Theory\n\n- [ ] Read it in 30 days.<br>That means daily\n"
        "- [ ] **Review 4 PRs.**\n  Look at each one and leave comments on the design.\n"
        "- [ ] **Spelling** - check every page\n"
        "- [ ] Rust by Example https://doc.rust-lang.org/rust-by-example/\n"
    )
    updated = _build(text, load_roadmap(earlier))
    assert [level.id for level in updated.roadmap.levels] == ["learning-theory"]
    ids = [item.id for _, item in updated.roadmap.walk()]
    assert ids == [
        "read-it-in-30-days-that-means-daily",
        "review-4-prs-look-at-each-one-and-b4c0d8",
        "spelling-check-every-page",
        "rust-by-example-https-doc-rust-lang-org-0cfe1e",
    ]
    assert updated.followed is not None and not updated.followed.removed
