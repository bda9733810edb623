"""The demo database: realistic sample managers, paths, agreements and credentials."""
