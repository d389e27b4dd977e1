"""`sap-llm corpus generate` end to end: files written, summary printed, bad options rejected clearly."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from sap_llm.cli import app

runner = CliRunner()


def test_generate_writes_pdfs_scans_and_records(tmp_path):
    out = tmp_path / "c"
    result = runner.invoke(app, ["corpus", "generate", "--n", "5", "--seed", "3", "--out", str(out),
                                 "--types", "SUPPLIER_INVOICE,PURCHASE_ORDER", "--languages", "DE",
                                 "--languages", "IT", "--scan-ratio", "1", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "generated 5 of 5 documents" in result.output
    records = sorted(out.glob("syn3_*.json"))
    assert len(records) == 5
    for path in records:
        record = json.loads(path.read_text(encoding="utf-8"))
        assert record["document_type"] in ("SUPPLIER_INVOICE", "PURCHASE_ORDER")
        assert record["metadata"]["language"] in ("DE", "IT")
        assert (out / record["pdf_path"]).read_bytes().startswith(b"%PDF")
        assert (out / record["image_path"]).read_bytes().startswith(b"\x89PNG")


def test_generate_rejects_unknown_type_and_language(tmp_path):
    result = runner.invoke(app, ["corpus", "generate", "--n", "2", "--out", str(tmp_path), "--types", "BILL"])
    assert result.exit_code != 0
    assert "unknown document type" in result.output
    result = runner.invoke(app, ["corpus", "generate", "--n", "2", "--out", str(tmp_path), "--languages", "NL"])
    assert result.exit_code != 0
    assert "unsupported language" in result.output


def test_generate_rejects_a_broken_profile(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text("company_codes: []\n", encoding="utf-8")
    result = runner.invoke(app, ["corpus", "generate", "--n", "2", "--out", str(tmp_path / "o"),
                                 "--org-profile", str(profile)])
    assert result.exit_code != 0
    assert "invalid" in result.output
