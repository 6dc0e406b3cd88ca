"""CSV and Excel tables whose rows are placed by coordinate columns or by an address column.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import shapely

from citytwin.errors import BadRequestData
from citytwin.ingest.importers.coerce import (
    TextKind,
    attribute_names,
    convert_text,
    infer_text_column,
    plain,
)
from citytwin.ingest.importers.model import CHUNK, ImportOptions, Reader, SourceRecord

LNG_NAMES = ("lng", "lon", "long", "longitude", "x", "经度", "wgs84_lng", "gcj02_lng", "bd09_lng", "point_x")
LAT_NAMES = ("lat", "latitude", "y", "纬度", "wgs84_lat", "gcj02_lat", "bd09_lat", "point_y")
ADDRESS_NAMES = ("address", "addr", "地址", "详细地址", "住所", "所在地址", "location_address")
_ENCODINGS = ("utf-8-sig", "gb18030")
_SNIFF_BYTES = 64 * 1024
RowSource = Callable[[], Iterator[tuple[int, list[Any]]]]


def _find(columns: Sequence[str], wanted: str | None, candidates: Sequence[str], what: str) -> int | None:
    if wanted is not None:
        if wanted not in columns:
            raise BadRequestData(f"{what} {wanted!r} is not a column; columns: {list(columns)}")
        return columns.index(wanted)
    lowered = [c.strip().lower() for c in columns]
    for name in candidates:
        if name in lowered:
            return lowered.index(name)
    return None


def clean_header(header: Sequence[Any]) -> list[str]:
    """Column names as the reader uses them: stripped, ``column<n>`` for empty ones."""
    names = [str(h).strip() if h is not None else "" for h in header]
    return [h or f"column{i + 1}" for i, h in enumerate(names)]


class TableReader(Reader):
    """Rows of a table with their coordinate or address columns.

    ``rows`` is either the data rows in memory (Excel) or a function that reads them again from the file
    each time it is called (CSV: the file is streamed, never held whole); ``total`` and ``text_kinds`` (the
    inferred type of each column, by header position) then come from the caller's first pass over it.
    """

    def __init__(
        self,
        path: Path,
        header: list[str],
        rows: list[tuple[int, list[Any]]] | RowSource,
        options: ImportOptions,
        *,
        total: int | None = None,
        text_kinds: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self.options = options
        header = clean_header(header)
        self._lng = _find(header, options.lng_column, LNG_NAMES, "--lng-column")
        self._lat = _find(header, options.lat_column, LAT_NAMES, "--lat-column")
        self._addr = _find(header, options.address_column, ADDRESS_NAMES, "--address-column")
        if (self._lng is None) != (self._lat is None):
            found = header[self._lng if self._lng is not None else self._lat or 0]
            raise BadRequestData(f"{path.name}: found coordinate column {found!r} but not its pair")
        if self._lng is None and self._addr is None:
            raise BadRequestData(
                f"{path.name} has no coordinate columns (give --lng-column and --lat-column) and no address "
                f"column (give --address-column); columns: {header}"
            )
        self._header = header
        self._rows = rows
        self._text_kinds = text_kinds
        self.requires_location = self._lng is not None
        self.total = len(rows) if isinstance(rows, list) else total
        skip = {i for i in (self._lng, self._lat) if i is not None}
        self._keep = [i for i in range(len(header)) if i not in skip]
        names = attribute_names([header[i] for i in self._keep])
        self.columns = {header[i]: name for i, name in zip(self._keep, names, strict=True)}
        self._names = names
        self.metadata = {
            "columns": header,
            "lngColumn": None if self._lng is None else header[self._lng],
            "latColumn": None if self._lat is None else header[self._lat],
            "addressColumn": None if self._addr is None else header[self._addr],
        }

    def _data(self) -> Iterable[tuple[int, list[Any]]]:
        return self._rows if isinstance(self._rows, list) else self._rows()

    def _kinds(self) -> list[str | None]:
        """Per kept column: the inferred type of text cells (None: cells are already typed)."""
        if self._text_kinds is not None:
            return [self._text_kinds[i] for i in self._keep]
        assert isinstance(self._rows, list)
        kinds: list[str | None] = []
        for i in self._keep:
            cells = [row[i] if i < len(row) else None for _, row in self._rows]
            if all(c is None or isinstance(c, str) for c in cells):
                kinds.append(infer_text_column(self._header[i], cells))
            else:
                kinds.append(None)
        return kinds

    def records(self, chunk: int = CHUNK) -> Iterator[list[SourceRecord]]:
        """Rows in batches: a Point where both coordinates are given, the address where there is one."""
        kinds = self._kinds()
        batch: list[SourceRecord] = []
        for number, row in self._data():
            record = SourceRecord(number)
            for i, name, kind in zip(self._keep, self._names, kinds, strict=True):
                cell = row[i] if i < len(row) else None
                try:
                    value = convert_text(cell, kind) if kind is not None else plain(cell)
                except ValueError:
                    value = None  # cannot happen for inferred kinds; kept for hand-edited files
                if value is not None:
                    record.properties[name] = value
            if self._addr is not None:
                address = row[self._addr] if self._addr < len(row) else None
                record.address = str(address).strip() if address not in (None, "") else None
            if self._lng is not None and self._lat is not None:
                self._place(record, row)
            batch.append(record)
            if len(batch) >= chunk:
                yield batch
                batch = []
        if batch:
            yield batch

    def _place(self, record: SourceRecord, row: list[Any]) -> None:
        assert self._lng is not None and self._lat is not None
        raw = [row[i] if i < len(row) else None for i in (self._lng, self._lat)]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw):
            return  # no coordinates: the address (if any) places the row
        values = []
        for value, column in zip(raw, (self._lng, self._lat), strict=True):
            try:
                number = float(str(value).strip()) if not isinstance(value, int | float) else float(value)
            except (TypeError, ValueError):
                record.problem = f"bad coordinate: {value!r} in column {self._header[column]!r}"
                return
            if not math.isfinite(number):
                record.problem = f"bad coordinate: {value!r} in column {self._header[column]!r}"
                return
            values.append(number)
        record.geometry = shapely.Point(values[0], values[1])


def _csv_rows(path: Path, encoding: str, dialect: Any) -> Iterator[tuple[int, list[str]]]:
    """The non-empty rows of a CSV file (header included) with the line each starts on, streamed."""
    with path.open(encoding=encoding, newline="") as fh:
        parsed = csv.reader(fh, dialect)
        start = 1
        for cells in parsed:
            # A quoted field may span lines: a row's number is the line it starts on.
            if any(c.strip() for c in cells):
                yield start, cells
            start = parsed.line_num + 1


def _scan(path: Path, encoding: str) -> tuple[Any, list[str], int, list[str]] | None:
    """One pass over the file: (dialect, header, data rows, inferred type per header column); None: empty.

    Raises UnicodeDecodeError when the file is not in ``encoding``.
    """
    with path.open(encoding=encoding, newline="") as fh:
        head = fh.read(_SNIFF_BYTES)
    try:
        dialect: Any = csv.Sniffer().sniff(head, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = _csv_rows(path, encoding, dialect)
    first = next(rows, None)
    if first is None:
        return None
    header = clean_header(first[1])
    kinds = [TextKind(name) for name in header]
    width = len(header)
    count = 0
    for _, cells in rows:
        count += 1
        for kind, cell in zip(kinds, cells[:width], strict=False):
            kind.feed(cell)
    return dialect, list(first[1]), count, [k.result for k in kinds]


def read_csv(path: Path, options: ImportOptions) -> TableReader:
    """A CSV (or TSV) file: encoding UTF-8 or GB18030 unless given, delimiter sniffed.

    The file is read twice, streaming: once to check its encoding, count its rows and type its columns,
    once more, batch by batch, as the import goes; it is never held in memory whole.
    """
    given = options.encoding
    scanned = None
    for name in (given,) if given else _ENCODINGS:
        try:
            scanned = _scan(path, name)
        except (UnicodeDecodeError, LookupError) as err:
            if given:
                raise BadRequestData(f"cannot decode {path.name} as {given}: {err}") from None
            continue
        encoding = name
        break
    else:
        raise BadRequestData(f"cannot decode {path.name} as UTF-8 or GB18030; give --encoding")
    if scanned is None:
        raise BadRequestData(f"{path.name} is empty")
    dialect, header, total, kinds = scanned

    def data() -> Iterator[tuple[int, list[Any]]]:
        rows = _csv_rows(path, encoding, dialect)
        next(rows, None)  # the header
        yield from rows

    reader = TableReader(path, header, data, options, total=total, text_kinds=kinds)
    reader.format = "csv"
    return reader


def read_excel(path: Path, options: ImportOptions) -> TableReader:
    """The first (or ``--sheet``) worksheet of an .xlsx workbook; row 1 is the header."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as err:
        raise BadRequestData(f"cannot read the workbook {path.name}: {err}") from None
    try:
        if options.sheet is not None and options.sheet not in book.sheetnames:
            raise BadRequestData(f"no sheet {options.sheet!r} in {path.name}; sheets: {book.sheetnames}")
        sheet = book[options.sheet] if options.sheet is not None else book.worksheets[0]
        rows = [
            (n, [c.strip() if isinstance(c, str) else c for c in r])
            for n, r in enumerate(sheet.iter_rows(values_only=True), start=1)
            if any(c is not None and str(c).strip() for c in r)
        ]
    finally:
        book.close()
    if not rows:
        raise BadRequestData(f"the sheet of {path.name} is empty")
    header = [str(c) if c is not None else "" for c in rows[0][1]]
    data = rows[1:]
    reader = TableReader(path, header, data, options)
    reader.format = "excel"
    return reader
