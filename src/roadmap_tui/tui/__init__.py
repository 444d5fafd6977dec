"""The terminal app (Textual): the thin face on the core. Only `roadmap-tui` without a
subcommand imports this package; nothing in the core imports it (ARCHITECTURE.md)."""
