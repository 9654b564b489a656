"""MSOKO, the municipal system of education-quality assessment.

openpyxl parses XLSX with lxml whenever lxml is installed (python-docx brings it), and then
bypasses defusedxml; uploaded workbooks must go through defusedxml (no entity expansion, no DTD
fetches), so openpyxl is told to leave lxml alone before anything imports it.

Polars allocates through its own jemalloc and configures it on import (freed pages kept 0.5 s
dirty, then 1 s "muzzy", purged only when the allocator is next called). An import or a
recompute of a region frees and allocates hundreds of megabytes part after part: a background
thread purging on time and no muzzy stage lower the process's peak by about 50 MB, no slower
(measured on the bench region; docs/operations.md). Polars appends this to its own settings,
so it must be in the environment before Polars is imported; an explicit setting wins.
"""

import os

os.environ.setdefault("OPENPYXL_LXML", "False")
os.environ.setdefault("_RJEM_MALLOC_CONF", "background_thread:true,muzzy_decay_ms:0")
