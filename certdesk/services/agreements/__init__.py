"""Tuition-assistance agreements: drafting, issuing, their life after issue, notices and leaves,
the terms read back, and the views the window shows."""
