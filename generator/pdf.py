"""HTML to tagged, deterministic PDF with WeasyPrint (imported lazily: it takes about half a second).

One `PdfWriter` per worker process: it keeps WeasyPrint's FontConfiguration and the
parsed packet stylesheet, so every packet after the first reuses both.

Determinism: WeasyPrint writes no dates and no random file identifier unless asked,
so the same HTML gives the same bytes. The documents carry their dates in
`dcterms.created` / `dcterms.modified`, which come from `prepared_at()`: the
SOURCE_DATE_EPOCH environment variable when set (reproducible builds), else the
current day at midnight UTC.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import BuildError

PDF_OPTIONS: dict[str, Any] = {
    "pdf_variant": "pdf/ua-1",  # tagged PDF with title and language; sets PDF 1.7
    "pdf_identifier": False,  # no file identifier: it would only repeat a hash or a random id
    "custom_metadata": False,
    "optimize_images": False,
}

LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
}


def prepared_at() -> dt.datetime:
    """The packet's 'prepared' time: SOURCE_DATE_EPOCH if set, else today at 00:00 UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise BuildError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, got {epoch!r}") from None
    today = dt.datetime.now(dt.UTC).date()
    return dt.datetime.combine(today, dt.time(0), tzinfo=dt.UTC)


def w3c(moment: dt.datetime) -> str:
    """'2027-01-04T00:00:00Z', as WeasyPrint reads dcterms dates."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def logo_data_uri(path: Path) -> str:
    """The logo as a data: URI, so that the HTML twin stands alone and nothing is fetched."""
    mime = LOGO_TYPES.get(path.suffix.lower(), "application/octet-stream")
    if mime == "application/octet-stream":
        head = path.read_bytes()[:8]
        mime = (
            "image/png"
            if head.startswith(b"\x89PNG")
            else "image/jpeg"
            if head.startswith(b"\xff\xd8")
            else "image/gif"
        )
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Allow data: URIs only: a packet never loads anything from the network or the disk."""
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher  # type: ignore[import-untyped]

        return default_url_fetcher(url, *args, **kwargs)  # type: ignore[no-any-return]
    raise ValueError(f"packets load no external resources (refused {url[:80]!r})")


@dataclass
class Rendered:
    """A PDF and how many pages it has."""

    data: bytes
    pages: int


class PdfWriter:
    """Turns HTML into PDF, reusing fonts and the stylesheet across documents."""

    def __init__(self, stylesheet: str) -> None:
        import weasyprint  # type: ignore[import-untyped]
        from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

        # WeasyPrint logs unsupported CSS and refused URLs as warnings; keep them off the console.
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        self._weasyprint = weasyprint
        self.fonts = FontConfiguration()
        self.css = weasyprint.CSS(string=stylesheet, font_config=self.fonts)

    def render(self, html: str) -> Rendered:
        """Return the PDF of `html` (whose own <style> elements add to the shared stylesheet)."""
        wp = self._weasyprint
        try:
            document = wp.HTML(string=html, url_fetcher=_no_fetch, base_url="about:blank").render(
                font_config=self.fonts, stylesheets=[self.css], **PDF_OPTIONS
            )
            data = document.write_pdf(**PDF_OPTIONS)
        except Exception as e:  # WeasyPrint raises many types; none of them is the user's input
            raise BuildError(f"WeasyPrint failed: {type(e).__name__}: {e}") from e
        return Rendered(data=data, pages=len(document.pages))
