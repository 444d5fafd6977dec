"""The wheel carries the roadmap as package data, and an installed `roadmap-tui` finds it."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from support.samples import REPO

IGNORE = shutil.ignore_patterns(
    ".venv*",
    ".git",
    "dist",
    "build",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    "*.egg-info",
)


def _run(
    argv: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        argv, capture_output=True, text=True, encoding="utf-8", check=False, cwd=cwd, env=env
    )
    assert result.returncode == 0, f"{argv}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    return result


def test_wheel_installs_and_finds_its_bundled_roadmap(tmp_path: Path) -> None:
    source = tmp_path / "src-copy"
    shutil.copytree(REPO, source, ignore=IGNORE)
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist)], cwd=source)

    (wheel,) = dist.glob("roadmap_tui-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert "roadmap_tui/data/roadmap.toml" in names
        assert "roadmap_tui/cli/main.py" in names
        assert "roadmap_tui/__main__.py" in names
        assert "roadmap_tui/py.typed" in names
        assert "roadmap_tui/tui/__init__.py" in names
        for guide in (REPO / "docs").glob("*.md"):  # `roadmap-tui docs` reads them
            assert f"roadmap_tui/docs/{guide.name}" in names, guide.name
        bundled = archive.read("roadmap_tui/data/roadmap.toml")
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        assert "roadmap-tui = roadmap_tui.launch:main" in archive.read(entry_points).decode()
    assert bundled == (REPO / "data" / "roadmap.toml").read_bytes()
    assert not any(name.startswith("tests/") for name in names)

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    exe = ".exe" if os.name == "nt" else ""
    python = bindir / f"python{exe}"
    _run([str(python), "-m", "pip", "install", "-q", "--no-index", "--no-deps", str(wheel)])

    venv_purelib = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
    ).stdout.strip()
    # Dependencies come from this test interpreter; roadmap_tui itself must be the wheel's.
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([venv_purelib, sysconfig.get_paths()["purelib"]])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    where = _run(
        [str(python), "-c", "import roadmap_tui; print(roadmap_tui.__file__)"],
        cwd=elsewhere,
        env=env,
    ).stdout.strip()
    assert Path(where).resolve().is_relative_to(Path(venv_purelib).resolve())

    script = bindir / f"roadmap-tui{exe}"
    result = _run([str(script), "status", "--json"], cwd=elsewhere, env=env)
    data = json.loads(result.stdout)
    assert len(data["levels"]) == 13
    assert data["overall"]["total"] == 69
    assert data["levels"][0]["title"] == "Prerequisites"

    paths = _run([str(script), "path"], cwd=elsewhere, env=env).stdout
    roadmap_line = next(line for line in paths.splitlines() if line.startswith("roadmap:"))
    roadmap_file = Path(roadmap_line.split(maxsplit=1)[1].removesuffix(" (bundled)"))
    assert roadmap_file.resolve().is_relative_to(Path(venv_purelib).resolve())
    assert roadmap_file.read_bytes() == bundled

    shown = _run([str(script), "docs", "sync"], cwd=elsewhere, env=env).stdout
    assert shown == (REPO / "docs" / "sync.md").read_text(encoding="utf-8")

    _every_subcommand_works(script, elsewhere, env)


def _every_subcommand_works(script: Path, cwd: Path, env: dict[str, str]) -> None:
    """Each subcommand of the installed wheel, run as a user would: the exit code it
    should give and never a traceback. A new subcommand must be added here."""
    from roadmap_tui.cli.parser import build_parser

    (cwd / "plan.md").write_text("# Plan\n- [ ] Read\n- [x] Write\n", encoding="utf-8")
    runs: list[tuple[list[str], int]] = [
        (["status"], 0),
        (["status", "--short"], 0),
        (["list"], 0),
        (["topics", "0"], 0),
        (["mark", "docker", "done"], 0),
        (["note", "docker", "Compose next"], 0),
        (["note", "docker"], 0),
        (["review", "docker", "good"], 0),
        (["review", "--json"], 0),
        (["export", "--format", "html", "-o", "progress.html"], 0),
        (["import", "plan.md"], 0),
        (["restore"], 0),
        (["path"], 0),
        (["sync", "status"], 0),
        (["team"], 2),  # sync is not set up: one line, exit 2 (usage)
        (["serve", "--help"], 0),
        (["docs"], 0),
        (["completion", "fish"], 0),
        (["plan", "--per-week", "3"], 0),
        (["plan"], 0),
    ]
    parser = build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert {argv[0] for argv, _ in runs} == set(commands.choices)
    for argv, code in runs:
        result = subprocess.run(
            [str(script), *argv], capture_output=True, text=True, cwd=cwd, env=env, check=False
        )
        assert result.returncode == code, (argv, result.stdout[-500:], result.stderr[-500:])
        assert "Traceback" not in result.stderr, (argv, result.stderr)
    assert (cwd / "progress.html").is_file()
    assert "Compose next" in _run([str(script), "note", "docker"], cwd=cwd, env=env).stdout


def test_the_sdist_is_whole_and_both_archives_pass_twine_check(tmp_path: Path) -> None:
    # `python -m build` makes the sdist, then the wheel *from the sdist*: a file the
    # sdist forgot breaks the wheel here, not on a user's machine.
    source = tmp_path / "src-copy"
    shutil.copytree(REPO, source, ignore=IGNORE)
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "build", "--outdir", str(dist)], cwd=source)
    (sdist,) = dist.glob("roadmap_tui-*.tar.gz")
    (wheel,) = dist.glob("roadmap_tui-*.whl")
    _run([sys.executable, "-m", "twine", "check", "--strict", str(sdist), str(wheel)])

    import tarfile

    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    # What its own tests read (the README's commands against .ci/run, the workflow).
    needed = ["pyproject.toml", "LICENSE", "README.md", "CHANGELOG.md", "CONTRIBUTING.md"]
    needed += ["ARCHITECTURE.md", "data/roadmap.toml", ".ci/run", ".github/workflows/tests.yml"]
    for name in needed:
        assert name in names, name
    assert any(n.startswith("tests/core/") for n in names)  # its tests run from it
    assert any(n.startswith("docs/") for n in names)
    assert not any(n.startswith((".venv", ".git/", "dist/")) for n in names)

    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        text = archive.read(metadata).decode()
        licences = [n for n in archive.namelist() if "/licenses/" in n]
    assert "License-Expression: MIT" in text
    assert any(n.endswith("/LICENSE") for n in licences)
    assert "Classifier: Programming Language :: Python :: 3.13" in text
    assert "Requires-Python: >=3.11" in text
