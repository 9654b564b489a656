"""Readers of the indicator formats: one module per format, columns declared as data."""
