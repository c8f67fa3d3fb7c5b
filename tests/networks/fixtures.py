"""Fixtures for the networks tests and for the access matrix's networks rows."""
