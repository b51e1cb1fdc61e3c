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
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.excel import FileRefused, hostile

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
    typed into a numeric cell), None becomes ''."""
    if type(value) is str:  # most cells: the fast path first
        return value.strip()
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


def decode_text(data: bytes) -> tuple[str, str]:
    """``(text, encoding)``: BOM first, then strict UTF-8, then GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise FileRefused("encoding_unknown") from None


def _read_csv(path: Path, max_rows: int) -> tuple[list[list[Any]], str]:
    data = path.read_bytes()
    try:
        text, encoding = decode_text(data)
    except FileRefused:
        raise FileRefused("encoding_unknown", name=path.name) from None
    del data
    sample = text[:16384]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    grid: list[list[Any]] = []
    for i, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)):
        if i > max_rows + 50:
            raise FileRefused("too_many_rows", name=path.name, rows=f">{max_rows}", max=max_rows)
        grid.append(row)
    return grid, encoding


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
