"""`medium tune`: an Optuna search over the model's parameters.

Each trial is an ordinary training run (`<study>-trial<n>`), so its model, curves and row
are there to inspect; a small callback reports the validation medium accuracy to Optuna
after every epoch and stops the trial when the pruner says it is behind. The study lives
in the status database, so a killed search started again with the same name continues
until it has the number of trials asked for. The best trial's parameters are written
as JSON that `medium train --params FILE` reads. Parameters the user fixed are not searched.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

import keras
import optuna
from optuna.trial import TrialState

from classifier.params import TrainParams
from classifier.runs import FAILED, FINISHED, begin_run, checked_run_id, end_run, get_run, run_dir, write_json
from classifier.train import MONITOR, train
from storage.config import Config
from storage.db import open_database
from storage.errors import UserError

log = logging.getLogger(__name__)

DEFAULT_STUDY = "tune"
BEST_PARAMS_FILE = "best_params.json"
COUNTED = (TrialState.COMPLETE, TrialState.PRUNED)  # trials that count towards `trials`


@dataclass(frozen=True)
class TuneResult:
    study: str
    trials: int  # complete or pruned trials in the study
    best_value: float  # best validation medium accuracy
    best_run: str
    best_params: Path


class ReportToOptuna(keras.callbacks.Callback):
    """Report the monitored value each epoch; stop training when the trial should be pruned."""

    def __init__(self, trial: optuna.Trial, monitor: str = MONITOR):
        super().__init__()
        self.trial = trial
        self.monitor = monitor
        self.pruned = False

    def on_epoch_end(self, epoch, logs=None):
        self.trial.report(float(logs[self.monitor]), step=epoch)
        if self.trial.should_prune():
            self.pruned = True
            self.model.stop_training = True


def search_space(trial: optuna.Trial, base: TrainParams, fixed: Collection[str] = ()) -> TrainParams:
    """The parameters Optuna varies, less those in `fixed`; the rest (image size, epochs,
    batch size, and the fixed ones) come from `base`."""
    suggestions = {
        "width": lambda: trial.suggest_categorical("width", [16, 24, 32, 48]),
        "depth": lambda: trial.suggest_int("depth", 2, 4),
        "dropout": lambda: trial.suggest_float("dropout", 0.1, 0.5),
        "learning_rate": lambda: trial.suggest_float("learning_rate", 1e-4, 3e-3, log=True),
        "emotion_loss_weight": lambda: trial.suggest_float("emotion_loss_weight", 0.1, 1.0),
    }
    return base.replace(**{name: suggest() for name, suggest in suggestions.items() if name not in fixed})


def progress_line(trial: optuna.trial.FrozenTrial, counted: int, wanted: int) -> str:
    """One plain line per finished trial: its state, its value and what it tried."""
    run = trial.user_attrs.get("run", f"trial {trial.number}")
    if trial.state == TrialState.COMPLETE:
        outcome = f"{MONITOR} {trial.value:.3f}"
    elif trial.state == TrialState.PRUNED:
        outcome = f"pruned after {len(trial.intermediate_values)} epoch(s)"
    else:
        outcome = trial.state.name.lower()
    tried = " ".join(f"{name}={value:.3g}" if isinstance(value, float) else f"{name}={value}"
                     for name, value in trial.params.items())
    return f"trial {counted}/{wanted} ({run}): {outcome}; {tried or 'nothing searched'}"


def study_storage(db_url: str) -> optuna.storages.RDBStorage:
    """Optuna's tables in the status database, beside ours (each keeps its own schema version)."""
    return optuna.storages.RDBStorage(db_url)


def tune(config: Config, trials: int, *, study_name: str = DEFAULT_STUDY, base: TrainParams = TrainParams(),
         pruner: optuna.pruners.BasePruner | None = None, seed: int = 0, verbose: str | int = 0,
         fixed: Collection[str] = (), progress: Callable[[str], None] | None = None) -> TuneResult:
    """Run trials until the study has `trials` complete or pruned ones; return the best.
    Parameters named in `fixed` keep their value from `base`; `progress` gets a line per trial."""
    base = base.checked()
    engine = open_database(config.db_url)  # our schema first, then Optuna's tables beside it
    study = optuna.create_study(
        study_name=checked_run_id(study_name), storage=study_storage(config.db_url), direction="maximize",
        load_if_exists=True, sampler=optuna.samplers.TPESampler(seed=seed),
        pruner=pruner or optuna.pruners.MedianPruner(n_startup_trials=3, n_warmup_steps=2))
    begin_run(engine, study_name, "tune", {"base": base.to_dict(), "seed": seed, "fixed": sorted(fixed)},
              reopen_finished=True)

    def objective(trial: optuna.Trial) -> float:
        keras.backend.clear_session()
        params = search_space(trial, base, fixed)
        trial.set_user_attr("params", params.to_dict())
        reporter = ReportToOptuna(trial)
        run_id = train(config, params, f"{study_name}-trial{trial.number:03d}", callbacks=[reporter], verbose=verbose)
        trial.set_user_attr("run", run_id)
        if reporter.pruned:
            raise optuna.TrialPruned()
        return get_run(engine, run_id, "train").metrics[MONITOR]

    remaining = trials - len(study.get_trials(deepcopy=False, states=COUNTED))
    try:
        if remaining > 0:
            log.info("study %s: running %d more trial(s)", study_name, remaining)
            study.optimize(objective, n_trials=remaining, callbacks=[_reporter(trials, progress)] if progress else ())
    except BaseException:
        end_run(engine, study_name, FAILED)
        raise
    if not study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)):
        raise UserError(f"no trial of study {study_name} has completed; run more trials")
    best = study.best_trial
    best_params = write_json(run_dir(config, study_name) / BEST_PARAMS_FILE, best.user_attrs["params"])
    result = TuneResult(study_name, len(study.get_trials(deepcopy=False, states=COUNTED)), best.value,
                        best.user_attrs["run"], best_params)
    end_run(engine, study_name, FINISHED, metrics={"trials": result.trials, "best_value": result.best_value,
                                                  "best_run": result.best_run, "best_params": best.user_attrs["params"]})
    return result


def _reporter(wanted: int, progress: Callable[[str], None]):
    """An Optuna callback that hands `progress` one line per finished trial."""
    def report(study: optuna.Study, trial: optuna.trial.FrozenTrial) -> None:
        progress(progress_line(trial, len(study.get_trials(deepcopy=False, states=COUNTED)), wanted))

    return report
