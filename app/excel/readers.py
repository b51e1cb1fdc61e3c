"""Read a spreadsheet or CSV into one :class:`Table`: the chosen sheet's header row and
data rows, with the row numbers a person sees in Excel.

* .xlsx/.xlsm, legacy .xls and .ods through python-calamine (about 10× faster than
  openpyxl; numbers come back as floats, formatted dates as ``date``/``datetime``).
* .csv/.txt/.tsv: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode
  text"), else GB18030 (a superset of GBK, what Chinese POS systems and Excel on a
  Chinese Windows write); the delimiter (comma, tab, semicolon, bar) is sniffed.
* Hidden sheets are skipped unless asked for by name; among the visible worksheets the
  one whose header best matches the kind's columns is taken.
* The header row is found even under merged title rows ("2023年会员资料" across A1:H1)
  and blank lines: of the first :data:`HEADER_SCAN_ROWS` rows, the one with the most
  cells naming a known column wins.

Every file goes through :func:`app.excel.hostile.check` first.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.excel import FileRefused, hostile
from app.text import clean_text

HEADER_SCAN_ROWS = 30


@dataclass(frozen=True)
class SheetInfo:
    name: str
    visible: bool


@dataclass
class Table:
    """One sheet's content. ``rows[i]`` is the sheet's row ``row_numbers[i]`` (1-based,
    as Excel numbers it); empty cells are None; blank rows are left out."""

    path: Path
    format: str
    sheet: str
    sheets: list[SheetInfo]
    header_row: int
    headers: list[str]
    rows: list[list[Any]]
    row_numbers: list[int]
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)


def cell_text(value: Any) -> str:
    """A cell as text: floats that are whole numbers lose their ``.0`` (a member number
    typed into a numeric cell), None becomes '', and text loses invisible characters
    (:func:`app.text.clean_text`, the rule the member form applies too)."""
    if type(value) is str:  # most cells: the fast path first
        return clean_text(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def read_table(
    path: str | Path,
    *,
    score_header: Callable[[list[str]], int],
    sheet: str | None = None,
    max_rows: int = hostile.DEFAULT_MAX_ROWS,
) -> Table:
    """Read ``path`` (refusing hostile files first). ``score_header(cells)`` says how
    many of a row's cells name a known column; it picks the sheet and the header row."""
    path = Path(path)
    fmt = hostile.check(path, max_rows=max_rows)
    if fmt == "csv":
        grid, encoding = _read_csv(path, max_rows)
        return _table(path, fmt, "", [], grid, score_header, encoding)
    return _read_workbook(path, fmt, sheet, score_header, max_rows)


def list_sheets(path: str | Path) -> list[SheetInfo]:
    """The workbook's sheets (hidden ones flagged); [] for a CSV."""
    path = Path(path)
    if hostile.check(path) == "csv":
        return []
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    wb = CalamineWorkbook.from_path(str(path))
    try:
        return [
            SheetInfo(m.name, m.visible == SheetVisibleEnum.Visible)
            for m in wb.sheets_metadata
            if m.typ == SheetTypeEnum.WorkSheet
        ]
    finally:
        wb.close()


# ------------------------------------------------------------------ workbooks


def _read_workbook(
    path: Path,
    fmt: str,
    sheet: str | None,
    score_header: Callable[[list[str]], int],
    max_rows: int,
) -> Table:
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError:
        raise FileRefused("file_encrypted", name=path.name) from None
    except Exception as exc:  # calamine raises its own errors for broken files
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise FileRefused("file_encrypted", name=path.name) from None
        raise FileRefused("file_corrupt", name=path.name, error=str(exc)[:200]) from None
    try:
        infos = [
            SheetInfo(m.name, m.visible == pc.SheetVisibleEnum.Visible)
            for m in wb.sheets_metadata
            if m.typ == pc.SheetTypeEnum.WorkSheet
        ]
        if sheet is not None:
            if sheet not in [s.name for s in infos]:
                raise FileRefused("sheet_missing", name=path.name, sheet=sheet)
            candidates = [sheet]
        else:
            candidates = [s.name for s in infos if s.visible]
        if not candidates:
            raise FileRefused("no_visible_sheet", name=path.name)
        best: tuple[int, Table] | None = None
        for name in candidates:
            try:
                ws = wb.get_sheet_by_name(name)
            except pc.PasswordError:
                raise FileRefused("file_encrypted", name=path.name) from None
            if ws.total_height > max_rows + 50:
                raise FileRefused(
                    "too_many_rows", name=path.name, rows=ws.total_height, max=max_rows
                )
            grid = ws.to_python(skip_empty_area=False)
            table = _table(path, fmt, name, infos, grid, score_header, None)
            score = score_header(table.headers)
            if best is None or score > best[0]:
                best = (score, table)
            if len(candidates) == 1:
                break
        assert best is not None
        return best[1]
    except FileRefused:
        raise
    except Exception as exc:
        raise FileRefused("file_corrupt", name=path.name, error=str(exc)[:200]) from None
    finally:
        wb.close()


# ------------------------------------------------------------------ CSV


# Excel's "Unicode text" is UTF-16; UTF-32 has a BOM starting like UTF-16's, so first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
MAX_CSV_FIELD_CHARS = 128 * 1024  # one cell's text; a longer one is a broken file
MAX_CSV_LINE_CHARS = 4 * MAX_CSV_FIELD_CHARS  # read a line at most this far at a time
csv.field_size_limit(MAX_CSV_FIELD_CHARS)


def bom_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``head`` names, or None."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """``(text, encoding)``: BOM first, then strict UTF-8, then GB18030."""
    found = bom_encoding(data)
    for encoding in [found] if found else ["utf-8", "gb18030"]:
        try:
            return data.decode(encoding).lstrip("\ufeff"), encoding
        except UnicodeDecodeError:
            continue
    raise FileRefused("encoding_unknown")


def _read_csv(path: Path, max_rows: int) -> tuple[list[list[Any]], str]:
    """Decode while reading (a 200 MB file is never held twice); UTF-8 is tried first
    and GB18030 after a decoding error, unless a BOM names the encoding. A field over
    ``MAX_CSV_FIELD_CHARS`` or a malformed row is refused with its line number."""
    with path.open("rb") as fh:
        found = bom_encoding(fh.read(4))
    for encoding in [found] if found else ["utf-8", "gb18030"]:
        try:
            return _parse_csv(path, encoding, max_rows), encoding
        except UnicodeDecodeError as exc:
            if found:  # the BOM named it: the text itself is broken
                label = {"utf-8-sig": "UTF-8"}.get(found, found.upper())
                raise FileRefused("text_broken", name=path.name, encoding=label) from exc
    raise FileRefused("encoding_unknown", name=path.name)


def _bounded_lines(fh: Any, path: Path) -> Iterator[str]:
    """The file's lines, none read further than ``MAX_CSV_LINE_CHARS`` (the csv module
    would read a 200 MB line whole before its field limit could say no)."""
    number = 0
    while line := fh.readline(MAX_CSV_LINE_CHARS):
        number += 1
        if len(line) >= MAX_CSV_LINE_CHARS and not line.endswith(("\n", "\r")):
            raise FileRefused(
                "csv_field_too_large",
                name=path.name,
                row=number,
                max_kb=MAX_CSV_FIELD_CHARS // 1024,
            )
        yield line


def _parse_csv(path: Path, encoding: str, max_rows: int) -> list[list[Any]]:
    with path.open("r", encoding=encoding, newline="", errors="strict") as fh:
        sample = fh.read(16384)
        fh.seek(0)
        # a second BOM (a file saved twice) would glue itself to the first header
        sample = sample.lstrip("\ufeff")
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
        except csv.Error:
            delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
        grid: list[list[Any]] = []
        reader = csv.reader(_bounded_lines(fh, path), delimiter=delimiter)
        try:
            for i, row in enumerate(reader):
                if i > max_rows + 50:
                    raise FileRefused(
                        "too_many_rows", name=path.name, rows=f">{max_rows}", max=max_rows
                    )
                if i == 0 and row:
                    row[0] = row[0].lstrip("\ufeff")
                grid.append(row)
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise FileRefused(
                    "csv_field_too_large",
                    name=path.name,
                    row=reader.line_num,
                    max_kb=MAX_CSV_FIELD_CHARS // 1024,
                ) from None
            raise FileRefused("csv_bad_row", name=path.name, row=reader.line_num) from exc
    return grid


# ------------------------------------------------------------------ header row


def _table(
    path: Path,
    fmt: str,
    sheet: str,
    infos: list[SheetInfo],
    grid: list[list[Any]],
    score_header: Callable[[list[str]], int],
    encoding: str | None,
) -> Table:
    best_i, best_score = -1, 0
    first_wide = -1
    for i, raw in enumerate(grid[:HEADER_SCAN_ROWS]):
        cells = [cell_text(c) for c in raw]
        filled = sum(1 for c in cells if c)
        if first_wide < 0 and filled >= 2:
            first_wide = i
        score = score_header(cells)
        if score > best_score:
            best_i, best_score = i, score
    header_i = best_i if best_i >= 0 else first_wide
    if header_i < 0:
        return Table(path, fmt, sheet, infos, 0, [], [], [], encoding)
    headers = [cell_text(c) for c in grid[header_i]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    rows: list[list[Any]] = []
    numbers: list[int] = []
    for i in range(header_i + 1, len(grid)):
        raw = grid[i]
        cells = [None if c == "" else c for c in raw[:width]]
        if len(cells) < width:
            cells.extend([None] * (width - len(cells)))
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        rows.append(cells)
        numbers.append(i + 1)
    return Table(path, fmt, sheet, infos, header_i + 1, headers, rows, numbers, encoding)
