from sap_llm.config import load_settings


def test_defaults_are_safe():
    s = load_settings()
    assert s.limits.max_bytes == 50 * 1024 * 1024
    assert s.ocr.dpi == 300


def test_file_then_environment_override(tmp_path, monkeypatch):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("limits:\n  max_pages: 7\nocr:\n  dpi: 200\n")
    monkeypatch.setenv("SAP_LLM__LIMITS__MAX_PAGES", "9")
    s = load_settings(cfg)
    assert s.ocr.dpi == 200
    assert s.limits.max_pages == 9
