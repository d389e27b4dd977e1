"""Export a trained model directory to ONNX (dynamic batch and sequence axes).

    python build_engines/export_onnx.py tagger     --model DIR --out DIR/model.onnx
    python build_engines/export_onnx.py classifier --model DIR --out DIR/model.onnx

The tagger's inputs: ``input_ids`` [batch, seq] int64, ``bbox`` [batch, seq, 4]
int64 (0..1000), ``attention_mask`` [batch, seq] int64 → ``logits`` [batch, seq,
labels]. The classifier's: ``indices`` [batch, features] int64, ``weights``
[batch, features] float32 → ``type_logits``, ``subtype_logits``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sap_llm.training.export import export_classifier_module, export_tagger_module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["tagger", "classifier"])
    parser.add_argument("--model", type=Path, required=True, help="training output directory")
    parser.add_argument("--out", type=Path, required=True, help="ONNX file to write")
    args = parser.parse_args()
    if args.kind == "tagger":
        from sap_llm.training.tagger import load_trained_tagger

        model, _, _ = load_trained_tagger(args.model)
        export_tagger_module(model, args.out)
    else:
        from sap_llm.training.classifier import load_trained_classifier

        model, _ = load_trained_classifier(args.model)
        export_classifier_module(model, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
