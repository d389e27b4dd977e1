"""The report's figures (matplotlib, Agg backend): confusion matrix, reliability diagram, latency.

Each function takes the metrics dict section it draws and a path, and writes a PNG.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def _short(label: str) -> str:
    return label.replace("_", " ").title() if not label.startswith("<") else label


def confusion_matrix_png(confusion: dict[str, Any], path: Path, title: str) -> Path:
    """Row-normalised confusion matrix (colour = share of the expected class), counts written in cells."""
    labels: list[str] = confusion["labels"]
    matrix = np.asarray(confusion["matrix"], dtype=float)
    rows = matrix.sum(axis=1, keepdims=True)
    shares = np.divide(matrix, rows, out=np.zeros_like(matrix), where=rows > 0)
    size = max(5.0, 0.55 * len(labels) + 3)
    fig, ax = plt.subplots(figsize=(size + 1.5, size))
    image = ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)), [_short(lb) for lb in labels], rotation=45, ha="right", fontsize=9)
    ax.set_yticks(range(len(labels)), [_short(lb) for lb in labels], fontsize=9)
    ax.set_xlabel("Predicted document type")
    ax.set_ylabel("Expected document type")
    ax.set_title(title)
    for i in range(len(labels)):
        for j in range(len(labels)):
            if matrix[i, j]:
                ax.text(j, i, int(matrix[i, j]), ha="center", va="center", fontsize=8,
                        color="white" if shares[i, j] > 0.6 else "black")  # fmt: skip
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="share of expected class")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def reliability_png(calibration: dict[str, Any], path: Path, title: str) -> Path:
    """Reliability diagrams (accuracy vs confidence per bin) for field values and document type."""
    panels = [(name, section) for name, section in calibration.items() if section.get("n")]
    fig, axes = plt.subplots(1, max(1, len(panels)), figsize=(6 * max(1, len(panels)), 5.2), squeeze=False)
    if not panels:
        axes[0][0].text(0.5, 0.5, "no confidences reported", ha="center", va="center")
        axes[0][0].set_axis_off()
    for ax, (name, section) in zip(axes[0], panels, strict=False):
        width = section["bins"][0]["upper"] - section["bins"][0]["lower"]
        bins = [b for b in section["bins"] if b["count"]]  # empty bins have no accuracy to draw
        centers = [b["lower"] + width / 2 for b in bins]
        accuracy = [b["accuracy"] for b in bins]
        confidence = [b["mean_confidence"] for b in bins]
        ax.bar(centers, accuracy, width=width * 0.9, color="#4C72B0", edgecolor="black", label="accuracy")
        ax.plot(centers, confidence, "o", color="#DD8452", label="mean confidence")
        ax.plot([0, 1], [0, 1], "--", color="gray", label="perfect calibration")
        for center, b in zip(centers, bins, strict=True):
            ax.text(center, 1.02, str(b["count"]), ha="center", fontsize=7, rotation=90)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1.12)
        ax.set_xlabel("Confidence (10 equal-width bins; counts above)")
        ax.set_ylabel("Accuracy in bin")
        ax.set_title(f"{_short(name)}: ECE = {section['ece']:.3f} (n = {section['n']})")
        ax.legend(loc="upper left", bbox_to_anchor=(0.12, 1.0), fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def latency_png(wall_ms: list[float], stages: dict[str, dict[str, Any]], path: Path, title: str) -> Path:
    """Histogram of end-to-end latency with P50 / P95 lines, and P50 / P95 per stage."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5))
    if wall_ms:
        values = np.asarray(wall_ms) / 1000.0
        left.hist(values, bins=min(40, max(5, len(values) // 3)), color="#4C72B0", edgecolor="black")
        for q, style in ((50, "-"), (95, "--")):
            v = float(np.percentile(values, q))
            left.axvline(v, color="#C44E52", linestyle=style, label=f"P{q} = {v:.2f} s")
        left.legend()
    left.set_xlabel("End-to-end latency per document (s)")
    left.set_ylabel("Documents")
    left.set_title("End-to-end latency")
    names = [s for s in stages if stages[s].get("n")]
    names.sort(key=lambda s: stages[s]["p95_ms"] or 0.0)
    if names:
        y = np.arange(len(names))
        p50 = [stages[s]["p50_ms"] for s in names]
        p95 = [stages[s]["p95_ms"] for s in names]
        right.barh(y + 0.2, p95, height=0.4, color="#DD8452", label="P95")
        right.barh(y - 0.2, p50, height=0.4, color="#4C72B0", label="P50")
        right.set_yticks(y, names)
        right.set_xscale("log")
        right.legend()
    else:
        right.text(0.5, 0.5, "no per-stage timings", ha="center", va="center", transform=right.transAxes)
    right.set_xlabel("Stage latency (ms, log scale)")
    right.set_title("Per-stage latency")
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
