"""Fixtures for the submissions imports tests and access-matrix rows."""
