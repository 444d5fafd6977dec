"""The import's cost is linear in its input: twice the lines, twice the work, however
often a title repeats. Work is counted (Python lines run), never timed."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from itertools import pairwise
from pathlib import Path
from types import FrameType
from typing import Any

from roadmap_tui.cli.import_cmd import IMPORT_LIMIT
from roadmap_tui.importing.reader import build_import, read_checklist


def _work(run: Callable[[], object]) -> int:
    """How many Python lines ``run`` executes (the importer and the Markdown reader)."""
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        return local

    sys.settrace(tracer)
    try:
        run()
    finally:
        sys.settrace(None)
    return count


def _import(text: str) -> None:
    found = read_checklist(text, Path("x.md"))
    build_import(found, "x", where=Path("x"))


def _same_title(lines: int) -> str:
    return "# Plan\n\n" + "- [ ] x\n" * lines


def _same_shape(lines: int) -> str:
    week = "- Week\n  - [ ] Read chapter 1\n  - [ ] x\n"
    return "# Plan\n\n## Goals\n\n" + week * (lines // 3) + "## Goals\n\n" + week * (lines // 3)


def _doubling_ratios(make: Callable[[int], str], sizes: list[int]) -> list[float]:
    work = [_work(partial(_import, make(n))) for n in sizes]
    return [b / a for a, b in pairwise(work)]


def test_repeating_one_title_costs_work_linear_in_the_lines() -> None:
    ratios = _doubling_ratios(_same_title, [500, 1000, 2000, 4000])
    assert all(r < 2.2 for r in ratios), ratios


def test_repeating_a_whole_section_costs_work_linear_in_the_lines() -> None:
    ratios = _doubling_ratios(_same_shape, [600, 1200, 2400])
    assert all(r < 2.2 for r in ratios), ratios


def test_numbering_copies_stays_linear_up_to_the_size_limit() -> None:
    """The numbering alone, doubled until the copies fill the largest file import reads
    (``- [ ] x`` is 8 bytes a line)."""
    from roadmap_tui.importing import ids

    def number(n: int) -> Callable[[], None]:
        slots = [ids.Slot("topic", "x", ("Plan",), "", None, key="x") for _ in range(n)]
        return lambda: ids.number_repeats(slots, set())

    sizes = [IMPORT_LIMIT // 8 // 2**k for k in range(6, -1, -1)]  # 20 480 … 1 310 720
    work = [_work(number(n)) for n in sizes]
    ratios = [b / a for a, b in pairwise(work)]
    assert all(r < 2.1 for r in ratios), ratios
