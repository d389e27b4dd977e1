"""A model's training lineage: each run appends itself to the lineage of the model it continued from."""

from __future__ import annotations

import json
from types import SimpleNamespace

from sap_llm.training.lineage import code_revision, describe, previous_runs, run_entry


def test_a_continued_run_appends_itself_to_its_starting_models_lineage(tmp_path):
    start = tmp_path / "tagger_a"
    start.mkdir()
    first = {"date": "2026-12-01", "corpora": ["var/corpus_train"], "start": "scratch", "epochs": 4}
    (start / "labels.json").write_text(json.dumps({"labels": [], "lineage": [first]}), encoding="utf-8")
    records = [SimpleNamespace(source="synthetic")] * 3 + [SimpleNamespace(source="sroie")]
    meta = {"train_records": 3, "val_records": 1, "best_epoch": 2,
            "history": [{"epoch": 0, "minutes": 0.0}, {"epoch": 1, "minutes": 5.0}, {"epoch": 2, "minutes": 9.84}]}
    run = run_entry([tmp_path / "corpus", tmp_path / "sroie"], records, meta, start)
    lineage = [*previous_runs(start), run]
    assert lineage[0] == first
    assert run["records_by_source"] == {"sroie": 1, "synthetic": 3}
    assert (run["epochs"], run["best_epoch"], run["minutes"], run["start"]) == (2, 2, 9.8, str(start))
    assert run["code_revision"] == code_revision()  # this checkout's commit (None outside git)
    table = describe(lineage).splitlines()
    assert len(table) == 4 and table[2].startswith("| 1 | 2026-12-01 |") and "sroie 1, synthetic 3" in table[3]


def test_runs_from_scratch_or_from_a_model_without_lineage_start_empty(tmp_path):
    assert previous_runs(None) == []
    (tmp_path / "labels.json").write_text(json.dumps({"labels": []}), encoding="utf-8")
    assert previous_runs(tmp_path) == []
    assert describe([]) == "Training history: not recorded in `labels.json`."


def test_the_shipped_models_say_how_they_were_trained():
    from sap_llm import paths

    for name in ("field_tagger", "doc_classifier"):
        folder = paths.model_repository() / name / "1"
        lineage = json.loads((folder / "labels.json").read_text(encoding="utf-8"))["lineage"]
        assert lineage and all(run["corpora"] and run["date"] for run in lineage)
        # the first run starts from scratch, every later one continues the run before it
        assert lineage[0]["start"].startswith("scratch")
        assert not any(run["start"].startswith("scratch") for run in lineage[1:])
        card = (folder / "MODEL_CARD.md").read_text(encoding="utf-8")
        assert f"| {len(lineage)} | {lineage[-1]['date']} |" in card  # the card shows the whole history


def test_real_receipts_can_be_repeated_per_epoch_and_the_lineage_says_so():
    from sap_llm.training.data import parse_repeats, repeat_sources

    records = [SimpleNamespace(source="synthetic", id="a"), SimpleNamespace(source="sroie", id="b"),
               SimpleNamespace(source="synthetic", id="c")]
    assert [r.id for r in repeat_sources(records, parse_repeats(["sroie=3"]))] == ["a", "b", "b", "b", "c"]
    assert repeat_sources(records, {}) == records
    run = run_entry([], records, {"history": []}, None, {"sroie": 3})
    assert run["note"] == "repeated per epoch: sroie ×3"
    assert "note" not in run_entry([], records, {"history": []}, None)
    assert "repeated per epoch: sroie ×3" in describe([run])


def test_a_malformed_repeat_is_refused_before_any_training():
    import pytest
    from typer.testing import CliRunner

    from sap_llm.cli import app
    from sap_llm.training.data import parse_repeats

    for bad in ("sroie", "sroie=0", "=2", "sroie=x"):
        with pytest.raises(ValueError, match="SOURCE=TIMES"):
            parse_repeats([bad])
    result = CliRunner().invoke(app, ["train", "tagger", "--corpus", "nowhere", "--out", "nowhere",
                                      "--repeat", "sroie"])
    assert result.exit_code == 2 and "SOURCE=TIMES" in result.output
