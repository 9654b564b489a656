"""Measure an XLSX file before openpyxl or calamine reads it, and refuse what would exhaust memory.

Neither reader can be stopped once it starts: calamine allocates the used range of a sheet
densely from the cells it finds, so a 1.7 KB file with one cell at XFD1048576 asks for 550 GB
and aborts the process. So the archive is measured first, with no tree and no cell objects:

1. the end record of the ZIP: how many parts the directory lists and how big it is;
2. each part as the directory declares it: its unpacked size, compression ratio, method;
3. each part as it really unpacks: zlib in 1 MB chunks, stopped as soon as it gives more
   than declared (calamine's unzip does not stop at the declared size), with its CRC;
4. each XML part streamed through expat while it unpacks: a DTD is refused; inside
   ``<sheetData>`` the rows and cells are numbered as the readers number them (by ``r``, or
   counted on from the previous one when ``r`` is missing), so the real extent of each sheet
   is known, not the ``<dimension>`` it declares; the characters of every cell and shared
   string are counted.

A part that is not well-formed XML is only refused when it holds ``sheetData``: VML drawings
written by Excel are not well-formed and no reader needs them, but calamine reads a broken
sheet further than expat does. The limits are in :mod:`msoko.tabular.limits`.

expat calls Python for every element, which costs about as long as calamine's whole read, so
a big part written the usual way (every ``<row>`` and ``<c>`` unprefixed, with ``r`` first, no
DTD, comment or CDATA) is measured by byte searches instead (:func:`_plain_part_within_limits`,
a fifth of the time); anything else, or anything over a limit, goes through expat.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from xml.parsers import expat

from msoko.tabular import limits
from msoko.tabular.problems import ImportProblem, TableRejected, thousands

CHUNK = 1 << 20
#: parts at least this big are first measured by byte searches (tests set 0 to use them always)
PLAIN_SCAN_BYTES = 1 << 20
_END = b"PK\x05\x06"
_END64_LOCATOR = b"PK\x06\x07"
_LOCAL = b"PK\x03\x04"
_SHEET_DATA = tuple("sheetData".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))
_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,10})")
# worksheets and shared strings are streamed by both readers, images are not read at all;
# every other part is parsed by openpyxl into a whole tree and gets the smaller limit
_DATA_PART = re.compile(r"xl/(worksheets/[^/]+\.xml|sharedStrings\.xml|media/.+)", re.IGNORECASE)
_REPAIR = "сохраните таблицу заново в Excel или в CSV"
_PLAIN_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})[0-9]{1,7}"')
_PLAIN_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
_PLAIN_ROW = re.compile(rb'<row r="([0-9]{1,7})"')
# a row or cell tag written any other way: prefixed, or without an attribute, or a separator
# other than a space (two patterns, each starting with a literal, so that re skips ahead fast)
_ODD_TAGS = (re.compile(rb":(?:c|row)[ >/\t\n\r]"), re.compile(rb"<(?:c|row)[>/\t\n\r]"))
_DECLARATION_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)""")


def check_xlsx(content: bytes) -> None:
    """Raise :class:`TableRejected` if the file is over a limit or damaged in a way that
    would make a reader allocate more than the file is worth; return if it is safe to read."""
    _check_end_record(content)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        parts = archive.infolist()
    except Exception as error:  # zipfile raises many kinds for a damaged archive
        raise _rejected("не удалось открыть файл XLSX: архив повреждён") from error
    _check_declared(parts)
    for part in parts:
        if not part.is_dir():
            _check_part(content, part)


def _rejected(message: str, *, row: int = 0, value: str = "") -> TableRejected:
    return TableRejected([ImportProblem(row, "", value, message)])


def _mb(size: int) -> str:
    return f"{size / limits.MIB:.1f}".replace(".", ",") + " МБ"


def _check_end_record(content: bytes) -> None:
    """zipfile reads the whole central directory into objects on opening: bound it first."""
    end = content.rfind(_END, max(0, len(content) - 22 - 65_535))
    if end < 0 or len(content) - end < 22:
        raise _rejected("не удалось открыть файл XLSX: это не ZIP-архив или он повреждён")
    parts, directory_size = struct.unpack_from("<HI", content, end + 10)
    # zipfile takes the ZIP64 end record, when there is one, from just before the locator
    if end >= 76 and content[end - 20 : end - 16] == _END64_LOCATOR:
        parts, directory_size = struct.unpack_from("<QQ", content, end - 76 + 32)
    if parts > limits.MAX_PARTS or directory_size > limits.MAX_PARTS * 1024:
        raise _rejected(
            f"в файле XLSX допустимо не больше {thousands(limits.MAX_PARTS)} частей, "
            f"а в этом архиве указано {thousands(parts)}: файл повреждён или не является таблицей"
        )


def _check_declared(parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > limits.MAX_PARTS:
        raise _rejected(
            f"в файле XLSX допустимо не больше {thousands(limits.MAX_PARTS)} частей, "
            f"а в этом — {thousands(len(parts))}"
        )
    names = [p.filename for p in parts]
    if len(set(names)) != len(names):
        raise _rejected(f"в файле XLSX части с одинаковыми именами: файл повреждён; {_REPAIR}")
    total = 0
    for part in parts:
        if part.flag_bits & 0x1:
            raise _rejected("файл XLSX зашифрован (защищён паролем): снимите пароль и сохраните файл заново")
        if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _rejected(f"часть «{part.filename}» файла XLSX сжата неизвестным способом: {_REPAIR}")
        limit = limits.MAX_PART_BYTES if _DATA_PART.fullmatch(part.filename) else limits.MAX_OTHER_PART_BYTES
        if part.file_size > limit:
            raise _rejected(
                f"часть «{part.filename}» файла XLSX в распакованном виде должна занимать не больше "
                f"{_mb(limit)}, а занимает {_mb(part.file_size)}: разделите таблицу на несколько файлов "
                "или сохраните её в CSV"
            )
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > limits.RATIO_FLOOR_BYTES and ratio > limits.MAX_COMPRESSION_RATIO:
            raise _rejected(
                f"часть «{part.filename}» файла XLSX сжата в {thousands(round(ratio))} раз, "
                f"а таблицы сжимаются не больше чем в {thousands(limits.MAX_COMPRESSION_RATIO)} раз: "
                "файл похож на «ZIP-бомбу» и не принят"
            )
        total += part.file_size
    if total > limits.MAX_TOTAL_BYTES:
        raise _rejected(
            f"файл XLSX в распакованном виде должен занимать не больше {_mb(limits.MAX_TOTAL_BYTES)}, "
            f"а занимает {_mb(total)}: разделите таблицу на несколько файлов или сохраните её в CSV"
        )


def _check_part(content: bytes, part: zipfile.ZipInfo) -> None:
    scan = _PartScan(part.filename)
    crc = 0
    if part.file_size < PLAIN_SCAN_BYTES:
        for chunk in _unpacked(content, part):
            crc = zlib.crc32(chunk, crc)
            scan.feed(chunk)
        _check_crc(part, crc)
        scan.close()
        return
    data = b"".join(_unpacked(content, part))
    _check_crc(part, zlib.crc32(data))
    if _plain_part_within_limits(data):
        return
    view = memoryview(data)
    for offset in range(0, len(data), CHUNK):
        scan.feed(view[offset : offset + CHUNK])
    scan.close()


def _check_crc(part: zipfile.ZipInfo, crc: int) -> None:
    if crc != part.CRC:
        raise _rejected(f"часть «{part.filename}» файла XLSX повреждена (не совпадает контрольная сумма)")


def _plain_part_within_limits(data: bytes) -> bool:
    """True if the part is written the usual way and is within the limits; False sends it to expat.

    Every ``<row`` and ``<c`` tag of a plain part starts ``<row r="N"`` or ``<c r="AB12"``, so
    all positions are explicit and a byte search finds every one of them, and more (inside a
    comment or CDATA they would be counted too, so those send the part to expat). A cell's
    text lies between its ``<c `` and the next one, and bytes are never fewer than characters.
    """
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    if data[start : start + 1] != b"<":
        return False
    if data.startswith(b"<?xml", start):
        end = data.find(b"?>", start)
        encoding = _DECLARATION_ENCODING.search(data, start, max(end, start))
        if end < 0 or (encoding is not None and encoding[1].lower() not in (b"utf-8", b"utf8")):
            return False
        start = end + 2
    if data.find(b"<!", start) >= 0 or data.find(b"<?", start) >= 0:
        return False
    if data.find(b"<si", start) >= 0 and _longest(data, b"<si", start, len(data)) > limits.MAX_CELL_CHARS:
        return False
    if data.find(b"sheetData", start) < 0:
        return True
    if data.count(b"sheetData", start) > 2 or any(odd.search(data, start) for odd in _ODD_TAGS):
        return False
    columns = _PLAIN_CELL_COLUMN.findall(data, start)
    cell_rows = _PLAIN_CELL_ROW.findall(data, start)
    rows = _PLAIN_ROW.findall(data, start)
    cells = data.count(b"<c ", start)
    if len(columns) != cells or len(cell_rows) != cells or len(rows) != data.count(b"<row ", start):
        return False
    max_row = max(map(int, set(rows).union(cell_rows)), default=0)
    max_col = max((_column_number(column.decode()) for column in set(columns)), default=0)
    if max_row > limits.MAX_ROWS or max_col > limits.MAX_COLUMNS or max_row * max_col > limits.MAX_CELLS:
        return False  # expat finds the first cell over the limit for the message
    end = data.find(b"</sheetData>", start)
    return _longest(data, b"<c ", start, end if end >= 0 else len(data)) <= limits.MAX_CELL_CHARS


def _longest(data: bytes, tag: bytes, start: int, end: int) -> int:
    """The most bytes from one ``tag`` to the next (or to ``end``)."""
    first = data.find(tag, start, end)
    if first < 0:
        return 0
    return max(map(len, data[first:end].split(tag)))


def _unpacked(content: bytes, part: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's bytes in chunks, never more than its declared size (else rejected)."""
    damaged = _rejected(
        f"часть «{part.filename}» файла XLSX распаковывается не в тот размер, что указан в архиве: "
        f"файл повреждён или подделан; {_REPAIR}"
    )
    header = content[part.header_offset : part.header_offset + 30]
    if len(header) < 30 or header[:4] != _LOCAL:
        raise damaged
    name_length, extra_length = struct.unpack_from("<HH", header, 26)
    start = part.header_offset + 30 + name_length + extra_length
    packed = memoryview(content)[start : start + part.compress_size]
    if len(packed) < part.compress_size:
        raise damaged
    if part.compress_type == zipfile.ZIP_STORED:
        if part.compress_size != part.file_size:
            raise damaged
        for offset in range(0, len(packed), CHUNK):
            yield bytes(packed[offset : offset + CHUNK])
        return
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = 0
    pending: bytes | memoryview = packed
    try:
        while not inflate.eof:
            chunk = inflate.decompress(pending, CHUNK)
            if not chunk and len(inflate.unconsumed_tail) == len(pending):
                break  # the input ended before the end of the deflate stream
            pending = inflate.unconsumed_tail
            produced += len(chunk)
            if produced > part.file_size:
                raise damaged
            if chunk:
                yield chunk
    except zlib.error as error:
        raise damaged from error
    if not inflate.eof or produced != part.file_size:
        raise damaged


class _PartScan:
    """One part streamed through expat, following rows and cells as the readers number them.

    A row without ``r`` is numbered after the highest row seen so far, a cell without ``r``
    after the highest column of its row: never lower than openpyxl or calamine would number
    them, so the extent found is an upper bound of what they allocate.
    """

    def __init__(self, name: str):
        self.name = name
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.buffer_size = 1 << 16
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.broken_at: int | None = None
        self.holds_sheet_data = False
        self._tail = b""
        self.sheet_data = 0  # depth of <sheetData>
        self.row = 0  # the number of the open row
        self.col = 0  # the highest column of the open row
        self.max_row = 0
        self.max_col = 0
        self.cell_depth = 0  # inside a <c> of a sheet or an <si> of the shared strings
        self.chars = 0
        self._columns: dict[str, int] = {}

    def feed(self, chunk: bytes) -> None:
        if not self.holds_sheet_data:
            window = self._tail + chunk[:32]
            self.holds_sheet_data = any(m in chunk or m in window for m in _SHEET_DATA)
            self._tail = chunk[-32:]
        if self.broken_at is None:
            try:
                self.parser.Parse(chunk, False)
            except expat.ExpatError as error:
                self.broken_at = error.lineno

    def close(self) -> None:
        if self.broken_at is None:
            try:
                self.parser.Parse(b"", True)
            except expat.ExpatError as error:
                self.broken_at = error.lineno
        if self.broken_at is not None and self.holds_sheet_data:
            raise _rejected(
                f"лист в части «{self.name}» файла XLSX повреждён (ошибка XML в строке {self.broken_at} "
                f"части): {_REPAIR}"
            )

    def _doctype(self, *_args: object) -> None:
        raise _rejected(
            f"часть «{self.name}» файла XLSX содержит объявление DTD (<!DOCTYPE>), которого в файлах "
            "Excel не бывает: через него файл может ссылаться на другие файлы или раздуваться "
            "в памяти; файл не принят"
        )

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "c":
            if self.sheet_data:
                self._cell(attrs.get("r"))
                self._open_text()
        elif name == "row":
            if self.sheet_data:
                self._row(attrs.get("r"))
        elif name == "si":
            self._open_text()
        elif name == "sheetData":
            self.sheet_data += 1

    def _end(self, name: str) -> None:
        if ":" in name:
            name = name.rpartition(":")[2]
        if (name == "c" and self.sheet_data) or name == "si":
            self.cell_depth = max(self.cell_depth - 1, 0)
        elif name == "sheetData":
            self.sheet_data -= 1

    def _open_text(self) -> None:
        if not self.cell_depth:
            self.chars = 0
        self.cell_depth += 1

    def _text(self, data: str) -> None:
        if self.cell_depth:
            self.chars += len(data)
            if self.chars > limits.MAX_CELL_CHARS:
                self._too_long()

    def _too_long(self) -> None:
        where = f"ячейке {_reference(self.row, self.col)}" if self.sheet_data else "ячейке (общая строка)"
        raise _rejected(
            f"в ячейке допустимо не больше {thousands(limits.MAX_CELL_CHARS)} знаков (предел Excel), "
            f"а в {where} их больше: удалите лишний текст",
            row=self.row if self.sheet_data else 0,
            value=_reference(self.row, self.col) if self.sheet_data else "",
        )

    def _row(self, r: str | None) -> None:
        self.row = self.max_row + 1 if r is None else _row_number(r)
        self.col = 0
        self._place(self.row, 0)

    def _cell(self, r: str | None) -> None:
        if r is None:
            row, col = max(self.row, 1), self.col + 1
        else:
            match = _REF.fullmatch(r)
            if match is None:
                raise _rejected(f"неверная ссылка на ячейку «{r[:20]}»: файл повреждён; {_REPAIR}")
            letters, digits = match.groups()
            col = self._columns.get(letters)
            if col is None:
                col = self._columns[letters] = _column_number(letters)
            row = int(digits)
            if row < 1:
                raise _rejected(f"неверная ссылка на ячейку «{r}»: файл повреждён; {_REPAIR}")
        self.col = max(self.col, col)
        self._place(row, col)

    def _place(self, row: int, col: int) -> None:
        grew = False
        if row > self.max_row:
            if row > limits.MAX_ROWS:
                raise _rejected(
                    f"на листе допустимо не больше {thousands(limits.MAX_ROWS)} строк, "
                    f"а в файле есть строка {thousands(row)}: удалите лишние строки "
                    "или сохраните таблицу в CSV"
                )
            self.max_row, grew = row, True
        if col > self.max_col:
            if col > limits.MAX_COLUMNS:
                raise _rejected(
                    f"на листе допустимо не больше {thousands(limits.MAX_COLUMNS)} столбцов, а в файле есть "
                    f"ячейка {_reference(row, col)} (столбец {thousands(col)}): удалите лишние ячейки",
                    value=_reference(row, col),
                )
            self.max_col, grew = col, True
        if grew and self.max_row * self.max_col > limits.MAX_CELLS:
            raise _rejected(
                f"диапазон листа допустимо не больше {thousands(limits.MAX_CELLS)} ячеек (строки × столбцы), "
                f"а данные этого листа доходят до ячейки {_reference(self.max_row, self.max_col)} "
                f"({thousands(self.max_row)} × {thousands(self.max_col)}): "
                "удалите лишние ячейки далеко от таблицы или сохраните её в CSV"
            )


def _row_number(text: str) -> int:
    """A row's ``r`` as openpyxl reads it: an integer, also written as «5.0»."""
    try:
        number = int(text)
    except ValueError:
        try:
            value = float(text)
        except ValueError:
            value = 0.5
        if not value.is_integer():
            raise _rejected(f"неверный номер строки «{text[:20]}»: файл повреждён; {_REPAIR}") from None
        number = int(value)
    if number < 1:
        raise _rejected(f"неверный номер строки «{text[:20]}»: файл повреждён; {_REPAIR}")
    return number


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _reference(row: int, col: int) -> str:
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters or 'A'}{max(row, 1)}"
