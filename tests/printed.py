"""Print an html page as Chromium prints it (headless, --print-to-pdf) and read the PDF back."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.served import CHROMIUM

A4_MM = (210.0, 297.0)


def print_to_pdf(page: bytes, folder: Path, name: str = "page") -> Path:
    """The page as Chromium prints it, with its own @page rules and no browser header or footer."""
    folder.mkdir(parents=True, exist_ok=True)
    source, pdf = folder / f"{name}.html", folder / f"{name}.pdf"
    source.write_bytes(page)
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--no-pdf-header-footer",
                    f"--user-data-dir={folder / 'chromium'}", f"--print-to-pdf={pdf}", source.as_uri()],
                   capture_output=True, timeout=120, check=True)
    return pdf


def page_sizes_mm(pdf: Path) -> list[tuple[float, float]]:
    from pypdf import PdfReader

    return [(round(float(p.mediabox.width) * 25.4 / 72, 1), round(float(p.mediabox.height) * 25.4 / 72, 1))
            for p in PdfReader(pdf).pages]


def text_beyond_the_page(pdf: Path) -> list[str]:
    """The text drawn past a page's right or bottom edge: what a printer cuts off."""
    from pypdf import PdfReader

    outside: list[str] = []
    for page in PdfReader(pdf).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)

        def visit(text, cm, tm, font, size, width=width, height=height):
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text.strip() and not (0 <= x < width - 1 and 0 <= y <= height):
                outside.append(text)

        page.extract_text(visitor_text=visit)
    return outside


def text_of(pdf: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def smallest_text_pt(pdf: Path) -> float:
    """The smallest text size on the pages, in points as printed: Chromium shrinks a page whose
    content is wider than the paper to fit, so a table too wide for A4 prints smaller than its
    stylesheet says."""
    from pypdf import PdfReader

    sizes: list[float] = []
    for page in PdfReader(pdf).pages:
        def visit(text, cm, tm, font, size):
            if text.strip():
                sizes.append(abs(size * tm[3] * cm[3]) or abs(size * tm[0] * cm[0]))

        page.extract_text(visitor_text=visit)
    return round(min(sizes), 1)
