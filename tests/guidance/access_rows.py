"""Access-matrix rows for the guidance URLs: see tests/access.py."""

ROWS = []
