"""`sap-llm process --local` and `sap-llm serve` from the command line (typer's runner, real files)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from typer.testing import CliRunner

from sap_llm.cli import app


def test_process_local_json_gives_a_result_per_bad_file(tmp_path: Path, monkeypatch) -> None:
    from test_pipeline_flow import bad_input_folder

    monkeypatch.setenv("SAP_LLM__STORAGE__HISTORY_PATH", str(tmp_path / "h.sqlite3"))
    expected = bad_input_folder(tmp_path / "bad")
    result = CliRunner().invoke(app, ["process", "--local", "--json", "--no-history", str(tmp_path / "bad")])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout[: result.stdout.rindex("]") + 1])
    assert sorted(r["source"] for r in body) == sorted(expected)
    assert all(r["status"] == "rejected" and r["error"]["code"] == expected[r["source"]] for r in body)


def test_process_local_out_writes_one_file_per_document(tmp_path: Path, monkeypatch) -> None:
    from test_pipeline_flow import bad_input_folder

    monkeypatch.setenv("SAP_LLM__STORAGE__HISTORY_PATH", str(tmp_path / "h.sqlite3"))
    bad_input_folder(tmp_path / "bad")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["process", "--local", "--out", str(out), str(tmp_path / "bad")])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.glob("*.json"))
    assert written == ["archive.json", "bomb.json", "empty.json", "encrypted.json", "notes.json", "random.json",
                       "truncated.json"]
    assert json.loads((out / "empty.json").read_text())["error"]["code"] == "empty"


def test_process_without_inputs_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty_dir").mkdir()
    result = CliRunner().invoke(app, ["process", "--local", str(tmp_path / "empty_dir")])
    assert result.exit_code == 2 and "no input files" in result.output


def test_process_with_an_unreachable_server_fails_the_run(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = CliRunner().invoke(app, ["process", "--server", f"127.0.0.1:{port}", str(tmp_path / "a.pdf")])
    assert result.exit_code == 1 and "no ready SAP_LLM Triton server" in result.output


def test_serve_says_when_its_port_is_taken() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--http-port", str(port), "--grpc-port", "0", "--metrics-port", "0"])
    assert result.exit_code == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.output


def test_demo_samples_mix_digital_scanned_and_a_defect(tmp_path: Path) -> None:
    from sap_llm.serving.demo import generate_samples

    samples = generate_samples(tmp_path / "docs", 5, 7)
    assert len(samples) == 5 and all(s.path.is_file() for s in samples)
    kinds = {s.kind for s in samples}
    assert kinds == {"digital", "scanned"}
    assert any(s.defects for s in samples)
    assert len({s.path for s in samples}) == 5


def test_output_names_stay_unique() -> None:
    from sap_llm.serving.report import output_name

    taken: set[str] = set()
    names = [output_name({"source": s}, taken) for s in ("a.pdf", "a.png", "dir/a.pdf", "weird name?.pdf", None)]
    assert names == ["a.json", "a_2.json", "a_3.json", "weird_name_.json", "document.json"]
