"""MSOKO, the municipal system of education-quality assessment.

openpyxl parses XLSX with lxml whenever lxml is installed (python-docx brings it), and then
bypasses defusedxml; uploaded workbooks must go through defusedxml (no entity expansion, no DTD
fetches), so openpyxl is told to leave lxml alone before anything imports it.

Polars allocates through its own jemalloc and configures it on import (freed pages kept 0.5 s
dirty, then 1 s "muzzy", purged only when the allocator is next called). An import or a
recompute of a region frees and allocates hundreds of megabytes part after part: a background
thread purging on time and no muzzy stage lower the process's peak by about 50 MB, no slower
(measured on the bench region; docs/operations.md). Polars appends this to its own settings,
so it must be in the environment before Polars is imported; an explicit setting wins. Polars
also writes its own settings back into the environment, where a child process (the bench's
measurements, a worker started by a script that used Polars) inherits them: those alone are
not an explicit setting.
"""

import os

os.environ.setdefault("OPENPYXL_LXML", "False")

POLARS_ALLOCATOR = "dirty_decay_ms:500,muzzy_decay_ms:1000"  # what Polars 2.1 writes on import
ALLOCATOR = "background_thread:true,muzzy_decay_ms:0"
if not os.environ.get("_RJEM_MALLOC_CONF", "").replace(POLARS_ALLOCATOR, "").strip(","):
    os.environ["_RJEM_MALLOC_CONF"] = ALLOCATOR
