"""How well `medium audit` finds the sample world's wrong labels, and what leaving them out is worth.

The sample world publishes wrong labels on purpose (about 10% of score argmaxes) and knows
every artwork's true medium and mood (its manifest). For two imports of one world, the one
that keeps every label (`--min-margin 0`) and the demo's (`--min-margin 1.5`, ~2% wrong),
the audit's suspects are scored against the truth: precision and recall of the labels it
flags (its own threshold), and at top-N for N = the true number of wrong labels. Target:
precision >= 0.8 at recall >= 0.6. Then (unless --no-train) the same recipe and seed are
trained on the `--min-margin 0` store with and without the flagged medium labels, and both
are scored on the test split against the TRUE media. Synthetic data: not a BAM result.
Prints JSON.

    python benchmarks/audit.py --images 5000 --epochs 30
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import select
from stock import MIN_MARGIN as DEMO_MIN_MARGIN
from stock import stock_store

from analysis.audit.build import audit, checked_inputs
from classifier.dataset import labelled_images
from classifier.runs import FINISHED, begin_run, end_run
from classifier.suspects import read_suspects
from sampleworld.world import build_world
from storage.config import Config, resolve
from storage.db import open_database
from storage.models import Image, Split
from storage.store import recorded_store

TARGET_PRECISION, TARGET_RECALL = 0.8, 0.6
IMPORTS = {"min_margin_0": 0.0, "demo_min_margin_1.5": DEMO_MIN_MARGIN}
TRUTH_COLUMNS = {"medium": "medium", "emotion": "mood"}  # our head -> the manifest's column
NOTICE = "synthetic sample world: these are not BAM results"


def truth(config: Config, manifest: pd.DataFrame) -> pd.DataFrame:
    """Per stored labelled image: its id, published medium and mood, and the world's true ones."""
    engine = open_database(config.db_url)
    with engine.connect() as connection:
        rows = pd.DataFrame(connection.execute(select(Image.id, Image.source_id, Image.medium, Image.emotion)
                                               .where(Image.medium.is_not(None), Image.path.is_not(None))).all(),
                            columns=["id", "source_id", "medium", "emotion"])
    known = manifest.assign(source_id=manifest["mid"].astype(str)).set_index("source_id")
    for head, column in TRUTH_COLUMNS.items():
        rows[f"true_{head}"] = known.loc[rows["source_id"], column].to_numpy()
    return rows


def detection(suspects: pd.DataFrame, facts: pd.DataFrame, head: str) -> dict:
    """Precision and recall of a head's flagged labels and of its top-N, N = the wrong labels."""
    labelled = facts[facts[head].notna()]
    wrong = set(labelled.loc[labelled[head] != labelled[f"true_{head}"], "id"])
    ranked = suspects[suspects["head"] == head].sort_values("rank")
    flagged = set(ranked.loc[ranked["flagged"] == 1, "image_id"])
    top = set(ranked["image_id"].head(len(wrong)))

    def scores(chosen: set) -> dict:
        hits = len(chosen & wrong)
        precision = hits / len(chosen) if chosen else None
        recall = hits / len(wrong) if wrong else None
        return {"chosen": len(chosen), "right": hits, "precision": _round(precision), "recall": _round(recall),
                "meets_target": bool(precision is not None and recall is not None
                                     and precision >= TARGET_PRECISION and recall >= TARGET_RECALL)}

    return {"labelled": len(labelled), "wrong": len(wrong), "wrong_share": _round(len(wrong) / max(len(labelled), 1)),
            "at_threshold": scores(flagged), "at_top_n": scores(top)}


def audited_store(home: Path, world_dir: Path, n_images: int, min_margin: float, run_id: str) -> tuple[Config, dict]:
    """A stocked store, a finished run row to hang the audit on, the audit, and its detection scores."""
    config = resolve(home=home)
    stock_store(config, n_images, min_margin=min_margin, world_dir=world_dir)
    engine = open_database(config.db_url)
    begin_run(engine, run_id, "train", {})
    end_run(engine, run_id, FINISHED, {}, model_path=f"runs/{run_id}/model.keras")
    return config, measure_audit(config, world_dir, run_id)


def measure_audit(config: Config, world_dir: Path, run_id: str) -> dict:
    started = time.perf_counter()
    summary = audit(config, checked_inputs(config, run_id))
    seconds = time.perf_counter() - started
    facts = truth(config, _manifest(world_dir))
    suspects = read_suspects(config, run_id)
    return {"stored_labelled": summary["images"], "audit_seconds": round(seconds, 1),
            **{head: detection(suspects, facts, head) for head in TRUTH_COLUMNS}}


def _manifest(world_dir: Path) -> pd.DataFrame:
    return pd.read_csv(world_dir / "manifest.csv", keep_default_na=False, dtype={"path": str})


def true_test_scores(config: Config, run_id: str, facts: pd.DataFrame) -> dict:
    """A finished run's medium accuracy and macro-F1 on the test split against the world's true media."""
    from sklearn.metrics import accuracy_score, f1_score

    from classifier.dataset import MEDIUM_KEYS
    from classifier.predict import store_probabilities
    from classifier.runs import finished_run, load_predictor

    engine = open_database(config.db_url)
    frame = labelled_images(engine, recorded_store(engine, config).images, splits=(Split.TEST.value,))
    kept, probabilities = store_probabilities(load_predictor(config, finished_run(engine, run_id)),
                                              frame["path"].tolist())
    true_by_id = facts.set_index("id")["true_medium"]
    true = np.array([MEDIUM_KEYS.index(true_by_id[image_id]) for image_id in frame["id"].to_numpy()[kept]])
    published = frame["medium"].to_numpy()[kept]
    predicted = probabilities["medium"].argmax(axis=1)
    return {"images": len(kept), "accuracy_true": _round(accuracy_score(true, predicted)),
            "macro_f1_true": _round(f1_score(true, predicted, average="macro")),
            "accuracy_published": _round(accuracy_score(published, predicted))}


def with_and_without(config: Config, world_dir: Path, epochs: int, seed: int, feature_model: bool = True) -> dict:
    """The same recipe and seed trained on every label, then without the flagged medium labels
    of the first run's audit; both scored against the true media of the test split."""
    from classifier.params import TrainParams
    from classifier.quiet import load_tensorflow

    load_tensorflow(False)
    from classifier.train import train

    recipe = TrainParams(image_size=128, width=16, epochs=epochs, patience=max(2, epochs // 3), seed=seed,
                         feature_model=feature_model)
    facts = truth(config, _manifest(world_dir))
    timings = {}
    started = time.perf_counter()
    train(config, recipe, "all-labels", verbose=0)
    timings["all_labels"] = round(time.perf_counter() - started, 1)
    audit_metrics = measure_audit(config, world_dir, "all-labels")
    started = time.perf_counter()
    train(config, recipe.replace(exclude_suspects="all-labels"), "without-suspects", verbose=0)
    timings["without_suspects"] = round(time.perf_counter() - started, 1)
    runs = {name: true_test_scores(config, name, facts) for name in ("all-labels", "without-suspects")}
    excluded = int(read_suspects(config, "all-labels").query("head == 'medium' and flagged == 1").shape[0])
    return {"recipe": {key: value for key, value in recipe.to_dict().items() if value is not None},
            "flagged_medium_labels_left_out": excluded, "train_seconds": timings,
            "audit_of_the_trained_run": audit_metrics["medium"], "test_split": runs,
            "cleaned_not_worse": runs["without-suspects"]["accuracy_true"] >= runs["all-labels"]["accuracy_true"]}


def _round(value):
    return None if value is None else round(float(value), 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=1400, help="regular modules in the world (default 1400)")
    parser.add_argument("--epochs", type=int, default=6, help="most epochs of each training run (default 6)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-train", action="store_true", help="only the detection, no training")
    parser.add_argument("--cnn-only", action="store_true",
                        help="train the CNN without the blended feature model (which shrugs off label noise)")
    parser.add_argument("--work", help="folder for the world and the stores (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="audit-bench-") as temporary:
        work = Path(args.work or temporary)
        world_dir = work / "world"
        build_world(world_dir, args.images, seed=args.seed)
        result = {"notice": NOTICE, "world_images": args.images, "targets": {"precision": TARGET_PRECISION,
                                                                               "recall": TARGET_RECALL}}
        stores = {}
        for name, min_margin in IMPORTS.items():
            stores[name], result[name] = audited_store(work / name, world_dir, args.images, min_margin, "audited")
        if not args.no_train:
            result["training_min_margin_0"] = with_and_without(stores["min_margin_0"], world_dir, args.epochs,
                                                               args.seed, feature_model=not args.cnn_only)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
