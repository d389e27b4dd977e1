"""A reportlab canvas that remembers every word it draws: text, box and BIO label.

The generator never re-reads its own PDF: positions come from the drawing
calls (string widths from ``pdfmetrics.stringWidth``), so the boxes and labels
in the record are exact. Coordinates here are PDF points measured from the
TOP-left corner (``y`` is the baseline's distance from the top edge).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_DIR = Path("/usr/share/fonts/truetype")
# family -> (regular file, bold file) under FONT_DIR; reportlab's base-14 fonts need no file.
TTF_FAMILIES = {
    "DejaVuSans": ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
    "DejaVuSerif": ("dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf"),
    "DejaVuSansCondensed": ("dejavu/DejaVuSansCondensed.ttf", "dejavu/DejaVuSansCondensed-Bold.ttf"),
    "DejaVuSansMono": ("dejavu/DejaVuSansMono.ttf", "dejavu/DejaVuSansMono-Bold.ttf"),
    "LiberationSans": ("liberation/LiberationSans-Regular.ttf", "liberation/LiberationSans-Bold.ttf"),
    "LiberationSerif": ("liberation/LiberationSerif-Regular.ttf", "liberation/LiberationSerif-Bold.ttf"),
    "LiberationSansNarrow": ("liberation/LiberationSansNarrow-Regular.ttf", "liberation/LiberationSansNarrow-Bold.ttf"),
    "LiberationMono": ("liberation/LiberationMono-Regular.ttf", "liberation/LiberationMono-Bold.ttf"),
    "FreeSans": ("freefont/FreeSans.ttf", "freefont/FreeSansBold.ttf"),
    "FreeSerif": ("freefont/FreeSerif.ttf", "freefont/FreeSerifBold.ttf"),
}
BASE14 = {"Helvetica": ("Helvetica", "Helvetica-Bold"), "Times": ("Times-Roman", "Times-Bold"),
          "Courier": ("Courier", "Courier-Bold")}
MONO_FAMILIES = ("Courier", "DejaVuSansMono", "LiberationMono")


@functools.cache
def available_families() -> tuple[str, ...]:
    """Base-14 families plus every TTF family whose files exist here (registered once per process)."""
    families = list(BASE14)
    for family, (regular, bold) in TTF_FAMILIES.items():
        if (FONT_DIR / regular).exists() and (FONT_DIR / bold).exists():
            pdfmetrics.registerFont(TTFont(family, str(FONT_DIR / regular)))
            pdfmetrics.registerFont(TTFont(family + "-Bold", str(FONT_DIR / bold)))
            families.append(family)
    return tuple(families)


def font_names(family: str) -> tuple[str, str]:
    """(regular, bold) reportlab font names of a family."""
    available_families()
    if family in BASE14:
        return BASE14[family]
    return family, family + "-Bold"


@dataclass
class DrawnWord:
    text: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    tag: str | None  # field tag (None = O)
    begin: bool  # True: B-, False: I- (ignored when tag is None)
    span: int = -1  # id of the labelled span this word belongs to (-1 for O)


class Ink:
    """Draws strings on a canvas and records each whitespace-separated word."""

    def __init__(self, canvas: Canvas, width: float, height: float) -> None:
        self.canvas = canvas
        self.width = width
        self.height = height
        self.page = 0
        self.words: list[DrawnWord] = []
        self._span_count = 0
        self._last_span: dict[str, int] = {}

    # ── pages ──
    def new_page(self) -> None:
        self.canvas.showPage()
        self.page += 1

    # ── text ──
    def width_of(self, text: str, font: str, size: float) -> float:
        return pdfmetrics.stringWidth(text, font, size)

    def text(self, x: float, y: float, text: str, font: str, size: float, tag: str | None = None, *,
             cont: bool = False, align: str = "left", color: tuple[float, float, float] = (0, 0, 0)) -> float:
        """Draw one string; every word gets ``tag``. Returns the drawn width."""
        return self.segments(x, y, [(text, tag)], font, size, cont=cont, align=align, color=color)

    def segments(self, x: float, y: float, segments: list[tuple[str, str | None]], font: str, size: float, *,
                 cont: bool = False, align: str = "left", color: tuple[float, float, float] = (0, 0, 0)) -> float:
        """Draw consecutive pieces of one string, each with its own tag.

        A word's tag is the tag of most of its characters (so "€12.00" printed
        glued is an amount). The first word of a tag is B- unless ``cont`` says
        the span continues from the previous call (an address's next line).
        """
        full = "".join(s for s, _ in segments)
        if not full.strip():
            return 0.0
        char_tags: list[str | None] = []
        for piece, tag in segments:
            char_tags.extend([tag] * len(piece))
        total = self.width_of(full, font, size)
        if align == "right":
            x -= total
        elif align == "center":
            x -= total / 2
        self.canvas.setFillColorRGB(*color)
        self.canvas.setFont(font, size)
        self.canvas.drawString(x, self.height - y, full)
        ascent = size * 0.78
        descent = size * 0.22
        previous_tag: str | None = None
        first = True
        i = 0
        while i < len(full):
            if full[i] == " ":
                i += 1
                continue
            j = i
            while j < len(full) and full[j] != " ":
                j += 1
            word = full[i:j]
            tags = char_tags[i:j]
            tag = max(set(tags), key=lambda t: (tags.count(t), t is not None))
            x0 = x + self.width_of(full[:i], font, size)
            x1 = x0 + self.width_of(word, font, size)
            begin = tag is not None and tag != previous_tag and not (first and cont)
            span = -1
            if tag is not None:
                if begin or tag not in self._last_span:
                    self._span_count += 1
                    self._last_span[tag] = self._span_count
                span = self._last_span[tag]
            self.words.append(DrawnWord(word, self.page, x0, y - ascent, x1, y + descent, tag, begin, span))
            previous_tag = tag
            first = False
            i = j
        return total

    def spans(self) -> dict[str, list[str]]:
        """tag -> the printed text of each labelled span, in drawing order."""
        out: dict[str, list[str]] = {}
        for word in self.words:
            if word.tag is None:
                continue
            spans = out.setdefault(word.tag, [])
            if word.begin or not spans:
                spans.append(word.text)
            else:
                spans[-1] += " " + word.text
        return out

    # ── graphics ──
    def rect(self, x: float, y: float, w: float, h: float, *, stroke: bool = True, fill: bool = False,
             fill_color: tuple[float, float, float] = (0.9, 0.9, 0.9), line_width: float = 0.6,
             stroke_color: tuple[float, float, float] = (0, 0, 0)) -> None:
        """Rectangle with its TOP-left corner at (x, y)."""
        c = self.canvas
        c.setLineWidth(line_width)
        c.setStrokeColorRGB(*stroke_color)
        c.setFillColorRGB(*fill_color)
        c.rect(x, self.height - y - h, w, h, stroke=int(stroke), fill=int(fill))
        c.setFillColorRGB(0, 0, 0)

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.6,
             color: tuple[float, float, float] = (0, 0, 0)) -> None:
        c = self.canvas
        c.setLineWidth(width)
        c.setStrokeColorRGB(*color)
        c.line(x0, self.height - y0, x1, self.height - y1)

    def circle(self, x: float, y: float, r: float, color: tuple[float, float, float]) -> None:
        c = self.canvas
        c.setFillColorRGB(*color)
        c.setStrokeColorRGB(*color)
        c.circle(x, self.height - y, r, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
