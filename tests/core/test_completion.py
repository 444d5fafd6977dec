"""Shell completion (cli/complete.py, #30): the scripts `roadmap-tui completion SHELL`
prints, loaded into real bash, zsh and fish, complete subcommands, topic ids, level
ids, statuses, imported roadmaps and guide names; and completion never writes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from support.samples import REPO
from support.tools import need

SCRIPT = Path(sys.executable).with_name("roadmap-tui")

BASH_TRY = r"""
eval "$(roadmap-tui completion bash)"
COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$COMP_LINE"
[[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMPREPLY=()
_python_argcomplete roadmap-tui "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    data = tmp_path / "data"
    (data / "roadmaps").mkdir(parents=True)
    shutil.copy(REPO / "data" / "roadmap.toml", data / "roadmaps" / "my-plan.toml")
    env = dict(os.environ)
    env["PATH"] = f"{SCRIPT.parent}{os.pathsep}{env.get('PATH', '')}"
    env["ROADMAP_TUI_DATA_DIR"] = str(data)
    env["HOME"] = str(tmp_path / "home")
    return env


def bash(line: str, env: dict[str, str], cwd: Path | None = None) -> list[str]:
    result = subprocess.run(
        [need("bash"), "-c", BASH_TRY, "bash", line],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=60,
        check=True,
    )
    return [word.strip() for word in result.stdout.splitlines() if word.strip()]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("roadmap-tui ma", ["mark"]),
        ("roadmap-tui mark doc", ["docker"]),  # a topic id
        ("roadmap-tui mark datab", ["databases", "database-design", "database-optimization"]),
        ("roadmap-tui mark docker d", ["done", "doing"]),
        ("roadmap-tui note docker-", []),  # no topic starts so
        ("roadmap-tui docs sy", ["sync"]),
        ("roadmap-tui completion f", ["fish"]),
        ("roadmap-tui export --format h", ["html"]),
    ],
)
def test_bash_completes_commands_ids_and_values(
    env: dict[str, str], line: str, expected: list[str]
) -> None:
    assert sorted(bash(line, env)) == sorted(expected)


def test_bash_completes_level_numbers_and_ids_for_topics(env: dict[str, str]) -> None:
    shown = bash("roadmap-tui topics ", env)
    assert shown[:13] == [str(n) for n in range(13)]
    assert "prerequisites" in shown and "advanced-concepts" in shown
    assert not any(word.startswith("-") for word in shown)  # options only after a "-"


def test_the_roadmap_option_completes_imported_ids_and_files(
    env: dict[str, str], tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "my-list.md").write_text("- [ ] one\n", encoding="utf-8")
    (work / "notes.txt").write_text("not a roadmap\n", encoding="utf-8")
    shown = bash("roadmap-tui --roadmap my", env, cwd=work)
    assert sorted(shown) == ["my-list.md", "my-plan"]


def test_ids_come_from_the_roadmap_the_line_names(env: dict[str, str], tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text(
        'id = "other"\ntitle = "Other"\n[[levels]]\nid = "l0"\ntitle = "Zero"\n'
        '[[levels.items]]\nid = "dockerfile-basics"\ntitle = "Dockerfiles"\n',
        encoding="utf-8",
    )
    assert bash(f"roadmap-tui --roadmap {other} note dock", env) == ["dockerfile-basics"]
    assert bash("roadmap-tui note dock", env) == ["docker"]


def test_completing_never_writes_a_file(env: dict[str, str], tmp_path: Path) -> None:
    checklist = tmp_path / "plan.md"
    checklist.write_text("# Plan\n- [ ] one\n", encoding="utf-8")
    data = Path(env["ROADMAP_TUI_DATA_DIR"])  # (the roadmap cache may be filled: a cache)
    before = sorted(p.relative_to(data) for p in data.rglob("*"))
    bash(f"roadmap-tui --roadmap {checklist} mark o", env)  # would import: it doesn't
    bash("roadmap-tui mark doc", env)
    assert sorted(p.relative_to(data) for p in data.rglob("*")) == before


def test_fish_completes_subcommands_and_topic_ids(env: dict[str, str]) -> None:
    fish = need("fish")
    script = (
        "roadmap-tui completion fish | source; "
        "complete -C 'roadmap-tui mark doc'; complete -C 'roadmap-tui sta'"
    )
    result = subprocess.run(
        [fish, "--no-config", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    words = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert words == ["docker", "status"]


def test_zsh_completes_a_topic_id_at_the_prompt(env: dict[str, str]) -> None:
    zsh = need("zsh")
    env = {**env, "PS1": "ready> ", "TERM": "xterm"}
    child = pexpect.spawn(zsh, ["-f", "-i"], env=env, encoding="utf-8", timeout=30)
    try:
        child.sendline(
            'autoload -Uz compinit && compinit -u && eval "$(roadmap-tui completion zsh)"'
            " && echo LOADED"
        )
        child.expect("\nLOADED")
        child.expect("ready> ")
        child.send("roadmap-tui mark dock\t")  # TAB completes the id on the line...
        child.send("\x01echo \r")  # ...which `echo` then prints instead of running it
        child.expect("\nroadmap-tui mark docker ?\r")
    finally:
        child.close(force=True)


def test_help_ends_with_examples_that_each_parse_and_fit_80_columns(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import shlex

    from roadmap_tui.cli.main import main
    from roadmap_tui.cli.parser import EXAMPLES, build_parser

    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    out = capsys.readouterr().out
    assert exited.value.code == 0 and out.rstrip().endswith(EXAMPLES.rstrip())
    commands = [
        line[2:].split("  ")[0] for line in EXAMPLES.splitlines()[1:] if line.startswith("  ")
    ]
    assert len(commands) >= 5
    for command in commands:
        argv = shlex.split(command)
        assert argv[0] == "roadmap-tui"
        build_parser().parse_args(argv[1:])  # a usage error would exit 2 here
    assert all(len(line) <= 80 for line in EXAMPLES.splitlines())
