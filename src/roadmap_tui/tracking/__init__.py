"""What the app and the commands act through: the tracker (a roadmap and its progress,
with undo; `tracker`), the background saver that retries until a change is on disk
(`saver`), and searching topics (`search`).

May import: `base`, `roadmap`, `progress`, `numbers`. Never Textual.
"""
