"""Refuse dangerous or broken files before any parser opens them.

Every check here reads only a file's first bytes or a zip's central directory, so a
hostile file is refused in milliseconds instead of costing minutes of CPU or gigabytes
of memory inside a parser (an 858 KiB zip bomb expanding to 286 MiB costs openpyxl
115 s; its declared sizes say so in under 1 ms):

* **empty** files (0 bytes, or only a BOM and whitespace);
* **too large** files (``MAX_FILE_BYTES``);
* **zip bombs**: the sum of the entries' declared uncompressed sizes above
  ``MAX_UNCOMPRESSED_BYTES``, an entry expanding more than ``MAX_RATIO`` times (above
  ``RATIO_FLOOR_BYTES``), or more than ``MAX_ENTRIES`` entries. Readers never read past
  an entry's declared size (Python's zipfile and calamine's zip both stop there), so the
  declared sizes bound the work;
* **encrypted workbooks**: an OLE compound file holding ``EncryptedPackage`` (Excel's
  "protect with password" for .xlsx), or an .xls with a FILEPASS record;
* **a CSV (or any text) renamed** to .xlsx/.xls: neither a zip nor an OLE file;
* **XML entity tricks** (billion laughs, external entities): any ``<!DOCTYPE`` or
  ``<!ENTITY`` in an XML part; spreadsheets never need one;
* **too many rows**: a sheet whose declared ``<dimension>`` goes past the row limit
  (readers check the real row count too);
* **sheets too large to lay out**: a reader builds a sheet's whole rectangle from the
  positions of its cells (python-calamine: ~32 bytes a cell, whatever ``<dimension>``
  claims), so one cell at XFD20000 in a 5 KB file costs 12 GB and a larger one kills
  the process. Each worksheet's real extent is measured from its XML first
  (:mod:`app.excel.extent`, ~0.3x the reader's own time; for .ods with repeated rows
  and columns counted as laid out) and a sheet past the row limit,
  ``MAX_COLUMNS`` columns, or ``MAX_AREA`` cells (``MAX_SPARSE_AREA`` when most of that
  area is empty) is refused.

``check(path)`` returns the detected format (``"xlsx"``, ``"xls"``, ``"ods"``, ``"csv"``)
or raises :class:`app.excel.FileRefused`.
"""

from __future__ import annotations

import html
import re
import zipfile
import zlib
from pathlib import Path

from app.excel import FileRefused, extent

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 150
RATIO_FLOOR_BYTES = 10 * 1024 * 1024  # small parts may compress very well; ignore them
MAX_ENTRIES = 10_000
DEFAULT_MAX_ROWS = 300_000
XML_SCAN_BYTES = 64 * 1024
MAX_COLUMNS = 1_000  # Excel allows 16,384; a member, sale or contact sheet has < 100
MAX_AREA = 24_000_000  # rows x columns a reader may lay out: ~0.8 GB at 32 bytes a cell
MAX_SPARSE_AREA = 2_000_000  # ... when more than 3/4 of it is empty (~64 MB)

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_NAMES = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_DTD = re.compile(rb"<\s*!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DTD16 = [s.encode("utf-16-le") for s in ("<!DOCTYPE", "<!ENTITY", "<!doctype", "<!entity")]
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)?(\d+)?(?::[A-Z]+(\d+))?"')

EXCEL_SUFFIXES = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}


def check(path: str | Path, *, max_rows: int = DEFAULT_MAX_ROWS) -> str:
    """Refuse ``path`` if it is hostile or unreadable; return its format."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8192)
    except FileNotFoundError:
        raise FileRefused("file_missing", name=path.name) from None
    except OSError as exc:
        raise FileRefused("file_unreadable", name=path.name, error=str(exc)) from None
    if size == 0 or not head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n"):
        raise FileRefused("file_empty", name=path.name)
    if size > MAX_FILE_BYTES:
        raise FileRefused(
            "file_too_large", name=path.name, mb=size // 2**20, max_mb=MAX_FILE_BYTES // 2**20
        )
    suffix = path.suffix.lower()
    if head.startswith(OLE_MAGIC):
        _check_ole(path, size)
        if suffix in (".xlsx", ".xlsm", ".xls"):
            return "xls"  # an .xls saved with the wrong name reads as what it is
        raise FileRefused("file_type_mismatch", name=path.name, found="Excel 97-2003 (.xls)")
    if head.startswith(ZIP_MAGIC):
        kind = "ods" if suffix == ".ods" else "xlsx"
        if suffix in TEXT_SUFFIXES:
            raise FileRefused("file_type_mismatch", name=path.name, found="Excel (.xlsx)")
        _check_zip(path, size, max_rows)
        return kind
    if suffix in EXCEL_SUFFIXES:
        # Neither zip nor OLE: text (a CSV renamed), HTML or garbage.
        raise FileRefused("not_a_workbook", name=path.name)
    if suffix in TEXT_SUFFIXES or not suffix:
        if b"\x00" in head and not head.startswith(
            (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")  # UTF-16 / UTF-32 BOMs
        ):
            raise FileRefused("not_text", name=path.name)
        return "csv"
    raise FileRefused("file_type_unknown", name=path.name, suffix=suffix)


def _check_ole(path: Path, size: int) -> None:
    """An OLE compound file: Excel 97-2003, or an encrypted OOXML package. The
    directory's stream names are UTF-16; an encrypted package names its streams
    ``EncryptionInfo``/``EncryptedPackage``. An .xls with a password has a FILEPASS
    record (0x002F) right after the workbook's BOF; calamine reports it as a
    ``PasswordError``, which the reader turns into the same refusal."""
    with path.open("rb") as fh:
        data = fh.read(min(size, 4 * 1024 * 1024))
    if any(name in data for name in _ENCRYPTED_NAMES):
        raise FileRefused("file_encrypted", name=path.name)


def _check_zip(path: Path, size: int, max_rows: int) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ENTRIES:
                raise FileRefused("zip_bomb", name=path.name, reason=f"{len(infos)} entries")
            total = 0
            for info in infos:
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
                    raise FileRefused(
                        "zip_bomb",
                        name=path.name,
                        reason=f"{info.filename}: {info.file_size // 2**20} MiB, ×{ratio:.0f}",
                    )
            if total > MAX_UNCOMPRESSED_BYTES:
                raise FileRefused(
                    "zip_bomb", name=path.name, reason=f"{total // 2**20} MiB uncompressed"
                )
            names = {i.filename for i in infos}
            if "EncryptedPackage" in names or "EncryptionInfo" in names:
                raise FileRefused("file_encrypted", name=path.name)
            if not any(
                n in names for n in ("[Content_Types].xml", "content.xml", "xl/workbook.xml")
            ):
                raise FileRefused("not_a_workbook", name=path.name)
            for info in infos:
                if not info.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                with zf.open(info) as part:
                    head = part.read(XML_SCAN_BYTES)
                if _DTD.search(head) or any(p in head for p in _DTD16):
                    raise FileRefused("xml_entities", name=path.name, part=info.filename)
                if info.filename.startswith("xl/worksheets/"):
                    m = _DIMENSION.search(head)
                    if m:
                        last = int(m[3] or m[2] or 0)
                        if last > max_rows + 50:  # header and title rows on top
                            raise FileRefused(
                                "too_many_rows", name=path.name, rows=last, max=max_rows
                            )
                    _check_extent(path, zf, info, max_rows)
                elif info.filename == "content.xml":
                    _check_ods_extent(path, zf, info, max_rows)
    except zipfile.BadZipFile as exc:
        raise FileRefused("file_corrupt", name=path.name, error=str(exc)) from None
    except (zlib.error, EOFError) as exc:
        raise FileRefused("file_corrupt", name=path.name, error=str(exc)[:200]) from None
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError) as exc:
        # RuntimeError: a zip entry with its own (zip) password
        raise FileRefused("file_corrupt", name=path.name, error=str(exc)) from None


def _check_extent(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, max_rows: int) -> None:
    """Refuse a worksheet whose cells lie further apart than a reader can lay out."""
    with zf.open(info) as part:
        found = extent.measure(part)
    _refuse_beyond(path, found, max_rows, lambda: _sheet_name(zf, info.filename))


def _check_ods_extent(
    path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, max_rows: int
) -> None:
    """An OpenDocument spreadsheet's tables, measured with their repeated rows and
    columns (``table:number-rows-repeated``, ``-columns-repeated``) counted as a reader
    lays them out: a 1 KB file can claim a billion cells."""
    from xml.parsers.expat import ExpatError

    try:
        with zf.open(info) as part:
            tables = extent.measure_ods(part)
    except ExpatError as exc:
        raise FileRefused("file_corrupt", name=path.name, error=str(exc)[:200]) from None
    for name, found in tables:
        _refuse_beyond(path, found, max_rows, lambda name=name: name)


def _refuse_beyond(path: Path, found: extent.Extent, max_rows: int, sheet) -> None:
    """The row limit, ``MAX_COLUMNS``, ``MAX_AREA`` (``MAX_SPARSE_AREA`` when most of
    the area is empty); ``sheet()`` names the sheet for the message."""
    if found.rows > max_rows + 50:  # header and title rows on top
        raise FileRefused("too_many_rows", name=path.name, rows=found.rows, max=max_rows)
    sparse = found.area > 4 * found.cells
    if (
        found.columns > MAX_COLUMNS
        or found.area > MAX_AREA
        or (sparse and found.area > MAX_SPARSE_AREA)
    ):
        raise FileRefused(
            "sheet_too_large",
            name=path.name,
            sheet=sheet(),
            rows=found.rows,
            columns=found.columns,
            max_columns=MAX_COLUMNS,
            max_cells=MAX_SPARSE_AREA if sparse else MAX_AREA,
        )


_SHEET = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")


def _attribute(tag: bytes, name: bytes) -> str:
    m = re.search(rb"[\s:]" + name + rb'\s*=\s*"([^"]*)"', tag)
    return html.unescape(m[1].decode("utf-8", "replace")) if m else ""


def _sheet_name(zf: zipfile.ZipFile, part: str) -> str:
    """The name the user sees for worksheet ``part`` (xl/worksheets/sheet2.xml → 会员),
    read with patterns, not an XML parser (these parts are not checked for entities
    yet); the part's own name when the workbook does not say."""
    fallback = part.rsplit("/", 1)[-1].removesuffix(".xml")
    try:
        rels = zf.read("xl/_rels/workbook.xml.rels")[: 1 << 20]
        book = zf.read("xl/workbook.xml")[: 1 << 20]
    except (KeyError, zipfile.BadZipFile, OSError):
        return fallback
    targets = {_attribute(t, b"Id"): _attribute(t, b"Target") for t in _RELATIONSHIP.findall(rels)}
    for tag in _SHEET.findall(book):
        target = targets.get(_attribute(tag, b"id"), "").lstrip("/").removeprefix("xl/")
        if target and part.endswith(target):
            return _attribute(tag, b"name") or fallback
    return fallback
