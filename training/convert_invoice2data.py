"""Convert the shared invoice2data compare set into corpus records (evaluation only, never trained on).

    python training/convert_invoice2data.py --out var/i2d_records
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sap_llm import paths
from sap_llm.corpus.converters import invoice2data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, default=paths.shared_dir() / "datasets" / "invoice2data_compare")
    parser.add_argument("--out", type=Path, default=paths.var_dir() / "i2d_records")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    done = 0
    for converted in invoice2data.convert(args.root):
        if converted.record is None:
            print(f"skip {converted.origin}: {converted.error}")
            continue
        converted.record.save(args.out / f"{converted.record.id}.json")
        done += 1
    print(f"{done} records written to {args.out}")


if __name__ == "__main__":
    main()
