"""What a user sets: `config.toml` (`settings`) and `keymap.toml` (`keymap`).

May import: `base`.
"""
