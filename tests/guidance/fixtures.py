"""Fixtures for the guidance tests and for the access matrix's guidance rows."""
