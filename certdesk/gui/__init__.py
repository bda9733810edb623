"""The PySide6 window. It calls services through the op runner and holds no SQL."""
