"""`medium predict`: a finished run's model on the stored images of a source (written to
`predictions`, one row per image and run) or on single files (printed).

A source is predicted a chunk of rows at a time, whatever its size: the rows come from the
database by keyset pages, their images stream through `tf.data`, and each chunk's
predictions are written in one transaction before the next chunk is read. Memory stays
flat, and a killed run loses at most its current chunk: run again, and the rows that
already have a prediction of this run are skipped (`again=True` predicts them anew).

`store_probabilities` and `file_probabilities` are the two ways a model meets pictures;
`medium evaluate` uses them too. The model is the run's predictor (`runs.load_predictor`):
its CNN blended with its feature model, whose parts' own probabilities come along.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import numpy as np
from sqlalchemy import select
from tqdm import tqdm

from classifier.blend import BlendedModel
from classifier.dataset import HEADS, count_stored_images, stored_image_chunks
from classifier.pipeline import AUTOTUNE, load_files, store_images, warn_skipped, with_features
from classifier.runs import finished_run, load_predictor
from storage.config import DEFAULT_LONGEST_SIDE, Config
from storage.db import open_database
from storage.errors import UserError
from storage.models import Image, Prediction
from storage.store import recorded_store
from storage.upsert import upsert

BATCH_SIZE = 64
CHUNK_ROWS = 4096  # rows read, predicted and written together
WRITE_BATCH_ROWS = 1000


def store_probabilities(model, paths: list[str], batch_size: int = BATCH_SIZE,
                        progress: tqdm | None = None) -> tuple[np.ndarray, dict]:
    """`(indices of the paths that decoded, {head: float32 probabilities})`, and whatever else
    the model answers per picture (a blend's parts), in one streaming pass (images are never
    held beyond a few batches); `progress` counts the files done."""
    return numbered_probabilities(model, store_images(paths, model.input_shape[1], deterministic=False),
                                  len(paths), batch_size, progress)


def numbered_probabilities(model, pictures, total: int, batch_size: int = BATCH_SIZE,
                           progress: tqdm | None = None) -> tuple[np.ndarray, dict]:
    """The same for `(number, uint8 image)` pictures (of files, or of shards), numbered 0..total-1."""
    batches = pictures.batch(batch_size)
    if isinstance(model, BlendedModel):  # its features are computed beside the decode, not after the CNN
        batches = with_features(batches)
    indices, outputs = [], defaultdict(list)
    for batch_indices, images, *features in batches.prefetch(AUTOTUNE):
        indices.append(batch_indices.numpy())
        for key, values in model.predict_on_batch(images, *features).items():
            outputs[key].append(np.asarray(values, dtype=np.float32))
        if progress is not None:
            progress.update(len(indices[-1]))
    warn_skipped(total - sum(map(len, indices)), total)
    if progress is not None:
        progress.update(total - sum(map(len, indices)))  # the unreadable ones are done too
    return _joined(indices, outputs)


def progress_bar(total: int, description: str) -> tqdm:
    """Images done, images/s and the time left, on stderr when it is a terminal."""
    return tqdm(total=total, desc=description, unit="img", mininterval=1, smoothing=0.1,
                disable=None)  # on a terminal only: logs and pipes stay clean


def file_probabilities(model, paths: list[str], longest_side: int = DEFAULT_LONGEST_SIDE,
                       chunk_rows: int = CHUNK_ROWS) -> tuple[np.ndarray, dict, dict[str, str]]:
    """Like `store_probabilities` for files from anywhere, read as the crawler would store
    them, `chunk_rows` files at a time; also returns `{path: why it could not be read}`."""
    indices, outputs, problems = [], defaultdict(list), {}
    for start in range(0, len(paths), chunk_rows):
        images, kept, chunk_problems = load_files(paths[start:start + chunk_rows], model.input_shape[1], longest_side)
        problems.update(chunk_problems)
        if len(kept):
            indices.append(kept + start)
            for key, values in model.predict(images, batch_size=BATCH_SIZE, verbose=0).items():
                outputs[key].append(np.asarray(values, dtype=np.float32))
    kept, probabilities = _joined(indices, outputs)
    return kept, probabilities, problems


def predict_source(config: Config, run_id: str, source: str, *, batch_size: int = BATCH_SIZE,
                   chunk_rows: int = CHUNK_ROWS, again: bool = False) -> dict[str, int]:
    """Predict the stored images of `source` that run `run_id` has not predicted yet (all of
    them with `again`), writing each chunk's `predictions` rows before reading the next.
    Returns `{"predicted": n, "skipped": unreadable files, "already": rows left as they were}`."""
    engine = open_database(config.db_url, create=False)
    run = finished_run(engine, run_id)
    stored = count_stored_images(engine, source)
    if not stored:
        raise UserError(f"no stored (done) images of source {source!r}")
    unpredicted_by = None if again else run_id
    todo = count_stored_images(engine, source, unpredicted_by=unpredicted_by)
    counts = {"predicted": 0, "skipped": 0, "already": stored - todo}
    if not todo:
        return counts
    model = load_predictor(config, run)
    with progress_bar(todo, f"predict {source}") as progress:
        store = recorded_store(engine, config).images
        for chunk in stored_image_chunks(engine, store, source, chunk_rows, unpredicted_by=unpredicted_by):
            kept, probabilities = store_probabilities(model, chunk["path"].tolist(), batch_size, progress)
            _write(engine, run_id, chunk["id"].to_numpy()[kept], probabilities)
            counts["predicted"] += len(kept)
            counts["skipped"] += len(chunk) - len(kept)
    return counts


def _write(engine, run_id: str, image_ids: np.ndarray, probabilities: dict[str, np.ndarray]) -> None:
    """One chunk's predictions, in one transaction."""
    rows = [{"image_id": int(image_id), "run_id": run_id, **prediction}
            for image_id, prediction in zip(image_ids, describe(probabilities))]
    with engine.begin() as connection:
        for start in range(0, len(rows), WRITE_BATCH_ROWS):
            upsert(connection, Prediction.__table__, rows[start:start + WRITE_BATCH_ROWS],
                   conflict=("image_id", "run_id"), update=_PREDICTION_COLUMNS)


def predict_files(config: Config, run_id: str, paths: list[str]) -> tuple[list[dict], dict[str, str]]:
    """`([{path, medium, medium_probability, emotion, emotion_probability, probabilities}], problems)`."""
    engine = open_database(config.db_url, create=False)
    run = finished_run(engine, run_id)
    kept, probabilities, problems = file_probabilities(load_predictor(config, run),
                                                       [str(path) for path in paths],
                                                       recorded_store(engine, config).longest_side)
    return [{"path": str(paths[index]), **prediction} for index, prediction in zip(kept, describe(probabilities))], problems


def stored_predictions(engine, run_id: str, source: str, page_rows: int = CHUNK_ROWS) -> Iterator[dict]:
    """The predictions of run `run_id` for the images of `source`, by image id, as
    `predict_files` gives them but keyed by `image_id` and `source_id`: keyset pages, so a
    source of millions streams in flat memory."""
    columns = (Image.id, Image.source_id, *(getattr(Prediction, name) for name in _PREDICTION_COLUMNS))
    last_id = 0
    while True:
        query = (select(*columns).join(Prediction, Prediction.image_id == Image.id)
                 .where(Prediction.run_id == run_id, Image.source == source, Image.id > last_id)
                 .order_by(Image.id).limit(page_rows))
        with engine.connect() as connection:
            rows = connection.execute(query).all()
        for image_id, source_id, *values in rows:
            yield {"image_id": image_id, "source_id": source_id, **dict(zip(_PREDICTION_COLUMNS, values))}
        if len(rows) < page_rows:
            return
        last_id = rows[-1][0]


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
    return np.concatenate(indices), {key: np.concatenate(values) for key, values in outputs.items()}


def _no_probabilities() -> dict[str, np.ndarray]:
    return {head: np.zeros((0, len(keys)), np.float32) for head, keys in HEADS.items()}
