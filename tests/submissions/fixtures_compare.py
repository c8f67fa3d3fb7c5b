"""Fixtures for the submissions compare tests and access-matrix rows."""
