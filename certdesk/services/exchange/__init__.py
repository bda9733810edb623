"""CSV in and out: the HR export imported, lists exported, `list --json`."""
