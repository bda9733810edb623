"""Credentials over their life: renewal cycles, continuing-education credits, reminders."""
