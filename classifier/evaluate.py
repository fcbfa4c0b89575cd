"""`medium evaluate`: how good a finished run is, per head, on the held-out test split or
on an outside labelled set (transfer).

Images stream through the model a few batches at a time; what is kept per image is its
row (path, labels) and its probabilities (11, and 22 more for a blend's parts), a few hundred
bytes: a million test images take a few hundred MB, not the 196 GB of their decoded pixels
at 256 px. Every figure is scikit-learn's, computed on the model's predictions, and stands
beside the majority-class baseline: always answering the most frequent class of the run's
training split; a blended run also says what its CNN and its feature model score alone.
Results go to `runs/<id>/evaluations/<name>/` (`metrics.json`, confusion matrices) and, in
short, to the run's metrics.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support, top_k_accuracy_score
from sklearn.utils.multiclass import unique_labels

from classifier import plots
from classifier.blend import part_key
from classifier.dataset import HEADS, NO_LABEL, labelled_folder, labelled_images
from classifier.predict import (
    BATCH_SIZE, file_probabilities, numbered_probabilities, progress_bar, store_probabilities,
)
from classifier.pipeline import warn_skipped
from classifier.suspects import Suspects
from classifier.runs import add_metrics, finished_run, load_predictor, run_dir, write_json
from storage.config import Config
from storage.db import open_database
from storage.errors import UserError
from storage.models import Split
from storage.store import recorded_store

TOP_KS = (2, 3)  # top-k accuracies reported for the medium head
EVALUATIONS_DIR = "evaluations"
METRICS_FILE = "metrics.json"


def evaluate(config: Config, run_id: str, dataset: str | Path | None = None, *, batch_size: int = BATCH_SIZE,
             suspects: Suspects | None = None, data: str | None = None) -> dict:
    """Evaluate run `run_id` on the test split, or on `dataset` (a folder per medium, or a
    folder with `labels.csv`); return the report also written to `metrics.json`. With
    `suspects`, the test split is also scored without the images an audit suspects; with
    `data` (TFRecord shards of `medium export`), its pictures are read from the shards."""
    engine = open_database(config.db_url, create=False)
    run = finished_run(engine, run_id)
    shards = None
    if data:
        from classifier.shards.reading import open_shards

        shards = open_shards(data)
    model = load_predictor(config, run)
    name, frame, kept, probabilities = _predicted_set(config, engine, model, dataset, batch_size, shards)
    if not len(kept):
        raise UserError(f"none of the {len(frame)} images of the {name} set could be read")
    report = {"run": run_id, "dataset": name if dataset is None else str(dataset),
              "images": len(kept), "skipped_files": len(frame) - len(kept)}
    frame = frame.iloc[kept]
    train_counts = run.metrics["class_counts"]["train"]
    directory = evaluation_dir(config, run_id, dataset)
    for head, keys in HEADS.items():
        labelled = frame[head].to_numpy() != NO_LABEL
        true = frame[head].to_numpy()[labelled]
        if not labelled.any():
            report[head] = None
            continue
        report[head] = head_report(true, probabilities[head][labelled], keys, train_counts[head],
                                   top_ks=TOP_KS if head == "medium" else ())
        parts = {part: probabilities[part_key(head, part)][labelled] for part in plots.PART_NAMES
                 if part_key(head, part) in probabilities}
        if parts:  # a blended run: what each part scores alone
            report[head]["parts"] = {part: part_scores(true, values) for part, values in parts.items()}
        plots.confusion_plot(true, probabilities[head][labelled].argmax(1), keys,
                             f"{head.capitalize()} on {name} ({len(true):,} images), run {run_id}",
                             directory / f"confusion_{head}.png")
    if suspects is not None:
        report["without_suspects"] = without_suspects_report(frame, probabilities, suspects, train_counts)
    if "group" in frame:
        report["medium_by_group"] = accuracy_by_group(frame["group"], frame["medium"].to_numpy(),
                                                      probabilities["medium"])
    write_json(directory / METRICS_FILE, report)
    add_metrics(engine, run_id, "evaluations", {**run.metrics.get("evaluations", {}), name: summary(report)})
    return report


def without_suspects_report(frame: pd.DataFrame, probabilities: dict[str, np.ndarray], suspects: Suspects,
                            train_counts: dict) -> dict:
    """The medium head on the test rows the audit does not suspect, beside how many it left out."""
    kept = ~frame["id"].isin(suspects.ids).to_numpy()
    true = frame["medium"].to_numpy()[kept]
    return {"audit_run": suspects.audit_run, "selection": suspects.selection, "excluded": int((~kept).sum()),
            "medium": head_report(true, probabilities["medium"][kept], HEADS["medium"], train_counts["medium"],
                                  top_ks=TOP_KS) if len(true) else None}


def evaluation_name(dataset: str | Path | None) -> str:
    return Split.TEST.value if dataset is None else f"dataset-{Path(dataset).name}"


def evaluation_dir(config: Config, run_id: str, dataset: str | Path | None) -> Path:
    """Where an evaluation writes `metrics.json` and its confusion plots."""
    return run_dir(config, run_id) / EVALUATIONS_DIR / evaluation_name(dataset)


def _predicted_set(config: Config, engine, model, dataset, batch_size: int, shards=None):
    """`(name, labelled rows, indices of the rows whose file was read, probabilities)`."""
    if dataset is None:
        frame = labelled_images(engine, recorded_store(engine, config).images, splits=(Split.TEST.value,))
        if shards is not None:
            from classifier.shards.reading import ShardSplit, matched

            frame = matched(shards, frame, engine)
        if frame.empty:
            raise UserError("there are no stored images in the test split to evaluate on")
        if shards is not None:
            pictures = ShardSplit(shards.files.get(Split.TEST.value, []), frame["id"].to_numpy(),
                                  model.input_shape[1], "none").images(deterministic=False)
            with progress_bar(len(frame), "evaluate") as progress:
                return (evaluation_name(dataset), frame,
                        *numbered_probabilities(model, pictures, len(frame), batch_size, progress))
        with progress_bar(len(frame), "evaluate") as progress:
            return (evaluation_name(dataset), frame,
                    *store_probabilities(model, frame["path"].tolist(), batch_size, progress))
    frame = labelled_folder(dataset)
    kept, probabilities, problems = file_probabilities(model, frame["path"].tolist(),
                                                       recorded_store(engine, config).longest_side)
    warn_skipped(len(problems), len(frame))
    return evaluation_name(dataset), frame, kept, probabilities


def head_report(true: np.ndarray, probabilities: np.ndarray, keys: list[str], train_counts: dict[str, int],
                top_ks: tuple[int, ...] = ()) -> dict:
    """Accuracy, macro-F1, per-class precision/recall/F1, the confusion matrix, top-k
    accuracies and the majority-class baseline, for class codes `true`."""
    predicted = probabilities.argmax(axis=1)
    labels = unique_labels(true, predicted)  # what scikit-learn averages over by default
    precision, recall, f1, support = precision_recall_fscore_support(true, predicted, labels=labels, zero_division=0)
    report = {
        "images": len(true),
        "accuracy": float(accuracy_score(true, predicted)),
        "macro_f1": float(f1_score(true, predicted, average="macro", zero_division=0)),
        **{f"top{k}_accuracy": float(top_k_accuracy_score(true, probabilities, k=k, labels=np.arange(len(keys))))
           for k in top_ks},
        "per_class": {keys[label]: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
                      for label, p, r, f, s in zip(labels, precision, recall, f1, support)},
        "confusion": {"labels": [keys[label] for label in labels],
                      "matrix": confusion_matrix(true, predicted, labels=labels).tolist()},
    }
    if train_counts:
        majority = keys.index(max(train_counts, key=train_counts.get))
        guess = np.full_like(true, majority)
        report["baseline"] = {"strategy": "majority class of the training split", "class": keys[majority],
                              "accuracy": float(accuracy_score(true, guess)),
                              "macro_f1": float(f1_score(true, guess, average="macro", zero_division=0))}
    return report


def part_scores(true: np.ndarray, probabilities: np.ndarray) -> dict:
    """Accuracy and macro-F1 of one part of a blend alone, as `head_report` counts them."""
    predicted = probabilities.argmax(axis=1)
    return {"accuracy": float(accuracy_score(true, predicted)),
            "macro_f1": float(f1_score(true, predicted, average="macro", zero_division=0))}


def accuracy_by_group(groups: pd.Series, true: np.ndarray, probabilities: np.ndarray) -> list[dict]:
    """Medium accuracy per group of an outside set (a style, a source), weakest first (a list,
    which keeps its order in JSON), with the true media of the group's images, most frequent
    first: where the errors come from, which one figure hides."""
    right = pd.Series(probabilities.argmax(axis=1) == true, index=groups.to_numpy())
    table = right.groupby(level=0).agg(["mean", "size"]).sort_values(["mean", "size"])
    media = pd.Series(true, index=groups.to_numpy()).groupby(level=0)  # a style draws one medium, or a few
    return [{"group": str(group), "media": _most_frequent_first(media.get_group(group), HEADS["medium"]),
             "accuracy": float(row["mean"]), "images": int(row["size"])}
            for group, row in table.iterrows()]


def _most_frequent_first(codes: pd.Series, keys: list[str]) -> list[str]:
    """The class keys of `codes`, most frequent first, ties in class order."""
    counts = codes.value_counts()
    return [keys[code] for code in sorted(counts.index, key=lambda code: (-counts[code], code))]


def summary(report: dict) -> dict:
    """The few numbers worth keeping in the run's row."""
    short = {"images": report["images"]}
    for head in HEADS:
        if report[head]:
            short[f"{head}_accuracy"] = report[head]["accuracy"]
            short[f"{head}_macro_f1"] = report[head]["macro_f1"]
            if "baseline" in report[head]:
                short[f"{head}_baseline_macro_f1"] = report[head]["baseline"]["macro_f1"]
    return short


def format_report(report: dict) -> str:
    """The report as a table a person reads."""
    lines = [f"run {report['run']} on {report['dataset']}: {report['images']:,} images"
             + (f" ({report['skipped_files']:,} unreadable files skipped)" if report["skipped_files"] else "")]
    for head, keys in HEADS.items():
        result = report[head]
        if not result:
            lines.append(f"\n{head}: no labelled images")
            continue
        baseline = result.get("baseline")
        lines.append(f"\n{head}: accuracy {result['accuracy']:.3f}, macro-F1 {result['macro_f1']:.3f}"
                     + "".join(f", top-{k} {result[f'top{k}_accuracy']:.3f}" for k in TOP_KS if f"top{k}_accuracy" in result)
                     + (f"  (baseline {plots.display_name(baseline['class'])}: accuracy {baseline['accuracy']:.3f}, "
                        f"macro-F1 {baseline['macro_f1']:.3f})" if baseline else ""))
        for part, scores in result.get("parts", {}).items():
            lines.append(f"  {plots.PART_NAMES[part]} alone: accuracy {scores['accuracy']:.3f}, "
                         f"macro-F1 {scores['macro_f1']:.3f}")
        table = pd.DataFrame(result["per_class"]).T[["precision", "recall", "f1", "support"]]
        table["support"] = table["support"].astype(int)
        table.index = [plots.display_name(key) for key in table.index]
        lines.append(table.to_string(float_format=lambda value: f"{value:.3f}"))
    cleaned = report.get("without_suspects")
    if cleaned:
        result = cleaned["medium"]
        lines.append(f"\nmedium without the {cleaned['excluded']:,} test images of run {cleaned['audit_run']}'s audit "
                     f"({cleaned['selection']}): "
                     + (f"accuracy {result['accuracy']:.3f}, macro-F1 {result['macro_f1']:.3f} on {result['images']:,} "
                        f"images" if result else "no image left"))
    if report.get("medium_by_group"):
        lines.append("\nmedium accuracy by group, weakest first:")
        table = pd.DataFrame(report["medium_by_group"]).set_index("group")
        table["medium"] = [", ".join(plots.display_name(key) for key in media) for media in table.get(
            "media", [[]] * len(table))]  # evaluations written before media were recorded have none
        table = table[["medium", "accuracy", "images"]]
        table.index.name = None
        lines.append(table.to_string(float_format=lambda value: f"{value:.3f}"))
    return "\n".join(lines)
