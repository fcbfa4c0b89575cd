"""A run's two halves: its row in `runs` (kind, status, params, metrics) and its folder
`$MEDIUM_HOME/runs/<id>/` (model, params, history, plots, evaluations)."""

from __future__ import annotations

import json
import re
import secrets
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from classifier.params import TrainParams
from storage.config import Config
from storage.errors import UserError
from storage.models import Run, utcnow

RUNNING, FINISHED, FAILED = "running", "finished", "failed"
MODEL_FILE = "model.keras"
PARAMS_FILE = "params.json"
HISTORY_FILE = "history.csv"
HISTORY_PLOT = "history.png"
BACKUP_DIR = "backup"
ENDED_AT = "ended_at"  # in a run's metrics: when it finished or failed
_RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def new_run_id(kind: str) -> str:
    return f"{kind}-{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def checked_run_id(run_id: str) -> str:
    """A run id is also a folder name: letters, digits, `.`, `_` and `-` only."""
    if not _RUN_ID.fullmatch(run_id):
        raise UserError(f"run id {run_id!r} must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
    return run_id


def run_dir(config: Config, run_id: str) -> Path:
    return config.runs_dir / run_id


def begin_run(engine: Engine, run_id: str, kind: str, params: dict, *, reopen_finished: bool = False) -> bool:
    """Record the run as running; True if it existed (unfinished, unless `reopen_finished`)
    with the same kind and params, i.e. this call resumes it."""
    with Session(engine) as session, session.begin():
        run = session.get(Run, run_id)
        if run is None:
            session.add(Run(id=run_id, kind=kind, status=RUNNING, params=params, metrics={}))
            return False
        _check_continuable(run, kind, params, reopen_finished)
        run.status = RUNNING
        return True


def check_can_begin(engine: Engine, run_id: str, kind: str, params: dict, *, reopen_finished: bool = False) -> None:
    """What `begin_run` would refuse, checked without writing (and before TensorFlow loads)."""
    with Session(engine) as session:
        run = session.get(Run, run_id)
    if run is not None:
        _check_continuable(run, kind, params, reopen_finished)


def _check_continuable(run: Run, kind: str, params: dict, reopen_finished: bool) -> None:
    if run.kind != kind or (run.status == FINISHED and not reopen_finished):
        raise UserError(f"run {run.id} already exists ({run.kind}, {run.status}); choose another run id")
    if _as_started(run) != params:
        hint = f" (`medium train --resume {run.id}` takes them)" if kind == "train" else ""
        raise UserError(f"run {run.id} was started with other parameters; continue it with the same ones{hint} "
                        "or choose another id")


def _as_started(run: Run) -> dict:
    """A training run's params with the defaults of fields added since it began, which it
    trained with: a run killed before an upgrade still resumes after it."""
    return {**TrainParams().to_dict(), **run.params} if run.kind == "train" else run.params


def resumable_run(engine: Engine, run_id: str) -> Run:
    """An unfinished training run, or a `UserError` that says what to do instead."""
    run = get_run(engine, run_id, "train")
    if run.status == FINISHED:
        raise UserError(f"run {run_id} is already finished; evaluate it with `medium evaluate {run_id}`, "
                        "or train a new run with another --run-id")
    return run


def end_run(engine: Engine, run_id: str, status: str, metrics: dict | None = None,
            model_path: str | None = None) -> None:
    """Record how the run ended, and when (`metrics["ended_at"]`, UTC, for `medium runs`)."""
    with Session(engine) as session, session.begin():
        run = session.get(Run, run_id)
        run.status = status
        run.metrics = {**(run.metrics if metrics is None else metrics), ENDED_AT: utcnow().isoformat(timespec="seconds")}
        if model_path is not None:
            run.model_path = model_path


def add_metrics(engine: Engine, run_id: str, key: str, value) -> None:
    """Set `metrics[key]` of a run, keeping its other metrics."""
    with Session(engine) as session, session.begin():
        run = session.get(Run, run_id)
        run.metrics = {**run.metrics, key: value}


def get_run(engine: Engine, run_id: str, kind: str) -> Run:
    with Session(engine) as session:
        run = session.get(Run, run_id)
    if run is None or run.kind != kind:
        raise UserError(f"there is no {kind} run {run_id!r} in the status database")
    return run


def finished_run(engine: Engine, run_id: str) -> Run:
    """A training run that has a model to load, or a `UserError` saying why not."""
    run = get_run(engine, run_id, "train")
    if run.status != FINISHED or not run.model_path:
        raise UserError(f"run {run_id} is {run.status}, not finished; resume it with `medium train --resume {run_id}`")
    return run


def model_file(config: Config, run: Run) -> Path:
    """The saved model of a finished run, or a `UserError` if it has gone. The path comes from
    the database, so one that leads out of the run's own folder (absolute, `..`, a link) is refused."""
    folder = run_dir(config, run.id).resolve()
    path = (config.home / run.model_path).resolve()
    if not path.is_relative_to(folder):
        raise UserError(f"the model path of run {run.id} in the status database, {run.model_path!r}, "
                        f"leads outside its folder {folder}; refused")
    if not path.is_file():
        raise UserError(f"the model of run {run.id} is missing: {path}")
    return path


def load_model(config: Config, run: Run):
    """The run's saved model; our own layers (e.g. `TrainingCrop`) are registered with Keras
    when `classifier.model` is imported, so it is imported first."""
    import keras

    import classifier.model  # noqa: F401 - registers the custom layers the file may name

    return keras.saving.load_model(model_file(config, run))


def load_predictor(config: Config, run: Run):
    """What the run predicts with: its CNN blended with its feature model, or the CNN alone
    for a run trained without one (`--no-feature-model`, or before there was one). A run
    that had a feature model and lost its file is refused, not quietly predicted without it."""
    from classifier.blend import BlendedModel
    from classifier.feature_model import FEATURE_MODEL_FILE, DigestMismatch, FeatureModel

    path = model_file(config, run).parent / FEATURE_MODEL_FILE
    recorded = run.metrics.get("feature_model")
    if not path.is_file():
        if recorded is not None:
            raise UserError(f"the feature model of run {run.id} is missing: {path}")
        return load_model(config, run)
    if not isinstance(recorded, dict) or not isinstance(recorded.get("sha256"), str):
        raise UserError(f"run {run.id} recorded no digest of its feature model {path}, so it is not unpickled; "
                        "delete the file to predict with the CNN alone, or train the run again")
    try:
        feature_model = FeatureModel.load(path, recorded["sha256"])
    except DigestMismatch as error:
        raise UserError(f"the feature model of run {run.id} was changed after training, so it is not unpickled: "
                        f"{error}") from None
    except Exception:  # unpickling damaged bytes raises whatever the opcode it trips on raises
        feature_model = None
    if not isinstance(feature_model, FeatureModel):
        raise UserError(f"the feature model of run {run.id} cannot be read: {path}")
    return BlendedModel(load_model(config, run), feature_model)


def write_json(path: Path, values: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values, indent=2, sort_keys=True) + "\n")
    return path
