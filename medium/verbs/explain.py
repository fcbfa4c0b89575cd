"""medium explain: why a finished run's CNN says what it says, through SHAP on a
gradient-boosted surrogate of interpretable features and SHAP pixel maps of the CNN."""

from __future__ import annotations

NAME = "explain"
HELP = ("Explain a finished run: fit a gradient-boosted surrogate to the CNN's medium predictions from "
        "interpretable image features (colour, edges, texture, tone), explain it with SHAP, map the CNN's own "
        "pixel attributions, and write HOME/runs/ID/explain/index.html and metrics.json.")
EXAMPLE = "medium explain first --images 1500"
DEFAULT_IMAGES = 2000  # per split: features of 4,000 images take about a minute


def add_arguments(parser) -> None:
    parser.add_argument("run_id", metavar="RUN", help="id of a finished training run")
    parser.add_argument("--images", type=int, default=DEFAULT_IMAGES,
                        help=f"most images taken from each of the train and test splits (default {DEFAULT_IMAGES})")
    parser.add_argument("--seed", type=int, default=0, help="seed of the image sample, surrogate and SHAP (default 0)")


def run(args, config) -> int:
    from analysis.explain.build import checked_inputs, explain
    from classifier.quiet import load_tensorflow

    inputs = checked_inputs(config, args.run_id, args.images, args.seed)  # before TensorFlow takes seconds
    load_tensorflow(args.verbose)
    metrics = explain(config, inputs, args.seed)
    print(f"surrogate fidelity on {metrics['split_images']['test']} test images: {metrics['fidelity']['test']:.3f} "
          f"(train {metrics['fidelity']['train']:.3f}); accuracy on true media: CNN {metrics['accuracy']['cnn']:.3f}, "
          f"surrogate {metrics['accuracy']['surrogate']:.3f}; {metrics['seconds']:.0f} s")
    print(f"explanation: {config.runs_dir / args.run_id / 'explain' / 'index.html'}")
    return 0
