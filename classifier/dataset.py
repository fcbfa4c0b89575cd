"""Which pictures a run learns from and how much each counts: rows of the status database
(or of a labelled folder) as a DataFrame of file paths, class codes and splits.

Class codes index `MEDIUM_KEYS` / `EMOTION_KEYS`; an image without a mood has emotion
code `NO_LABEL`. The split is the one stored at import (grouped by project), never redrawn
here, so no project reaches two splits.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.utils.class_weight import compute_sample_weight
from sqlalchemy import Engine, exists, func, select

from storage.errors import UserError
from storage.image_store import ImageStore
from storage.labels import EMOTIONS, MEDIA, emotion_key, medium_key
from storage.models import Image, Prediction, Split, Status

log = logging.getLogger(__name__)

MEDIUM_KEYS = list(MEDIA)
EMOTION_KEYS = list(EMOTIONS)
HEADS = {"medium": MEDIUM_KEYS, "emotion": EMOTION_KEYS}  # the model's two outputs and their classes
NO_LABEL = -1
TRAINING_SPLITS = (Split.TRAIN.value, Split.VAL.value)
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff"}
LABEL_FILE = "labels.csv"
GROUP_COLUMNS = ("group", "style", "look")  # the first a labels.csv has names where its images come from
NO_GROUP = "(no group)"  # an empty cell of that column


def labelled_images(engine: Engine, store: ImageStore, splits: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Stored (`done`) images with a medium label and a split, optionally only some splits.

    Columns: `id`, `path` (the picture's address in `store`: a file path or a URL), `medium`, `emotion` (codes), `split`, `project_id`, `source`.
    """
    query = (select(Image.id, Image.path, Image.medium, Image.emotion, Image.split, Image.project_id, Image.source)
             .where(Image.status == Status.DONE, Image.medium.is_not(None), Image.split.is_not(None),
                    Image.path.is_not(None))
             .order_by(Image.id))
    if splits is not None:
        query = query.where(Image.split.in_(splits))
    with engine.connect() as connection:
        frame = pd.DataFrame(connection.execute(query).all(), columns=list(query.selected_columns.keys()))
    unknown = sorted(set(frame["medium"]) - set(MEDIUM_KEYS))
    if unknown:
        log.warning("ignoring %d images with unknown media: %s", frame["medium"].isin(unknown).sum(), unknown)
        frame = frame[~frame["medium"].isin(unknown)]
    frame["path"] = [store.address(path) for path in frame["path"]]
    frame["medium"] = _codes(frame["medium"], MEDIUM_KEYS)
    frame["emotion"] = _codes(frame["emotion"], EMOTION_KEYS)
    return frame.reset_index(drop=True)


def _stored_of(source: str, unpredicted_by: str | None):
    """The `done` images of one source, labelled or not (what `predict --source` runs on),
    leaving out those run `unpredicted_by` has a prediction for."""
    conditions = [Image.status == Status.DONE, Image.source == source, Image.path.is_not(None)]
    if unpredicted_by is not None:
        conditions.append(~exists().where(Prediction.image_id == Image.id, Prediction.run_id == unpredicted_by))
    return conditions


def count_stored_images(engine: Engine, source: str, *, unpredicted_by: str | None = None) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(Image)
                                  .where(*_stored_of(source, unpredicted_by))).scalar_one()


def stored_image_chunks(engine: Engine, store: ImageStore, source: str, chunk_rows: int, *,
                        unpredicted_by: str | None = None) -> Iterator[pd.DataFrame]:
    """Those images as DataFrames (`id`, `path`: the address in `store`) of at most `chunk_rows` rows, by id:
    keyset pages, so each costs one index range however far the run has come, and rows
    written between pages are seen or not, never twice."""
    last_id = 0
    while True:
        query = (select(Image.id, Image.path).where(*_stored_of(source, unpredicted_by), Image.id > last_id)
                 .order_by(Image.id).limit(chunk_rows))
        with engine.connect() as connection:
            frame = pd.DataFrame(connection.execute(query).all(), columns=["id", "path"])
        if frame.empty:
            return
        frame["path"] = [store.address(path) for path in frame["path"]]
        yield frame
        last_id = int(frame["id"].iloc[-1])


def untrainable_classes(frame: pd.DataFrame, min_per_split: int = 1) -> dict[str, str]:
    """`{medium key: why}` for the classes of `frame` that cannot be trained: fewer than
    `min_per_split` images in train (nothing to learn from) or in val (nothing to judge by)."""
    counts = pd.crosstab(frame["medium"], frame["split"]).reindex(columns=list(TRAINING_SPLITS), fill_value=0)
    reasons = {}
    for code, row in counts.iterrows():
        short = row[row < min_per_split]
        if len(short):
            reasons[MEDIUM_KEYS[code]] = f"{short.iloc[0]} stored images in the {short.index[0]} split"
    return reasons


def training_frames(frame: pd.DataFrame, min_per_split: int = 1) -> dict[str, pd.DataFrame]:
    """The train and val rows of the classes that can be trained (see `untrainable_classes`;
    the others are left out), or a `UserError` if fewer than two classes remain."""
    if frame.empty:
        raise UserError("no stored images with a medium label and a split; import and crawl some first "
                        "(`medium import-bam FILE`, then `scrapy crawl bam_images`)")
    left_out = [MEDIUM_KEYS.index(key) for key in untrainable_classes(frame, min_per_split)]
    frame = frame[frame["split"].isin(TRAINING_SPLITS) & ~frame["medium"].isin(left_out)]
    if frame["medium"].nunique() < 2:
        raise UserError("fewer than two classes have stored images in both the train and the val split; "
                        "fetch more (`medium status` shows the splits of stored images)")
    return {split: frame[frame["split"] == split].reset_index(drop=True) for split in TRAINING_SPLITS}


def sample_weights(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per-head weights that balance the classes (Keras refuses `class_weight` with two
    outputs); an image without a mood keeps its medium weight and gets emotion weight 0."""
    emotion = np.zeros(len(frame), dtype="float32")
    labelled = frame["emotion"].to_numpy() != NO_LABEL
    if labelled.any():
        emotion[labelled] = compute_sample_weight("balanced", frame["emotion"].to_numpy()[labelled])
    return {"medium": compute_sample_weight("balanced", frame["medium"].to_numpy()).astype("float32"),
            "emotion": emotion}


def targets(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Class codes per head; a missing mood becomes class 0, which its zero weight hides."""
    return {"medium": frame["medium"].to_numpy(dtype="int32"),
            "emotion": np.maximum(frame["emotion"].to_numpy(dtype="int32"), 0)}


def class_counts(frame: pd.DataFrame) -> dict[str, dict[str, int]]:
    """`{"medium": {key: n}, "emotion": {key: n}}` for the labelled rows of `frame`."""
    return {head: {keys[code]: int(n) for code, n in sorted(frame[head].value_counts().items()) if code != NO_LABEL}
            for head, keys in HEADS.items()}


def labelled_folder(directory: str | Path) -> pd.DataFrame:
    """An outside labelled set: `labels.csv` (columns `path` and `medium` or `label`, optional
    `emotion` and `group`; paths relative to the folder) if present, else one sub-folder per
    medium. A group (or `style`, or `look`) names where an image comes from, for accuracy by group.

    Columns: `path` (absolute), `medium`, `emotion` (codes, as from the database), and `group`
    where the file has one.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise UserError(f"dataset folder not found: {directory}")
    frame = _from_csv(directory / LABEL_FILE) if (directory / LABEL_FILE).is_file() else _from_folders(directory)
    if frame.empty:
        raise UserError(f"{directory} holds no labelled images (expected {LABEL_FILE} or a folder per medium)")
    try:
        frame["medium"] = [MEDIUM_KEYS.index(medium_key(name)) for name in frame["medium"]]
        frame["emotion"] = [NO_LABEL if pd.isna(name) or name == "" else EMOTION_KEYS.index(emotion_key(name))
                            for name in frame["emotion"]]
    except KeyError as error:
        raise UserError(f"{directory}: {error.args[0]}") from None
    return frame.reset_index(drop=True)


def _from_csv(path: Path) -> pd.DataFrame:
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    label = next((column for column in ("medium", "label") if column in table), None)
    if "path" not in table or label is None:
        raise UserError(f"{path} needs a header with columns path and medium (or label)")
    emotion = next((column for column in ("emotion", "mood") if column in table), None)
    group = next((column for column in GROUP_COLUMNS if column in table), None)
    frame = pd.DataFrame({"path": [str(path.parent / name) for name in table["path"]],
                          "medium": table[label],
                          "emotion": table[emotion] if emotion else ""})
    if group:
        frame["group"] = table[group].replace("", NO_GROUP)
    return frame


def _from_folders(directory: Path) -> pd.DataFrame:
    rows = [(str(file), folder.name) for folder in sorted(directory.iterdir()) if folder.is_dir()
            for file in sorted(folder.iterdir()) if file.suffix.lower() in IMAGE_SUFFIXES]
    return pd.DataFrame({"path": [path for path, _ in rows], "medium": [name for _, name in rows], "emotion": ""})


def _codes(keys: pd.Series, vocabulary: list[str]) -> np.ndarray:
    lookup = {key: code for code, key in enumerate(vocabulary)}
    return np.array([lookup.get(key, NO_LABEL) for key in keys], dtype="int64")
