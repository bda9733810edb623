"""Departures: what is owed, the statement and its follow-up (payments, hardship), undo, the
calculator."""
