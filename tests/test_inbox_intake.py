"""Stage 1: every input kind accepted, every rejection reason produced, from real small files."""

from __future__ import annotations

import hashlib
import os

import pytest
from PIL import Image
from test_inbox_samples import (
    GERMAN_LINES,
    eml_bytes,
    encrypted_pdf,
    image_pdf,
    jpeg_bytes,
    png_bytes,
    png_claiming,
    render_lines,
    text_pdf,
    tiff_bytes,
    zero_page_pdf,
    zip_bytes,
)

from sap_llm.config import Limits
from sap_llm.inbox import RejectCode, SeenRegistry, intake, sniff
from sap_llm.records import Document, Rejection


@pytest.fixture(scope="module")
def page_image() -> Image.Image:
    return render_lines(dpi=100)


def only(items):
    assert len(items) == 1, items
    return items[0]


def rejected(items, code: RejectCode) -> Rejection:
    item = only(items)
    assert isinstance(item, Rejection), item
    assert item.code == code.value, (item.code, item.message)
    assert item.message and item.stage == "inbox"
    return item


# ── accepted input kinds ─────────────────────────────────────────────────────
def test_born_digital_pdf_is_accepted_with_sha256_id_and_page_count():
    data = text_pdf(pages=3)
    doc = only(intake(data, "invoice.pdf"))
    assert isinstance(doc, Document)
    assert doc.media_type == "application/pdf"
    assert doc.page_count == 3
    assert doc.document_id == hashlib.sha256(data).hexdigest()
    assert doc.size_bytes == len(data) and doc.data == data
    assert doc.duplicate is False


def test_image_only_and_mixed_pdfs_are_accepted(page_image):
    assert only(intake(image_pdf(page_image), "scan.pdf")).page_count == 1
    assert only(intake(image_pdf(page_image, extra_text_page=True), "mixed.pdf")).page_count == 2


def test_png_jpeg_and_multipage_tiff_are_accepted(page_image):
    png = only(intake(png_bytes(page_image), "a.png"))
    jpg = only(intake(jpeg_bytes(page_image), "a.jpg"))
    tif = only(intake(tiff_bytes([page_image, page_image.rotate(180), page_image]), "a.tif"))
    assert (png.media_type, png.page_count) == ("image/png", 1)
    assert (jpg.media_type, jpg.page_count) == ("image/jpeg", 1)
    assert (tif.media_type, tif.page_count) == ("image/tiff", 3)


def test_media_type_comes_from_the_bytes_not_the_name(page_image):
    doc = only(intake(png_bytes(page_image), "looks_like.pdf"))
    assert doc.media_type == "image/png"
    assert only(intake(text_pdf(), "no_extension")).media_type == "application/pdf"


def test_email_with_two_attachments_yields_two_documents_with_their_envelope(page_image):
    pdf, png = text_pdf(), png_bytes(page_image)
    items = intake(eml_bytes([("invoice.pdf", "application/pdf", pdf), ("scan.png", "image/png", png)]), "mail.eml")
    assert [type(i) for i in items] == [Document, Document]
    first, second = items
    assert first.document_id == hashlib.sha256(pdf).hexdigest()
    assert second.document_id == hashlib.sha256(png).hexdigest()
    assert first.source == "mail.eml/invoice.pdf" and second.media_type == "image/png"
    envelope = first.envelope
    assert envelope is not None
    assert envelope.sender == "Accounts <ap@acme.example>"
    assert envelope.subject == "Invoice 2024-0042"
    assert envelope.message_id == "<42@acme.example>"
    assert envelope.date and "2024" in envelope.date
    assert envelope.attachment_name == "invoice.pdf" and second.envelope.attachment_name == "scan.png"


def test_email_keeps_bad_attachments_as_rejections_beside_good_ones():
    items = intake(
        eml_bytes([("invoice.pdf", "application/pdf", text_pdf()), ("notes.zip", "application/zip", zip_bytes())]),
        "mail.eml",
    )
    assert isinstance(items[0], Document)
    assert isinstance(items[1], Rejection) and items[1].code == "unsupported_type"
    assert items[1].envelope.attachment_name == "notes.zip"


def test_duplicates_are_flagged_not_dropped_and_remembered_on_disk(tmp_path):
    data = text_pdf()
    registry = SeenRegistry(tmp_path / "seen.sqlite3")
    assert only(intake(data, "a.pdf", seen=registry)).duplicate is False
    again = only(intake(data, "b.pdf", seen=registry))
    assert isinstance(again, Document) and again.duplicate is True
    registry.close()
    reopened = SeenRegistry(tmp_path / "seen.sqlite3")
    assert only(intake(data, "c.pdf", seen=reopened)).duplicate is True
    assert only(intake(text_pdf(pages=2), "d.pdf", seen=reopened)).duplicate is False
    reopened.close()


# ── every rejection reason ───────────────────────────────────────────────────
def test_empty_file():
    rejected(intake(b"", "empty.pdf"), RejectCode.EMPTY)
    rejected(intake(b"  \n", "blank.pdf"), RejectCode.EMPTY)


def test_truncated_pdf():
    data = text_pdf()
    item = rejected(intake(data[: len(data) // 2], "cut.pdf"), RejectCode.TRUNCATED)
    assert item.document_id == hashlib.sha256(data[: len(data) // 2]).hexdigest()


def test_truncated_jpeg(page_image):
    data = jpeg_bytes(page_image)
    rejected(intake(data[: len(data) // 2], "cut.jpg"), RejectCode.TRUNCATED)


def test_corrupt_pdf_and_image():
    rejected(intake(b"%PDF-1.7\n" + os.urandom(4000) + b"\n%%EOF\n", "bad.pdf"), RejectCode.CORRUPT)
    rejected(intake(b"\x89PNG\r\n\x1a\n" + os.urandom(500), "bad.png"), RejectCode.CORRUPT)


def test_random_bytes_named_pdf_are_unsupported_and_say_so():
    item = rejected(intake(os.urandom(5000), "random.pdf"), RejectCode.UNSUPPORTED_TYPE)
    assert "binary" in item.message and ".pdf" in item.message


def test_encrypted_pdf(tmp_path):
    data = encrypted_pdf(tmp_path)
    if data is None:
        pytest.skip("qpdf not installed")
    item = rejected(intake(data, "locked.pdf"), RejectCode.ENCRYPTED)
    assert "password" in item.message


def test_zero_pages():
    rejected(intake(zero_page_pdf(), "nothing.pdf"), RejectCode.ZERO_PAGES)


def test_unsupported_types_say_what_they_look_like():
    assert "zip" in rejected(intake(zip_bytes(), "a.zip"), RejectCode.UNSUPPORTED_TYPE).message
    assert "plain text" in rejected(intake(b"Invoice 42\nTotal 10 EUR\n", "a.txt"), RejectCode.UNSUPPORTED_TYPE).message
    assert "HTML" in rejected(intake(b"<!DOCTYPE html><html></html>", "a.html"), RejectCode.UNSUPPORTED_TYPE).message
    gif = Image.new("L", (10, 10))
    import io

    buf = io.BytesIO()
    gif.save(buf, format="GIF")
    assert "GIF" in rejected(intake(buf.getvalue(), "a.gif"), RejectCode.UNSUPPORTED_TYPE).message


def test_too_large():
    item = rejected(intake(text_pdf(), "big.pdf", limits=Limits(max_bytes=500)), RejectCode.TOO_LARGE)
    assert "500" in item.message


def test_too_many_pages(page_image):
    rejected(intake(text_pdf(pages=3), "long.pdf", limits=Limits(max_pages=2)), RejectCode.TOO_MANY_PAGES)
    tiff = tiff_bytes([page_image] * 3)
    rejected(intake(tiff, "long.tif", limits=Limits(max_pages=2)), RejectCode.TOO_MANY_PAGES)


def test_png_claiming_100000_by_100000_pixels_is_refused_from_its_header_alone():
    data = png_claiming(100_000, 100_000)
    item = rejected(intake(data, "bomb.png"), RejectCode.TOO_MANY_PIXELS)
    assert "pixels" in item.message


def test_image_over_the_configured_pixel_limit(page_image):
    item = rejected(intake(png_bytes(page_image), "a.png", limits=Limits(max_pixels_per_page=1000)), RejectCode.TOO_MANY_PIXELS)
    assert f"{page_image.width}×{page_image.height}" in item.message


def test_pdf_page_over_the_pixel_limit_at_300_dpi():
    huge = text_pdf(pagesize=(14_000, 14_000))  # 14,000 pt square: 3.4 billion pixels at 300 DPI
    rejected(intake(huge, "poster.pdf"), RejectCode.TOO_MANY_PIXELS)


def test_email_without_attachments():
    item = rejected(intake(eml_bytes([]), "mail.eml"), RejectCode.NO_ATTACHMENTS)
    assert item.envelope is not None and item.envelope.subject == "Invoice 2024-0042"


def test_email_with_only_unusable_attachments_says_which():
    items = intake(eml_bytes([("terms.zip", "application/zip", zip_bytes())]), "mail.eml")
    assert items[0].code == "no_attachments" and "terms.zip" in items[0].message
    assert items[1].code == "unsupported_type"


def test_a_batch_of_bad_and_good_files_gives_one_result_each(tmp_path, page_image):
    batch = {
        "empty.pdf": b"",
        "random.pdf": os.urandom(2048),
        "cut.pdf": text_pdf()[:900],
        "bomb.png": png_claiming(100_000, 100_000),
        "archive.zip": zip_bytes(),
        "notes.txt": "\n".join(GERMAN_LINES).encode(),
        "good.pdf": text_pdf(),
        "good.png": png_bytes(page_image),
    }
    results = {name: intake(data, name) for name, data in batch.items()}
    assert all(len(items) == 1 for items in results.values())
    kinds = {name: type(items[0]).__name__ for name, items in results.items()}
    assert kinds["good.pdf"] == kinds["good.png"] == "Document"
    assert sum(kind == "Rejection" for kind in kinds.values()) == 6


def test_sniff_recognises_email_but_not_plain_text_with_a_colon():
    assert sniff(eml_bytes([])).media_type == "message/rfc822"
    assert sniff(b"Note: this is not an e-mail\nJust text.\n").media_type is None
    assert sniff(b"BMW invoice text").description == "plain text"


def test_rejection_codes_are_stable():
    assert {c.value for c in RejectCode} == {
        "empty", "truncated", "corrupt", "encrypted", "zero_pages", "unsupported_type", "too_large",
        "too_many_pages", "too_many_pixels", "timeout", "no_attachments",
    }


def test_two_registries_on_one_file_see_each_others_documents(tmp_path):
    """As two server processes sharing the registry file would."""
    first, second = SeenRegistry(tmp_path / "seen.sqlite3"), SeenRegistry(tmp_path / "seen.sqlite3")
    data = text_pdf(pages=2)
    assert only(intake(data, "a.pdf", seen=first)).duplicate is False
    assert only(intake(data, "a.pdf", seen=second)).duplicate is True
    assert hashlib.sha256(data).hexdigest() in second
    first.close()
    second.close()
