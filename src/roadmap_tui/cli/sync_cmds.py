"""`roadmap-tui sync [init|status]` and `roadmap-tui team`: progress through a git
remote (roadmap_tui.sync), and every member's numbers."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from roadmap_tui.base.paths import data_dir
from roadmap_tui.base.text import visible
from roadmap_tui.cli.commands import open_context
from roadmap_tui.cli.output import say_warnings
from roadmap_tui.export.data import counts_json, to_json


def cmd_sync(args: argparse.Namespace, out: TextIO) -> int:
    from roadmap_tui.progress.entries import utcnow
    from roadmap_tui.sync import run as sync
    from roadmap_tui.sync import team

    base = data_dir(args.data_dir)
    if args.sync_command == "status":
        out.write(
            "\n".join(visible(line) for line in team.status_lines(team.status(base), utcnow()))
        )
        out.write("\n")
        return 0
    if args.sync_command == "init":
        report = sync.init(base, args.remote, args.member)
    else:
        report = sync.sync(base)
    say_warnings(report.notices)
    out.write(visible(report.summary()) + "\n")
    return 0


def cmd_team(args: argparse.Namespace, out: TextIO) -> int:
    from roadmap_tui.progress.entries import utcnow
    from roadmap_tui.sync import team as teams

    ctx = open_context(args)
    team = teams.team(ctx.data, ctx.roadmap)
    say_warnings(team.notices)
    if args.json:
        out.write(to_json(team_json(team)))
        return 0
    from roadmap_tui.views.tables import render_team

    render_team(team, utcnow(), out)
    return 0


def team_json(team: Any) -> dict[str, Any]:
    return {
        "roadmap": {"id": team.roadmap.id, "title": team.roadmap.title},
        "members": [
            {
                "name": member.name,
                "done": member.progress.overall.done,
                "total": member.progress.overall.total,
                "percent": member.progress.overall.percent,
                "levels": [
                    {"number": lp.number, "id": lp.level.id, **counts_json(lp.counts)}
                    for lp in member.progress.levels
                ],
                "last_activity": member.last_activity.isoformat() if member.last_activity else None,
            }
            for member in team.members
        ],
    }
