"""Nested and overlapping claims stay visible and reachable where they overlap (issue 11,
bug 4): the enclosing claim's underline runs on under the inner claim, and each claim opens
by mouse and by keyboard."""

import struct
import zlib

import pytest

from annotations.models import Label
from tests.e2e.helpers import page_in_context
from tests.factories import ArticleFactory, VerdictFactory
from tests.helpers import span_over

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OUTER = "The minister said unemployment fell to 4.2 percent in March."
INNER = "unemployment fell to 4.2 percent"

# Where the outer claim's underline passes under the inner claim: the middle of the inner
# claim's first line, one pixel above the bottom of the outer claim's box on that line.
UNDER_THE_INNER_CLAIM = """
() => {
  const inner = document.querySelector("#article-text .hl .hl");
  const outer = inner.parentElement;
  const box = inner.getClientRects()[0];
  const onLine = (rect) => rect.top <= box.top + 1 && rect.bottom >= box.top + 1;
  const line = Array.from(outer.getClientRects()).find(onLine);
  return {
    x: Math.round(box.left + box.width / 2),
    y: Math.floor(line.bottom) - 1,
    color: getComputedStyle(outer).borderBottomColor,
  };
}
"""


def _paeth(left: int, up: int, up_left: int) -> int:
    estimate = left + up - up_left
    distances = [abs(estimate - value) for value in (left, up, up_left)]
    return (left, up, up_left)[distances.index(min(distances))]


def first_pixel(png: bytes) -> tuple[int, int, int]:
    """The top-left pixel of an 8-bit RGB or RGBA PNG (what Chromium's screenshots are)."""
    width, _, depth, color_type = struct.unpack(">IIBB", png[16:26])
    assert (depth, color_type) in {(8, 2), (8, 6)}
    channels = 3 if color_type == 2 else 4
    data, position = b"", 8
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        if kind == b"IDAT":
            data += png[position + 8 : position + 8 + length]
        position += 12 + length
    raw = zlib.decompress(data)
    # The first row's filter only ever looks left, and the first pixel has nothing there.
    stride = width * channels
    row = bytearray(raw[1 : 1 + stride])
    if raw[0] in (1, 3, 4):  # Sub, Average, Paeth: each byte adds (part of) its left one
        for index in range(channels, stride):
            left = row[index - channels]
            add = {1: left, 3: left // 2, 4: _paeth(left, 0, 0)}[raw[0]]
            row[index] = (row[index] + add) % 256
    return tuple(row[:3])


def rgb(css: str) -> tuple[int, int, int]:
    return tuple(int(part) for part in css[css.index("(") + 1 : css.index(")")].split(",")[:3])


@pytest.fixture
def nested(editor, second_editor):
    article = ArticleFactory(created_by=editor)
    outer = span_over(article, OUTER)
    inner = span_over(article, INNER)
    VerdictFactory(span=outer, reviewer=editor, label=Label.SUPPORTED)
    VerdictFactory(span=inner, reviewer=second_editor, label=Label.UNVERIFIED)
    return outer, inner


@pytest.mark.parametrize("scale", [1, 2])
def test_the_enclosing_claims_underline_shows_under_the_inner_claim(
    browser, live_server, editor, nested, scale
) -> None:
    outer, _ = nested
    path = f"/articles/{outer.article_id}/"
    options = {"device_scale_factor": scale}
    with page_in_context(browser, live_server, path, editor, **options) as page:
        point = page.evaluate(UNDER_THE_INNER_CLAIM)
        page.mouse.move(0, 0)
        clip = {"x": point["x"], "y": point["y"], "width": 1, "height": 1}
        seen = first_pixel(page.screenshot(clip=clip))

    expected = rgb(point["color"])
    assert all(abs(a - b) <= 40 for a, b in zip(seen, expected, strict=True)), (seen, expected)


def test_both_claims_open_by_mouse_where_they_overlap(browser, live_server, editor, nested):
    outer, inner = nested
    with page_in_context(browser, live_server, f"/articles/{outer.article_id}/", editor) as page:
        page.click(f"#span-{inner.pk}")
        page.locator("#claim-panel .claims-here").wait_for()
        page.click(f"#claim-panel .claims-here a[href^='/spans/{outer.pk}/']")
        page.locator(f"#claim-panel[data-span='{outer.pk}']").wait_for()


def test_both_claims_open_by_keyboard(browser, live_server, editor, nested):
    outer, inner = nested
    with page_in_context(browser, live_server, f"/articles/{outer.article_id}/", editor) as page:
        opened = []
        for _ in range(2):
            page.keyboard.press("j")
            page.keyboard.press("Enter")
            panel = page.locator("#claim-panel[data-span]")
            panel.wait_for()
            opened.append(int(panel.get_attribute("data-span")))
            page.keyboard.press("Escape")
            panel.wait_for(state="detached")

    assert sorted(opened) == sorted([outer.pk, inner.pk])
