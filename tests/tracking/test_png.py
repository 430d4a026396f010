"""Bar pictures: PNG files whose pixels are the bars' colours."""

from __future__ import annotations

import struct
import zlib

from kepu_plan.tracking._png import bar_png, target_png


def _pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    width, height = struct.unpack(">II", data[16:24])
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        if data[at + 4 : at + 8] == b"IDAT":
            chunks.append(data[at + 8 : at + 8 + length])
        at += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    stride = 1 + 3 * width
    return width, height, [raw[i * stride + 1 : (i + 1) * stride] for i in range(height)]


def test_a_stacked_bar_has_each_segment_in_its_colour_and_white_after_it() -> None:
    width, height, rows = _pixels(bar_png([(30.0, "#3a9d5d"), (20.0, "#d64545")], width=100, height=12))
    assert (width, height) == (100, 12)
    middle = rows[6]
    assert middle[0:3] == bytes((0x3A, 0x9D, 0x5D))
    assert middle[3 * 29 : 3 * 30] == bytes((0x3A, 0x9D, 0x5D))
    assert middle[3 * 30 : 3 * 31] == bytes((0xD6, 0x45, 0x45))
    assert middle[3 * 50 : 3 * 51] == b"\xff\xff\xff"
    assert rows[0] == b"\xff" * 300


def test_a_target_bar_shows_the_plan_the_figure_and_a_tick_at_the_pace() -> None:
    _, _, rows = _pixels(target_png(planned=80, actual=40, expected=60, colour="#3a9d5d", width=100, height=12))
    middle = rows[6]
    assert middle[3 * 10 : 3 * 11] == bytes((0x3A, 0x9D, 0x5D))
    assert middle[3 * 70 : 3 * 71] == bytes((228, 232, 238))
    assert middle[3 * 60 : 3 * 61] == bytes((31, 41, 51))
    assert middle[3 * 90 : 3 * 91] == b"\xff\xff\xff"
