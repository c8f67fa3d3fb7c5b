"""Access-matrix rows for the submissions imports URLs: see tests/access.py."""

ROWS = []
