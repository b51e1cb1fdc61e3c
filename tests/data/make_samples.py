"""How the sample files in tests/data were made (run once; the files are committed).

    .venv/bin/python tests/data/make_samples.py

Needs LibreOffice (`apt-get install -y libreoffice-calc-nogui`): the "real" workbooks
are drafted with openpyxl and then opened and saved by LibreOffice (`soffice --headless
--convert-to`), so the suite reads files a real office suite wrote — its own XML, its
own date cells, its own shared strings — not only what our own writer produces. The
encrypted workbook needs `msoffcrypto-tool` (used outside the project's venv; pass its
python with MSOFFCRYPTO_PYTHON=/path/to/python); the encrypted .xls needs the system
python3 with python3-uno (LibreOffice saves it with a password through UNO).

Files:
* members_lo.xlsx  — LibreOffice: a merged title row above the header, a notes sheet
  first, a hidden sheet, phones as numbers, text with +86 and spaces, in scientific
  notation, dates as Excel dates, text `2023/5/1`, `2023年5月1日`, a lunar birthday,
  a duplicate phone, a bad e-mail.
* members_lo.xls   — the same saved by LibreOffice as Excel 97-2003.
* members_lo.csv   — the same saved by LibreOffice as CSV (UTF-8).
* purchases_gbk.csv — GBK-encoded purchases from a "POS system", one row per ticket.
* purchases_items_bom.csv — UTF-8 with BOM, one row per item grouped by ticket number.
* contacts.xlsx, points.xlsx — small files of the other kinds (LibreOffice-saved).
* hostile_*: zip bomb, CSV renamed to .xlsx, encrypted .xlsx and .xls, empty file, a sheet
  declaring 400,000 rows, billion laughs in sharedStrings.xml.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

MEMBER_ROWS = [
    # 会员号, 姓名, 手机号, 性别, 生日, 邮箱, 入会日期
    (
        "HQ0001",
        "王秀英",
        13812345678,
        "女",
        dt.date(1985, 3, 2),
        "wang@example.cn",
        dt.date(2023, 5, 1),
    ),
    ("HQ0002", "李娜", "+86 139 1234 5678", "女", "1990/5/1", None, "2023年5月1日"),
    ("HQ0003", "张伟", "1.38123E+10", "男", "1979-11-30", None, None),
    ("HQ0004", "刘芳", "137-0000-1111", "F", "农历1988-08-15", None, "2023-06-01"),
    ("HQ0005", "陈静", 13812345678, "女", None, None, None),  # duplicate phone of row 1
    ("HQ0006", "杨敏", "13600001111", "女", "--12-24", "not-an-email", None),
    ("", "赵丽", "15000002222", "女", "1995年2月30日", None, None),  # no such date
    ("HQ0008", "", "15100003333", "男", None, None, None),  # no name
    ("HQ0009", "周杰", "15200004444", "M", "2001-01-01", None, None),
]


def soffice(src: Path, fmt: str, outdir: Path) -> Path:
    subprocess.run(
        ["soffice", "--headless", "--convert-to", fmt, "--outdir", str(outdir), str(src)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return outdir / (src.stem + "." + fmt.split(":")[0])


def draft_members(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    notes = wb.active
    notes.title = "说明"
    notes["A1"] = "本文件由总部导出，请勿修改表头"
    ws = wb.create_sheet("会员资料")
    ws["A1"] = "2023年 VIP 顾客资料卡"
    ws.merge_cells("A1:G1")
    ws.append([])
    ws.append(["会员号", "顾客姓名", "手机", "性别", "出生日期", "电子邮件", "开卡日期"])
    for row in MEMBER_ROWS:
        ws.append(list(row))
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    hidden = wb.create_sheet("旧数据")
    hidden.append(["会员号", "姓名", "手机"])
    hidden.append(["OLD1", "不应导入", "13999999999"])
    hidden.sheet_state = "hidden"
    wb.save(path)


def draft_small(path: Path, headers: list[str], rows: list[list[object]]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)


def purchases_gbk(path: Path) -> None:
    lines = [
        "会员卡号,消费日期,实收金额,原价,小票号,导购,是否折扣",
        'HQ0001,2024/3/8,"1,200.00",1500,P0001,小李,是',
        "HQ0002,2024年3月9日,￥899,899,P0002,王店长,否",
        "HQ0009,2024-03-10 15:20,abc,,P0003,小李,否",  # bad amount
        "NOPE01,2024-03-11,100,,P0004,小李,否",  # unknown member
        "HQ0001,2099-01-01,100,,P0005,小李,否",  # in the future
        "HQ0001,2024-03-12,300,200,P0006,小李,否",  # paid above list
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))


def purchases_items(path: Path) -> None:
    lines = [
        "小票号,会员号,日期,款号,品类,尺码,颜色,数量,单价",
        "T100,HQ0001,2024-04-01,SK-1,连衣裙,M,红,1,599",
        "T100,HQ0001,2024-04-01,SK-2,丝巾,,蓝,2,99.5",
        "T101,HQ0002,2024-04-02,SK-3,外套,L,黑,1,1299",
        "T101,HQ0009,2024-04-02,SK-4,外套,L,黑,1,1299",  # same ticket, other member
    ]
    path.write_bytes(b"\xef\xbb\xbf" + ("\n".join(lines) + "\n").encode("utf-8"))


def zip_bomb(path: Path) -> None:
    """A valid-looking xlsx whose sheet expands 1000× (50 MiB of spaces in ~50 KiB)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            block = b" " * (1 << 20)
            for _ in range(50):
                fh.write(block)


def too_many_rows(path: Path, src: Path) -> None:
    """A real small workbook whose sheet declares 400,000 rows in <dimension>."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                import re

                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:C400000"', data)
            zout.writestr(info, data)


def billion_laughs(path: Path, src: Path) -> None:
    lol = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        + "".join(
            f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
            for i in range(1, 10)
        )
        + ']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    )
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/sharedStrings.xml":
                data = lol.encode()
            zout.writestr(info, data)


def encrypted(path: Path, src: Path) -> None:
    python = os.environ.get("MSOFFCRYPTO_PYTHON", "/tmp/venv-crypto/bin/python")
    code = (
        "import sys, msoffcrypto.format.ooxml as o\n"
        "f = o.OOXMLFile(open(sys.argv[1], 'rb'))\n"
        "f.encrypt('secret', open(sys.argv[2], 'wb'))\n"
    )
    subprocess.run([python, "-c", code, str(src), str(path)], check=True)


ENCRYPT_XLS = """
import subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue

def pv(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

src, dst, profile = sys.argv[1:4]
office = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore",
    "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
    "--accept=socket,host=127.0.0.1,port=2202;urp;"])
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext(
    "com.sun.star.bridge.UnoUrlResolver", local)
for _ in range(60):
    try:
        ctx = resolver.resolve(
            "uno:socket,host=127.0.0.1,port=2202;urp;StarOffice.ComponentContext")
        break
    except Exception:
        time.sleep(1)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0,
    (pv("Hidden", True),))
doc.storeToURL(uno.systemPathToFileUrl(dst),
    (pv("FilterName", "MS Excel 97"), pv("Password", "secret")))
doc.close(True)
try:
    desktop.terminate()
except Exception:
    pass
office.wait(timeout=30)
"""


def encrypted_xls(path: Path, src: Path, tmp: Path) -> None:
    """A password-protected Excel 97-2003 file, saved by LibreOffice through UNO (the
    system python3 with python3-uno: the soffice command line cannot set a password)."""
    subprocess.run(
        ["/usr/bin/python3", "-c", ENCRYPT_XLS, str(src), str(path), str(tmp / "profile")],
        check=True,
        timeout=180,
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        draft_members(tmp / "members_lo.xlsx")
        lo = tmp / "lo"
        lo.mkdir()
        out = soffice(tmp / "members_lo.xlsx", "xlsx", lo)
        shutil.copy(out, HERE / "members_lo.xlsx")
        shutil.copy(soffice(HERE / "members_lo.xlsx", "xls", lo), HERE / "members_lo.xls")
        # CSV of the visible data sheet (LibreOffice saves the first sheet; make it so)
        from openpyxl import load_workbook

        wb = load_workbook(tmp / "members_lo.xlsx")
        del wb["说明"]
        wb.save(tmp / "members_csv_src.xlsx")
        csv_out = soffice(
            tmp / "members_csv_src.xlsx", "csv:Text - txt - csv (StarCalc):44,34,76", lo
        )
        shutil.copy(csv_out, HERE / "members_lo.csv")
        draft_small(
            tmp / "contacts.xlsx",
            ["会员号", "联系日期", "联系方式", "目的", "结果", "内容", "下次回访"],
            [
                [
                    "HQ0001",
                    dt.datetime(2024, 3, 9, 10, 30),
                    "电话",
                    "售后次日回访",
                    "已联系上",
                    "裙子很合身",
                    "2024-03-16",
                ],
                ["HQ0002", "2024/3/10", "微信", "生日祝福", "无人接听", "", ""],
                ["HQ0009", "2024-03-11", "飞鸽", "生日祝福", "已联系上", "", ""],
                ["HQ0001", "2024-03-12", "电话", "新品通知", "已联系上", "", "2024-03-01"],
            ],
        )
        shutil.copy(soffice(tmp / "contacts.xlsx", "xlsx", lo), HERE / "contacts.xlsx")
        draft_small(
            tmp / "points.xlsx",
            ["会员号", "期初积分", "结转日期", "来源"],
            [
                ["HQ0001", 500, "2024-01-01", "旧系统"],
                ["HQ0002", "1,200", "2024-01-01", "旧系统"],
                ["HQ0009", -5, "2024-01-01", "旧系统"],
                ["HQ0001", 300, "2024-01-01", "旧系统"],
            ],
        )
        shutil.copy(soffice(tmp / "points.xlsx", "xlsx", lo), HERE / "points.xlsx")
        purchases_gbk(HERE / "purchases_gbk.csv")
        purchases_items(HERE / "purchases_items_bom.csv")
        # hostile files
        zip_bomb(HERE / "hostile_zip_bomb.xlsx")
        shutil.copy(HERE / "purchases_gbk.csv", HERE / "hostile_csv_renamed.xlsx")
        encrypted(HERE / "hostile_encrypted.xlsx", HERE / "contacts.xlsx")
        encrypted_xls(HERE / "hostile_encrypted.xls", HERE / "members_lo.xls", tmp)
        (HERE / "hostile_empty.xlsx").write_bytes(b"")
        too_many_rows(HERE / "hostile_too_many_rows.xlsx", HERE / "contacts.xlsx")
        billion_laughs(HERE / "hostile_billion_laughs.xlsx", HERE / "contacts.xlsx")
    for p in sorted(HERE.iterdir()):
        if p.suffix != ".py":
            print(f"{p.name}: {p.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
