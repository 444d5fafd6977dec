"""The command line: argument parsing and dispatch (`main`), the subcommands
(`commands`, `import_cmd`, `sync_cmds`, `serve` with `web_server`), and
`status --short` (`short`), which runs from shell prompts and imports almost nothing.

May import: every core package; `tui` only to open the app (`main`). Never Textual
otherwise: subcommands start fast because of it.
"""
