"""Small inputs and runners shared by several test modules."""

from __future__ import annotations

import subprocess
import sys

TINY = """\
format = 1
id = "tiny"
title = "Tiny Roadmap"

[[levels]]
id = "one"
title = "First Steps"

[[levels.items]]
id = "alpha"
title = "Alpha"

[[levels.items]]
id = "beta"
title = "Beta"
"""


def app_without_a_terminal() -> subprocess.CompletedProcess[str]:
    """`python -m roadmap_tui` (the app) with no terminal on stdin."""
    return subprocess.run(
        [sys.executable, "-m", "roadmap_tui"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
