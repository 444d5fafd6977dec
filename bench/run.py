"""Benchmark roadmap-tui against a bare Textual app, in one run, as ratios.

    python bench/run.py [--runs 7] [--import-runs 3] [--markdown] [--svg docs/scaling.svg]

Needs roadmap-tui installed (`pip install ".[test]"` brings pexpect and pyte too).
Measures, alternating the commands and quoting medians:

* time to first paint in a real pseudo-terminal (process start → first topic on
  screen) of a bare Textual app (the floor), of roadmap-tui on the bundled roadmap,
  and on generated roadmaps of 100, 1,000, 10,000 and 100,000 topics (the largest
  is 1,000 levels × 100 topics);
* wall time of `roadmap-tui status`, `status --short` and `export`, of `status` on
  100,000 topics, and of `import` of a generated 5 MB checklist; and the in-process
  time of importing bench/import_big.py's 3,000-task checklist;
* key-to-saved latency: from the key press of a tick until the progress file on
  disk holds it, on the bundled roadmap and on 10,000 and 100,000 topics;
* peak memory (VmHWM, or max RSS) of each process;
* that a checklist past the import size limit is refused in one line.

Prints a table of absolute figures and ratios to the floor, a scaling chart (first
paint and memory against topic count; with ``--svg FILE`` also drawn as an SVG), and
checks the budgets of docs/performance.md. roadmap-tui's bytecode is compiled first
(as pip does on install) and PYTHONDONTWRITEBYTECODE is not passed on.
Exit code 0 when every budget is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import pexpect
import pyte

HERE = Path(__file__).resolve().parent
COLS, ROWS = 100, 30
TIMEOUT = 60.0


def find_command() -> str:
    beside = Path(sys.executable).with_name("roadmap-tui")
    if beside.exists():
        return str(beside)
    found = shutil.which("roadmap-tui")
    if not found:
        sys.exit("roadmap-tui is not installed: pip install . first")
    return found


SIZES = ((10, 10), (10, 100), (100, 100), (1000, 100))
"""(levels, topics per level) of the generated roadmaps: 100 to 100,000 topics."""


def size_name(levels: int, topics: int) -> str:
    total = levels * topics
    return f"{total // 1000}k" if total >= 1000 else str(total)


def big_roadmap(path: Path, levels: int = 100, topics: int = 100) -> str:
    """Write a generated roadmap to ``path``; its id."""
    name = size_name(levels, topics)
    roadmap_id = f"bench-{name}"
    lines = ["format = 1", f'id = "{roadmap_id}"', f'title = "{levels * topics:,} topics"', ""]
    for lv in range(levels):
        lines += ["[[levels]]", f'id = "level-{lv}"', f'title = "Level {lv} of the benchmark"', ""]
        for it in range(topics):
            lines += [
                "[[levels.items]]",
                f'id = "topic-{lv}-{it}"',
                f'title = "Topic {lv}-{it}"',
                f'details = "generated topic number {it} of level {lv}"',
                "",
            ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return roadmap_id


def checklist(path: Path, megabytes: float = 5.0) -> None:
    """A Markdown checklist of about ``megabytes`` MB: headings with 100 tasks each."""
    lines = ["# A five megabyte checklist", ""]
    size = level = 0
    while size < megabytes * 1_000_000:
        lines += [f"## Part {level}", ""]
        for it in range(100):
            box = "x" if it % 7 == 0 else " "
            line = f"- [{box}] Topic {level}-{it}: something worth learning, number {it}"
            lines.append(line)
            size += len(line.encode()) + 1
        lines.append("")
        level += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def reviewed_year(data: Path) -> None:
    """Progress in ``data`` as after a year of reviews: every bundled topic done and
    reviewed 12 times (828 reviews in the log), so `status --short` reads a real log."""
    from datetime import UTC, datetime, timedelta

    from roadmap_tui.base.paths import progress_path
    from roadmap_tui.progress.entries import Entry
    from roadmap_tui.progress.reviews import Review
    from roadmap_tui.progress.store import ProgressStore
    from roadmap_tui.roadmap.load import load_bundled
    from roadmap_tui.roadmap.model import Status

    ids = [leaf.id for level in load_bundled().levels for leaf in level.leaves()]
    start = datetime(2025, 1, 1, 9, tzinfo=UTC)
    store = ProgressStore(progress_path(data, "backend"), "backend")
    store.save({key: Entry(Status.DONE, start, start, start) for key in ids})
    store.save_reviews(
        Review(start + timedelta(days=30 * month, minutes=n), key, "review", 3)
        for month in range(1, 13)
        for n, key in enumerate(ids)
    )


def peak_rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class PtyRun:
    first_paint: float
    peak_kib: int
    tick_to_saved: float | None = None


def run_in_pty(
    argv: list[str],
    env: dict[str, str],
    ready: str,
    tick: tuple[Path, str] | None = None,
) -> PtyRun:
    """Start ``argv`` in a pty, wait for ``ready`` on screen; optionally tick and time the save."""
    screen = pyte.Screen(COLS, ROWS)
    stream = pyte.ByteStream(screen)
    start = time.perf_counter()
    child = pexpect.spawn(argv[0], argv[1:], env=env, dimensions=(ROWS, COLS))
    child.delaybeforesend = None  # pexpect sleeps 50 ms before every send by default

    def pump(until: Callable[[], bool]) -> None:
        deadline = time.perf_counter() + TIMEOUT
        while not until():
            if time.perf_counter() > deadline:
                child.terminate(force=True)
                raise TimeoutError(f"{argv}: {ready!r} never appeared")
            with contextlib.suppress(pexpect.TIMEOUT):
                stream.feed(child.read_nonblocking(65536, timeout=0.005))

    pump(lambda: any(ready in line for line in screen.display))
    first_paint = time.perf_counter() - start
    saved: float | None = None
    if tick is not None:
        progress_file, needle = tick
        before = progress_file.read_bytes() if progress_file.exists() else b""
        time.sleep(0.3)  # let the app settle after its first paint
        t0 = time.perf_counter()
        child.send(" ")
        deadline = t0 + TIMEOUT
        while True:
            try:
                data = progress_file.read_bytes()
            except OSError:
                data = before
            if data != before and needle.encode() in data:
                break
            if time.perf_counter() > deadline:
                raise TimeoutError("the tick never reached the disk")
            time.sleep(0.0005)
        saved = time.perf_counter() - t0
    peak = peak_rss_kib(child.pid)
    child.send("q")
    try:
        child.expect(pexpect.EOF, timeout=TIMEOUT)
    except pexpect.TIMEOUT:
        child.terminate(force=True)
    child.close()
    return PtyRun(first_paint, peak, saved)


GNU_TIME = "/usr/bin/time"


def run_wall(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak memory (KiB) of a command.

    A child's max RSS as the kernel reports it is at least its parent's at the fork (it
    is kept across exec), and this script's own is larger than a small command's; so
    the peak comes from GNU time, a small process, when it is installed."""
    report = Path(tempfile.mkstemp(prefix="roadmap-bench-time-")[1])
    gnu_time = Path(GNU_TIME).exists()
    if gnu_time:
        argv = [GNU_TIME, "-f", "%M", "-o", str(report), *argv]
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, rusage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = 0
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{argv} failed")
    kib = int(report.read_text().split()[-1]) if gnu_time else rusage.ru_maxrss
    report.unlink()
    return elapsed, kib


@dataclass
class Series:
    name: str
    seconds: list[float] = field(default_factory=list)
    kib: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak(self) -> int:
        return max(self.kib) if self.kib else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (≥ 5)")
    parser.add_argument(
        "--import-runs", type=int, default=3, help="runs of the 5 MB import (≥ 3; slow)"
    )
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument(
        "--svg", type=Path, help="also draw the scaling chart into this SVG file (docs/…)"
    )
    args = parser.parse_args()
    runs = max(5, args.runs)
    command = find_command()
    work = Path(tempfile.mkdtemp(prefix="roadmap-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROADMAP_TUI")}
    # An installed package has its bytecode compiled (pip does it): so must the one
    # measured here, or every start pays for compiling roadmap-tui's modules again
    # while the floor's Textual is compiled already.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    compile_package(env)
    env.update(TERM="xterm-256color", COLUMNS=str(COLS), LINES=str(ROWS))
    env["ROADMAP_TUI_CACHE_DIR"] = str(work / "cache")
    env["ROADMAP_TUI_DATA_DIR"] = str(work / "warm-up")

    generated: list[tuple[str, Path, str]] = []  # (size name, file, roadmap id)
    for levels, topics in SIZES:
        path = work / f"roadmap-{levels * topics}.toml"
        roadmap_id = big_roadmap(path, levels, topics)
        generated.append((size_name(levels, topics), path, roadmap_id))
        # Validate and cache each roadmap once, as its first use would (not timed).
        run_wall([command, "--roadmap", str(path), "status"], env)
    run_wall([command, "status"], env)
    markdown = work / "checklist.md"
    checklist(markdown)
    biggest = generated[-1][1]

    floor = Series("floor: bare Textual app, first paint")
    bundled = Series("bundled roadmap (69 topics), first paint")
    paint = {name: Series(f"{name} topics, first paint") for name, _, _ in generated}
    status = Series("status")
    short = Series("status --short")
    export = Series("export")
    status_big = Series("status, 100k topics")
    short_big = Series("status --short, 100k topics")
    short_reviewed = Series("status --short, a year of reviews (828)")
    reviewed = work / "data-reviewed"
    reviewed_year(reviewed)
    imports = Series(f"import, {markdown.stat().st_size / 1e6:.1f} MB checklist")
    import_3k = Series("import, 3,000-task checklist, in process")
    tick_bundled = Series("tick → saved, bundled roadmap")
    ticks = {name: Series(f"tick → saved, {name} topics") for name in ("10k", "100k")}

    for n in range(runs):
        data = work / f"data-{n}"
        run_env = dict(env, ROADMAP_TUI_DATA_DIR=str(data))
        r = run_in_pty([sys.executable, str(HERE / "bare_app.py")], env, "floor-ready")
        floor.seconds.append(r.first_paint)
        floor.kib.append(r.peak_kib)

        r = run_in_pty(
            [command],
            run_env,
            "Computer Science basics",
            tick=(data / "progress" / "backend.toml", "cs-basics"),
        )
        bundled.seconds.append(r.first_paint)
        bundled.kib.append(r.peak_kib)
        assert r.tick_to_saved is not None
        tick_bundled.seconds.append(r.tick_to_saved)

        for name, path, roadmap_id in generated:
            tick = (
                (data / "progress" / f"{roadmap_id}.toml", "topic-0-0") if name in ticks else None
            )
            r = run_in_pty([command, "--roadmap", str(path)], run_env, "Topic 0-0", tick=tick)
            paint[name].seconds.append(r.first_paint)
            paint[name].kib.append(r.peak_kib)
            if name in ticks:
                assert r.tick_to_saved is not None
                ticks[name].seconds.append(r.tick_to_saved)

        for series, argv in (
            (status, [command, "status"]),
            (short, [command, "status", "--short"]),
            (export, [command, "export"]),
            (status_big, [command, "--roadmap", str(biggest), "status"]),
            (short_big, [command, "--roadmap", str(biggest), "status", "--short"]),
            (short_reviewed, [command, "--data-dir", str(reviewed), "status", "--short"]),
        ):
            seconds, kib = run_wall(argv, run_env)
            series.seconds.append(seconds)
            series.kib.append(kib)

    for n in range(max(3, args.import_runs)):
        out = work / f"imported-{n}.toml"
        seconds, kib = run_wall([command, "import", str(markdown), "-o", str(out)], env)
        imports.seconds.append(seconds)
        imports.kib.append(kib)
    import_3k.seconds = import_in_process(env, runs)
    refused = refuses_oversize(command, env, work)

    base = floor.median
    base_mem = floor.peak
    big = paint["100k"]
    budgets: dict[str, tuple[str, bool]] = {
        bundled.name: ("≤ 1.15× floor", bundled.median <= 1.15 * base),
        paint["10k"].name: ("≤ 1.3× floor", paint["10k"].median <= 1.3 * base),
        big.name: (
            "≤ 2× floor; memory ≤ 2.5× floor",
            big.median <= 2 * base and big.peak <= 2.5 * base_mem,
        ),
        status.name: ("≤ 0.5× floor", status.median <= 0.5 * base),
        short.name: ("≤ 0.2× floor", short.median <= 0.2 * base),
        short_reviewed.name: ("≤ 0.2× floor", short_reviewed.median <= 0.2 * base),
        export.name: ("≤ 0.4× floor", export.median <= 0.4 * base),
        status_big.name: ("≤ 0.5 s", status_big.median <= 0.5),
        imports.name: (
            "≤ 5 s; ≤ 300 MB",
            imports.median <= 5.0 and imports.peak * 1024 <= 300_000_000,
        ),
        import_3k.name: ("< 1 s", import_3k.median < 1.0),
        tick_bundled.name: ("≤ 50 ms", tick_bundled.median <= 0.050),
        ticks["100k"].name: ("≤ 50 ms", ticks["100k"].median <= 0.050),
    }
    rows = [
        floor,
        bundled,
        *paint.values(),
        status,
        short,
        export,
        status_big,
        short_big,
        short_reviewed,
        imports,
        import_3k,
        tick_bundled,
        *ticks.values(),
    ]
    print(
        f"\nroadmap-tui benchmark — {runs} runs each ({max(3, args.import_runs)} of the import), "
    )
    print(f"medians; {describe_machine()}\n")
    if args.markdown:
        print("| measurement | median | ratio to floor | peak memory | memory ratio | budget |")
        print("|---|---:|---:|---:|---:|---|")
    else:
        print(f"{'measurement':44} {'median':>9} {'ratio':>7} {'peak mem':>9} {'mem×':>6}  budget")
    for s in rows:
        ratio = s.median / base
        mem = f"{s.peak / 1024:.0f} MiB" if s.peak else "—"
        mem_ratio = f"{s.peak / base_mem:.2f}×" if base_mem and s.peak else "—"
        budget, ok = budgets.get(s.name, ("", True))
        verdict = f"{budget} {'met' if ok else 'MISSED'}" if budget else ""
        if s is floor:
            verdict = "(the floor)"
        if args.markdown:
            print(
                f"| {s.name} | {s.median * 1000:.0f} ms | {ratio:.2f}× | {mem} "
                f"| {mem_ratio} | {verdict} |"
            )
        else:
            print(
                f"{s.name:44} {s.median * 1000:7.0f}ms {ratio:6.2f}× {mem:>9} "
                f"{mem_ratio:>6}  {verdict}"
            )
    answer = "yes" if refused else "NO"
    print(f"\na checklist past the import size limit refused in one line: {answer}")
    sizes = [(name, paint[name]) for name, _, _ in generated]
    print_chart(floor, sizes, args.markdown)
    if args.svg:
        args.svg.write_text(svg_chart(floor, sizes, describe_machine()), encoding="utf-8")
        print(f"\nscaling chart written to {args.svg}")
    shutil.rmtree(work, ignore_errors=True)
    met = all(ok for _, ok in budgets.values()) and refused
    print("\nall budgets met" if met else "\nsome budgets missed")
    return 0 if met else 1


def compile_package(env: dict[str, str]) -> None:
    """Compile the installed roadmap_tui's bytecode, as pip does when it installs it."""
    import roadmap_tui

    package = str(Path(roadmap_tui.__file__).resolve().parent)
    subprocess.run([sys.executable, "-m", "compileall", "-q", package], env=env, check=True)


def import_in_process(env: dict[str, str], runs: int) -> list[float]:
    """`import_markdown` of bench/import_big.py's 3,000-task checklist, in a fresh
    Python process: the seconds of each run."""
    result = subprocess.run(
        [sys.executable, str(HERE / "import_big.py"), "--runs", str(runs), "--in-process-only"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return [float(line) for line in result.stdout.split()]


def refuses_oversize(command: str, env: dict[str, str], work: Path) -> bool:
    """`import` of a file past the size limit: exit code 2 and one line, nothing written."""
    huge = work / "huge.md"
    with huge.open("wb") as handle:
        handle.write(b"# Huge\n\n## Part\n\n- [ ] topic\n")
        handle.truncate(11 * 1024 * 1024)
    target = work / "huge.toml"
    result = subprocess.run(
        [command, "import", str(huge), "-o", str(target)],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    return result.returncode == 2 and len(result.stderr.splitlines()) == 1 and not target.exists()


def print_chart(floor: Series, sizes: list[tuple[str, Series]], markdown: bool) -> None:
    """First paint and peak memory against topic count, as ratios to the floor."""
    width = 40
    print("\nscaling: first paint and peak memory against topic count (ratio to the floor)\n")
    if markdown:
        print("| topics | first paint | × floor | peak memory | × floor |")
        print("|---:|---:|---:|---:|---:|")
        for name, s in sizes:
            print(
                f"| {name} | {s.median * 1000:.0f} ms | {s.median / floor.median:.2f}× "
                f"| {s.peak / 1024:.0f} MiB | {s.peak / floor.peak:.2f}× |"
            )
        print("\n```text")
    ratios = [
        ("first paint", [(name, s.median / floor.median) for name, s in sizes]),
        ("peak memory", [(name, s.peak / floor.peak) for name, s in sizes]),
    ]
    top = max(value for _, values in ratios for _, value in values)
    for title, values in ratios:
        print(f"{title} (× floor; the floor is 1.00)")
        for name, value in values:
            print(f"  {name:>5} │{'█' * max(1, round(value / top * width)):<{width}} {value:.2f}×")
        print()
    if markdown:
        print("```")


def svg_chart(floor: Series, sizes: list[tuple[str, Series]], machine: str) -> str:
    """First paint and peak memory against topic count (a log scale), as ratios to the
    floor, with the budgets at 100,000 topics: a small standalone SVG."""
    width, height, left, right, top, bottom = 640, 340, 60, 190, 56, 70
    plot_w, plot_h = width - left - right, height - top - bottom
    series = [
        ("first paint", "#1f77b4", [s.median / floor.median for _, s in sizes], 2.0),
        ("peak memory", "#d62728", [s.peak / floor.peak for _, s in sizes], 2.5),
    ]
    top_value = max(3.0, *(v for _, _, values, _ in series for v in values)) * 1.05

    def x(i: int) -> float:
        return left + plot_w * i / max(1, len(sizes) - 1)

    def y(value: float) -> float:
        return top + plot_h * (1 - value / top_value)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left}" y="20" font-size="14">roadmap-tui: first paint and peak memory '
        "against topic count</text>",
        f'<text x="{left}" y="36" fill="#555">as a multiple of a bare Textual app (the floor)'
        "</text>",
        f'<line x1="{left}" y1="{y(0)}" x2="{left + plot_w}" y2="{y(0)}" stroke="black"/>',
        f'<line x1="{left}" y1="{y(0)}" x2="{left}" y2="{top}" stroke="black"/>',
    ]
    for tick in range(int(top_value) + 1):
        out.append(
            f'<text x="{left - 8}" y="{y(tick) + 4}" text-anchor="end">{tick}×</text>'
            f'<line x1="{left}" y1="{y(tick)}" x2="{left + plot_w}" y2="{y(tick)}" '
            'stroke="#ddd"/>'
        )
    for i, (name, _) in enumerate(sizes):
        out.append(f'<text x="{x(i)}" y="{y(0) + 18}" text-anchor="middle">{name}</text>')
    out.append(
        f'<text x="{left + plot_w / 2}" y="{y(0) + 36}" text-anchor="middle">'
        "topics (log scale)</text>"
    )
    for n, (label, colour, values, budget) in enumerate(series):
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for i, v in enumerate(values):
            out.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>')
            out.append(
                f'<text x="{x(i) + 6:.1f}" y="{y(v) - 8 + 22 * n:.1f}" '
                f'fill="{colour}">{v:.2f}×</text>'
            )
        out.append(
            f'<line x1="{x(len(sizes) - 1) - 16}" y1="{y(budget)}" x2="{x(len(sizes) - 1) + 16}" '
            f'y2="{y(budget)}" stroke="{colour}" stroke-width="2" stroke-dasharray="4 3"/>'
        )
        ly = top + 20 + 36 * n
        out.append(
            f'<line x1="{width - right + 20}" y1="{ly}" x2="{width - right + 40}" y2="{ly}" '
            f'stroke="{colour}" stroke-width="2"/>'
            f'<text x="{width - right + 46}" y="{ly + 4}">{label}</text>'
            f'<text x="{width - right + 46}" y="{ly + 18}" fill="#555">budget at 100k: '
            f"{budget}×</text>"
        )
    out.append(
        f'<text x="{left}" y="{height - 6}" fill="#555" font-size="10">'
        f"medians; floor {floor.median * 1000:.0f} ms, {floor.peak / 1024:.0f} MiB; "
        f"{escape(machine)}</text>"
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def describe_machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


if __name__ == "__main__":
    raise SystemExit(main())
