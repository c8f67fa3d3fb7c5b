"""Fixtures for the submissions entry tests and access-matrix rows."""
