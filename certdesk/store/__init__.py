"""SQLite storage through sqlite-utils: schema, migrations, repositories, audit log."""

from certdesk.store.database import Store, StoreError, open_store

__all__ = ["Store", "StoreError", "open_store"]
