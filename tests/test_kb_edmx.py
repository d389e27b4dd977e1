"""The EDMX parser on the 11 real SAP services, and on broken and hostile files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb_tools.edmx import EdmxError, parse_dir, parse_edmx, parse_file


@pytest.fixture(scope="module")
def services(edmx_dir: Path) -> dict:
    return {s.name: s for s in parse_dir(edmx_dir)}


def test_every_shared_file_parses(edmx_dir: Path, services: dict) -> None:
    manifest = json.loads((edmx_dir / "MANIFEST.json").read_text())
    assert {Path(f["file"]).stem for f in manifest["files"]} == set(services)
    for entry in manifest["files"]:
        spec = services[Path(entry["file"]).stem]
        assert spec.source_sha256 == entry["sha256"]
        assert spec.entity_sets and spec.entity_types
        for es in spec.entity_sets.values():
            assert es.entity_type in spec.entity_types


def test_v2_supplier_invoice_properties_and_annotations(services: dict) -> None:
    spec = services["API_SUPPLIERINVOICE_PROCESS_SRV"]
    assert spec.version == "V2"
    header = spec.entity_types[spec.entity_sets["A_SupplierInvoice"].entity_type]
    assert header.keys == ["SupplierInvoice", "FiscalYear"]
    number = header.properties["SupplierInvoice"]
    assert (number.type, number.max_length, number.nullable, number.creatable) == ("Edm.String", 10, False, False)
    assert number.label == "Invoice Document No."
    gross = header.properties["InvoiceGrossAmount"]
    assert gross.type == "Edm.Decimal" and gross.precision == 14 and gross.scale == 3
    assert gross.unit == "DocumentCurrency"
    assert header.properties["DocumentDate"].type == "Edm.DateTime"
    items = header.navigation["to_SuplrInvcItemPurOrdRef"]
    assert items.many and items.target_type == "A_SuplrInvcItemPurOrdRefType"
    assert header.navigation["to_SuplrInvoiceAdditionalData"].many is False
    assert {"Post", "Release", "Cancel"} <= set(spec.function_imports)
    assert spec.function_imports["Post"].http_method == "POST"


def test_v4_purchase_order_labels_from_annotations(services: dict) -> None:
    spec = services["CE_PURCHASEORDER_0001"]
    assert spec.version == "V4"
    po = spec.entity_types[spec.entity_sets["PurchaseOrder"].entity_type]
    assert po.keys == ["PurchaseOrder"]
    assert po.properties["PurchaseOrder"].max_length == 10
    assert po.properties["PurchaseOrder"].label  # V4 labels come from <Annotations> blocks
    assert any(n.many for n in po.navigation.values())


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"", "empty"),
        (b"<edmx:Edmx Version='1.0' xmlns:edmx='http://schemas.microsoft.com/ado/2007/06/edmx'><edmx:Data",
         "line 1"),
        (b"<root/>", "not an EDMX document"),
        (b"<edmx:Edmx Version='1.0' xmlns:edmx='http://schemas.microsoft.com/ado/2007/06/edmx'>"
         b"<edmx:DataServices/></edmx:Edmx>", "no <Schema>"),
    ],
)
def test_broken_files_name_the_file_and_position(data: bytes, needle: str) -> None:
    with pytest.raises(EdmxError) as info:
        parse_edmx(data, "broken.edmx")
    assert "broken.edmx" in str(info.value) and needle in str(info.value)


def test_truncated_real_file_reports_position(edmx_dir: Path, tmp_path: Path) -> None:
    data = (edmx_dir / "API_MATERIAL_DOCUMENT_SRV.edmx").read_bytes()
    cut = tmp_path / "API_MATERIAL_DOCUMENT_SRV.edmx"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(EdmxError) as info:
        parse_file(cut)
    assert info.value.position is not None and info.value.position[0] >= 1
    assert str(cut) in str(info.value)


@pytest.mark.parametrize(
    "payload",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>',
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    ],
)
def test_hostile_xml_is_refused(payload: bytes) -> None:
    with pytest.raises(EdmxError, match="unsafe XML"):
        parse_edmx(payload, "hostile.edmx")


def test_missing_folder_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(EdmxError, match="not a folder"):
        parse_dir(tmp_path / "nope")
    with pytest.raises(EdmxError, match="no .edmx files"):
        parse_dir(tmp_path)
