"""ONNX export + parity on tiny models, int8 quantisation, and the TensorRT build's clean skip."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

from sap_llm import paths
from sap_llm.models.classifier_net import HashedBagClassifier
from sap_llm.models.tagger_net import build_tagger
from sap_llm.training.export import (
    classifier_parity,
    export_classifier_module,
    export_tagger_module,
    quantize,
    sample_tagger_inputs,
    tagger_parity,
)


def test_tagger_onnx_matches_pytorch_and_int8_keeps_its_decisions(tmp_path: Path) -> None:
    import torch

    model = build_tagger(num_labels=7, num_layers=1, pretrained=True).eval()
    with torch.no_grad():  # an untrained head is indecisive (near-equal logits); give it clear margins
        model.classifier.weight.normal_(0, 0.5)
    fp32 = export_tagger_module(model, tmp_path / "tagger.onnx")
    report = tagger_parity(model, fp32, atol=1e-3)
    assert report.fp32_ok, report
    # Dynamic axes: a different batch size and sequence length than the export's sample.
    feed = sample_tagger_inputs(n=2, seq=200, seed=3)
    assert tagger_parity(model, fp32, inputs=feed).fp32_ok
    int8 = quantize(fp32, tmp_path / "tagger.int8.onnx")
    assert int8.stat().st_size < fp32.stat().st_size / 3
    # Random token ids and boxes are the hardest case for int8; trained models on real pages agree more
    # (the shipped model's int8 vs fp32 field F1 is in BENCHMARKS.md).
    q = tagger_parity(model, int8, min_agreement=0.85)
    assert q.decisions_ok, q


def test_classifier_onnx_parity(tmp_path: Path) -> None:
    model = HashedBagClassifier(15, 40, buckets=5000, dim=16, hidden=32).eval()
    onnx_path = export_classifier_module(model, tmp_path / "clf.onnx")
    report = classifier_parity(model, onnx_path)
    assert report.fp32_ok and report.decisions_ok, report


def test_parity_detects_a_different_model(tmp_path: Path) -> None:
    a = HashedBagClassifier(15, 40, buckets=5000, dim=16, hidden=32).eval()
    onnx_path = export_classifier_module(a, tmp_path / "clf.onnx")
    b = HashedBagClassifier(15, 40, buckets=5000, dim=16, hidden=32).eval()
    with np.errstate(all="ignore"):
        assert not classifier_parity(b, onnx_path).fp32_ok


def test_tensorrt_build_skips_cleanly_without_gpu(tmp_path: Path) -> None:
    script = paths.repo_path("build_engines", "build_tensorrt.py")
    result = subprocess.run([sys.executable, str(script), "--onnx", str(tmp_path / "none.onnx"),
                             "--out", str(tmp_path / "x.plan")], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout.startswith("skipped: "), result.stdout
    assert not (tmp_path / "x.plan").exists()


def test_parity_inputs_are_windows_of_real_records(tmp_path: Path) -> None:
    from sap_llm.corpus.record import CorpusRecord
    from sap_llm.corpus.synth import generate_corpus
    from sap_llm.models.tagger_net import load_tokenizer
    from sap_llm.training.tagger import TaggerTrainConfig, tagger_parity_inputs

    paths_ = generate_corpus(tmp_path / "c", 3, 7, workers=1, scan_ratio=0.0, defect_ratio=0.0)
    records = [CorpusRecord.model_validate_json(p.read_text(encoding="utf-8")) for p in paths_]
    tokenizer = load_tokenizer()
    feed = tagger_parity_inputs(records, tokenizer, TaggerTrainConfig(max_tokens=64, overlap=16), windows=4)
    assert feed["input_ids"].shape[0] == 4 and feed["input_ids"].shape[1] <= 64
    first_words = tokenizer(records[0].words[0], add_special_tokens=False)["input_ids"]
    assert feed["input_ids"][0, 1:1 + len(first_words)].tolist() == first_words  # after [CLS]: the page's text
    assert feed["bbox"].max() > 0 and set(feed) == {"input_ids", "bbox", "attention_mask"}
    model = build_tagger(num_labels=7, num_layers=1, pretrained=True).eval()
    fp32 = export_tagger_module(model, tmp_path / "tagger.onnx")
    assert tagger_parity(model, fp32, inputs=feed).fp32_ok


def test_new_fields_are_appended_to_a_continued_taggers_labels_and_old_rows_kept() -> None:
    import torch

    from sap_llm.models.labels import LabelMap, extend_label_map
    from sap_llm.models.tagger_net import load_checkpoint_with_new_labels

    previous = LabelMap(("O", "B-invoice_number", "I-invoice_number"))
    grown = extend_label_map(previous, {"O", "B-reversal_date", "B-invoice_number", "I-invoice_number"})
    assert grown.names == ("O", "B-invoice_number", "I-invoice_number", "B-reversal_date", "I-reversal_date")

    old = build_tagger(num_labels=3, num_layers=1, pretrained=False)
    with torch.no_grad():  # trained weights differ from a fresh model's
        old.classifier.weight.normal_(0, 0.5)
        old.layoutlm.encoder.layer[0].output.dense.weight.add_(1.0)
    new = build_tagger(num_labels=len(grown), num_layers=1, pretrained=False)
    fresh_rows = new.classifier.weight[3:].detach().clone()
    assert load_checkpoint_with_new_labels(new, old.state_dict()) == 3
    assert torch.equal(new.classifier.weight[:3], old.classifier.weight)
    assert torch.equal(new.classifier.bias[:3], old.classifier.bias)
    assert torch.equal(new.classifier.weight[3:], fresh_rows)
    assert torch.equal(new.layoutlm.encoder.layer[0].output.dense.weight, old.layoutlm.encoder.layer[0].output.dense.weight)


def test_a_checkpoint_with_more_labels_than_the_model_is_refused() -> None:
    import pytest

    from sap_llm.models.tagger_net import load_checkpoint_with_new_labels

    bigger = build_tagger(num_labels=5, num_layers=1, pretrained=False).state_dict()
    with pytest.raises(ValueError, match="5 labels"):
        load_checkpoint_with_new_labels(build_tagger(num_labels=3, num_layers=1, pretrained=False), bigger)
