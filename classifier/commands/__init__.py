"""One module per `medium` verb.

Each module has `NAME`, `HELP`, `EXAMPLE`, `add_arguments(parser)` and `run(args, config) -> int`.
Heavy libraries (TensorFlow, shap) are imported inside `run`, so `medium status` stays fast.
"""

VERBS = (
    "import_bam",
    "status",
    "sample_world",
    "samples",
    "train",
    "tune",
    "evaluate",
    "predict",
    "neighbourhoods",
    "explain",
    "report",
    "demo",
    "release_claims",
)
