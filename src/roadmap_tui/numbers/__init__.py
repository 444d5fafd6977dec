"""Every number roadmap-tui shows, in one place: the counting rules on plain data
(`rules`, also used by `status --short`), counts of a roadmap and its levels
(`counts`), and pace and history (`pace`). docs/progress.md states the rules.

May import: `base`, `roadmap`, `progress`.
"""
