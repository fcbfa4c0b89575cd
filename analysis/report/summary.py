"""The answers first: the headline figures of a run, read from the files its stages wrote
(`evaluations/*/metrics.json`, `explain/metrics.json`, `neighbourhoods/*/summary.json`) and
the status database's counts. One dict, shown at the top of the report and printed last by
`medium demo` (`summary_lines`), so the two never tell different figures.

Every accuracy carries the name of the model that scored it: the blend (CNN and feature
model), the CNN alone, the feature model alone, or the majority baseline.
"""

from __future__ import annotations

import json
from pathlib import Path

from classifier.runs import run_dir
from storage.config import Config
from storage.labels import display_name
from storage.models import Split, Status

EVALUATIONS = "evaluations"  # classifier.evaluate.EVALUATIONS_DIR, named here so the demo loads no TensorFlow
TEST = Split.TEST.value
HEAD = "medium"  # the headline head; the mood head is in the Evaluation section
BLEND, CNN, FEATURES, BASELINE = "blend", "cnn", "features", "baseline"
MODEL_NAMES = {BLEND: "blend (CNN + feature model)", CNN: "CNN alone", FEATURES: "feature model alone",
               BASELINE: "majority baseline"}
PROBLEMS = (Status.MISSING.value, Status.FAILED.value, Status.INVALID.value)


def evaluation_files(config: Config, run_id: str) -> list[Path]:
    """The run's evaluations: the test split first, then the outside sets by name."""
    return sorted((run_dir(config, run_id) / EVALUATIONS).glob("*/metrics.json"),
                  key=lambda path: (path.parent.name != TEST, path.parent.name))


def set_title(name: str) -> str:
    return "test split" if name == TEST else f"outside set {name.removeprefix('dataset-')}"


def run_summary(config: Config, run_id: str | None, counts: dict) -> dict:
    """`{"run", "models", "sets": [{"name", "title", "images", "scores": {model: accuracy}}],
    "crawl": [{"source", "stored", "total", "problems", "pending"}], "explanation": {...} | None,
    "neighbourhoods": [{"source", "sentence"}]}` for run `run_id` (None: no finished run) and
    `counts` as `storage.status.status_counts` gives them."""
    sets = [set_scores(path) for path in evaluation_files(config, run_id)] if run_id else []
    sets = [entry for entry in sets if entry]
    used = {model for entry in sets for model in entry["scores"]}
    baselines = sorted({entry["baseline_class"] for entry in sets if entry["baseline_class"]})
    return {
        "run": run_id,
        "models": [model for model in (BLEND, CNN, FEATURES, BASELINE) if model in used],
        "model_names": MODEL_NAMES,
        "sets": sets,
        "baseline_note": (f"The majority baseline always answers {', '.join(baselines)}, the most frequent medium of "
                          "the training split." if baselines else None),
        "crawl": [_crawl(source, row) for source, row in sorted(counts.items())],
        "explanation": _explanation(config, run_id) if run_id else None,
        "neighbourhoods": _neighbourhoods(config),
    }


def summary_lines(summary: dict) -> list[str]:
    """The summary as plain text, for a terminal."""
    lines = [f"Run {summary['run']}" if summary["run"] else "No finished training run"]
    if summary["sets"]:
        names = [MODEL_NAMES[model] for model in summary["models"]]
        width = max(len(entry["title"]) + len(f" ({entry['images']:,} images)") for entry in summary["sets"])
        lines.append(f"Medium accuracy{'':<{width - 15}}  " + "  ".join(f"{name:>{len(name)}}" for name in names))
        for entry in summary["sets"]:
            label = f"{entry['title']} ({entry['images']:,} images)"
            cells = [f"{_accuracy(entry['scores'].get(model)):>{len(name)}}"
                     for model, name in zip(summary["models"], names)]
            lines.append(f"{label:<{width}}  " + "  ".join(cells))
        if summary["baseline_note"]:
            lines.append(summary["baseline_note"])
    lines += [row["sentence"] for row in summary["crawl"]]
    explanation = summary["explanation"]
    if explanation:
        lines.append(explanation["sentence"])
    for area in summary["neighbourhoods"]:
        lines.append(f"Neighbourhoods of {area['source']}: {area['sentence']}")
    return lines


def set_scores(path: Path) -> dict | None:
    """`{"name", "title", "images", "scores": {model: accuracy}, "baseline_class"}`: the medium
    accuracy of each model on one evaluated set, or None if its file is unreadable (the
    Evaluation section says why)."""
    try:
        report = json.loads(path.read_text())
        head = report[HEAD]
        parts = head.get("parts") or {}
        scores = {BLEND if parts else CNN: float(head["accuracy"])}
        scores.update({part: float(values["accuracy"]) for part, values in parts.items() if part in MODEL_NAMES})
        baseline = head.get("baseline")
        if baseline:
            scores[BASELINE] = float(baseline["accuracy"])
        return {"name": path.parent.name, "title": set_title(path.parent.name), "images": int(head["images"]),
                "scores": scores, "baseline_class": display_name(baseline["class"]) if baseline else None}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _crawl(source: str, row: dict) -> dict:
    stored, total = row.get(Status.DONE.value, 0), row.get("total", 0)
    problems = sum(row.get(status, 0) for status in PROBLEMS)
    pending = row.get(Status.PENDING.value, 0) + row.get(Status.CLAIMED.value, 0)
    return {"source": source, "stored": stored, "total": total, "problems": problems, "pending": pending,
            "sentence": f"Crawl of {source}: {stored:,} of {total:,} images stored, {problems:,} missing, failed or "
                        f"invalid, {pending:,} pending."}


def _explanation(config: Config, run_id: str) -> dict | None:
    metrics = _json(run_dir(config, run_id) / "explain" / "metrics.json")
    fidelity = (metrics or {}).get("fidelity") or {}
    if not isinstance(fidelity.get("test"), (int, float)):
        return None
    accuracy = metrics.get("accuracy") or {}
    sentence = (f"Surrogate fidelity: a surrogate on interpretable features agrees with the CNN on "
                f"{fidelity['test']:.1%} of the test images")
    if isinstance(accuracy.get("cnn"), (int, float)):
        sentence += f" (the CNN alone names the true medium of {accuracy['cnn']:.1%} of them)"
    if metrics.get("cnn_near_chance") is True:
        sentence += "; but the CNN is near chance, so a surrogate that imitates it says little about what it learnt"
    return {"fidelity": float(fidelity["test"]), "cnn_accuracy": accuracy.get("cnn"), "sentence": sentence + "."}


def _neighbourhoods(config: Config) -> list[dict]:
    areas = []
    for path in sorted((config.home / "neighbourhoods").glob("*/summary.json")):
        summary = _json(path)
        sentence = ((summary or {}).get("chi_square") or {}).get("sentence")
        if isinstance(sentence, str) and sentence:
            areas.append({"source": summary.get("source", path.parent.name), "sentence": sentence})
    return areas


def _json(path: Path) -> dict | None:
    try:
        values = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return values if isinstance(values, dict) else None


def _accuracy(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"
