"""Screenshots for reviewers: home, a practice area and the ethics checklist, desktop and phone.

Saved to tests/output/screenshots/ (git-ignored output; CI can keep it as an artifact).
Each must be a real PNG of the right size with more than a blank screen in it.
"""

from __future__ import annotations

import contextlib
import struct
from pathlib import Path
from typing import Any

import pytest

PAGES = {"home": "", "practice-area": "practice-areas/family-law/", "checklist": "ethics-checklist/"}
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def distinct_colours(path: Path) -> int:
    from PIL import Image  # Pillow comes with WeasyPrint

    with Image.open(path) as im:
        colours = im.convert("RGB").getcolors(maxcolors=1 << 16)
    return len(colours) if colours is not None else 1 << 16


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(PAGES))
def test_screenshot(page: Any, site_url: str, screenshots: Path, name: str, size: str) -> None:
    viewport = SIZES[size]
    page.set_viewport_size(viewport)
    page.goto(site_url + PAGES[name], wait_until="networkidle")
    # The checklist's controls appear once kb.js has built them (test_tools.py reports a
    # tool that never gets ready).
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-kb-tool]')].every(el => el.hasAttribute('data-kb-ready'))",
            timeout=5000,
        )
    path = screenshots / f"{name}-{size}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), animations="disabled")

    data = path.read_bytes()
    # Screenshots are taken at the device pixel ratio (1 here) of the viewport.
    assert png_size(data) == (viewport["width"], viewport["height"])
    assert len(data) > 10_000, f"{path.name} is only {len(data)} bytes"
    assert distinct_colours(path) > 50, f"{path.name} is nearly blank"
