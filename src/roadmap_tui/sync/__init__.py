"""Progress through a git remote that others push to: running git (`git`), the sync
settings and member files (`config`), files in the clone read and written without
following anything (`clone_files`), the clone itself (`clone`), merging a member's
files with local progress (`merge`), `sync` and `init` (`run`), everyone's numbers
(`team`) and the app's background syncing (`background`, a thread, no UI).
docs/sync.md has the threat model.

May import: `base`, `roadmap`, `progress`, `numbers`. Never Textual.
"""
