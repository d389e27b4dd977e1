"""Stage 2 on scans: image-only, mixed and stamped PDFs, images, rotation, skew, language, timeouts.

Real tesseract on small pages (A6 at 300 DPI, six lines): about a second each.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image
from test_inbox_samples import (
    ENGLISH_LINES,
    GERMAN_LINES,
    image_pdf,
    jpeg_bytes,
    png_bytes,
    render_lines,
    tiff_bytes,
)

from sap_llm.config import Settings
from sap_llm.errors import StageError
from sap_llm.inbox import intake
from sap_llm.preprocess import preprocess
from sap_llm.records import Document


@pytest.fixture(scope="module")
def english_scan() -> Image.Image:
    return render_lines(ENGLISH_LINES)


@pytest.fixture(scope="module")
def german_scan() -> Image.Image:
    return render_lines(GERMAN_LINES)


def layout_of(data: bytes, name: str = "scan", settings: Settings | None = None):
    (doc,) = intake(data, name)
    assert isinstance(doc, Document), doc
    return preprocess(doc, settings=settings)


def words_of(layout) -> set[str]:
    return {w.text for w in layout.words}


def test_image_only_pdf_is_ocred_with_confidences_and_lines(english_scan):
    layout = layout_of(image_pdf(english_scan), "scan.pdf")
    assert [p.source for p in layout.pages] == ["ocr"]
    assert layout.pages[0].dpi == 300
    assert {"INVOICE", "2024-0042", "Acme", "Industrial", "29.75"} <= words_of(layout)
    assert all(w.source == "ocr" and 0 <= w.confidence <= 1 for w in layout.words)
    assert sum(w.confidence for w in layout.words) / len(layout.words) > 0.8
    assert layout.text.splitlines()[0] == "INVOICE 2024-0042"
    assert layout.language == "EN"


def test_mixed_pdf_reads_text_layer_and_scan_pages_each_their_way(english_scan):
    layout = layout_of(image_pdf(english_scan, extra_text_page=True), "mixed.pdf")
    assert [p.source for p in layout.pages] == ["text_layer", "ocr"]
    assert {w.source for w in layout.words if w.page == 0} == {"text_layer"}
    assert "Acme" in {w.text for w in layout.words if w.page == 1}


def test_scan_with_a_few_stamped_words_is_ocred_not_trusted(english_scan):
    layout = layout_of(image_pdf(english_scan, stamp="PAID"), "stamped.pdf")
    assert layout.pages[0].source == "ocr"
    assert {"Industrial", "Quantity"} <= words_of(layout)
    # the stamped text-layer word is kept exactly (not duplicated by its OCR reading)
    paid = [w for w in layout.words if w.text == "PAID"]
    assert len(paid) == 1 and paid[0].source == "text_layer" and paid[0].confidence == 1.0
    assert {w.source for w in layout.words if w.text != "PAID"} == {"ocr"}


@pytest.mark.parametrize("turn", [90, 180])
def test_rotated_scan_is_turned_upright(english_scan, turn):
    layout = layout_of(png_bytes(english_scan.rotate(turn, expand=True)), "turned.png")
    assert layout.pages[0].rotation % 360 == (360 - turn) % 360
    assert layout.text.splitlines()[0] == "INVOICE 2024-0042"


def test_a_wrong_turn_from_the_language_probe_is_undone(english_scan):
    from sap_llm.preprocess.scan import ocr_page

    # the probe's OSD said 180 degrees for an upright page (seen on noisy SROIE receipts)
    page = ocr_page(0, english_scan, 300.0, "EN", 60.0, orientation=180)
    assert page.rotation % 360 < 5 or page.rotation % 360 > 355
    assert {"INVOICE", "2024-0042", "Acme"} <= {w.text for w in page.words}


def test_skewed_scan_is_straightened(english_scan):
    layout = layout_of(jpeg_bytes(english_scan.rotate(3, expand=True, fillcolor=255)), "skewed.jpg")
    assert abs(layout.pages[0].rotation + 3) <= 0.3
    assert layout.text.splitlines()[:2] == ENGLISH_LINES[:2]


def test_german_scan_is_detected_as_german_and_read_with_umlauts(german_scan):
    layout = layout_of(png_bytes(german_scan), "de.png")
    assert layout.language == "DE"
    assert {"Rechnung", "für", "dreißig"} <= words_of(layout)


def test_multipage_tiff_pages_in_order(english_scan, german_scan):
    layout = layout_of(tiff_bytes([english_scan, german_scan]), "two.tif")
    assert [p.index for p in layout.pages] == [0, 1]
    first_page = {w.text for w in layout.words if w.page == 0}
    second_page = {w.text for w in layout.words if w.page == 1}
    assert "Acme" in first_page and "Rechnung" in second_page


def test_ocr_over_the_time_limit_is_a_timeout(english_scan):
    settings = Settings.model_validate({"limits": {"max_seconds_per_page": 0.05}})
    with pytest.raises(StageError) as err:
        layout_of(png_bytes(english_scan), "slow.png", settings)
    assert err.value.code == "timeout"


def test_corrupt_image_data_is_a_stage_error():
    buf = io.BytesIO()
    Image.new("L", (50, 50), 255).save(buf, format="PNG")
    doc = Document(document_id="x", source="x.png", media_type="image/png", page_count=1, size_bytes=10, data=buf.getvalue()[:40])
    with pytest.raises(StageError) as err:
        preprocess(doc)
    assert err.value.code == "corrupt"


def test_receipt_strips_and_document_pages_get_their_own_ocr_plan():
    from sap_llm.preprocess.render import upscale_for_ocr
    from sap_llm.preprocess.scan import plan_for

    assert plan_for(Image.new("L", (2480, 3508))).config.endswith("--psm 3")  # A4
    receipt = plan_for(Image.new("L", (600, 1800)))
    assert receipt.config.endswith("--psm 6") and receipt.binarise == "none"
    assert upscale_for_ocr(Image.new("L", (300, 900)), None)[1] == 2.0  # tiny, no DPI: doubled
    assert upscale_for_ocr(Image.new("L", (800, 1800)), None)[1] == 1.0
    image, factor = upscale_for_ocr(Image.new("L", (850, 1100)), 150.0)  # a 150 DPI letter page: to 300 DPI
    assert factor == 2.0 and image.size == (1700, 2200)
    assert upscale_for_ocr(Image.new("L", (850, 1100)), 75.0)[1] == 3.0  # at most 3x


def test_an_a4_png_without_a_dpi_is_read_at_its_paper_size_resolution_and_upscaled():
    from reportlab.lib.pagesizes import A4

    page = render_lines(ENGLISH_LINES, pagesize=A4, dpi=150, font_size=9)  # 1241 x 1754, small print
    layout = layout_of(png_bytes(page, dpi=None), "a4.png")
    assert layout.pages[0].dpi == 150.0
    assert {"INVOICE", "2024-0042", "Acme", "29.75"} <= words_of(layout)


def test_an_undeclared_dpi_is_read_from_the_paper_shape_of_a_whole_page():
    from sap_llm.preprocess.render import paper_dpi

    assert paper_dpi(Image.new("L", (1241, 1754))) == 150.0  # A4 at 150 DPI
    assert paper_dpi(Image.new("L", (3508, 2480))) == 300.0  # A4 landscape at 300 DPI
    assert paper_dpi(Image.new("L", (1275, 1650))) == 150.0  # US Letter at 150 DPI
    assert paper_dpi(Image.new("L", (600, 1800))) is None  # a receipt strip: no guess
    assert paper_dpi(Image.new("L", (1000, 1000))) is None
    assert paper_dpi(Image.new("L", (200, 283))) is None  # a thumbnail


def test_a_language_without_an_installed_model_falls_back_to_english():
    from sap_llm.preprocess.ocr import installed_languages, usable_language

    assert "eng" in installed_languages()
    assert usable_language("deu") == ("deu" if "deu" in installed_languages() else "eng")
    assert usable_language("xxx") == "eng"


def test_a_grey_scan_turned_straight_keeps_its_paper_grey_and_is_not_binarised_black():
    import numpy as np

    from sap_llm.preprocess.binarise import binarise
    from sap_llm.preprocess.orient import rotate_image

    grey = Image.new("L", (400, 560), 166)
    for y in range(100, 460, 40):  # dark strokes on grey paper
        grey.paste(40, (60, y, 340, y + 3))
    turned = np.asarray(rotate_image(grey, 3.0))
    assert turned.shape[1] > 400 and turned[0, 0] == 166  # the opened corner is paper, not white
    framed = Image.new("L", (460, 620), 255)  # a white frame around the grey page, as before the fix
    framed.paste(grey, (30, 30))
    ink = np.asarray(binarise(framed)) == 0
    assert ink.mean() < 0.3  # Otsu alone marks the whole grey page as ink; the local threshold keeps the bars
    assert ink[131, 200] and not ink[150, 200]  # a stroke (page y 101) is ink, the paper between is not
