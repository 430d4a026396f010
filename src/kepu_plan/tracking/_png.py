"""Bar images as PNG, written with the standard library: a DOCX report shows its charts as pictures,
and a bar is rectangles of colour, which need no drawing library.

>>> image = bar_png([(30.0, "#3a9d5d"), (20.0, "#d64545")], width=100, height=10)
>>> image[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

__all__ = ["bar_png", "png", "target_png"]

_WHITE = (255, 255, 255)


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(rows: Sequence[bytes], width: int) -> bytes:
    """A PNG of RGB ``rows`` (``3 * width`` bytes each, top to bottom)."""
    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, len(rows), 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b"")
    )


def _row(width: int, spans: Sequence[tuple[int, int, tuple[int, int, int]]]) -> bytes:
    pixels = bytearray(bytes(_WHITE) * width)
    for start, end, colour in spans:
        start, end = max(start, 0), min(end, width)
        if end > start:
            pixels[3 * start : 3 * end] = bytes(colour) * (end - start)
    return bytes(pixels)


def bar_png(segments: Sequence[tuple[float, str]], *, width: int, height: int, gap: int = 0) -> bytes:
    """A horizontal stacked bar: each segment's width in pixels and colour, left to right."""
    spans = []
    x = 0.0
    for length, colour in segments:
        spans.append((round(x), round(x + length) - gap, _rgb(colour)))
        x += length
    row = _row(width, spans)
    pad = max(height // 6, 1)
    blank = bytes(_WHITE) * width
    return png([blank] * pad + [row] * (height - 2 * pad) + [blank] * pad, width)


def target_png(*, planned: float, actual: float, expected: float, colour: str, width: int, height: int) -> bytes:
    """The achieved figure over the planned one (pixels wide) with a dark tick at the expected pace."""
    bar = _row(width, [(0, round(planned), (228, 232, 238)), (0, round(actual), _rgb(colour))])
    tick = round(expected)
    dark = bytearray(bar)
    for x in (tick - 1, tick):
        if 0 <= x < width:
            dark[3 * x : 3 * x + 3] = bytes((31, 41, 51))
    blank = bytearray(bytes(_WHITE) * width)
    for x in (tick - 1, tick):
        if 0 <= x < width:
            blank[3 * x : 3 * x + 3] = bytes((31, 41, 51))
    pad = max(height // 6, 1)
    return png([bytes(blank)] * pad + [bytes(dark)] * (height - 2 * pad) + [bytes(blank)] * pad, width)
