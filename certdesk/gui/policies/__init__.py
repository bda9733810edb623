"""The Policies page, the policy dialog and Help → State rules."""
