"""`medium predict`: a finished run's model on the stored images of a source (written to
`predictions`, one row per image and run, replaced on a re-run) or on single files (printed).

`store_probabilities` and `file_probabilities` are the two ways a model meets pictures;
`medium evaluate` uses them too.
"""

from __future__ import annotations

import numpy as np

from classifier.dataset import HEADS, stored_images
from classifier.pipeline import AUTOTUNE, load_files, store_images, warn_skipped
from classifier.runs import finished_run, load_model
from storage.config import DEFAULT_LONGEST_SIDE, Config
from storage.db import open_database
from storage.errors import UserError
from storage.models import Prediction
from storage.store import recorded_store
from storage.upsert import upsert

BATCH_SIZE = 64
WRITE_BATCH_ROWS = 1000


def store_probabilities(model, paths: list[str], batch_size: int = BATCH_SIZE) -> tuple[np.ndarray, dict]:
    """`(indices of the paths that decoded, {head: probabilities})`, in one streaming pass."""
    batches = store_images(paths, model.input_shape[1]).batch(batch_size).prefetch(AUTOTUNE)
    indices, outputs = [], {head: [] for head in HEADS}
    for batch_indices, images in batches:
        indices.append(batch_indices.numpy())
        for head, values in model.predict_on_batch(images).items():
            outputs[head].append(np.asarray(values))
    warn_skipped(len(paths) - sum(map(len, indices)), len(paths))
    return _joined(indices, outputs)


def file_probabilities(model, paths: list[str], longest_side: int = DEFAULT_LONGEST_SIDE
                       ) -> tuple[np.ndarray, dict, dict[str, str]]:
    """Like `store_probabilities` for files from anywhere, read as the crawler would store
    them; also returns `{path: why it could not be read}`."""
    images, kept, problems = load_files(paths, model.input_shape[1], longest_side)
    probabilities = model.predict(images, batch_size=BATCH_SIZE, verbose=0) if len(kept) else _no_probabilities()
    return kept, probabilities, problems


def predict_source(config: Config, run_id: str, source: str, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Predict every stored image of `source` and upsert the `predictions` rows."""
    engine = open_database(config.db_url)
    run = finished_run(engine, run_id)
    frame = stored_images(engine, recorded_store(engine, config).directory, source)
    if frame.empty:
        raise UserError(f"no stored (done) images of source {source!r}")
    kept, probabilities = store_probabilities(load_model(config, run), frame["path"].tolist(), batch_size)
    rows = [{"image_id": int(image_id), "run_id": run_id, **prediction}
            for image_id, prediction in zip(frame["id"].to_numpy()[kept], describe(probabilities))]
    with engine.begin() as connection:
        for start in range(0, len(rows), WRITE_BATCH_ROWS):
            upsert(connection, Prediction.__table__, rows[start:start + WRITE_BATCH_ROWS],
                   conflict=("image_id", "run_id"), update=_PREDICTION_COLUMNS)
    return {"predicted": len(rows), "skipped": len(frame) - len(rows)}


def predict_files(config: Config, run_id: str, paths: list[str]) -> tuple[list[dict], dict[str, str]]:
    """`([{path, medium, medium_probability, emotion, emotion_probability, probabilities}], problems)`."""
    engine = open_database(config.db_url)
    run = finished_run(engine, run_id)
    kept, probabilities, problems = file_probabilities(load_model(config, run), [str(path) for path in paths],
                                                       recorded_store(engine, config).longest_side)
    return [{"path": str(paths[index]), **prediction} for index, prediction in zip(kept, describe(probabilities))], problems


def describe(probabilities: dict[str, np.ndarray]) -> list[dict]:
    """Per image: the top class and its probability for each head, and every probability."""
    described = []
    for i in range(len(probabilities["medium"])):
        row, everything = {}, {}
        for head, keys in HEADS.items():
            values = probabilities[head][i]
            top = int(np.argmax(values))
            row[head] = keys[top]
            row[f"{head}_probability"] = float(values[top])
            everything[head] = {key: round(float(p), 6) for key, p in zip(keys, values)}
        described.append({**row, "probabilities": everything})
    return described


_PREDICTION_COLUMNS = ("medium", "medium_probability", "emotion", "emotion_probability", "probabilities")


def _joined(indices: list[np.ndarray], outputs: dict[str, list[np.ndarray]]) -> tuple[np.ndarray, dict]:
    if not indices:
        return np.zeros(0, np.int64), _no_probabilities()
    return np.concatenate(indices), {head: np.concatenate(values) for head, values in outputs.items()}


def _no_probabilities() -> dict[str, np.ndarray]:
    return {head: np.zeros((0, len(keys)), np.float32) for head, keys in HEADS.items()}
