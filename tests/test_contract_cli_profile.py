"""`sap-llm contract ...` commands and the organisation profile loader."""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from sap_llm.cli import app
from sap_llm.profile import EXAMPLE_PROFILE, ProfileError, load_profile, profile_warnings

runner = CliRunner()

GOOD = {"document_type": "SUPPLIER_INVOICE", "subtype": "STANDARD_INVOICE",
        "fields": {"invoice_number": "RE-1", "invoice_date": "2024-11-18", "supplier_name": "Acme",
                   "total_amount": "119.00", "currency": "EUR"},
        "line_items": []}


def _run(*args: str):
    return runner.invoke(app, list(args))


def test_every_contract_command_has_help():
    for cmd in ["types", "subtypes", "fields", "schema", "validate", "profile"]:
        result = _run("contract", cmd, "--help")
        assert result.exit_code == 0, cmd
        assert "Usage" in result.output


def test_types_and_subtypes_listing():
    result = _run("contract", "types", "--json")
    rows = json.loads(result.output)
    assert len(rows) == 15 and {r["type"] for r in rows} >= {"PURCHASE_ORDER", "UNKNOWN"}
    result = _run("contract", "subtypes", "goods_receipt")
    assert result.exit_code == 0 and "movement_type=122" in result.output
    result = _run("contract", "subtypes", "INVOICE")
    assert result.exit_code != 0 and "unknown document type 'INVOICE'" in result.output


def test_fields_json_and_schema():
    rows = json.loads(_run("contract", "fields", "SUPPLIER_INVOICE", "--json").output)
    names = {(r["name"], r["level"]) for r in rows}
    assert ("invoice_number", "header") in names and ("quantity", "line_item") in names
    schema = json.loads(_run("contract", "schema", "SUPPLIER_INVOICE").output)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "supplier_name" in schema["properties"]["fields"]["required"]
    # invoice_number is required unless the subtype is one that may lack it (RECEIPT)
    conditional = {c["else"]["properties"]["fields"]["required"][0]: c["if"]["properties"]["subtype"]["enum"]
                   for c in schema["allOf"]}
    assert "RECEIPT" in conditional["invoice_number"]


def test_validate_good_bad_record_and_array(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(GOOD))
    assert _run("contract", "validate", str(good)).exit_code == 0

    bad = tmp_path / "bad.json"
    bad_doc = json.loads(json.dumps(GOOD))
    bad_doc["fields"]["invoice_date"] = "18.11.2024"
    bad.write_text(json.dumps([GOOD, bad_doc]))
    result = _run("contract", "validate", str(bad))
    assert result.exit_code == 1
    assert f"{bad}[1]: fields.invoice_date: '18.11.2024' does not match" in result.output

    record = tmp_path / "rec.json"
    record.write_text(json.dumps({"id": "r1", "document_type": "SUPPLIER_INVOICE", "subtype": "RECEIPT",
                                  "ground_truth": {"fields": {"supplier_name": "Shop", "invoice_date": "2018-12-25",
                                                              "total_amount": "9.00"}, "line_items": []}}))
    assert _run("contract", "validate", str(record)).exit_code == 0

    folder = _run("contract", "validate", str(tmp_path))  # a folder: every *.json below it
    assert folder.exit_code == 1 and "3 file(s), 1 invalid document(s)" in folder.output

    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    result = _run("contract", "validate", str(broken))
    assert result.exit_code == 1 and "cannot read JSON" in result.output


def test_example_profile_loads_cleanly():
    profile = load_profile()
    assert [c.code for c in profile.company_codes] == ["1010", "2010"]
    assert profile.company_code("1010").plants == ["1010", "1020"]
    assert profile.vendor("17300001").name == "Acme Industrial Supplies Ltd"
    assert "DE811234565" in profile.own_vat_ids
    assert profile_warnings(profile) == []
    result = _run("contract", "profile")
    assert result.exit_code == 0 and "company code 1010: Nordwind Handels GmbH" in result.output


def test_profile_json_unknown_keys_kept(tmp_path):
    data = yaml.safe_load(EXAMPLE_PROFILE.read_text())
    data["company_codes"][0]["bank_name"] = "Commerzbank"
    data["tenant"] = {"id": 7}
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    profile = load_profile(path)
    assert profile.company_codes[0].model_extra["bank_name"] == "Commerzbank"
    assert profile.model_extra["tenant"] == {"id": 7}
    result = _run("contract", "profile", str(path))
    assert result.exit_code == 0 and "additional keys kept: tenant" in result.output


@pytest.mark.parametrize("content,message", [
    ("company_codes: [", "is not valid YAML"),
    ("- a\n- b\n", "must be a mapping with 'company_codes'"),
    ("company_codes: []\n", "company_codes: List should have at least 1 item"),
    ("company_codes:\n  - code: '1010'\n", "company_codes.0.name: Field required"),
    ("company_codes:\n  - {code: '1010', name: A}\n  - {code: '1010', name: B}\n",
     "company code 1010 is defined more than once"),
])
def test_broken_profiles_give_clear_errors(tmp_path, content, message):
    path = tmp_path / "p.yaml"
    path.write_text(content)
    with pytest.raises(ProfileError, match="invalid|not valid|must be") as info:
        load_profile(path)
    assert message in str(info.value)
    result = _run("contract", "profile", str(path))
    assert result.exit_code == 1 and message in result.output


def test_missing_profile_file(tmp_path):
    with pytest.raises(ProfileError, match="cannot read organisation profile"):
        load_profile(tmp_path / "none.yaml")


def test_profile_warnings_for_bad_check_digits(tmp_path):
    data = yaml.safe_load(EXAMPLE_PROFILE.read_text())
    data["vendors"][0]["iban"] = "GB29NWBK60161331926818"  # last digit changed
    data["vendors"][1]["vat_id"] = "DE129891237"
    data["company_codes"][0]["plant_details"].append({"plant": "9999"})
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data))
    warnings = profile_warnings(load_profile(path))
    assert any("GB29NWBK60161331926818 fails the ISO 13616 mod-97" in w for w in warnings)
    assert any("VAT id DE129891237 is invalid" in w for w in warnings)
    assert any("plant 9999 not in plants" in w for w in warnings)
