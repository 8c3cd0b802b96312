#!/usr/bin/env python3
"""Makes the web app manifest's PNG icons from public/favicon.svg (issue 18).

The favicon is the flag of Ukraine: filled rectangles on a 32x32 viewBox. Nothing on this
machine rasterises SVG (no rsvg-convert, ImageMagick or Pillow), and a general SVG renderer is
not needed for rectangles: this reads each <rect>'s x, y, width, height and fill from the SVG
and paints them at the icon's size, with the standard library only (zlib for the PNG).

- icon-192.png, icon-512.png: the favicon scaled ("any" purpose).
- icon-maskable-512.png: the same, full bleed. A maskable icon's important content must sit in
  the middle 80 % circle; the flag's two stripes run edge to edge, so any mask keeps both.

Run: python3 scripts/icons.py   (writes into public/; the PNGs are committed)
"""
import re
import struct
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "public" / "favicon.svg"


def rects(svg: str):
    box = re.search(r'viewBox="([\d.\s-]+)"', svg)
    _, _, vw, vh = (float(v) for v in box.group(1).split())
    out = []
    for tag in re.findall(r"<rect\b[^>]*>", svg):
        attr = dict(re.findall(r'(\w+)="([^"]*)"', tag))
        fill = attr.get("fill", "#000000").lstrip("#")
        if len(fill) == 3:
            fill = "".join(c * 2 for c in fill)
        out.append((
            float(attr.get("x", 0)) / vw, float(attr.get("y", 0)) / vh,
            float(attr["width"]) / vw, float(attr["height"]) / vh,
            bytes.fromhex(fill),
        ))
    return out


def png(size: int, shapes) -> bytes:
    rows = []
    for py in range(size):
        y = (py + 0.5) / size
        row = bytearray([0])  # filter: none
        for px in range(size):
            x = (px + 0.5) / size
            colour = b"\xff\xff\xff"
            for rx, ry, rw, rh, fill in shapes:
                if rx <= x < rx + rw and ry <= y < ry + rh:
                    colour = fill
            row += colour
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


def main() -> int:
    shapes = rects(SVG.read_text())
    if not shapes:
        print("no <rect> in the favicon: draw the icons another way", file=sys.stderr)
        return 1
    for name, size in [("icon-192.png", 192), ("icon-512.png", 512), ("icon-maskable-512.png", 512)]:
        path = ROOT / "public" / name
        path.write_bytes(png(size, shapes))
        print(f"{path.relative_to(ROOT)}: {size}x{size}, {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
