"""Access-matrix rows for the submissions URLs: see tests/access.py."""

ROWS = []
