"""Certification paths: their life (plan, costs, sessions, completion) and the paths list."""
