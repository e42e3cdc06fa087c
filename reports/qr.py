"""The verification QR code as inline SVG (segno), drawn in the charts' ink colour."""

from __future__ import annotations

import io

import segno

from core.charts import INK


def qr_code(url: str, *, scale: int = 3) -> str:
    """The verification URL as an inline SVG QR code (error correction M, no quiet zone)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer,
        kind="svg",
        scale=scale,
        border=0,
        dark=INK,
        xmldecl=False,
        svgns=True,
        svgclass=None,
        lineclass=None,
    )
    return buffer.getvalue().decode()
