"""`sap-llm kb build | show | verify` on the real EDMX files (the search index is tested in test_kb_search)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sap_llm.cli import app

runner = CliRunner()


def test_build_show_verify(edmx_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "kb"
    built = runner.invoke(app, ["kb", "build", "--edmx", str(edmx_dir), "--out", str(out), "--no-search"])
    assert built.exit_code == 0, built.output
    artifact = json.loads((out / "kb.json").read_text())
    assert "built knowledge base " + artifact["version"] in built.output
    assert len(artifact["services"]) == 11 and artifact["rules"]

    again = runner.invoke(app, ["kb", "build", "--edmx", str(edmx_dir), "--out", str(out), "--no-search",
                                "--if-missing"])  # fmt: skip
    assert again.exit_code == 0 and "is up to date" in again.output

    shown = runner.invoke(app, ["kb", "show", "API_SUPPLIERINVOICE_PROCESS_SRV", "A_SupplierInvoice", "--kb",
                                str(out), "--json"])  # fmt: skip
    assert shown.exit_code == 0, shown.output
    rows = {r["property"]: r for r in json.loads(shown.output)}
    assert rows["SupplierInvoice"]["type"] == "Edm.String" and rows["SupplierInvoice"]["max_length"] == 10
    assert rows["SupplierInvoice"]["key"] is True
    assert rows["InvoiceGrossAmount"]["precision"] == 14 and rows["InvoiceGrossAmount"]["scale"] == 3
    assert rows["to_SuplrInvcItemPurOrdRef"]["type"].endswith("[]")

    listed = runner.invoke(app, ["kb", "show", "--kb", str(out), "--json"])
    assert {r["api"] for r in json.loads(listed.output)} >= {"API_SALES_ORDER_SRV", "CE_PURCHASEORDER_0001"}

    verified = runner.invoke(app, ["kb", "verify", "--kb", str(out), "--edmx", str(edmx_dir)])
    assert verified.exit_code == 0, verified.output
    assert "0 broken" in verified.output and "0 failing" in verified.output


def test_unknown_names_and_missing_kb_are_clear_errors(edmx_dir: Path, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["kb", "show", "--kb", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "sap-llm kb build" in missing.output
    out = tmp_path / "kb"
    assert runner.invoke(app, ["kb", "build", "--edmx", str(edmx_dir), "--out", str(out), "--no-search"]).exit_code == 0
    unknown = runner.invoke(app, ["kb", "show", "API_NOPE", "--kb", str(out)])
    assert unknown.exit_code == 1 and "API_NOPE is not in the knowledge base" in unknown.output


def test_build_stops_on_a_broken_metadata_file(edmx_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "edmx"
    broken.mkdir()
    data = (edmx_dir / "API_SUPPLIERINVOICE_PROCESS_SRV.edmx").read_bytes()
    (broken / "API_SUPPLIERINVOICE_PROCESS_SRV.edmx").write_bytes(data[:5000])
    result = runner.invoke(app, ["kb", "build", "--edmx", str(broken), "--out", str(tmp_path / "kb"), "--no-search"])
    assert result.exit_code == 1
    assert "API_SUPPLIERINVOICE_PROCESS_SRV.edmx at line" in result.output.replace("\n", "")
    assert not (tmp_path / "kb").exists()


def test_a_mapping_to_a_missing_property_stops_the_build(edmx_dir: Path, tmp_path: Path) -> None:
    import pytest

    from kb_tools.compiler import KbBuildError, compile_kb

    catalogue = tmp_path / "mappings.yaml"
    catalogue.write_text(
        "routes:\n"
        "  - {id: si, document_type: SUPPLIER_INVOICE, api: API_SUPPLIERINVOICE_PROCESS_SRV,"
        " entity_set: A_SupplierInvoice, why: test}\n"
        "field_mappings:\n"
        "  SUPPLIER_INVOICE:\n"
        "    - {source: invoice_date, target: DocumentDat, transform: parse_date}\n", encoding="utf-8")
    with pytest.raises(KbBuildError, match="DocumentDat"):
        compile_kb(edmx_dir, tmp_path / "kb", with_search=False, mappings_path=catalogue)
    assert not (tmp_path / "kb").exists()
