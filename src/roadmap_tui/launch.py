"""The `roadmap-tui` command's entry point.

`status --short` runs from shell prompts every few seconds: it is answered here before
the rest of the command line (argparse, the model, rich) is imported. Everything else
goes to `roadmap_tui.cli.main.main`.
"""

from __future__ import annotations

import sys


def main() -> int:
    import os

    if "_ARGCOMPLETE" in os.environ:  # the shell asking for completions (cli/complete.py)
        from roadmap_tui.cli.complete import complete
        from roadmap_tui.cli.parser import build_parser

        complete(build_parser())
        return 0
    from roadmap_tui.cli.short import fast_status

    argv = sys.argv[1:]
    code = fast_status(argv)
    if code is not None:
        return code
    from roadmap_tui.cli.main import main as cli_main

    return cli_main(argv, fast=False)
