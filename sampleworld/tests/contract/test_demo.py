"""`medium demo`'s stage logic: what a second demo reuses and which commands it still runs.
The commands are recorded, not
run (the demo itself takes minutes; its timing goes in the README, not in a test)."""

from __future__ import annotations

import subprocess
from argparse import Namespace

import pytest

from classifier.runs import FAILED, FINISHED, begin_run, end_run, write_json
from medium_demo.demo import Demo
from storage.config import resolve
from storage.db import open_database
from storage.errors import UserError


@pytest.fixture
def demo(tmp_path, monkeypatch):
    """A demo whose commands are recorded in `demo.commands` instead of run."""
    demo = Demo(resolve(home=tmp_path), Namespace(images=700, epochs=3, retrain=False))
    demo.commands = []
    monkeypatch.setattr(demo, "_run", lambda shown, module, *arguments, **_: demo.commands.append(list(arguments)))
    return demo


def record_run(demo, status: str) -> None:
    from classifier.params import TrainParams

    engine = open_database(demo.config.db_url)
    begin_run(engine, demo.run_id, "train", TrainParams(epochs=3).to_dict())
    end_run(engine, demo.run_id, status)


def test_a_finished_run_with_the_same_parameters_is_reused(demo, capsys):
    demo.train()
    assert demo.commands == [["train", "--run-id", demo.run_id, "--epochs", "3"]]  # the defaults: the recipe
    first = demo.run_id
    record_run(demo, FINISHED)
    demo.commands.clear()
    demo.train()
    assert demo.run_id == first and demo.commands == []
    assert "reusing it" in capsys.readouterr().out


def test_medium_trains_defaults_are_the_recommended_recipe(capsys):
    """One truth: what docs/train.md recommends is what `medium train` and the demo train with."""
    from classifier.params import TrainParams
    from medium.cli import main

    recipe = {"image_size": 256, "crop": 128, "emotion_loss_weight": 0.2, "width": 24, "patience": 10}
    assert {name: getattr(TrainParams(), name) for name in recipe} == recipe
    assert TrainParams().window == 128 and TrainParams(image_size=96).window == 0  # no window as large as the input
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "averages over every crop (default 128)" in shown


def test_other_parameters_or_retrain_train_a_new_run(demo):
    demo.train()
    record_run(demo, FINISHED)
    first = demo.run_id
    demo.args.epochs = 4
    demo.train()
    assert demo.run_id != first and demo.commands[-1][:2] == ["train", "--run-id"]
    demo.args.epochs, demo.args.retrain = 3, True
    demo.train()
    assert demo.run_id.startswith(first + "-")
    assert demo.commands[-1][:4] == ["train", "--run-id", demo.run_id, "--epochs"]


def test_an_unfinished_run_is_resumed(demo):
    demo.train()
    record_run(demo, FAILED)
    demo.commands.clear()
    demo.train()
    assert demo.commands == [["train", "--resume", demo.run_id]]


def test_evaluations_already_written_are_kept(demo):
    demo.run_id = "demo-x"
    evaluations = demo.config.runs_dir / "demo-x" / "evaluations"
    write_json(evaluations / "test" / "metrics.json", {})
    write_json(evaluations / "dataset-sampleworld-heldout" / "metrics.json", {})
    demo.evaluate()
    assert demo.commands == [["evaluate", "demo-x", "--dataset", str(demo.heldout_dirs["wayfarer"])]]


def test_an_explanation_is_made_once(demo):
    demo.run_id = "demo-x"
    demo.explain()
    assert demo.commands == [["explain", "demo-x"]]
    write_json(demo.config.runs_dir / "demo-x" / "explain" / "metrics.json", {})
    demo.explain()
    assert demo.commands == [["explain", "demo-x"]]  # not again


def test_a_refused_explanation_does_not_stop_the_demo(tmp_path, monkeypatch, capsys):
    demo = Demo(resolve(home=tmp_path), Namespace(images=700, epochs=3, retrain=False))
    demo.run_id = "demo-x"
    refusal = subprocess.CompletedProcess([], 2)
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: refusal)
    demo.explain()
    assert "the demo goes on without `medium explain`" in capsys.readouterr().out
    with pytest.raises(UserError):  # any other verb's refusal stops it
        demo.predict()


def test_the_demo_prints_the_report_s_summary_last(demo, capsys):
    """The block the report opens with, word for word, is the last thing the demo prints."""
    from analysis.report.summary import run_summary, summary_lines
    from storage.status import status_counts

    demo.train()
    record_run(demo, FINISHED)
    evaluation = demo.config.runs_dir / demo.run_id / "evaluations" / "test"
    write_json(evaluation / "metrics.json", {"medium": {
        "images": 20, "accuracy": 0.9, "macro_f1": 0.88, "parts": {"cnn": {"accuracy": 0.6, "macro_f1": 0.5},
                                                                   "features": {"accuracy": 0.85, "macro_f1": 0.8}},
        "baseline": {"class": "comic", "accuracy": 0.2, "macro_f1": 0.05}}})
    capsys.readouterr()
    demo.summary()
    printed = capsys.readouterr().out.rstrip("\n").splitlines()
    counts = status_counts(open_database(demo.config.db_url, create=False))
    expected = summary_lines(run_summary(demo.config, demo.run_id, counts))
    assert printed[-len(expected):] == expected
    assert printed[-len(expected) - 1].startswith("== Summary (synthetic sample world")
    assert expected[2].split()[-4:] == ["0.900", "0.600", "0.850", "0.200"]  # blend, CNN alone, trees alone, baseline
