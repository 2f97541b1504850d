"""PySide6 user interface. Views of the core's graph model; never computes stats itself."""
