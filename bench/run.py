"""Benchmark roadmap-tui against a bare Textual app, in one run, as ratios.

    python bench/run.py [--runs 7] [--markdown]

Needs roadmap-tui installed (`pip install ".[test]"` brings pexpect and pyte too).
Measures, alternating the commands and quoting medians:

* time to first paint in a real pseudo-terminal (process start → first topic on
  screen) of a bare Textual app (the floor), of roadmap-tui on the bundled roadmap,
  and on a generated 10,000-topic roadmap (100 levels × 100 topics);
* wall time of `roadmap-tui status` and `roadmap-tui export`;
* key-to-saved latency: from the key press of a tick until the progress file on
  disk holds it, on the bundled roadmap and on the 10,000-topic one;
* peak memory (VmHWM) of each process.

Prints a table of absolute figures and ratios to the floor, and checks the budgets
of docs/performance.md. Exit code 0 when every budget is met, 1 otherwise.
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


def big_roadmap(path: Path, levels: int = 100, topics: int = 100) -> None:
    lines = ["format = 1", 'id = "bench-10k"', 'title = "Ten thousand topics"', ""]
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


def run_wall(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, rusage = os.wait4(proc.pid, 0)[1:]
    elapsed = time.perf_counter() - start
    proc.returncode = 0
    return elapsed, rusage.ru_maxrss


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
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    runs = max(5, args.runs)
    command = find_command()
    work = Path(tempfile.mkdtemp(prefix="roadmap-bench-"))
    big = work / "big.toml"
    big_roadmap(big)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROADMAP_TUI")}
    env.update(TERM="xterm-256color", COLUMNS=str(COLS), LINES=str(ROWS))
    env["ROADMAP_TUI_CACHE_DIR"] = str(work / "cache")

    floor = Series("floor: bare Textual app, first paint")
    bundled = Series("roadmap-tui, bundled roadmap, first paint")
    large = Series("roadmap-tui, 10,000 topics, first paint")
    status = Series("roadmap-tui status")
    export = Series("roadmap-tui export")
    tick_bundled = Series("tick → saved, bundled roadmap")
    tick_large = Series("tick → saved, 10,000 topics")

    for n in range(runs):
        data = work / f"data-{n}"
        run_env = dict(env, ROADMAP_TUI_DATA_DIR=str(data))
        run_env["ROADMAP_TUI_CACHE_DIR"] = str(work / "cache")
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

        r = run_in_pty(
            [command, "--roadmap", str(big)],
            run_env,
            "Topic 0-0",
            tick=(data / "progress" / "bench-10k.toml", "topic-0-0"),
        )
        large.seconds.append(r.first_paint)
        large.kib.append(r.peak_kib)
        assert r.tick_to_saved is not None
        tick_large.seconds.append(r.tick_to_saved)

        for series, sub in ((status, "status"), (export, "export")):
            seconds, kib = run_wall([command, sub], run_env)
            series.seconds.append(seconds)
            series.kib.append(kib)

    base = floor.median
    base_mem = floor.peak
    rows = [floor, bundled, large, status, export, tick_bundled, tick_large]
    budgets: dict[str, tuple[str, bool]] = {
        bundled.name: ("≤ 1.25× floor", bundled.median <= 1.25 * base),
        large.name: ("≤ 2× floor", large.median <= 2 * base),
        status.name: ("≤ 0.4× floor", status.median <= 0.4 * base),
        export.name: ("≤ 0.4× floor", export.median <= 0.4 * base),
        tick_large.name: ("≤ 50 ms", tick_large.median <= 0.050),
        tick_bundled.name: ("≤ 50 ms", tick_bundled.median <= 0.050),
    }
    mem_ok = large.peak <= 2 * base_mem
    print(f"\nroadmap-tui benchmark — {runs} runs each, medians; {describe_machine()}\n")
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
        if s is large:
            budget += "; memory ≤ 2× floor"
            ok = ok and mem_ok
        verdict = f"{budget} {'met' if ok else 'MISSED'}" if budget else "(the floor)"
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
    shutil.rmtree(work, ignore_errors=True)
    met = all(ok for _, ok in budgets.values()) and mem_ok
    print("\nall budgets met" if met else "\nsome budgets missed")
    return 0 if met else 1


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
