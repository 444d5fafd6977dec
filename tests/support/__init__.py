"""Helpers every tier of tests shares (CONTRIBUTING.md says what each holds): sample
roadmaps and runners (`samples`), Pilot helpers (`pilot`), a real pseudo-terminal
(`terminal`), a hostile file system made for real (`hostile_fs`), a local HTTP server
(`webserver`), and the system tools a test needs (`tools`)."""
