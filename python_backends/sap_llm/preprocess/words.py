"""The working record of stage 2: a word with a box in page pixels/points, before normalisation."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RawWord:
    """One word as read from a text layer or OCR, box in the page's own units, origin top-left."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float = 1.0  # 0..1
    group: tuple[int, ...] | None = None  # OCR: (block, paragraph, line) from tesseract
    source: str | None = None  # set when it differs from its page's source (text-layer words kept on an OCR page)

    @property
    def height(self) -> float:
        return max(self.y1 - self.y0, 0.0)

    @property
    def center_y(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class PageResult:
    """Everything preprocess learned about one page."""

    index: int
    width: float
    height: float
    source: str  # "text_layer" | "ocr"
    words: list[RawWord] = field(default_factory=list)
    dpi: float | None = None
    rotation: float = 0.0
    language: str | None = None  # upper-case code, when known for this page
    reason: str = ""  # why this source was chosen (e.g. "text layer is garbage")
    elapsed_ms: float = 0.0
