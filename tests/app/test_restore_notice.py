"""A corrupt progress file, opened in the app: the notice says where it was moved, that
progress shows as empty, and names the backups and `roadmap-tui restore`, in the words
the command line uses."""

from __future__ import annotations

from pathlib import Path

from support.pilot import make_app, messages, wait_for
from support.samples import progress_file, put_file


async def test_the_app_names_the_backups_and_restore(data_dir: Path) -> None:
    backup = 'schema = 1\nroadmap = "backend"\n\n[items.cs-basics]\nstatus = "done"\n'
    put_file(data_dir / "progress" / "backups" / "backend-2026-12-03.toml", backup)
    progress_file(data_dir, 'schema = 1\n[items.cs-basics]\nstatus = "done\n')
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: any("restore" in m for m in messages(app)))
        notice = " ".join(" ".join(messages(app)).split())
        assert "moved aside" in notice and "progress shows as empty" in notice
        assert "a daily backup (the newest of 2026-12-03)" in notice
        assert "`roadmap-tui restore` lists them and puts one back" in notice
