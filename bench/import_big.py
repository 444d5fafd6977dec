"""Time `roadmap-tui import` of a generated 3,000-task checklist (issue: "under 1 s").

    python bench/import_big.py [--tasks 3000] [--runs 5]

The checklist has the shapes real ones have: 30 sections with repeated sub-heading
names, nested tasks, a link on every task, bullets and quotes under tasks, some
non-Latin titles, Obsidian Tasks dates and ticks. Prints the median wall time of the
parse + ids + validation (in process) and of the whole command (a fresh process, into
a temporary data folder), and exits 1 if the in-process median is over 1 second.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET_SECONDS = 1.0


def checklist(tasks: int) -> str:
    lines = ["# A big study plan", "", "Generated for the benchmark.", ""]
    per_section = max(1, tasks // 30)
    n = 0
    section = 0
    while n < tasks:
        lines += [f"## Part {section}", "", "### Best practices", ""]
        for i in range(per_section):
            if n >= tasks:
                break
            tick = "x" if n % 3 == 0 else " "
            title = f"Лекция {n}" if n % 10 == 0 else f"Lecture {n}: topic {i}"
            done = " ✅ 2024-04-13" if tick == "x" and n % 2 == 0 else ""
            indent = "  " if i % 5 else ""
            lines.append(f"{indent}- [{tick}] [{title}](https://example.org/v/{n}){done} #study")
            if i % 7 == 0:
                lines.append(f"{indent}  - Read [chapter {n}](https://example.org/c/{n})")
            n += 1
        lines.append("")
        section += 1
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--in-process-only",
        action="store_true",
        help="print only the in-process times in seconds, one a line (for bench/run.py)",
    )
    args = parser.parse_args()
    from roadmap_tui.importing.reader import import_markdown

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "big.md"
        source.write_text(checklist(args.tasks), encoding="utf-8")
        inproc, cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            imported = import_markdown(source)
            inproc.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        topics = sum(1 for _ in imported.roadmap.walk())
        if args.in_process_only:
            print("\n".join(f"{seconds:.6f}" for seconds in inproc))
            return 0
        whole = []
        for n in range(args.runs):
            env = dict(os.environ, ROADMAP_TUI_DATA_DIR=f"{folder}/data-{n}")
            env["ROADMAP_TUI_CACHE_DIR"] = f"{folder}/cache"
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "roadmap_tui", "import", str(source)],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            whole.append(time.perf_counter() - start)
    median = statistics.median(inproc)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{topics} topics (load average {load:.1f} on {os.cpu_count()} cores)")
    print(
        f"import_markdown: median {median * 1000:.0f} ms wall, "
        f"{statistics.median(cpu) * 1000:.0f} ms CPU"
    )
    whole_ms = statistics.median(whole) * 1000
    print(f"roadmap-tui import (a fresh process, files written): median {whole_ms:.0f} ms")
    return 0 if median <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
