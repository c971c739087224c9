"""The methods page's accuracy table is built from the shipped evaluation results."""

from __future__ import annotations

import json

import pytest

from ui import accuracy


def test_every_row_comes_from_the_evaluation_files() -> None:
    frame = accuracy.accuracy_frame()
    quotes = json.loads(accuracy.EVAL_FILES["quotes"].read_text(encoding="utf-8"))
    tone = json.loads(accuracy.EVAL_FILES["target_tone"].read_text(encoding="utf-8"))
    loaded = json.loads(accuracy.EVAL_FILES["loaded"].read_text(encoding="utf-8"))
    ours = list(frame[accuracy.COL_OURS])
    assert f"{quotes['exact']['f1']:.3f}" in ours
    assert f"{quotes['speaker_accuracy']:.3f}" in ours
    assert f"{tone['model']['macro_f1']:.3f}" in ours
    assert any(cell.startswith(f"{loaded['all']['f1']:.3f}") for cell in ours)
    assert len(frame) == 6
    assert set(frame[accuracy.COL_MET]) <= {"yes", "no"}


def test_goal_met_follows_the_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    real = accuracy._results

    def fake(name: str) -> dict:
        data = json.loads(json.dumps(real(name)))
        if name == "loaded":
            data["all"]["f1"] = 0.5
        return data

    monkeypatch.setattr(accuracy, "_results", fake)
    frame = accuracy.accuracy_frame().set_index(accuracy.COL_MEASURE)
    loaded_row = next(i for i in frame.index if i.startswith("Loaded words"))
    assert frame.loc[loaded_row, accuracy.COL_MET] == "yes"
    assert frame.loc[loaded_row, accuracy.COL_OURS].startswith("0.500")
