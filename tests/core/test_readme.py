"""The README's two commands are the ones that are tried: `.ci/run` runs its test
command exactly as written, and its install command is the one a user copies."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _shell_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", text, flags=re.S)]


def _section(text: str, heading: str) -> str:
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def test_ci_runs_the_readmes_test_command_exactly() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (command,) = _shell_blocks(_section(readme, "Run the tests"))
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command in ci, "`.ci/run` must run the README's test command, as written"


def test_the_install_command_puts_the_program_on_every_shells_path() -> None:
    # A command that only exists while a virtual environment is active is not an
    # install for users (#30): the README leads with a tool installer.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (command,) = _shell_blocks(_section(readme, "Install and run"))
    assert command == "pipx install . && roadmap-tui"
    assert "uv tool install ." in _section(readme, "Install and run")
