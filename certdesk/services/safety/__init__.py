"""Data safety: opening with checks, backups, restore, integrity."""
