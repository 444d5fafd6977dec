"""A roadmap: its levels and topics as data (`model`), the TOML format that describes
one (`schema`), and loading the bundled roadmap or a file, through a validated cache
(`load`).

May import: `base`, pydantic (validation only, never on the cached path).
"""
