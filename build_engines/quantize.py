"""int8 dynamic quantisation of an ONNX model with onnxruntime (weights int8, activations at run time).

    python build_engines/quantize.py model.onnx model.int8.onnx

MatMul / Gemm weights and the embedding tables (Gather) are quantised: the
tagger shrinks ~4x and runs faster on one core; ``parity.py`` checks the cost.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sap_llm.training.export import quantize


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("src", type=Path)
    parser.add_argument("dst", type=Path)
    parser.add_argument("--no-embeddings", action="store_true", help="keep Gather (embedding) weights in fp32")
    args = parser.parse_args()
    quantize(args.src, args.dst, embeddings=not args.no_embeddings)
    print(f"{args.src} ({args.src.stat().st_size / 1e6:.1f} MB) -> {args.dst} ({args.dst.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
