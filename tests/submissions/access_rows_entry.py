"""Access-matrix rows for the submissions entry URLs: see tests/access.py."""

ROWS = []
