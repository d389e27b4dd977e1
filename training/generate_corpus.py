"""Generate the training corpus with the synthetic generator (same as `sap-llm corpus generate`).

    nice -n 10 python training/generate_corpus.py --n 1200 --seed 11 --out var/corpus_train
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tqdm import tqdm

from sap_llm.corpus.synth import generate_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--scan-ratio", type=float, default=0.15)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    bar = tqdm(total=args.n, desc="generate", unit="doc")
    paths = generate_corpus(args.out, args.n, args.seed, scan_ratio=args.scan_ratio, workers=args.workers,
                            progress=lambda _: bar.update(1))
    bar.close()
    print(f"{len(paths)} records in {args.out}")


if __name__ == "__main__":
    main()
