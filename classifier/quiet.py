"""Start TensorFlow without its start-up noise, unless the user asked for it (`--verbose`).

`TF_CPP_MIN_LOG_LEVEL` silences TensorFlow's own notices (CPU features and later ones),
but the oneDNN notice and absl's "before InitializeLog" warning are written to the stderr
file descriptor while the libraries load, whatever it says. Turning oneDNN off
(`TF_ENABLE_ONEDNN_OPTS=0`) would hide them too, at nearly three times the training
time on our CPUs, so the import runs with file descriptor 2 pointed at devnull instead.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import sys
from collections.abc import Iterator

QUIET_ENVIRONMENT = {"TF_CPP_MIN_LOG_LEVEL": "2"}


def load_tensorflow(verbose: bool = False) -> None:
    """Import TensorFlow (and Keras) now, quietly unless `verbose`."""
    if verbose or "tensorflow" in sys.modules:
        importlib.import_module("tensorflow")
        return
    for name, value in QUIET_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    with _native_stderr_silenced():
        importlib.import_module("tensorflow")
    for chatty in ("absl", "tensorflow"):  # e.g. tf.function retracing notes from shap's gradients
        logging.getLogger(chatty).setLevel(logging.ERROR)


@contextlib.contextmanager
def _native_stderr_silenced() -> Iterator[None]:
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
