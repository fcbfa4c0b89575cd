"""How a training run executes, as opposed to what it learns (`TrainParams`): where decoded
images are kept, whether the input order is reproducible, XLA and mixed precision.

Kept apart from the params on purpose: a run stores its params and resumes only with the
same ones, but may well resume on another machine, with another cache or precision.
Light on purpose (no TensorFlow): the CLI reads it to build its flags.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from dataclasses import dataclass

from classifier.caching import AUTO, CACHE_CHOICES
from storage.errors import UserError

JIT_CHOICES = ("auto", "on", "off")  # auto: Keras' own choice, XLA on GPUs and off on CPUs
MIXED_PRECISION_POLICY = "mixed_float16"


@dataclass(frozen=True)
class Execution:
    cache: str = AUTO  # one of CACHE_CHOICES
    deterministic: bool = False  # decoded images keep their order (slower); same seed, same batches
    jit_compile: str = "auto"  # one of JIT_CHOICES
    mixed_precision: bool = False  # float16 compute, float32 weights: for GPUs with tensor cores
    data: str | None = None  # a folder of TFRecord shards (`medium export`) to read instead of the image store


def add_execution_flags(parser) -> None:
    group = parser.add_argument_group("execution (does not change what the run learns; may differ on --resume)")
    group.add_argument("--cache", choices=CACHE_CHOICES, default=AUTO,
                       help="where decoded images stay between epochs: auto (memory when the set fits half of "
                            "the available memory, else none), memory, disk (HOME/cache, reused), none "
                            "(stream from the image store) (default auto)")
    group.add_argument("--deterministic", action="store_true",
                       help="keep the input order reproducible (the same seed gives the same batches) at some cost "
                            "in speed")
    group.add_argument("--jit-compile", choices=JIT_CHOICES, default="auto",
                       help="XLA compilation of the training step: auto is on for GPUs, off for CPUs (default auto)")
    group.add_argument("--mixed-precision", action="store_true",
                       help="compute in float16 with float32 weights: faster on GPUs with tensor cores, slower on CPUs")
    group.add_argument("--data", metavar="SHARDS",
                       help="read the images from the TFRecord shards `medium export --format tfrecord` wrote to this "
                            "folder instead of the image store (labels, weights and splits still come from the "
                            "database)")


def execution_from(args) -> Execution:
    return Execution(cache=args.cache, deterministic=args.deterministic, jit_compile=args.jit_compile,
                     mixed_precision=args.mixed_precision, data=args.data)


def cluster() -> tuple[int, int] | None:
    """`(workers, this worker's index)` when `TF_CONFIG` names more than one worker (training
    then runs on them all: `classifier.multiworker`), else None."""
    text = os.environ.get("TF_CONFIG")
    if not text:
        return None
    try:
        config = json.loads(text)
        workers = len(config["cluster"]["worker"]) + len(config["cluster"].get("chief", []))
        task = config["task"]
        index = int(task["index"]) + (1 if task["type"] == "worker" and "chief" in config["cluster"] else 0)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise UserError('TF_CONFIG is not the JSON TensorFlow expects: {"cluster": {"worker": ["host:port", ...]}, '
                        '"task": {"type": "worker", "index": N}}') from None
    return (workers, index) if workers > 1 else None


@contextmanager
def precision(mixed: bool):
    """Keras' global dtype policy for the layers built inside, restored afterwards."""
    import keras

    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy(MIXED_PRECISION_POLICY if mixed else previous)
    try:
        yield
    finally:
        keras.config.set_dtype_policy(previous)
