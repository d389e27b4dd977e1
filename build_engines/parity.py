"""ONNX vs PyTorch parity: the exported model must compute what the trained one computes.

    python build_engines/parity.py tagger --model DIR --onnx model.onnx [--int8 model.int8.onnx]

fp32 ONNX must match PyTorch within ``--atol`` (default 1e-3) on the logits;
an int8 model is judged by what it decides: the share of tokens whose argmax
label agrees with PyTorch's (default at least 0.98). Exit 1 when either fails.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from sap_llm.training.export import classifier_parity, tagger_parity


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kind", choices=["tagger", "classifier"])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--onnx", type=Path, required=True)
    parser.add_argument("--int8", type=Path, default=None)
    parser.add_argument("--atol", type=float, default=1e-3)
    parser.add_argument("--min-agreement", type=float, default=0.98)
    args = parser.parse_args()
    if args.kind == "tagger":
        from sap_llm.training.tagger import load_trained_tagger

        model, _, _ = load_trained_tagger(args.model)
        check = tagger_parity
    else:
        from sap_llm.training.classifier import load_trained_classifier

        model, _ = load_trained_classifier(args.model)
        check = classifier_parity
    ok = True
    fp32 = check(model, args.onnx, atol=args.atol)
    print(json.dumps({"fp32": asdict(fp32)}))
    ok &= fp32.fp32_ok
    if args.int8:
        q = check(model, args.int8, atol=args.atol, min_agreement=args.min_agreement)
        print(json.dumps({"int8": asdict(q)}))
        ok &= q.decisions_ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
