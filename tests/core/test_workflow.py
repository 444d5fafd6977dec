"""The GitHub Actions workflow that runs the tests on macOS and Windows (which this
machine can't) is a valid workflow, and runs what the README promises on the systems
and Pythons the package claims (#30)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "tests.yml"


def test_the_workflow_is_valid_against_githubs_schema() -> None:
    tool = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    if tool is None:
        pytest.fail("check-jsonschema is part of the test extra")
    result = subprocess.run(
        [tool, "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_the_matrix_is_what_the_package_claims() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    claimed = {
        c.rsplit(" :: ", 1)[1]
        for c in meta["classifiers"]
        if c.startswith("Programming Language :: Python :: 3.")
    }
    (matrix,) = re.findall(r"python: \[(.*?)\]", text)
    tested = {v.strip().strip('"') for v in matrix.split(",")}
    assert claimed == tested  # a classifier claims only a Python the workflow tests
    assert meta["requires-python"] == f">={min(tested, key=_version)}"
    (systems,) = re.findall(r"os: \[(.*?)\]", text)
    assert {s.strip() for s in systems.split(",")} == {
        "ubuntu-latest",
        "macos-latest",
        "windows-latest",
    }
    assert 'pip install -e ".[test]"' in text and "\n          pytest\n" in text
