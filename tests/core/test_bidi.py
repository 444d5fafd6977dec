"""Bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C) never reach a
terminal raw: a title could otherwise reverse the rest of its line on screen, the status
column included. Text outputs show each as its code point (`<U+202E>`), like other
control characters; JSON keeps the text faithful but escaped (docs/usage.md, "Control
characters are shown, never obeyed")."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.samples import run_cli

from roadmap_tui.base.text import visible

BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
RAW = re.compile(f"[{BIDI}]")

ROADMAP = """\
format = 1
id = "bidi"
title = "Road \\u202eevil\\u202c map"

[[levels]]
id = "one"
title = "Level \\u2067one\\u2069"
goal = "goal \\u202d"
tip = "tip \\u200f"

[[levels.items]]
id = "alpha"
title = "Alpha \\u202eyrtne\\u202c \\u200fx\\u061c"
details = "d \\u202ed"
description = "about \\u2066it\\u2069"

[[levels.items]]
id = "beta"
title = "Beta \\u202b"
"""


@pytest.fixture
def roadmap(data_dir: Path, tmp_path: Path) -> Path:
    path = tmp_path / "bidi.toml"
    path.write_text(ROADMAP, encoding="utf-8")
    (data_dir / "roadmaps").mkdir(parents=True)
    shutil.copy(path, data_dir / "roadmaps" / "bidi.toml")  # for `list`
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["topics"],
        ["status"],
        ["status", "--short"],
        ["status", "--format", "{roadmap} {level_title}"],
        ["mark", "alpha", "done"],
        ["export", "--format", "md"],
        ["export", "--format", "html"],
        ["export", "--format", "svg"],
        ["list"],
    ],
)
def test_text_outputs_show_bidi_controls_as_code_points(
    capsys: pytest.CaptureFixture[str], roadmap: Path, argv: list[str]
) -> None:
    code, out, err = run_cli(capsys, *argv, "--roadmap", str(roadmap))
    assert (code, err) == (0, "")
    assert not RAW.findall(out), [hex(ord(c)) for c in RAW.findall(out)]
    if argv[0] != "mark":  # mark names the topic as Python's repr does: \u202e
        assert "U+202E" in out or "u202e" in out


@pytest.mark.parametrize("argv", [["status", "--json"], ["export", "--format", "json"]])
def test_json_keeps_them_faithful_but_escaped(
    capsys: pytest.CaptureFixture[str], roadmap: Path, argv: list[str]
) -> None:
    code, out, err = run_cli(capsys, *argv, "--roadmap", str(roadmap))
    assert (code, err) == (0, "")
    assert not RAW.findall(out)
    assert "\\u202e" in out
    assert json.loads(out)["roadmap"]["title"] == "Road \u202eevil\u202c map"


@given(st.text(alphabet=BIDI + "ab\u05d0", max_size=20))
def test_visible_leaves_no_bidi_control(text: str) -> None:
    shown = visible(text)
    assert not RAW.findall(shown)
    assert shown.count("<U+") == len(RAW.findall(text))
