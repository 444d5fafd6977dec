"""roadmap-tui: a keyboard-driven terminal checklist for learning roadmaps."""

__version__ = "0.1.0"
