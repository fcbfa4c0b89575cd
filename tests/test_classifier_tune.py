"""`medium tune`: trials are training runs, the study lives in the status database and resumes,
bad trials are pruned, and the best parameters feed `medium train --params`."""

from __future__ import annotations

import json

import optuna
import pandas as pd
import pytest
from optuna.trial import TrialState

from medium.cli import main
from classifier.params import TrainParams
from classifier.runs import finished_run
from classifier.tune import study_storage, tune
from classifier_fixtures import make_store
from storage.db import open_database

pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword")
TINY = TrainParams(image_size=32, width=8, depth=2, batch_size=8, epochs=2)


def test_tuning_runs_trials_resumes_prunes_and_hands_its_best_to_train(tmp_path):
    config = make_store(tmp_path, split_sizes={"train": 2, "val": 1, "test": 1})
    first = tune(config, 2, study_name="search", base=TINY)
    assert first.trials == 2
    best = json.loads(first.best_params.read_text())
    assert {key: best[key] for key in ("image_size", "epochs", "batch_size")} == {"image_size": 32, "epochs": 2,
                                                                                  "batch_size": 8}

    # Started again with a larger budget, the same study runs only the missing trial; this
    # pruner stops it after its first epoch.
    again = tune(config, 3, study_name="search", base=TINY, pruner=optuna.pruners.ThresholdPruner(lower=1.1))
    study = optuna.load_study(study_name="search", storage=study_storage(config.db_url))
    assert [trial.state for trial in study.trials] == [TrialState.COMPLETE, TrialState.COMPLETE, TrialState.PRUNED]
    assert again.trials == 3
    pruned_history = pd.read_csv(tmp_path / "runs" / study.trials[2].user_attrs["run"] / "history.csv")
    assert len(pruned_history) == 1
    open_database(config.db_url)  # Optuna's tables beside ours leave our schema readable

    assert main(["--home", str(tmp_path), "train", "--params", str(again.best_params), "--epochs", "1",
                 "--run-id", "from-best"]) == 0
    trained = finished_run(open_database(config.db_url), "from-best").params
    assert trained == {**json.loads(again.best_params.read_text()), "epochs": 1}


def test_fixed_flags_are_not_searched_and_each_trial_prints_a_line(tmp_path, capsys):
    config = make_store(tmp_path, split_sizes={"train": 2, "val": 1, "test": 1})
    assert main(["--home", str(tmp_path), "tune", "--trials", "2", "--study", "fixed", "--image-size", "32",
                 "--batch-size", "8", "--epochs", "1", "--width", "4", "--depth", "1"]) == 0
    study = optuna.load_study(study_name="fixed", storage=study_storage(config.db_url))
    engine = open_database(config.db_url)
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("trial ")]
    assert [line.split(":")[0] for line in lines] == ["trial 1/2 (fixed-trial000)", "trial 2/2 (fixed-trial001)"]
    for trial, line in zip(study.trials, lines):
        assert set(trial.params) == {"dropout", "learning_rate", "emotion_loss_weight"}
        assert f"val_medium_accuracy {trial.value:.3f};" in line and "width" not in line
        params = finished_run(engine, trial.user_attrs["run"]).params
        assert (params["width"], params["depth"]) == (4, 1)
