"""The Dashboard: cards, reminders and the status bar's attention line."""
