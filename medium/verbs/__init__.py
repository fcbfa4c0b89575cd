"""One module per `medium` verb.

Each module has `NAME`, `HELP`, `EXAMPLE`, `add_arguments(parser)` and `run(args, config) -> int`.
Heavy libraries (TensorFlow, shap) are imported inside `run`, so `medium status` stays fast.

Other distributions add verbs through the `medium.verbs` entry-point group (name = the verb,
value = a module of the same shape): the sample world registers `demo` and `sample-world`.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from types import ModuleType

BUILT_IN = (
    "import_bam",
    "status",
    "samples",
    "train",
    "tune",
    "evaluate",
    "predict",
    "neighbourhoods",
    "explain",
    "audit",
    "report",
    "runs",
    "release_claims",
    "export",
)
ENTRY_POINT_GROUP = "medium.verbs"
# Verbs that another distribution of this repository provides, and how to get it.
PLUGGED_IN = {"demo": "the sample world", "sample-world": "the sample world"}
INSTALL_HINT = "pip install -e ./sampleworld (from a checkout of medium; `make demo` and `make test` do it)"


def verb_modules() -> list[ModuleType]:
    """The built-in verbs, then those other installed distributions register."""
    modules = [importlib.import_module(f"medium.verbs.{name}") for name in BUILT_IN]
    modules += [entry_point.load() for entry_point in entry_points(group=ENTRY_POINT_GROUP)]
    return modules
