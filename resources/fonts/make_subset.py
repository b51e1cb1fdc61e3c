"""Make ``VIPKeeperSansSC-Regular.ttf``, the bundled last-resort CJK font.

Why: a fresh Windows/macOS install has a Chinese UI font, but a bare Linux machine
(or a stripped-down container) often has none, and then every Chinese string in Qt and
matplotlib renders as boxes. The app registers this file at start (~10 ms) and puts it
*last* in its font fallback list, so system fonts win wherever they exist.

How it was made (one-off; fontTools is not a project dependency, though matplotlib
happens to pull it in)::

    apt-get install -y fonts-noto-cjk          # Debian: Noto Sans CJK 2.004 (OFL 1.1)
    .venv/bin/pip install fonttools            # if not already there
    .venv/bin/python resources/fonts/make_subset.py \\
        /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

What it does:

1. takes the ``Noto Sans CJK SC`` Regular face out of the collection;
2. keeps only the characters a Chinese retail store needs: printable ASCII, Latin-1 and
   the pinyin letters with tone marks, general punctuation, CJK symbols and punctuation,
   full-width forms, **every character of GBK** (which holds all 6,763 GB2312 hanzi and
   the whole CJK Unified Ideographs block U+4E00–U+9FA5, i.e. the rarer characters people
   have in their names: 堃, 喆, 玥, 昇, 赟, 淼 …), the rest of that block up to U+9FFF and
   a few name characters outside it (䶮);
3. drops hinting and the vertical-writing tables (Qt and matplotlib lay out horizontally);
4. converts the CFF (cubic) outlines to TrueType (quadratic) ones with cu2qu, because a
   ``glyf``-based TTF is what every consumer handles best: Qt's
   ``QFontDatabase.addApplicationFont``, matplotlib's ``fontManager.addfont`` and its
   PDF/PS back ends (Type 42 embedding);
5. renames the family to ``VIP Keeper Sans SC`` — a modified version under the OFL should
   not present itself as the original (and "Noto" is a Google trademark).

Result (2026-11-22, fonts-noto-cjk 1:20220127, fontTools 4.68): 22,471 characters, of
them 20,977 hanzi (all of GB2312's 6,763 and GBK's 20,902 CJK Unified Ideographs; of
GBK's 21,791 characters only ≒ is missing, because Noto Sans CJK SC lacks it), 6.97 MB.
Run time: about a minute.

The licence is the SIL Open Font License 1.1 (``OFL.txt`` beside this file); the font
and anything derived from it stay under the OFL.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

FAMILY = "VIP Keeper Sans SC"
PS_NAME = "VIPKeeperSansSC-Regular"
OUT = Path(__file__).with_name(f"{PS_NAME}.ttf")

# Characters outside GBK that still turn up in mainland names (通用规范汉字表).
EXTRA_NAME_CHARS = "䶮"


def wanted_codepoints() -> set[int]:
    cps: set[int] = set()
    ranges = [
        (0x0020, 0x007E),  # ASCII
        (0x00A0, 0x00FF),  # Latin-1: ¥ · × ÷ é …
        (0x0100, 0x017F),  # Latin Extended-A: pinyin ā ē ī ō ū
        (0x01CD, 0x01DC),  # pinyin ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ
        (0x02C7, 0x02C9),  # ˇ ˉ
        (0x2010, 0x2027),  # dashes, quotes, ellipsis, bullet
        (0x2030, 0x203B),  # ‰ ′ ″ ※
        (0x20A0, 0x20BF),  # currency signs: € ₩ …
        (0x2100, 0x21FF),  # ℃ № ™ Ⅰ–Ⅻ arrows
        (0x2200, 0x22FF),  # maths: − (U+2212, matplotlib's minus) ± ≤ ≥ ≠ ∞ √ ∑
        (0x2460, 0x24FF),  # ① ② …
        (0x2500, 0x25FF),  # box drawing, ■ □ ▲ ○ ●
        (0x2605, 0x2606),  # ★ ☆
        (0x3000, 0x303F),  # CJK symbols and punctuation: 、。〈〉《》「」【】〇
        (0x4E00, 0x9FFF),  # CJK Unified Ideographs (GBK has U+4E00–U+9FA5)
        (0xFE30, 0xFE4F),  # CJK compatibility forms
        (0xFF00, 0xFFEF),  # full-width forms: ，：；（）！？ ０-９ Ａ-Ｚ ￥
    ]
    for lo, hi in ranges:
        cps.update(range(lo, hi + 1))
    # Every character GBK can encode (GB2312 is a subset).
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            try:
                ch = bytes([lead, trail]).decode("gbk")
            except UnicodeDecodeError:
                continue
            cps.add(ord(ch))
    cps.update(ord(c) for c in EXTRA_NAME_CHARS)
    return cps


def sc_face_index(path: str) -> int:
    from fontTools.ttLib import TTCollection

    coll = TTCollection(path, lazy=True)
    for i, font in enumerate(coll.fonts):
        if font["name"].getDebugName(4) == "Noto Sans CJK SC":
            return i
    raise SystemExit(f"{path}: no 'Noto Sans CJK SC' face in the collection")


def to_truetype(font, max_err: float = 1.0) -> None:
    """Replace the CFF table with glyf/loca (quadratic outlines), in place."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
    ):
        setattr(maxp, attr, 0)
    maxp.maxComponentElements = max(
        (len(g.components) for g in glyf.glyphs.values() if g.isComposite()), default=0
    )
    maxp.maxComponentDepth = 0
    font["maxp"] = maxp
    font.sfntVersion = "\x00\x01\x00\x00"
    post = font["post"]
    post.formatType = 3.0  # no glyph names: 22k "cidNNNNN" strings are ~200 KB of nothing
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 1


def rename(font) -> None:
    name = font["name"]
    old = name.getDebugName(0) or "© 2014-2021 Adobe (http://www.adobe.com/)."
    keep = {0, 7, 8, 9, 10, 11, 12, 13, 14}
    name.names = [r for r in name.names if r.nameID in keep]
    name.setName(old, 0, 3, 1, 0x409)
    name.setName(FAMILY, 1, 3, 1, 0x409)
    name.setName("Regular", 2, 3, 1, 0x409)
    name.setName(f"2.004;{PS_NAME};subset of Noto Sans CJK SC", 3, 3, 1, 0x409)
    name.setName(FAMILY, 4, 3, 1, 0x409)
    name.setName(
        "Version 2.004; subset of Noto Sans CJK SC for VIP Keeper (GBK + CJK punctuation)",
        5,
        3,
        1,
        0x409,
    )
    name.setName(PS_NAME, 6, 3, 1, 0x409)
    name.names = [r for r in name.names if r.platformID == 3]


def main(argv: list[str]) -> int:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    source = argv[1] if len(argv) > 1 else "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    started = time.perf_counter()
    font = TTFont(source, fontNumber=sc_face_index(source))
    cmap = font.getBestCmap()
    cps = {c for c in wanted_codepoints() if c in cmap}

    options = subset.Options()
    options.hinting = False
    # Horizontal Simplified Chinese only: no locl (JP/KR/TC shapes), vert, half/full-width
    # alternates; each of those drags thousands of extra glyphs into the subset.
    options.layout_features = ["ccmp", "kern", "liga", "mark", "mkmk"]
    options.desubroutinize = True
    options.drop_tables += ["vhea", "vmtx", "VORG", "BASE"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=cps)
    subsetter.subset(font)

    to_truetype(font)
    rename(font)
    font.save(OUT)

    hanzi = sum(1 for c in cps if 0x4E00 <= c <= 0x9FFF or 0x3400 <= c <= 0x4DBF)
    size = OUT.stat().st_size
    print(
        f"{OUT.name}: {len(cps)} characters ({hanzi} hanzi), "
        f"{len(font.getGlyphOrder())} glyphs, {size / 1e6:.2f} MB "
        f"in {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
