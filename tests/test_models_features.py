"""Classifier features (title-sized and top-of-page words weigh more), record → Layout with lines, and the
checkpoint recovered from the shipped ONNX tagger."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from sap_llm import paths
from sap_llm.corpus.record import CorpusRecord
from sap_llm.models.features import ZONE_WEIGHT, feature_counts, hashed_features
from sap_llm.training.common import layout_of

# A letterhead line, a big title, then body text; boxes are 0..1000.
WORDS = ["Weber", "Logistik", "AG", "Rebate", "Credit", "Note", "No.", "4711", "Qty", "Item", "Price", "Total",
         "12", "Screws", "3,00", "36,00", "Bank", "IBAN", "DE89370400440532013000", "Thanks"]
BOXES = [[50, 40, 110, 52], [115, 40, 180, 52], [185, 40, 205, 52],
         [50, 180, 160, 210], [170, 180, 270, 210], [280, 180, 350, 210],
         [50, 300, 80, 312], [85, 300, 130, 312], [50, 400, 80, 412], [120, 400, 170, 412], [400, 400, 450, 412],
         [600, 400, 650, 412], [50, 420, 70, 432], [120, 420, 180, 432], [400, 420, 440, 432], [600, 420, 650, 432],
         [50, 900, 90, 912], [100, 900, 140, 912], [150, 900, 400, 912], [50, 950, 110, 962]]


def test_title_sized_words_and_top_zone_pairs_are_features() -> None:
    counts = feature_counts(WORDS, BOXES)
    titles = {k for k in counts if k.startswith("title:")}
    assert titles == {"title:rebate", "title:credit", "title:note"}  # 2.5x the median height, nothing else
    assert "tt:rebate_credit" in counts and "tt:credit_note" in counts
    assert "tb:weber_logistik" in counts and "tb:rebate_credit" in counts  # y < 250: the page's top
    assert "top:qty" not in counts and "tb:qty_item" not in counts
    # Equal height everywhere: no word is a title.
    flat = [[b[0], b[1], b[2], b[1] + 12] for b in BOXES]
    assert not any(k.startswith(("title:", "tt:")) for k in feature_counts(WORDS, flat))


def test_title_features_weigh_more_in_the_hashed_bag() -> None:
    indices, weights = hashed_features(WORDS, BOXES, max_features=4096)
    flat_indices, flat_weights = hashed_features(WORDS, [[b[0], b[1], b[2], b[1] + 12] for b in BOXES],
                                                 max_features=4096)
    assert ZONE_WEIGHT["title"] > 1
    assert max(weights) > max(flat_weights)  # the title's buckets dominate the normalised bag
    assert len(indices) == len(weights) == 4096 and np.isclose(np.linalg.norm(weights), 1.0)


def test_short_numbers_are_tokens_long_ones_and_amounts_are_not() -> None:
    counts = feature_counts([*WORDS, "Movement", "type", "122"], [*BOXES, [50, 500, 90, 512], [95, 500, 120, 512],
                                                                  [125, 500, 150, 512]])
    assert counts["n:122"] == 1 and counts["n:12"] == 1
    assert "n:4711" not in counts and not any(k.startswith("n:3") for k in counts)  # 4 digits, "3,00"


def test_a_page_without_its_title_loses_only_the_title_features() -> None:
    from sap_llm.models.features import title_sized
    from sap_llm.training.classifier import featurise

    record = CorpusRecord(id="t1", source="synthetic", document_type="CREDIT_MEMO", subtype="REBATE_CREDIT",
                          words=WORDS, boxes=BOXES, labels=["O"] * len(WORDS))
    assert [w for w, t in zip(WORDS, title_sized(BOXES, None, len(WORDS)), strict=True) if t] == \
        ["Rebate", "Credit", "Note"]
    full_idx, _ = featurise([record])
    bare_idx, _ = featurise([record], drop_title=True)
    untitled = [w for w in WORDS if w not in ("Rebate", "Credit", "Note")]
    expected, _ = hashed_features(untitled, [b for w, b in zip(WORDS, BOXES, strict=True) if w in untitled],
                                  [0] * len(untitled))
    assert bare_idx[0].tolist() == expected
    assert len(set(full_idx[0].tolist()) - set(bare_idx[0].tolist())) >= 9  # 3 words x (w:, title:, top:)...


def test_layout_of_a_record_has_lines_like_a_page() -> None:
    record = CorpusRecord(id="t_1", source="synthetic", document_type="CREDIT_MEMO", subtype="REBATE_CREDIT",
                          words=WORDS, boxes=BOXES, word_pages=[0] * len(WORDS), labels=["O"] * len(WORDS),
                          ground_truth={"fields": {}, "line_items": []},
                          metadata={"language": "EN"})
    layout = layout_of(record)
    texts = [" ".join(layout.words[i].text for i in line.word_indices) for line in layout.lines]
    assert texts[0] == "Weber Logistik AG" and texts[1] == "Rebate Credit Note"
    assert "Qty Item Price Total" in texts and sorted(i for ln in layout.lines for i in ln.word_indices) == \
        list(range(len(WORDS)))


@pytest.mark.skipif(not (paths.model_repository() / "field_tagger" / "1" / "model.onnx").is_file(),
                    reason="no shipped tagger")
def test_recovered_checkpoint_has_every_trained_weight_of_the_shipped_tagger() -> None:
    sys.path.insert(0, str(paths.repo_path("training")))
    from recover_checkpoint import onnx_state_dict

    from sap_llm.models.labels import load_json
    from sap_llm.models.tagger_net import build_tagger

    model_dir = paths.model_repository() / "field_tagger" / "1"
    meta = load_json(model_dir / "labels.json")
    own = build_tagger(len(meta["labels"]), meta["num_layers"], pretrained=False).state_dict()
    state = onnx_state_dict(model_dir / "model.onnx")
    assert set(state) <= set(own)
    for key, value in state.items():
        assert tuple(own[key].shape) == value.shape, key
    # Every encoder and head weight came back, the MatMul weights named through their biases.
    for layer in range(meta["num_layers"]):
        for part in ("attention.self.query", "attention.self.key", "attention.output.dense", "intermediate.dense"):
            assert f"layoutlm.encoder.layer.{layer}.{part}.weight" in state
    assert "classifier.weight" in state and "layoutlm.embeddings.x_position_embeddings.weight" in state
