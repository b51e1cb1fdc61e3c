"""A small streaming .xlsx writer: rows go straight into the zip as XML, so 100,000
members take seconds and a few MiB instead of xlsxwriter's ~25 µs per cell (over a
minute for a full member export on a busy store PC) or openpyxl's hundreds of MiB.

What it writes (and all it supports): worksheets with a styled, frozen header row,
column widths, an autofilter; cells as inline strings, numbers, money (``#,##0.00``)
and whole numbers; a few fixed styles (:data:`STYLE`). Excel, LibreOffice, openpyxl and
calamine read it. Sheets are written one after the other (a zip takes one entry at a
time); ``close()`` adds the workbook, styles and package parts.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

STYLE = {
    "default": 0,
    "head": 1,
    "required": 2,
    "text": 3,
    "money": 4,
    "int": 5,
    "reason": 6,
    "wrap": 7,
}
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NEEDS = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
FLUSH_ROWS = 2000


def col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


_LETTERS = [col_letter(i) for i in range(256)]


def _absolute(ref: str) -> str:
    return re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", ref)


def escape(text: str, entities: dict[str, str] | None = None) -> str:
    """``xml.sax.saxutils.escape`` without importing it: that module pulls in
    ``urllib.request`` and ``http.client`` (~70 ms on the GUI thread, the first time the
    import/export page is shown)."""
    text = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for char, entity in (entities or {}).items():
        text = text.replace(char, entity)
    return text


def _text(value: str) -> str:
    if _NEEDS.search(value):
        value = escape(_BAD.sub("", value))
    if value[:1].isspace() or value[-1:].isspace():
        return f'<t xml:space="preserve">{value}</t>'
    return f"<t>{value}</t>"


class Sheet:
    def __init__(
        self,
        book: Workbook,
        index: int,
        name: str,
        headers: Sequence[str],
        widths: Sequence[float],
        required: Iterable[str] = (),
    ) -> None:
        self.book = book
        self.index = index
        self.name = name
        self.width = len(headers)
        self.row = 1
        self._buf: list[str] = []
        self.filter_ref: str | None = None
        self._fh = book.zf.open(f"xl/worksheets/sheet{index}.xml", "w", force_zip64=True)
        cols = "".join(
            f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>'
            for i, w in enumerate(widths)
        )
        self._fh.write(
            (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<sheetViews><sheetView workbookViewId="0"'
                + (' tabSelected="1"' if index == 1 else "")
                + '><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
                '<sheetFormatPr defaultRowHeight="15"/>'
                + (f"<cols>{cols}</cols>" if cols else "")
                + "<sheetData>"
            ).encode()
        )
        required = set(required)
        if headers:
            self.write(
                list(headers),
                ["required" if h in required else "head" for h in headers],
                height=22,
            )

    def write(self, values: Sequence[Any], kinds: Sequence[str], *, height: float = 0) -> None:
        """One row. ``kinds`` per column: text (text format), default, money (fen →
        yuan), int, reason, wrap, head, required. Empty values leave the cell out."""
        n = self.row
        ht = f' ht="{height}" customHeight="1"' if height else ""
        cells = []
        for c, (v, k) in enumerate(zip(values, kinds, strict=False)):
            if v is None or v == "":
                continue
            ref = f"{_LETTERS[c]}{n}"
            if k == "money" and not isinstance(v, str):
                cells.append(f'<c r="{ref}" s="4"><v>{v / 100}</v></c>')
            elif isinstance(v, bool):
                cells.append(f'<c r="{ref}" t="b"><v>{int(v)}</v></c>')
            elif isinstance(v, int | float) and k != "text":
                s = STYLE["int"] if k == "int" else 0
                cells.append(f'<c r="{ref}" s="{s}"><v>{v}</v></c>')
            else:
                s = STYLE.get(k, 0)
                cells.append(f'<c r="{ref}" s="{s}" t="inlineStr"><is>{_text(str(v))}</is></c>')
        self._buf.append(f'<row r="{n}"{ht}>{"".join(cells)}</row>')
        self.row += 1
        if len(self._buf) >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        if self._buf:
            self._fh.write("".join(self._buf).encode("utf-8"))
            self._buf = []

    def close(self, *, autofilter: bool = True) -> None:
        self.flush()
        tail = "</sheetData>"
        if autofilter and self.width:
            self.filter_ref = f"A1:{_LETTERS[self.width - 1]}{max(self.row - 1, 1)}"
            tail += f'<autoFilter ref="{self.filter_ref}"/>'
        tail += (
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/></worksheet>'
        )
        self._fh.write(tail.encode())
        self._fh.close()
        self.book._current = None


class Workbook:
    def __init__(self, path: str | Path, *, compresslevel: int = 1) -> None:
        self.path = Path(path)
        self.zf = zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel)
        self.sheets: list[Sheet] = []
        self._current: Sheet | None = None

    def add_sheet(
        self,
        name: str,
        headers: Sequence[str] = (),
        widths: Sequence[float] = (),
        *,
        required: Iterable[str] = (),
    ) -> Sheet:
        if self._current is not None:
            self._current.close()
        name = _SHEET_NAME_BAD.sub("_", name)[:31] or f"Sheet{len(self.sheets) + 1}"
        sheet = Sheet(self, len(self.sheets) + 1, name, headers, widths, required)
        self.sheets.append(sheet)
        self._current = sheet
        return sheet

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
        z = self.zf
        sheets = "".join(
            f'<sheet name="{escape(s.name, {chr(34): "&quot;"})}" sheetId="{s.index}" '
            f'r:id="rId{s.index}"/>'
            for s in self.sheets
        )
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{s.index - 1}" hidden="1">'
            f"'{escape(s.name).replace(chr(39), chr(39) * 2)}'!{_absolute(s.filter_ref)}"
            "</definedName>"
            for s in self.sheets
            if s.filter_ref
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"<bookViews><workbookView/></bookViews><sheets>{sheets}</sheets>"
            + (f"<definedNames>{names}</definedNames>" if names else "")
            + "</workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{s.index}" Type="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{s.index}.xml"/>'
            for s in self.sheets
        )
        n = len(self.sheets)
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}"
            f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
        )
        z.writestr("xl/styles.xml", _STYLES)
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{s.index}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for s in self.sheets
        )
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>",
        )
        z.close()

    def abort(self) -> None:
        try:
            if self._current is not None:
                self._current._fh.close()
            self.zf.close()
        except Exception:
            pass


_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.00"/></numFmts>'
    '<fonts count="3">'
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/><family val="2"/></font>'
    '<font><sz val="11"/><color rgb="FFB00020"/><name val="Calibri"/><family val="2"/></font>'
    "</fonts>"
    '<fills count="4"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FF7A1F2B"/><bgColor indexed="64"/>'
    "</patternFill></fill>"
    '<fill><patternFill patternType="solid"><fgColor rgb="FFC0392B"/><bgColor indexed="64"/>'
    "</patternFill></fill></fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/>'
    "<diagonal/></border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="8">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" '
    'applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="1" fillId="3" borderId="1" xfId="0" applyFont="1" applyFill="1" '
    'applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" '
    'applyAlignment="1"><alignment wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
