"""The knobs of one training run: one frozen dataclass that defaults, JSON files, CLI flags
and Optuna all fill, and that a run stores so it can be resumed or repeated.

Light on purpose (no TensorFlow): the CLI reads it to build its flags.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path

from classifier.suspects import checked_flags
from storage.errors import UserError

BLOCKS = ("plain", "residual")
SCHEDULES = ("plateau", "cosine")
POOLINGS = ("average", "gem")
IMAGENET = "imagenet"  # the one weights name Keras downloads itself
MIN_IMAGE_SIZE = 32  # the smallest input the keras.applications backbones accept
# keras.applications models that take raw 0-255 RGB and scale it themselves
BACKBONES = (
    "MobileNetV3Small", "MobileNetV3Large",
    *(f"EfficientNetB{i}" for i in range(8)),
    *(f"EfficientNetV2{size}" for size in ("B0", "B1", "B2", "B3", "S", "M", "L")),
    *(f"ConvNeXt{size}" for size in ("Tiny", "Small", "Base", "Large", "XLarge")),
)


ALLOWED = {  # the rules of `TrainParams.checked`, in words
    "image_size": f"at least {MIN_IMAGE_SIZE}", "width": "at least 1", "depth": "at least 1",
    "dropout": "at least 0 and below 1", "block": f"one of {', '.join(BLOCKS)}",
    "pooling": f"one of {', '.join(POOLINGS)}",
    "crop": f"0 (off) or at least {MIN_IMAGE_SIZE}", "zoom": "at least 0 and below 1",
    "colour_augment": "from 0 to 1", "tone_augment": "from 0 to 1", "label_smoothing": "at least 0 and below 1",
    "learning_rate": "above 0",
    "schedule": f"one of {', '.join(SCHEDULES)}", "ema": "0 (off) or above 0 and below 1",
    "medium_loss_weight": "at least 0", "emotion_loss_weight": "at least 0", "batch_size": "at least 1",
    "epochs": "at least 1", "patience": "at least 1", "feature_model": "true or false",
}


def _param(default, description: str, *, flag: bool = True):
    """A parameter; `flag=False` where a verb adds the flag itself (`classifier.suspects`)."""
    return field(default=default, metadata={"help": description, "flag": flag})


@dataclass(frozen=True)
class TrainParams:
    """What `medium train` trains with. The defaults are the recipe we measure and recommend
    (256 px input, 128 px training windows, 24 filters, a mood loss of 0.2, patience 10: chosen
    on a held-out renderer family, docs/benchmarks.md); the demo trains with them as they are."""

    image_size: int = _param(256, "the model sees N x N RGB; 256 is the stored images' longest side")
    width: int = _param(24, "filters of the first block; each further block doubles them")
    depth: int = _param(3, "number of separable-convolution blocks")
    dropout: float = _param(0.3, "dropout rate before the two heads")
    block: str = _param("plain", "feature blocks: plain, or residual (Xception-style shortcut around each block)")
    pooling: str = _param("average", "global pooling of the features: average, or gem (a generalised mean "
                                     "whose power is learnt, between average and max)")
    crop: int = _param(128, "train on random N x N crops of the input at its own scale (0, or N not smaller than "
                            "the input: the whole input); prediction always sees the whole input, which averages "
                            "over every crop")
    zoom: float = _param(0.15, "scale augmentation: random zoom in and out by up to this fraction")
    colour_augment: float = _param(0.0, "colour jitter strength on the medium path only (0 = none); the mood "
                                        "head then also sees the unjittered colours")
    tone_augment: float = _param(0.0, "tone augmentation on the medium path only: each picture raised to a random "
                                      "gamma between e^-N and e^N, so lines come out firmer or fainter, as a "
                                      "heavier or lighter hand draws them (0 = none)")
    label_smoothing: float = _param(0.0, "share of each head's target spread over the other classes (0 = none): "
                                         "a model that may not be certain leans less on one renderer's tell")
    learning_rate: float = _param(1e-3, "Adam's initial learning rate")
    schedule: str = _param("plateau", "how the learning rate falls: plateau (halved when validation stops "
                                      "improving), or cosine (from the initial rate towards 0 over --epochs)")
    ema: float = _param(0.0, "momentum of an exponential moving average of the weights, which validation, "
                             "checkpoints and the kept model use instead of the last step's weights (0 = off)")
    medium_loss_weight: float = _param(1.0, "weight of the medium head's loss")
    emotion_loss_weight: float = _param(0.2, "weight of the emotion head's loss")
    batch_size: int = _param(32, "images per step, over all devices")
    epochs: int = _param(30, "most epochs to train")
    patience: int = _param(10, "epochs without a better validation medium accuracy before stopping")
    seed: int = _param(0, "seed of weights, shuffling and augmentation")
    backbone: str | None = _param(None, "a keras.applications model under the heads, e.g. MobileNetV3Small")
    backbone_weights: str | None = _param(None, "the backbone's weights, frozen when given: a local weights file, "
                                                f"or {IMAGENET} to let Keras download them")
    feature_model: bool = _param(True, "also fit gradient-boosted trees on 20 interpretable features of each picture "
                                       "(paper, ink, grey, halftone, shading) and blend their probabilities with the "
                                       "CNN's, weighted per head on the validation split")
    exclude_suspects: str | None = _param(None, "leave out the images whose medium label the audit of this run "
                                                "suspects (`medium audit RUN`)", flag=False)
    suspects_top: int | None = _param(None, "with exclude_suspects: only the N most suspect", flag=False)
    suspects_threshold: float | None = _param(None, "with exclude_suspects: those whose label quality is below T",
                                              flag=False)

    @property
    def window(self) -> int:
        """The training window's side, or 0 when training sees the whole input."""
        return self.crop if 0 < self.crop < self.image_size else 0

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    def replace(self, **changes) -> TrainParams:
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_dict(cls, values: dict) -> TrainParams:
        known = {field.name for field in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise UserError(f"unknown training parameter(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        return cls(**values).checked()

    @classmethod
    def from_file(cls, path: str | Path) -> TrainParams:
        """Read a JSON object of parameters, such as `medium tune` writes."""
        path = Path(path)
        try:
            values = json.loads(path.read_text())
        except FileNotFoundError:
            raise UserError(f"parameter file not found: {path}") from None
        except json.JSONDecodeError as error:
            raise UserError(f"{path} is not valid JSON ({error})") from None
        if not isinstance(values, dict):
            raise UserError(f"{path} must hold a JSON object of parameters")
        return cls.from_dict(values)

    def checked(self) -> TrainParams:
        """The parameters, or a `UserError` naming the first one out of range."""
        rules = {
            "image_size": self.image_size >= MIN_IMAGE_SIZE,
            "width": self.width >= 1,
            "depth": self.depth >= 1,
            "dropout": 0 <= self.dropout < 1,
            "block": self.block in BLOCKS,
            "pooling": self.pooling in POOLINGS,
            "crop": self.crop == 0 or self.crop >= MIN_IMAGE_SIZE,
            "zoom": 0 <= self.zoom < 1,
            "colour_augment": 0 <= self.colour_augment <= 1,
            "tone_augment": 0 <= self.tone_augment <= 1,
            "label_smoothing": 0 <= self.label_smoothing < 1,
            "learning_rate": self.learning_rate > 0,
            "schedule": self.schedule in SCHEDULES,
            "ema": 0 <= self.ema < 1,
            "medium_loss_weight": self.medium_loss_weight >= 0,
            "emotion_loss_weight": self.emotion_loss_weight >= 0,
            "batch_size": self.batch_size >= 1,
            "epochs": self.epochs >= 1,
            "patience": self.patience >= 1,
            "feature_model": isinstance(self.feature_model, bool),
        }
        for name, ok in rules.items():
            if not ok:
                raise UserError(f"training parameter {name}={getattr(self, name)!r} is out of range; "
                                f"it must be {ALLOWED[name]}")
        checked_flags(self.exclude_suspects, self.suspects_top, self.suspects_threshold)
        if self.backbone and self.backbone not in BACKBONES:
            raise UserError(f"unknown backbone {self.backbone!r}; choose one of {', '.join(BACKBONES)}")
        if self.backbone_weights and not self.backbone:
            raise UserError("backbone_weights needs a backbone (e.g. --backbone MobileNetV3Small)")
        if self.backbone_weights and self.backbone_weights != IMAGENET and not Path(self.backbone_weights).is_file():
            raise UserError(f"backbone weights file not found: {self.backbone_weights}")
        return self


def add_param_flags(parser: argparse.ArgumentParser) -> None:
    """One flag per parameter (`--image-size`, ...), defaulting to "not given"."""
    group = parser.add_argument_group("training parameters (override --params FILE and the defaults)")
    for param in dataclasses.fields(TrainParams):
        if not param.metadata["flag"]:
            continue
        kind = str if param.default is None else type(param.default)
        if kind is bool:  # --feature-model and --no-feature-model
            options = {"action": argparse.BooleanOptionalAction, "default": None}
            default = "on" if param.default else "off"
        else:
            options = {"type": kind, "default": None, "metavar": {int: "N", float: "X"}.get(kind, "NAME")}
            default = param.default
        group.add_argument(f"--{param.name.replace('_', '-')}", dest=param.name,
                           help=f"{param.metadata['help']} (default {default})", **options)


def given_params(args: argparse.Namespace) -> dict:
    """The parameter flags that were given on the command line."""
    return {param.name: getattr(args, param.name) for param in dataclasses.fields(TrainParams)
            if getattr(args, param.name, None) is not None}


def params_from(args: argparse.Namespace, base: TrainParams | None = None) -> TrainParams:
    """`base` (or the defaults), with the flags that were given laid over it."""
    return TrainParams.from_dict({**(base or TrainParams()).to_dict(), **given_params(args)})
