"""Export, quantisation and parity of the trained models (used by ``sap-llm train`` and ``build_engines/``).

ONNX with dynamic batch / sequence axes (the TorchScript exporter, opset 17),
onnxruntime int8 dynamic quantisation (MatMul / Gemm / Gather weights), and a
parity check of ONNX against PyTorch.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

OPSET = 17


def export_tagger_module(model, out: Path, seq: int = 64) -> Path:
    """Export a ``LayoutLMForTokenClassification`` (eval mode) to ``out``."""
    import torch

    from sap_llm.models.tagger_net import TaggerForExport

    wrapper = TaggerForExport(model.eval())
    ids = torch.full((1, seq), 1000, dtype=torch.long)
    y = torch.arange(seq, dtype=torch.long).clamp(max=900).view(1, seq, 1)
    bbox = torch.cat([y, y, y + 50, y + 10], dim=-1)
    mask = torch.ones((1, seq), dtype=torch.long)
    out.parent.mkdir(parents=True, exist_ok=True)
    axes = {"batch": 0, "seq": 1}
    torch.onnx.export(
        wrapper, (ids, bbox, mask), str(out), input_names=["input_ids", "bbox", "attention_mask"],
        output_names=["logits"], opset_version=OPSET, dynamo=False,
        dynamic_axes={n: {v: k for k, v in axes.items()} for n in ("input_ids", "bbox", "attention_mask", "logits")},
    )
    return out


def export_classifier_module(model, out: Path, features: int = 64) -> Path:
    import torch

    idx = torch.ones((1, features), dtype=torch.long)
    wts = torch.full((1, features), 0.1, dtype=torch.float32)
    out.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(
        model.eval(), (idx, wts), str(out), input_names=["indices", "weights"],
        output_names=["type_logits", "subtype_logits"], opset_version=OPSET, dynamo=False,
        dynamic_axes={"indices": {0: "batch", 1: "features"}, "weights": {0: "batch", 1: "features"},
                      "type_logits": {0: "batch"}, "subtype_logits": {0: "batch"}},
    )
    return out


def quantize(src: Path, dst: Path, *, embeddings: bool = True) -> Path:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    logging.getLogger("root").setLevel(logging.ERROR)  # its "consider pre-processing" hint is noise here
    ops = ["MatMul", "Gemm"] + (["Gather"] if embeddings else [])
    dst.parent.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, op_types_to_quantize=ops, per_channel=True)
    return dst


@dataclass
class ParityReport:
    max_abs_diff: float
    argmax_agreement: float
    atol: float
    min_agreement: float

    @property
    def fp32_ok(self) -> bool:
        return self.max_abs_diff <= self.atol

    @property
    def decisions_ok(self) -> bool:
        return self.argmax_agreement >= self.min_agreement


def sample_tagger_inputs(n: int = 3, seq: int = 96, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    ids = rng.integers(1000, 29000, size=(n, seq)).astype(np.int64)
    ids[:, 0], ids[:, -1] = 101, 102
    x0 = rng.integers(0, 900, size=(n, seq))
    y0 = rng.integers(0, 950, size=(n, seq))
    bbox = np.stack([x0, y0, x0 + rng.integers(5, 100, size=(n, seq)), y0 + rng.integers(5, 40, size=(n, seq))], -1)
    mask = np.ones((n, seq), dtype=np.int64)
    mask[-1, seq // 2:] = 0
    return {"input_ids": ids, "bbox": bbox.astype(np.int64), "attention_mask": mask}


def tagger_parity(model, onnx_path: Path, *, atol: float = 1e-3, min_agreement: float = 0.98,
                  inputs: dict[str, np.ndarray] | None = None) -> ParityReport:
    import torch

    from sap_llm.models.runtime import open_session

    feed = inputs or sample_tagger_inputs()
    with torch.no_grad():
        ref = model.eval()(**{k: torch.from_numpy(v) for k, v in feed.items()}).logits.numpy()
    got = open_session(onnx_path).run(None, feed)[0]
    valid = feed["attention_mask"].astype(bool)
    diff = float(np.abs(ref - got)[valid].max())
    agree = float((ref.argmax(-1) == got.argmax(-1))[valid].mean())
    return ParityReport(diff, agree, atol, min_agreement)


def classifier_parity(model, onnx_path: Path, *, atol: float = 1e-4, min_agreement: float = 1.0) -> ParityReport:
    import torch

    from sap_llm.models.runtime import open_session

    rng = np.random.default_rng(0)
    idx = rng.integers(1, 1000, size=(4, 128)).astype(np.int64)
    wts = rng.random((4, 128)).astype(np.float32)
    with torch.no_grad():
        ref = model.eval()(torch.from_numpy(idx), torch.from_numpy(wts))[0].numpy()
    got = open_session(onnx_path).run(None, {"indices": idx, "weights": wts})[0]
    return ParityReport(float(np.abs(ref - got).max()), float((ref.argmax(-1) == got.argmax(-1)).mean()), atol,
                        min_agreement)
