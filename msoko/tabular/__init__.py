"""Reading and validating the tabular files users upload (CSV and XLSX).

Pure Python and Polars, no Django: every importer (registry, results, ГИА …) declares its
columns as data and gets the same header detection, parsing and Russian error messages.
"""
