"""Classifier training on a small generated corpus: one model or an ensemble of seeds, saved, reloaded, exported."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sap_llm.corpus.synth import generate_corpus
from sap_llm.models.classifier_net import ClassifierEnsemble, HashedBagClassifier
from sap_llm.training.classifier import (
    ClassifierTrainConfig,
    featurise,
    load_trained_classifier,
    train_classifier,
)
from sap_llm.training.data import load_records
from sap_llm.training.export import classifier_parity, export_classifier_module


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> list:
    out = tmp_path_factory.mktemp("clf_corpus")
    generate_corpus(out, 36, 21, scan_ratio=0.0, defect_ratio=0.0, workers=2)
    return load_records([out])


def small(members: int, seed: int = 3) -> ClassifierTrainConfig:
    return ClassifierTrainConfig(epochs=2, dim=8, hidden=16, patience=2, seed=seed, members=members)


def test_an_ensemble_of_seeds_is_saved_as_one_model_and_averages_its_members(records, tmp_path: Path) -> None:
    import torch

    train, val = records[:28], records[28:]
    meta = train_classifier(train, val, tmp_path / "ens", small(members=2))
    assert meta["members"] == 2 and len(meta["member_histories"]) == 2
    assert sorted(p.name for p in (tmp_path / "ens").glob("*.pt")) == ["classifier.pt"]  # members folded in
    assert 0.0 <= meta["val_subtype_acc"] <= 1.0 and meta["temperature"] > 0
    model, loaded_meta = load_trained_classifier(tmp_path / "ens")
    assert isinstance(model, ClassifierEnsemble) and len(model.members) == 2
    assert loaded_meta["members"] == 2
    # the members are the two seeds' models, not one model twice
    first, second = (m.embedding.weight for m in model.members)
    assert not torch.equal(first, second)
    idx, wts = featurise(val)
    with torch.no_grad():
        types, subtypes = model(torch.from_numpy(idx), torch.from_numpy(wts))
        outs = [m(torch.from_numpy(idx), torch.from_numpy(wts)) for m in model.members]
    expected = torch.stack([torch.log_softmax(t, -1) for t, _ in outs]).mean(0)
    assert torch.allclose(types, expected, atol=1e-6)
    assert torch.allclose(torch.logsumexp(types, -1), torch.zeros(len(val)), atol=0.7)  # near-normalised
    assert subtypes.shape == (len(val), len(meta["subtypes"]))
    onnx_path = export_classifier_module(model, tmp_path / "ens.onnx")
    report = classifier_parity(model, onnx_path)
    assert report.fp32_ok and report.decisions_ok, report


def test_one_member_is_the_plain_classifier_and_the_same_seed_trains_the_same_model(records, tmp_path: Path) -> None:
    import torch

    train, val = records[:28], records[28:]
    a = train_classifier(train, val, tmp_path / "a", small(members=1, seed=5))
    train_classifier(train, val, tmp_path / "b", small(members=1, seed=5))
    assert a["members"] == 1 and "member_histories" not in a
    model_a, _ = load_trained_classifier(tmp_path / "a")
    model_b, _ = load_trained_classifier(tmp_path / "b")
    assert isinstance(model_a, HashedBagClassifier)
    assert all(torch.equal(x, y) for x, y in zip(model_a.state_dict().values(), model_b.state_dict().values(),
                                                  strict=True))
    assert np.isfinite(a["history"][0]["loss"])
