"""Access-matrix rows for the submissions compare URLs: see tests/access.py."""

ROWS = []
