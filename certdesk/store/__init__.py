"""SQLite storage through sqlite-utils: schema, migrations, repositories, audit log."""

from certdesk.store.database import Store
from certdesk.store.errors import StoreError
from certdesk.store.opening import open_store

__all__ = ["Store", "StoreError", "open_store"]
