"""Recover a PyTorch checkpoint of the field tagger from the shipped ONNX int8 model, to continue training.

    python training/recover_checkpoint.py --model model_repository/field_tagger/1 --out var/models/field_tagger_shipped
    sap-llm train tagger ... --init-from var/models/field_tagger_shipped

Training writes ``tagger.pt`` under ``var/models`` (not committed); a fresh clone has only the ONNX model. This
reads its weights back: float initialisers by name, int8 embeddings and MatMul weights dequantised
(``(q - zero_point) * scale``, per channel where quantised per channel). A quantised MatMul weight has no name
of its own in the graph; it is identified by the bias its output is added to. The word-piece embeddings are
MiniLM's own (frozen in training) and come from the MiniLM package, not from their int8 copy. The result is
checked against the ONNX model on real records (argmax agreement) before it is written.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper

PREFIX = "model."  # TaggerForExport wraps the transformers model as .model


def _consumers(graph: onnx.GraphProto) -> dict[str, list[onnx.NodeProto]]:
    out: dict[str, list[onnx.NodeProto]] = {}
    for node in graph.node:
        for name in node.input:
            out.setdefault(name, []).append(node)
    return out


def _bias_after(name: str, consumers: dict[str, list[onnx.NodeProto]], named: set[str]) -> str | None:
    """The named bias added to the output of the MatMul that consumes ``name`` (MatMulInteger → Cast → Mul → Add)."""
    node = consumers[name][0]
    for _ in range(6):
        following = consumers.get(node.output[0], [])
        if not following:
            return None
        node = following[0]
        bias = [i for i in node.input if i in named]
        if node.op_type == "Add" and bias:
            return bias[0]
    return None


def onnx_state_dict(path: Path) -> dict[str, np.ndarray]:
    """The model's weights as float arrays under the PyTorch module's parameter names."""
    graph = onnx.load(str(path)).graph
    arrays = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    named = {n for n in arrays if n.startswith(PREFIX)}
    consumers = _consumers(graph)
    state: dict[str, np.ndarray] = {}
    for name, value in arrays.items():
        if name.endswith(("_scale", "_zero_point")):
            continue
        if name.endswith("_quantized"):
            base = name[: -len("_quantized")]
            scale = arrays[base + "_scale"].astype(np.float32)
            zero = arrays[base + "_zero_point"].astype(np.float32)
            dequant = (value.astype(np.float32) - zero) * scale
            if base.startswith(PREFIX):  # an embedding table (Gather), stored as in PyTorch
                state[base[len(PREFIX):]] = dequant
            else:  # a MatMul weight [in, out]: PyTorch's Linear stores [out, in]
                bias = _bias_after(name, consumers, named)
                if bias is None:
                    raise ValueError(f"cannot tell which layer {name} belongs to")
                state[bias[len(PREFIX):-len(".bias")] + ".weight"] = dequant.T
        elif name.startswith(PREFIX) and value.dtype == np.float32:
            state[name[len(PREFIX):]] = value
    return state


def main(argv: list[str] | None = None) -> int:
    import onnxruntime as ort
    import torch

    from sap_llm.models.labels import load_json, save_json
    from sap_llm.models.tagger_net import build_tagger, load_tokenizer

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, required=True, help="folder with model.onnx, labels.json, tokenizer")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--min-agreement", type=float, default=0.97)
    args = parser.parse_args(argv)

    meta = load_json(args.model / "labels.json")
    model = build_tagger(len(meta["labels"]), meta["num_layers"])
    state = onnx_state_dict(args.model / "model.onnx")
    state.pop("layoutlm.embeddings.word_embeddings.weight", None)  # MiniLM's exact table is already loaded
    own = model.state_dict()
    unknown = sorted(set(state) - set(own))
    if unknown:
        raise SystemExit(f"weights the PyTorch model does not have: {unknown[:5]}")
    for key, value in state.items():
        if tuple(own[key].shape) != value.shape:
            raise SystemExit(f"{key}: shape {value.shape} in ONNX, {tuple(own[key].shape)} in PyTorch")
    model.load_state_dict({k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in state.items()}, strict=False)
    model.eval()

    # Check: the recovered model and the ONNX model agree on real word pieces and boxes.
    tokenizer = load_tokenizer(args.model)
    text = "INVOICE No. 4711 Date 12.03.2024 Supplier Weber Logistik AG Total EUR 1,234.56 IBAN DE89370400440532013000"
    enc = tokenizer(text.split(), is_split_into_words=True, return_tensors="np")
    n = enc["input_ids"].shape[1]
    rng = np.random.default_rng(0)
    x0 = np.sort(rng.integers(0, 900, n))
    bbox = np.stack([x0, np.full(n, 100), x0 + 60, np.full(n, 115)], axis=1)[None].astype(np.int64)
    session = ort.InferenceSession(str(args.model / "model.onnx"), providers=["CPUExecutionProvider"])
    feeds = {"input_ids": enc["input_ids"].astype(np.int64), "bbox": bbox,
             "attention_mask": enc["attention_mask"].astype(np.int64)}
    onnx_logits = session.run(None, feeds)[0][0]
    with torch.no_grad():
        torch_logits = model(input_ids=torch.from_numpy(feeds["input_ids"]), bbox=torch.from_numpy(bbox),
                             attention_mask=torch.from_numpy(feeds["attention_mask"])).logits[0].numpy()
    agreement = float((onnx_logits.argmax(-1) == torch_logits.argmax(-1)).mean())
    print(json.dumps({"tokens": n, "argmax_agreement": agreement,
                      "max_abs_diff": float(np.abs(onnx_logits - torch_logits).max())}))
    if agreement < args.min_agreement:
        print(f"agreement {agreement:.3f} < {args.min_agreement}: not written", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), args.out / "tagger.pt")
    save_json(args.out / "labels.json", {**meta, "recovered_from": str(args.model / "model.onnx")})
    tokenizer.save_pretrained(str(args.out))
    for extra in ("MODEL_CARD.md",):
        if (args.model / extra).is_file():
            shutil.copy2(args.model / extra, args.out / extra)
    print(f"checkpoint -> {args.out / 'tagger.pt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
