"""MSOKO, the municipal system of education-quality assessment.

openpyxl parses XLSX with lxml whenever lxml is installed (python-docx brings it), and then
bypasses defusedxml; uploaded workbooks must go through defusedxml (no entity expansion, no DTD
fetches), so openpyxl is told to leave lxml alone before anything imports it.
"""

import os

os.environ.setdefault("OPENPYXL_LXML", "False")
