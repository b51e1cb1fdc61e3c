"""Draws the program icon: ``app.png`` (256 px, the window icon) and ``app.ico``
(16–256 px, the Windows exe, the installer and the Start-menu entry).

Run ``.venv/bin/python resources/icons/make_app_icon.py`` after changing the drawing;
both outputs are committed. Pillow comes with matplotlib, so nothing extra is needed.
The drawing is shapes only (no font), so it renders the same on every machine: a gold
crown over a band on the app's teal, on a rounded square.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
TEAL = (47, 111, 143, 255)  # the palette's highlight (#2f6f8f)
GOLD = (242, 190, 70, 255)
GOLD_DARK = (201, 146, 36, 255)
WHITE = (255, 255, 255, 255)
SIZE = 1024  # drawn large, scaled down with a good filter
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(size: int = SIZE) -> Image.Image:
    s = size / 1024
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((32 * s, 32 * s, 992 * s, 992 * s), radius=200 * s, fill=TEAL)
    # the crown: five points, a body, a band
    crown = [
        (212 * s, 690 * s),
        (170 * s, 330 * s),
        (362 * s, 500 * s),
        (512 * s, 250 * s),
        (662 * s, 500 * s),
        (854 * s, 330 * s),
        (812 * s, 690 * s),
    ]
    d.polygon(crown, fill=GOLD)
    for cx, cy in ((170, 310), (512, 228), (854, 310)):
        r = 52
        d.ellipse(((cx - r) * s, (cy - r) * s, (cx + r) * s, (cy + r) * s), fill=GOLD)
    d.rounded_rectangle((212 * s, 712 * s, 812 * s, 800 * s), radius=24 * s, fill=GOLD_DARK)
    for cx in (362, 512, 662):  # three gems on the body
        r = 34
        d.ellipse(((cx - r) * s, (600 - r) * s, (cx + r) * s, (600 + r) * s), fill=WHITE)
    return img


def main() -> None:
    big = draw()
    big.resize((256, 256), Image.Resampling.LANCZOS).save(HERE / "app.png")
    big.resize((256, 256), Image.Resampling.LANCZOS).save(HERE / "app.ico", sizes=ICO_SIZES)


if __name__ == "__main__":
    main()
