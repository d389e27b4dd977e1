"""Receipt strips: the PP-OCR line reader and its fusion with tesseract's words.

``fuse`` is tested on hand-made words and lines (pure function); the line reader
and ``preprocess`` on receipt-shaped images rendered by the tests (real models).
"""

from __future__ import annotations

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from test_inbox_samples import png_bytes, render_lines

from sap_llm.config import Settings
from sap_llm.inbox import intake
from sap_llm.preprocess import line_reader, preprocess
from sap_llm.preprocess.fuse import fuse
from sap_llm.preprocess.line_reader import TextLine
from sap_llm.preprocess.receipt import receipt_region
from sap_llm.preprocess.words import RawWord

RECEIPT = (80 * mm, 160 * mm)  # a till-roll strip: height 2 x width
RECEIPT_LINES = [
    "SOON HUAT MACHINERY",
    "NO 53 JALAN PUTRA 1",
    "81200 JOHOR BAHRU",
    "Date 11/01/2019",
    "TOTAL 327.00",
]
FOOTER = "Page 1"  # render_lines prints a page footer


def word(text: str, x0: float, x1: float, y0: float = 10, y1: float = 30, group=(1, 1, 1)) -> RawWord:
    return RawWord(text, x0, y0, x1, y1, 0.7, group)


def texts(words: list[RawWord]) -> list[str]:
    return [w.text for w in words]


def test_line_characters_replace_tesseract_misreadings_and_keep_its_boxes():
    words = [word("JALAN", 0, 50), word("ASTANA", 60, 120), word("IC,", 130, 150)]
    line = TextLine(0, 8, 150, 32, "JALAN ASTANA 1C,", 0.93)
    fused = fuse(words, [line])
    assert texts(fused) == ["JALAN", "ASTANA", "1C,"]
    assert [(w.x0, w.x1) for w in fused] == [(0, 50), (60, 120), (130, 150)]
    assert all(w.confidence == 0.93 for w in fused)


def test_spaces_the_line_reader_dropped_come_back_from_tesseract():
    words = [word("S00N", 0, 40), word("HUAT", 50, 90), word("MACHlNERY", 100, 190)]
    fused = fuse(words, [TextLine(0, 8, 190, 32, "SOONHUATMACHINERY", 0.9)])
    assert texts(fused) == ["SOON", "HUAT", "MACHINERY"]


def test_a_space_the_line_reader_saw_splits_a_word_tesseract_ran_together():
    fused = fuse([word("TOTAL327.00", 0, 110)], [TextLine(0, 8, 110, 32, "TOTAL 327.00", 0.9)])
    assert texts(fused) == ["TOTAL", "327.00"]
    assert fused[0].x0 == 0 and fused[1].x1 == 110 and fused[0].x1 == fused[1].x0 == pytest.approx(50)


def test_tesseract_noise_the_line_reader_did_not_read_is_dropped():
    fused = fuse([word("|", 0, 4), word("TOTAL", 10, 60)], [TextLine(0, 8, 60, 32, "TOTAL", 0.9)])
    assert texts(fused) == ["TOTAL"]


def test_words_outside_every_line_are_kept_and_lines_without_words_are_split_evenly():
    stray = word("logo", 0, 40, y0=200, y1=220, group=(2, 1, 1))
    border = word("|", 0, 2, y0=10, y1=30, group=(3, 1, 1))  # a rule read as a word, outside the line box
    fused = fuse([border, stray], [TextLine(5, 10, 100, 30, "CASH 10.00", 0.8)])
    assert texts(fused) == ["CASH", "10.00", "logo"]
    cash, amount, kept = fused
    assert (cash.x0, cash.x1, amount.x0, amount.x1) == pytest.approx((5, 5 + 380 / 9, 5 + 380 / 9, 100))  # by characters
    assert cash.group == amount.group and cash.group != stray.group
    assert kept == stray


@pytest.fixture(scope="module")
def receipt_image():
    return render_lines(RECEIPT_LINES, pagesize=RECEIPT, font_size=12)


needs_reader = pytest.mark.skipif(not line_reader.available(), reason="rapidocr_onnxruntime not installed")


@needs_reader
def test_line_reader_reads_every_line_of_a_rendered_receipt(receipt_image):
    lines = line_reader.read_lines(receipt_image)
    read = [line.text.replace(" ", "") for line in lines]
    assert read == [text.replace(" ", "") for text in [*RECEIPT_LINES, FOOTER]]
    assert all(0.5 <= line.confidence <= 1 for line in lines)
    assert all(line.y0 < nxt.y0 for line, nxt in zip(lines, lines[1:], strict=False))


@needs_reader
@pytest.mark.parametrize("use_reader", [True, False])
def test_english_receipt_reads_to_the_same_words_with_or_without_the_line_reader(receipt_image, use_reader):
    (doc,) = intake(png_bytes(receipt_image), "receipt.png")
    settings = Settings.model_validate({"ocr": {"receipt_line_reader": use_reader, "max_workers": 1}})
    layout = preprocess(doc, settings=settings)
    assert layout.language == "EN"
    assert layout.text.splitlines() == [*RECEIPT_LINES, FOOTER]
    line_confidences = {round(line.confidence, 2) for line in line_reader.read_lines(receipt_image)}
    word_confidences = {round(w.confidence, 2) for w in layout.words}
    # with the reader every word carries its line's confidence; tesseract's own are other numbers
    assert (word_confidences <= line_confidences) is use_reader


def test_letters_the_line_reader_lacks_come_back_from_tesseract():
    words = [word("Brötchen", 0, 80), word("fur", 90, 120), word("Köln", 130, 170)]
    fused = fuse(words, [TextLine(0, 8, 170, 32, "Brotchen fur Koln", 0.9)])
    assert texts(fused) == ["Brötchen", "fur", "Köln"]  # tesseract's ö; its plain "fur" stays the reader's
    assert [(w.x0, w.x1) for w in fused] == [(0, 80), (90, 120), (130, 170)]
    # letters the recogniser dropped or read as another letter, and a € it read as C
    street = [word("Straße", 0, 60), word("Müller", 70, 130), word("12,50", 140, 190), word("€", 200, 210)]
    fused = fuse(street, [TextLine(0, 8, 210, 32, "StraBe Mller 12,50 C", 0.9)])
    assert texts(fused) == ["Straße", "Müller", "12,50", "€"]


def test_tesseracts_misread_signs_do_not_override_the_line_reader():
    # ¥ for a Y and an accented letter where the recogniser read another letter: the recogniser wins
    words = [word("MR", 0, 20), word("D.I.¥.", 30, 80), word("Café", 90, 130)]
    assert texts(fuse(words, [TextLine(0, 8, 130, 32, "MR D.I.Y. Cafx", 0.9)])) == ["MR", "D.I.Y.", "Cafx"]
    # non-ASCII punctuation (specks read as quotes) does not stop the line reader either
    specks = [word("‘TOTAL", 0, 60), word("82", 70, 90)]
    assert texts(fuse(specks, [TextLine(0, 8, 90, 32, "TOTAL 92", 0.9)])) == ["TOTAL", "92"]


def test_an_amount_tesseract_split_at_its_decimal_point_is_one_word():
    split = [word("TOTAL", 0, 60), word("92", 70, 90), word("80", 95, 115)]
    fused = fuse(split, [TextLine(0, 8, 115, 32, "TOTAL92.80", 0.9)])
    assert texts(fused) == ["TOTAL", "92.80"]
    assert (fused[1].x0, fused[1].x1) == (70, 115)
    dotted = [word("73.", 0, 30), word("00", 34, 50)]
    assert texts(fuse(dotted, [TextLine(0, 8, 50, 32, "73.00", 0.9)])) == ["73.00"]
    # a space the recogniser read, or a cut that is not at a decimal separator, still separates
    assert texts(fuse(split, [TextLine(0, 8, 115, 32, "TOTAL 92. 80", 0.9)])) == ["TOTAL", "92.", "80"]
    columns = [word("2", 0, 10), word("12.50", 40, 90)]
    assert texts(fuse(columns, [TextLine(0, 8, 90, 32, "212.50", 0.9)])) == ["2", "12.50"]


def test_a_german_receipt_keeps_the_letters_tesseract_knows():
    lines = ["Bäckerei Müller", "Brötchen für Köln", "Summe 12,50 €"]  # PP-OCR's alphabet has no ö or €
    image = render_lines(lines, pagesize=RECEIPT, font_size=12)
    layouts = []
    for use_reader in (True, False):
        (doc,) = intake(png_bytes(image), "kassenbon.png")
        settings = Settings.model_validate({"ocr": {"receipt_line_reader": use_reader, "max_workers": 1}})
        layouts.append(preprocess(doc, settings=settings))
    with_reader, without = layouts
    assert with_reader.language == "DE"
    assert [w.text for w in with_reader.words] == [w.text for w in without.words]
    assert {"Bäckerei", "Müller", "für", "€"} <= {w.text for w in with_reader.words}


def receipt_on_a4(receipt) -> tuple[Image.Image, tuple[int, int]]:
    """The receipt laid on a white A4 page at 300 DPI, as a flatbed scan of it looks."""
    page = Image.new("L", (2480, 3508), 255)
    at = (900, 400)
    page.paste(receipt, at)
    return page, at


def test_a_receipt_on_a_larger_page_is_found_and_a_document_page_is_not(receipt_image):
    page, (left, top) = receipt_on_a4(receipt_image)
    x0, y0, x1, y1 = receipt_region(page)
    # the print's box with a margin: inside the pasted strip's neighbourhood, around all of its text
    assert left - 80 <= x0 < left + 150 and top - 80 <= y0 < top + 150
    assert x1 <= left + receipt_image.width + 80 and y1 <= top + receipt_image.height + 80
    assert receipt_region(render_lines(pagesize=A4, font_size=14)) is None  # text across the page
    assert receipt_region(Image.new("L", (2480, 3508), 255)) is None  # blank


@needs_reader
def test_a_receipt_scanned_on_a4_is_read_as_a_strip_with_boxes_on_the_page(receipt_image):
    page, (left, top) = receipt_on_a4(receipt_image)
    (doc,) = intake(png_bytes(page), "flatbed.png")
    layout = preprocess(doc, settings=Settings.model_validate({"ocr": {"max_workers": 1}}))
    assert layout.text.splitlines() == [*RECEIPT_LINES, FOOTER]
    assert (layout.pages[0].width, layout.pages[0].height) == (2480, 3508)
    first = layout.words[0]  # "SOON", normalised 0..1000 on the A4 page
    assert first.text == "SOON"
    assert 1000 * left / 2480 <= first.box[0] <= 1000 * (left + receipt_image.width) / 2480
    assert 1000 * top / 3508 <= first.box[1] <= 1000 * (top + receipt_image.height) / 3508
