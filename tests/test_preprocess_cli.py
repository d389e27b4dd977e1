"""`sap-llm layout` on a folder mixing good and bad files: one result per file, exit 0, quickly."""

from __future__ import annotations

import json
import os

from test_inbox_samples import GERMAN_LINES, eml_bytes, encrypted_pdf, png_claiming, text_pdf, zip_bytes
from typer.testing import CliRunner

from sap_llm.cli import app


def test_layout_command_reports_every_file(tmp_path):
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    good = text_pdf(pages=2)
    files = {
        "empty.pdf": b"",
        "random.pdf": os.urandom(3000),
        "truncated.pdf": good[: len(good) // 2],
        "bomb.png": png_claiming(100_000, 100_000),
        "archive.zip": zip_bytes(),
        "notes.txt": b"just some text\n",
        "good.pdf": good,
        "sub/again.pdf": good,
        "sub/mail.eml": eml_bytes([("de.pdf", "application/pdf", text_pdf(GERMAN_LINES * 2))]),
    }
    locked = encrypted_pdf(tmp_path)
    if locked is not None:
        files["encrypted.pdf"] = locked
    for name, data in files.items():
        (folder / name).write_bytes(data)

    result = CliRunner().invoke(app, ["layout", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    rows = {os.path.relpath(r["source"], folder): r for r in json.loads(result.output)}
    assert set(rows) == (set(files) - {"sub/mail.eml"}) | {"sub/mail.eml/de.pdf"}
    codes = {name: r["error"]["code"] for name, r in rows.items() if r["status"] == "rejected"}
    expected = {
        "empty.pdf": "empty",
        "random.pdf": "unsupported_type",
        "truncated.pdf": "truncated",
        "bomb.png": "too_many_pixels",
        "archive.zip": "unsupported_type",
        "notes.txt": "unsupported_type",
    }
    if locked is not None:
        expected["encrypted.pdf"] = "encrypted"
    assert codes == expected
    assert rows["good.pdf"]["pages"][0]["source"] == "text_layer" and rows["good.pdf"]["words"] > 20
    assert rows["sub/again.pdf"]["duplicate"] is True  # same bytes as good.pdf, still processed
    assert rows["sub/mail.eml/de.pdf"]["language"] == "DE"
    assert rows["sub/mail.eml/de.pdf"]["envelope"]["subject"] == "Invoice 2024-0042"


def test_layout_command_text_output_and_missing_path(tmp_path):
    (tmp_path / "a.pdf").write_bytes(text_pdf())
    result = CliRunner().invoke(app, ["layout", str(tmp_path / "a.pdf"), "--text"])
    assert result.exit_code == 0
    assert "INVOICE 2024-0042" in result.output and "text_layer" in result.output
    missing = CliRunner().invoke(app, ["layout", str(tmp_path / "nope.pdf")])
    assert missing.exit_code == 2
