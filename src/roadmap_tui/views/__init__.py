"""What both faces show, drawn with rich (never Textual): the tables of `status`,
`list`, `topics` and `team` (`tables`), printed by the command line and shown in the
app's team screen, so both look the same.

May import: every core package below the faces, rich.
"""
