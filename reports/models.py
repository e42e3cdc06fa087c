"""Report snapshots (built in the reports issue)."""
