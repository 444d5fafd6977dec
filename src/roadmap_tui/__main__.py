"""`python -m roadmap_tui` runs the same entry point as `roadmap-tui`."""

from roadmap_tui.launch import main

raise SystemExit(main())
