"""The options of a BAM import, light to import: the crawler parses them before it needs pandas."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from storage.bamfile import LABEL_TABLES
from storage.errors import UserError
from storage.labels import medium_key
from storage.models import DEFAULT_SPLIT_FRACTIONS

SOURCE = "bam"


@dataclass(frozen=True)
class ImportOptions:
    labels: str = "scores"
    min_score: float | None = None
    min_margin: float | None = None
    media: tuple[str, ...] = ()  # class keys to keep; empty keeps all
    per_class: int | None = None
    seed: int = 0
    fractions: tuple[float, float, float] = DEFAULT_SPLIT_FRACTIONS
    resplit: bool = False  # deal every project anew with `seed`, instead of keeping stored splits

    def checked(self) -> ImportOptions:
        """The options with class names normalised, or a `UserError` saying what is wrong."""
        if self.labels not in LABEL_TABLES:
            raise UserError(f"unknown label strategy {self.labels!r}; choose one of {', '.join(LABEL_TABLES)}")
        if self.labels != "scores" and (self.min_score is not None or self.min_margin is not None):
            raise UserError("--min-score and --min-margin apply to --labels scores only")
        for flag, value in (("--min-score", self.min_score), ("--min-margin", self.min_margin)):
            if value is not None and not math.isfinite(value):
                raise UserError(f"{flag} must be a finite number, not {value}")
        if self.per_class is not None and self.per_class < 1:
            raise UserError(f"--per-class must be at least 1, got {self.per_class}")
        try:
            media = tuple(medium_key(name) for name in self.media)
        except KeyError as error:
            raise UserError(error.args[0]) from None
        return replace(self, media=media)
