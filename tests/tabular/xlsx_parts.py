"""Build XLSX files part by part, so a test can write the hostile ones a spreadsheet never would.

A workbook here is the five parts a reader needs ([Content_Types].xml, the relationships, the
workbook and one sheet) plus any extra part; nothing is committed as a binary fixture.
"""

from __future__ import annotations

import io
import struct
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET = "xl/worksheets/sheet1.xml"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def workbook_xml(name: str = "Лист1", doctype: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
        f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}">'
        f'<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def sheet_xml(rows: str, *, dimension: str = "A1") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row(*headers: str) -> str:
    """Row 1 with the headers in A1, B1, …"""
    cells = "".join(text_cell(f"{chr(ord('A') + i)}1", h) for i, h in enumerate(headers))
    return f'<row r="1">{cells}</row>'


def xlsx(
    sheet: str,
    *,
    workbook: str | None = None,
    extra: dict[str, str | bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    buffer = io.BytesIO()
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook or workbook_xml(),
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        SHEET: sheet,
        **(extra or {}),
    }
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def declare_size(content: bytes, name: str, size: int) -> bytes:
    """The same archive with ``name``'s unpacked size written as ``size`` in both its headers
    (the central directory, which readers trust, and the local header)."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    info = archive.getinfo(name)
    data = bytearray(content)
    struct.pack_into("<I", data, info.header_offset + 22, size)
    encoded = name.encode()
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"PK\x05\x06"))
    while data[central + 46 : central + 46 + len(encoded)] != encoded:
        central = data.rfind(b"PK\x01\x02", 0, central)
    struct.pack_into("<I", data, central + 24, size)
    return bytes(data)


def declare_parts(content: bytes, parts: int) -> bytes:
    """The same archive with the end record claiming ``parts`` entries."""
    data = bytearray(content)
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, parts, parts)
    return bytes(data)
