"""The Reports page and the team matrix."""
