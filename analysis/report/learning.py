"""The Training and Evaluation sections, from a finished run's row and folder: its
parameters and learning curves, then every evaluation under `evaluations/*/metrics.json`
(the test split first, then each transfer set), each head beside its majority baseline, and a
transfer set's medium accuracy by group where its labels name groups."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from classifier import plots
from analysis.report.folder import ReportFolder
from analysis.report.summary import TEST, evaluation_files, set_title
from classifier.runs import HISTORY_FILE, run_dir
from storage.config import Config
from storage.models import Run

HEADS = ("medium", "emotion")


def training_section(config: Config, run: Run, folder: ReportFolder) -> dict:
    metrics = run.metrics or {}
    history_path = run_dir(config, run.id) / HISTORY_FILE
    curves = None
    if history_path.is_file():
        history = pd.read_csv(history_path)
        if len(history):
            target, curves = folder.new_file("learning-curves", ".png")
            plots.history_plot(history, target, best_epoch=metrics.get("best_epoch"))
    counts = metrics.get("class_counts") or {}
    splits = list(counts)
    media = sorted({key for split in splits for key in counts[split].get("medium", {})})
    return {
        "run": run.id, "created": run.created_at, "params": sorted((run.params or {}).items()),
        "best_epoch": metrics.get("best_epoch"), "epochs": metrics.get("epochs"), "seconds": metrics.get("seconds"),
        "val_medium_accuracy": metrics.get("val_medium_accuracy"),
        "val_emotion_accuracy": metrics.get("val_emotion_accuracy"),
        "skipped_files": metrics.get("skipped_files"), "curves": curves, "splits": splits,
        "class_counts": [(plots.display_name(key), [counts[split]["medium"].get(key, 0) for split in splits])
                         for key in media],
    }


def evaluation_sections(config: Config, run_id: str, folder: ReportFolder, notes: list[str]) -> list[dict]:
    sections = []
    for path in evaluation_files(config, run_id):
        try:
            report = json.loads(path.read_text())
            sections.append(_evaluation(path.parent.name, report, folder))
        except (OSError, ValueError, KeyError, TypeError) as error:
            notes.append(f"evaluation {path.parent.name} left out: its metrics.json is unreadable ({error})")
    return sections


def transfer_folders(sections: list[dict]) -> list[Path]:
    """The outside labelled sets the run was evaluated on."""
    return [Path(section["dataset"]) for section in sections if section["name"] != TEST]


def _evaluation(name: str, report: dict, folder: ReportFolder) -> dict:
    heads = []
    for head in HEADS:
        result = report.get(head)
        if not result:
            continue
        confusion = result["confusion"]
        target, picture = folder.new_file(f"confusion-{name}-{head}", ".png")
        model = "CNN and feature model blended" if result.get("parts") else "CNN"
        plots.confusion_matrix_plot(confusion["matrix"], confusion["labels"],
                                    f"{head.capitalize()} head, {model}: {set_title(name)} "
                                    f"({result['images']:,} images)", target)
        heads.append({
            "head": head, "images": result["images"], "accuracy": result["accuracy"], "macro_f1": result["macro_f1"],
            "top_k": sorted((key.removesuffix("_accuracy"), value) for key, value in result.items()
                            if key.startswith("top") and key.endswith("_accuracy")),
            "parts": [{"name": f"{plots.PART_NAMES[part]} alone", **scores}
                      for part, scores in result.get("parts", {}).items()],
            "baseline": result.get("baseline"),
            "baseline_name": plots.display_name(result["baseline"]["class"]) if result.get("baseline") else None,
            "per_class": [{"name": plots.display_name(key), **values} for key, values in result["per_class"].items()],
            "confusion": picture,
        })
    return {"name": name, "title": set_title(name), "dataset": report.get("dataset", name),
            "images": report.get("images"), "skipped_files": report.get("skipped_files", 0), "heads": heads,
            "groups": [{**group, "media": ", ".join(plots.display_name(key) for key in group.get("media", []))}
                       for group in report.get("medium_by_group", [])]}


