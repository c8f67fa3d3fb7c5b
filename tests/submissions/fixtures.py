"""Fixtures for the submissions tests and for the access matrix's submissions rows."""
