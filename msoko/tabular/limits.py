"""How big an uploaded table may be before any reader touches it (docs/operations.md#file-limits).

An XLSX file is a ZIP archive of XML parts, and its readers trust what it declares: calamine
allocates the whole used range densely (32 bytes a cell, so one cell at XFD1048576 asks for
550 GB and aborts the process), openpyxl builds a tree of every metadata part. So the archive
and its sheets are measured first (``xlsx_guard.check_xlsx``) and refused above these limits.
Tests lower them with ``monkeypatch``; the guard reads them at call time.
"""

from __future__ import annotations

MIB = 1024 * 1024

#: parts (files) inside the archive; a real workbook has a few dozen
MAX_PARTS = 10_000
#: unpacked size of one worksheet or of the shared strings (≈ 170,000 rows of a ФИС ОКО
#: regional export, whose 26,600 rows take 20 MB); bigger tables come as CSV
MAX_PART_BYTES = 128 * MIB
#: unpacked size of any other part (workbook, styles, relationships …): openpyxl parses these
#: into a whole tree in memory, and a real one is well under 1 MB
MAX_OTHER_PART_BYTES = 16 * MIB
#: unpacked size of all parts together
MAX_TOTAL_BYTES = 256 * MIB
#: unpacked / packed size of a part above ``RATIO_FLOOR_BYTES``: sheets compress about 10:1,
#: a zip bomb about 1000:1
MAX_COMPRESSION_RATIO = 100
RATIO_FLOOR_BYTES = 1 * MIB

#: the used range of a sheet: columns, rows and their product (what calamine allocates)
MAX_COLUMNS = 1_000
MAX_ROWS = 1_048_576  # Excel's own limit: a sheet with more rows was not made by a spreadsheet
MAX_CELLS = 20_000_000  # ≈ 640 MB in calamine; a dense sheet this size is over MAX_PART_BYTES anyway

#: characters in one cell, CSV or XLSX: Excel's own limit
MAX_CELL_CHARS = 32_767
