"""Build TensorRT engines from the ONNX models, on a GPU host.

    python build_engines/build_tensorrt.py --onnx model_repository/field_tagger/1/model.onnx --out tagger.plan

Uses ``trtexec`` when it is on PATH, else the TensorRT Python API. Where there
is no NVIDIA GPU or no TensorRT it prints ``skipped: ...`` and exits 0, so CPU
builds (like this repository's CI) run it harmlessly. Dynamic shapes: batch
1..8, sequence 16..512 (optimum 1 x 384).
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

SHAPES = {"min": (1, 16), "opt": (1, 384), "max": (8, 512)}


def gpu_available() -> bool:
    smi = shutil.which("nvidia-smi")
    if not smi:
        return False
    try:
        result = subprocess.run([smi, "-L"], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0 and "GPU" in result.stdout


def skip_reason() -> str | None:
    """Why a TensorRT build cannot run here, or ``None`` when it can."""
    if not gpu_available():
        return "no NVIDIA GPU (nvidia-smi absent or lists no GPU)"
    if not shutil.which("trtexec") and importlib.util.find_spec("tensorrt") is None:
        return "TensorRT not installed (neither trtexec nor the tensorrt Python package)"
    return None


def _shape(names: list[str], key: str) -> str:
    b, s = SHAPES[key]
    return ",".join(f"{n}:{b}x{s}" + ("x4" if n == "bbox" else "") for n in names)


def build_with_trtexec(onnx: Path, out: Path, fp16: bool) -> int:
    names = ["input_ids", "bbox", "attention_mask"]
    cmd = [shutil.which("trtexec") or "trtexec", f"--onnx={onnx}", f"--saveEngine={out}",
           f"--minShapes={_shape(names, 'min')}", f"--optShapes={_shape(names, 'opt')}",
           f"--maxShapes={_shape(names, 'max')}"]
    if fp16:
        cmd.append("--fp16")
    return subprocess.run(cmd, check=False).returncode


def build_with_python(onnx: Path, out: Path, fp16: bool) -> int:  # pragma: no cover - needs a GPU
    import tensorrt as trt

    logger = trt.Logger(trt.Logger.WARNING)
    builder = trt.Builder(logger)
    network = builder.create_network(0)
    parser = trt.OnnxParser(network, logger)
    if not parser.parse(onnx.read_bytes()):
        for i in range(parser.num_errors):
            print(parser.get_error(i), file=sys.stderr)
        return 1
    config = builder.create_builder_config()
    if fp16:
        config.set_flag(trt.BuilderFlag.FP16)
    profile = builder.create_optimization_profile()
    for i in range(network.num_inputs):
        tensor = network.get_input(i)
        extra = (4,) if tensor.name == "bbox" else ()
        profile.set_shape(tensor.name, SHAPES["min"] + extra, SHAPES["opt"] + extra, SHAPES["max"] + extra)
    config.add_optimization_profile(profile)
    engine = builder.build_serialized_network(network, config)
    if engine is None:
        return 1
    out.write_bytes(bytes(engine))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--onnx", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--fp16", action="store_true")
    args = parser.parse_args(argv)
    reason = skip_reason()
    if reason:
        print(f"skipped: {reason}")
        return 0
    if not args.onnx.is_file():
        print(f"error: {args.onnx} does not exist", file=sys.stderr)
        return 2
    code = build_with_trtexec(args.onnx, args.out, args.fp16) if shutil.which("trtexec") else \
        build_with_python(args.onnx, args.out, args.fp16)
    print(f"{'built' if code == 0 else 'FAILED'}: {args.out}")
    return code


if __name__ == "__main__":
    sys.exit(main())
