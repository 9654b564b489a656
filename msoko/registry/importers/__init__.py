"""Readers of the registry formats: one module per format, columns declared as data."""
