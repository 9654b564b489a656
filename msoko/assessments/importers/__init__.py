"""Readers of the assessment formats: one module per format, columns declared as data."""
