"""The Paths page and the dialogs that act on one path (plan, costs, completion, status)."""
