"""MSOKO, the municipal system of education-quality assessment.

openpyxl parses XLSX with lxml whenever lxml is installed (python-docx brings it), and then
bypasses defusedxml; uploaded workbooks must go through defusedxml (no entity expansion, no DTD
fetches), so openpyxl is told to leave lxml alone before anything imports it.

Polars allocates through its own jemalloc, which by default keeps freed pages for ten
seconds: an import or a recompute of a region frees and allocates hundreds of megabytes part
after part, and the process held them all at once. A background thread now hands them back
within a second (measured on the bench region: about 50 MB less at the peak, no slower;
docs/operations.md). Set before Polars is loaded; an explicit setting wins.
"""

import os

os.environ.setdefault("OPENPYXL_LXML", "False")
os.environ.setdefault("_RJEM_MALLOC_CONF", "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0")
